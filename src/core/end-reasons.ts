/**
 * Why a call ended, from the calling SDK's `callEndReason {code, subCode}` (see ACS-FACTS, "Call
 * end reasons", and the SDK's own catalog in call-end-reasons.json). Pure: no SDK, no DOM.
 */
import type { LeftReason } from '../services/meeting-service.js';

export interface EndReasonContext {
  /** The call had not reached the lobby or the meeting yet (a 403 then means "not permitted"). */
  joining?: boolean;
}

const REMOVED = new Set([5000, 5300]);
const TOKEN = new Set(['401/10009', '495/4507']);

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
