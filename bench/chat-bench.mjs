#!/usr/bin/env node
/**
 * `npm run bench [-- --runs N] [-- --messages N]`: what a user of `<acs-meeting-chat>` gets in a
 * 10 000-message Teams meeting chat, in headless Chromium.
 *
 * Everything runs as it would on a real site, over https (a throw-away self-signed certificate,
 * server/tls.js):
 * - the emulator (server/app.js) speaks the ACS Chat REST protocol; its thread is filled with
 *   Teams HTML messages (mentions, bold, links, lists) from several senders;
 * - a host page on its own origin loads the script-tag build (dist/cdn, gzip-encoded like a CDN
 *   serves it, lazy chunks fetched as the element asks for them; built first when missing) and
 *   has `<acs-meeting-chat token-url thread-id>` in its markup; the element runs the real
 *   @azure/communication-chat SDK against the emulator.
 * Each run uses a fresh browser context (empty cache) and measures:
 * - newest visible: ms from navigation until the newest message is on screen;
 * - JS before it: gzip bytes of every script that had arrived by then (Resource Timing);
 * - message nodes in the DOM, at most, from start to the oldest message (the list is virtualized);
 * - scrolling to the oldest (the user keeps flinging to the top): the longest task and the total
 *   long-task time (Long Tasks API) and the time until the oldest message is on screen;
 * - JS heap in use after a forced GC at the end.
 * Prints every run and the median. A benchmark, not a test: it fails only when it cannot run.
 */
import https from 'node:https';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../scripts/chromium-launch.mjs';
import { startServer } from '../server/app.js';
import { createSelfSignedCert } from '../server/tls.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '3' },
    messages: { type: 'string', default: process.env.BENCH_MESSAGES ?? '10000' },
  },
});
const RUNS = Math.max(1, Number(args.runs) || 3);
const MESSAGES = Math.max(10, Number(args.messages) || 10_000);
const GOALS = { newestMs: 500, jsKb: 100, nodes: 150, longestMs: 50, oldestMs: 8000, heapMb: 20 };
const cdnDir = path.join(root, 'dist', 'cdn');
const entry = path.join(cdnDir, 'acs-teams-elements.js');


function ensureBuild() {
  if (existsSync(entry) && readFileSync(entry, 'utf8').includes('acs-meeting-chat')) return;
  console.log('bench: dist/cdn is missing or has no <acs-meeting-chat>; running npm run build…');
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/** Every file of dist/cdn, gzip-encoded once (a CDN serves them compressed). */
function loadCdn() {
  /** @type {Map<string, Buffer>} */
  const files = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.js')) files.set(`/cdn/${path.relative(cdnDir, full).split(path.sep).join('/')}`, gzipSync(readFileSync(full), { level: 9 }));
    }
  };
  walk(cdnDir);
  return files;
}

const marker = (n) => `[m${String(n).padStart(5, '0')}]`;

/** Teams-style message HTML (what a Teams client posts), varied a little by number. */
function teamsHtml(n, mention) {
  const mentionHtml = `<span itemtype="http://schema.skype.com/Mention" itemscope="" itemid="0">${mention}</span>`;
  switch (n % 4) {
    case 0:
      return `<p>${mentionHtml}, message <b>${marker(n)}</b> with <a href="https://example.com/doc/${n}" title="doc">the document</a> and a few more words so that it wraps.</p>`;
    case 1:
      return `<div><div><p>${marker(n)} Agenda:</p><ul><li>Item <i>one</i></li><li>Item <u>two</u></li></ul></div></div>`;
    case 2:
      return `<p>${marker(n)} Sounds good&nbsp;&#128077; see <a href="https://contoso.sharepoint.com/sites/x/${n}">the site</a></p><p>Second paragraph, <strong>important</strong>.</p>`;
    default:
      return `<p>${marker(n)} ${'lorem ipsum dolor sit amet '.repeat(1 + (n % 3))}</p>`;
  }
}

