/**
 * Picks the meeting backend for a token session: the simulated service when the token endpoint
 * says it is the local emulator, the real calling SDK otherwise. Both are dynamic imports, so a
 * production page never downloads the simulated one (nor the SDK before it needs it).
 */
import type { MeetingService, MeetingServiceOptions } from './meeting-service.js';
import { AcsError, toAcsError } from '../core/errors.js';
import { assertTokenKind } from './token-kind.js';

export async function loadMeetingService(options: MeetingServiceOptions): Promise<MeetingService> {
  const token = await options.session.current();
  // Before the SDK: it answers a token of the wrong kind with a bare 403/40231.
  assertTokenKind(token.token, options.identity);
  let module;
  try {
    module = token.emulator
      ? await import('./simulated/meeting-service.js')
      : await import('./acs/meeting-service.js');
  } catch (error) {
    throw new AcsError('sdk-load-failed', 'The meeting service could not be loaded', {
      recoverable: true,
      cause: error,
    });
  }
  try {
    return 'createSimulatedMeetingService' in module
      ? module.createSimulatedMeetingService(options)
      : await module.createAcsMeetingService(options);
  } catch (error) {
    throw toAcsError(error, 'sdk-load-failed');
  }
}
