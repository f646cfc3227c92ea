/**
 * <acs-teams-meeting> at phone, embed and desktop sizes: setup, meeting, meeting + chat and the end
 * screen, each checked for horizontal overflow, the self-view in sight, every control reachable
 * in one row (or behind More), and targets of at least 24×24 CSS px; axe in every state.
 * With ACS_SCREENSHOTS=1 (scripts/screenshots.mjs) the same walk writes docs/screenshots/.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import type { ParticipantSnapshot } from '../../src/services/meeting-service.js';
import { FakeMeetingService } from './helpers/fake-meeting-service.js';
import { control } from './helpers/meeting-controls.js';
import { until } from './helpers/wait.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);

const LINK =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjZkYjE0ZTQtYjU2Yi00YTJk%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22f7ae2f2c-7a3b-4a64-9a9f-3f5c9f7a1c11%22%7d';
const provider = async () => ({ token: 'not-used-by-the-fake', expiresOn: new Date(Date.now() + 3600_000), emulator: true });

/** Every control of the meeting, wherever it is shown. */
const CONTROLS = ['ctl-mic', 'ctl-camera', 'ctl-share', 'ctl-hand', 'ctl-reactions', 'ctl-captions', 'ctl-participants', 'ctl-devices', 'ctl-chat', 'ctl-popout', 'ctl-effects', 'ctl-shortcuts', 'ctl-leave'];

const $ = <E extends Element = HTMLElement>(el: AcsTeamsMeeting, selector: string) => el.shadowRoot!.querySelector<E>(selector);

function participant(id: string, displayName: string, extra: Partial<ParticipantSnapshot> = {}): ParticipantSnapshot {
  return { id, displayName, kind: 'teams', state: 'connected', muted: false, speaking: false, handRaised: false, ...extra };
}

function visible(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  if (rect.width <= 1 || rect.height <= 1) return false;
  const style = getComputedStyle(element);
  return style.visibility !== 'hidden' && style.display !== 'none';
}

/** Elements of the shadow tree (and the slotted chat) that stick out of the element sideways. */
function overflowing(el: AcsTeamsMeeting): string[] {
  const box = el.getBoundingClientRect();
  const all = [...el.shadowRoot!.querySelectorAll('*'), ...el.querySelectorAll('*')];
  const out = all.filter((node) => {
    if (!visible(node)) return false;
    const rect = node.getBoundingClientRect();
    return rect.left < box.left - 0.5 || rect.right > box.right + 0.5;
  });
  const page = document.documentElement.scrollWidth > window.innerWidth ? ['<html> scrolls sideways'] : [];
  return [...page, ...out.map((node) => `${node.tagName.toLowerCase()}${node.id ? '#' + node.id : ''}.${[...node.classList].join('.')}`)];
}

/** Buttons, selects and inputs smaller than 24×24 CSS px (WCAG 2.2 target size, minimum). */
function smallTargets(el: AcsTeamsMeeting): string[] {
  const targets = [...el.shadowRoot!.querySelectorAll<HTMLElement>('button, select, input, [tabindex="0"]')].filter(visible);
  return targets
    .filter((target) => {
      const rect = target.getBoundingClientRect();
      return rect.width < 24 || rect.height < 24;
    })
    .map((target) => `${target.id || target.className} ${Math.round(target.getBoundingClientRect().width)}×${Math.round(target.getBoundingClientRect().height)}`);
}

async function shot(name: string): Promise<void> {
  await executeServerCommand('acs-screenshot', { name });
}

/** A stand-in for <acs-meeting-chat>: a message list and a composer, to see the panel's shape. */
const chatStandIn = html`<div slot="chat" id="chat" style="display:flex;flex-direction:column;height:100%;font:14px system-ui">
  <div style="flex:1;padding:12px;overflow:auto">
    <p style="margin:0 0 8px"><strong>Grace Hopper</strong><br />Welcome! The slides are in the shared folder.</p>
    <p style="margin:0"><strong>Ada Lovelace</strong><br />Thanks, I can see them.</p>
  </div>
  <label style="display:flex;gap:8px;padding:8px;border-top:1px solid #d1d1d1"
    ><span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">Message</span
    ><input placeholder="Type a message" style="flex:1;min-height:36px;padding:0 8px" /></label>
</div>`;

