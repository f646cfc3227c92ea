/**
 * Right-to-left: in ar-SA and he-IL (and under an ancestor dir="rtl") the setup screen, the meeting
 * (on the emulator, a Teams participant with a Latin name, the chat panel open) and the chat mirror.
 * The checks are geometric (what sits on which side); each view is also saved as a PNG under
 * test-results/screenshots/ (gitignored) for a person to review.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import type { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import type { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import { control, createMeeting, emulatorPath } from './helpers/emulator.js';
import { until } from './helpers/wait.js';
import { ignoreResizeObserverLoop, messageNodes, shadow, teamsPost, typeAndSend } from './meeting-chat-helpers.js';

interface CreatedMeeting {
  threadId: string;
  meetingLink: string;
}

const $ = <E extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<E>(selector);
const box = (el: Element) => el.getBoundingClientRect();
const screenshot = (name: string, selector?: string) => executeServerCommand('save-screenshot', { name, selector });

/** The side of `container` that `el` hugs: 'right' when its right edge is nearer the container's. */
function side(el: Element, container: Element): 'left' | 'right' {
  const inner = box(el);
  const outer = box(container);
  return outer.right - inner.right < inner.left - outer.left ? 'right' : 'left';
}

const SAMPLES = {
  'ar-SA': { name: 'ليلى', reply: 'مرحبًا بالجميع! هل تسمعونني؟', join: 'الانضمام الآن' },
  'he-IL': { name: 'נועה', reply: 'שלום לכולם! שומעים אותי?', join: 'להצטרף עכשיו' },
} as const;

