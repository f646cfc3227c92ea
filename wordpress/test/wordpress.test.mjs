// @ts-check
/**
 * The WordPress plugin in a real WordPress, offline: Debian's WordPress on WordPress Playground,
 * the built plugin (dist/wordpress/acs-teams-elements) mounted and activated, its connection string
 * pointing at the project's emulator (whose Identity REST API checks every HMAC signature), and
 * headless Chromium as the visitor.
 *
 * `npm run test:wordpress` (a step of `npm test`). The first run downloads the WordPress tooling
 * (npm) and WordPress (Debian .debs) into .cache/; later runs are offline.
 * Measurements (zip size, first paint of the block page, token route time) are printed as
 * diagnostics; they are reported, not asserted.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { startServer } from '../../server/app.js';
import { chromiumLaunchOptions } from '../../scripts/chromium-launch.mjs';
import { controlRequest, eventually } from '../../test/helpers/e2e.mjs';
import { ROOT, ensureTooling, ensureWordPress, run } from './setup.mjs';
import { freePort, startPlayground } from './playground.mjs';

const SLUG = 'acs-teams-elements';
const PLUGIN = path.join(ROOT, 'dist', 'wordpress', SLUG);
const RATE_LIMIT = 12;
const MEMBER = { login: 'member', password: 'member-pass-123' };

/**
 * Waits for a condition (polling), never a fixed sleep; WordPress pages get a longer deadline.
 * @template T @param {() => Promise<T> | T} condition @param {string} what @param {number} [timeoutMs]
 */
const until = (condition, what, timeoutMs = 60_000) => eventually(condition, what, timeoutMs);

/** @type {Awaited<ReturnType<typeof startServer>>} */
let emulator;
/** @type {Awaited<ReturnType<typeof startPlayground>>} */
let wp;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Record<string, number>} */
let posts;
/** @type {{ threadId: string, meetingLink: string, meetingId: string, passcode: string }} */
let blockMeeting;
/** @type {{ threadId: string, meetingLink: string, meetingId: string, passcode: string }} */
let shortcodeMeeting;
/** @type {string[]} */
const measurements = [];

/** @param {string} method @param {string} route @param {unknown} [body] */
const control = (method, route, body) => controlRequest(emulator.url, method, route, body);

/** The token route for a post, as a page of the site would call it. @param {number} post @param {Record<string, string>} [headers] */
async function token(post, headers = { referer: `${wp.url}/` }) {
  const t0 = performance.now();
  const response = await fetch(`${wp.url}/wp-json/acs-teams/v1/token?post=${post}`, { headers });
  const body = await response.json();
  return { status: response.status, body, headers: response.headers, ms: performance.now() - t0 };
}