const SIZES: [number, number][] = [
  [360, 640],
  [390, 844],
  [740, 600],
  // An embed whose chat opens beside the call, leaving the call less than 600 px.
  [940, 640],
  [1280, 800],
];

describe('<acs-teams-meeting> layout at phone, embed and desktop sizes', function () {
  this.timeout(60_000);
  after(() => setViewport({ width: 800, height: 600 }));

  for (const [width, height] of SIZES) {
    it(`${width}×${height}: setup, meeting, chat and end screen fit, one control row, self-view in sight`, async () => {
      await setViewport({ width, height });
      const service = new FakeMeetingService();
      const wrapper = await fixture<HTMLDivElement>(html`<div style="position:fixed;inset:0;display:flex">
        <acs-teams-meeting
          style="flex:1;--acs-radius:0"
          meeting-link=${LINK}
          display-name="Ada Lovelace"
          locale="en"
          .tokenProvider=${provider}
          .serviceFactory=${async () => service}
          >${chatStandIn}</acs-teams-meeting
        >
      </div>`);
      const el = wrapper.querySelector('acs-teams-meeting')!;
      const size = `${width}x${height}`;

      await until(() => $(el, '[part="preview"] video'), 'the setup preview');
      expect(overflowing(el), 'setup overflow').to.deep.equal([]);
      await shot(`setup-${size}`);

      $(el, '[part="join-button"]')!.click();
      await until(() => service.joinOptions, 'join');
      service.update({
        phase: 'connected',
        threadId: '19:meeting_x@thread.v2',
        recording: 'on',
        cameraOn: true,
        localVideoStreamId: 'local-video',
        maxRemoteVideoStreams: 4,
        participants: [
          participant('t1', 'Grace Hopper', { videoStreamId: 'v1', speaking: true }),
          participant('t2', 'Alan Turing', { muted: true }),
          participant('t3', 'Katherine Johnson', { handRaised: true }),
        ],
      });
      await until(() => $(el, '[part="controls"]') && $(el, '[data-self] canvas'), 'the meeting with the self-view');
      await el.updateComplete;

      // One row: every button of the bar on the same line, Leave last.
      const row = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="controls"] > button')];
      expect(new Set(row.map((button) => Math.round(button.getBoundingClientRect().top))).size, 'rows').to.equal(1);
      expect(row.at(-1)!.id).to.equal('ctl-leave');
      // Every control reachable: in the row, or in More.
      const reachable = new Set(row.map((button) => button.id));
      if (reachable.has('ctl-more')) {
        $(el, '#ctl-more')!.click();
        await until(() => $(el, '#more-menu'), 'the More menu');
        for (const item of el.shadowRoot!.querySelectorAll('#more-menu [role^="menuitem"]')) reachable.add(item.id);
        expect(smallTargets(el), 'small targets in More').to.deep.equal([]);
        expect(overflowing(el), 'More menu overflow').to.deep.equal([]);
        await expect(el).to.be.accessible();
        if (width === 390) await shot('mobile-more');
        $(el, '#ctl-more')!.click();
        await el.updateComplete;
      }
      for (const id of CONTROLS) expect(reachable.has(id), `${id} reachable`).to.equal(true);

      // The self-view is inside the visible area of the meeting (not below the fold of the gallery).
      const self = $(el, '[data-self]')!.getBoundingClientRect();
      const content = $(el, '.content')!.getBoundingClientRect();
      expect(self.top >= content.top - 0.5 && self.bottom <= content.bottom + 0.5, 'self-view vertically in sight').to.equal(true);
      expect(self.left >= content.left - 0.5 && self.right <= content.right + 0.5, 'self-view horizontally in sight').to.equal(true);
      if (width < 600) expect($(el, '[data-self]')!.classList.contains('pip'), 'floating self-view').to.equal(true);

      expect(overflowing(el), 'meeting overflow').to.deep.equal([]);
      expect(smallTargets(el), 'small targets').to.deep.equal([]);
      const labelsBefore = $(el, '.controls-wrap')!.dataset.labels;
      const selfFloating = $(el, '[data-self]')!.classList.contains('pip');
      await expect(el).to.be.accessible();
      await shot(`meeting-${size}`);

      // Chat: a full-size sheet below 800 px, a side panel above; the bar does not change shape.
      $(el, '#ctl-chat')!.click();
      await until(() => $(el, '[part="chat-panel"]') && !$(el, '[part="chat-panel"]')!.hidden, 'the chat panel');
      // The bar re-fits on the next rendering step (its ResizeObserver), before anything is painted.
      await until(() => overflowing(el).length === 0, 'the bar to fit beside the chat');
      await el.updateComplete;
      const panel = $(el, '[part="chat-panel"]')!.getBoundingClientRect();
      const host = el.getBoundingClientRect();
      if (width < 800) {
        expect([panel.left, panel.top, panel.width, panel.height].map(Math.round)).to.deep.equal(
          [host.left, host.top, host.width, host.height].map(Math.round),
        );
        expect(el.shadowRoot!.activeElement?.id, 'focus in the sheet').to.equal('chat-close');
      } else {
        expect(Math.round(panel.right)).to.equal(Math.round(host.right));
        expect(panel.width).to.be.lessThan(host.width / 2);
        expect($(el, '.controls-wrap')!.dataset.labels, 'labels stay').to.equal(labelsBefore);
        expect($(el, '[data-self]')!.classList.contains('pip'), 'the self-view keeps its place').to.equal(selfFloating);
      }
      const composer = el.querySelector('input')!.getBoundingClientRect();
      expect(composer.width, 'the composer is usable').to.be.greaterThan(200);
      expect(overflowing(el), 'chat overflow').to.deep.equal([]);
      expect(smallTargets(el), 'small targets with chat').to.deep.equal([]);
      await expect(el).to.be.accessible();
      await shot(`chat-${size}`);
      $(el, '#chat-close')!.click();
      await until(() => $(el, '[part="chat-panel"]')!.hidden, 'the chat to close');

      // Participants: a sheet over the video area below 800 px (the bar stays, to close it).
      (await control(el, 'ctl-participants')).click();
      await until(() => $(el, '[part="participants"]'), 'the participant list');
      const people = $(el, '[part="participants"]')!.getBoundingClientRect();
      const body = $(el, '.call-body')!.getBoundingClientRect();
      if (width < 800) expect([people.left, people.top, people.width, people.height].map(Math.round)).to.deep.equal([body.left, body.top, body.width, body.height].map(Math.round));
      else expect(people.width).to.be.lessThan(body.width / 2);
      expect(overflowing(el), 'participants overflow').to.deep.equal([]);
      expect(smallTargets(el), 'small targets with participants').to.deep.equal([]);
      await expect(el).to.be.accessible();
      $(el, '#participants-close')!.click();
      await until(() => !$(el, '[part="participants"]'), 'the list to close');

      // End screen.
      service.update({ phase: 'ended', end: { reason: 'local', code: 0, subCode: 0 } });
      await until(() => $(el, '[part="end-screen"]'), 'the end screen');
      expect(overflowing(el), 'end overflow').to.deep.equal([]);
      expect(smallTargets(el), 'small targets on the end screen').to.deep.equal([]);
      await expect(el).to.be.accessible();
      await shot(`end-${size}`);
      wrapper.remove();
    });
  }

  it('the floating self-view can be dragged to another corner, off a face', async () => {
    await setViewport({ width: 390, height: 844 });
    const service = new FakeMeetingService();
    const wrapper = await fixture<HTMLDivElement>(html`<div style="position:fixed;inset:0;display:flex">
      <acs-teams-meeting style="flex:1" meeting-link=${LINK} display-name="Ada" locale="en" .tokenProvider=${provider} .serviceFactory=${async () => service}></acs-teams-meeting>
    </div>`);
    const el = wrapper.querySelector('acs-teams-meeting')!;
    await until(() => $(el, '[part="join-button"]'), 'Join');
    $(el, '[part="join-button"]')!.click();
    await until(() => service.joinOptions, 'join');
    service.update({ phase: 'connected', participants: [participant('t1', 'Grace Hopper'), participant('t2', 'Alan Turing')] });
    await until(() => $(el, '[data-self].pip'), 'the floating self-view');
    expect($(el, '[data-self]')!.dataset.corner).to.equal('bottom-end');
    const from = $(el, '[data-self]')!.getBoundingClientRect();
    const content = $(el, '.content')!.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(from.left + 20), Math.round(from.top + 20)] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(content.left + 40), Math.round(content.top + 60)] });
    await sendMouse({ type: 'up' });
    await resetMouse();
    await until(() => $(el, '[data-self]')!.dataset.corner === 'top-start', 'the top-start corner');
    const to = $(el, '[data-self]')!.getBoundingClientRect();
    expect(to.left - content.left).to.be.lessThan(24);
    expect(to.top - content.top).to.be.lessThan(24);
    // Without dragging (keyboard, switch access): the move button goes to the next corner.
    $(el, '#pip-move')!.click();
    // Corners are logical (start/end): clockwise from top-start is top-end, on the right in this LTR page.
    await until(() => $(el, '[data-self]')!.dataset.corner === 'top-end', 'the next corner');
    await until(() => content.right - $(el, '[data-self]')!.getBoundingClientRect().right < 24, 'the self-view at the right edge');
    expect($(el, '#pip-move')!.getAttribute('aria-label')).to.equal('Move your video to another corner');
    await expect(el).to.be.accessible();
    wrapper.remove();
  });

  it('keyboard shortcuts work while the focus is in the element, and are listed in a dialog', async () => {
    await setViewport({ width: 1280, height: 800 });
    const service = new FakeMeetingService();
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} display-name="Ada" locale="en"
      .tokenProvider=${provider} .serviceFactory=${async () => service}></acs-teams-meeting>`);
    await until(() => $(el, '[part="join-button"]'), 'Join');
    $(el, '[part="join-button"]')!.click();
    await until(() => service.joinOptions, 'join');
    service.update({ phase: 'connected', muted: false, cameraOn: false });
    await until(() => $(el, '#ctl-mic'), 'the bar');
    // Outside the element: nothing happens.
    await sendKeys({ press: 'Control+Shift+KeyM' });
    expect(service.called('setMuted')).to.deep.equal([]);
    $(el, '#ctl-mic')!.focus();
    await sendKeys({ press: 'Control+Shift+KeyM' });
    await until(() => service.state.muted, 'muted by Ctrl+Shift+M');
    await sendKeys({ press: 'Control+Shift+KeyO' });
    await until(() => service.state.cameraOn, 'camera by Ctrl+Shift+O');
    await sendKeys({ press: 'Control+Shift+KeyK' });
    await until(() => service.state.handRaised, 'hand by Ctrl+Shift+K');
    expect($(el, '#ctl-mic')!.getAttribute('aria-keyshortcuts')).to.equal('Ctrl+Shift+M');

    (await control(el, 'ctl-shortcuts')).click();
    await until(() => $<HTMLDialogElement>(el, '#shortcuts-dialog')?.open, 'the shortcuts dialog');
    const rows = [...el.shadowRoot!.querySelectorAll('#shortcuts-dialog dl > div')].map((row) => `${row.querySelector('dt')!.textContent} ${row.querySelector('dd')!.textContent}`);
    expect(rows).to.deep.equal(['Ctrl+Shift+M Mute or unmute', 'Ctrl+Shift+O Turn the camera on or off', 'Ctrl+Shift+K Raise or lower your hand']);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await until(() => !$(el, '#shortcuts-dialog'), 'the dialog to close');
    await until(() => el.shadowRoot!.activeElement?.id === 'ctl-more', 'focus back on More');
  });
});
