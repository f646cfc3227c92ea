/**
 * scripts/fingerprint.mjs: `npm start` rebuilds exactly when an input of the build changed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIsCurrent, sourceFingerprint } from '../../scripts/fingerprint.mjs';

function project() {
  const root = mkdtempSync(path.join(tmpdir(), 'fingerprint-'));
  mkdirSync(path.join(root, 'src', 'core'), { recursive: true });
  writeFileSync(path.join(root, 'src', 'core', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(root, 'package.json'), '{"name":"x"}\n');
  writeFileSync(path.join(root, 'README.md'), 'docs\n');
  return root;
}

describe('build fingerprint', () => {
  it('changes with a source, a config or a new file; not with files the build does not read', () => {
    const root = project();
    try {
      const first = sourceFingerprint(root);
      assert.equal(sourceFingerprint(root), first, 'stable');
      writeFileSync(path.join(root, 'README.md'), 'other docs\n');
      assert.equal(sourceFingerprint(root), first, 'README is not a build input');
      writeFileSync(path.join(root, 'src', 'core', 'a.ts'), 'export const a = 2;\n');
      const edited = sourceFingerprint(root);
      assert.notEqual(edited, first, 'a source edit');
      writeFileSync(path.join(root, 'src', 'core', 'b.ts'), '');
      assert.notEqual(sourceFingerprint(root), edited, 'a new (even empty) file');
      writeFileSync(path.join(root, 'rollup.config.js'), 'export default {};\n');
      assert.notEqual(sourceFingerprint(root), edited, 'a build config');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('buildIsCurrent: only a dist/ stamped with the current fingerprint', () => {
    const root = project();
    try {
      assert.equal(buildIsCurrent(root), false, 'no dist/');
      mkdirSync(path.join(root, 'dist'));
      writeFileSync(path.join(root, 'dist', '.build-stamp.json'), JSON.stringify({ fingerprint: sourceFingerprint(root) }));
      assert.equal(buildIsCurrent(root), true);
      writeFileSync(path.join(root, 'src', 'core', 'a.ts'), 'export const a = 3;\n');
      assert.equal(buildIsCurrent(root), false, 'stale after an edit');
      writeFileSync(path.join(root, 'dist', '.build-stamp.json'), 'not json');
      assert.equal(buildIsCurrent(root), false, 'a broken stamp means rebuild');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
