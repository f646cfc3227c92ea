#!/usr/bin/env node
/**
 * `npm run size`: min and gzip (-9) bytes of every dist/cdn chunk, and the budgets. Sets are closures
 * of STATIC imports (import/export ... from, found by parsing each chunk; `import()` is not
 * followed), so every chunk a step needs counts, the element chunks included.
 *
 * The script-tag entry (dist/cdn/acs-teams-elements.js, src/autoload.ts) is a loader: each element's
 * code is a chunk it imports when the tag is in the document (chunks/teams-meeting-*,
 * chunks/meeting-chat-*, chunks/teams-call-*: the entry's `import()` targets of those names).
 *
 * 1. Script-tag entry (always on): the entry plus its static closure, within 15 KB gzip: what every
 *    page using the script tag downloads, whatever elements it has (issue 11).
 * 2. Before Join (always on): the entry plus the meeting element chunk, with their static closure,
 *    within 25 KB gzip: what a meeting page downloads before the user acts. No locale but English,
 *    no setup-screen strings, no error catalog (each is a lazy chunk).
 * 3. In-call UI (on once such a chunk exists): chunks whose file name starts with `meeting-ui` or
 *    `teams-meeting-ui`, plus their static imports, minus the before-Join set and minus the SDK
 *    chunks (communication-calling, communication-chat, azure-core), within 40 KB gzip. Rollup names
 *    a dynamic chunk after the imported file (`import('./components/teams-meeting/meeting-ui.js')`
 *    → dist/cdn/chunks/meeting-ui-[hash].js, see chunkFileNames in rollup.config.js).
 * 4. Chat first paint (on once the chat chunks exist): the entry, the chat element chunk and the
 *    chat service and chat view chunks (chunks/chat-service-*, chunks/chat-view-*, loaded by dynamic
 *    import when a chat starts) with all their static imports, SDK chunks included: every byte of JS
 *    a page needs before `<acs-meeting-chat>` shows its newest messages. Within 100 KB gzip.
 *    (Realtime, in chat-realtime + communication-signaling, loads after the first paint.)
 * 5. Before the preview (always on): what `<acs-teams-meeting>` loads before its own camera preview
 *    can play — the before-Join set plus the setup screen's chunk (setup-view*) and the meeting-link
 *    check (meeting-link*), with their static imports — within 40 KB gzip, and never an SDK chunk
 *    (issue 17; `npm run bench:meeting` measures the same thing on the wire).
 * Also printed, with no budget: before a call (the entry plus the `<acs-teams-call>` chunk).
 *
 * 6. Pop-out (on once its chunk exists): chunks/popout-* is loaded by `popOut()` only, so it must be
 *    in none of the sets above (neither the entry's nor the in-call UI's static closure).
 * 7. Effects (a size line, and a placement check): the effects picker's chunk (effects-picker*) and
 *    the effects package's (communication-calling-effects*) load only when the user opens the
 *    picker: FAIL if either is reached before Join, before the preview or with the in-call UI
 *    (issue 14). The picker's line counts what opening it adds on the setup screen: its static
 *    closure minus what is loaded before the preview (the setup strings it shares, for one).
 *
 * Exits 1 when a budget is exceeded or dist/cdn is missing.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync, constants } from 'node:zlib';
import { parseAst } from 'rollup/parseAst';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRY = 'acs-teams-elements.js';
export const ENTRY_BUDGET = 15 * 1024;
export const BEFORE_JOIN_BUDGET = 25 * 1024;
export const IN_CALL_BUDGET = 40 * 1024;
export const CHAT_FIRST_PAINT_BUDGET = 100 * 1024;
export const BEFORE_PREVIEW_BUDGET = 40 * 1024;
const BEFORE_PREVIEW = /^(setup-view|meeting-link)[-.]/;
const IN_CALL = /^(teams-)?meeting-ui[-.]/;
const CHAT_FIRST_PAINT = /^chat-(service|view)[-.]/;
const POPOUT = /^popout[-.]/;
const SDK = /^(communication-calling|communication-chat|azure-core)[-.]/;
const EFFECTS_PICKER = /^effects-picker[-.]/;
const EFFECTS_PACKAGE = /^communication-calling-effects[-.]/;
/** Element chunks, among the entry's `import()` targets (the in-call chunk is never one). */
const ELEMENT = {
  meeting: /^teams-meeting[-.]/,
  chat: /^meeting-chat[-.]/,
  call: /^teams-call[-.]/,
};

