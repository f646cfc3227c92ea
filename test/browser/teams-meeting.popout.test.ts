/**
 * Issue 14, pop-out: `popOut()` and the Pop out control move the in-call view of
 * <acs-teams-meeting> into a Document Picture-in-Picture window; the call goes on; closing the
 * window brings the view back; leaving the call closes it. Where that API is missing, the active
 * video goes into the browser's video picture-in-picture. Against the local emulator.
 *
 * The REAL browser APIs, no stand-in: headless Chromium (156 here) has `documentPictureInPicture`
 * in a secure context (the test page is http://localhost; on about:blank it is absent), refuses
 * `requestWindow()` without a user activation, opens the window after a real key press
 * (`sendKeys`), and fires `pagehide` when it closes. The fallback tests hide the window API (an own
 * `undefined` property over Window's getter) and use the real `requestPictureInPicture()`.
 *
 * The whole file runs under a strict style CSP (`style-src 'self'`, set by a <meta> before the
 * element loads, and inherited by the opened window): inline <style> is refused, and the
 * element's styles must still apply in the window.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AcsPopoutChangedDetail, AcsErrorDetail } from '../../src/events.js';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import { control as emulatorControl, createMeeting, emulatorPath } from './helpers/emulator.js';
import { control } from './helpers/meeting-controls.js';
import { until } from './helpers/wait.js';

const csp = document.createElement('meta');
csp.httpEquiv = 'Content-Security-Policy';
csp.content = "style-src 'self'";
document.head.append(csp);

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);
if (!customElements.get('acs-meeting-chat')) customElements.define('acs-meeting-chat', AcsMeetingChat);

const $ = <E extends Element = HTMLElement>(el: AcsTeamsMeeting, selector: string) => el.shadowRoot!.querySelector<E>(selector);

/** Chromium's Document Picture-in-Picture (not in TypeScript's DOM types yet). */
interface DocumentPip {
  readonly window: Window | null;
}
const api = () => (globalThis as typeof globalThis & { documentPictureInPicture?: DocumentPip }).documentPictureInPicture;

interface Joined {
  el: AcsTeamsMeeting;
  path: string;
  events: AcsPopoutChangedDetail[];
  errors: AcsErrorDetail[];
}

