/**
 * Finds a Chromium/Chrome binary for the browser tests (playwright-core drives it; nothing here
 * downloads a browser). Order: CHROME_PATH, then the usual Linux install paths. When none is found
 * and we run as root with apt-get available (a CI container), installs Debian's `chromium` package.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
];

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @returns {string | undefined} */
function lookup() {
  const fromEnv = process.env['CHROME_PATH'];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} is not an executable file.`);
    return fromEnv;
  }
  return CANDIDATES.find(isExecutable);
}

function canInstallWithApt() {
  return typeof process.getuid === 'function' && process.getuid() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
}

/**
 * @returns {string} absolute path of a Chromium/Chrome executable
 * @throws {Error} naming what to install when none is found and none can be installed
 */
export function findChromium() {
  const found = lookup();
  if (found) return found;
  if (canInstallWithApt()) {
    console.warn(
      `[find-chromium] No Chromium found (looked at CHROME_PATH and ${CANDIDATES.join(', ')}); ` +
        'running as root with apt-get, so installing Debian\'s "chromium" package.',
    );
    const result = spawnSync(
      'sh',
      ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'],
      { stdio: 'inherit' },
    );
    if (result.status !== 0) {
      throw new Error(`apt-get install chromium failed (exit ${result.status ?? result.signal}); install it by hand or set CHROME_PATH.`);
    }
    const installed = lookup();
    if (installed) return installed;
  }
  throw new Error(
    'No Chromium or Chrome found for the browser tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
      'or set CHROME_PATH to its executable.',
  );
}
