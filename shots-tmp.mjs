import { chromium } from 'playwright-core';
const [url, tag = ''] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run','--use-fake-device-for-media-stream','--use-fake-ui-for-media-stream'] });
for (const [w, h] of [[390, 844], [740, 600], [1280, 800]]) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, permissions: ['camera','microphone'], ignoreHTTPSErrors: true, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('acs-teams-meeting')?.shadowRoot?.querySelector('video')?.readyState >= 2, null, { timeout: 20000 });
  await page.waitForTimeout(2000);
  await page.screenshot({ path: `/tmp/setup-${w}${tag}.png` });
  await page.evaluate(() => { const r = document.querySelector('acs-teams-meeting').shadowRoot; r.querySelector('#setup-camera').click(); r.querySelector('#setup-mic').click(); r.querySelector('details').open = true; });
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/setup-${w}${tag}-off.png` });
  const overflow = await page.evaluate(() => { const r = document.querySelector('acs-teams-meeting').shadowRoot.querySelector('[part=setup]'); return { sw: r.scrollWidth, cw: r.clientWidth, sh: r.scrollHeight, ch: r.clientHeight }; });
  console.log(w, h, JSON.stringify(overflow));
  await ctx.close();
}
await browser.close();