async function joinWithRemoteVideo(width = 'auto', locale = 'en'): Promise<Joined> {
  const meeting = await createMeeting<{ meetingLink: string; threadId: string }>({ topic: 'Pop-out' });
  const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
    token-url=${emulatorPath('api/token')}
    meeting-link=${meeting.meetingLink}
    display-name="Guest"
    locale=${locale}
    skip-setup
    start-camera-off
    style="height: 640px; --acs-color-primary: rgb(0, 120, 0)"
  ></acs-teams-meeting>`);
  // Through the CSSOM: a bound style attribute is an inline style, which this file's CSP refuses.
  el.style.width = width;
  const events: AcsPopoutChangedDetail[] = [];
  const errors: AcsErrorDetail[] = [];
  el.addEventListener('acs-popout-changed', (event) => events.push(event.detail));
  el.addEventListener('acs-error', (event) => errors.push(event.detail));
  await until(() => $(el, '[part="controls"]'), 'the call controls', 30_000);
  const path = `emulator/meetings/${encodeURIComponent(meeting.threadId)}`;
  await emulatorControl('POST', `${path}/participants`, { displayName: 'Grace Hopper', kind: 'teams', video: true });
  await until(() => remoteVideo(el.shadowRoot!)?.readyState, 'Grace’s video playing', 15_000);
  return { el, path, events, errors };
}

function remoteVideo(root: ParentNode): HTMLVideoElement | null {
  return root.querySelector<HTMLVideoElement>('[part="gallery"] [data-participant]:not([data-self]) video');
}

/**
 * axe-core run inside the pop-out window on its own document (open-wc's `accessible()` checks the
 * test page's document only). The window inherits no scripts: axe's source goes in as a script.
 */
async function axeViolations(win: Window): Promise<string[]> {
  const source = await (await fetch('/node_modules/axe-core/axe.min.js')).text();
  const script = win.document.createElement('script');
  script.textContent = source;
  win.document.head.append(script);
  const axe = (win as Window & { axe?: { run(context: Node): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
  if (!axe) throw new Error('axe did not load in the window');
  const { violations } = await axe.run(win.document);
  return violations.map((violation) => `${violation.id} (${violation.nodes.length})`);
}

/** Presses a control with a real key press (a user activation), through More when needed. */
async function pressForReal(el: AcsTeamsMeeting, id: string): Promise<void> {
  const button = await control(el, id);
  button.focus();
  await sendKeys({ press: 'Enter' });
}

/** The video's clock moves on (it is playing, not merely not paused). */
async function playing(video: HTMLVideoElement, what: string): Promise<void> {
  expect(video.paused, `${what}: paused`).to.equal(false);
  const start = video.currentTime;
  await until(() => video.currentTime > start, `${what}: the video plays on`, 5000);
}

describe('<acs-teams-meeting> pop-out into a window (issue 14)', function () {
  this.timeout(90_000);
  const pip = { get window() { return api()?.window ?? null; } };

  before(() => {
    expect(api(), 'this Chromium has Document Picture-in-Picture').to.not.equal(undefined);
  });
  afterEach(() => {
    pip.window?.close();
  });

  it('needs a user gesture: popOut() from a script fails with acs-error popout-failed and the view stays', async () => {
    const { el, events, errors } = await joinWithRemoteVideo();
    await el.popOut();
    await until(() => errors.length > 0, 'acs-error');
    expect(errors.map((error) => [error.code, error.recoverable])).to.deep.equal([['popout-failed', true]]);
    expect(errors[0].message).to.equal('Couldn’t open the meeting in a separate window. Select Pop out to try again.');
    expect(events).to.deep.equal([]);
    expect(el.poppedOut).to.equal(null);
    expect(el.hasAttribute('popped-out')).to.equal(false);
    expect($(el, '.main [part="controls"]')).to.not.equal(null);
    expect(pip.window).to.equal(null);
    await until(() => $(el, '[part="toasts"]')?.textContent?.includes('Couldn’t open the meeting in a separate window'), 'the toast');
  });

  it('moves the call into the window and back: the same videos keep playing, controls work there, closing the window returns it', async () => {
    const { el, events, errors } = await joinWithRemoteVideo();
    const view = $(el, '.main')!;
    const video = remoteVideo(el.shadowRoot!)!;
    const participants = el.state.participants.map((participant) => participant.id);

    await pressForReal(el, 'ctl-popout');
    await until(() => events.length === 1, 'acs-popout-changed');
    expect(events[0]).to.deep.equal({ poppedOut: true, mode: 'document' });
    expect(errors).to.deep.equal([]);
    expect(el.poppedOut).to.equal('document');
    expect(el.getAttribute('popped-out')).to.equal('document');

    // The very same nodes, now in the other window, inside a shadow root like the element's.
    const win = pip.window!;
    expect(win, 'the Picture-in-Picture window').to.not.equal(null);
    const container = win.document.getElementById('acs-popout')!;
    expect(view.ownerDocument).to.equal(win.document);
    expect(view.getRootNode()).to.equal(container.shadowRoot);
    expect(el.shadowRoot!.contains(view)).to.equal(false);
    expect(remoteVideo(container.shadowRoot!)).to.equal(video);
    await playing(video, 'in the window');

    // The element's styles apply there (strict CSP: copied as the window's own constructed sheets).
    const controls = container.shadowRoot!.querySelector<HTMLElement>('[part="controls"]')!;
    expect(win.getComputedStyle(controls).display).to.equal('flex');
    expect(container.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(1);
    expect(container.shadowRoot!.adoptedStyleSheets.every((sheet) => sheet instanceof (win as Window & typeof globalThis).CSSStyleSheet)).to.equal(true);
    // The page's --acs-* values came along.
    expect(win.getComputedStyle(container).getPropertyValue('--acs-color-primary').trim()).to.equal('rgb(0, 120, 0)');
    // The theme follows the element's.
    expect(win.getComputedStyle(container).colorScheme).to.equal('light');
    el.theme = 'dark';
    await until(() => win.getComputedStyle(container).colorScheme === 'dark', 'the dark theme in the window');
    el.theme = 'light';
    await until(() => win.getComputedStyle(container).colorScheme === 'light', 'the light theme again');
    // …and CSP holds in the window: an inline <style> there is refused.
    const probe = win.document.createElement('style');
    probe.textContent = '#acs-popout { outline: 7px solid red; }';
    win.document.head.append(probe);
    expect(win.getComputedStyle(container).outlineWidth).to.not.equal('7px');
    probe.remove();

    // axe in the window itself.
    expect(await axeViolations(win)).to.deep.equal([]);

    // In the page: the placeholder, and the call untouched.
    const placeholder = $(el, '[part="popout-placeholder"]')!;
    expect(placeholder.textContent).to.contain('The meeting is in a separate window');
    expect($(el, '#popout-return')!.textContent!.trim()).to.equal('Bring it back');
    await expect(el).to.be.accessible();
    expect(el.state.phase).to.equal('connected');

    // Controls work in the window: the mute button, and the keyboard shortcut.
    const wasMuted = el.state.muted;
    container.shadowRoot!.querySelector<HTMLButtonElement>('#ctl-mic')!.click();
    await until(() => el.state.muted === !wasMuted, 'the mute toggled from the window');
    const raise = new (win as Window & typeof globalThis).KeyboardEvent('keydown', { key: 'K', ctrlKey: true, shiftKey: true, bubbles: true, composed: true });
    container.shadowRoot!.querySelector<HTMLButtonElement>('#ctl-mic')!.dispatchEvent(raise);
    await until(() => el.state.handRaised, 'the hand raised with Ctrl+Shift+K in the window');
    // The element keeps rendering into the moved view.
    await until(() => container.shadowRoot!.querySelector('#ctl-hand')?.getAttribute('data-state') === 'active' || container.shadowRoot!.querySelector('#ctl-more'), 'the window re-rendered');

    // The user closes the window: the view comes back in place, still playing.
    win.close();
    await until(() => events.length === 2, 'acs-popout-changed on close');
    expect(events[1]).to.deep.equal({ poppedOut: false, mode: 'document' });
    expect(el.poppedOut).to.equal(null);
    expect(el.hasAttribute('popped-out')).to.equal(false);
    expect(view.getRootNode()).to.equal(el.shadowRoot);
    expect(view.nextElementSibling?.getAttribute('part')).to.equal('chat-panel');
    expect($(el, '[part="popout-placeholder"]')).to.equal(null);
    expect(remoteVideo(el.shadowRoot!)).to.equal(video);
    await playing(video, 'back in the page');
    expect(el.state.phase).to.equal('connected');
    // Nobody dropped out of the call (the emulator's meeting may have gained people meanwhile).
    expect(el.state.participants.map((participant) => participant.id)).to.include.members(participants);
    expect(errors).to.deep.equal([]);
  });

  it('"Bring it back" in the page and the control in the window both return the view', async () => {
    const { el, events } = await joinWithRemoteVideo();
    await pressForReal(el, 'ctl-popout');
    await until(() => el.poppedOut === 'document', 'popped out');
    const first = pip.window!;
    $(el, '#popout-return')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => events.length === 2, 'back');
    expect(first.closed).to.equal(true);
    expect($(el, '.main [part="controls"]')).to.not.equal(null);
    // Keyboard users are not dropped on <body>: focus lands on the control bar.
    await until(() => ['ctl-popout', 'ctl-more'].includes(el.shadowRoot!.activeElement?.id ?? ''), 'focus on the bar');

    await pressForReal(el, 'ctl-popout');
    await until(() => events.length === 3, 'popped out again');
    const root = pip.window!.document.getElementById('acs-popout')!.shadowRoot!;
    let back = root.querySelector<HTMLElement>('#ctl-popout');
    if (!back) {
      root.querySelector<HTMLElement>('#ctl-more')!.click();
      back = await until(() => root.querySelector<HTMLElement>('#more-menu #ctl-popout'), 'Back to the page in More');
    }
    expect(back.textContent).to.contain('Back to the page');
    back.click();
    await until(() => events.length === 4, 'back again');
    expect(events.map((event) => event.poppedOut)).to.deep.equal([true, false, true, false]);
    expect(el.state.phase).to.equal('connected');
  });

  it('leaving the call from the window closes it and shows the end screen in the page', async () => {
    const { el, events } = await joinWithRemoteVideo();
    let left = 0;
    el.addEventListener('acs-left', () => (left += 1));
    await pressForReal(el, 'ctl-popout');
    await until(() => el.poppedOut === 'document', 'popped out');
    const win = pip.window!;
    win.document.getElementById('acs-popout')!.shadowRoot!.querySelector<HTMLElement>('#ctl-leave')!.click();
    await until(() => left === 1, 'acs-left');
    expect(win.closed).to.equal(true);
    expect(events.at(-1)).to.deep.equal({ poppedOut: false, mode: 'document' });
    await until(() => $(el, '.main [part="end-screen"]'), 'the end screen in the page');
    expect(el.hasAttribute('popped-out')).to.equal(false);
  });

  it('the layout follows the view: a phone-width element gets the window’s width once popped out, and its own back', async () => {
    const { el } = await joinWithRemoteVideo('360px');
    await until(() => $(el, '.controls-wrap')?.getAttribute('data-labels') === 'off', 'icon-only buttons at 360 px');
    await pressForReal(el, 'ctl-popout');
    await until(() => el.poppedOut === 'document', 'popped out');
    const win = pip.window!;
    const root = win.document.getElementById('acs-popout')!.shadowRoot!;
    expect(win.innerWidth, 'the window is wider than a phone layout').to.be.at.least(600);
    await until(() => root.querySelector('.controls-wrap')?.getAttribute('data-labels') === 'on', 'labelled buttons in the wide window');
    el.popIn();
    await until(() => $(el, '.controls-wrap')?.getAttribute('data-labels') === 'off', 'icon-only again in the page');
  });

  it('the chat stays in the page: the Chat control in the window opens it there', async () => {
    const meeting = await createMeeting<{ meetingLink: string }>({ topic: 'Pop-out chat' });
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
      token-url=${emulatorPath('api/token')}
      meeting-link=${meeting.meetingLink}
      display-name="Guest"
      locale="en"
      skip-setup
      start-camera-off
      style="height: 640px"
    >
      <acs-meeting-chat slot="chat"></acs-meeting-chat>
    </acs-teams-meeting>`);
    const chat = el.querySelector<AcsMeetingChat>('acs-meeting-chat')!;
    await until(() => $(el, '[part="controls"]'), 'the call controls', 30_000);
    // The Chat control comes with the meeting's chat thread.
    await until(() => el.state.threadId, 'the meeting’s chat thread', 15_000);
    await el.updateComplete;
    await pressForReal(el, 'ctl-popout');
    await until(() => el.poppedOut === 'document', 'popped out');
    const root = pip.window!.document.getElementById('acs-popout')!.shadowRoot!;
    let toggle = root.querySelector<HTMLElement>('.controls #ctl-chat');
    if (!toggle) {
      root.querySelector<HTMLElement>('#ctl-more')!.click();
      toggle = await until(() => root.querySelector<HTMLElement>('#more-menu #ctl-chat'), 'Chat in More');
    }
    toggle.click();
    const panel = $(el, '[part="chat-panel"]')!;
    await until(() => !panel.hidden, 'the chat panel open in the page');
    expect(chat.ownerDocument).to.equal(document);
    expect(chat.assignedSlot?.getRootNode()).to.equal(el.shadowRoot);
    expect($(el, '[part="popout-placeholder"]')).to.not.equal(null);
  });

  it('right-to-left and localized in the window: Arabic', async () => {
    const { el } = await joinWithRemoteVideo('auto', 'ar-SA');
    const button = await control(el, 'ctl-popout');
    expect(button.textContent).to.contain('فتح في نافذة');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => el.poppedOut === 'document', 'popped out');
    const win = pip.window!;
    const root = win.document.getElementById('acs-popout')!.shadowRoot!;
    expect(win.document.documentElement.lang).to.equal('ar-SA');
    expect(root.querySelector('.frame')!.getAttribute('dir')).to.equal('rtl');
    expect(win.getComputedStyle(root.querySelector('[part="controls"]')!).direction).to.equal('rtl');
    expect($(el, '[part="popout-placeholder"]')!.textContent).to.contain('الاجتماع مفتوح في نافذة منفصلة');
    expect($(el, '#popout-return')!.textContent!.trim()).to.equal('إعادته إلى هنا');
  });

  it('removing the element from the page closes the window', async () => {
    const { el } = await joinWithRemoteVideo();
    await pressForReal(el, 'ctl-popout');
    await until(() => el.poppedOut === 'document', 'popped out');
    const win = pip.window!;
    el.remove();
    await until(() => win.closed, 'the window closed');
  });
});

