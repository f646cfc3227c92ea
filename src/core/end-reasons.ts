/**
 * Why a call or meeting ended, from the calling SDK's `callEndReason {code, subCode}`: the SIP-like
 * code and the subcode that Microsoft documents in "Troubleshooting call end response codes"
 * (Azure Communication Services docs) and ships in the calling SDK as its call end reason catalog.
 * Pure: no SDK, no DOM, no import from `services/` (the seams import these types from here).
 */

/** Why the local user is no longer in the meeting (see README, "End reasons"). */
export type LeftReason =
  | 'local'
  | 'ended-by-organizer'
  | 'removed'
  | 'lobby-denied'
  | 'lobby-timeout'
  | 'anonymous-join-disabled'
  | 'token'
  | 'network'
  | 'unknown';

export interface EndInfo {
  reason: LeftReason;
  code: number;
  subCode: number;
}

/** Why a 1:1 call ended (see docs/teams-identity-and-calls.md, "End reasons"). */
export type CallEndReason =
  | 'local'
  | 'remote'
  | 'declined'
  | 'no-answer'
  | 'missed'
  | 'busy'
  | 'unavailable'
  | 'answered-elsewhere'
  | 'not-permitted'
  | 'token'
  | 'network'
  | 'unknown';

export interface CallEndInfo {
  reason: CallEndReason;
  code: number;
  subCode: number;
}

export interface EndReasonContext {
  /** The call had not reached the lobby or the meeting yet (a 403 then means "not permitted"). */
  joining?: boolean;
}

/** 401/10009 (token expired) and 495/4507 (token refresh failed). */
const TOKEN = new Set(['401/10009', '495/4507']);
const REMOVED = new Set([5000, 5300]);

/** A meeting's end: code 0 with a subcode says who ended it; other codes are failures. */
export function mapEndReason(code: number, subCode: number, context: EndReasonContext = {}): LeftReason {
  if (code === 0) {
    if (subCode === 0) return 'local';
    if (subCode === 4097) return 'ended-by-organizer';
    if (REMOVED.has(subCode)) return 'removed';
    if (subCode === 5854) return 'lobby-denied';
    if (subCode === 5855) return 'lobby-timeout';
    return 'unknown';
  }
  if (TOKEN.has(`${code}/${subCode}`)) return 'token';
  if (code === 490 || code === 410) return 'network';
  // Teams answers 403 at join when anonymous join is off or the tenant is not allowed; it has no
  // documented subcode, so any 403 before the call connects counts.
  if (code === 403 && context.joining) return 'anonymous-join-disabled';
  return 'unknown';
}

const CALL_NETWORK_CODES = new Set([410, 490, 496]);

/**
 * A 1:1 call's end. `direction` matters for calls nobody answered: outgoing → `no-answer`,
 * incoming → `missed`.
 */
export function mapCallEndReason(code: number, subCode: number, direction: 'outgoing' | 'incoming' = 'outgoing'): CallEndReason {
  if (code === 0) {
    if (subCode === 0 || subCode === 540000) return 'local';
    // 0/4501: "locally declined" (an incoming call this endpoint refused).
    if (subCode === 4501) return direction === 'incoming' ? 'declined' : 'local';
    return 'remote';
  }
  if (code === 603 || (code === 487 && subCode === 10024)) return 'declined';
  if (code === 487 && subCode === 10003) return 'answered-elsewhere';
  if (code === 487 && (subCode === 0 || subCode === 540487 || subCode === 560487)) return direction === 'incoming' ? 'missed' : 'local';
  if (code === 487 && subCode === 10004) return direction === 'incoming' ? 'missed' : 'no-answer';
  if (code === 408 && (subCode === 4506 || subCode === 560408)) return direction === 'incoming' ? 'missed' : 'no-answer';
  if (code === 480 && subCode === 560480) return 'no-answer';
  if (code === 480) return 'unavailable';
  if (code === 486) return 'busy';
  if (TOKEN.has(`${code}/${subCode}`)) return 'token';
  if (CALL_NETWORK_CODES.has(code)) return 'network';
  if (code === 403 || (code === 400 && subCode === 580040)) return 'not-permitted';
  return 'unknown';
}
