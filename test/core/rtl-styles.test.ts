/**
 * Right-to-left layout rests on logical CSS: no style sheet of the elements may use a physical
 * left/right property or value (margin-left, border-right, left:, text-align: right, float: left,
 * a left/right corner radius, or translateX, which does not flip). Mirrored layouts then follow
 * the `dir` the elements set (ar, he) or inherit (an ancestor's dir="rtl"). Use
 * margin-inline-start, inset-inline-end, border-inline-start, text-align: start, and for centring
 * an absolutely positioned box `inset-inline: 0; margin-inline: auto; width: max-content`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../../src');
const PHYSICAL = [
  /(^|[\s;{])(left|right)\s*:/, // left: 4px
  /-(left|right)(-[a-z]+)?\s*:/, // margin-left, border-right-color, border-top-left-radius
  /(text-align|float|clear|justify-self|justify-items)\s*:\s*(left|right)\b/,
  /translateX\(/,
  /background-position(-x)?\s*:[^;]*\b(left|right)\b/,
];

function styleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return styleFiles(path);
    return entry.name.endsWith('.styles.ts') ? [path] : [];
  });
}

/** Physical declarations in one CSS text, as "line: text". */
export function physicalDeclarations(css: string): string[] {
  return css
    .split('\n')
    .map((line, index): [number, string] => [index + 1, line.replace(/\/\*.*?\*\//g, '')])
    .filter(([, line]) => PHYSICAL.some((pattern) => pattern.test(line)))
    .map(([number, line]) => `${number}: ${line.trim()}`);
}

describe('styles are direction-neutral (logical properties only)', () => {
  it('finds the style sheets', () => {
    assert.ok(styleFiles(root).length >= 8);
  });

  for (const file of styleFiles(root)) {
    it(relative(root, file), () => {
      assert.deepEqual(physicalDeclarations(readFileSync(file, 'utf8')), []);
    });
  }

  it('the check itself catches each physical form and passes logical ones', () => {
    const bad = ['left: 0;', '  margin-right: 4px;', 'border-left: 1px solid;', 'text-align: right;', 'transform: translateX(-50%);', 'border-top-left-radius: 4px;'];
    for (const line of bad) assert.equal(physicalDeclarations(line).length, 1, line);
    const good = ['inset-inline-start: 0;', 'margin-inline-end: 4px;', 'text-align: start;', 'transform: scaleX(-1);', 'align-items: flex-start;', 'border-top: 1px solid;'];
    for (const line of good) assert.deepEqual(physicalDeclarations(line), [], line);
  });
});
