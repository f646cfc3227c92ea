#!/usr/bin/env node
/**
 * `npm test`: typecheck → lint → Node unit tests → the same under a shifted clock → build → framework
 * type tests → browser tests → iframe embed → WordPress plugin → size budget.
 * Stops at the first failing step. Prints each step's duration and, as the very last line,
 * `N passed, N failed` (Node + browser test counts; CI reads it). A failing step that is not a
 * test runner (typecheck, lint, build, size) counts as one failure, so a red run never ends in
 * "0 failed".
 *
 * Local convenience (CI runs everything): `npm test -- --from=build` starts at a step,
 * `npm test -- --skip=typecheck,lint` leaves steps out. Step names: typecheck, lint, unit, clock,
 * build, types, browser, embed, wordpress, size.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * @typedef {{ passed: number, failed: number }} Counts
 * @typedef {{ name: string, script: string, counts?: (output: string) => Counts | undefined, alongside?: boolean }} Step
 *   `alongside`: runs at the same time as the step before it (its output is printed when it ends).
 */

const stripAnsi = (/** @type {string} */ text) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** node:test's spec reporter ends with "ℹ pass N" / "ℹ fail N" (the last ones win). @type {(output: string) => Counts | undefined} */
function nodeTestCounts(output) {
  const pass = [...output.matchAll(/^ℹ pass (\d+)$/gm)].at(-1)?.[1];
  const fail = [...output.matchAll(/^ℹ fail (\d+)$/gm)].at(-1)?.[1];
  if (pass === undefined || fail === undefined) return undefined;
  return { passed: Number(pass), failed: Number(fail) };
}

/** The shifted-clock re-run: its failures count, its passes are the unit step's again. @type {(output: string) => Counts | undefined} */
function shiftedCounts(output) {
  const counts = nodeTestCounts(output);
  return counts && { passed: 0, failed: counts.failed };
}

/** web-test-runner.config.mjs adds a reporter printing "wtr-summary: N passed, N failed, N skipped". @type {(output: string) => Counts | undefined} */
function browserCounts(output) {
  const match = [...output.matchAll(/^wtr-summary: (\d+) passed, (\d+) failed/gm)].at(-1);
  if (!match) return undefined;
  return { passed: Number(match[1]), failed: Number(match[2]) };
}

/** @type {Step[]} */
const allSteps = [
  { name: 'typecheck', script: 'typecheck' },
  // Lint and typecheck are independent and single-threaded: they share the machine's two cores.
  { name: 'lint', script: 'lint', alongside: true },
  { name: 'unit', script: 'test:unit', counts: nodeTestCounts },
  // The same suite under a shifted clock (faketime): a test that depends on today's date fails now.
  // Its passes are re-runs of the unit tests, so only its failures count in the total.
  { name: 'clock', script: 'test:unit:shifted-clock', counts: (output) => shiftedCounts(output) },
  { name: 'build', script: 'build' },
  // Needs the build: compiles React/Vue/Svelte fixtures against the generated dist/frameworks types.
  { name: 'types', script: 'test:types', counts: nodeTestCounts },
  { name: 'browser', script: 'test:browser', counts: browserCounts },
  // The iframe embed across real origins (needs dist/cdn/embed.html from the build).
  { name: 'embed', script: 'test:embed', counts: nodeTestCounts },
  // The plugin in a real WordPress (Playground); its tooling installs into wordpress/ on first run.
  { name: 'wordpress', script: 'test:wordpress', counts: nodeTestCounts },
  { name: 'size', script: 'size' },
];

const args = process.argv.slice(2);
const from = args.find((a) => a.startsWith('--from='))?.slice('--from='.length);
const skip = new Set(args.find((a) => a.startsWith('--skip='))?.slice('--skip='.length).split(',') ?? []);
const fromIndex = from ? allSteps.findIndex((s) => s.name === from) : 0;
if (fromIndex < 0 || [...skip].some((name) => !allSteps.some((s) => s.name === name))) {
  console.error(`test: unknown step in ${args.join(' ')}; steps: ${allSteps.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const steps = allSteps.slice(fromIndex).filter((s) => !skip.has(s.name));

/**
 * Runs an npm script, keeping a copy of its output for the counts; streams it unless `quiet`
 * (a step running alongside another prints its output when it ends, so the two never interleave).
 * @param {string} script
 * @param {boolean} [quiet]
 * @returns {Promise<{ code: number, output: string }>}
 */
function runScript(script, quiet = false) {
  return new Promise((resolve, reject) => {
    const child = spawn(npm, ['run', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
      if (!quiet) process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.stderr.on('data', (/** @type {Buffer} */ chunk) => {
      if (!quiet) process.stderr.write(chunk);
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (quiet) process.stdout.write(output);
      resolve({ code: code ?? (signal ? 1 : 0), output: stripAnsi(output) });
    });
  });
}

const totals = { passed: 0, failed: 0 };
/** @type {string[]} */
const report = [];
let failedStep = '';
const started = performance.now();

/** The steps in batches: a step marked `alongside` joins the batch of the step before it. @type {Step[][]} */
const batches = [];
for (const step of steps) {
  const last = batches.at(-1);
  if (step.alongside && last) last.push(step);
  else batches.push([step]);
}

/**
 * Runs one step; returns whether it passed (and records its line in the report).
 * @param {Step} step
 * @param {boolean} quiet
 */
async function runStep(step, quiet) {
  console.log(`\n━━━ ${step.name} (npm run ${step.script})${quiet ? ' — output when it ends' : ''} ━━━`);
  const t0 = performance.now();
  const { code, output } = await runScript(step.script, quiet);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  let detail = '';
  /** @type {Counts | undefined} */
  let counts;
  if (step.counts) {
    counts = step.counts(output);
    if (counts) {
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      detail = `, ${counts.passed} passed, ${counts.failed} failed`;
    } else if (code === 0) {
      // A runner that exits 0 but prints no counts is a harness bug, not a pass.
      totals.failed += 1;
      report.push(`✘ ${step.name.padEnd(10)} ${seconds.padStart(6)} s  (no test counts found in its output)`);
      console.error(`\n${step.name}: exited 0 but printed no test counts`);
      return false;
    }
  }
  const ok = code === 0;
  report.push(`${ok ? '✔' : '✘'} ${step.name.padEnd(10)} ${seconds.padStart(6)} s${detail}`);
  console.log(`━━━ ${step.name}: ${ok ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s${detail}`);
  // A test runner that failed without reporting a failed test (crash, load error) counts as one.
  if (!ok && (!counts || counts.failed === 0)) totals.failed += 1;
  return ok;
}

for (const batch of batches) {
  const results = await Promise.all(batch.map((step, i) => runStep(step, i > 0)));
  const failed = batch.filter((_, i) => !results[i]);
  if (failed.length) {
    failedStep = failed.map((step) => step.name).join(', ');
    break;
  }
}

console.log('\n━━━ summary ━━━');
for (const line of report) console.log(line);
const ran = new Set(report.map((line) => line.slice(2).trim().split(/\s+/)[0]));
const notRun = allSteps.filter((s) => !ran.has(s.name)).map((s) => s.name);
if (notRun.length) console.log(`  not run: ${notRun.join(', ')}`);
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s${failedStep ? `, stopped at: ${failedStep}` : ''}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedStep ? 1 : 0);
