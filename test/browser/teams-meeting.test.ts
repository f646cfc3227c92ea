/**
 * <acs-teams-meeting> UI against an in-memory MeetingService (the element's `serviceFactory`):
 * every screen, the events, the accessibility of each state, locales, bad input and cleanup.
 * The same walk against the emulator's simulated meeting is in teams-meeting.emulator.test.ts.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import type { LeftReason, ParticipantSnapshot } from '../../src/services/meeting-service.js';
import { FakeMeetingService } from './helpers/fake-meeting-service.js';
import { control, press } from './helpers/meeting-controls.js';
import { settle, trackRecorder, until } from './helpers/wait.js';

// Registered here rather than through src/define.ts, so these tests do not depend on the other elements.
if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);

const LINK =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjZkYjE0ZTQtYjU2Yi00YTJk%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22f7ae2f2c-7a3b-4a64-9a9f-3f5c9f7a1c11%22%7d';

const provider = async () => ({ token: 'not-used-by-the-fake', expiresOn: new Date(Date.now() + 3600_000), emulator: true });

const $ = <E extends Element = HTMLElement>(el: AcsTeamsMeeting, selector: string) =>
  el.shadowRoot!.querySelector<E>(selector);
const text = (el: AcsTeamsMeeting, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function record(el: EventTarget, names: string[]): { name: string; detail: unknown }[] {
  const seen: { name: string; detail: unknown }[] = [];
  for (const name of names) el.addEventListener(name, (event) => seen.push({ name, detail: (event as CustomEvent).detail }));
  return seen;
}

function participant(id: string, displayName: string, extra: Partial<ParticipantSnapshot> = {}): ParticipantSnapshot {
  return { id, displayName, kind: 'teams', state: 'connected', muted: false, speaking: false, handRaised: false, ...extra };
}

async function mount(service = new FakeMeetingService(), attrs: { locale?: string; skipSetup?: boolean } = {}) {
  const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
    meeting-link=${LINK}
    display-name="Ada Lovelace"
    locale=${attrs.locale ?? 'en'}
    ?skip-setup=${attrs.skipSetup ?? false}
    .tokenProvider=${provider}
    .serviceFactory=${async () => service}
  ></acs-teams-meeting>`);
  return { el, service };
}

/** Setup → Join → connecting (the fake then waits for the test to move it on). */
async function joinNow(el: AcsTeamsMeeting, service: FakeMeetingService): Promise<void> {
  await until(() => $(el, '[part="join-button"]'), 'the Join button');
  $(el, '[part="join-button"]')!.click();
  await until(() => service.joinOptions, 'service.join');
  await el.updateComplete;
}

async function connect(el: AcsTeamsMeeting, service: FakeMeetingService, patch = {}): Promise<void> {
  service.update({ phase: 'connected', threadId: '19:meeting_x@thread.v2', ...patch });
  await until(() => $(el, '[part="controls"]'), 'the control bar');
}

