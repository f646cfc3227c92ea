/**
 * Turns what the calling SDK throws into AcsErrors. The SDK throws `CommunicationServicesError`
 * ({name, message, code, subCode}); a token that is not a JWT fails in jwt-decode with
 * `InvalidTokenError`; media failures are DOMExceptions from getUserMedia.
 * Messages never include tokens or meeting links: the SDK's own error is kept only as `cause`.
 */
import { AcsError, isAcsError, type AcsErrorCode } from '../../core/errors.js';

interface ServicesErrorShape {
  name?: unknown;
  code?: unknown;
  subCode?: unknown;
}

function shape(error: unknown): ServicesErrorShape {
  return typeof error === 'object' && error !== null ? (error) : {};
}

export function errorCode(error: unknown): { code: number | undefined; subCode: number | undefined } {
  const { code, subCode } = shape(error);
  return {
    code: typeof code === 'number' ? code : undefined,
    subCode: typeof subCode === 'number' ? subCode : undefined,
  };
}

/** Errors of creating a call agent (the first use of the token). */
export function agentError(error: unknown, identity: 'acs' | 'teams'): AcsError {
  if (isAcsError(error)) return error;
  const { name } = shape(error);
  const { code, subCode } = errorCode(error);
  if (name === 'InvalidTokenError') return wrap('token-invalid', error, code);
  if (code === 403 && (subCode === 40231 || identity === 'teams')) return wrap('token-wrong-kind', error, code);
  if (code === 401 || code === 403) return wrap('token-invalid', error, code);
  return wrap('join-failed', error, code, true);
}

/** Errors of turning on a camera or microphone. */
export function mediaError(error: unknown): AcsError {
  if (isAcsError(error)) return error;
  const { name } = shape(error);
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return wrap('media-permission-denied', error, undefined, true);
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') {
    return wrap('media-no-device', error, undefined, true);
  }
  return wrap('operation-failed', error, errorCode(error).code, true);
}

/**
 * The message names the SDK error and its codes but never repeats the SDK's text: that text can
 * quote what it failed on (jwt-decode quotes token parts, a join error can quote the link).
 * The original stays available as `cause` for debugging.
 */
export function wrap(code: AcsErrorCode, cause: unknown, status?: number, recoverable = false): AcsError {
  const { name } = shape(cause);
  const codes = errorCode(cause);
  const parts = [code, typeof name === 'string' ? name : undefined];
  if (codes.code !== undefined) parts.push(`${codes.code}/${codes.subCode ?? 0}`);
  return new AcsError(code, parts.filter(Boolean).join(' '), { cause, status, recoverable });
}
