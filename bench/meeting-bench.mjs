#!/usr/bin/env node
/**
 * `npm run bench:meeting`: the first seconds of `<acs-teams-meeting>` and its join/leave cycle, in
 * fresh headless Chromium (fake camera and microphone), from the script-tag build (dist/cdn).
 *
 * Everything is served over https on loopback with a throw-away self-signed certificate
 * (server/tls.js): the page and dist/cdn (gzip, as a CDN would), and the emulator (server/app.js).
 * Each run is a fresh browser with two pages:
 *   1. The real calling-SDK path: the token endpoint names an ACS endpoint (no emulator), as in
 *      production. Measured from navigation: own camera preview playing, Join button visible, JS
 *      bytes (gzip, on the wire) that arrived before the preview, whether any SDK chunk
 *      (communication-calling, azure-core) was requested before the preview, the longest task
 *      before the preview, and — offline — how long from the Join click to the SDK's join call
 *      (User Timing marks `acs-teams-meeting:join-click` and `acs-teams-meeting:sdk-join`), the
 *      click coming BENCH_SETUP_SECONDS (default 15) after the SDK chunk arrived, as a visitor who
 *      reads the screen and types a name (offline, creating the call agent alone takes 7–14 s).
 *   2. The emulator path: Join click → `connected` (the `acs-state-changed` event), then 20
 *      join/leave cycles in the same page: the heap after a forced GC after the 1st, 10th and 20th
 *      cycle, and media tracks still live at the end. The heap figure held to the goal comes from
 *      heap snapshots and leaves out V8's compiled code: over the first ~10 cycles the JIT compiles
 *      ~360 KB of code for paths the first cycle ran only once (then it levels off: ~2 KB over
 *      cycles 10→20), which says nothing about what the page keeps. The whole heap
 *      (Runtime.getHeapUsage, code included) is printed beside it. BENCH_HEAP_DIFF=1 prints what
 *      grew by constructor; BENCH_HEAP_SNAPSHOT=<dir> keeps the snapshots for DevTools.
 * The waterfall line of each run says where the time before the preview goes: the entry's
 * arrival, getUserMedia asked and answered, the setup chunk's arrival, first paint, playing.
 * BENCH_TRACE=1 adds, from a Chromium trace, the CPU time of the main thread's tasks before the
 * preview: on a machine shared with other jobs a task's wall time mostly measures the others.
 * Each run also opens a bare page that asks for the camera in its first inline script and shows it:
 * the floor, what Chromium itself needs on this machine.
 * Prints the median of each figure over BENCH_RUNS runs (default 5). A benchmark, not a test: it
 * prints figures and fails only when it cannot run. BENCH_SERVE=1 only serves the pages (for a
 * profiler by hand).
 */
import https from 'node:https';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../scripts/chromium-launch.mjs';
import { startServer } from '../server/app.js';
import { createSelfSignedCert } from '../server/tls.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 20);
/** Seconds between the SDK chunk's arrival and the Join click on the real path. */
const SETUP_SECONDS = Number(process.env.BENCH_SETUP_SECONDS ?? 15);
const entry = path.join(root, 'dist', 'cdn', 'acs-teams-elements.js');
const GOALS = { preview: 500, join: 400, bytes: 40 * 1024, longTask: 50, connected: 300, heap: 10 };