/** The blueprint: constants, plugin, permalinks, the test posts and a subscriber. */
function blueprint() {
  const data = Buffer.from(JSON.stringify({ block: blockMeeting, shortcode: shortcodeMeeting, member: MEMBER })).toString('base64');
  const php = `<?php
require '/wordpress/wp-load.php';
wp_set_current_user( 1 );
$d = json_decode( base64_decode( '${data}' ), true );
$block = serialize_block( array( 'blockName' => 'acs-teams-elements/meeting', 'attrs' => array( 'meetingLink' => $d['block']['meetingLink'], 'theme' => 'dark', 'locale' => 'en', 'displayName' => 'Wanda Visitor' ), 'innerBlocks' => array(), 'innerHTML' => '', 'innerContent' => array() ) );
$shortcode = '[acs_teams_meeting meeting_id="' . $d['shortcode']['meetingId'] . '" passcode="' . $d['shortcode']['passcode'] . '" chat="no" theme="light" locale="fr-ca" display_name="Sam O\\'Neil"]';
$page = function ( $slug, $content, $status = 'publish', $extra = array() ) {
	return wp_insert_post( array_merge( array( 'post_type' => 'page', 'post_title' => $slug, 'post_name' => $slug, 'post_status' => $status, 'post_content' => $content ), $extra ), true );
};
$ids = array(
	'block'     => $page( 'block-page', '<!-- wp:paragraph --><p>Join us.</p><!-- /wp:paragraph -->' . $block ),
	'shortcode' => $page( 'shortcode-page', '<p>Shortcode meeting:</p>' . $shortcode ),
	'draft'     => $page( 'draft-page', $block, 'draft' ),
	'private'   => $page( 'private-page', $block, 'private' ),
	'password'  => $page( 'password-page', $block, 'publish', array( 'post_password' => 'secret' ) ),
	'noblock'   => $page( 'plain-page', '<p>No meeting here.</p>' ),
	'rate'      => $page( 'rate-page', $shortcode ),
);
wp_insert_user( array( 'user_login' => $d['member']['login'], 'user_pass' => $d['member']['password'], 'user_email' => 'member@example.test', 'role' => 'subscriber' ) );
file_put_contents( '/wordpress/acs-test-posts.json', wp_json_encode( $ids ) );
`;
  return {
    steps: [
      {
        step: 'defineWpConfigConsts',
        consts: {
          ACS_TEAMS_CONNECTION_STRING: emulator.identity?.connectionString,
          ACS_TEAMS_EMULATOR: true,
          ACS_TEAMS_RATE_LIMIT: RATE_LIMIT,
        },
      },
      { step: 'activatePlugin', pluginPath: `${SLUG}/${SLUG}.php` },
      { step: 'setSiteOptions', options: { permalink_structure: '/%postname%/', blogname: 'ACS plugin test' } },
      { step: 'runPHP', code: php },
    ],
  };
}

before(async () => {
  const t0 = performance.now();
  const [cli, site] = await Promise.all([ensureTooling(), ensureWordPress()]);
  await run(process.execPath, [path.join(ROOT, 'scripts', 'build-wordpress.mjs')]);
  const zipBytes = statSync(path.join(ROOT, 'dist', 'wordpress', `${SLUG}.zip`)).size;
  measurements.push(`plugin zip: ${(zipBytes / 1024).toFixed(0)} KB (${zipBytes} bytes)`);
  // The visitor's page (WordPress) talks to the emulator's sockets cross-origin: the emulator only
  // accepts origins it is told about, as a real deployment's would.
  const wpPort = await freePort();
  emulator = await startServer({ port: 0, quiet: true, allowedOrigins: [`http://127.0.0.1:${wpPort}`, `http://localhost:${wpPort}`] });
  assert.ok(emulator.identity, 'the emulator runs its Identity REST API');
  blockMeeting = await control('POST', 'emulator/meetings', { topic: 'Block meeting' });
  shortcodeMeeting = await control('POST', 'emulator/meetings', { topic: 'Shortcode meeting' });
  wp = await startPlayground({ cli, site: site.dir, work: path.join(ROOT, '.cache', 'wordpress', `run-${process.pid}`), plugin: PLUGIN, slug: SLUG, blueprint: blueprint(), port: wpPort });
  posts = JSON.parse(readFileSync(path.join(wp.siteDir, 'acs-test-posts.json'), 'utf8'));
  for (const [name, id] of Object.entries(posts)) assert.ok(Number.isInteger(id) && id > 0, `post ${name} was created (${JSON.stringify(id)})`);
  browser = await chromium.launch(chromiumLaunchOptions());
  console.log(`# WordPress ${site.version} on Playground at ${wp.url}, emulator at ${emulator.url} (setup ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
});

after(async () => {
  for (const line of measurements) console.log(`# measured: ${line}`);
  await browser?.close();
  await wp?.stop();
  await emulator?.close();
});

/** Every browser context a test opened: closed after each test, passed or failed, so that no
 * leftover page (the editor's heartbeat, a call) keeps Playground's single PHP worker busy. */
const contexts = new Set();
afterEach(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  contexts.clear();
});

async function newContext() {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  contexts.add(context);
  return context;
}

/** A fresh visitor's page. @param {import('playwright-core').BrowserContext} [context] */
async function newPage(context) {
  const ctx = context ?? (await newContext());
  const page = await ctx.newPage();
  // Playground serves one request at a time; on a loaded 2-core machine a page can take a while.
  page.setDefaultTimeout(90_000);
  page.on('pageerror', (error) => console.log(`# page error: ${error.message}`));
  return page;
}

