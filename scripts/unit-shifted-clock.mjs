#!/usr/bin/env node
/**
 * `npm run test:unit:shifted-clock`: the Node unit suite again, under a shifted system clock
 * (libfaketime), so a test that depends on today's date fails the day it is written, not the day
 * after. Two settings: three years ahead, and a fixed instant 30 s before a month, day and minute
 * boundary. Each must pass; the last lines are node:test's "ℹ pass N" / "ℹ fail N" summed over both.
 *
 * Needs the `faketime` command (Debian package `faketime`); as root with apt-get (CI), installs it.
 */
import { spawn, spawnSync } from 'node:child_process';

export const SETTINGS = ['+3 years', '2031-02-28 23:59:30'];

const stripAnsi = (/** @type {string} */ text) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
const has = (/** @type {string} */ cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function ensureFaketime() {
  if (has('faketime')) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !has('apt-get')) {
    console.error('unit-shifted-clock: the `faketime` command is missing; install Debian\'s "faketime" package (apt-get install faketime).');
    process.exit(1);
  }
  console.log('unit-shifted-clock: installing Debian\'s "faketime" package');
  const result = spawnSync('sh', ['-c', '(apt-get install -y faketime || (apt-get update && apt-get install -y faketime)) </dev/null'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0 || !has('faketime')) {
    console.error('unit-shifted-clock: apt-get install faketime failed');
    process.exit(1);
  }
}

/** @param {string} setting @returns {Promise<{ code: number, pass: number, fail: number }>} */
function run(setting) {
  return new Promise((resolve, reject) => {
    console.log(`\n── npm run test:unit under faketime '${setting}' ──`);
    const child = spawn('faketime', [setting, 'npm', 'run', '--silent', 'test:unit'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    // Only failures and the summary are worth printing twice more; the full report is in the unit step.
    const keep = (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      const text = stripAnsi(output);
      const pass = Number([...text.matchAll(/^ℹ pass (\d+)$/gm)].at(-1)?.[1] ?? 0);
      const fail = Number([...text.matchAll(/^ℹ fail (\d+)$/gm)].at(-1)?.[1] ?? 0);
      const failures = text.slice(text.indexOf('✖ failing tests:'));
      if (code !== 0) console.log(text.includes('✖ failing tests:') ? failures : text.slice(-4000));
      console.log(`faketime '${setting}': ${pass} passed, ${fail} failed (exit ${code})`);
      resolve({ code: code ?? 1, pass, fail: code !== 0 && fail === 0 ? 1 : fail });
    });
  });
}

ensureFaketime();
let pass = 0;
let fail = 0;
let worst = 0;
// Both settings at once: the suite mostly waits on sockets and timers, and CI has two cores.
for (const result of await Promise.all(SETTINGS.map(run))) {
  pass += result.pass;
  fail += result.fail;
  worst = Math.max(worst, result.code);
}
console.log(`ℹ pass ${pass}\nℹ fail ${fail}`);
process.exit(worst);
