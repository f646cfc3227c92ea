/**
 * <acs-teams-meeting> end to end against the local emulator (started by web-test-runner.config.mjs):
 * the element fetches a real emulator token from /api/token, picks the simulated meeting service by
 * itself, and the test plays the Teams side through the emulator's control API.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import { loadMeetingService } from '../../src/services/load-meeting-service.js';
import type { MeetingService, MeetingServiceOptions } from '../../src/services/meeting-service.js';
import { control, createMeeting, emulatorPath } from './helpers/emulator.js';
import { trackRecorder, until } from './helpers/wait.js';

// Registered here rather than through src/define.ts, so these tests do not depend on the other elements.
if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);

interface CreatedMeeting {
  threadId: string;
  meetingLink: string;
  meetingId: string;
  passcode: string;
}
interface MeetingSnapshot {
  recording: boolean | string;
  consentRequired: boolean;
  lobby: { id: string; displayName: string }[];
  participants: { id: string; displayName: string; kind: string; muted: boolean; video: boolean }[];
}

const meetingPath = (meeting: CreatedMeeting, rest = '') => `emulator/meetings/${encodeURIComponent(meeting.threadId)}${rest}`;
const snapshot = (meeting: CreatedMeeting) => control<MeetingSnapshot>('GET', meetingPath(meeting));

const $ = <E extends Element = HTMLElement>(el: AcsTeamsMeeting, selector: string) =>
  el.shadowRoot!.querySelector<E>(selector);
const text = (el: AcsTeamsMeeting, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function mount(meeting: CreatedMeeting, name: string, options: { skipSetup?: boolean; factory?: (o: MeetingServiceOptions) => Promise<MeetingService> } = {}) {
  return fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
    token-url=${emulatorPath('api/token')}
    meeting-link=${meeting.meetingLink}
    display-name=${name}
    locale="en"
    ?skip-setup=${options.skipSetup ?? false}
    .serviceFactory=${options.factory}
  ></acs-teams-meeting>`);
}

async function clickJoin(el: AcsTeamsMeeting): Promise<void> {
  await until(() => $(el, '[part="join-button"]'), 'the Join button');
  $(el, '[part="join-button"]')!.click();
}

/** Our ACS user as the emulator sees it (in the lobby or in the meeting). */
async function self(meeting: CreatedMeeting, name: string, where: 'lobby' | 'participants') {
  let found: { id: string } | undefined;
  await until(async () => {
    const state = await snapshot(meeting);
    found = (state[where] as { id: string; displayName: string }[]).find((entry) => entry.displayName === name);
    return found;
  }, `${name} in the emulator's ${where}`);
  return found!;
}