describe('the block and the shortcode', () => {
  it('the block page renders <acs-teams-meeting> for the block\'s meeting, with chat, from the plugin\'s own script module', async () => {
    const page = await newPage();
    await page.goto(`${wp.url}/?page_id=${posts.block}`);
    const found = await until(
      () =>
        page.evaluate((slug) => {
          const el = document.querySelector('acs-teams-meeting');
          if (!el || !customElements.get('acs-teams-meeting') || !el.shadowRoot) return undefined;
          const chat = el.querySelector('acs-meeting-chat');
          return {
            attributes: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
            chatSlot: chat?.getAttribute('slot'),
            chatUpgraded: Boolean(chat?.shadowRoot),
            module: [...document.querySelectorAll('script[type="module"]')].map((s) => s.getAttribute('src') ?? '').find((src) => src.includes(slug)),
          };
        }, SLUG),
      'the meeting element to upgrade',
    );
    assert.equal(found.attributes['meeting-link'], blockMeeting.meetingLink);
    assert.equal(found.attributes['token-url'], `${wp.url}/wp-json/acs-teams/v1/token?post=${posts.block}`);
    assert.equal(found.attributes.theme, 'dark');
    assert.equal(found.attributes.locale, 'en');
    assert.equal(found.attributes['display-name'], 'Wanda Visitor');
    assert.equal(found.attributes['meeting-id'], undefined);
    assert.equal(found.chatSlot, 'chat');
    assert.ok(found.chatUpgraded, '<acs-meeting-chat> upgraded');
    assert.match(found.module ?? '', new RegExp(`/wp-content/plugins/${SLUG}/dist/cdn/acs-teams-elements\\.js\\?ver=`));
    const paint = () => page.evaluate(() => performance.getEntriesByType('paint').map((e) => `${e.name} ${e.startTime.toFixed(0)} ms`).join(', '));
    measurements.push(`block page first visit (Playground serving): ${await paint()}`);
    await page.reload();
    await until(() => page.evaluate(() => Boolean(document.querySelector('acs-teams-meeting')?.shadowRoot)), 'the element after a reload');
    measurements.push(`block page reload (cached module): ${await paint()}`);
    await page.context().close();
  });

  it('the shortcode page renders the meeting from its ID and passcode, escaped, without chat', async () => {
    const page = await newPage();
    await page.goto(`${wp.url}/?page_id=${posts.shortcode}`);
    const found = await until(
      () =>
        page.evaluate(() => {
          const el = document.querySelector('acs-teams-meeting');
          if (!el?.shadowRoot) return undefined;
          return { attributes: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])), chat: Boolean(el.querySelector('acs-meeting-chat')), html: el.outerHTML };
        }),
      'the shortcode element to upgrade',
    );
    assert.equal(found.attributes['meeting-id'], shortcodeMeeting.meetingId);
    assert.equal(found.attributes.passcode, shortcodeMeeting.passcode);
    assert.equal(found.attributes['meeting-link'], undefined);
    assert.equal(found.attributes['display-name'], "Sam O'Neil");
    assert.equal(found.attributes.locale, 'fr-CA', 'the shortcode\'s language, matched regardless of case');
    assert.equal(found.attributes.theme, 'light');
    assert.equal(found.chat, false);
    const raw = await (await fetch(`${wp.url}/?page_id=${posts.shortcode}`)).text();
    assert.match(raw, /display-name="Sam O&#039;Neil"/, 'the server escaped the attribute');
    await page.context().close();
  });
});

