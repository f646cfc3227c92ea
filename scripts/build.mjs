#!/usr/bin/env node
/**
 * `npm run build`:
 *   1. tsc -p tsconfig.build.json  → dist/*.js + .d.ts (ESM, bare imports kept, for bundler users)
 *   2. rollup (rollup.config.js)   → dist/cdn/acs-teams-elements.js + dist/cdn/chunks/*
 *   3. embed/                      → dist/cdn/embed.html + embed.js (the iframe embed, beside the bundle it imports)
 *   4. cem analyze --litelement    → custom-elements.json
 * Stops at the first failing step with a non-zero exit code.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
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
await timed('clean', () => rmSync(path.join(root, 'dist'), { recursive: true, force: true }));
// The manifest reads src/ only, so it runs beside tsc + rollup. Its arguments live in package.json
// "analyze" so `npm run analyze` and the build agree.
const manifest = timed('cem', () => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'analyze']));
const results = await Promise.allSettled([
  manifest,
  (async () => {
    await timed('tsc', () => run(bin('tsc'), ['-p', 'tsconfig.build.json']));
    await timed('rollup', bundle);
    await timed('embed', () => {
      for (const file of ['embed.html', 'embed.js']) copyFileSync(path.join(root, 'embed', file), path.join(root, 'dist', 'cdn', file));
    });
  })(),
]);
if (results.some((r) => r.status === 'rejected')) process.exit(1);
console.log(`build: finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
