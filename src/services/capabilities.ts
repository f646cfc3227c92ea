/**
 * The one check both meeting backends make before a command the meeting may forbid. Kept out of
 * the seam module, which the script-tag entry loads for its types and initial state.
 */
import { AcsError } from '../core/errors.js';
import type { CapabilityName, MeetingState } from './meeting-service.js';

/** Throws `not-allowed` when the meeting forbids the command (both backends check before sending it). */
export function assertAllowed(state: Pick<MeetingState, 'capabilities'>, name: CapabilityName): void {
  const capability = state.capabilities[name];
  if (capability.allowed) return;
  throw new AcsError('not-allowed', `The meeting does not allow ${name} (${capability.reason ?? 'unknown'})`, { recoverable: true, status: 403 });
}
