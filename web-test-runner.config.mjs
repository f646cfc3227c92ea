/**
 * Browser tests: `npm run test:browser`, or one file: `npx web-test-runner test/browser/x.test.ts`.
 *
 * Real headless Chromium (the system one, found by scripts/find-chromium.mjs; playwright-core only
 * drives it and never downloads a browser) with fake camera/microphone and media permissions.
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
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { findChromium } from './scripts/find-chromium.mjs';
import { cjsToEsmPlugin } from './test/browser/shims/cjs-to-esm-plugin.mjs';

const rootDir = path.dirname(fileURLToPath(import.meta.url));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

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
  ],
  testRunnerHtml,
  reporters: [defaultReporter(), summaryReporter()],
  // The calling SDK logs every failed (offline) config fetch; those lines drown real output.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && /^(ECS - |No previously cached ECS )/.test(args[0])),
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
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
          // The leak test forces a GC and reads the exact heap size (performance.memory).
          '--js-flags=--expose-gc',
          '--enable-precise-memory-info',
        ],
      },
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