describe('<acs-teams-meeting> against the emulator', function () {
  this.timeout(60_000);

  it('walks setup → lobby → admitted → recording → consent → a Teams user with video, hand and screen → removed', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ lobby: true, topic: 'Walk' });
    const el = await mount(meeting, 'Walker');
    const events: { name: string; detail: unknown }[] = [];
    for (const name of ['acs-state-changed', 'acs-joined', 'acs-left', 'acs-recording-changed', 'acs-transcription-changed', 'acs-consent-required', 'acs-participant-joined', 'acs-error']) {
      el.addEventListener(name, (event) => events.push({ name, detail: (event as CustomEvent).detail }));
    }
    await until(() => $(el, '[part="preview"] video'), 'the camera preview');
    await expect(el).to.be.accessible();
    await clickJoin(el);

    await until(() => $(el, '[part="lobby"]'), 'the lobby screen');
    expect(text(el, '[part="lobby"] h2')).to.equal('Waiting for someone in the meeting to let you in');
    await expect(el).to.be.accessible();
    const waiting = await self(meeting, 'Walker', 'lobby');
    const joined = oneEvent(el, 'acs-joined');
    await control('POST', meetingPath(meeting, `/lobby/${encodeURIComponent(waiting.id)}/admit`));
    await joined;
    await until(() => $(el, '[part="controls"]'), 'the in-meeting controls');
    expect(events.filter((e) => e.name === 'acs-recording-changed')).to.deep.equal([
      { name: 'acs-recording-changed', detail: { active: false, initial: true } },
    ]);
    // The emulator's meeting starts with two simulated Teams users.
    await until(() => el.shadowRoot!.querySelectorAll('[part="gallery"] [data-participant]').length >= 2, 'the Teams users');
    await expect(el).to.be.accessible();

    // Recording on, then off: banner and events.
    const recOn = oneEvent(el, 'acs-recording-changed');
    await control('PATCH', meetingPath(meeting), { recording: true });
    expect((await recOn).detail).to.deep.equal({ active: true, initial: false });
    await until(() => text(el, '[part="compliance-banner"]').startsWith('Recording has started'), 'the recording banner');
    await expect(el).to.be.accessible();
    const recOff = oneEvent(el, 'acs-recording-changed');
    await control('PATCH', meetingPath(meeting), { recording: false });
    expect((await recOff).detail).to.deep.equal({ active: false, initial: false });
    await until(() => text(el, '[part="compliance-banner"]') === 'Recording has stopped and is being saved.', 'the stopped banner');
    const trOn = oneEvent(el, 'acs-transcription-changed');
    await control('PATCH', meetingPath(meeting), { transcription: true });
    expect((await trOn).detail).to.deep.equal({ active: true, initial: false });
    await until(() => text(el, '[part="compliance-banner"]').includes('Transcription has started'), 'the transcription banner');

    // Consent: muted and camera off until the user agrees.
    const consent = oneEvent(el, 'acs-consent-required');
    await control('PATCH', meetingPath(meeting), { recording: true, consentRequired: true });
    await consent;
    await until(() => $(el, '[part="consent"]'), 'the consent prompt');
    await until(() => el.state.muted && !el.state.cameraOn, 'muted with camera off');
    await expect(el).to.be.accessible();
    $(el, '#consent-agree')!.click();
    await until(() => !$(el, '[part="consent"]'), 'consent granted');
    expect(el.state.consentGranted).to.equal(true);

    // A Teams participant joins with video, raises a hand, shares a screen.
    const arrived = oneEvent(el, 'acs-participant-joined');
    const grace = await control<{ id: string }>('POST', meetingPath(meeting, '/participants'), { displayName: 'Grace Hopper', kind: 'teams', video: true });
    expect((await arrived).detail.participant).to.deep.include({ displayName: 'Grace Hopper', kind: 'teams' });
    const tile = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="gallery"] [data-participant]')].find((node) => node.textContent?.includes('Grace Hopper'));
    await until(() => tile()?.dataset.video === 'on', 'Grace’s video');
    expect(tile()!.querySelector('video, canvas')).to.not.equal(null);
    expect(text(el, '[part="toasts"]')).to.contain('Grace Hopper joined');
    await control('PATCH', meetingPath(meeting, `/participants/${encodeURIComponent(grace.id)}`), { handRaised: true });
    await until(() => tile()?.querySelector('[data-badge="hand"]'), 'the raised hand');
    await control('PATCH', meetingPath(meeting, `/participants/${encodeURIComponent(grace.id)}`), { screenSharing: true });
    await until(() => $(el, '[part="stage"] video, [part="stage"] canvas'), 'the shared screen on stage');
    expect(text(el, '[part="stage"] figcaption')).to.equal('Grace Hopper is presenting');
    await expect(el).to.be.accessible();

    // Removed by the organizer.
    const me = await self(meeting, 'Walker', 'participants');
    const left = oneEvent(el, 'acs-left');
    await control('DELETE', meetingPath(meeting, `/participants/${encodeURIComponent(me.id)}`));
    expect((await left).detail).to.deep.equal({ reason: 'removed', code: 0, subCode: 5000 });
    await until(() => $(el, '[part="end-screen"]'), 'the end screen');
    expect(text(el, '[part="end-screen"] h2')).to.equal('You were removed from the meeting');
    await expect(el).to.be.accessible();
    expect(events.filter((e) => e.name === 'acs-error')).to.deep.equal([]);
    expect(events.filter((e) => e.name === 'acs-state-changed').map((e) => (e.detail as { state: string }).state)).to.deep.equal([
      'connecting',
      'lobby',
      'connected',
      'ended',
    ]);
  });

  it('keeps the camera running from the setup preview into the call: one getUserMedia, the same track on the self tile', async () => {
    const meeting = await createMeeting<CreatedMeeting>({});
    const asked: MediaStreamConstraints[] = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) => {
      asked.push(constraints ?? {});
      return original(constraints);
    };
    try {
      const el = await mount(meeting, 'Handover');
      await until(() => $(el, '[part="preview"] video'), 'the camera preview');
      const [previewTrack] = ($<HTMLVideoElement>(el, '[part="preview"] video')!.srcObject as MediaStream).getVideoTracks();
      await clickJoin(el);
      await until(() => el.state.phase === 'connected', 'connected');
      const selfVideo = await until(() => $<HTMLVideoElement>(el, '[data-self] video'), 'the self tile video');
      expect((selfVideo.srcObject as MediaStream).getVideoTracks()).to.deep.equal([previewTrack]);
      expect(previewTrack.readyState).to.equal('live');
      expect(asked.filter((constraints) => constraints.video)).to.have.length(1);
      expect((await self(meeting, 'Handover', 'participants')) && (await snapshot(meeting)).participants.find((p) => p.displayName === 'Handover')!.video).to.equal(true);
      await el.leave();
      expect(previewTrack.readyState).to.equal('ended');
    } finally {
      Reflect.deleteProperty(navigator.mediaDevices, 'getUserMedia');
    }
  });

  it('shows "The meeting has ended" when the organizer ends it', async () => {
    const meeting = await createMeeting<CreatedMeeting>({});
    const el = await mount(meeting, 'Ender', { skipSetup: true });
    await until(() => $(el, '[part="controls"]'), 'the call');
    const left = oneEvent(el, 'acs-left');
    await control('POST', meetingPath(meeting, '/end'));
    expect((await left).detail).to.deep.equal({ reason: 'ended-by-organizer', code: 0, subCode: 4097 });
    await until(() => text(el, '[part="end-screen"] h2') === 'The meeting has ended', 'the end screen');
    expect($(el, '[part="end-screen"] button')).to.equal(null);
  });

  it('shows "You were not let in" when denied in the lobby', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ lobby: true });
    const el = await mount(meeting, 'Denied', { skipSetup: true });
    await until(() => $(el, '[part="lobby"]'), 'the lobby');
    const waiting = await self(meeting, 'Denied', 'lobby');
    const left = oneEvent(el, 'acs-left');
    await control('POST', meetingPath(meeting, `/lobby/${encodeURIComponent(waiting.id)}/deny`));
    expect((await left).detail).to.deep.equal({ reason: 'lobby-denied', code: 0, subCode: 5854 });
    await until(() => text(el, '[part="end-screen"] h2') === 'You were not let in', 'the end screen');
  });

  it('explains that guests cannot join when anonymous join is disabled', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ anonymousJoin: false });
    const el = await mount(meeting, 'Anonymous', { skipSetup: true });
    const left = await oneEvent(el, 'acs-left');
    expect(left.detail.reason).to.equal('anonymous-join-disabled');
    expect(left.detail.code).to.equal(403);
    await until(() => text(el, '[part="end-screen"] h2') === 'Guests can’t join this meeting', 'the end screen');
    await expect(el).to.be.accessible();
  });

  it('says on the setup screen, before the form is filled, that the meeting refuses guests; Join checks again', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ anonymousJoin: false, topic: 'Board meeting' });
    const el = await mount(meeting, '');
    const states: string[] = [];
    el.addEventListener('acs-state-changed', (event) => states.push((event as CustomEvent<{ state: string }>).detail.state));
    await until(() => $(el, '[data-problem="guests-not-allowed"]'), 'the early notice');
    expect(text(el, '[data-problem="guests-not-allowed"] strong')).to.equal('This meeting doesn’t allow guests');
    expect($<HTMLInputElement>(el, '#name')!.value).to.equal('');
    // The emulator's topic names the meeting when the page gave no meeting-title.
    expect(text(el, '.heading h2')).to.equal('Board meeting');
    const join = $<HTMLButtonElement>(el, '[part="join-button"]')!;
    expect(join.getAttribute('aria-disabled')).to.equal('true');
    expect(text(el, '#join-reason')).to.equal('This meeting doesn’t allow guests');
    await expect(el).to.be.accessible();
    const input = $<HTMLInputElement>(el, '#name')!;
    input.value = 'Early Bird';
    input.dispatchEvent(new Event('input'));
    join.click();
    await until(() => el.shadowRoot!.activeElement?.getAttribute('data-problem') === 'guests-not-allowed', 'the notice focused');
    expect(states).to.deep.equal([]);
    // The organizer lets guests in: the next Join asks again and goes ahead.
    await control('PATCH', meetingPath(meeting), { anonymousJoin: true });
    $<HTMLButtonElement>(el, '[part="join-button"]')!.click();
    await until(() => el.state.phase === 'connected', 'connected');
    expect($<HTMLInputElement>(el, '#name')).to.equal(null);
  });

  it('shows "Nobody let you in" with Rejoin after the lobby timeout', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ lobby: true });
    await control('PATCH', meetingPath(meeting), { lobbyTimeoutSeconds: 1 });
    const el = await mount(meeting, 'Patient', { skipSetup: true });
    const left = await oneEvent(el, 'acs-left');
    expect(left.detail).to.deep.equal({ reason: 'lobby-timeout', code: 0, subCode: 5855 });
    await until(() => text(el, '[part="end-screen"] h2') === 'Nobody let you in', 'the end screen');
    expect($(el, '[part="end-screen"] button')).to.not.equal(null);
  });

  it('shows the reconnecting banner while the connection is down, and recovers', async () => {
    const meeting = await createMeeting<CreatedMeeting>({});
    const el = await mount(meeting, 'Flaky', { skipSetup: true });
    await until(() => el.state.phase === 'connected', 'connected');
    const states: string[] = [];
    el.addEventListener('acs-state-changed', (event) => states.push(event.detail.state));
    try {
      // A drop fault kills the connection at the next message and refuses new ones until lifted.
      await control('POST', 'emulator/faults', { target: 'meeting', drop: true });
      await el.setMuted(!el.state.muted);
      await until(() => $(el, '[part="reconnecting"]'), 'the reconnecting banner');
      expect(text(el, '[part="reconnecting"]')).to.equal('Connection lost. Trying to reconnect…');
      await expect(el).to.be.accessible();
    } finally {
      await control('DELETE', 'emulator/faults');
    }
    await until(() => el.state.phase === 'connected', 'connected again', 20_000);
    expect($(el, '[part="reconnecting"]')).to.equal(null);
    expect(states).to.deep.equal(['reconnecting', 'connected']);
  });

  it('shows a token endpoint failure with Try again, and reports it as acs-error', async () => {
    const meeting = await createMeeting<CreatedMeeting>({});
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
      token-url=${emulatorPath('api/no-such-token-route')}
      meeting-link=${meeting.meetingLink}
      display-name="Nobody"
      locale="en"
      skip-setup
    ></acs-teams-meeting>`);
    const error = await oneEvent(el, 'acs-error');
    expect(error.detail.code).to.match(/^token-/);
    await until(() => $(el, '[part="error"]'), 'the error screen');
    expect(text(el, '[part="error"] p')).to.equal(error.detail.message);
    expect(el.state.phase).to.equal('setup');
    await expect(el).to.be.accessible();
  });

  it('shows French in the meeting', async () => {
    const meeting = await createMeeting<CreatedMeeting>({});
    await control('PATCH', meetingPath(meeting), { recording: true });
    const el = await mount(meeting, 'Amélie', { skipSetup: true });
    el.setAttribute('locale', 'fr');
    await until(() => $(el, '[part="controls"]'), 'the call');
    await until(() => text(el, '[part="compliance-banner"]').startsWith('L’enregistrement a commencé'), 'the French banner');
    expect($(el, '#ctl-leave')!.textContent).to.contain('Quitter');
  });

  /** JS heap in use after forced GCs (Chromium runs with --expose-gc and precise memory info). */
  async function heapAfterGc(): Promise<number> {
    const gc = (globalThis as { gc?: () => void }).gc;
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    expect(typeof gc, 'gc() (web-test-runner.config.mjs passes --js-flags=--expose-gc)').to.equal('function');
    for (let i = 0; i < 3; i++) {
      gc!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return memory!.usedJSHeapSize;
  }

  it('leak check: 20 join/leave cycles leave no live track, no listener, and < 10 % heap growth', async function (this: Mocha.Context) {
    this.timeout(240_000);
    const { tracks } = trackRecorder();
    let liveSubscriptions = 0;
    // Weak: holding the disposed services would itself grow the heap this test measures.
    const services: WeakRef<MeetingService>[] = [];
    // Wraps the service the element would have chosen itself, to count its subscriptions.
    const factory = async (options: MeetingServiceOptions): Promise<MeetingService> => {
      const service = await loadMeetingService(options);
      services.push(new WeakRef(service));
      const subscribe = (listener: Parameters<MeetingService['subscribe']>[0]) => {
        liveSubscriptions++;
        const unsubscribe = service.subscribe(listener);
        let done = false;
        return () => {
          if (!done) liveSubscriptions--;
          done = true;
          unsubscribe();
        };
      };
      return new Proxy(service, {
        get(target, property) {
          if (property === 'subscribe') return subscribe;
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    };
    /** Heap after GC at the end of each cycle. */
    const heaps: number[] = [];
    const mb = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MB`;
    try {
      const meeting = await createMeeting<CreatedMeeting>({});
      const el = await mount(meeting, 'Cycler', { factory });
      await until(() => $(el, '[part="preview"] video'), 'the preview');
      for (let cycle = 0; cycle < 20; cycle++) {
        if (cycle === 0) $(el, '[part="join-button"]')!.click();
        else $(el, '[part="end-screen"] button')!.click();
        await until(() => el.state.phase === 'connected', `connected (cycle ${cycle})`);
        await el.leave();
        await until(() => $(el, '[part="end-screen"] button'), `the end screen (cycle ${cycle})`);
        expect(liveSubscriptions, `subscriptions after cycle ${cycle}`).to.equal(0);
        heaps.push(await heapAfterGc());
      }
      // The last service is released at `ended` and disposed just after: let that finish.
      await until(
        () => services.every((ref) => (ref.deref() as { disposed?: boolean } | undefined)?.disposed !== false),
        'the services disposed',
      );
      heaps.push(await heapAfterGc());
      // One reading can catch a passing bump (a cache filled, a compiled function kept): a window's
      // lowest reading cannot, while a steady leak lifts every reading of a later window.
      // The first cycle loads the chunks and warms caches: growth is measured from there.
      const first = heaps[0]!;
      const early = Math.min(...heaps.slice(5, 10));
      const late = Math.min(...heaps.slice(15));
      const figures = `heap ${mb(first)} after cycle 1, lowest ${mb(early)} in cycles 6-10, lowest ${mb(late)} in cycles 16-20 (${heaps.map(mb).join(', ')})`;
      console.log(`leak check: ${figures}`);
      expect((late - first) / first, figures).to.be.below(0.1);
      // The JIT's warm-up levels off; a steady leak keeps growing in the second half too.
      expect((late - early) / early, figures).to.be.below(0.03);
      el.remove();
      // Removing the element stops the setup preview's tracks.
      await until(() => tracks.every((track) => track.readyState === 'ended'), 'every track stopped after removal');
      expect(services.length).to.equal(20);
      expect(tracks.length).to.be.greaterThan(0);
      expect(tracks.filter((track) => track.readyState !== 'ended').map((track) => track.kind)).to.deep.equal([]);
      expect(liveSubscriptions).to.equal(0);
    } finally {
      Reflect.deleteProperty(navigator.mediaDevices, 'getUserMedia');
    }
  });
});
