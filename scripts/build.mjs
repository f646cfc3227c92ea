#!/usr/bin/env node
/**
 * `npm run build`:
 *   1. tsc -p tsconfig.build.json  → dist/*.js + .d.ts (ESM, bare imports kept, for bundler users)
 *   2. rollup (rollup.config.js)   → dist/cdn/acs-teams-elements.js + dist/cdn/chunks/*
 *   3. cem analyze --litelement    → custom-elements.json
 * Stops at the first failing step with a non-zero exit code.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (/** @type {string} */ name) => path.join(root, 'node_modules', '.bin', name);

/**
 * Runs a command from the project root, inheriting stdio; throws when it fails.
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
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

/** @type {Array<[string, () => unknown]>} */
const steps = [
  ['clean', () => rmSync(path.join(root, 'dist'), { recursive: true, force: true })],
  ['tsc', () => run(bin('tsc'), ['-p', 'tsconfig.build.json'])],
  ['rollup', bundle],
  // The cem arguments live in package.json "analyze" so `npm run analyze` and the build agree.
  ['cem', () => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'analyze'])],
];

const started = performance.now();
for (const [name, step] of steps) {
  const t0 = performance.now();
  try {
    await step();
  } catch (error) {
    console.error(`\nbuild: step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.stack && name === 'rollup') console.error(error.stack);
    process.exit(1);
  }
  console.log(`build: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(`build: finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