/**
 * @typedef {{ code: string, min: number, gzip: number }} Chunk
 * @typedef {{
 *   chunks: Map<string, Chunk>,
 *   elements: { meeting?: string, chat?: string, call?: string },
 *   entry: Set<string>,
 *   entryGzip: number,
 *   beforeJoin: Set<string>,
 *   beforeJoinGzip: number,
 *   beforeCall: Set<string>,
 *   beforeCallGzip: number,
 *   inCallStarts: string[],
 *   inCall: Set<string>,
 *   inCallGzip: number,
 *   chatStarts: string[],
 *   chatFirstPaint: Set<string>,
 *   chatFirstPaintGzip: number,
 *   beforePreview: Set<string>,
 *   beforePreviewGzip: number,
 *   effectsPickerStarts: string[],
 *   effectsPicker: Set<string>,
 *   effectsPickerGzip: number,
 *   effectsPackage: string[],
 *   effectsPackageGzip: number,
 * }} Measurement
 */

/** @param {string} base @param {string} dir @returns {string[]} .js files under dir, relative to base */
function listJs(base, dir = base) {
  /** @type {string[]} */
  const files = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...listJs(base, full));
    else if (name.endsWith('.js')) files.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return files.sort();
}

/**
 * Relative chunks a chunk imports statically (import declarations and re-exports with a source;
 * `import()` expressions are not followed).
 * @param {string} file
 * @param {string} code
 * @returns {string[]}
 */
export function staticImports(file, code) {
  /** @type {string[]} */
  const found = [];
  for (const node of parseAst(code).body) {
    if (
      (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') &&
      node.source &&
      typeof node.source.value === 'string' &&
      node.source.value.startsWith('.')
    ) {
      found.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), node.source.value)));
    }
  }
  return found;
}

/**
 * Relative chunks a chunk imports with `import('./literal.js')`.
 * @param {string} file
 * @param {string} code
 * @returns {string[]}
 */
export function dynamicImports(file, code) {
  /** @type {string[]} */
  const found = [];
  /** @param {unknown} node */
  const walk = (node) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = /** @type {{ type?: string, source?: { type?: string, value?: unknown } }} */ (node);
    if (n.type === 'ImportExpression' && n.source?.type === 'Literal' && typeof n.source.value === 'string' && n.source.value.startsWith('.')) {
      found.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), n.source.value)));
    }
    for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value);
  };
  walk(parseAst(code));
  return found;
}

/**
 * Measures every chunk of a CDN build directory and works out the two budgets' file sets.
 * @param {string} cdn directory holding acs-teams-elements.js and chunks/
 * @returns {Measurement}
 */
