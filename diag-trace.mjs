import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run','--use-fake-device-for-media-stream','--use-fake-ui-for-media-stream'] });
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['camera','microphone'], ignoreHTTPSErrors: true });
const page = await ctx.newPage();
await browser.startTracing(page, { path: '/tmp/trace.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'] });
await page.goto(url);
await page.waitForTimeout(2500);
await browser.stopTracing();
await browser.close();
const events = JSON.parse(readFileSync('/tmp/trace.json', 'utf8')).traceEvents ?? JSON.parse(readFileSync('/tmp/trace.json', 'utf8'));
const main = events.filter(e => e.name === 'RunTask' && e.dur > 25000);
// find renderer main thread: thread with most 'FunctionCall'
const tids = new Map(); for (const e of events) if (e.name === 'FunctionCall' || e.name==='EvaluateScript' || e.name==='v8.evaluateModule') tids.set(`${e.pid}:${e.tid}`, (tids.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
const mainTid = [...tids].sort((a,b)=>b[1]-a[1])[0][0];
const start = Math.min(...events.filter(e=>e.ts>0).map(e=>e.ts));
for (const task of main.filter(e => `${e.pid}:${e.tid}` === mainTid)) {
  const kids = events.filter(e => `${e.pid}:${e.tid}` === mainTid && e.ph === 'X' && e.ts >= task.ts && e.ts + (e.dur??0) <= task.ts + task.dur && e !== task && e.dur > 2000 && !/AsyncTask|ThreadControllerImpl|HTMLParserScriptRunner|PendingScript|NotifyScriptLoaded|UpdateTime|LocalFrameView::|Document::Update/.test(e.name));
  console.log(`task at ${((task.ts-start)/1000).toFixed(0)} ms: ${(task.dur/1000).toFixed(0)} ms`);
  for (const k of kids) console.log(`   ${(k.dur/1000).toFixed(1).padStart(6)} ms ${k.name} ${JSON.stringify(k.args?.data?.url ?? k.args?.data?.functionName ?? k.args?.data?.stackTrace?.[0]?.url ?? '').slice(0,80)}`);
}
