/**
 * The build tooling's own logic: which CDN chunks count in each size budget (script-tag entry,
 * before Join, in-call UI, chat first paint, before the preview), and the glob expansion behind
 * `npm run test:unit`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { dynamicImports, measure, staticImports } from '../../scripts/size.mjs';
import { expand, globToRegExp } from '../../scripts/unit.mjs';

describe('size budget chunk sets', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'acs-size-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'chunks'));
  // The shape of the real build: a loader entry importing each element's chunk when its tag shows up.
  const files: Record<string, string> = {
    'acs-teams-elements.js':
      'export{b}from"./chunks/shared-1.js";' +
      'const el={m:()=>import("./chunks/teams-meeting-1.js"),c:()=>import("./chunks/meeting-chat-1.js"),t:()=>import("./chunks/teams-call-1.js")};' +
      'const fr=()=>import("./chunks/fr-FR-1.js");',
    'chunks/shared-1.js': 'export const b=2;',
    'chunks/fr-FR-1.js': 'export default {};',
    'chunks/teams-meeting-1.js':
      'import{a}from"./lit-1.js";import{b}from"../acs-teams-elements.js";' +
      'const go=()=>import("./meeting-ui-1.js");const sdk=()=>import("./communication-calling-1.js");const setup=()=>import("./setup-view-1.js");export{a,b};',
    'chunks/meeting-chat-1.js': 'import{a}from"./lit-1.js";const chat=()=>[import("./chat-service-1.js"),import("./chat-view-1.js")];export{a};',
    'chunks/teams-call-1.js': 'import{a}from"./lit-1.js";import{t}from"./call-only-1.js";export{a,t};',
    'chunks/call-only-1.js': 'export const t=5;',
    'chunks/lit-1.js': 'import"./side-1.js";export const a=1;',
    'chunks/side-1.js': 'globalThis.x=1;',
    'chunks/meeting-ui-1.js': 'import{a}from"./lit-1.js";import{c}from"./icons-1.js";import"./azure-core-1.js";export{a,c};',
    'chunks/icons-1.js': 'export const c=3;',
    'chunks/azure-core-1.js': 'export const core=4;',
    'chunks/communication-calling-1.js': 'import"./azure-core-1.js";export const CallClient=class{};',
    'chunks/chat-service-1.js':
      'import{b}from"../acs-teams-elements.js";import"./azure-core-1.js";import"./communication-chat-1.js";const rt=()=>import("./chat-realtime-1.js");',
    'chunks/chat-view-1.js': 'import{a}from"./lit-1.js";export const v=1;',
    'chunks/communication-chat-1.js': 'export const ChatThreadClient=class{};',
    'chunks/chat-realtime-1.js': 'import"./communication-signaling-1.js";import"./communication-chat-1.js";',
    'chunks/communication-signaling-1.js': 'export const s=1;',
    'chunks/setup-view-1.js': 'import{a}from"./lit-1.js";import{c}from"./icons-1.js";export{a,c};const ui=()=>import("./meeting-ui-1.js");',
  };
  for (const [file, code] of Object.entries(files)) writeFileSync(path.join(dir, file), code);
  const gzipOf = (m: ReturnType<typeof measure>, files: Set<string>) => [...files].reduce((s, f) => s + (m.chunks.get(f)?.gzip ?? 0), 0);

  it('the script-tag entry is the entry plus its static closure, no element chunk', () => {
    const m = measure(dir);
    assert.deepEqual([...m.entry].sort(), ['acs-teams-elements.js', 'chunks/shared-1.js']);
    assert.equal(m.entryGzip, gzipOf(m, m.entry));
  });

  it('finds the element chunks among the entry\'s dynamic imports', () => {
    const m = measure(dir);
    assert.deepEqual(m.elements, { meeting: 'chunks/teams-meeting-1.js', chat: 'chunks/meeting-chat-1.js', call: 'chunks/teams-call-1.js' });
  });

  it('before Join is the entry and the meeting element chunk with their static closure, not dynamic imports', () => {
    const m = measure(dir);
    assert.deepEqual([...m.beforeJoin].sort(), [
      'acs-teams-elements.js',
      'chunks/lit-1.js',
      'chunks/shared-1.js',
      'chunks/side-1.js',
      'chunks/teams-meeting-1.js',
    ]);
    assert.equal(m.beforeJoinGzip, gzipOf(m, m.beforeJoin));
    assert.deepEqual([...m.beforeCall].sort(), [
      'acs-teams-elements.js',
      'chunks/call-only-1.js',
      'chunks/lit-1.js',
      'chunks/shared-1.js',
      'chunks/side-1.js',
      'chunks/teams-call-1.js',
    ]);
  });

  it('in-call UI is the meeting-ui chunk closure minus the before-Join set and SDK chunks', () => {
    const m = measure(dir);
    assert.deepEqual(m.inCallStarts, ['chunks/meeting-ui-1.js']);
    assert.deepEqual([...m.inCall].sort(), ['chunks/icons-1.js', 'chunks/meeting-ui-1.js']);
  });

  it('chat first paint is the entry, the chat element and the chat service and view chunks with their static imports, SDK included, realtime not', () => {
    const m = measure(dir);
    assert.deepEqual(m.chatStarts, ['chunks/chat-service-1.js', 'chunks/chat-view-1.js']);
    assert.deepEqual([...m.chatFirstPaint].sort(), [
      'acs-teams-elements.js',
      'chunks/azure-core-1.js',
      'chunks/chat-service-1.js',
      'chunks/chat-view-1.js',
      'chunks/communication-chat-1.js',
      'chunks/lit-1.js',
      'chunks/meeting-chat-1.js',
      'chunks/shared-1.js',
      'chunks/side-1.js',
    ]);
    assert.equal(m.chatFirstPaintGzip, gzipOf(m, m.chatFirstPaint));
  });

  it('before the preview adds the meeting element and the setup chunk closure (not their dynamic imports) and holds no SDK chunk', () => {
    const m = measure(dir);
    assert.deepEqual([...m.beforePreview].sort(), [
      'acs-teams-elements.js',
      'chunks/icons-1.js',
      'chunks/lit-1.js',
      'chunks/setup-view-1.js',
      'chunks/shared-1.js',
      'chunks/side-1.js',
      'chunks/teams-meeting-1.js',
    ]);
    assert.equal(m.beforePreviewGzip, gzipOf(m, m.beforePreview));
  });

  it('reads re-exports and bare side-effect imports as static, import() as dynamic', () => {
    const found = staticImports(
      'chunks/x.js',
      'import"./a.js";export*from"../b.js";export{c}from"./c.js";import("./d.js");import lit from"lit";',
    );
    assert.deepEqual(found, ['chunks/a.js', 'b.js', 'chunks/c.js']);
    assert.deepEqual(dynamicImports('chunks/x.js', 'import"./a.js";const f=async()=>{await import("./d.js")};import(`./e.js`);import(name);'), ['chunks/d.js']);
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