export function measure(cdn) {
  /** @type {Map<string, Chunk>} */
  const chunks = new Map();
  for (const file of listJs(cdn)) {
    const code = readFileSync(path.join(cdn, file), 'utf8');
    chunks.set(file, { code, min: Buffer.byteLength(code), gzip: gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length });
  }

  /** @param {string[]} starts @returns {Set<string>} the starts and everything they import statically */
  const staticClosure = (starts) => {
    const seen = new Set(starts);
    const queue = [...starts];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      for (const dep of staticImports(file, chunks.get(file)?.code ?? '')) {
        if (!chunks.has(dep)) throw new Error(`size: ${file} imports ${dep}, which is not in ${cdn}`);
        if (!seen.has(dep)) {
          seen.add(dep);
          queue.push(dep);
        }
      }
    }
    return seen;
  };
  /** @param {Iterable<string>} files */
  const gzipTotal = (files) => [...files].reduce((sum, f) => sum + (chunks.get(f)?.gzip ?? 0), 0);

  const entry = staticClosure([ENTRY]);
  const lazy = dynamicImports(ENTRY, chunks.get(ENTRY)?.code ?? '');
  /** @param {RegExp} name @returns {string | undefined} the element chunk the entry imports, if any */
  const element = (name) => {
    const found = lazy.filter((f) => name.test(path.posix.basename(f)) && !IN_CALL.test(path.posix.basename(f)));
    if (found.length > 1) throw new Error(`size: the entry imports ${found.length} chunks named like ${name}: ${found.join(', ')}`);
    return found[0];
  };
  const elements = { meeting: element(ELEMENT.meeting), chat: element(ELEMENT.chat), call: element(ELEMENT.call) };
  /** @param {Array<string | undefined>} files */
  const present = (files) => /** @type {string[]} */ (files.filter((f) => f !== undefined));
  const beforeJoin = staticClosure(present([ENTRY, elements.meeting]));
  const beforeCall = staticClosure(present([ENTRY, elements.call]));
  const inCallStarts = [...chunks.keys()].filter((f) => IN_CALL.test(path.posix.basename(f)));
  const inCall = new Set(
    [...staticClosure(inCallStarts)].filter((f) => !beforeJoin.has(f) && !SDK.test(path.posix.basename(f))),
  );
  const chatStarts = [...chunks.keys()].filter((f) => CHAT_FIRST_PAINT.test(path.posix.basename(f)));
  const chatFirstPaint = staticClosure(present([ENTRY, elements.chat, ...chatStarts]));
  const beforePreview = staticClosure(
    present([ENTRY, elements.meeting, ...[...chunks.keys()].filter((f) => BEFORE_PREVIEW.test(path.posix.basename(f)))]),
  );
  const effectsPickerStarts = [...chunks.keys()].filter((f) => EFFECTS_PICKER.test(path.posix.basename(f)));
  const effectsPicker = new Set([...staticClosure(effectsPickerStarts)].filter((f) => !beforePreview.has(f)));
  const effectsPackage = [...chunks.keys()].filter((f) => EFFECTS_PACKAGE.test(path.posix.basename(f)));
  return {
    chunks,
    elements,
    entry,
    entryGzip: gzipTotal(entry),
    beforeJoin,
    beforeJoinGzip: gzipTotal(beforeJoin),
    beforeCall,
    beforeCallGzip: gzipTotal(beforeCall),
    inCallStarts,
    inCall,
    inCallGzip: gzipTotal(inCall),
    chatStarts,
    chatFirstPaint,
    chatFirstPaintGzip: gzipTotal(chatFirstPaint),
    beforePreview,
    beforePreviewGzip: gzipTotal(beforePreview),
    effectsPickerStarts,
    effectsPicker,
    effectsPickerGzip: gzipTotal(effectsPicker),
    effectsPackage,
    effectsPackageGzip: gzipTotal(effectsPackage),
  };
}

/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Lists the biggest modules of over-budget chunks, from dist/cdn-stats.json (written by the build).
 * @param {Set<string>} files
 * @param {string} label
 */
function explain(files, label) {
  const statsFile = path.join(root, 'dist', 'cdn-stats.json');
  if (!existsSync(statsFile)) return;
  /** @type {Record<string, Record<string, number>>} */
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  const modules = [...files]
    .flatMap((file) => Object.entries(stats[file] ?? {}))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15);
  console.log(`\nBiggest modules ${label} (rendered bytes before minification):`);
  for (const [id, length] of modules) console.log(`${String(length).padStart(9)}  ${id}`);
}