describe('<acs-teams-meeting> (fake service)', () => {
  it('shows the setup screen with the name, a live camera preview and device pickers', async () => {
    const { el } = await mount();
    await until(() => $(el, '[part="preview"] video'), 'the preview video');
    const input = $<HTMLInputElement>(el, '#name')!;
    expect(input.value).to.equal('Ada Lovelace');
    const video = $<HTMLVideoElement>(el, '[part="preview"] video')!;
    expect((video.srcObject as MediaStream).getVideoTracks()[0].readyState).to.equal('live');
    await until(() => $<HTMLSelectElement>(el, '#camera')!.options.length > 0 && $<HTMLSelectElement>(el, '#camera')!.value, 'cameras');
    expect($<HTMLSelectElement>(el, '#mic')!.options.length).to.be.greaterThan(0);
    expect(el.state.phase).to.equal('setup');
    await expect(el).to.be.accessible();
  });

  it('puts state-named icon toggles on the preview, with aria-pressed saying the device is on', async () => {
    const { el, service } = await mount();
    await until(() => $(el, '[part="preview"] video'), 'the preview');
    const mic = $<HTMLButtonElement>(el, '[part="preview"] #setup-mic')!;
    const camera = $<HTMLButtonElement>(el, '[part="preview"] #setup-camera')!;
    expect([mic.getAttribute('aria-label'), mic.getAttribute('aria-pressed')]).to.deep.equal(['Mute', 'true']);
    expect([camera.getAttribute('aria-label'), camera.getAttribute('aria-pressed')]).to.deep.equal(['Turn camera off', 'true']);
    mic.click();
    await el.updateComplete;
    expect([mic.getAttribute('aria-label'), mic.getAttribute('aria-pressed')]).to.deep.equal(['Unmute', 'false']);
    // The slashed icon: the off variant draws the extra diagonal.
    expect(mic.querySelectorAll('svg path').length).to.be.greaterThan(1);
    expect(mic.querySelector('svg')!.innerHTML).to.contain('M3 3l18 18');
    camera.click();
    await until(() => !$(el, '[part="preview"] video'), 'the camera off');
    expect([camera.getAttribute('aria-label'), camera.getAttribute('aria-pressed')]).to.deep.equal(['Turn camera on', 'false']);
    expect(text(el, '.camera-off')).to.contain('Your camera is off');
    expect(text(el, '.camera-off .avatar')).to.equal('AL');
    await expect(el).to.be.accessible();
    await joinNow(el, service);
    expect(service.joinOptions).to.include({ muted: true, cameraOn: false });
    expect(service.joinOptions!.preview).to.equal(undefined);
  });

  it('shows the meeting-title as text, with a live microphone level and the settings in one compact area', async () => {
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} display-name="Ada" locale="fr"
      meeting-title=${'<b>Revue</b> du projet'} .tokenProvider=${provider} .serviceFactory=${async () => new FakeMeetingService()}></acs-teams-meeting>`);
    await until(() => $(el, '[part="preview"] video'), 'the preview');
    expect(text(el, '.heading h2')).to.equal('<b>Revue</b> du projet');
    expect($(el, '.heading h2 b')).to.equal(null);
    expect(text(el, '.heading p')).to.equal('Préparez-vous à rejoindre la réunion');
    expect($<HTMLButtonElement>(el, '#setup-mic')!.getAttribute('aria-label')).to.equal('Désactiver le micro');
    // The level meter is fed by an AnalyserNode once the preview plays.
    await until(() => $(el, '.level')!.style.getPropertyValue('--level') !== '', 'the microphone level');
    const settings = $<HTMLDetailsElement>(el, 'details.settings')!;
    expect(text(el, 'details.settings summary')).to.equal('Paramètres audio et vidéo');
    expect(settings.open).to.equal(false);
    for (const id of ['#mic', '#camera', '.test-sound']) expect(settings.querySelector(id), id).to.not.equal(null);
    settings.open = true;
    await expect(el).to.be.accessible();
  });

  it('eases the microphone level only when the user has not asked for reduced motion', async () => {
    const { el } = await mount();
    await until(() => $(el, '.level-bar'), 'the level bar');
    const bar = $(el, '.level-bar')!;
    expect(getComputedStyle(bar).transitionDuration).to.not.equal('0s');
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      await until(() => getComputedStyle(bar).transitionDuration === '0s', 'no easing under reduced motion');
      // Still drawn (four times a second), so the user can see the microphone works.
      await until(() => $(el, '.level')!.style.getPropertyValue('--level') !== '', 'the level');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('plays a generated test sound and gives the button back when it ends', async () => {
    const { el } = await mount();
    await until(() => $(el, '.test-sound'), 'the speaker test');
    $<HTMLDetailsElement>(el, 'details.settings')!.open = true;
    const button = $<HTMLButtonElement>(el, '.test-sound')!;
    expect(button.textContent!.trim()).to.equal('Play test sound');
    button.click();
    await until(() => button.disabled && button.textContent!.trim() === 'Playing test sound…', 'the sound playing');
    await until(() => !button.disabled && button.textContent!.trim() === 'Play test sound', 'the sound ended', 10_000);
  });

  it('starts the camera before the meeting service is asked for, and loads the service once the preview plays', async () => {
    const order: string[] = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      order.push('getUserMedia');
      return original(constraints);
    };
    try {
      const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} display-name="Ada" locale="en" .tokenProvider=${provider}
        .serviceFactory=${async () => {
          order.push(`service (preview playing: ${Boolean($<HTMLVideoElement>(el, '[part="preview"] video')?.readyState)})`);
          return new FakeMeetingService();
        }}></acs-teams-meeting>`);
      await until(() => order.length >= 2, 'the service loaded in the background');
      expect(order).to.deep.equal(['getUserMedia', 'service (preview playing: true)']);
    } finally {
      Reflect.deleteProperty(navigator.mediaDevices, 'getUserMedia');
    }
  });

  it('asks for the camera within its first render when in view (before any paint), and only once scrolled into view otherwise', async () => {
    let asked = 0;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) => {
      asked++;
      return original(constraints);
    };
    const make = () => {
      const el = document.createElement('acs-teams-meeting') as AcsTeamsMeeting;
      el.setAttribute('meeting-link', LINK);
      el.setAttribute('display-name', 'Ada');
      el.setAttribute('locale', 'en');
      el.tokenProvider = provider;
      el.serviceFactory = async () => new FakeMeetingService();
      return el;
    };
    const inView = make();
    const spacer = document.createElement('div');
    spacer.style.blockSize = '300vh';
    const below = make();
    try {
      document.body.prepend(inView);
      // Only microtasks since it was connected: no timer and no rendering step has run yet.
      await inView.updateComplete;
      expect(asked).to.equal(1);
      await until(() => $(inView, '[part="preview"] video'), 'the preview');
      inView.remove();

      document.body.append(spacer, below);
      await below.updateComplete;
      // Our own IntersectionObserver reports in the same rendering step as the element's (made
      // earlier, so notified first); then the element's connect task and what it starts have run.
      const seen = await new Promise<boolean>((resolve) => {
        const observer = new IntersectionObserver((entries) => {
          observer.disconnect();
          resolve(entries.some((entry) => entry.isIntersecting));
        });
        observer.observe(below);
      });
      expect(seen, 'the element below is out of view').to.equal(false);
      await settle();
      await below.updateComplete;
      expect(asked).to.equal(1);
      below.scrollIntoView();
      await until(() => $(below, '[part="preview"] video'), 'the preview once in view');
      expect(asked).to.equal(2);
    } finally {
      Reflect.deleteProperty(navigator.mediaDevices, 'getUserMedia');
      inView.remove();
      below.remove();
      spacer.remove();
    }
  });

  it('remembers the chosen devices (their ids only) for the next visit', async () => {
    localStorage.removeItem('acs-teams-elements:devices');
    const seen: MediaStreamConstraints[] = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      if (constraints) seen.push(constraints);
      return original(constraints);
    };
    try {
      const first = await mount();
      await until(() => ($<HTMLSelectElement>(first.el, '#mic')?.options.length ?? 0) > 1, 'several microphones');
      const mic = $<HTMLSelectElement>(first.el, '#mic')!;
      const chosen = mic.options[1]!.value;
      mic.value = chosen;
      mic.dispatchEvent(new Event('change'));
      const stored = JSON.parse(localStorage.getItem('acs-teams-elements:devices') ?? '{}') as Record<string, string>;
      expect(Object.keys(stored).sort()).to.deep.equal(['cameraId', 'microphoneId', 'speakerId'].filter((key) => stored[key]).sort());
      expect(stored.microphoneId).to.equal(chosen);
      expect(JSON.stringify(stored)).to.not.contain('Ada');
      first.el.remove();
      seen.length = 0;
      const second = await mount();
      await until(() => seen.length > 0, 'the second preview');
      expect((seen[0]!.audio as MediaTrackConstraints).deviceId).to.deep.equal({ ideal: chosen });
      await until(() => $<HTMLSelectElement>(second.el, '#mic')?.value === chosen, 'the remembered microphone selected');
    } finally {
      Reflect.deleteProperty(navigator.mediaDevices, 'getUserMedia');
      localStorage.removeItem('acs-teams-elements:devices');
    }
  });

  it('requires a name for guests and does not join without one', async () => {
    const { el, service } = await mount();
    await until(() => $(el, '#name'), 'the name field');
    const input = $<HTMLInputElement>(el, '#name')!;
    input.value = '  ';
    input.dispatchEvent(new Event('input'));
    $(el, '[part="join-button"]')!.click();
    await until(() => input.getAttribute('aria-invalid') === 'true', 'aria-invalid');
    expect(text(el, '#name-hint')).to.equal('Enter your name to join.');
    expect(service.joinOptions).to.equal(undefined);
  });

  it('walks join → lobby → connected with events, hands the preview camera over, and passes the choices to the service', async () => {
    const { el, service } = await mount();
    const seen = record(el, ['acs-state-changed', 'acs-joined', 'acs-recording-changed', 'acs-transcription-changed']);
    await until(() => $(el, '[part="preview"] video'), 'the preview');
    const previewStream = $<HTMLVideoElement>(el, '[part="preview"] video')!.srcObject as MediaStream;
    const [previewVideo] = previewStream.getVideoTracks();
    $<HTMLButtonElement>(el, '.toggle')!.click(); // microphone off
    await joinNow(el, service);
    // The camera keeps running into the call (no second getUserMedia); the microphone preview stops.
    expect(previewStream.getAudioTracks().every((track) => track.readyState === 'ended')).to.equal(true);
    expect(service.joinOptions!.preview!.getTracks()).to.deep.equal([previewVideo]);
    expect(previewVideo.readyState).to.equal('live');
    expect(service.joinOptions).to.include({ displayName: 'Ada Lovelace', muted: true, cameraOn: true });
    expect(service.joinOptions!.locator).to.have.property('meetingLink');
    expect(text(el, '[part="connecting"]')).to.equal('Connecting to the meeting…');

    service.update({ phase: 'lobby' });
    await until(() => $(el, '[part="lobby"]'), 'the lobby');
    expect(text(el, '[part="lobby"] h2')).to.equal('Waiting for someone in the meeting to let you in');
    await expect(el).to.be.accessible();

    await connect(el, service, { recording: 'on' });
    expect(seen.map((event) => event.name)).to.deep.equal([
      'acs-state-changed',
      'acs-state-changed',
      'acs-state-changed',
      'acs-joined',
      'acs-recording-changed',
      'acs-transcription-changed',
    ]);
    expect(seen.slice(0, 3).map((event) => event.detail)).to.deep.equal([
      { state: 'connecting', previous: 'setup' },
      { state: 'lobby', previous: 'connecting' },
      { state: 'connected', previous: 'lobby' },
    ]);
    expect(seen[4].detail).to.deep.equal({ active: true, initial: true });
    expect(seen[5].detail).to.deep.equal({ active: false, initial: true });
    expect(el.state.phase).to.equal('connected');
    expect(el.state.recording).to.equal('on');
    expect($(el, '[part="controls"]')!.getAttribute('role')).to.equal('toolbar');
    await expect(el).to.be.accessible();
  });

  it('stops the preview camera itself at Join for a service that does not take it over (e.g. a page’s own backend)', async () => {
    const service = new FakeMeetingService();
    service.takesPreview = false;
    const { el } = await mount(service);
    await until(() => $(el, '[part="preview"] video'), 'the preview');
    const previewTracks = ($<HTMLVideoElement>(el, '[part="preview"] video')!.srcObject as MediaStream).getTracks();
    await joinNow(el, service);
    expect(service.joinOptions!.preview).to.equal(undefined);
    expect(previewTracks.map((track) => track.readyState)).to.deep.equal(previewTracks.map(() => 'ended'));
  });

  it('shows the compliance banner for every recording and transcription state, and fires change events', async () => {
    const { el, service } = await mount();
    await joinNow(el, service);
    await connect(el, service);
    expect($(el, '[part="compliance-banner"]')).to.equal(null);
    const seen = record(el, ['acs-recording-changed', 'acs-transcription-changed']);
    const cases: [Partial<typeof service.state>, string][] = [
      [{ recording: 'on' }, 'Recording has started. By staying in the meeting, you consent to being recorded.'],
      [{ transcription: 'on' }, 'Recording and transcription have started.'],
      [{ recording: 'stopped' }, 'Transcription has started. By staying in the meeting, you consent to being transcribed. Recording has stopped and is being saved.'],
      [{ transcription: 'stopped' }, 'Recording and transcription have stopped and are being saved.'],
    ];
    for (const [patch, expected] of cases) {
      service.update(patch);
      await el.updateComplete;
      expect(text(el, '[part="compliance-banner"]')).to.contain(expected);
    }
    const live = $(el, '[part="compliance-banner"]')!.parentElement!;
    expect(live.getAttribute('role')).to.equal('status');
    expect(seen).to.deep.equal([
      { name: 'acs-recording-changed', detail: { active: true, initial: false } },
      { name: 'acs-transcription-changed', detail: { active: true, initial: false } },
      { name: 'acs-recording-changed', detail: { active: false, initial: false } },
      { name: 'acs-transcription-changed', detail: { active: false, initial: false } },
    ]);
    service.update({ recording: 'on' });
    await el.updateComplete;
    expect($(el, '[part="compliance-banner"]')!.parentElement!.getAttribute('aria-live')).to.equal('assertive');
    await expect(el).to.be.accessible();
  });

  it('asks for consent, keeps the user muted with the camera off until they agree, then grants it', async () => {
    const { el, service } = await mount();
    await joinNow(el, service);
    await connect(el, service, { muted: false, cameraOn: true });
    const consent = oneEvent(el, 'acs-consent-required');
    service.update({ recording: 'on', consentRequired: true, consentGranted: false });
    expect((await consent).detail).to.deep.equal({ recording: true, transcription: false });
    await until(() => $(el, '[part="consent"]'), 'the consent prompt');
    await until(() => service.state.muted && !service.state.cameraOn, 'mute and camera off');
    await expect(el).to.be.accessible();
    const unmutes = service.called('setMuted').length;
    const refused = oneEvent(el, 'acs-error');
    await el.setMuted(false);
    expect((await refused).detail).to.include({ code: 'consent-required', recoverable: true });
    $(el, '#ctl-mic')!.click();
    await el.updateComplete;
    expect(service.called('setMuted').length).to.equal(unmutes);
    expect(text(el, '[part="toasts"]')).to.not.equal('');
    expect($(el, '#ctl-mic')!.getAttribute('aria-disabled')).to.equal('true');
    $(el, '#consent-agree')!.click();
    await until(() => service.called('grantConsent').length === 1, 'grantConsent');
    await until(() => !$(el, '[part="consent"]'), 'the prompt to go');
    $(el, '#ctl-mic')!.click();
    await until(() => service.state.muted === false, 'unmute after consent');
  });

  it('shows participants: video tiles, avatars, badges, dominant speaker, overflow, screen share and toasts', async () => {
    const { el, service } = await mount();
    await joinNow(el, service);
    await connect(el, service, { maxRemoteVideoStreams: 2 });
    const joined = oneEvent(el, 'acs-participant-joined');
    service.update({ participants: [participant('t1', 'Grace Hopper', { videoStreamId: 'v1' })] });
    expect((await joined).detail).to.deep.equal({ participant: { id: 't1', displayName: 'Grace Hopper', kind: 'teams' } });
    await until(() => $(el, '[data-participant="t1"] canvas'), 'the video view');
    expect(text(el, '[part="toasts"]')).to.contain('Grace Hopper joined');

    service.update({
      participants: [
        participant('t1', 'Grace Hopper', { videoStreamId: 'v1', handRaised: true }),
        participant('t2', 'Alan Turing', { muted: true }),
        participant('p1', '+1 555 0100', { kind: 'phone' }),
      ],
      dominantSpeakers: ['p1'],
    });
    await el.updateComplete;
    expect($(el, '[data-participant="t1"] [data-badge="hand"]')).to.not.equal(null);
    // Limit 2 and one more person: no "+1" tile hiding a face; the third person is shown too.
    const tileIds = () => [...el.shadowRoot!.querySelectorAll('[part="gallery"] [data-participant]')].map((tile) => tile.getAttribute('data-participant'));
    expect(tileIds()).to.deep.equal(['t1', 't2', 'p1']);
    expect($(el, '.overflow')).to.equal(null);
    expect($(el, '[data-participant="p1"]')!.classList.contains('speaking')).to.equal(true);
    expect(text(el, '[data-participant="p1"] .avatar')).to.equal('#');

    // Two more than the limit: the dominant speaker takes a place; the others are behind "+2".
    service.update({ participants: [...service.state.participants, participant('t3', 'Katherine Johnson')] });
    await el.updateComplete;
    expect(tileIds()).to.deep.equal(['t1', 'p1']);
    expect(text(el, '.overflow')).to.equal('+2');
    expect($(el, '.overflow button')!.getAttribute('aria-label')).to.equal('2 more participants: show the list');
    service.update({ participants: service.state.participants.filter((p) => p.id !== 't3') });
    await el.updateComplete;

    service.update({ participants: service.state.participants.map((p) => (p.id === 't2' ? { ...p, screenShareStreamId: 's2' } : p)) });
    await until(() => $(el, '[part="stage"] canvas'), 'the screen share on stage');
    expect(text(el, '[part="stage"] figcaption')).to.equal('Alan Turing is presenting');
    await expect(el).to.be.accessible();

    await press(el, 'ctl-participants');
    await until(() => $(el, '[part="participants"]'), 'the participant list');
    expect(text(el, '[part="participants"] [data-participant="p1"]')).to.contain('Phone');
    expect(text(el, '[part="participants"] [data-participant="t1"]')).to.contain('Teams');
    await expect(el).to.be.accessible();

    const left = oneEvent(el, 'acs-participant-left');
    service.update({ participants: service.state.participants.filter((p) => p.id !== 't2') });
    expect((await left).detail.participant.id).to.equal('t2');
    await until(() => service.views.size === 1, 'the screen share view to be disposed');
  });

  it('admits and denies lobby participants when allowed, and drives every control', async () => {
    const { el, service } = await mount();
    await joinNow(el, service);
    await connect(el, service, { canManageLobby: true, lobby: [{ id: 'l1', displayName: 'Guest One' }] });
    await press(el, 'ctl-participants');
    await until(() => $(el, '[data-section="lobby"]'), 'the lobby section');
    $(el, '[data-section="lobby"] [data-action="admit"]')!.click();
    $(el, '[data-section="lobby"] [data-action="deny"]')!.click();
    expect(service.called('admit')).to.deep.equal([['l1']]);
    expect(service.called('reject')).to.deep.equal([['l1']]);

    await press(el, 'ctl-hand');
    await until(() => text(el, '#ctl-hand') === 'Lower hand', 'hand raised');
    expect($(el, '#ctl-hand')!.dataset.state).to.equal('active');
    await press(el, 'ctl-camera');
    await until(() => service.called('setCameraOn').length === 1, 'camera');
    await press(el, 'ctl-captions');
    expect(service.called('startCaptions')).to.deep.equal([['en-us']]);
    await press(el, 'ctl-share');
    expect(service.called('startScreenShare').length).to.equal(1);
    await press(el, 'ctl-reactions');
    await until(() => $(el, '#reactions-menu'), 'the reactions menu');
    await expect(el).to.be.accessible();
    $(el, '#reactions-menu [data-reaction="heart"]')!.click();
    expect(service.called('sendReaction')).to.deep.equal([['heart']]);
    await press(el, 'ctl-devices');
    await until(() => $(el, '#devices-menu select'), 'the devices menu');
    await expect(el).to.be.accessible();

    // Toolbar keyboard pattern.
    const mic = $(el, '#ctl-mic')!;
    mic.focus();
    mic.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    expect(el.shadowRoot!.activeElement?.id).to.equal('ctl-camera');
    // Right to left, the arrows follow the mirrored row: the next button is to the left.
    el.setAttribute('locale', 'he-IL');
    await until(() => getComputedStyle($(el, '[role="toolbar"]')!).direction === 'rtl', 'the right-to-left layout');
    const micRtl = $(el, '#ctl-mic')!;
    micRtl.focus();
    micRtl.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    expect(el.shadowRoot!.activeElement?.id, 'ArrowRight goes back in RTL').to.not.equal('ctl-camera');
    micRtl.focus();
    micRtl.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true, composed: true }));
    expect(el.shadowRoot!.activeElement?.id).to.equal('ctl-camera');
    el.removeAttribute('locale');
  });

  it('lets the page cancel Leave through acs-leave-request, then leaves and offers Rejoin', async () => {
    const { el, service } = await mount();
    await joinNow(el, service);
    await connect(el, service);
    const cancel = (event: Event) => event.preventDefault();
    el.addEventListener('acs-leave-request', cancel, { once: true });
    $(el, '#ctl-leave')!.click();
    await el.updateComplete;
    expect(service.called('leave').length).to.equal(0);

    const left = oneEvent(el, 'acs-left');
    $(el, '#ctl-leave')!.click();
    expect((await left).detail).to.deep.equal({ reason: 'local', code: 0, subCode: 0 });
    await until(() => $(el, '[part="end-screen"]'), 'the end screen');
    expect(text(el, '[part="end-screen"] h2')).to.equal('You left the meeting');
    expect(service.disposed).to.equal(true);
    expect(service.listeners.size).to.equal(0);
    await expect(el).to.be.accessible();
  });

  const REASONS: [LeftReason, string, boolean][] = [
    ['ended-by-organizer', 'The meeting has ended', false],
    ['removed', 'You were removed from the meeting', true],
    ['lobby-denied', 'You were not let in', false],
    ['lobby-timeout', 'Nobody let you in', true],
    ['anonymous-join-disabled', 'Guests can’t join this meeting', false],
    ['token', 'Your session has expired', false],
    ['network', 'The connection was lost', true],
    ['unknown', 'The call ended', true],
  ];
  for (const [reason, title, rejoin] of REASONS) {
    it(`shows the "${reason}" end screen${rejoin ? ' with Rejoin' : ''}`, async () => {
      const { el, service } = await mount();
      await joinNow(el, service);
      const left = oneEvent(el, 'acs-left');
      service.update({ phase: 'ended', end: { reason, code: 0, subCode: 4242 } });
      expect((await left).detail.reason).to.equal(reason);
      await until(() => $(el, '[part="end-screen"]'), 'the end screen');
      expect(text(el, '[part="end-screen"] h2')).to.equal(title);
      expect(Boolean($(el, '[part="end-screen"] button'))).to.equal(rejoin);
      await expect(el).to.be.accessible();
    });
  }

  it('leave() while the service is still loading ends as a local leave without joining', async () => {
    const service = new FakeMeetingService();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} display-name="Ada" locale="en"
      .tokenProvider=${provider} .serviceFactory=${async () => (await gate, service)}></acs-teams-meeting>`);
    await until(() => $(el, '[part="join-button"]'), 'Join');
    $(el, '[part="join-button"]')!.click();
    await until(() => el.state.phase === 'connecting', 'connecting');
    const left = oneEvent(el, 'acs-left');
    await el.leave();
    release();
    expect((await left).detail.reason).to.equal('local');
    expect(service.joinOptions).to.equal(undefined);
    expect(service.disposed).to.equal(true);
  });

  it('rejoins with a new service after leaving', async () => {
    const services = [new FakeMeetingService(), new FakeMeetingService()];
    let made = 0;
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
      meeting-link=${LINK}
      display-name="Ada"
      locale="en"
      .tokenProvider=${provider}
      .serviceFactory=${async () => services[made++]}
    ></acs-teams-meeting>`);
    await joinNow(el, services[0]);
    await connect(el, services[0]);
    await el.leave();
    await until(() => $(el, '[part="end-screen"] button'), 'Rejoin');
    $(el, '[part="end-screen"] button')!.click();
    await until(() => services[1].joinOptions, 'the second join');
    expect(services[1].joinOptions!.displayName).to.equal('Ada');
  });

  it('renders French and Italian', async () => {
    const fr = await mount(new FakeMeetingService(), { locale: 'fr' });
    await until(() => $(fr.el, '[part="join-button"]'), 'Join');
    expect(text(fr.el, '[part="join-button"]')).to.equal('Rejoindre maintenant');
    // The toggles on the preview are icons named by the action they take, in French (the same
    // words as the in-call control bar).
    expect($(fr.el, '#setup-camera')!.getAttribute('aria-label')).to.equal('Désactiver la caméra');
    expect($(fr.el, '#setup-mic')!.getAttribute('aria-label')).to.equal('Désactiver le micro');
    await joinNow(fr.el, fr.service);
    await connect(fr.el, fr.service, { recording: 'on' });
    expect(text(fr.el, '[part="compliance-banner"]')).to.contain('L’enregistrement a commencé');
    expect($(fr.el, '#ctl-leave')!.textContent).to.contain('Quitter');

    const it_ = await mount(new FakeMeetingService(), { locale: 'it-IT' });
    await until(() => $(it_.el, '[part="join-button"]'), 'Join');
    expect(text(it_.el, '[part="join-button"]')).to.equal('Partecipa ora');
    await joinNow(it_.el, it_.service);
    it_.service.update({ phase: 'lobby' });
    await until(() => $(it_.el, '[part="lobby"]'), 'the lobby');
    expect(text(it_.el, '[part="lobby"] h2')).to.equal('In attesa che qualcuno nella riunione ti ammetta');
  });

  it('switches language in the call without rejoining, direction included', async () => {
    const { el, service } = await mount(new FakeMeetingService(), { locale: 'en-US' });
    await joinNow(el, service);
    await connect(el, service);
    el.locale = 'de-DE';
    await until(() => $(el, '#ctl-leave')?.textContent?.includes('Verlassen'), 'German controls');
    el.locale = 'he-IL';
    await until(() => $(el, '#ctl-leave')?.textContent?.includes('עזיבה'), 'Hebrew controls');
    expect($(el, '.frame')!.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle($(el, '[part="controls"]')!).direction).to.equal('rtl');
    expect(service.calls.filter((call) => call.name === 'join')).to.have.length(1);
    expect(el.state.phase).to.equal('connected');
  });

  it('follows the nearest lang attribute when no locale is set', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="fr">
      <acs-teams-meeting meeting-link=${LINK} .tokenProvider=${provider} .serviceFactory=${async () => new FakeMeetingService()}></acs-teams-meeting>
    </div>`);
    const el = wrapper.querySelector('acs-teams-meeting')!;
    await until(() => $(el, '[part="join-button"]'), 'Join');
    expect(text(el, 'h2')).to.equal('Préparez-vous à rejoindre la réunion');
  });

  for (const [name, errorName, problem, title] of [
    ['permission is denied', 'NotAllowedError', 'permission-denied', 'Your browser is blocking the camera and microphone'],
    ['there is no device', 'NotFoundError', 'no-device', 'No camera or microphone found'],
  ] as const) {
    it(`explains how to fix it when ${name}, and still joins (muted, camera off)`, async () => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused', errorName));
      try {
        const { el, service } = await mount();
        await until(() => $(el, `[data-problem="${problem}"]`), 'the explanation');
        expect(text(el, `[data-problem="${problem}"] strong`)).to.equal(title);
        expect($(el, '#setup-mic')!.hasAttribute('disabled')).to.equal(true);
        await expect(el).to.be.accessible();
        await joinNow(el, service);
        expect(service.joinOptions).to.include({ muted: true, cameraOn: false });
        expect(service.joinOptions!.preview).to.equal(undefined);
      } finally {
        Reflect.deleteProperty(navigator.mediaDevices, 'getUserMedia');
      }
    });
  }

  it('explains a missing camera and joins with audio only', async () => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) =>
      constraints?.video ? Promise.reject(new DOMException('no camera', 'NotFoundError')) : original(constraints);
    try {
      const { el, service } = await mount();
      await until(() => $(el, '[data-problem="no-camera"]'), 'the explanation');
      expect(text(el, '[data-problem="no-camera"]')).to.equal('No camera found. You can join with audio only.');
      await joinNow(el, service);
      expect(service.joinOptions).to.include({ muted: false, cameraOn: false });
    } finally {
      Reflect.deleteProperty(navigator.mediaDevices, 'getUserMedia');
    }
  });

  it('honours start-muted, start-camera-off and skip-setup', async () => {
    const service = new FakeMeetingService();
    await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} display-name="Ada" locale="en" skip-setup start-muted start-camera-off
      .tokenProvider=${provider} .serviceFactory=${async () => service}></acs-teams-meeting>`);
    await until(() => service.joinOptions, 'the immediate join');
    expect(service.joinOptions).to.include({ muted: true, cameraOn: false, displayName: 'Ada' });
  });

  it('does not ask a Teams user for a name', async () => {
    const service = new FakeMeetingService();
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} identity="teams" locale="en"
      .tokenProvider=${provider} .serviceFactory=${async () => service}></acs-teams-meeting>`);
    await until(() => $(el, '[part="join-button"]'), 'Join');
    expect($(el, '#name')).to.equal(null);
    await joinNow(el, service);
  });

  it('shows reconnecting, diagnostics, captions and reactions, and passes axe in the dark theme', async () => {
    const { el, service } = await mount();
    el.theme = 'dark';
    await joinNow(el, service);
    await connect(el, service, { participants: [participant('t1', 'Grace Hopper')] });
    service.update({ phase: 'reconnecting' });
    await until(() => $(el, '[part="reconnecting"]'), 'the reconnecting banner');
    expect(text(el, '[part="reconnecting"]')).to.equal('Connection lost. Trying to reconnect…');
    expect(el.state.phase).to.equal('reconnecting');
    service.update({ phase: 'connected', diagnostics: ['networkReceiveQuality'] });
    await until(() => !$(el, '[part="reconnecting"]') && $(el, '[part="diagnostics"]'), 'the diagnostics notice');
    service.update({
      captions: { active: true, entries: [{ id: 'c1', speakerName: 'Grace Hopper', text: 'Hello everyone', final: true }] },
      reactions: [{ id: 'r1', participantId: 't1', reaction: 'applause', at: Date.now() }],
    });
    await el.updateComplete;
    expect(text(el, '[part="captions"]')).to.equal('Grace Hopper Hello everyone');
    expect($(el, '[data-participant="t1"] .reaction')!.getAttribute('aria-label')).to.equal('Grace Hopper: Applause');
    await expect(el).to.be.accessible();
  });

  it('hides the compliance banner with compliance-banner="none" and warns the page', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const service = new FakeMeetingService();
      const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} display-name="Ada" locale="en" compliance-banner="none"
        .tokenProvider=${provider} .serviceFactory=${async () => service}></acs-teams-meeting>`);
      expect(warnings.some((args) => String(args[0]).includes('compliance-banner="none"'))).to.equal(true);
      const recording = oneEvent(el, 'acs-recording-changed');
      await joinNow(el, service);
      await connect(el, service, { recording: 'on' });
      expect((await recording).detail).to.deep.equal({ active: true, initial: true });
      expect($(el, '[part="compliance-banner"]')).to.equal(null);
    } finally {
      console.warn = original;
    }
  });

  describe('bad input', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['no token source', { 'meeting-link': LINK }, 'missing-token-source'],
      ['no meeting', { 'token-url': '/api/token' }, 'missing-meeting'],
      ['a link that is not a Teams link', { 'token-url': '/api/token', 'meeting-link': 'https://example.com/x' }, 'invalid-meeting-link'],
      ['a consumer Teams link', { 'token-url': '/api/token', 'meeting-link': 'https://teams.live.com/meet/9876543210?p=abc' }, 'consumer-teams-unsupported'],
      ['a government link', { 'token-url': '/api/token', 'meeting-link': LINK.replace('teams.microsoft.com', 'gov.teams.microsoft.us') }, 'government-cloud-unsupported'],
    ];
    for (const [name, attributes, code] of cases) {
      it(`shows and reports ${name} (${code})`, async () => {
        const errors: CustomEvent[] = [];
        const listener = (event: Event) => errors.push(event as CustomEvent);
        document.addEventListener('acs-error', listener);
        try {
          const el = document.createElement('acs-teams-meeting');
          el.setAttribute('locale', 'en');
          for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
          const container = await fixture<HTMLDivElement>(html`<div></div>`);
          container.append(el);
          await until(() => $(el, '[part="error"]'), 'the error screen');
          expect(errors.map((event) => event.detail.code)).to.deep.equal([code]);
          expect(errors[0].detail.message).to.be.a('string').and.not.equal(code);
          expect(text(el, '[part="error"] p')).to.equal(errors[0].detail.message);
          expect(el.state.error?.code).to.equal(code);
          await expect(el).to.be.accessible();
          await el.join(); // never throws into the page
        } finally {
          document.removeEventListener('acs-error', listener);
        }
      });
    }

    it('reports a failed join and offers Try again, without throwing', async () => {
      const service = new FakeMeetingService();
      service.joinError = new Error('boom');
      const { el } = await mount(service);
      const error = oneEvent(el, 'acs-error');
      await joinNow(el, service);
      expect((await error).detail.code).to.equal('join-failed');
      await until(() => $(el, '[part="error"] button'), 'Try again');
      expect(el.state.phase).to.equal('setup');
    });
  });

  it('leaves, stops every track and unsubscribes when removed from the page', async () => {
    const { el, service } = await mount();
    await joinNow(el, service);
    await connect(el, service, { cameraOn: true, localVideoStreamId: 'local-video' });
    await until(() => service.views.has('local-video'), 'the local view');
    el.remove();
    await until(() => service.disposed, 'dispose');
    expect(service.listeners.size).to.equal(0);
  });

  it('a meeting service without effects: the picker says the service turned them off, offers nothing', async () => {
    const { el } = await mount();
    el.scrollIntoView();
    await until(() => $(el, '#setup-effects'), 'the effects button');
    $(el, '#setup-effects')!.click();
    await until(() => $(el, '[data-effects-unavailable]'), 'the reason');
    expect($(el, '[data-effects-unavailable]')!.getAttribute('data-effects-unavailable')).to.equal('service');
    expect($(el, '[data-effects-unavailable]')!.textContent?.trim()).to.equal('Background effects are turned off by the calling service.');
    expect(el.shadowRoot!.querySelectorAll('input[name="video-effect"]').length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('keeps the call when moved within the page', async () => {
    const { el, service } = await mount();
    await joinNow(el, service);
    await connect(el, service);
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    // The element decides in a microtask after the move whether it left the page; a teardown would
    // unsubscribe and leave the meeting at once. Let that decision (and anything it queued) run.
    await settle();
    expect(service.disposed).to.equal(false);
    expect(service.listeners.size, 'still following the service').to.be.greaterThan(0);
    expect(el.state.phase).to.equal('connected');
    service.update({ recording: 'on' });
    await until(() => $(el, '[part="compliance-banner"]'), 'the banner after the move');
    other.remove();
  });

  it('shows the chat toggle with an unread badge only when something is slotted into chat', async () => {
    const service = new FakeMeetingService();
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} display-name="Ada" locale="en" .tokenProvider=${provider} .serviceFactory=${async () => service}>
      <div slot="chat" id="chat">chat</div>
    </acs-teams-meeting>`);
    await joinNow(el, service);
    await connect(el, service);
    await until(() => $(el, '#ctl-chat'), 'the chat toggle');
    el.querySelector('#chat')!.dispatchEvent(new CustomEvent('acs-unread-changed', { detail: { count: 3 }, bubbles: true, composed: true }));
    await until(() => $(el, '#ctl-chat [data-count="3"]'), 'the unread badge');
    expect(text(el, '#ctl-chat .sr')).to.equal('3 unread messages');
    expect($(el, '[part="chat-panel"]')!.hidden).to.equal(true);
    (await control(el, 'ctl-chat')).click();
    await el.updateComplete;
    expect($(el, '[part="chat-panel"]')!.hidden).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('leak check: 20 join/leave cycles leave no live track and no listener', async function (this: Mocha.Context) {
    this.timeout(120_000);
    const { tracks } = trackRecorder();
    const services: FakeMeetingService[] = [];
    // Listeners the element puts on page-level objects must all come off again.
    const media = navigator.mediaDevices;
    const added = media.addEventListener.bind(media);
    const removed = media.removeEventListener.bind(media);
    let mediaListeners = 0;
    media.addEventListener = ((...args: Parameters<MediaDevices['addEventListener']>) => {
      mediaListeners++;
      added(...args);
    }) as MediaDevices['addEventListener'];
    media.removeEventListener = ((...args: Parameters<MediaDevices['removeEventListener']>) => {
      mediaListeners--;
      removed(...args);
    }) as MediaDevices['removeEventListener'];
    try {
      const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} display-name="Ada" locale="en" .tokenProvider=${provider}
        .serviceFactory=${async () => {
          const service = new FakeMeetingService();
          services.push(service);
          return service;
        }}></acs-teams-meeting>`);
      await until(() => $(el, '[part="preview"] video'), 'the preview');
      for (let cycle = 0; cycle < 20; cycle++) {
        if (cycle === 0) $(el, '[part="join-button"]')!.click();
        else $(el, '[part="end-screen"] button')!.click();
        await until(() => services.length === cycle + 1 && services[cycle].joinOptions, `join ${cycle}`);
        const service = services[cycle];
        await connect(el, service, { cameraOn: true, localVideoStreamId: 'local-video', participants: [participant('t1', 'Grace', { videoStreamId: 'v1' })] });
        await until(() => service.views.size === 2, 'the views');
        await el.leave();
        await until(() => $(el, '[part="end-screen"] button'), 'the end screen');
      }
      el.remove();
      await until(
        () => services.every((service) => service.disposed) && tracks.every((track) => track.readyState === 'ended') && mediaListeners === 0,
        'every service disposed, every track stopped, every page listener off',
      );
      expect(tracks.length).to.be.greaterThan(0);
      expect(tracks.filter((track) => track.readyState !== 'ended')).to.deep.equal([]);
      expect(services.every((service) => service.disposed && service.listeners.size === 0 && service.views.size === 0)).to.equal(true);
      expect(mediaListeners).to.equal(0);
    } finally {
      Reflect.deleteProperty(navigator.mediaDevices, 'getUserMedia');
      Reflect.deleteProperty(media, 'addEventListener');
      Reflect.deleteProperty(media, 'removeEventListener');
    }
  });
});
