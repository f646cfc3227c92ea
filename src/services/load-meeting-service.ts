/**
 * Picks the meeting backend for a token session: the simulated service when the token endpoint
 * says it is the local emulator, the real calling SDK otherwise (see load-backend.ts).
 */
import { loadBackend } from './load-backend.js';
import type { MeetingService, MeetingServiceOptions } from './meeting-service.js';

export function loadMeetingService(options: MeetingServiceOptions): Promise<MeetingService> {
  return loadBackend<MeetingServiceOptions, MeetingService>(options, {
    name: 'meeting service',
    simulated: async () => (await import('./simulated/meeting-service.js')).createSimulatedMeetingService,
    acs: async () => (await import('./acs/meeting-service.js')).createAcsMeetingService,
  });
}