function main() {
  const cdn = path.join(root, 'dist', 'cdn');
  if (!existsSync(path.join(cdn, ENTRY))) {
    console.error(`size: ${path.relative(root, path.join(cdn, ENTRY))} not found; run \`npm run build\` first.`);
    return 1;
  }
  const m = measure(cdn);
  const measured = m;
  const { chunks, entry, entryGzip, beforeJoin, beforeJoinGzip, inCallStarts, inCall, inCallGzip, chatStarts, chatFirstPaint, chatFirstPaintGzip, beforePreview, beforePreviewGzip } = m;

  const rows = [...chunks].map(([file, { min, gzip }]) => [
    file,
    String(min),
    String(gzip),
    entry.has(file)
      ? 'every page'
      : beforeJoin.has(file)
        ? 'before Join'
        : beforePreview.has(file)
          ? 'before the preview'
          : inCall.has(file)
            ? 'in-call UI'
            : chatFirstPaint.has(file)
              ? 'chat first paint'
              : 'on demand',
  ]);
  const header = ['chunk', 'min bytes', 'gzip bytes', 'loads'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  /** @param {string[]} cells */
  const line = (cells) =>
    cells.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');

  const entryOk = entryGzip <= ENTRY_BUDGET;
  const joinOk = beforeJoinGzip <= BEFORE_JOIN_BUDGET && m.elements.meeting !== undefined;
  let failed = !entryOk || !joinOk;
  console.log(`${entryOk ? 'ok  ' : 'FAIL'} script-tag entry: ${kb(entryGzip)} gzip in ${entry.size} file(s), budget ${kb(ENTRY_BUDGET)}`);
  console.log(
    `${joinOk ? 'ok  ' : 'FAIL'} before Join: ${kb(beforeJoinGzip)} gzip in ${beforeJoin.size} file(s), budget ${kb(BEFORE_JOIN_BUDGET)}` +
      (m.elements.meeting ? '' : '; the entry imports no chunks/teams-meeting-* (expected the loader of src/autoload.ts)'),
  );
  if (inCallStarts.length === 0) {
    console.log(`off  in-call UI: no meeting-ui* chunk yet, budget ${kb(IN_CALL_BUDGET)} not applied`);
  } else {
    const inCallOk = inCallGzip <= IN_CALL_BUDGET;
    failed ||= !inCallOk;
    console.log(`${inCallOk ? 'ok  ' : 'FAIL'} in-call UI: ${kb(inCallGzip)} gzip in ${inCall.size} file(s), budget ${kb(IN_CALL_BUDGET)}`);
    if (!inCallOk) explain(inCall, 'in the in-call UI');
  }
  if (chatStarts.length === 0) {
    console.log(`off  chat first paint: no chat-service/chat-view chunk, budget ${kb(CHAT_FIRST_PAINT_BUDGET)} not applied`);
  } else {
    const chatOk = chatFirstPaintGzip <= CHAT_FIRST_PAINT_BUDGET;
    failed ||= !chatOk;
    console.log(
      `${chatOk ? 'ok  ' : 'FAIL'} chat first paint: ${kb(chatFirstPaintGzip)} gzip in ${chatFirstPaint.size} file(s), budget ${kb(CHAT_FIRST_PAINT_BUDGET)}`,
    );
    if (!chatOk) explain(chatFirstPaint, 'before the chat shows its newest messages');
  }
  const sdkBeforePreview = [...beforePreview].filter((f) => SDK.test(path.posix.basename(f)));
  const previewOk = beforePreviewGzip <= BEFORE_PREVIEW_BUDGET && sdkBeforePreview.length === 0;
  failed ||= !previewOk;
  console.log(
    `${previewOk ? 'ok  ' : 'FAIL'} before the preview: ${kb(beforePreviewGzip)} gzip in ${beforePreview.size} file(s), budget ${kb(BEFORE_PREVIEW_BUDGET)}` +
      (sdkBeforePreview.length ? `; SDK chunk(s) ${sdkBeforePreview.join(', ')} must not load before the preview` : ', no SDK chunk'),
  );
  const popout = [...chunks.keys()].filter((f) => POPOUT.test(path.posix.basename(f)));
  if (popout.length === 0) {
    console.log('off  pop-out: no popout* chunk');
  } else {
    const eager = popout.filter((f) => beforeJoin.has(f) || beforePreview.has(f) || inCall.has(f));
    failed ||= eager.length > 0;
    const gzip = popout.reduce((sum, f) => sum + (chunks.get(f)?.gzip ?? 0), 0);
    console.log(
      `${eager.length ? 'FAIL' : 'ok  '} pop-out: ${kb(gzip)} gzip in ${popout.length} file(s), ` +
        (eager.length ? `${eager.join(', ')} must load only on popOut()` : 'on demand (not in the entry or the in-call UI)'),
    );
  }
  const { effectsPickerStarts, effectsPicker, effectsPickerGzip, effectsPackage, effectsPackageGzip } = measured;
  if (effectsPickerStarts.length === 0) {
    console.log('off  effects: no effects-picker chunk');
  } else {
    const early = [...effectsPickerStarts, ...effectsPackage].filter((f) => beforeJoin.has(f) || beforePreview.has(f) || inCall.has(f));
    failed ||= early.length > 0;
    console.log(
      `${early.length ? 'FAIL' : 'ok  '} effects (on demand, when the picker opens): picker ${kb(effectsPickerGzip)} gzip in ${effectsPicker.size} file(s); ` +
        `@azure/communication-calling-effects ${kb(effectsPackageGzip)} gzip (real SDK only)` +
        (early.length ? `; ${early.join(', ')} must not load before the picker opens` : ''),
    );
  }
  console.log(`info before a call: ${kb(m.beforeCallGzip)} gzip in ${m.beforeCall.size} file(s), no budget`);
  if (!entryOk) explain(entry, 'in the script-tag entry');
  if (!joinOk) explain(beforeJoin, 'before Join');
  if (!previewOk) explain(beforePreview, 'before the preview');
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main());