describe('the token route', () => {
  it('issues {token, expiresOn, userId, endpoint} for published pages with the block or the shortcode', async () => {
    for (const name of ['block', 'shortcode']) {
      const answer = await token(posts[name]);
      assert.equal(answer.status, 200, `${name}: ${JSON.stringify(answer.body)}`);
      assert.match(answer.body.userId, /^8:acs:/);
      assert.equal(answer.body.endpoint, emulator.identity?.endpoint ?? emulator.url);
      assert.equal(answer.body.token.split('.').length, 3);
      const lifetime = Date.parse(answer.body.expiresOn) - Date.now();
      assert.ok(lifetime > 55 * 60_000 && lifetime <= 61 * 60_000, `60-minute token (${lifetime} ms)`);
      assert.match(answer.headers.get('cache-control') ?? '', /no-store/);
      const claims = JSON.parse(Buffer.from(answer.body.token.split('.')[1], 'base64url').toString());
      assert.deepEqual(String(claims.acsScope).split(',').sort(), ['chat', 'voip']);
    }
  });

  it('refuses drafts, private and password-protected pages, pages without a meeting and unknown posts (403)', async () => {
    for (const name of ['draft', 'private', 'password', 'noblock']) {
      const answer = await token(posts[name]);
      assert.equal(answer.status, 403, name);
      assert.equal(answer.body.code, 'acs_teams_no_meeting', name);
    }
    assert.equal((await token(999_999)).status, 403, 'unknown post');
  });

  it('refuses a foreign origin, a foreign referer, and a request with neither (403)', async () => {
    const foreign = [{ origin: 'http://127.0.0.1:1', referer: `${wp.url}/` }, { referer: 'https://evil.example/page' }, {}];
    for (const headers of foreign) {
      const answer = await token(posts.block, headers);
      assert.equal(answer.status, 403, JSON.stringify(headers));
      assert.equal(answer.body.code, 'acs_teams_foreign_origin');
    }
    assert.equal((await token(posts.block, { 'sec-fetch-site': 'same-origin' })).status, 200, 'a same-origin fetch without Referer');
    assert.equal((await token(posts.block, { 'sec-fetch-site': 'cross-site' })).status, 403);
  });

  it(`answers 429 past ${RATE_LIMIT} tokens per IP and page, with Retry-After`, async () => {
    /** @type {number[]} */
    const times = [];
    for (let i = 0; i < RATE_LIMIT; i++) {
      const answer = await token(posts.rate);
      assert.equal(answer.status, 200, `request ${i + 1}`);
      times.push(answer.ms);
    }
    const limited = await token(posts.rate);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await token(posts.shortcode)).status, 200, 'another page has its own budget');
    times.sort((a, b) => a - b);
    measurements.push(`token route (Node fetch → Playground PHP → emulator, ${times.length} requests): median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times.at(-1)?.toFixed(0)} ms`);
  });

  it('logged-in users: the token URL carries the REST nonce, the identity is stable, a missing or bad nonce gets 403', async () => {
    const page = await newPage(await newContext());
    await page.goto(`${wp.url}/wp-login.php`);
    await page.fill('#user_login', MEMBER.login);
    await page.fill('#user_pass', MEMBER.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('wp-login.php')), page.click('#wp-submit')]);
    await page.goto(`${wp.url}/?page_id=${posts.block}`);
    const tokenUrl = await until(() => page.evaluate(() => document.querySelector('acs-teams-meeting')?.getAttribute('token-url')), 'the token URL');
    assert.match(tokenUrl, /[?&]_wpnonce=[0-9a-f]{10}/);
    const fetchJson = (/** @type {string} */ url) => page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, body: await r.json() };
    }, url);
    const first = await fetchJson(tokenUrl);
    const second = await fetchJson(tokenUrl);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(second.status, 200);
    assert.equal(second.body.userId, first.body.userId, 'the same ACS identity for the same WordPress user');
    const noNonce = await fetchJson(tokenUrl.replace(/[?&]_wpnonce=[^&]+/, ''));
    assert.equal(noNonce.status, 403);
    assert.equal(noNonce.body.code, 'acs_teams_nonce_required');
    const badNonce = await fetchJson(tokenUrl.replace(/_wpnonce=[^&]+/, '_wpnonce=0123456789'));
    assert.equal(badNonce.status, 403);
    assert.equal(badNonce.body.code, 'rest_cookie_invalid_nonce');
    // A visitor's browser keeps its identity in a signed HttpOnly cookie, so that a token refresh is
    // the same participant; without it (or with a forged one) a visitor gets a new identity.
    const v1 = await token(posts.block);
    const cookie = v1.headers.getSetCookie().find((c) => c.startsWith('acs_teams_visitor='));
    assert.ok(cookie, 'the first token sets the visitor cookie');
    assert.match(cookie, /; *HttpOnly/i);
    assert.match(cookie, /; *path=\/wp-json\/acs-teams\/v1\//i, 'sent only to the plugin\'s routes');
    assert.match(cookie, /samesite=lax/i);
    const pair = cookie.split(';')[0];
    const again = await token(posts.block, { referer: `${wp.url}/`, cookie: pair });
    assert.equal(again.status, 200);
    assert.equal(again.body.userId, v1.body.userId, 'the refresh is the same ACS identity');
    const other = await token(posts.block);
    assert.notEqual(other.body.userId, v1.body.userId, 'another browser, another identity');
    assert.notEqual(v1.body.userId, first.body.userId);
    // The cookie with another visitor's identity put in, under the first one's signature.
    const parts = decodeURIComponent(pair.slice('acs_teams_visitor='.length)).split('|');
    assert.equal(parts.length, 4, 'identity|resource|expiry|signature');
    parts[0] = other.body.userId;
    const refused = await token(posts.block, { referer: `${wp.url}/`, cookie: `acs_teams_visitor=${encodeURIComponent(parts.join('|'))}` });
    assert.equal(refused.status, 200);
    assert.ok(![v1.body.userId, other.body.userId].includes(refused.body.userId), 'a forged cookie gets a new identity, never the one it names');
    await page.context().close();
  });
});

