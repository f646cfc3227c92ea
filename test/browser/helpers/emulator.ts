import { controlRequest } from '../../helpers/e2e.mjs';

/**
 * Access to the local emulator from browser tests. web-test-runner.config.mjs starts it on a free
 * port and sets `window.ACS_EMULATOR_URL` (trailing slash) before any test module runs.
 */
declare global {
  interface Window {
    ACS_EMULATOR_URL?: string | null;
  }
}

/** The emulator's base URL, e.g. "http://127.0.0.1:41234/". Throws when it was not started. */
export function emulatorUrl(): string {
  const url = window.ACS_EMULATOR_URL;
  if (!url) {
    throw new Error(
      'The ACS emulator is not running for this test run (window.ACS_EMULATOR_URL is not set): ' +
        'see the [acs-emulator] warning printed by web-test-runner.config.mjs.',
    );
  }
  return url;
}

/** Absolute URL of a path on the emulator, e.g. `emulatorPath('api/token')`. */
export function emulatorPath(path: string): string {
  return new URL(path.replace(/^\//, ''), emulatorUrl()).href;
}

/**
 * Creates a simulated Teams meeting: POST /emulator/meetings with `body` as JSON. Resolves with the
 * parsed response; rejects with the status and body text when the emulator answers with an error.
 */
export function createMeeting<T = Record<string, unknown>>(body: Record<string, unknown> = {}): Promise<T> {
  return control<T>('POST', 'emulator/meetings', body);
}

/**
 * One call to the emulator's control API (JSON in, JSON out). Resolves with the parsed body
 * (undefined when empty); rejects with the status and body text when the emulator answers an error.
 */
export function control<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  return controlRequest<T>(emulatorUrl(), method, path, body);
}
