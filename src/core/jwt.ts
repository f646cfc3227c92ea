/**
 * Reading (not verifying) an ACS access token: its payload and the kind of identity it carries.
 * Small and dependency-free, so the script-tag entry can check a token's kind without loading the
 * token fetcher (src/core/token-source.ts, a lazy chunk).
 */
import { AcsError } from './errors.js';

/** The JWT payload claims this library reads; anything else passes through untyped. */
export interface JwtPayload {
  exp?: unknown;
  skypeid?: unknown;
  [claim: string]: unknown;
}

export function tokenInvalid(reason: string, status?: number): AcsError {
  return new AcsError('token-invalid', `The token endpoint's response is not a usable token: ${reason}.`, { status });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodeBase64UrlJson(part: string): unknown {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

/**
 * The payload of a JWT, decoded but NOT verified (the service verifies; we only read `exp` and
 * the identity kind). Requires the JWS compact shape: header.payload.signature, base64url, with
 * JSON objects in header and payload.
 *
 * @throws AcsError `token-invalid`.
 */
export function decodeJwtPayload(token: string): JwtPayload {
  if (typeof token !== 'string') throw tokenInvalid('token is not a string');
  const parts = token.split('.');
  if (parts.length !== 3) throw tokenInvalid('not a JWT (expected three parts)');
  const [header = '', payload = '', signature = ''] = parts;
  if (!BASE64URL.test(header) || !BASE64URL.test(payload) || !/^[A-Za-z0-9_-]*$/.test(signature)) {
    throw tokenInvalid('not a JWT (parts are not base64url)');
  }
  let decodedHeader: unknown;
  let decodedPayload: unknown;
  try {
    decodedHeader = decodeBase64UrlJson(header);
    decodedPayload = decodeBase64UrlJson(payload);
  } catch {
    throw tokenInvalid('not a JWT (parts are not JSON)');
  }
  if (!isRecord(decodedHeader) || !isRecord(decodedPayload)) throw tokenInvalid('not a JWT (parts are not objects)');
  return decodedPayload;
}

/**
 * What kind of identity a token carries, from its `skypeid` claim (the user's MRI without `8:`).
 *
 * Basis (read in the shipped SDKs, not guessed): @azure/communication-signaling's `CloudPrefix`
 * lists the MRI prefixes `acs`, `spool`, `gcch-acs`, `dod-acs` (ACS identities) and `orgid`,
 * `gcch`, `dod` (Entra/Teams users), and its token parser reads `skypeid` and `resourceId`;
 * @azure/communication-calling 1.46.1 `parseTokenCredential` reads `skypeid`, `resourceId`,
 * `acsScope` (comma list that must hold `voip` or `voip.join`) and `tid`, and builds the identifier
 * from `8:${skypeid}`: `8:orgid:<oid>` is a `microsoftTeamsUser`, `8:acs:<resource>_<guid>` a
 * `communicationUser`. So an ACS identity token has `skypeid: "acs:<resource>_<guid>"`, and a
 * token from `getTokenForTeamsUser` has `skypeid: "orgid:<Entra object id>"` (plus `tid`).
 * An Entra ID token itself (no `skypeid`) is 'unknown': it is not an ACS token at all.
 */
export function tokenKind(token: string): 'acs' | 'teams' | 'unknown' {
  let payload: JwtPayload;
  try {
    payload = decodeJwtPayload(token);
  } catch {
    return 'unknown';
  }
  const { skypeid } = payload;
  if (typeof skypeid !== 'string') return 'unknown';
  const prefix = skypeid.slice(0, skypeid.indexOf(':')).toLowerCase();
  if (['acs', 'spool', 'gcch-acs', 'dod-acs'].includes(prefix)) return 'acs';
  if (['orgid', 'gcch', 'dod'].includes(prefix)) return 'teams';
  return 'unknown';
}