describe('right-to-left', function () {
  this.timeout(90_000);
  before(async () => {
    ignoreResizeObserverLoop();
    await setViewport({ width: 1100, height: 720 });
  });

  for (const [locale, sample] of Object.entries(SAMPLES)) {
    it(`${locale}: the setup screen mirrors`, async () => {
      const meeting = await createMeeting<CreatedMeeting>({ topic: 'RTL setup' });
      const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
        token-url=${emulatorPath('api/token')}
        meeting-link=${meeting.meetingLink}
        display-name=${sample.name}
        locale=${locale}
        style="height: 640px"
      ></acs-teams-meeting>`);
      await until(() => $(el, '[part="preview"] video'), 'the camera preview', 15_000);
      const frame = $(el, '.frame')!;
      expect(frame.getAttribute('dir')).to.equal('rtl');
      expect(frame.getAttribute('lang')).to.equal(locale);
      const join = $(el, '[part="join-button"]')!;
      expect(join.textContent?.trim()).to.equal(sample.join);
      expect(getComputedStyle(join).direction).to.equal('rtl');
      // The name field's label text starts on the right.
      await screenshot(`setup-${locale}`, 'acs-teams-meeting');
      const label = $(el, 'label[for="name"]')!;
      const text = document.createRange();
      text.selectNodeContents(label);
      const [line, field] = [text.getBoundingClientRect(), box(label)];
      expect(field.right - line.right, 'gap at the right').to.be.below(line.left - field.left);
      await expect(el).to.be.accessible();
    });

    it(`${locale}: the meeting and its chat mirror; Latin names stay readable`, async () => {
      const meeting = await createMeeting<CreatedMeeting>({ topic: 'RTL meeting' });
      const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
        token-url=${emulatorPath('api/token')}
        meeting-link=${meeting.meetingLink}
        display-name=${sample.name}
        locale=${locale}
        skip-setup
        start-camera-off
        style="height: 640px"
      >
        <acs-meeting-chat slot="chat"></acs-meeting-chat>
      </acs-teams-meeting>`);
      const chat = el.querySelector<AcsMeetingChat>('acs-meeting-chat')!;
      await until(() => $(el, '[part="controls"]'), 'the call controls', 30_000);
      const path = `emulator/meetings/${encodeURIComponent(meeting.threadId)}`;
      await control('POST', `${path}/participants`, { displayName: 'Grace Hopper', kind: 'teams', video: true });
      const tile = () =>
        [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="gallery"] [data-participant]')].find((n) => n.textContent?.includes('Grace Hopper'));
      await until(() => tile()?.dataset['video'] === 'on', 'Grace’s video', 15_000);

      // Tile labels sit at the inline start: the right.
      const label = tile()!.querySelector('.tile-label')!;
      expect(side(label, tile()!)).to.equal('right');
      // The toast names Grace inside isolates, so "Grace Hopper" keeps its order in the sentence.
      await until(() => $(el, '[part="toasts"]')?.textContent?.includes('Grace Hopper'), 'the join toast');
      expect($(el, '[part="toasts"]')!.textContent).to.contain('\u2068Grace Hopper\u2069');

      // Chat: open the panel; it opens at the inline end (the left).
      await until(() => $(el, '#ctl-chat'), 'the chat toggle', 15_000);
      await until(() => chat.shadowRoot?.querySelector('[part="composer"]'), 'the chat composer', 45_000);
      $(el, '#ctl-chat')!.click();
      const panel = $(el, '[part="chat-panel"]')!;
      await until(() => !panel.hidden, 'the chat panel');
      expect(box(panel).left).to.be.below(box($(el, '.main')!).left);

      await teamsPost(meeting.threadId, { displayName: 'Grace Hopper', html: '<p>Hello from Teams, <b>welcome</b>!</p>' });
      await typeAndSend(chat, sample.reply);
      await until(() => messageNodes(chat).length >= 2 && chat.messages.some((m) => m.own && m.status === 'sent'), 'both messages', 20_000);
      const [theirs, mine] = [messageNodes(chat).find((n) => !n.classList.contains('own'))!, messageNodes(chat).find((n) => n.classList.contains('own'))!];
      const list = shadow(chat).querySelector<HTMLElement>('[part="message-list"], .list') ?? theirs.parentElement!;
      // Others' messages at the inline start (right), one's own at the inline end (left).
      expect(side(theirs.querySelector('.bubble')!, list)).to.equal('right');
      expect(side(mine.querySelector('.bubble')!, list)).to.equal('left');
      // The Latin message reads left to right inside the Arabic/Hebrew page.
      const latin = theirs.querySelector<HTMLElement>('.bubble > .html, .bubble > .text')!;
      expect(latin.dir, 'the direction of its own text, not the page’s').to.equal('ltr');
      expect(getComputedStyle(latin).direction).to.equal('ltr');
      await expect(chat).to.be.accessible();
      await screenshot(`meeting-${locale}`, 'acs-teams-meeting');
      await screenshot(`chat-${locale}`, 'acs-meeting-chat');
      await control('POST', `${path}/end`);
    });
  }

  it('an ancestor dir="rtl" mirrors an English element too; an LTR locale attribute keeps it LTR', async () => {
    const root = await fixture<HTMLDivElement>(html`<div dir="rtl" lang="en">
      <acs-meeting-chat id="inherits"></acs-meeting-chat>
      <acs-meeting-chat id="explicit" locale="en-US"></acs-meeting-chat>
    </div>`);
    const [inherits, explicit] = [...root.querySelectorAll<AcsMeetingChat>('acs-meeting-chat')];
    await Promise.all([inherits!.updateComplete, explicit!.updateComplete]);
    expect(getComputedStyle($(inherits!, 'section')!).direction).to.equal('rtl');
    expect(getComputedStyle($(explicit!, 'section')!).direction).to.equal('ltr');
  });

  it('switching locale at run time re-renders in place, direction included', async () => {
    const el = await fixture<AcsMeetingChat>(html`<acs-meeting-chat locale="en-US"></acs-meeting-chat>`);
    const section = () => $(el, 'section')!;
    expect(section().getAttribute('aria-label')).to.equal('Meeting chat');
    el.locale = 'he-IL';
    await until(() => section().getAttribute('aria-label') === 'צ׳אט הפגישה', 'Hebrew label');
    expect(getComputedStyle(section()).direction).to.equal('rtl');
    el.locale = 'fr-FR';
    await until(() => section().getAttribute('aria-label') === 'Conversation de la réunion', 'French label');
    expect(getComputedStyle(section()).direction).to.equal('ltr');
  });
});
