/**
 * How every test suite launches Chromium (web-test-runner.config.mjs, test/embed, wordpress/test):
 * the system binary (find-chromium.mjs), headless, quiet (no background networking, updates, sync
 * or first-run UI), fake camera and microphone with media prompts granted, autoplay allowed.
 * `--no-sandbox` only as root, where Chromium refuses to start with its sandbox.
 */
import { findChromium } from './find-chromium.mjs';

/**
 * Launch options for playwright-core's `chromium.launch` (and @web/test-runner-playwright's `launchOptions`).
 * @param {{ extraArgs?: string[] }} [options] flags a suite adds (e.g. the browser tests' GC access)
 */
export function chromiumLaunchOptions(options = {}) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return {
    executablePath: findChromium(),
    headless: true,
    args: [
      ...(isRoot ? ['--no-sandbox'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      ...(options.extraArgs ?? []),
    ],
  };
}
