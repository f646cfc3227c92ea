/**
 * The script-tag build (dist/cdn/acs-teams-elements.js, src/autoload.ts) in Chromium, as a page
 * gets it: the loader defines only the elements the page has, keeps what the page set before the
 * upgrade, reports a chunk that cannot load, and defines a meeting before the chat that needs its
 * context. Needs `npm run build`. Part of `npm run test:embed`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { chromiumLaunchOptions } from '../../scripts/chromium-launch.mjs';
import { eventually as until } from '../helpers/e2e.mjs';

const CDN = path.resolve('dist/cdn');
const built = existsSync(path.join(CDN, 'acs-teams-elements.js'));

/** Pages by path; anything under /cdn/ is dist/cdn. */
const PAGES: Record<string, string> = {
  // A classic script runs before the module entry: it sets a property and a listener on the
  // element before its code exists, as a CMS snippet or an early inline script would.
  '/meeting': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>meeting</title>
<script type="module" src="/cdn/acs-teams-elements.js"></script></head><body>
<acs-teams-meeting id="m" meeting-link="https://example.com/not-a-teams-link"></acs-teams-meeting>
<script>
  window.errors = [];
  const m = document.getElementById('m');
  m.tokenProvider = async () => ({ token: 'not-used', expiresOn: new Date(0).toISOString() });
  m.strings = { 'meeting.label': 'Set before the upgrade' };
  m.addEventListener('acs-error', (e) => errors.push(e.detail.code));
</script></body></html>`,
  '/chat': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chat</title>
<script type="module" src="/cdn/acs-teams-elements.js"></script></head><body>
<acs-meeting-chat id="c" locale="fr-FR"></acs-meeting-chat>
<script>
  window.errors = [];
  const c = document.getElementById('c');
  c.strings = { 'errors.sdk-load-failed': 'Le chat ne peut pas se charger (texte de la page).' };
  c.addEventListener('acs-error', (e) => errors.push(e.detail));
</script></body></html>`,
  '/empty': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>empty</title>
<script type="module" src="/cdn/acs-teams-elements.js"></script></head><body></body></html>`,
  '/both': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>both</title>
<script>
  window.defined = [];
  const define = customElements.define.bind(customElements);
  customElements.define = (tag, ...rest) => { defined.push(tag); return define(tag, ...rest); };
</script>
<script type="module" src="/cdn/acs-teams-elements.js"></script></head><body>
<acs-teams-meeting token-url="/token" meeting-link="https://example.com/x"><acs-meeting-chat slot="chat"></acs-meeting-chat></acs-teams-meeting>
</body></html>`,
};

