/**
 * Issue 14, spotlight and the stage, end to end on the emulator: the organizer console spotlights a
 * participant → the stage shows them, `acs-spotlight-changed` fires and the change is announced;
 * the user pins a tile with the keyboard and unpins it; the gallery plays at most the meeting's
 * optimal video count; a presenter spotlights themself. Axe in each state, and the stage at a
 * phone width.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import type { AcsErrorDetail, AcsSpotlightChangedDetail } from '../../src/events.js';
import type { MeetingState, ParticipantSnapshot } from '../../src/services/meeting-service.js';
import { control as controlApi, createMeeting, emulatorPath } from './helpers/emulator.js';
import { FakeMeetingService } from './helpers/fake-meeting-service.js';
import { control } from './helpers/meeting-controls.js';
import { until } from './helpers/wait.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);

interface CreatedMeeting {
  threadId: string;
  meetingLink: string;
}
interface MeetingSnapshot {
  participants: { id: string; displayName: string }[];
  spotlight: string[];
}

const meetingPath = (meeting: CreatedMeeting, rest = '') => `emulator/meetings/${encodeURIComponent(meeting.threadId)}${rest}`;
const $ = <E extends Element = HTMLElement>(el: AcsTeamsMeeting, selector: string) => el.shadowRoot!.querySelector<E>(selector);
const ids = (el: AcsTeamsMeeting, part: 'stage' | 'gallery') =>
  [...el.shadowRoot!.querySelectorAll(`[part="${part}"] [data-participant]`)].map((tile) => tile.getAttribute('data-participant'));
const toasts = (el: AcsTeamsMeeting) => $(el, '[part="toasts"]')?.textContent ?? '';

async function join(meeting: CreatedMeeting, style = ''): Promise<AcsTeamsMeeting> {
  const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
    style=${style}
    token-url=${emulatorPath('api/token')}
    meeting-link=${meeting.meetingLink}
    display-name="Guest"
    locale="en"
    skip-setup
    start-camera-off
  ></acs-teams-meeting>`);
  el.scrollIntoView();
  await until(() => $(el, '[part="controls"]'), 'the in-meeting controls');
  return el;
}

async function people(meeting: CreatedMeeting): Promise<Record<string, string>> {
  const snapshot = await controlApi<MeetingSnapshot>('GET', meetingPath(meeting));
  return Object.fromEntries(snapshot.participants.map((p) => [p.displayName, p.id]));
}

const spotlight = (meeting: CreatedMeeting, id: string, on: boolean) =>
  controlApi('PATCH', meetingPath(meeting, `/participants/${encodeURIComponent(id)}`), { spotlight: on });

describe('<acs-teams-meeting> spotlight and the stage against the emulator (issue 14)', function () {
  this.timeout(60_000);
  after(() => setViewport({ width: 800, height: 600 }));

  it('the console spotlights a participant: stage, event, announcement; the user pins and unpins a tile by keyboard', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ topic: 'Stage' });
    const el = await join(meeting);
    const changes: AcsSpotlightChangedDetail[] = [];
    el.addEventListener('acs-spotlight-changed', (event) => changes.push(event.detail));
    const { 'Adele Vance': adele, 'Alex Wilber': alex } = await people(meeting);
    await until(() => ids(el, 'gallery').length === 2, 'both Teams people in the gallery');
    expect($(el, '[part="stage"]')).to.equal(null);

    await spotlight(meeting, alex, true);
    await until(() => changes.length === 1, 'acs-spotlight-changed');
    expect(changes[0]).to.deep.equal({ participantIds: [alex] });
    await until(() => ids(el, 'stage').join() === alex, 'Alex on the stage');
    expect(ids(el, 'gallery')).to.deep.equal([adele]);
    expect($(el, `[part="stage"] [data-participant="${alex}"] [data-badge="spotlight"]`)?.textContent).to.contain('Spotlighted');
    await until(() => toasts(el).includes('Alex Wilber is spotlighted'), 'the announcement');
    expect($(el, '[part="toasts"]')!.getAttribute('aria-live')).to.equal('polite');
    await expect(el).to.be.accessible();

    // Pin Adele with the keyboard: Tab from the gallery reaches her Pin button; Enter pins her,
    // and she joins the stage after the spotlighted Alex.
    const pin = $(el, `[part="gallery"] [data-pin="${adele}"]`)!;
    expect(pin.getAttribute('aria-label')).to.equal('Pin Adele Vance');
    $(el, '[part="gallery"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(pin);
    await sendKeys({ press: 'Enter' });
    await until(() => ids(el, 'stage').join() === [alex, adele].join(), 'Adele pinned on the stage');
    expect(el.pinned).to.equal(adele);
    const unpin = $(el, `[part="stage"] [data-pin="${adele}"]`)!;
    expect(unpin.getAttribute('aria-label')).to.equal('Unpin Adele Vance');
    expect($(el, `[data-participant="${adele}"] [data-badge="pinned"]`)).to.not.equal(null);
    await expect(el).to.be.accessible();
    unpin.focus();
    await sendKeys({ press: 'Space' });
    await until(() => ids(el, 'stage').join() === alex, 'Adele back in the gallery');
    expect(el.pinned).to.equal(undefined);
    expect(ids(el, 'gallery')).to.deep.equal([adele]);
    // Pinning is local: the meeting's spotlight did not change.
    expect(changes).to.have.length(1);

    await spotlight(meeting, alex, false);
    await until(() => changes.length === 2, 'the second acs-spotlight-changed');
    expect(changes[1]).to.deep.equal({ participantIds: [] });
    await until(() => !$(el, '[part="stage"]'), 'the stage gone');
    await until(() => toasts(el).includes('Alex Wilber is no longer spotlighted'), 'the end announced');

    // The participant list pins too (the way to reach someone behind "+N").
    (await control(el, 'ctl-participants')).click();
    await until(() => $(el, `[part="participants"] [data-pin="${alex}"]`), 'the list’s Pin button');
    $(el, `[part="participants"] [data-pin="${alex}"]`)!.click();
    await until(() => ids(el, 'stage').join() === alex, 'Alex pinned from the list');
    expect($(el, `[part="participants"] [data-pin="${alex}"]`)!.getAttribute('aria-label')).to.equal('Unpin Alex Wilber');
    await expect(el).to.be.accessible();
  });

  it('plays at most the optimal video count: the spotlighted video first, the others as avatars', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ topic: 'Videos' });
    await controlApi('PATCH', meetingPath(meeting), { optimalVideoCount: 2 });
    const grace = (await controlApi<{ id: string }>('POST', meetingPath(meeting, '/participants'), { displayName: 'Grace Hopper', video: true })).id;
    const el = await join(meeting);
    const { 'Adele Vance': adele } = await people(meeting);
    await until(() => el.state.maxRemoteVideoStreams === 2 && ids(el, 'gallery').length === 3, 'three people, two videos');
    const playing = () => [...el.shadowRoot!.querySelectorAll('[data-participant][data-video="on"]')].map((tile) => tile.getAttribute('data-participant'));
    await until(() => playing().includes(adele), 'Adele’s video');
    // Adele and Grace both send video; with Alex (no video) the third, Grace is beyond the count.
    expect(playing()).to.deep.equal([adele]);
    expect($(el, `[data-participant="${grace}"] .avatar`)).to.not.equal(null);

    await spotlight(meeting, grace, true);
    await until(() => ids(el, 'stage').join() === grace, 'Grace on the stage');
    await until(() => playing().includes(grace), 'Grace’s video on the stage');
    expect(playing().length).to.be.at.most(2);

    await controlApi('PATCH', meetingPath(meeting), { optimalVideoCount: 1 });
    await until(() => el.state.maxRemoteVideoStreams === 1, 'the new count');
    await until(() => playing().join() === grace, 'only the stage’s video');
    expect($(el, `[part="gallery"] [data-participant="${adele}"] .avatar`)).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('an attendee has no "Spotlight me"; made a presenter, the user spotlights themself and stops', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ topic: 'Self' });
    const el = await join(meeting);
    const changes: AcsSpotlightChangedDetail[] = [];
    const errors: AcsErrorDetail[] = [];
    el.addEventListener('acs-spotlight-changed', (event) => changes.push(event.detail));
    el.addEventListener('acs-error', (event) => errors.push(event.detail));
    await until(() => el.state.role === 'attendee', 'the attendee role');
    await control(el, 'ctl-spotlight').then(
      () => expect.fail('an attendee must not be offered "Spotlight me"'),
      () => undefined,
    );
    // The method refuses with a clear, localized not-allowed error.
    await el.startSpotlight();
    await until(() => errors.length > 0, 'the acs-error');
    expect(errors.map((error) => error.code)).to.deep.equal(['not-allowed']);
    expect(errors[0].message).to.equal('The meeting doesn’t let you do that right now. Ask the organizer if you need it.');

    const { Guest: self } = await people(meeting);
    await controlApi('PATCH', meetingPath(meeting, `/participants/${encodeURIComponent(self)}`), { role: 'presenter' });
    await until(() => el.state.capabilities.spotlightParticipant.allowed, 'the capability');
    const start = await control(el, 'ctl-spotlight');
    expect(start.textContent).to.contain('Spotlight me');
    start.click();
    await until(() => changes.at(-1)?.participantIds.join() === self, 'the user spotlighted');
    await until(() => toasts(el).includes('You’re spotlighted'), 'the announcement');
    expect($(el, '[data-self] [data-badge="spotlight"]')).to.not.equal(null);
    expect((await controlApi<MeetingSnapshot>('GET', meetingPath(meeting))).spotlight).to.deep.equal([self]);
    await expect(el).to.be.accessible();

    const stop = await control(el, 'ctl-spotlight');
    expect(stop.textContent).to.contain('Stop spotlighting me');
    stop.click();
    await until(() => changes.at(-1)?.participantIds.length === 0, 'the spotlight stopped');
    expect(errors).to.have.length(1);
  });

  it('at a phone width the stage and the gallery strip fit, with the pin buttons reachable', async () => {
    await setViewport({ width: 360, height: 640 });
    const meeting = await createMeeting<CreatedMeeting>({ topic: 'Phone' });
    const el = await join(meeting, 'display:block;width:360px;height:640px');
    const { 'Adele Vance': adele, 'Alex Wilber': alex } = await people(meeting);
    await spotlight(meeting, adele, true);
    await until(() => ids(el, 'stage').join() === adele, 'Adele on the stage');
    $(el, `[data-pin="${alex}"]`)!.click();
    await until(() => ids(el, 'stage').join() === [adele, alex].join(), 'Alex pinned');

    const box = el.getBoundingClientRect();
    const sideways = [...el.shadowRoot!.querySelectorAll('[part="stage"], [part="stage"] *, [part="gallery"], [part="gallery"] > *')].filter((node) => {
      const rect = node.getBoundingClientRect();
      return rect.width > 1 && (rect.left < box.left - 0.5 || rect.right > box.right + 0.5);
    });
    expect(sideways.map((node) => node.className)).to.deep.equal([]);
    const stage = $(el, '[part="stage"]')!.getBoundingClientRect();
    const gallery = $(el, '[part="gallery"]')!.getBoundingClientRect();
    expect(stage.height, 'stage height').to.be.greaterThan(120);
    expect(gallery.top, 'the gallery below the stage').to.be.at.least(stage.bottom - 0.5);
    for (const button of el.shadowRoot!.querySelectorAll<HTMLElement>('[part="pin-button"]')) {
      const rect = button.getBoundingClientRect();
      expect(Math.min(rect.width, rect.height), 'pin target size').to.be.at.least(24);
    }
    await expect(el).to.be.accessible();
  });
});

describe('<acs-teams-meeting> spotlight controls and the stage during a screen share (fake service)', function () {
  this.timeout(30_000);
  const LINK =
    'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjZkYjE0ZTQtYjU2Yi00YTJk%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22f7ae2f2c-7a3b-4a64-9a9f-3f5c9f7a1c11%22%7d';
  const provider = async () => ({ token: 'not-used-by-the-fake', expiresOn: new Date(Date.now() + 3600_000), emulator: true });
  const person = (id: string, displayName: string, extra: Partial<ParticipantSnapshot> = {}): ParticipantSnapshot => ({
    id,
    displayName,
    kind: 'teams',
    state: 'connected',
    muted: false,
    speaking: false,
    handRaised: false,
    ...extra,
  });

  async function inCall(patch: Partial<MeetingState>) {
    const service = new FakeMeetingService();
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
      meeting-link=${LINK}
      display-name="Ada Lovelace"
      locale="en"
      .tokenProvider=${provider}
      .serviceFactory=${async () => service}
    ></acs-teams-meeting>`);
    el.scrollIntoView();
    await until(() => $(el, '[part="join-button"]'), 'the Join button');
    $(el, '[part="join-button"]')!.click();
    await until(() => service.joinOptions, 'service.join');
    service.update({ phase: 'connected', threadId: '19:meeting_x@thread.v2', ...patch });
    await until(() => $(el, '[part="controls"]'), 'the control bar');
    return { el, service };
  }

  it('offers "Spotlight me" to a presenter the meeting allows, not while the role is unknown; it toggles', async () => {
    const { el, service } = await inCall({ participants: [person('t1', 'Grace Hopper')] });
    let offered = true;
    await control(el, 'ctl-spotlight').catch(() => (offered = false));
    expect(offered, 'offered while the role is unknown').to.equal(false);
    service.update({ role: 'presenter' });
    await el.updateComplete;
    (await control(el, 'ctl-spotlight')).click();
    await until(() => service.called('startSpotlight').length === 1, 'startSpotlight');
    await until(() => $(el, '[data-self] [data-badge="spotlight"]'), 'the own spotlight badge');
    const stop = await control(el, 'ctl-spotlight');
    expect(stop.textContent).to.contain('Stop spotlighting me');
    stop.click();
    await until(() => service.called('stopSpotlight').length === 1, 'stopSpotlight');
    await expect(el).to.be.accessible();
  });

  it('a screen share keeps the stage; the spotlighted, then the pinned, lead the gallery strip', async () => {
    const { el, service } = await inCall({
      participants: [person('t1', 'Grace Hopper'), person('t2', 'Alan Turing'), person('t3', 'Katherine Johnson')],
      spotlightedParticipants: ['t2'],
    });
    await until(() => ids(el, 'stage').join() === 't2', 'Alan on the stage');
    el.pinned = 't3';
    await el.updateComplete;
    expect(ids(el, 'stage')).to.deep.equal(['t2', 't3']);
    service.update({ participants: service.state.participants.map((p) => (p.id === 't1' ? { ...p, screenShareStreamId: 's1' } : p)) });
    await until(() => $(el, '[part="stage"] figcaption')?.textContent === 'Grace Hopper is presenting', 'the screen share on stage');
    expect(ids(el, 'gallery')).to.deep.equal(['t2', 't3', 't1']);
    await expect(el).to.be.accessible();
  });
});
