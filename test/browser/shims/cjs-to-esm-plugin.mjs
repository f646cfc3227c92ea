/**
 * Web Test Runner / dev-server plugin that serves CommonJS-only packages as ES modules.
 *
 * Why: the browser build of @azure/communication-chat does
 *   import { EventEmitter } from "events";                               // CJS package
 *   import { CommunicationSignalingClient } from "@azure/communication-signaling"; // CJS only
 * The dev server serves node_modules files as they are, so the browser would load CommonJS. The
 * usual fix, @web/dev-server-rollup's fromRollup(commonjs), only detects named exports written as
 * static `exports.x =` assignments; the signaling bundle ends in `module.exports = unwrapExports(src)`,
 * so `CommunicationSignalingClient` is not found (the production rollup build works because the
 * commonjs plugin there uses syntheticNamedExports, which the dev server does not support).
 *
 * So each listed package is pre-bundled with esbuild into one ESM file (its own CommonJS
 * dependencies included), with explicit named exports. The export names are read by loading the
 * package's own file in Node (not Node's built-ins: `events` must be the npm package), which is
 * what its CommonJS code exports at run time. Bundles are built on first request and kept in memory.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const PREFIX = '/__cjs-esm/';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * @param {{ packages: string[], rootDir: string }} options
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function cjsToEsmPlugin({ packages, rootDir }) {
  const require = createRequire(path.join(rootDir, 'package.json'));
  /** @type {Map<string, Promise<string>>} */
  const bundles = new Map();

  /** @param {string} pkg */
  async function bundle(pkg) {
    // `pkg + '/'` resolves the package directory, never a Node built-in of the same name.
    const file = require.resolve(`${pkg}/`);
    const names = Object.keys(require(file)).filter((n) => n !== 'default' && IDENTIFIER.test(n));
    const contents =
      // require(), not `import m from`: the signaling bundle sets __esModule without a default, so
      // an ESM default import would be undefined; require gives module.exports as-is.
      `const m = require(${JSON.stringify(file)});\nexport default m;\n` +
      (names.length ? `export const { ${names.join(', ')} } = m;\n` : '');
    const result = await build({
      stdin: { contents, resolveDir: rootDir, loader: 'js', sourcefile: `${pkg}.esm.js` },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"development"', global: 'globalThis' },
    });
    const out = result.outputFiles[0];
    if (!out) throw new Error(`cjs-to-esm: esbuild produced nothing for ${pkg}`);
    return out.text;
  }

  return {
    name: 'cjs-to-esm',
    resolveImport({ source }) {
      return packages.includes(source) ? `${PREFIX}${source}.js` : undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      const pkg = context.path.slice(PREFIX.length, -'.js'.length);
      if (!packages.includes(pkg)) return undefined;
      let body = bundles.get(pkg);
      if (!body) {
        body = bundle(pkg);
        bundles.set(pkg, body);
      }
      return { body: await body, type: 'js' };
    },
  };
}