describe('the administrator', () => {
  /** A page logged in as Playground's administrator (admin / password). */
  async function adminPage() {
    const page = await newPage();
    await page.goto(`${wp.url}/wp-login.php`);
    await page.fill('#user_login', 'admin');
    await page.fill('#user_pass', 'password');
    await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('wp-login.php')), page.click('#wp-submit')]);
    return page;
  }

  it('the editor offers the block, with its sidebar settings and a placeholder instead of a live call', async () => {
    const page = await adminPage();
    await page.goto(`${wp.url}/wp-admin/post-new.php?post_type=page`);
    await until(() => page.evaluate(() => Boolean(/** @type {any} */ (window).wp?.blocks?.getBlockType('acs-teams-elements/meeting')?.edit)), 'the block type in the editor', 60_000);
    const names = await page.evaluate(() => /** @type {any} */ (window).acsTeamsElementsEditor?.locales);
    assert.equal(Object.keys(names ?? {}).length, 24, 'the block\'s language list has the 24 languages');
    assert.equal(names['fr-CA'], 'Français (Canada)');
    // Insert only once the editor has loaded its (empty) post, or the insertion is lost.
    await until(
      () =>
        page.evaluate(() => {
          const editor = /** @type {any} */ (window).wp.data.select('core/editor');
          return typeof editor.__unstableIsEditorReady === 'function' ? editor.__unstableIsEditorReady() : Boolean(editor.getCurrentPostId());
        }),
      'the editor to be ready',
      120_000,
    );
    const link = blockMeeting.meetingLink;
    await page.evaluate((meetingLink) => {
      const wpg = /** @type {any} */ (window).wp;
      wpg.data.dispatch('core/block-editor').insertBlocks(wpg.blocks.createBlock('acs-teams-elements/meeting', { meetingLink, startMuted: true }));
    }, link);
    const canvas = page.frameLocator('iframe[name="editor-canvas"]');
    const placeholder = canvas.locator('.acs-teams-meeting-placeholder');
    // Generous: on a loaded 2-core machine the block editor alone takes tens of seconds.
    await placeholder.waitFor({ timeout: 120_000 });
    const text = (await placeholder.textContent()) ?? '';
    assert.match(text, /Teams meeting/);
    assert.match(text, /teams\.microsoft\.com/);
    assert.match(text, /starts muted/);
    assert.equal(await canvas.locator('acs-teams-meeting').count(), 0, 'no live call in the editor');
    await page.context().close();
  });

  it('the settings page never prints the connection string and "Test connection" reaches the identity service', async () => {
    const page = await adminPage();
    await page.goto(`${wp.url}/wp-admin/options-general.php?page=acs-teams-elements`);
    const html = await page.content();
    const key = /accesskey=([^;]+)/.exec(emulator.identity?.connectionString ?? '')?.[1] ?? '';
    assert.ok(key.length > 10);
    assert.ok(!html.includes(key), 'the access key is not in the page');
    assert.match(await page.locator('#acs-teams-connection-status').innerText(), /wp-config\.php/);
    assert.equal(await page.locator('#acs-teams-connection').count(), 0, 'no field while the constant is set');
    const languages = await page.locator('#acs-teams-locale option').evaluateAll((options) => options.map((o) => /** @type {HTMLOptionElement} */ (o).value));
    assert.equal(languages.length, 25, 'the page\'s language and the 24 the elements ship with');
    assert.ok(languages.includes('fr-CA') && languages.includes('ar-SA'), languages.join(' '));
    const before = emulator.identity?.stats.verified ?? 0;
    // Any outcome ends on a notice; waiting for that one (not only for success) makes a failure say why.
    await Promise.all([page.waitForURL(/acs-teams-notice=/), page.click('input[value="Test connection"]')]);
    const notice = await page.locator('.notice').first().innerText();
    assert.match(page.url(), /acs-teams-notice=test-ok/, `the notice said: ${notice}`);
    assert.match(notice, /Connection works/);
    assert.equal(emulator.identity?.stats.verified, before + 1);
    await page.context().close();
  });
});

