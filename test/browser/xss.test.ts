/**
 * XSS: hostile message HTML, display names and topics reach <acs-meeting-chat> through the real chat
 * SDK and the emulator. Every payload calls `__pwn()` if it ever runs; the flag must never flip, and
 * the rendered shadow DOM must hold no handler attribute, no script-ish element, no javascript:/data:
 * URL, and no URL but https/mailto links and blob: images.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import { sanitizeTeamsHtml } from '../../src/services/chat/sanitize.js';
import { API, api, ignoreResizeObserverLoop, inMeeting, join, newGuest, newMeeting, shadow, teamsPost, waitFor, type TestMeetingHost } from './meeting-chat-helpers.js';
import { emulatorPath } from './helpers/emulator.js';
import { frames, settle } from './helpers/wait.js';

declare global {
  interface Window {
    __pwn: () => void;
    __pwned: string[];
  }
}
window.__pwned = [];
window.__pwn = () => window.__pwned.push(new Error().stack ?? 'pwned');

const P = '__pwn()';
const JS = `javascript:${P}`;

/**
 * Payloads run from load/error handlers: wait until every image under `root` has finished loading
 * or failed (the sanitizer keeps no frames or media), then let the queued load/error events run.
 */
async function loadsSettled(root: ParentNode): Promise<void> {
  await waitFor(
    () => Array.from(root.querySelectorAll('img')).every((img) => img.complete),
    'every image loaded or failed',
  );
  await frames();
  await settle();
}

/**
 * Scrolls the virtualized list and waits until the rows for the new position are rendered: the
 * scroll event fires in the next frame's rendering steps and the virtualizer renders from it in a
 * microtask, so two frames cover it. (Its `layoutComplete` only resolves when a child's size
 * changes, so it never resolves for a scroll that reuses the rendered rows.)
 */
async function scrollAndRender(list: HTMLElement, top: number): Promise<void> {
  list.scrollTop = top;
  await frames(2);
}

/** Message HTML vectors (each would call __pwn if it ran). */
export const HTML_VECTORS: string[] = [
  `<script>${P}</script>`,
  `<SCRIPT SRC="data:text/javascript,${P}"></SCRIPT>`,
  `<img src=x onerror="${P}">`,
  `<IMG SRC=x OnErRoR=${P}>`,
  `<img src="x" onerror="&#95;&#95;pwn()">`,
  `<img itemscope id="abc" src="x" onerror="${P}">`,
  `<img itemscope id="x&quot; onerror=&quot;${P}" src="">`,
  `<svg onload="${P}"></svg>`,
  `<svg><script>${P}</script></svg>`,
  `<svg><a xlink:href="${JS}"><text x="20" y="20">svg link</text></a></svg>`,
  `<svg><animate onbegin="${P}" attributeName="x" dur="1s"/></svg>`,
  `<svg><foreignObject><iframe srcdoc="<script>parent.${P}</script>"></iframe></foreignObject></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${P}></style></mglyph></table></mtext></math>`,
  `<math href="${JS}">CLICKME</math>`,
  `<math><maction actiontype="statusline" xlink:href="${JS}">x</maction></math>`,
  `<a href="${JS}">click</a>`,
  `<a href="JaVaScRiPt:${P}">mixed case</a>`,
  `<a href="java&#x09;script:${P}">tab entity</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${P}">entities</a>`,
  `<a href="&#x6A;avascript:${P}">hex entity</a>`,
  `<a href=" javascript:${P}">leading space</a>`,
  `<a href="vbscript:msgbox(1)">vbscript</a>`,
  `<a href="data:text/html,<script>parent.${P}</script>">data html</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd24oKTwvc2NyaXB0Pg==">data b64</a>`,
  `<a href="http://insecure.example/">plain http</a>`,
  `<a href="//evil.example/">protocol relative</a>`,
  `<a href="https://ok.example/" onclick="${P}" onmouseover="${P}">handler on link</a>`,
  `<a href="https://ok.example/" target="_self" rel="opener">opener</a>`,
  `<iframe src="${JS}"></iframe>`,
  `<iframe srcdoc="<script>parent.${P}</script>"></iframe>`,
  `<object data="${JS}"></object>`,
  `<embed src="${JS}">`,
  `<form action="${JS}"><button>go</button></form>`,
  `<form><button formaction="${JS}">go</button></form>`,
  `<input autofocus onfocus="${P}">`,
  `<textarea autofocus onfocus="${P}"></textarea>`,
  `<select autofocus onfocus="${P}"></select>`,
  `<details open ontoggle="${P}">x</details>`,
  `<video><source onerror="${P}"></video>`,
  `<audio src=x onerror="${P}"></audio>`,
  `<body onload="${P}">`,
  `<meta http-equiv="refresh" content="0;url=${JS}">`,
  `<meta http-equiv="refresh" content="0;url=data:text/html,<script>${P}</script>">`,
  `<base href="${JS}/">`,
  `<link rel="stylesheet" href="${JS}">`,
  `<style>@import '${JS}';</style>`,
  `<style>*{background:url("${JS}")}</style>`,
  `<p style="background-image:url(${JS})">styled</p>`,
  `<div style="width:expression(${P})">expression</div>`,
  `<span itemtype="http://schema.skype.com/Mention" onclick="${P}">@mention</span>`,
  `<msft-mention onmouseover="${P}">@mention2</msft-mention>`,
  `<p onmouseover="${P}">para handler</p>`,
  `<b onclick="${P}">bold handler</b>`,
  `<blockquote cite="${JS}" onclick="${P}">quote</blockquote>`,
  `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9Il9fcHduKCkiLz4=">`,
  `<img srcset="${JS} 1x">`,
  `<image src=x onerror="${P}">`,
  `<noscript><p title="</noscript><img src=x onerror=${P}>">`,
  `<template><img src=x onerror=${P}></template>`,
  `<xmp><img src=x onerror=${P}></xmp>`,
  `<!--<img src="--><img src=x onerror=${P}//">`,
  `<scr<script>ipt>${P}</scr</script>ipt>`,
  `<div><img src=x onerror=${P}</div>`,
  `<a href="https://ok.example/"><img src=x onerror=${P}>nested</a>`,
  `<isindex action="${JS}" type=image>`,
  `<marquee onstart="${P}">m</marquee>`,
  `<keygen autofocus onfocus="${P}">`,
  `<object type="text/x-scriptlet" data="${JS}"></object>`,
  `<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0neCcgeG1sbnM9J2h0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnJz48aW1hZ2UgaHJlZj0neCcgb25lcnJvcj0nX19wd24oKScvPjwvc3ZnPg==#x"/></svg>`,
  `<form id="test"></form><button form="test" formaction="${JS}">X</button>`,
  `<a id="ACS_EMULATOR_URL" name="__pwned">clobber</a>`,
];

