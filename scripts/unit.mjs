#!/usr/bin/env node
/**
 * `npm run test:unit`: Node unit tests with node:test (+ tsx for TypeScript).
 * Usage: node scripts/unit.mjs "<glob>" ... (only `*` and `**` are supported).
 * Node 20's `--test` does not expand globs itself, so they are expanded here; globs that match
 * nothing are fine, and no test files at all is a pass with "ℹ tests 0" printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} glob */
export function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (c === '*') source += '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** @param {string} dir @returns {string[]} files under dir, relative to root, with / separators */
function walk(dir) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  /** @type {string[]} */
  const files = [];
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...walk(rel));
    else files.push(rel);
  }
  return files;
}

/** @param {string} glob @returns {string[]} matching files, relative to the project root */
export function expand(glob) {
  const segments = glob.split('/');
  const firstWild = segments.findIndex((s) => s.includes('*'));
  if (firstWild === -1) return existsSync(path.join(root, glob)) ? [glob] : [];
  const base = segments.slice(0, firstWild).join('/');
  const pattern = globToRegExp(glob);
  return walk(base).filter((f) => pattern.test(f));
}

/** @param {string[]} globs @returns {number} exit code */
function main(globs) {
  const files = [...new Set(globs.flatMap(expand))].sort();
  if (files.length === 0) {
    console.log(`No unit test files match ${globs.join(' ')}`);
    console.log('ℹ tests 0\nℹ pass 0\nℹ fail 0');
    return 0;
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main(process.argv.slice(2)));
