/**
 * Browser tests: `npm run test:browser`, or one file: `npx web-test-runner test/browser/x.test.ts`.
 *
 * Real headless Chromium (the system one, launched as scripts/chromium-launch.mjs says; playwright-core
 * only drives it and never downloads a browser) with fake camera/microphone and media permissions.
 *
 * THE EMULATOR: the config starts the local emulator (server/app.js `startServer`) on a free port
 * when the dev server starts, and stops it at the end. Browser tests get its URL (with a trailing
 * slash, e.g. "http://127.0.0.1:41234/") from `window.ACS_EMULATOR_URL`, which the test page sets in
 * a classic script before any test module runs (see testRunnerHtml below). Use the helpers in
 * test/browser/helpers/emulator.ts: `emulatorUrl()` and `createMeeting(body)`.
 * The emulator allows the test page's origin (http://localhost:<port> and http://127.0.0.1:<port>)
 * through `allowedOrigins`, so the token endpoint answers cross-origin fetches from the tests.
 * Set ACS_EMULATOR_URL in the environment to use an emulator you started yourself instead.
 * If server/app.js cannot be loaded because one of its modules does not exist yet, the emulator is
 * skipped with a warning, `window.ACS_EMULATOR_URL` is null and `emulatorUrl()` throws.
 *
 * CommonJS: @azure/communication-signaling and `events` are served as ESM bundles (see
 * test/browser/shims/cjs-to-esm-plugin.mjs for why fromRollup(commonjs) is not enough).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumLaunchOptions } from './scripts/chromium-launch.mjs';
import { cjsToEsmPlugin } from './test/browser/shims/cjs-to-esm-plugin.mjs';

const rootDir = path.dirname(fileURLToPath(import.meta.url));

/** @type {string | null} */
let emulatorUrl = process.env.ACS_EMULATOR_URL || null;
/** @type {{ close(): Promise<void> } | undefined} */
let emulator;

/** Starts server/app.js on a free port once the test server knows its own origin. */
function emulatorPlugin() {
  return {
    name: 'acs-emulator',
    /** @param {{ config: { hostname?: string, port?: number, protocol?: string } }} args */
    async serverStart({ config }) {
      if (emulatorUrl) return;
      /** @type {{ startServer: (options: object) => Promise<{ url: string, close(): Promise<void> }> }} */
      let app;
      try {
        app = await import('./server/app.js');
      } catch (error) {
        const missing =
          error && /** @type {{ code?: string }} */ (error).code === 'ERR_MODULE_NOT_FOUND' &&
          String(/** @type {Error} */ (error).message).includes(path.join(rootDir, 'server'));
        if (!missing) throw error;
        console.warn(
          `\n[acs-emulator] NOT STARTED: ${/** @type {Error} */ (error).message.split('\n')[0]}\n` +
            '[acs-emulator] Tests that need window.ACS_EMULATOR_URL will fail until server/ is complete.\n',
        );
        return;
      }
      const protocol = config.protocol ?? 'http:';
      const port = config.port ?? 8000;
      const allowedOrigins = [`${protocol}//${config.hostname ?? 'localhost'}:${port}`, `${protocol}//localhost:${port}`, `${protocol}//127.0.0.1:${port}`];
      // Every test page fetches tokens from 127.0.0.1: lift the per-IP token rate limit (default 60/min).
      emulator = await app.startServer({ port: 0, quiet: true, allowedOrigins: [...new Set(allowedOrigins)], rateLimitPerMinute: 100_000 });
      emulatorUrl = emulator.url;
      console.log(`[acs-emulator] listening at ${emulatorUrl}`);
    },
    async serverStop() {
      await emulator?.close();
      emulator = undefined;
    },
  };
}

/**
 * `executeServerCommand('save-screenshot', { name, selector? })` from a test: saves a PNG of the page
 * (or of the first element matching `selector`) to test-results/screenshots/<name>.png (gitignored),
 * for a person to look at (the RTL review in test/browser/rtl.test.ts). Not a pixel comparison.
 */
