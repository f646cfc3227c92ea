/**
 * The fingerprint of everything `npm run build` reads: a SHA-256 over the path and content of each
 * source, config and lock file. Equal fingerprints mean the build would produce the same dist/.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Folders whose files are all inputs, and single input files, relative to the project root. */
export const BUILD_INPUTS = {
  folders: ['src', 'types', 'embed'],
  files: [
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'rollup.config.js',
    'custom-elements-manifest.config.mjs',
    'scripts/build.mjs',
    'scripts/fingerprint.mjs',
  ],
};

/** @param {string} root @param {string} dir @returns {string[]} */
function filesUnder(root, dir) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  /** @type {string[]} */
  const files = [];
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...filesUnder(root, rel));
    else if (entry.isFile()) files.push(rel);
  }
  return files;
}

/** @param {string} root the project root @returns {string} hex digest */
export function sourceFingerprint(root) {
  const files = [...BUILD_INPUTS.folders.flatMap((dir) => filesUnder(root, dir)), ...BUILD_INPUTS.files.filter((f) => existsSync(path.join(root, f)) && statSync(path.join(root, f)).isFile())].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/** @param {string} root @returns {boolean} whether dist/ was built from the current sources */
export function buildIsCurrent(root) {
  try {
    const stamp = JSON.parse(readFileSync(path.join(root, 'dist', '.build-stamp.json'), 'utf8'));
    return stamp.fingerprint === sourceFingerprint(root);
  } catch {
    return false;
  }
}
