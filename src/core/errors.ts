/**
 * Every error the elements report carries one of these stable codes. Hosts switch on `code`;
 * the human message comes from the i18n catalog (`errors.<code>`), so it is localized.
 */
export const ERROR_CODES = [
  // input
  'invalid-meeting-link',
  'consumer-teams-unsupported',
  'government-cloud-unsupported',
  'invalid-meeting-id',
  'missing-meeting',
  'missing-token-source',
  'invalid-callee',
  'caller-id-required',
  'invalid-phone-number',
  // token
  'token-unauthorized',
  'token-not-found',
  'token-invalid',
  'token-unreachable',
  'token-wrong-kind',
  // media and SDK
  'sdk-load-failed',
  'media-permission-denied',
  'media-no-device',
  'screen-share-failed',
  // meeting
  'join-failed',
  'anonymous-join-disabled',
  'consent-failed',
  // Teams asks for consent to recording/transcription before unmuting or turning the camera on.
  'consent-required',
  'operation-failed',
  // The meeting's options or the user's role forbid it (Teams capabilities).
  'not-allowed',
  // pop-out: the browser refused the picture-in-picture window (no user gesture, or closed at once).
  'popout-failed',
  // chat
  'chat-unavailable',
  'chat-forbidden',
  'chat-channel-meeting',
  'chat-teams-identity-unsupported',
  'chat-send-failed',
  'chat-message-too-long',
  // transport
  'network',
  'unknown',
] as const;

export type AcsErrorCode = (typeof ERROR_CODES)[number];

export interface AcsErrorOptions {
  /** True when retrying (or the user doing something) can succeed without changing the page. */
  recoverable?: boolean;
  cause?: unknown;
  /** HTTP status or SDK code behind the error, when there is one. */
  status?: number;
}

/** The one error type the library throws and reports in `acs-error`. */
export class AcsError extends Error {
  override readonly name = 'AcsError';
  readonly code: AcsErrorCode;
  readonly recoverable: boolean;
  readonly status: number | undefined;

  constructor(code: AcsErrorCode, message: string = code, options: AcsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.recoverable = options.recoverable ?? false;
    this.status = options.status;
  }
}

export function isAcsError(value: unknown): value is AcsError {
  return value instanceof AcsError;
}

/** Wraps anything thrown into an AcsError, keeping the original as `cause`. */
export function toAcsError(value: unknown, fallback: AcsErrorCode = 'unknown'): AcsError {
  if (value instanceof AcsError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new AcsError(fallback, message, { cause: value });
}