function serve(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const page = PAGES[url.pathname];
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
      return;
    }
    const file = path.join(CDN, path.normalize(url.pathname.replace(/^\/cdn\//, '')).replace(/^(\.\.[/\\])+/, ''));
    if (url.pathname.startsWith('/cdn/') && file.startsWith(CDN) && existsSync(file)) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

describe('the script-tag loader (dist/cdn)', { skip: !built && 'not built: run npm run build' }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve();
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(pathname: string, route?: (page: Page) => Promise<unknown>): Promise<{ page: Page; requested: string[] }> {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await route?.(page);
    await page.goto(`${server.origin}${pathname}`);
    return { page, requested };
  }

  it('a meeting page loads the meeting element only, with what the page set before the upgrade', async () => {
    const { page, requested } = await open('/meeting');
    try {
      await page.evaluate(() => customElements.whenDefined('acs-teams-meeting'));
      // The token provider set before the upgrade is kept: the error is about the link, not a missing token source.
      const errors = await until(() => page.evaluate(() => ((window as any).errors as string[]).length && (window as any).errors), 'an acs-error');
      assert.deepEqual(errors, ['invalid-meeting-link']);
      const kept = await page.evaluate(() => {
        const m = document.getElementById('m') as any;
        return { strings: m.strings, join: typeof m.join, provider: typeof m.tokenProvider };
      });
      assert.deepEqual(kept, { strings: { 'meeting.label': 'Set before the upgrade' }, join: 'function', provider: 'function' });
      assert.equal(await page.evaluate(() => customElements.get('acs-meeting-chat') ?? customElements.get('acs-teams-call')), undefined);
      const chunks = requested.filter((p) => p.startsWith('/cdn/chunks/')).map((p) => path.posix.basename(p));
      assert.ok(chunks.some((c) => c.startsWith('teams-meeting-')), `the meeting chunk loaded: ${chunks.join(' ')}`);
      assert.ok(!chunks.some((c) => /^(meeting-chat|teams-call)-/.test(c)), `no other element's chunk: ${chunks.join(' ')}`);
      // Its static imports start with it (modulepreload), not after it.
      const preloads = await page.evaluate(() => [...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => (l as HTMLLinkElement).href));
      assert.ok(preloads.length > 0, 'the meeting chunk imports are preloaded');
    } finally {
      await page.close();
    }
  });

  it('defines a tag added later, and ready(tag) loads one that is not in the document', async () => {
    const { page } = await open('/meeting');
    try {
      await page.evaluate(() => customElements.whenDefined('acs-teams-meeting'));
      const later = await page.evaluate(async () => {
        document.body.append(document.createElement('acs-meeting-chat'));
        await customElements.whenDefined('acs-meeting-chat');
        return typeof (document.querySelector('acs-meeting-chat') as any).send;
      });
      assert.equal(later, 'function');
      const viaReady = await page.evaluate(async () => {
        const { ready } = await import('/cdn/acs-teams-elements.js' as string);
        await ready('acs-teams-call');
        const unknown = await ready('acs-nope').then(
          () => 'resolved',
          (error: Error) => error.name,
        );
        return { call: Boolean(customElements.get('acs-teams-call')), unknown };
      });
      assert.deepEqual(viaReady, { call: true, unknown: 'TypeError' });
    } finally {
      await page.close();
    }
  });

  it('a chunk that cannot load fires acs-error sdk-load-failed on the element, and loads when the browser is back online', async () => {
    let blocked = true;
    const { page } = await open('/chat', (p) =>
      p.route(/\/cdn\/chunks\/meeting-chat-[^/]+\.js$/, (route: Route) => (blocked ? route.abort('internetdisconnected') : route.continue())),
    );
    try {
      const errors = await until(() => page.evaluate(() => ((window as any).errors as unknown[]).length && (window as any).errors), 'acs-error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].code, 'sdk-load-failed');
      assert.equal(errors[0].recoverable, true);
      assert.equal(errors[0].message, 'Le chat ne peut pas se charger (texte de la page).', 'the page\'s override, set before the upgrade');
      assert.equal(await page.evaluate(() => Boolean(customElements.get('acs-meeting-chat'))), false);
      blocked = false;
      await page.evaluate(() => dispatchEvent(new Event('online')));
      await page.evaluate(() => customElements.whenDefined('acs-meeting-chat'));
    } finally {
      await page.close();
    }
  });

  it('defines the meeting before the chat slotted in it, even when the chat chunk arrives first', async () => {
    let chatServed!: () => void;
    const chatArrived = new Promise<void>((resolve) => (chatServed = resolve));
    const { page } = await open('/both', async (p) => {
      await p.route(/\/cdn\/chunks\/meeting-chat-[^/]+\.js$/, async (route: Route) => {
        await route.continue();
        chatServed();
      });
      await p.route(/\/cdn\/chunks\/teams-meeting-[^/]+\.js$/, async (route: Route) => {
        await chatArrived;
        await route.continue();
      });
    });
    try {
      await page.evaluate(() => Promise.all([customElements.whenDefined('acs-teams-meeting'), customElements.whenDefined('acs-meeting-chat')]));
      assert.deepEqual(await page.evaluate(() => (window as any).defined), ['acs-teams-meeting', 'acs-meeting-chat']);
    } finally {
      await page.close();
    }
  });

  it('a chat defined before the meeting it is then slotted in still gets the meeting (ContextRoot)', async () => {
    const { page } = await open('/empty');
    try {
      const reason = await page.evaluate(async () => {
        const { ready } = await import('/cdn/acs-teams-elements.js' as string);
        await ready('acs-meeting-chat');
        const states: string[] = [];
        const chat = document.createElement('acs-meeting-chat');
        chat.slot = 'chat';
        chat.addEventListener('acs-chat-state-changed', (e) => states.push(`${(e as CustomEvent).detail.state}/${(e as CustomEvent).detail.reason}`));
        const meeting = document.createElement('acs-teams-meeting');
        meeting.setAttribute('token-url', '/token');
        meeting.append(chat);
        document.body.append(meeting);
        await customElements.whenDefined('acs-teams-meeting');
        for (let i = 0; i < 200 && !states.includes('unavailable/not-joined'); i++) await new Promise(requestAnimationFrame);
        return states;
      });
      assert.ok(reason.includes('unavailable/not-joined'), `the chat follows the meeting (not joined yet): ${reason.join(' ')}`);
    } finally {
      await page.close();
    }
  });
});
