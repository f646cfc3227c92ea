#!/usr/bin/env node
/**
 * `npm run build`:
 *   1. tsc -p tsconfig.build.json  → dist/*.js + .d.ts (ESM, bare imports kept, for bundler users)
 *   2. rollup (rollup.config.js)   → dist/cdn/acs-teams-elements.js + dist/cdn/chunks/*
 *   3. embed/                      → dist/cdn/embed.html + embed.js (the iframe embed, beside the bundle it imports)
 *   4. cem analyze --litelement    → custom-elements.json, and from it (the plugins in
 *      custom-elements-manifest.config.mjs) dist/frameworks/ (React 19 JSX, Vue, Svelte, Solid
 *      types) and dist/editors/ (VS Code custom data, JetBrains web-types)
 * Stops at the first failing step with a non-zero exit code.
 *
 * Everything is written to a fresh folder (.build-<pid>/) that replaces dist/ only once every step
 * has succeeded, so a server running from this tree (npm start) keeps serving the previous build
 * while a new one is made, and a failed build leaves the last good one in place. The new dist/
 * carries .build-stamp.json, the fingerprint of the sources it was built from (scripts/fingerprint.mjs),
 * which lets `npm start` skip an unchanged build.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { sourceFingerprint } from './fingerprint.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (/** @type {string} */ name) => path.join(root, 'node_modules', '.bin', name);

/**
 * Runs a command from the project root, inheriting stdio; rejects when it fails.
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<void>}
 */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

async function bundle() {
  const { rollup } = await import('rollup');
  /** @type {import('rollup').RollupOptions} */
  const config = (await import(path.join(root, 'rollup.config.js'))).default;
  const outputs = Array.isArray(config.output) ? config.output : [config.output ?? {}];
  const build = await rollup({ ...config, output: undefined });
  try {
    for (const output of outputs) await build.write(output);
  } finally {
    await build.close();
  }
}

/**
 * Runs one named step, printing its duration; on failure prints which step failed and rethrows.
 * @param {string} name
 * @param {() => unknown} step
 */
async function timed(name, step) {
  const t0 = performance.now();
  try {
    await step();
  } catch (error) {
    console.error(`\nbuild: step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.stack && name === 'rollup') console.error(error.stack);
    throw error;
  }
  console.log(`build: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const started = performance.now();
const dist = path.join(root, 'dist');
const out = path.join(root, `.build-${process.pid}`);
// What the build reads, before it starts: an edit made during the build makes the stamp stale.
const fingerprint = sourceFingerprint(root);
process.env.ACS_BUILD_OUT = out;
await timed('clean', () => rmSync(out, { recursive: true, force: true }));
// The manifest reads src/ only, so it runs beside tsc + rollup. Its arguments live in package.json
// "analyze" so `npm run analyze` and the build agree.
const manifest = timed('cem', () => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'analyze']));
const results = await Promise.allSettled([
  manifest,
  (async () => {
    await timed('tsc', () => run(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', out]));
    await timed('rollup', bundle);
    await timed('embed', () => {
      for (const file of ['embed.html', 'embed.js']) copyFileSync(path.join(root, 'embed', file), path.join(out, 'cdn', file));
    });
  })(),
]);
if (results.some((r) => r.status === 'rejected')) {
  rmSync(out, { recursive: true, force: true });
  console.error(existsSync(dist) ? 'build: failed; dist/ still holds the previous build' : 'build: failed');
  process.exit(1);
}
writeFileSync(path.join(out, '.build-stamp.json'), JSON.stringify({ fingerprint }, null, 1));
const old = path.join(root, `.build-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });
console.log(`build: finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
