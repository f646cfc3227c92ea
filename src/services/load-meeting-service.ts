/**
 * Picks the meeting backend for a token session: the simulated service when the token endpoint
 * says it is the local emulator, the real calling SDK otherwise. Both are dynamic imports, so a
 * production page never downloads the simulated one (nor the SDK before it needs it).
 */
import type { MeetingService, MeetingServiceOptions } from './meeting-service.js';
import { AcsError, toAcsError } from '../core/errors.js';

export async function loadMeetingService(options: MeetingServiceOptions): Promise<MeetingService> {
  const token = await options.session.current();
  let module;
  let kind: typeof import('./token-kind.js');
  try {
    // The JWT reader loads here, not with the script-tag entry.
    kind = await import('./token-kind.js');
  } catch (error) {
    throw new AcsError('sdk-load-failed', 'The meeting service could not be loaded', { recoverable: true, cause: error });
  }
  // Before the SDK: it answers a token of the wrong kind with a bare 403/40231.
  kind.assertTokenKind(token.token, options.identity);
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