function ensureBuild() {
  if (existsSync(entry)) return;
  console.log('bench: dist/cdn is missing; running npm run build…');
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/** Watches the element from the first frame: when the preview plays and when Join shows. */
const PAGE_PROBE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  window.__marks = {};
  const frame = () => {
    const root = document.querySelector('acs-teams-meeting')?.shadowRoot;
    const video = root?.querySelector('[part="preview"] video') ?? document.querySelector('video#floor');
    if (!window.__marks.preview && video && video.readyState >= 2 && video.videoWidth > 0 && !video.paused && video.getBoundingClientRect().width > 0) {
      window.__marks.preview = performance.now();
      performance.mark('acs-bench:preview');
    }
    const join = root?.querySelector('[part="join-button"]') ?? document.querySelector('video#floor');
    if (!window.__marks.join && join && join.getBoundingClientRect().width > 0) window.__marks.join = performance.now();
    if (!window.__marks.preview || !window.__marks.join) requestAnimationFrame(frame);
    // Tells the bench without it polling the page (Playwright's waitForFunction injects a script
    // whose compilation is itself a long task).
    else console.debug('acs-bench:first-seconds');
  };
  requestAnimationFrame(frame);
  window.__states = [];
  document.addEventListener('acs-state-changed', (e) => window.__states.push({ state: e.detail.state, at: performance.now() }), true);
  // The waterfall of the preview: when the camera was first asked for, and when it answered.
  const gumFirst = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (c) => {
    window.__marks.gumAsked ??= performance.now();
    const answer = gumFirst(c);
    answer.then(() => (window.__marks.gumAnswered ??= performance.now()), () => {});
    return answer;
  };
`;

/**
 * Records every track getUserMedia hands out, to count the live ones after the cycles. Weakly:
 * holding the tracks would itself grow the heap the cycles measure (a capturing track is never
 * collected, so a collected one was stopped).
 */
const TRACK_PROBE = `
  window.__tracks = [];
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => { const s = await gum(c); window.__tracks.push(...s.getTracks().map((t) => new WeakRef(t))); return s; };
`;

function pageHtml(attributes) {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => `${name}="${String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>meeting bench</title>
<style>body{margin:0;font-family:system-ui,sans-serif} acs-teams-meeting{height:100vh}</style>
<script type="module" src="/cdn/acs-teams-elements.js"></script></head>
<body><acs-teams-meeting ${attrs}></acs-teams-meeting></body></html>`;
}

/** The page and dist/cdn over https, gzip-compressed like a CDN; `/sdk-token` names a (fake) ACS endpoint. */
function startPageServer(tls, pages, sdkToken) {
  const gzipCache = new Map();
  const server = https.createServer(tls, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    if (pages[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(pages[url.pathname]());
      return;
    }
    if (url.pathname === '/sdk-token') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(sdkToken()));
      return;
    }
    if (url.pathname.startsWith('/cdn/')) {
      const file = path.join(root, 'dist', path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
      if (file.startsWith(path.join(root, 'dist', 'cdn')) && existsSync(file)) {
        if (!gzipCache.has(file)) gzipCache.set(file, gzipSync(readFileSync(file), { level: 6 }));
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-encoding': 'gzip', 'cache-control': 'no-store' });
        res.end(gzipCache.get(file));
        return;
      }
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** POSTs JSON to the emulator, trusting only its throw-away certificate. */
function postJson(url, body, ca) {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(JSON.parse(text)) : reject(new Error(`${url.pathname}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/**
 * BENCH_TRACE: the renderer main thread's tasks before the preview from a Chromium trace, with
 * their CPU time (thread time) beside their wall time — on a loaded machine the wall time of a
 * task mostly measures the other processes, its CPU time does not.
 */
function mainThreadBeforePreview(trace) {
  const events = trace.traceEvents ?? trace;
  const mark = events.find((e) => e.name === 'acs-bench:preview');
  if (!mark) return undefined;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain');
  const tasks = events.filter((e) => e.ph === 'X' && e.pid === mark.pid && e.tid === main?.tid && /RunTask$/.test(e.name) && e.ts < mark.ts);
  const longest = tasks.reduce((max, e) => ((e.tdur ?? 0) > (max?.tdur ?? -1) ? e : max), undefined);
  return {
    longestCpu: (longest?.tdur ?? 0) / 1000,
    longestWall: (longest?.dur ?? 0) / 1000,
    totalCpu: tasks.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000,
  };
}

/** Resolves when the page probe saw both the playing preview and the Join button. */
const firstSecondsShown = (page) => page.waitForEvent('console', { predicate: (message) => message.text() === 'acs-bench:first-seconds', timeout: 30_000 });

/** The floor page: how long Chromium itself takes to show the camera, from navigation. */
async function floorSeconds(context, pageUrl) {
  const page = await context.newPage();
  await page.addInitScript(PAGE_PROBE);
  const shown = firstSecondsShown(page);
  await page.goto(pageUrl);
  await shown;
  const { preview, gumAsked, gumAnswered } = await page.evaluate(() => window.__marks);
  await page.close();
  return { preview, gumAsked, gumAnswered };
}

async function firstSeconds(context, pageUrl) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(PAGE_PROBE);
  const shown = firstSecondsShown(page);
  const tracing = process.env.BENCH_TRACE ? context.browser() : undefined;
  await tracing?.startTracing(page, { categories: ['toplevel', 'blink.user_timing', 'devtools.timeline'] });
  await page.goto(pageUrl);
  await shown;
  const cpu = tracing ? mainThreadBeforePreview(JSON.parse((await tracing.stopTracing()).toString())) : undefined;
  const result = await page.evaluate(() => {
    const preview = window.__marks.preview;
    const resources = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js'));
    const before = resources.filter((r) => r.responseEnd <= preview);
    return {
      preview,
      join: window.__marks.join,
      bytes: before.reduce((sum, r) => sum + r.encodedBodySize, 0),
      sdkBefore: resources.filter((r) => r.startTime <= preview).map((r) => r.name).filter((name) => /\/chunks\/(communication-calling|azure-core)-/.test(name)),
      longest: window.__longTasks.filter((t) => t.start < preview).reduce((max, t) => Math.max(max, t.duration), 0),
      chunksBefore: before.map((r) => r.name.replace(/^.*\/cdn\//, '')),
      // Where the time goes before the preview (ms from navigation).
      waterfall: {
        entry: resources.find((r) => /acs-teams-elements\.js$/.test(r.name))?.responseEnd,
        setupChunk: resources.find((r) => /\/setup-view-/.test(r.name))?.responseEnd,
        gumAsked: window.__marks.gumAsked,
        gumAnswered: window.__marks.gumAnswered,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      },
    };
  });
  // Join on the real path: offline the SDK answers later with `network`; we time our part only.
  await page.waitForFunction(() => [...performance.getEntriesByType('resource')].some((r) => /communication-calling-/.test(r.name)), null, { timeout: 30_000 });
  // A visitor spends a while on the setup screen (reading, typing a name): the SDK starts up meanwhile.
  await page.waitForTimeout(SETUP_SECONDS * 1000);
  // The background start-up's longest task while the visitor is on the setup screen (the SDK's evaluation).
  const longestAfter = await page.evaluate(() => window.__longTasks.filter((t) => t.start >= window.__marks.preview).reduce((max, t) => Math.max(max, t.duration), 0));
  await page.evaluate(() => document.querySelector('acs-teams-meeting').shadowRoot.querySelector('[part="join-button"]').click());
  const sdkJoin = await page
    .waitForFunction(
      () => {
        const click = performance.getEntriesByName('acs-teams-meeting:join-click').at(-1);
        const call = performance.getEntriesByName('acs-teams-meeting:sdk-join').at(-1);
        return click && call ? call.startTime - click.startTime : false;
      },
      null,
      { timeout: 60_000, polling: 20 },
    )
    .then((handle) => handle.jsonValue())
    .catch(() => NaN);
  await page.close();
  return { ...result, sdkJoin, longestAfter, cpu, errors };
}

async function joinAndCycles(context, pageUrl) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(PAGE_PROBE + TRACK_PROBE);
  const shown = firstSecondsShown(page);
  await page.goto(pageUrl);
  const session = await context.newCDPSession(page);
  await shown;
  // Let the background preparation (service, in-call UI) finish, as a visitor reading the screen would.
  await page.waitForTimeout(1000);
  const el = await page.evaluateHandle(() => document.querySelector('acs-teams-meeting'));
  const connectedAfter = async (start) => {
    const handle = await page.waitForFunction(
      (since) => window.__states.find((s) => s.state === 'connected' && s.at >= since)?.at ?? false,
      start,
      { timeout: 30_000, polling: 10 },
    );
    return handle.jsonValue();
  };
  const clickedAt = await el.evaluate((node) => {
    const at = performance.now();
    node.shadowRoot.querySelector('[part="join-button"]').click();
    return at;
  });
  const connected = (await connectedAfter(clickedAt)) - clickedAt;
  const heap = async () => {
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.collectGarbage');
    return (await session.send('Runtime.getHeapUsage')).usedSize;
  };
  const leave = async () => {
    await el.evaluate((node) => node.leave());
    await page.waitForFunction((node) => node.state.phase === 'ended', el, { timeout: 30_000, polling: 20 });
  };
  await leave();
  const heapAfterFirst = await heap();
  // The same three moments by kind (a heap snapshot): what the page holds apart from V8's compiled code.
  const kinds = [await heapByKind(session)];
  const joins = [connected];
  const series = [heapAfterFirst];
  for (let cycle = 1; cycle < CYCLES; cycle++) {
    const at = await el.evaluate((node) => {
      const now = performance.now();
      void node.join();
      return now;
    });
    joins.push((await connectedAfter(at)) - at);
    await leave();
    // Half way: the second half's growth tells a steady leak from the JIT's warm-up.
    // (With very few cycles, after the second.)
    const halfWay = cycle === Math.max(1, Math.floor(CYCLES / 2) - 1);
    if (process.env.BENCH_HEAP_SERIES || halfWay) series.push(await heap());
    if (halfWay) kinds.push(await heapByKind(session));
  }
  // Disposal of the last service finishes after `ended`: give it a moment, as the leak test does.
  await page.waitForTimeout(500);
  const heapAfterLast = await heap();
  kinds.push(await heapByKind(session));
  if (process.env.BENCH_HEAP_DIFF) {
    console.log(`heap grown from cycle 1 to cycle ${Math.floor(CYCLES / 2)}, by kind:\n${heapDiff(kinds[0], kinds[1])}`);
    console.log(`heap grown from cycle ${Math.floor(CYCLES / 2)} to cycle ${CYCLES}, by kind:\n${heapDiff(kinds[1], kinds[2])}`);
  }
  const withoutCode = (byKind) => [...byKind].reduce((sum, [name, kind]) => (name === '(code)' ? sum : sum + kind.size), 0);
  const [dataAfterFirst, dataHalfWay, dataAfterLast] = kinds.map(withoutCode);
  const codeAfterFirst = kinds[0].get('(code)')?.size ?? 0;
  const codeAfterLast = kinds[2].get('(code)')?.size ?? 0;
  const liveTracks = await page.evaluate(() => window.__tracks.filter((ref) => ref.deref()?.readyState === 'live').length);
  await page.close();
  if (process.env.BENCH_HEAP_SERIES) console.log(`heap after each cycle (KB): ${series.map((b) => (b / 1024).toFixed(0)).join(' ')}`);
  const heapHalfWay = process.env.BENCH_HEAP_SERIES ? series[Math.floor(CYCLES / 2) - 1] : series[1];
  return {
    connected,
    joins,
    heapAfterFirst,
    heapHalfWay,
    heapAfterLast,
    dataAfterFirst,
    dataHalfWay,
    dataAfterLast,
    codeAfterFirst,
    codeAfterLast,
    liveTracks,
    errors,
  };
}

/**
 * BENCH_HEAP_DIFF: what the heap holds, by constructor (objects) or type (code, strings, …), after
 * a forced GC — to compare two moments of the cycles and see what grew.
 */
async function heapByKind(session) {
  await session.send('HeapProfiler.collectGarbage');
  const parts = [];
  const onChunk = ({ chunk }) => parts.push(chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(parts.join(''));
  // BENCH_HEAP_SNAPSHOT=dir: also keeps each snapshot (open it in DevTools' Memory panel).
  if (process.env.BENCH_HEAP_SNAPSHOT) {
    const file = path.join(process.env.BENCH_HEAP_SNAPSHOT, `meeting-${Date.now()}.heapsnapshot`);
    writeFileSync(file, parts.join(''));
    console.log(`heap snapshot: ${file}`);
  }
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const kinds = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]];
    const name = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${snapshot.strings[snapshot.nodes[i + nameAt]]}` : `(${type})`;
    const kind = kinds.get(name) ?? { count: 0, size: 0 };
    kind.count += 1;
    kind.size += snapshot.nodes[i + sizeAt];
    kinds.set(name, kind);
  }
  return kinds;
}

/** The kinds that grew most between two `heapByKind` readings. */
function heapDiff(before, after, top = 25) {
  const rows = [];
  for (const [name, now] of after) {
    const then = before.get(name) ?? { count: 0, size: 0 };
    if (now.size !== then.size) rows.push({ name, size: now.size - then.size, count: now.count - then.count });
  }
  for (const [name, then] of before) if (!after.has(name)) rows.push({ name, size: -then.size, count: -then.count });
  rows.sort((a, b) => b.size - a.size);
  const total = rows.reduce((sum, row) => sum + row.size, 0);
  return [`  total ${(total / 1024).toFixed(1)} KB`, ...rows.slice(0, top).map((row) => `  ${(row.size / 1024).toFixed(1).padStart(8)} KB ${String(row.count).padStart(6)} × ${row.name.slice(0, 90)}`)].join('\n');
}

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (v) => `${Number.isFinite(v) ? v.toFixed(0) : '—'} ms`;
const kb = (v) => `${(v / 1024).toFixed(1)} KB`;
const mark = (ok) => (ok ? 'ok  ' : 'MISS');

async function main() {
  ensureBuild();
  const tls = await createSelfSignedCert({ days: 1 });
  let pageServer;
  let emulator;
  try {
    const pages = {};
    pageServer = await startPageServer(tls, pages, () => sdkToken());
    const pageOrigin = `https://127.0.0.1:${pageServer.address().port}`;
    emulator = await startServer({ port: 0, quiet: true, tls, allowedOrigins: [pageOrigin], rateLimitPerMinute: 100_000 });
    const created = await postJson(new URL('emulator/meetings', emulator.url), { topic: 'Bench' }, tls.cert);
    // A token of the real shape whose endpoint is not the emulator: the element loads the calling SDK.
    const sdkToken = () => {
      const minted = emulator.tokens.mint({ kind: 'acs' });
      return { token: minted.token, expiresOn: minted.expiresOn, userId: minted.userId, endpoint: 'https://bench.unreachable.communication.azure.com/' };
    };
    const common = { 'meeting-link': created.meetingLink, 'display-name': 'Bench guest', locale: 'en', 'meeting-title': 'Bench' };
    pages['/sdk.html'] = () => pageHtml({ ...common, 'token-url': `${pageOrigin}/sdk-token` });
    pages['/emulator.html'] = () => pageHtml({ ...common, 'token-url': `${emulator.url}api/token` });
    // The floor: a bare page that asks for the camera in its first script and shows it, nothing else.
    pages['/floor.html'] = () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head>
<body><video id="floor" autoplay playsinline muted style="width:640px;height:360px"></video>
<script>navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } })
  .then((stream) => { document.getElementById('floor').srcObject = stream; });</script></body></html>`;

    if (process.env.BENCH_SERVE) {
      // For profiling by hand: serve the two pages and wait (Ctrl+C to stop).
      console.log(`bench: serving ${pageOrigin}/sdk.html and ${pageOrigin}/emulator.html`);
      await new Promise(() => {});
    }
    const runs = [];
    const launch = () =>
      chromium.launch(chromiumLaunchOptions({ extraArgs: (process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean) }));
    const newContext = (browser) =>
      browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['camera', 'microphone'], ignoreHTTPSErrors: true });
    for (let run = 0; run < RUNS; run++) {
      // The floor in a browser of its own: the first camera of a browser process pays the media
      // service's start-up, so each page is measured cold.
      const floorBrowser = await launch();
      const floorMarks = await floorSeconds(await newContext(floorBrowser), `${pageOrigin}/floor.html`).finally(() => floorBrowser.close());
      const floor = floorMarks.preview;
      const browser = await launch();
      try {
        const sdkContext = await newContext(browser);
        const first = await firstSeconds(sdkContext, `${pageOrigin}/sdk.html`);
        await sdkContext.close();
        const emuContext = await newContext(browser);
        const cycles = await joinAndCycles(emuContext, `${pageOrigin}/emulator.html`);
        await emuContext.close();
        const heapGrowth = ((cycles.heapAfterLast - cycles.heapAfterFirst) / cycles.heapAfterFirst) * 100;
        const heapGrowthSecondHalf = ((cycles.heapAfterLast - cycles.heapHalfWay) / cycles.heapHalfWay) * 100;
        const dataGrowth = ((cycles.dataAfterLast - cycles.dataAfterFirst) / cycles.dataAfterFirst) * 100;
        const dataGrowthSecondHalf = ((cycles.dataAfterLast - cycles.dataHalfWay) / cycles.dataHalfWay) * 100;
        runs.push({ ...first, ...cycles, heapGrowth, heapGrowthSecondHalf, dataGrowth, dataGrowthSecondHalf, floor });
        console.log(
          `run ${run + 1}/${RUNS}: preview ${ms(first.preview)} (bare getUserMedia page ${ms(floor)}), Join ${ms(first.join)}, ${kb(first.bytes)} JS before the preview ` +
            `(${first.chunksBefore.join(', ')}), SDK chunk before it: ${first.sdkBefore.length ? 'YES' : 'no'}, longest task ${ms(first.longest)}, ` +
            `longest task after it ${ms(first.longestAfter)}, Join → SDK join call ${ms(first.sdkJoin)}; emulator Join → connected ${ms(cycles.connected)} ` +
            `(cycles: median ${ms(median(cycles.joins))}), heap ${kb(cycles.heapAfterFirst)} → ${kb(cycles.heapHalfWay)} → ${kb(cycles.heapAfterLast)} ` +
            `(${heapGrowth.toFixed(1)} %, second half ${heapGrowthSecondHalf.toFixed(1)} %; compiled code ${kb(cycles.codeAfterFirst)} → ${kb(cycles.codeAfterLast)}, ` +
            `the rest ${kb(cycles.dataAfterFirst)} → ${kb(cycles.dataHalfWay)} → ${kb(cycles.dataAfterLast)}: ${dataGrowth.toFixed(1)} %, second half ${dataGrowthSecondHalf.toFixed(1)} %), ` +
            `live tracks ${cycles.liveTracks}` +
            (first.errors.length + cycles.errors.length ? `; page errors: ${[...first.errors, ...cycles.errors].slice(0, 3).join(' | ')}` : ''),
        );
        const w = first.waterfall;
        if (first.cpu) {
          console.log(
            `       main thread before the preview (trace): longest task ${ms(first.cpu.longestCpu)} CPU (${ms(first.cpu.longestWall)} wall), all tasks ${ms(first.cpu.totalCpu)} CPU`,
          );
        }
        console.log(
          `       waterfall: entry arrived ${ms(w.entry)}, camera asked ${ms(w.gumAsked)}, answered ${ms(w.gumAnswered)}, setup chunk ${ms(w.setupChunk)}, ` +
            `first paint ${ms(w.fcp)}, playing ${ms(first.preview)}; bare page: asked ${ms(floorMarks.gumAsked)}, answered ${ms(floorMarks.gumAnswered)}, playing ${ms(floor)}`,
        );
      } finally {
        await browser.close();
      }
    }

    const m = (key) => median(runs.map((r) => r[key]));
    const anySdk = runs.some((r) => r.sdkBefore.length > 0);
    const maxBytes = Math.max(...runs.map((r) => r.bytes));
    console.log(`\n<acs-teams-meeting> first seconds (median of ${RUNS} fresh Chromium runs, 1280×900, fake devices, https on loopback)`);
    console.log(`  ${mark(m('preview') <= GOALS.preview)} own camera preview playing     ${ms(m('preview'))}  (goal ≤ ${GOALS.preview} ms)`);
    console.log(`       bare getUserMedia page         ${ms(m('floor'))}  (the floor: camera asked in the page's first script)`);
    console.log(`  ${mark(m('join') <= GOALS.join)} Join button visible            ${ms(m('join'))}  (goal ≤ ${GOALS.join} ms)`);
    console.log(`  ${mark(maxBytes <= GOALS.bytes)} JS before the preview (gzip)   ${kb(m('bytes'))} median, ${kb(maxBytes)} at most  (goal ≤ 40 KB in every run)`);
    console.log(`  ${mark(!anySdk)} SDK chunk before the preview   ${anySdk ? `in ${runs.filter((r) => r.sdkBefore.length).length} run(s)` : 'in no run'}`);
    console.log(`  ${mark(m('longest') <= GOALS.longTask)} longest task before preview    ${ms(m('longest'))}  (goal ≤ ${GOALS.longTask} ms)`);
    console.log(`       longest task after the preview ${ms(m('longestAfter'))}  (the background start-up on the setup screen: the SDK's evaluation)`);
    console.log(
      `       Join click → SDK join call     ${ms(m('sdkJoin'))}  (real path, offline; Join clicked ${SETUP_SECONDS} s after the SDK chunk arrived, its agent prepared meanwhile)`,
    );
    console.log(`  ${mark(m('connected') <= GOALS.connected)} Join click → connected (emul.) ${ms(m('connected'))} first join; ${ms(median(runs.flatMap((r) => r.joins)))} over all cycles  (goal ≤ ${GOALS.connected} ms)`);
    console.log(
      `  ${mark(m('dataGrowth') < GOALS.heap)} heap growth over ${CYCLES} cycles    ${m('dataGrowth').toFixed(1)} % after GC, V8's compiled code left out ` +
        `(after cycle 1 → after cycle ${CYCLES}, from heap snapshots; goal < ${GOALS.heap} %)`,
    );
    console.log(
      `       the same, second half          ${m('dataGrowthSecondHalf').toFixed(1)} % (cycle ${Math.floor(CYCLES / 2)} → ${CYCLES}: a steady leak grows here too)`,
    );
    console.log(
      `       whole heap, compiled code in   ${m('heapGrowth').toFixed(1)} % (Runtime.getHeapUsage; second half ${m('heapGrowthSecondHalf').toFixed(1)} %: ` +
        `the JIT compiles more code over the first cycles, then levels off)`,
    );
    console.log(`  ${mark(runs.every((r) => r.liveTracks === 0))} live media tracks after cycles  ${Math.max(...runs.map((r) => r.liveTracks))}`);
    console.log(`  machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    pageServer?.close();
    await emulator?.close();
  }
}

main().catch((error) => {
  console.error('bench failed:', error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
