#!/usr/bin/env node
/**
 * `npm run bench`: a 10 000-message meeting chat in headless Chromium.
 *
 * Starts the emulator (server/app.js), fills a meeting thread with 10 000 messages straight into
 * its ChatStore, serves a page with the built script-tag bundle (dist/cdn; built first when
 * missing), opens `<acs-meeting-chat>` on that thread with playwright-core and the system
 * Chromium, and prints:
 *   - time until the newest messages are on screen,
 *   - message nodes in the DOM (budget ≤ 150: the list is virtualized),
 *   - the longest task (PerformanceObserver 'longtask') while scrolling to the very top, paging
 *     every older message in,
 *   - the JS heap in use.
 * A benchmark, not a test: it prints figures and fails only when it cannot run.
 */
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { startServer } from '../server/app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const NODE_BUDGET = 150;
const entry = path.join(root, 'dist', 'cdn', 'acs-teams-elements.js');

function chromiumPath() {
  for (const candidate of [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('No Chromium found: set CHROME_PATH (e.g. apt-get install chromium).');
}

function ensureBuild() {
  if (existsSync(entry) && readFileSync(entry, 'utf8').includes('acs-meeting-chat')) return;
  console.log('bench: dist/cdn is missing or has no <acs-meeting-chat>; running npm run build…');
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/** Serves the bench page and dist/cdn on its own origin (as a host page would). */
function startPageServer(config) {
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chat bench</title>
<style>body{margin:0;font-family:sans-serif} acs-meeting-chat{height:600px;width:420px;display:flex}</style></head>
<body>
<script>
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
</script>
<script type="module" src="/cdn/acs-teams-elements.js"></script>
<script type="module">
  const config = ${JSON.stringify(config).replace(/</g, '\\u003c')};
  await customElements.whenDefined('acs-meeting-chat');
  const chat = document.createElement('acs-meeting-chat');
  chat.tokenProvider = async () => config.token;
  chat.threadId = config.threadId;
  chat.displayName = 'Bench guest';
  window.__started = performance.now();
  document.body.append(chat);
  window.__chat = chat;
</script>
</body></html>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
      return;
    }
    if (url.pathname.startsWith('/cdn/')) {
      const file = path.join(root, 'dist', path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
      if (file.startsWith(path.join(root, 'dist', 'cdn')) && existsSync(file)) {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        res.end(readFileSync(file));
        return;
      }
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;

async function main() {
  ensureBuild();
  const emulator = await startServer({ port: 0, quiet: true });
  let pageServer;
  let browser;
  try {
    // A meeting, a guest who joined it, and its chat thread full of Teams messages.
    const created = await fetch(new URL('emulator/meetings', emulator.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'Bench' }),
    }).then((r) => r.json());
    const threadId = created.threadId;
    const minted = emulator.tokens.mint({ kind: 'acs' });
    const joined = await fetch(new URL(`emulator/meetings/${encodeURIComponent(threadId)}/join`, emulator.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: minted.userId, displayName: 'Bench guest' }),
    });
    if (!joined.ok) throw new Error(`join failed: ${joined.status}`);

    const senders = ['Anna Bianchi', 'Bruno Martin', 'Chloé Durand', 'Dario Rossi'].map((name, i) => ({
      id: `8:orgid:00000000-0000-4000-a000-00000000000${i}`,
      name,
    }));
    const seedStarted = performance.now();
    for (let i = 0; i < MESSAGES; i++) {
      const sender = senders[Math.floor(i / 3) % senders.length];
      const html = i % 5 === 0;
      emulator.chat.postMessage(threadId, {
        senderId: sender.id,
        senderDisplayName: sender.name,
        type: html ? 'html' : 'text',
        content: html
          ? `<p>Message <b>${i + 1}</b> with <a href="https://example.com/${i}">a link</a> and some more words to wrap.</p>`
          : `Message ${i + 1}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 4))}`,
      });
    }
    const seedMs = performance.now() - seedStarted;

    pageServer = await startPageServer({
      threadId,
      token: { token: minted.token, expiresOn: minted.expiresOn, userId: minted.userId, endpoint: emulator.url },
    });
    const pageUrl = `http://127.0.0.1:${pageServer.address().port}/`;
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
    });
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pageUrl);

    // 1. Time to show the newest messages.
    const newest = `Message ${MESSAGES}`;
    const firstPaint = await page.waitForFunction(
      (text) => {
        const chat = window.__chat;
        const nodes = chat?.shadowRoot?.querySelectorAll('[part="message"]') ?? [];
        for (const node of nodes) {
          if (node.textContent.includes(text)) {
            const rect = node.getBoundingClientRect();
            const list = chat.shadowRoot.querySelector('[part="message-list"]').getBoundingClientRect();
            if (rect.bottom > list.top && rect.top < list.bottom) return performance.now() - window.__started;
          }
        }
        return false;
      },
      newest,
      { timeout: 60_000, polling: 'raf' },
    ).catch(async (error) => {
      const debug = await page.evaluate(() => {
        const chat = window.__chat;
        const list = chat?.shadowRoot?.querySelector('[part="message-list"]');
        return {
          messages: chat?.messages.length,
          text: chat?.shadowRoot?.textContent?.slice(0, 300),
          nodes: [...(chat?.shadowRoot?.querySelectorAll('[part="message"]') ?? [])].map((n) => n.textContent.trim().slice(0, 40)).slice(-3),
          scroll: list && [list.scrollTop, list.clientHeight, list.scrollHeight],
        };
      });
      console.error('bench: the newest message did not show:', JSON.stringify(debug), pageErrors);
      throw error;
    });
    const timeToNewest = await firstPaint.jsonValue().catch(() => NaN);
    const nodesAtStart = await page.evaluate(() => window.__chat.shadowRoot.querySelectorAll('[part="message"]').length);

    // 2. Scroll to the top, paging all history in; watch long tasks and the node count.
    await page.evaluate(() => {
      window.__longTasks = [];
      // A second view of jank that needs no Long Tasks API: the longest gap between frames.
      window.__maxFrameGap = 0;
      let last = performance.now();
      const frame = (now) => {
        window.__maxFrameGap = Math.max(window.__maxFrameGap, now - last);
        last = now;
        if (!window.__stopFrames) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const scrollStarted = Date.now();
    let maxNodes = nodesAtStart;
    let loaded = 0;
    for (;;) {
      const state = await page.evaluate(async () => {
        const chat = window.__chat;
        const list = chat.shadowRoot.querySelector('[part="message-list"]');
        list.scrollTop = 0;
        list.dispatchEvent(new Event('scroll'));
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 16)));
        return {
          messages: chat.messages.length,
          nodes: chat.shadowRoot.querySelectorAll('[part="message"]').length,
          top: list.scrollTop,
        };
      });
      maxNodes = Math.max(maxNodes, state.nodes);
      loaded = state.messages;
      if (loaded >= MESSAGES) break;
      if (Date.now() - scrollStarted > 240_000) break;
    }
    // Scroll the rest of the way up, to the oldest message.
    for (let i = 0; i < 50; i++) {
      const first = await page.evaluate(async () => {
        const chat = window.__chat;
        const list = chat.shadowRoot.querySelector('[part="message-list"]');
        list.scrollTop = 0;
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
        return chat.shadowRoot.querySelector('[part="message"]')?.textContent?.includes('Message 1 with') ?? false;
      });
      if (first) break;
    }
    const scrollMs = Date.now() - scrollStarted;
    const atTop = await page.evaluate(() => {
      const chat = window.__chat;
      return {
        first: chat.shadowRoot.querySelector('[part="message"]')?.textContent?.includes('Message 1 with') ?? false,
        nodes: chat.shadowRoot.querySelectorAll('[part="message"]').length,
        tasks: window.__longTasks,
        maxFrameGap: window.__maxFrameGap,
        supported: PerformanceObserver.supportedEntryTypes.includes('longtask'),
        stop: (window.__stopFrames = true),
      };
    });
    maxNodes = Math.max(maxNodes, atTop.nodes);
    const longest = atTop.tasks.reduce((max, task) => Math.max(max, task.duration), 0);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');

    console.log('\n<acs-meeting-chat> benchmark (headless Chromium, emulator on loopback)');
    console.log(`  messages in the thread            ${MESSAGES} (seeded in ${fmt(seedMs)})`);
    console.log(`  time to show the newest messages  ${fmt(timeToNewest)}`);
    console.log(`  message nodes in the DOM          ${nodesAtStart} at start, ${maxNodes} at most while scrolling (budget ≤ ${NODE_BUDGET}: ${maxNodes <= NODE_BUDGET ? 'ok' : 'OVER'})`);
    console.log(`  scrolled to the top               ${loaded} messages loaded in ${fmt(scrollMs)}; oldest shown: ${atTop.first ? 'yes' : 'no'}`);
    console.log(
      `  longest task while scrolling up   ${fmt(longest)} (${atTop.tasks.length} long tasks ≥ 50 ms; Long Tasks API ${atTop.supported ? 'supported' : 'missing'})`,
    );
    console.log(`  longest gap between frames        ${fmt(atTop.maxFrameGap)} while scrolling up`);
    console.log(`  JS heap used                      ${(usedSize / 1048576).toFixed(1)} MB of ${(totalSize / 1048576).toFixed(1)} MB`);
    if (pageErrors.length) console.log(`  page errors                       ${pageErrors.slice(0, 3).join(' | ')}`);
  } finally {
    await browser?.close();
    pageServer?.close();
    await emulator.close();
  }
}

main().catch((error) => {
  console.error('bench failed:', error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
