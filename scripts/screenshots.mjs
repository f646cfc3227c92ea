#!/usr/bin/env node
/**
 * `npm run screenshots`: retakes the documentation's pictures, so they never go stale.
 *
 * 1. docs/screenshots/{setup,meeting,chat,end}-<W>x<H>.png and mobile-more.png: written by the
 *    layout browser test (test/browser/teams-meeting-layout.test.ts) at 360×640, 390×844, 740×600
 *    and 1280×800, the same run that asserts no overflow, one control row and the self-view.
 * 2. docs/screenshot.png (README) and docs/screenshots/organizer-chat.png: the demo page in a
 *    simulated meeting on the emulator, side by side with the organizer console reading the chat
 *    (built dist/, real calling and chat SDKs, fake camera).
 *
 * 3. docs/screenshots/rtl-{setup,meeting,chat}-{ar-SA,he-IL}.png: the right-to-left browser test
 *    (test/browser/rtl.test.ts) saves them under test-results/screenshots; they are copied here.
 *
 * Runs one browser at a time (the machines this runs on are small). Exits non-zero on failure.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildIsCurrent } from './fingerprint.mjs';
import { chromiumLaunchOptions } from './chromium-launch.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docs = path.join(root, 'docs');

/** @param {string} command @param {string[]} args @param {Record<string, string>} [env] */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

// 1. The layout test writes its screenshots.
run(process.execPath, [path.join(root, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js'), 'test/browser/teams-meeting-layout.test.ts'], {
  ACS_SCREENSHOTS: '1',
});

// 3 (first, while no server of ours runs). The right-to-left views, as the RTL test sees them.
run(process.execPath, [path.join(root, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js'), 'test/browser/rtl.test.ts']);
for (const view of ['setup', 'meeting', 'chat']) {
  for (const locale of ['ar-SA', 'he-IL']) {
    copyFileSync(path.join(root, 'test-results', 'screenshots', `${view}-${locale}.png`), path.join(docs, 'screenshots', `rtl-${view}-${locale}.png`));
  }
}

// 2. The demo against the emulator, with a build of the current sources.
if (!buildIsCurrent(root)) run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
const { startServer } = await import('../server/app.js');
const server = await startServer({ port: 0, quiet: true });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(`${server.url}index.html`);
  await page.selectOption('#preset', 'recording');
  await page.fill('#display-name', 'Ada Lovelace');
  await page.click('#setup button[type="submit"]');
  await page.locator('acs-teams-meeting [part="join-button"]').click({ timeout: 60_000 });
  await page.locator('acs-teams-meeting [part="controls"]').waitFor({ timeout: 60_000 });
  const organizerHref = await page.getAttribute('#organizer-link', 'href');
  const threadId = new URL(organizerHref ?? '', server.url).searchParams.get('threadId') ?? '';
  const meeting = `${server.url}emulator/meetings/${encodeURIComponent(threadId)}`;
  const post = (/** @type {string} */ suffix, /** @type {unknown} */ body) =>
    fetch(`${meeting}${suffix}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post('/participants', { displayName: 'Grace Hopper', kind: 'teams', video: true, muted: false });
  await post('/participants', { displayName: 'Alan Turing', kind: 'teams', muted: true });
  await post('/messages', { displayName: 'Grace Hopper', html: '<p>Welcome! The slides are in the <b>shared folder</b>.</p>' });
  await page.locator('acs-teams-meeting [data-participant]').nth(1).waitFor({ timeout: 20_000 });
  await page.locator('acs-teams-meeting [data-participant][data-video="on"]').first().waitFor({ timeout: 20_000 });
  // The element is ~950 px wide in the demo's middle column: the chat opens beside the video.
  await page.locator('acs-teams-meeting #ctl-chat').click();
  const composer = page.locator('acs-meeting-chat textarea[part="composer"]');
  await composer.waitFor({ timeout: 30_000 });
  await composer.fill('Thanks, I can see them.');
  await composer.press('Enter');
  await page.waitForTimeout(1500); // lets the video frames and the sent tick settle for the picture
  await page.locator('acs-teams-meeting').screenshot({ path: path.join(docs, 'screenshot.png') });

  const organizer = await context.newPage();
  await organizer.setViewportSize({ width: 900, height: 900 });
  await organizer.goto(`${server.url}organizer.html?threadId=${encodeURIComponent(threadId)}`);
  await organizer.locator('#chat-log li', { hasText: 'Thanks, I can see them.' }).waitFor({ timeout: 20_000 });
  await organizer.locator('#chat-card').scrollIntoViewIfNeeded();
  await organizer.locator('#chat-card').screenshot({ path: path.join(docs, 'screenshots', 'organizer-chat.png') });
  console.log('screenshots: docs/screenshot.png, docs/screenshots/*.png');
} finally {
  await browser.close();
  await server.close();
}