function screenshotPlugin() {
  return {
    name: 'save-screenshot',
    /** @param {{ command: string, payload?: { name?: unknown, selector?: unknown }, session: { id: string, browser: any } }} args */
    async executeCommand({ command, payload, session }) {
      if (command !== 'save-screenshot') return undefined;
      const page = session.browser.getPage(session.id);
      const name = String(payload?.name ?? 'screenshot').replace(/[^\w.-]/g, '_');
      const dir = path.join(rootDir, 'test-results', 'screenshots');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${name}.png`);
      if (typeof payload?.selector === 'string') await page.locator(payload.selector).first().screenshot({ path: file });
      else await page.screenshot({ path: file });
      return true;
    },
  };
}

/**
 * Prints "wtr-summary: N passed, N failed, N skipped" after the run; scripts/test.mjs reads it.
 * A test file that failed to load or run (session errors, or failed without a failed test) counts
 * as one failure.
 */
function summaryReporter() {
  return {
    /** @param {{ sessions: Array<{ passed?: boolean, errors: unknown[], testResults?: Suite }> }} args */
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      /** @typedef {{ tests: Array<{ passed: boolean, skipped: boolean }>, suites: Suite[] }} Suite */
      /** @param {Suite} suite */
      const visit = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) skipped++;
          else if (test.passed) passed++;
          else failed++;
        }
        suite.suites.forEach(visit);
      };
      for (const session of sessions) {
        const before = failed;
        if (session.testResults) visit(session.testResults);
        if (failed === before && (session.passed === false || session.errors.length > 0)) failed++;
      }
      console.log(`wtr-summary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    },
  };
}

/**
 * `executeServerCommand('acs-screenshot', { name })`: a PNG of the test page, into docs/screenshots/
 * when ACS_SCREENSHOTS=1 (scripts/screenshots.mjs), else nowhere (returns false). The docs' images
 * are taken by the same tests that assert their layout, so they cannot go stale unnoticed.
 */
function docsScreenshotPlugin() {
  const dir = path.join(rootDir, 'docs', 'screenshots');
  return {
    name: 'acs-screenshot',
    /** @param {{ command: string, payload?: { name?: unknown }, session: { id: string, browser: { getPage(id: string): { screenshot(options: object): Promise<unknown> } } } }} args */
    async executeCommand({ command, payload, session }) {
      if (command !== 'acs-screenshot') return undefined;
      const name = String(payload?.name ?? '');
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`acs-screenshot: bad name ${JSON.stringify(name)}`);
      if (process.env.ACS_SCREENSHOTS !== '1') return false;
      const { mkdir } = await import('node:fs/promises');
      await mkdir(dir, { recursive: true });
      await session.browser.getPage(session.id).screenshot({ path: path.join(dir, `${name}.png`) });
      return true;
    },
  };
}

/** @param {string} testFramework */
const testRunnerHtml = (testFramework) => `<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8"></head>
  <body>
    <script>window.ACS_EMULATOR_URL = ${JSON.stringify(emulatorUrl).replace(/</g, '\\u003c')};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`;

export default {
  rootDir,
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'production'] },
  plugins: [
    cjsToEsmPlugin({ rootDir, packages: ['@azure/communication-signaling', 'events'] }),
    // tsconfig.json (not tsconfig.test.json): the plugin reads the file raw, without `extends`, and
    // needs experimentalDecorators + useDefineForClassFields:false for Lit's decorators.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: path.join(rootDir, 'tsconfig.json') }),
    emulatorPlugin(),
    screenshotPlugin(),
    docsScreenshotPlugin(),
  ],
  testRunnerHtml,
  reporters: [defaultReporter(), summaryReporter()],
  // The calling SDK logs every failed (offline) config fetch; those lines drown real output.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && /^(ECS - |No previously cached ECS )/.test(args[0])),
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: chromiumLaunchOptions({
        // The leak test forces a GC and reads the exact heap size (performance.memory).
        extraArgs: ['--js-flags=--expose-gc', '--enable-precise-memory-info'],
      }),
      createBrowserContext: ({ browser }) =>
        browser.newContext({ permissions: ['camera', 'microphone'], ignoreHTTPSErrors: true }),
    }),
  ],
  // 2 cores and a 7 MB calling SDK: one test file at a time.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 600_000,
  testFramework: {
    // SDK tests raise this per test with this.timeout(60_000).
    config: { timeout: 20_000 },
  },
};