/** Display names and topics are text: shown as text, never parsed. */
const NAME_VECTORS: string[] = [
  `<img src=x onerror="${P}">`,
  `<script>${P}</script>`,
  `"><svg onload=${P}>`,
  `<a href="${JS}">name</a>`,
  `&lt;img src=x onerror=${P}&gt;`,
  `<iframe srcdoc="<script>parent.${P}</script>">`,
];

const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'poster', 'data', 'background', 'cite', 'srcdoc'];
const BANNED_TAGS = new Set(['script', 'iframe', 'object', 'embed', 'form', 'meta', 'base', 'link', 'svg', 'math', 'input', 'textarea-x', 'video', 'audio', 'template', 'noscript', 'frame', 'frameset', 'img-x']);

/** Walks a tree, entering open shadow roots; returns every problem found. */
function audit(root: Node, allowFormControls: boolean): string[] {
  const problems: string[] = [];
  const visit = (node: Node) => {
    if (node instanceof Element) {
      const tag = node.localName;
      if (BANNED_TAGS.has(tag)) problems.push(`<${tag}>`);
      if (!allowFormControls && (tag === 'textarea' || tag === 'button' || tag === 'select')) problems.push(`<${tag}> in content`);
      for (const name of node.getAttributeNames()) {
        const value = node.getAttribute(name) ?? '';
        if (/^on/i.test(name)) problems.push(`${tag}[${name}]`);
        if (name === 'style' && !allowFormControls) problems.push(`${tag}[style]`);
        if (URL_ATTRIBUTES.includes(name.toLowerCase())) {
          const v = value.trim().toLowerCase();
          if (/^(javascript|data|vbscript):/.test(v.replace(/[\s\u0000-\u001f]/g, ''))) problems.push(`${tag}[${name}=${value}]`);
          if (tag === 'img' && name === 'src' && !v.startsWith('blob:')) problems.push(`img src ${value}`);
          if (tag === 'a' && name === 'href' && !/^(https:|mailto:)/.test(v)) problems.push(`a href ${value}`);
          if (tag !== 'a' && tag !== 'img') problems.push(`${tag}[${name}]`);
        }
      }
      if (tag === 'a' && node.getAttribute('rel') !== 'noopener noreferrer') problems.push('a without rel');
      if (node.shadowRoot) visit(node.shadowRoot);
    }
    for (const child of Array.from(node.childNodes)) visit(child);
  };
  visit(root);
  return problems;
}