describe('a visitor in the meeting', () => {
  it('joins the simulated Teams meeting from the block page and chats both ways', async () => {
    const page = await newPage();
    await page.goto(`${wp.url}/?page_id=${posts.block}`);
    await until(() => page.evaluate(() => Boolean(document.querySelector('acs-teams-meeting')?.shadowRoot?.querySelector('[part="join-button"]'))), 'the Join button');
    await page.evaluate(() => /** @type {HTMLElement | null | undefined} */ (document.querySelector('acs-teams-meeting')?.shadowRoot?.querySelector('[part="join-button"]'))?.click());
    const path = `emulator/meetings/${encodeURIComponent(blockMeeting.threadId)}`;
    await until(async () => (await control('GET', path)).participants.some((/** @type {any} */ p) => p.displayName === 'Wanda Visitor' && p.state === 'connected'), 'Wanda in the emulator\'s meeting');
    await until(() => page.evaluate(() => /** @type {any} */ (document.querySelector('acs-teams-meeting'))?.state?.phase === 'connected'), 'the element to say connected');

    await until(() => page.evaluate(() => /** @type {any} */ (document.querySelector('acs-meeting-chat'))?.send('Hello from WordPress') !== undefined), 'the chat to accept a message');
    await until(() => emulator.chat.listMessages(blockMeeting.threadId).value.some((/** @type {any} */ m) => m.content?.message?.includes('Hello from WordPress')), 'the message in the meeting chat');
    await control('POST', `${path}/messages`, { text: 'Welcome, Wanda' });
    await until(() => page.evaluate(() => /** @type {any} */ (document.querySelector('acs-meeting-chat'))?.messages.some((/** @type {any} */ m) => m.text?.includes('Welcome, Wanda'))), 'the Teams message in the visitor\'s chat');
    await page.context().close();
  });

  it('the emulator verified the HMAC signature of every identity request the plugin sent', () => {
    const stats = /** @type {{ verified: number, rejected: number, requests: { path: string, verified: boolean }[] }} */ (emulator.identity?.stats);
    assert.ok(stats.verified >= 10, `identity requests seen: ${stats.verified}`);
    assert.equal(stats.rejected, 0, JSON.stringify(stats.requests.filter((r) => !r.verified)));
    assert.ok(stats.requests.some((r) => r.path.endsWith('/:issueAccessToken')), 'the logged-in user\'s identity got a new token (issueAccessToken)');
    assert.ok(stats.requests.some((r) => r.path === '/identities'), 'visitors got new identities (POST /identities)');
  });
});