function page(config) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chat bench</title>
<script>
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  // When the newest message is on screen (checked every frame).
  (function watch() {
    const chat = document.querySelector('acs-meeting-chat');
    if (chat?.messages?.length && !window.__messagesAt) window.__messagesAt = performance.now();
    const list = chat?.shadowRoot?.querySelector('[part="message-list"]');
    if (list && !window.__listAt) window.__listAt = performance.now();
    if (list) {
      const box = list.getBoundingClientRect();
      for (const node of chat.shadowRoot.querySelectorAll('[part="message"]')) {
        if (!node.textContent.includes(${JSON.stringify(marker(config.messages))})) continue;
        const rect = node.getBoundingClientRect();
        if (rect.bottom > box.top && rect.top < box.bottom && rect.height > 0) {
          window.__newestAt = performance.now();
          return;
        }
      }
    }
    requestAnimationFrame(watch);
  })();
</script>
<script type="module" src="/cdn/acs-teams-elements.js"></script>
<style>body{margin:0;font-family:sans-serif} acs-meeting-chat{height:860px;width:480px;display:flex}</style>
</head>
<body>
<acs-meeting-chat token-url="/token" thread-id="${config.threadId}" display-name="Bench guest"></acs-meeting-chat>
</body></html>`;
}

/** The host page and the CDN files, on their own https origin. */
function startPageServer(tls, config) {
  const cdn = loadCdn();
  const html = page(config);
  const server = https.createServer(tls, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
    } else if (url.pathname === '/token') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(config.token));
    } else if (cdn.has(url.pathname)) {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'content-encoding': 'gzip',
        'cache-control': 'public, max-age=31536000',
        'timing-allow-origin': '*',
      });
      res.end(cdn.get(url.pathname));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One run in a fresh context: returns the figures. */
async function run(browser, pageUrl) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  try {
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    // BENCH_PROFILE_LOAD=1: a CPU profile from navigation to the newest message on screen.
    const loadProfiler = process.env.BENCH_PROFILE_LOAD ? await context.newCDPSession(tab) : undefined;
    if (loadProfiler) {
      await loadProfiler.send('Profiler.enable');
      await loadProfiler.send('Profiler.setSamplingInterval', { interval: 200 });
      await loadProfiler.send('Profiler.start');
    }
    await tab.goto(pageUrl);
    await tab.waitForFunction(() => window.__newestAt !== undefined, undefined, { timeout: 60_000, polling: 50 }).catch(async (error) => {
      const debug = await tab.evaluate(() => document.querySelector('acs-meeting-chat')?.shadowRoot?.textContent?.slice(0, 300));
      console.error('bench: the newest message did not show:', debug, errors);
      throw error;
    });
    if (loadProfiler) printProfile((await loadProfiler.send('Profiler.stop')).profile);
    const first = await tab.evaluate(() => {
      const newestAt = window.__newestAt;
      const scripts = performance.getEntriesByType('resource').filter((e) => /\.m?js(\?|$)/.test(e.name));
      const before = scripts.filter((e) => e.responseEnd <= newestAt);
      return {
        newestAt,
        timeline: [
          `messages in state ${window.__messagesAt?.toFixed(0)}`,
          `long tasks before: ${window.__longTasks.filter((t) => t.start < newestAt).map((t) => `${t.start.toFixed(0)}+${t.duration.toFixed(0)}`).join(' ')}`,
        ].concat(performance
          .getEntriesByType('resource')
          .map((e) => `${e.name.replace(/^.*\/(?=[^/]+$)/, '').replace(/\?.*$/, '')} ${e.startTime.toFixed(0)}-${e.responseEnd.toFixed(0)}`)),
        jsBytes: before.reduce((sum, e) => sum + e.encodedBodySize, 0),
        jsFiles: before.length,
        nodes: document.querySelector('acs-meeting-chat').shadowRoot.querySelectorAll('[part="message"]').length,
      };
    });

    // Scroll to the oldest: the user flings to the top every frame until the oldest shows.
    const profiler = process.env.BENCH_PROFILE ? await context.newCDPSession(tab) : undefined;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.send('Profiler.start');
    }
    const scroll = await tab.evaluate(
      async ({ oldest, total, timeoutMs }) => {
        const chat = document.querySelector('acs-meeting-chat');
        const root = chat.shadowRoot;
        const list = root.querySelector('[part="message-list"]');
        const started = performance.now();
        let maxNodes = 0;
        let reached = false;
        const progress = [];
        while (performance.now() - started < timeoutMs) {
          if (progress.at(-1)?.[1] !== chat.messages.length) progress.push([Math.round(performance.now() - started), chat.messages.length]);
          list.dispatchEvent(new WheelEvent('wheel', { deltaY: -2000, bubbles: true, composed: true }));
          list.scrollTop = 0;
          await new Promise((resolve) => requestAnimationFrame(resolve));
          const nodes = root.querySelectorAll('[part="message"]');
          maxNodes = Math.max(maxNodes, nodes.length);
          // Only once every message is loaded can the oldest be on screen: no layout reads before.
          if (chat.messages.length < total) continue;
          const box = list.getBoundingClientRect();
          reached = [...nodes].some((node) => {
            if (!node.textContent.includes(oldest)) return false;
            const rect = node.getBoundingClientRect();
            return rect.bottom > box.top && rect.top < box.bottom;
          });
          if (reached) break;
        }
        const ended = performance.now();
        progress.push(['end', chat.chat?.hasOlder, chat.chat?.loadingOlder, list.scrollTop, list.scrollHeight]);
        // Let a task still running at the end be reported.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const tasks = window.__longTasks.filter((t) => t.start + t.duration > started && t.start < ended);
        return {
          reached,
          oldestMs: ended - started,
          maxNodes,
          loaded: chat.messages.length,
          progress,
          transport: chat.chat?.transport,
          longest: tasks.reduce((max, t) => Math.max(max, t.duration), 0),
          longTotal: tasks.reduce((sum, t) => sum + t.duration, 0),
          longCount: tasks.length,
          supported: PerformanceObserver.supportedEntryTypes.includes('longtask'),
        };
      },
      { oldest: marker(1), total: MESSAGES, timeoutMs: 120_000 },
    );
    if (profiler) printProfile((await profiler.send('Profiler.stop')).profile);
    const cdp = await context.newCDPSession(tab);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return {
      newestMs: first.newestAt,
      timeline: first.timeline,
      jsKb: first.jsBytes / 1024,
      jsFiles: first.jsFiles,
      nodes: Math.max(first.nodes, scroll.maxNodes),
      longestMs: scroll.longest,
      longTotalMs: scroll.longTotal,
      longCount: scroll.longCount,
      oldestMs: scroll.reached ? scroll.oldestMs : Infinity,
      loaded: scroll.loaded,
      progress: scroll.progress,
      transport: scroll.transport,
      heapMb: usedSize / 1048576,
      supported: scroll.supported,
      errors,
    };
  } finally {
    await context.close();
  }
}

/** BENCH_PROFILE=1: the functions with the most self time while scrolling (a CPU profile). */
function printProfile(profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\//, '')}:${lineNumber + 1}:${columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const count = Number(process.env.BENCH_PROFILE) > 1 ? Number(process.env.BENCH_PROFILE) : 25;
  console.log('  self time (ms):');
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${key}`);
  // Inclusive time of the project's own functions (each counted once per stack).
  const nodeSelf = new Map();
  profile.samples.forEach((id, i) => nodeSelf.set(id, (nodeSelf.get(id) ?? 0) + (dt[i] ?? 0) / 1000));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map();
  for (const [id, ms] of nodeSelf) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber, columnNumber } = byId.get(at).callFrame;
      if (!/chat-|acs-teams-elements/.test(url)) continue;
      const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\//, '')}:${lineNumber + 1}:${columnNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  console.log('  inclusive time of our code (ms):');
  for (const [key, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${key}`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  ensureBuild();
  const tls = await createSelfSignedCert({ days: 1 });
  const emulator = await startServer({ port: 0, quiet: true, tls });
  let pageServer;
  let browser;
  try {
    // The emulator's control API, over https with its certificate trusted.
    const post = (pathname, body) => postJson(new URL(pathname, emulator.url), body, tls.cert);
    const created = await post('emulator/meetings', { topic: 'Bench' });
    const threadId = created.threadId;
    const minted = emulator.tokens.mint({ kind: 'acs' });
    await post(`emulator/meetings/${encodeURIComponent(threadId)}/join`, { userId: minted.userId, displayName: 'Bench guest' });

    const senders = [
      ['8:orgid:00000000-0000-4000-a000-000000000001', 'Anna Bianchi'],
      ['8:orgid:00000000-0000-4000-a000-000000000002', 'Bruno Martin'],
      ['8:orgid:00000000-0000-4000-a000-000000000003', 'Chloé Durand'],
      ['8:orgid:00000000-0000-4000-a000-000000000004', 'Dario Rossi'],
      ['8:acs:bench-other-guest', 'Eve (guest)'],
    ];
    for (let n = 1; n <= MESSAGES; n++) {
      const [senderId, senderDisplayName] = senders[Math.floor(n / 3) % senders.length];
      const mention = senders[(Math.floor(n / 3) + 1) % senders.length][1];
      emulator.chat.postMessage(threadId, { senderId, senderDisplayName, type: 'html', content: teamsHtml(n, mention) });
    }

    pageServer = await startPageServer(tls, {
      threadId,
      messages: MESSAGES,
      token: { token: minted.token, expiresOn: minted.expiresOn, userId: minted.userId, endpoint: emulator.url },
    });
    const pageUrl = `https://127.0.0.1:${pageServer.address().port}/`;
    browser = await chromium.launch(chromiumLaunchOptions({ extraArgs: ['--enable-precise-memory-info'] }));

    console.log(`\n<acs-meeting-chat> benchmark: ${MESSAGES} Teams HTML messages, script-tag build over https, real chat SDK`);
    console.log(`headless Chromium ${browser.version()}, 1280×900; ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const results = [];
    for (let i = 1; i <= RUNS; i++) {
      const r = await run(browser, pageUrl);
      results.push(r);
      console.log(
        `run ${i}: newest ${r.newestMs.toFixed(0)} ms, JS ${r.jsKb.toFixed(1)} KB gzip in ${r.jsFiles} files, nodes ${r.nodes}, ` +
          `longest task ${r.longestMs.toFixed(0)} ms, long tasks ${r.longTotalMs.toFixed(0)} ms (${r.longCount}), ` +
          `oldest ${Number.isFinite(r.oldestMs) ? `${(r.oldestMs / 1000).toFixed(2)} s` : `not reached (${r.loaded} loaded)`}, heap ${r.heapMb.toFixed(1)} MB` +
          (r.errors.length ? `; page errors: ${r.errors.slice(0, 2).join(' | ')}` : ''),
      );
      if (process.env.BENCH_VERBOSE) console.log(`  transport ${r.transport}; requests (ms from navigation): ${r.timeline.join(', ')}`);
      if (!Number.isFinite(r.oldestMs)) console.log(`  (ms, messages loaded): ${r.progress.map((p) => p.join(':')).join(' ')}`);
      if (!r.supported) console.log('  (the Long Tasks API is missing in this browser: task figures are 0)');
    }
    const m = (key) => median(results.map((r) => r[key]));
    const row = (label, value, goal) => console.log(`  ${label.padEnd(44)}${value.padStart(12)}   goal ${goal}`);
    console.log(`\nmedian of ${RUNS} run(s), load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    row('newest messages visible (from navigation)', `${m('newestMs').toFixed(0)} ms`, `≤ ${GOALS.newestMs} ms`);
    row('JS (gzip) arrived before that', `${m('jsKb').toFixed(1)} KB`, `≤ ${GOALS.jsKb} KB`);
    row('message nodes in the DOM (most)', `${m('nodes')}`, `≤ ${GOALS.nodes}`);
    row('longest task while scrolling to the oldest', `${m('longestMs').toFixed(0)} ms`, `≤ ${GOALS.longestMs} ms`);
    row('long-task time while scrolling', `${m('longTotalMs').toFixed(0)} ms`, `of ${(m('oldestMs') / 1000).toFixed(1)} s`);
    row('oldest message reached after', `${(m('oldestMs') / 1000).toFixed(2)} s`, `≤ ${GOALS.oldestMs / 1000} s`);
    row('JS heap after GC', `${m('heapMb').toFixed(1)} MB`, `≤ ${GOALS.heapMb} MB`);
  } finally {
    await browser?.close();
    pageServer?.close();
    await emulator.close();
  }
}

/** POSTs JSON over https, trusting `ca`; resolves with the JSON answer (rejects on a non-2xx). */
function postJson(url, body, ca) {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        if ((response.statusCode ?? 500) >= 300) reject(new Error(`${url.pathname}: ${response.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : {});
      });
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

main().catch((error) => {
  console.error('bench failed:', error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