describe('XSS: hostile Teams HTML, names and topics', function () {
  this.timeout(120_000);
  before(ignoreResizeObserverLoop);

  it(`has at least 60 HTML vectors (${HTML_VECTORS.length}) and ${NAME_VECTORS.length} name/topic vectors`, () => {
    expect(HTML_VECTORS.length).to.be.at.least(60);
  });

  it('the sanitizer output, put into a live document, runs nothing and keeps nothing dangerous', async () => {
    // The audit itself finds what it looks for.
    const bad = document.createElement('div');
    bad.innerHTML = '<a href="javascript:void 0" onclick="x">a</a><img src="data:,x"><iframe></iframe>';
    expect(audit(bad, false).length).to.be.at.least(4);
    const container = document.createElement('div');
    document.body.append(container);
    for (const vector of HTML_VECTORS) {
      const { html: clean } = sanitizeTeamsHtml(vector);
      const holder = document.createElement('div');
      holder.innerHTML = clean;
      container.append(holder);
      expect(audit(holder, false), vector).to.deep.equal([]);
    }
    await loadsSettled(container);
    expect(window.__pwned).to.deep.equal([]);
    container.remove();
  });

  it('through the real SDK and the element: nothing runs, nothing dangerous in the shadow DOM', async () => {
    const guest = await newGuest();
    const threadId = await newMeeting();
    await join(threadId, guest);
    // Participants with hostile names (participantAdded system messages).
    for (const name of NAME_VECTORS.slice(0, 3)) await join(threadId, await newGuest(), name);

    const host = await fixture<TestMeetingHost>(html`
      <test-meeting-host><acs-meeting-chat slot="chat" style="height: 600px"></acs-meeting-chat></test-meeting-host>
    `);
    const chat = host.querySelector<AcsMeetingChat>('acs-meeting-chat')!;
    const received: string[] = [];
    chat.addEventListener('acs-message-received', (event) => {
      received.push(event.detail.message.id);
      // Event details carry sanitized HTML only.
      const holder = document.createElement('div');
      holder.innerHTML = event.detail.message.html ?? '';
      expect(audit(holder, false)).to.deep.equal([]);
    });
    host.set(inMeeting(guest, threadId));
    await waitFor(() => shadow(chat).querySelector('[part="composer"]'), 'ready', 20_000);

    for (const [index, vector] of HTML_VECTORS.entries()) {
      await teamsPost(threadId, { displayName: NAME_VECTORS[index % NAME_VECTORS.length], html: vector });
    }
    for (const name of NAME_VECTORS) await teamsPost(threadId, { displayName: name, text: name });
    for (const topic of NAME_VECTORS) {
      await api('PATCH', emulatorPath(`chat/threads/${encodeURIComponent(threadId)}?${API}`), { topic }, guest.token);
    }
    const total = HTML_VECTORS.length + NAME_VECTORS.length;
    await waitFor(() => received.length >= total, `all ${total} messages received (${received.length})`, 30_000);
    await waitFor(
      () => chat.messages.filter((m) => m.system?.kind === 'topic-updated').length >= NAME_VECTORS.length,
      'topic changes',
      30_000,
    );

    // Scroll through the whole (virtualized) list so every row is rendered at some point.
    const list = shadow(chat).querySelector<HTMLElement>('[part="message-list"]')!;
    const seen = new Set<string>();
    const shownTexts = new Set<string>();
    const problems: string[] = [];
    for (let top = 0; top <= list.scrollHeight + list.clientHeight; top += Math.max(100, list.clientHeight / 2)) {
      await scrollAndRender(list, top);
      for (const node of Array.from(shadow(chat).querySelectorAll<HTMLElement>('[part="message"]'))) seen.add(node.dataset['id']!);
      for (const node of Array.from(shadow(chat).querySelectorAll<HTMLElement>('.row'))) shownTexts.add(node.textContent ?? '');
      problems.push(...audit(shadow(chat), true));
    }
    expect([...new Set(problems)]).to.deep.equal([]);
    expect(received.filter((id) => !seen.has(id))).to.deep.equal([]);
    // Names and topics are shown as text, not parsed.
    const allText = [...shownTexts].join('\n');
    expect(allText).to.contain('<img src=x onerror="__pwn()">');
    expect(allText).to.contain('The topic was changed to “<script>__pwn()</script>”.');
    await loadsSettled(shadow(chat));
    expect(window.__pwned).to.deep.equal([]);
  });
});
