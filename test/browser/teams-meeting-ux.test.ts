/**
 * <acs-teams-meeting>: what the user is told. Toggles named by their state, the recording banner
 * after a stop, precise consent, chat on the end screen only for people who were in, reactions
 * over the sender's tile, join bursts, the chat preview, restore after a reconnect with failures
 * named, the timer, and French and Italian wording. axe in each state.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import { formatDuration } from '../../src/components/teams-meeting/meeting-ui.js';
import type { ParticipantSnapshot } from '../../src/services/meeting-service.js';
import { FakeMeetingService } from './helpers/fake-meeting-service.js';
import { control, press } from './helpers/meeting-controls.js';
import { until } from './helpers/wait.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);

const LINK =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjZkYjE0ZTQtYjU2Yi00YTJk%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22f7ae2f2c-7a3b-4a64-9a9f-3f5c9f7a1c11%22%7d';
const provider = async () => ({ token: 'not-used-by-the-fake', expiresOn: new Date(Date.now() + 3600_000), emulator: true });

const $ = <E extends Element = HTMLElement>(el: AcsTeamsMeeting, selector: string) => el.shadowRoot!.querySelector<E>(selector);
const text = (el: AcsTeamsMeeting, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function participant(id: string, displayName: string, extra: Partial<ParticipantSnapshot> = {}): ParticipantSnapshot {
  return { id, displayName, kind: 'teams', state: 'connected', muted: false, speaking: false, handRaised: false, ...extra };
}

async function inMeeting(options: { locale?: string; chat?: boolean; service?: FakeMeetingService; patch?: Partial<FakeMeetingService['state']> } = {}) {
  const service = options.service ?? new FakeMeetingService();
  const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
    style="width: 1000px; height: 640px"
    meeting-link=${LINK}
    display-name="Ada Lovelace"
    locale=${options.locale ?? 'en'}
    .tokenProvider=${provider}
    .serviceFactory=${async () => service}
    >${options.chat ? html`<div slot="chat" id="chat">chat</div>` : ''}</acs-teams-meeting
  >`);
  // The setup screen starts when the element is in view (preview first): a second fixture in the
  // same test sits below the first one.
  el.scrollIntoView();
  await until(() => $(el, '[part="join-button"]'), 'Join');
  $(el, '[part="join-button"]')!.click();
  await until(() => service.joinOptions, 'join');
  if (options.patch !== undefined) {
    service.update({ phase: 'connected', threadId: '19:meeting_x@thread.v2', ...options.patch });
    await until(() => $(el, '[part="controls"]'), 'the control bar');
  }
  return { el, service };
}

describe('<acs-teams-meeting> says what is true', () => {
  it('names each toggle by what it does now, with a slashed icon and the off colour', async () => {
    const { el, service } = await inMeeting({ patch: { muted: false, cameraOn: true, localVideoStreamId: 'local-video' } });
    const mic = () => $(el, '#ctl-mic')!;
    const camera = () => $(el, '#ctl-camera')!;
    expect(text(el, '#ctl-mic')).to.equal('Mute');
    expect(mic().hasAttribute('aria-pressed'), 'a state-named button has no aria-pressed').to.equal(false);
    expect(mic().dataset.state).to.equal(undefined);
    expect(text(el, '#ctl-camera')).to.equal('Stop camera');
    mic().click();
    await until(() => service.state.muted, 'muted');
    await el.updateComplete;
    expect(text(el, '#ctl-mic')).to.equal('Unmute');
    expect(mic().dataset.state).to.equal('off');
    expect(mic().querySelector('svg path[d="M3 3l18 18"]'), 'slash').to.not.equal(null);
    const off = getComputedStyle(mic()).backgroundColor;
    expect(off).to.not.equal(getComputedStyle($(el, '#ctl-hand')!).backgroundColor);
    camera().click();
    await until(() => !service.state.cameraOn, 'camera off');
    await el.updateComplete;
    expect(text(el, '#ctl-camera')).to.equal('Start camera');
    expect(camera().dataset.state).to.equal('off');
    await press(el, 'ctl-hand');
    await until(() => text(el, '#ctl-hand') === 'Lower hand', 'Lower hand');
    await press(el, 'ctl-captions');
    expect($(el, '#ctl-captions')?.getAttribute('aria-pressed') ?? (await control(el, 'ctl-captions')).getAttribute('aria-checked')).to.equal('false');
    await expect(el).to.be.accessible();
  });

  it('shows "stopped" as a banner that can be dismissed, then a small indicator; state keeps stopped', async () => {
    const { el, service } = await inMeeting({ patch: { recording: 'on' } });
    expect(text(el, '[part="compliance-banner"]')).to.equal('Recording has started. By staying in the meeting, you consent to being recorded.');
    service.update({ recording: 'stopped' });
    await el.updateComplete;
    expect(text(el, '[part="compliance-banner"]')).to.equal('Recording has stopped and is being saved.');
    await expect(el).to.be.accessible();
    $(el, '#compliance-dismiss')!.click();
    await until(() => !$(el, '[part="compliance-banner"]'), 'the banner to go');
    expect(text(el, '[part="compliance-indicator"]')).to.equal('Recording stopped');
    expect(el.state.recording).to.equal('stopped');
    await expect(el).to.be.accessible();
    // Recording again: the full banner is back.
    service.update({ recording: 'on' });
    await until(() => $(el, '[part="compliance-banner"]'), 'the banner again');
    expect($(el, '[part="compliance-indicator"]')).to.equal(null);
  });

  it('asks for consent in one precise message, and says what to do after "I agree"', async () => {
    const { el, service } = await inMeeting({ patch: { muted: true, cameraOn: false } });
    service.update({ recording: 'on', consentRequired: true, consentGranted: false });
    await until(() => $(el, '[part="consent"]'), 'the consent card');
    expect(text(el, '#consent-title')).to.equal('This meeting is being recorded');
    expect(text(el, '#consent-body')).to.contain('consent to record you');
    expect(text(el, '#consent-body')).to.not.contain('transcri');
    // The banner states the fact; it does not claim that staying is consent.
    expect(text(el, '[part="compliance-banner"]')).to.equal('Recording has started.');
    expect($(el, '#ctl-mic')!.title).to.equal('Agree to recording first');
    await expect(el).to.be.accessible();
    service.update({ transcription: 'on' });
    await el.updateComplete;
    expect(text(el, '#consent-title')).to.equal('This meeting is being recorded and transcribed');
    $(el, '#consent-agree')!.click();
    await until(() => text(el, '[part="toasts"]').includes('You can now turn on your microphone and camera'), 'the after-consent toast');
  });

  const NEVER_IN = ['lobby-denied', 'lobby-timeout', 'anonymous-join-disabled'] as const;
  for (const reason of NEVER_IN) {
    it(`offers no Chat on the "${reason}" end screen (the user never got in)`, async () => {
      const { el, service } = await inMeeting({ chat: true });
      service.update({ phase: 'lobby' });
      await until(() => $(el, '[part="lobby"]'), 'the lobby');
      service.update({ phase: 'ended', end: { reason, code: 0, subCode: 0 } });
      await until(() => $(el, '[part="end-screen"]'), 'the end screen');
      expect($(el, '#end-chat')).to.equal(null);
      expect($(el, '[part="chat-panel"]')!.hidden).to.equal(true);
      await expect(el).to.be.accessible();
    });
  }

  it('offers Chat on the end screen to someone who was in the meeting', async () => {
    const { el, service } = await inMeeting({ chat: true, patch: {} });
    service.update({ phase: 'ended', end: { reason: 'ended-by-organizer', code: 0, subCode: 0 } });
    await until(() => $(el, '#end-chat'), 'the end screen Chat');
  });

  it('floats a colour reaction over the sender’s tile', async () => {
    const { el, service } = await inMeeting({ patch: { participants: [participant('t1', 'Grace Hopper')] } });
    service.update({ reactions: [{ id: 'r1', participantId: 't1', reaction: 'applause', at: Date.now() }] });
    await el.updateComplete;
    const reaction = $(el, '[data-participant="t1"] .reaction')!;
    expect(reaction.getAttribute('aria-label')).to.equal('Grace Hopper: Applause');
    const fills = [...reaction.querySelectorAll('[fill]')].map((node) => node.getAttribute('fill')).filter((fill) => fill !== 'none');
    expect(fills.length, 'drawn in colour').to.be.greaterThan(0);
    const tile = $(el, '[data-participant="t1"]')!.getBoundingClientRect();
    const box = reaction.getBoundingClientRect();
    expect(box.left >= tile.left && box.right <= tile.right, 'over the tile').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('collapses a burst of joins into one toast at the top edge, clear of faces', async () => {
    const { el, service } = await inMeeting({ patch: {} });
    const people = [participant('a', 'Grace Hopper'), participant('b', 'Alan Turing'), participant('c', 'Katherine Johnson')];
    service.update({ participants: people.slice(0, 1) });
    await until(() => text(el, '[part="toasts"]') === 'Grace Hopper joined', 'one join');
    service.update({ participants: people.slice(0, 2) });
    service.update({ participants: people });
    await until(() => text(el, '[part="toasts"]') === '3 people joined', 'the burst');
    expect(el.shadowRoot!.querySelectorAll('.toast').length).to.equal(1);
    const toast = $(el, '.toast')!.getBoundingClientRect();
    for (const avatar of el.shadowRoot!.querySelectorAll('[data-participant] .avatar')) {
      const face = avatar.getBoundingClientRect();
      const overlaps = toast.left < face.right && toast.right > face.left && toast.top < face.bottom && toast.bottom > face.top;
      expect(overlaps, 'the toast covers a face').to.equal(false);
    }
  });

  it('previews a new chat message beside the Chat button while the chat is closed', async () => {
    const { el } = await inMeeting({ chat: true, patch: {} });
    await until(() => $(el, '#ctl-chat'), 'the Chat button');
    const chat = el.querySelector('#chat')!;
    const message = { id: 'm1', type: 'text', own: false, text: 'Slides are up', status: 'received', createdOn: '2026-01-01T00:00:00Z', sender: { id: 'x', displayName: 'Grace Hopper', kind: 'teams' } };
    chat.dispatchEvent(new CustomEvent('acs-message-received', { detail: { message }, bubbles: true, composed: true }));
    await until(() => $(el, '#chat-preview'), 'the preview');
    expect(text(el, '#chat-preview strong')).to.equal('Grace Hopper');
    expect(text(el, '#chat-preview .preview-text')).to.equal('Slides are up');
    expect(text(el, '#chat-preview .sr')).to.equal('New message from Grace Hopper: Slides are up');
    await expect(el).to.be.accessible();
    $(el, '#chat-preview')!.click();
    await until(() => !$(el, '[part="chat-panel"]')!.hidden, 'the chat to open');
    expect($(el, '#chat-preview')).to.equal(null);
  });

  it('restores hand, mute and camera after a reconnect, and names an action that failed', async () => {
    const { el, service } = await inMeeting({ patch: { muted: true, cameraOn: false, handRaised: true } });
    service.update({ phase: 'reconnecting' });
    await until(() => $(el, '[part="reconnecting"]'), 'reconnecting');
    // The SDK comes back with the hand down and the microphone open.
    service.update({ phase: 'connected', handRaised: false, muted: false });
    await until(() => service.state.handRaised && service.state.muted, 'hand and mute restored');
    expect(service.called('raiseHand').length).to.equal(1);
    expect(service.called('setMuted')).to.deep.equal([[true]]);
    await until(() => text(el, '[part="toasts"]').includes('as you left them'), 'the restored toast');

    service.raiseHand = async () => {
      throw new Error('dropped');
    };
    await service.lowerHand();
    const error = oneEvent(el, 'acs-error');
    await press(el, 'ctl-hand');
    expect((await error).detail.code).to.equal('operation-failed');
    await until(() => text(el, '[part="toasts"]').includes('Couldn’t raise your hand. Try again.'), 'the named failure');
  });

  it('shows a meeting timer', async () => {
    const { el } = await inMeeting({ patch: {} });
    const timer = $(el, '[role="timer"]')!;
    expect(timer.getAttribute('aria-label')).to.equal('Meeting duration');
    expect(timer.textContent!.trim()).to.match(/^\d+:\d\d$/);
    expect([formatDuration(0), formatDuration(65_000), formatDuration(3_723_000)]).to.deep.equal(['0:00', '1:05', '1:02:03']);
  });

  it('French: typographic spaces and agreement; Italian wording', async () => {
    const fr = await inMeeting({ locale: 'fr', patch: { muted: true, cameraOn: false } });
    expect(text(fr.el, '#ctl-mic')).to.equal('Activer le micro');
    expect(text(fr.el, '#ctl-camera')).to.equal('Activer la caméra');
    fr.service.update({ recording: 'on', consentRequired: true });
    await until(() => $(fr.el, '#consent-body'), 'consent');
    // French typography (fr-FR): narrow no-break spaces (U+202F) inside « » and before : ; ? !.
    expect($(fr.el, '#consent-body')!.textContent).to.contain('«\u202fJ’accepte\u202f»');
    fr.service.update({ participants: [participant('t1', 'Grace Hopper')], reactions: [{ id: 'r1', participantId: 't1', reaction: 'heart', at: Date.now() }] });
    await until(() => $(fr.el, '[data-participant="t1"] .reaction'), 'a reaction');
    expect($(fr.el, '[data-participant="t1"] .reaction')!.getAttribute('aria-label')).to.equal('Grace Hopper\u202f: J’adore');
    const it_ = await inMeeting({ locale: 'it', patch: { muted: true, handRaised: true } });
    expect(text(it_.el, '#ctl-mic')).to.equal('Riattiva audio');
    expect(text(it_.el, '#ctl-hand')).to.equal('Abbassa la mano');
  });
});
