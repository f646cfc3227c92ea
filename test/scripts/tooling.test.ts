/**
 * The build tooling's own logic: which CDN chunks count as "before Join" / "in-call UI" for the
 * size budgets, and the glob expansion behind `npm run test:unit`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { measure, staticImports } from '../../scripts/size.mjs';
import { expand, globToRegExp } from '../../scripts/unit.mjs';

describe('size budget chunk sets', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'acs-size-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'chunks'));
  const files: Record<string, string> = {
    'acs-teams-elements.js':
      'import{a}from"./chunks/lit-1.js";export{b}from"./chunks/shared-1.js";' +
      'const go=()=>import("./chunks/meeting-ui-1.js");const sdk=()=>import("./chunks/communication-calling-1.js");' +
      'const chat=()=>[import("./chunks/chat-service-1.js"),import("./chunks/chat-view-1.js")];' +
      'const setup=()=>import("./chunks/setup-view-1.js");',
    'chunks/lit-1.js': 'import"./side-1.js";export const a=1;',
    'chunks/side-1.js': 'globalThis.x=1;',
    'chunks/shared-1.js': 'export const b=2;',
    'chunks/meeting-ui-1.js': 'import{a}from"./lit-1.js";import{c}from"./icons-1.js";import"./azure-core-1.js";export{a,c};',
    'chunks/icons-1.js': 'export const c=3;',
    'chunks/azure-core-1.js': 'export const core=4;',
    'chunks/communication-calling-1.js': 'import"./azure-core-1.js";export const CallClient=class{};',
    'chunks/chat-service-1.js':
      'import{a}from"../acs-teams-elements.js";import"./azure-core-1.js";import"./communication-chat-1.js";const rt=()=>import("./chat-realtime-1.js");',
    'chunks/chat-view-1.js': 'import{a}from"../acs-teams-elements.js";export const v=1;',
    'chunks/communication-chat-1.js': 'export const ChatThreadClient=class{};',
    'chunks/chat-realtime-1.js': 'import"./communication-signaling-1.js";import"./communication-chat-1.js";',
    'chunks/communication-signaling-1.js': 'export const s=1;',
    'chunks/setup-view-1.js': 'import{a}from"./lit-1.js";import{c}from"./icons-1.js";export{a,c};const ui=()=>import("./meeting-ui-1.js");',
  };
  for (const [file, code] of Object.entries(files)) writeFileSync(path.join(dir, file), code);

  it('before Join is the entry plus its static import closure, not dynamic imports', () => {
    const m = measure(dir);
    assert.deepEqual([...m.beforeJoin].sort(), ['acs-teams-elements.js', 'chunks/lit-1.js', 'chunks/shared-1.js', 'chunks/side-1.js']);
    const sum = [...m.beforeJoin].reduce((s, f) => s + (m.chunks.get(f)?.gzip ?? 0), 0);
    assert.equal(m.entryGzip, sum);
  });

  it('in-call UI is the meeting-ui chunk closure minus the entry closure and SDK chunks', () => {
    const m = measure(dir);
    assert.deepEqual(m.inCallStarts, ['chunks/meeting-ui-1.js']);
    assert.deepEqual([...m.inCall].sort(), ['chunks/icons-1.js', 'chunks/meeting-ui-1.js']);
  });

  it('chat first paint is the entry plus the chat service and view chunks with their static imports, SDK included, realtime not', () => {
    const m = measure(dir);
    assert.deepEqual(m.chatStarts, ['chunks/chat-service-1.js', 'chunks/chat-view-1.js']);
    assert.deepEqual([...m.chatFirstPaint].sort(), [
      'acs-teams-elements.js',
      'chunks/azure-core-1.js',
      'chunks/chat-service-1.js',
      'chunks/chat-view-1.js',
      'chunks/communication-chat-1.js',
      'chunks/lit-1.js',
      'chunks/shared-1.js',
      'chunks/side-1.js',
    ]);
    assert.equal(m.chatFirstPaintGzip, [...m.chatFirstPaint].reduce((s, f) => s + (m.chunks.get(f)?.gzip ?? 0), 0));
  });

  it('before the preview adds the setup chunk closure (not its dynamic imports) and holds no SDK chunk', () => {
    const m = measure(dir);
    assert.deepEqual([...m.beforePreview].sort(), [
      'acs-teams-elements.js',
      'chunks/icons-1.js',
      'chunks/lit-1.js',
      'chunks/setup-view-1.js',
      'chunks/shared-1.js',
      'chunks/side-1.js',
    ]);
    assert.equal(m.beforePreviewGzip, [...m.beforePreview].reduce((s, f) => s + (m.chunks.get(f)?.gzip ?? 0), 0));
  });

  it('reads re-exports and bare side-effect imports as static, import() as dynamic', () => {
    const found = staticImports(
      'chunks/x.js',
      'import"./a.js";export*from"../b.js";export{c}from"./c.js";import("./d.js");import lit from"lit";',
    );
    assert.deepEqual(found, ['chunks/a.js', 'b.js', 'chunks/c.js']);
  });
});

describe('unit test globs', () => {
  it('matches ** across directories and * within one', () => {
    const re = globToRegExp('test/core/**/*.test.ts');
    assert.ok(re.test('test/core/a.test.ts'));
    assert.ok(re.test('test/core/x/y/a.test.ts'));
    assert.ok(!re.test('test/core/a.test.tsx'));
    assert.ok(!re.test('test/server/a.test.ts'));
  });

  it('expands to existing files and to nothing for a folder that does not exist', () => {
    const files = expand('test/scripts/**/*.test.ts');
    assert.ok(files.includes('test/scripts/tooling.test.ts'));
    assert.deepEqual(expand('test/does-not-exist/**/*.test.ts'), []);
  });
});
