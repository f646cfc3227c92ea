/**
 * Picks the 1:1 call backend for a token session: the simulated service for the local emulator,
 * the real calling SDK otherwise (see load-backend.ts). Loaded with the call panel, never by the
 * script-tag entry.
 */
import type { CallService, CallServiceOptions } from './call-service.js';
import { loadBackend } from './load-backend.js';

export function loadCallService(options: CallServiceOptions): Promise<CallService> {
  return loadBackend<CallServiceOptions, CallService>(options, {
    name: 'call service',
    simulated: async () => (await import('./simulated/call-service.js')).createSimulatedCallService,
    acs: async () => (await import('./acs/call-service.js')).createAcsCallService,
  });
}