describe('<acs-teams-meeting> pop-out fallback: video picture-in-picture (issue 14)', function () {
  this.timeout(90_000);

  // As in a browser without the window API (Firefox, Safari): an own `undefined` over Window's getter.
  beforeEach(() => {
    Object.defineProperty(window, 'documentPictureInPicture', { configurable: true, value: undefined });
    expect(api()).to.equal(undefined);
  });
  afterEach(async () => {
    delete (window as { documentPictureInPicture?: unknown }).documentPictureInPicture;
    if (document.pictureInPictureElement) await document.exitPictureInPicture();
  });

  it('without Document PiP, shows the active video in the browser’s picture-in-picture (real API)', async () => {
    const { el, events, errors } = await joinWithRemoteVideo();
    const video = remoteVideo(el.shadowRoot!)!;
    await pressForReal(el, 'ctl-popout');
    await until(() => events.length === 1 || errors.length > 0, 'the pop-out');
    expect(errors).to.deep.equal([]);
    expect(events[0]).to.deep.equal({ poppedOut: true, mode: 'video' });
    expect(el.shadowRoot!.pictureInPictureElement).to.equal(video);
    expect(el.getAttribute('popped-out')).to.equal('video');
    // The view stays in the page: no placeholder.
    expect($(el, '[part="popout-placeholder"]')).to.equal(null);
    expect($(el, '.main [part="controls"]')).to.not.equal(null);

    el.popIn();
    await until(() => events.length === 2, 'back');
    expect(events[1]).to.deep.equal({ poppedOut: false, mode: 'video' });
    await until(() => !document.pictureInPictureElement, 'picture-in-picture closed');
    expect(el.hasAttribute('popped-out')).to.equal(false);
  });

  it('hides the control where neither Document PiP nor video PiP exists', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'pictureInPictureEnabled')!;
    Object.defineProperty(document, 'pictureInPictureEnabled', { configurable: true, get: () => false });
    try {
      const { el } = await joinWithRemoteVideo();
      await el.updateComplete;
      const more = $(el, '#ctl-more');
      if (more) {
        more.click();
        await el.updateComplete;
      }
      expect($(el, '#ctl-popout')).to.equal(null);
      expect($(el, '#ctl-mic')).to.not.equal(null);
    } finally {
      delete (document as { pictureInPictureEnabled?: boolean }).pictureInPictureEnabled;
      expect(Object.getOwnPropertyDescriptor(Document.prototype, 'pictureInPictureEnabled')).to.deep.equal(descriptor);
    }
  });
});
