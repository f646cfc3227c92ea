/**
 * The iframe embed (GET /embed) in Chromium, across real origins: the emulator serves the embed;
 * two more loopback servers serve parent pages, one on the embed's allow-list (EMBED_ORIGINS) and
 * one not. Needs `npm run build` (dist/cdn/embed.html). `npm run test:embed`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from '../../server/app.js';
import { embedContentSecurityPolicy, parseEmbedOrigins } from '../../server/embed.js';
import { chromiumLaunchOptions } from '../../scripts/chromium-launch.mjs';
import { controlRequest, eventually as until } from '../helpers/e2e.mjs';

type Server = Awaited<ReturnType<typeof startServer>>;
interface Received {
  origin: string;
  type: string;
  detail: Record<string, unknown>;
}
interface Meeting {
  threadId: string;
  meetingLink: string;
}

const ALLOW = 'camera; microphone; display-capture; autoplay; fullscreen; picture-in-picture';

/** A parent page: records every message from the embed; `?attack=<embed origin>` makes it a hostile frame that commands its sibling embed. */
const PARENT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>parent</title></head><body><script>
window.received = [];
addEventListener('message', (e) => { if (e.data && e.data.source === 'acs-teams-elements') received.push({ origin: e.origin, type: e.data.type, detail: e.data.detail }); });
const attack = new URLSearchParams(location.search).get('attack');
if (attack) {
  parent.frames[0].postMessage({ source: 'acs-teams-elements', command: 'leave' }, '*');
  parent.frames[0].postMessage({ source: 'acs-teams-elements', command: 'setMuted', muted: true }, attack);
  parent.postMessage({ attacked: true }, '*');
}
</script></body></html>`;

function parentServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PARENT);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

let emulator: Server;
let allowed: Awaited<ReturnType<typeof parentServer>>;
let foreign: Awaited<ReturnType<typeof parentServer>>;
let browser: Browser;

const control = <T = any>(method: string, route: string, body?: unknown): Promise<T> => controlRequest(emulator.url, method, route, body);

const meetingPath = (meeting: Meeting) => `emulator/meetings/${encodeURIComponent(meeting.threadId)}`;
const participant = async (meeting: Meeting, name: string) =>
  (await control<{ participants: { displayName: string; state: string; muted: boolean }[] }>('GET', meetingPath(meeting))).participants.find((p) => p.displayName === name);

function embedSrc(meeting: Meeting, name: string): string {
  const params = new URLSearchParams({ 'meeting-link': meeting.meetingLink, 'display-name': name, 'skip-setup': 'yes', chat: 'no', locale: 'en' });
  return `${emulator.url}embed?${params}`;
}

async function openParent(origin: string, src: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.evaluate(
    ([frameSrc, allow]) => {
      const frame = document.createElement('iframe');
      frame.src = frameSrc;
      frame.allow = allow;
      frame.title = 'Teams meeting';
      frame.style.cssText = 'width: 900px; height: 640px; border: 0';
      document.body.append(frame);
    },
    [src, ALLOW],
  );
  return page;
}

const received = (page: Page) => page.evaluate(() => (window as unknown as { received: Received[] }).received);

before(async () => {
  allowed = await parentServer();
  foreign = await parentServer();
  emulator = await startServer({ port: 0, quiet: true, embedOrigins: [allowed.origin] });
  browser = await chromium.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
  await emulator?.close();
  await allowed?.close();
  await foreign?.close();
});

describe('GET /embed', () => {
  it('names the allow-list in frame-ancestors and in the page, and nothing else', async () => {
    const response = await fetch(`${emulator.url}embed?meeting-link=x`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, new RegExp(`frame-ancestors 'self' ${allowed.origin.replace(/\./g, '\\.')}(;|$)`));
    assert.doesNotMatch(csp, /frame-ancestors[^;]*\*/);
    const html = await response.text();
    assert.ok(html.includes(`<meta name="acs-embed-origins" content="${allowed.origin}" />`));
    assert.ok(html.includes('src="/dist/cdn/embed.js"'));
  });

  it('refuses an EMBED_ORIGINS entry that is not an origin, and frames nowhere without a list', () => {
    assert.deepEqual(parseEmbedOrigins([' https://a.example/ ', 'http://127.0.0.1:8080']), ['https://a.example', 'http://127.0.0.1:8080']);
    for (const bad of ['*', 'https://a.example/path', 'javascript:alert(1)', 'a.example', "https://a.example 'unsafe-inline'"]) {
      assert.throws(() => parseEmbedOrigins([bad]), /EMBED_ORIGINS/, bad);
    }
    assert.match(embedContentSecurityPolicy([]), /frame-ancestors 'self'(;|$)/);
  });
});

describe('the embed in a parent page', () => {
  it('an allow-listed parent receives the events (acs-recording-changed) and may command it; a hostile sibling frame may not', async () => {
    const meeting = await control<Meeting>('POST', 'emulator/meetings', { topic: 'Embedded' });
    const page = await openParent(allowed.origin, embedSrc(meeting, 'Embedded Ann'));
    await until(async () => (await participant(meeting, 'Embedded Ann'))?.state === 'connected', 'the embed to join the meeting');
    await until(async () => (await received(page)).some((m) => m.type === 'acs-joined'), 'acs-joined in the parent');

    await control('PATCH', meetingPath(meeting), { recording: true });
    const recording = await until(async () => (await received(page)).find((m) => m.type === 'acs-recording-changed' && m.detail.active === true), 'acs-recording-changed in the parent');
    assert.equal(recording.origin, new URL(emulator.url).origin);
    assert.ok((await received(page)).every((m) => m.origin === new URL(emulator.url).origin && m.type.startsWith('acs-')));

    const embedOrigin = new URL(emulator.url).origin;
    await page.evaluate((target) => document.querySelector('iframe')!.contentWindow!.postMessage({ source: 'acs-teams-elements', command: 'setMuted', muted: true }, target), embedOrigin);
    await until(async () => (await participant(meeting, 'Embedded Ann'))?.muted === true, 'the setMuted command to mute the guest');
    await page.evaluate((target) => document.querySelector('iframe')!.contentWindow!.postMessage({ source: 'acs-teams-elements', command: 'setMuted', muted: false }, target), embedOrigin);
    await until(async () => (await participant(meeting, 'Embedded Ann'))?.muted === false, 'the guest to be unmuted again');

    // A frame from a non-listed origin inside the same parent sends leave and setMuted to the embed.
    await page.evaluate(() => {
      (window as unknown as { attacked: boolean }).attacked = false;
      addEventListener('message', (e) => {
        if (e.data?.attacked) (window as unknown as { attacked: boolean }).attacked = true;
      });
    });
    await page.evaluate(([src]) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, [`${foreign.origin}/?attack=${encodeURIComponent(embedOrigin)}`]);
    await until(() => page.evaluate(() => (window as unknown as { attacked: boolean }).attacked), 'the hostile frame to send its commands');
    // A barrier: a command from the parent, posted after the hostile ones, takes effect; by then the
    // hostile ones were delivered (and ignored).
    await page.evaluate((target) => document.querySelector('iframe')!.contentWindow!.postMessage({ source: 'acs-teams-elements', command: 'setMuted', muted: true }, target), embedOrigin);
    await until(async () => (await participant(meeting, 'Embedded Ann'))?.muted === true, 'the parent\'s command after the hostile ones');
    assert.equal((await participant(meeting, 'Embedded Ann'))?.state, 'connected', 'the hostile leave was ignored');

    await page.evaluate((target) => document.querySelector('iframe')!.contentWindow!.postMessage({ source: 'acs-teams-elements', command: 'leave' }, target), embedOrigin);
    await until(async () => !(await participant(meeting, 'Embedded Ann')), 'the parent\'s leave command');
    await until(async () => (await received(page)).some((m) => m.type === 'acs-left'), 'acs-left in the parent');
    await page.context().close();
  });

  it('a parent that is not on the list cannot frame it, so it receives nothing and cannot command it', async () => {
    const meeting = await control<Meeting>('POST', 'emulator/meetings', { topic: 'Not embeddable here' });
    const page = await openParent(foreign.origin, embedSrc(meeting, 'Blocked Bob'));
    const frame = await until(() => page.frames().find((f) => f !== page.mainFrame() && f.url() !== 'about:blank'), 'the iframe to settle');
    await until(() => frame.url().startsWith('chrome-error://'), 'Chromium to block the frame (frame-ancestors)');
    await page.evaluate((target) => document.querySelector('iframe')!.contentWindow!.postMessage({ source: 'acs-teams-elements', command: 'leave' }, target), new URL(emulator.url).origin);
    await control('PATCH', meetingPath(meeting), { recording: true });
    assert.deepEqual(await received(page), []);
    assert.equal(await participant(meeting, 'Blocked Bob'), undefined);
    await page.context().close();
  });
});
