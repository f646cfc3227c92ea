/**
 * The simulated meeting service in real Chromium against the emulator that web-test-runner starts:
 * join, lobby admit, a drawn remote video that plays, the real local camera turned on and off,
 * consent, removal, reconnect after a dropped connection, leave — and that nothing is left running.
 */
import { expect } from '@open-wc/testing';
import { createTokenSession } from '../../src/core/token-source.js';
import { isAcsError } from '../../src/core/errors.js';
import { createSimulatedMeetingService, type SimulatedMeetingService } from '../../src/services/simulated/meeting-service.js';
import type { MeetingState } from '../../src/services/meeting-service.js';
import { control, createMeeting, emulatorPath } from './helpers/emulator.js';
import { until } from './helpers/wait.js';

interface CreatedMeeting {
  threadId: string;
  meetingLink: string;
  meetingId: string;
  passcode: string;
}

const meetingPath = (meeting: CreatedMeeting, rest = '') => `emulator/meetings/${encodeURIComponent(meeting.threadId)}${rest}`;

function newService() {
  const session = createTokenSession({ url: emulatorPath('api/token') });
  return createSimulatedMeetingService({ session, identity: 'acs' }) as SimulatedMeetingService;
}

/** Waits until the service's state passes `check`; resolves with that state. */
const untilState = (service: SimulatedMeetingService, check: (s: MeetingState) => boolean, what: string, timeoutMs = 10_000) =>
  until(() => (check(service.getState()) ? service.getState() : undefined), `${what} (phase ${service.getState().phase})`, timeoutMs);

const join = (service: SimulatedMeetingService, meeting: CreatedMeeting, extra: { cameraOn?: boolean; muted?: boolean } = {}) =>
  service.join({
    locator: { meetingLink: meeting.meetingLink },
    displayName: 'Browser Guest',
    muted: extra.muted ?? true,
    cameraOn: extra.cameraOn ?? false,
    devices: {},
  });

async function playing(video: HTMLVideoElement): Promise<void> {
  await until(() => video.readyState >= 2 && video.videoWidth > 0 && !video.paused, 'the video playing (a frame decoded, not paused)', 5000);
}

describe('simulated meeting service (emulator)', function () {
  this.timeout(30_000);
  const services: SimulatedMeetingService[] = [];
  afterEach(async () => {
    for (const service of services.splice(0)) await service.dispose();
  });
  const make = () => {
    const service = newService();
    services.push(service);
    return service;
  };

  it('joins a meeting: connecting → connected, Teams users present, threadId, a remote video that plays; leave → local', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = make();
    const phases: string[] = [];
    service.subscribe((state, previous) => {
      if (state.phase !== previous.phase) phases.push(state.phase);
    });
    await join(service, meeting);
    const state = await untilState(service, (s) => s.phase === 'connected' && s.participants.length === 2, 'connected');
    expect(phases.slice(0, 2)).to.deep.equal(['connecting', 'connected']);
    expect(state.threadId).to.equal(meeting.threadId);
    expect(state.selfId).to.match(/^8:acs:/);
    expect(state.canManageLobby).to.equal(false);
    const adele = state.participants.find((p) => p.displayName === 'Adele Vance')!;
    expect(adele.kind).to.equal('teams');
    expect(adele.videoStreamId).to.be.a('string');

    const view = await service.createView(adele.videoStreamId!);
    const video = view.element as HTMLVideoElement;
    document.body.append(video);
    await playing(video);
    const track = (video.srcObject as MediaStream).getVideoTracks()[0];
    expect(track.readyState).to.equal('live');
    view.dispose();
    expect(track.readyState).to.equal('ended');
    expect(video.isConnected).to.equal(false);
    expect(service.viewCount).to.equal(0);

    await service.leave();
    const ended = service.getState();
    expect(ended.phase).to.equal('ended');
    expect(ended.end).to.deep.equal({ reason: 'local', code: 0, subCode: 0 });
  });

  it('waits in the lobby and is admitted by the organizer', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ lobby: true });
    const service = make();
    await join(service, meeting);
    const waiting = await untilState(service, (s) => s.phase === 'lobby', 'lobby');
    expect(waiting.participants).to.deep.equal([]);
    await control('POST', meetingPath(meeting, `/lobby/${encodeURIComponent(waiting.selfId!)}/admit`));
    const admitted = await untilState(service, (s) => s.phase === 'connected', 'admitted');
    expect(admitted.participants.length).to.equal(2);
  });

  it('denied from the lobby → lobby-denied 0/5854', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ lobby: true });
    const service = make();
    await join(service, meeting);
    const waiting = await untilState(service, (s) => s.phase === 'lobby', 'lobby');
    await control('POST', meetingPath(meeting, `/lobby/${encodeURIComponent(waiting.selfId!)}/deny`));
    const ended = await untilState(service, (s) => s.phase === 'ended', 'ended');
    expect(ended.end).to.deep.equal({ reason: 'lobby-denied', code: 0, subCode: 5854 });
  });

  it('turning the camera off also disposes the views showing it (the page need not)', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = make();
    await join(service, meeting, { cameraOn: true });
    const state = await untilState(service, (s) => s.phase === 'connected', 'connected');
    await service.createView(state.localVideoStreamId!);
    expect(service.viewCount).to.equal(1);
    await service.setCameraOn(false);
    expect(service.viewCount).to.equal(0);
  });

  it('takes the setup preview camera over at Join: no second getUserMedia, the same track sent and shown, stopped at leave', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = make();
    const preview = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const [camera] = preview.getVideoTracks();
    const [microphone] = preview.getAudioTracks();
    const original = navigator.mediaDevices.getUserMedia;
    let asked = 0;
    navigator.mediaDevices.getUserMedia = (constraints) => {
      asked++;
      return original.call(navigator.mediaDevices, constraints);
    };
    try {
      await service.join({ locator: { meetingLink: meeting.meetingLink }, displayName: 'Browser Guest', muted: true, cameraOn: true, devices: {}, preview });
      const state = await untilState(service, (s) => s.phase === 'connected', 'connected');
      expect(state.cameraOn).to.equal(true);
      const view = await service.createView(state.localVideoStreamId!);
      expect((view.element as HTMLVideoElement).srcObject).to.be.instanceOf(MediaStream);
      expect(((view.element as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()).to.deep.equal([camera]);
      expect(asked).to.equal(0);
      expect(camera.readyState).to.equal('live');
      // The service sends no audio: the preview's microphone is not kept open.
      expect(microphone.readyState).to.equal('ended');
      const seen = await control<{ participants: { id: string; video: boolean }[] }>('GET', meetingPath(meeting));
      expect(seen.participants.find((p) => p.id === state.selfId)!.video).to.equal(true);
      view.dispose();
      await service.leave();
      expect(camera.readyState).to.equal('ended');
    } finally {
      Reflect.deleteProperty(navigator.mediaDevices, 'getUserMedia');
      preview.getTracks().forEach((track) => track.stop());
    }
  });

  it('stops a handed-over preview when joining with the camera off, and when disposed before the join ends', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const off = make();
    const first = await navigator.mediaDevices.getUserMedia({ video: true });
    await off.join({ locator: { meetingLink: meeting.meetingLink }, displayName: 'Browser Guest', muted: true, cameraOn: false, devices: {}, preview: first });
    expect(first.getTracks().map((track) => track.readyState)).to.deep.equal(['ended']);
    expect(off.getState().cameraOn).to.equal(false);

    const early = make();
    const second = await navigator.mediaDevices.getUserMedia({ video: true });
    const joining = early.join({ locator: { meetingLink: meeting.meetingLink }, displayName: 'Browser Guest', muted: true, cameraOn: true, devices: {}, preview: second });
    await early.dispose();
    await joining.catch(() => undefined);
    expect(second.getTracks().map((track) => track.readyState)).to.deep.equal(['ended']);
  });

  it('the local camera is real: on gives a live track and a playing view, off stops the track', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = make();
    await join(service, meeting, { cameraOn: true });
    const state = await untilState(service, (s) => s.phase === 'connected', 'connected');
    expect(state.cameraOn).to.equal(true);
    const view = await service.createView(state.localVideoStreamId!);
    const video = view.element as HTMLVideoElement;
    document.body.append(video);
    await playing(video);
    const track = (video.srcObject as MediaStream).getVideoTracks()[0];
    expect(track.readyState).to.equal('live');
    const seen = await control<{ participants: { id: string; video: boolean }[] }>('GET', meetingPath(meeting));
    expect(seen.participants.find((p) => p.id === state.selfId)!.video).to.equal(true);

    await service.setCameraOn(false);
    expect(track.readyState).to.equal('ended');
    expect(service.getState().cameraOn).to.equal(false);
    expect(service.getState().localVideoStreamId).to.equal(undefined);
    const after = await control<{ participants: { id: string; video: boolean }[] }>('GET', meetingPath(meeting));
    expect(after.participants.find((p) => p.id === state.selfId)!.video).to.equal(false);
    view.dispose();

    await service.setCameraOn(true);
    const again = service.getState();
    expect(again.cameraOn).to.equal(true);
    expect(again.localVideoStreamId).to.not.equal(state.localVideoStreamId);
    await service.leave();
    expect(service.getState().cameraOn).to.equal(false);
  });

  it('recording with explicit consent: held muted with camera off until grantConsent; stopped after', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = make();
    await join(service, meeting, { cameraOn: true, muted: false });
    await untilState(service, (s) => s.phase === 'connected' && s.cameraOn && !s.muted, 'connected with media');
    await control('PATCH', meetingPath(meeting), { recording: true, consentRequired: true });
    const held = await untilState(service, (s) => s.recording === 'on' && s.consentRequired, 'consent required');
    expect(held.muted).to.equal(true);
    expect(held.cameraOn).to.equal(false);
    let refused: unknown;
    await service.setMuted(false).catch((error: unknown) => (refused = error));
    expect(isAcsError(refused) && refused.code).to.equal('consent-required');

    await service.grantConsent();
    expect(service.getState().consentGranted).to.equal(true);
    await service.setMuted(false);
    expect(service.getState().muted).to.equal(false);
    await control('PATCH', meetingPath(meeting), { recording: false });
    const stopped = await untilState(service, (s) => s.recording === 'stopped', 'recording stopped');
    expect(stopped.consentRequired).to.equal(false);
  });

  it('remote Teams participants: screen share view, hand, speaking, reactions and captions', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = make();
    await join(service, meeting);
    const state = await untilState(service, (s) => s.phase === 'connected', 'connected');
    const alex = state.participants.find((p) => p.displayName === 'Alex Wilber')!;
    const path = meetingPath(meeting, `/participants/${encodeURIComponent(alex.id)}`);
    await control('PATCH', path, { muted: false, speaking: true, handRaised: true, screenSharing: true });
    const sharing = await untilState(service, (s) => Boolean(s.participants.find((p) => p.id === alex.id)?.screenShareStreamId), 'screen share');
    expect(sharing.dominantSpeakers[0]).to.equal(alex.id);
    expect(sharing.participants.find((p) => p.id === alex.id)!.handRaised).to.equal(true);
    const view = await service.createView(sharing.participants.find((p) => p.id === alex.id)!.screenShareStreamId!);
    document.body.append(view.element);
    await playing(view.element as HTMLVideoElement);
    view.dispose();

    await control('POST', `${path}/reactions`, { reaction: 'like' });
    await untilState(service, (s) => s.reactions.some((r) => r.participantId === alex.id && r.reaction === 'like'), 'reaction');
    await service.sendReaction('heart');
    expect(service.getState().reactions.some((r) => r.participantId === state.selfId && r.reaction === 'heart')).to.equal(true);

    await service.startCaptions('en-us');
    const captioned = await untilState(service, (s) => s.captions.entries.some((e) => e.final), 'a final caption', 5000);
    expect(captioned.captions.active).to.equal(true);
    expect(captioned.captions.entries[0].speakerName).to.equal('Alex Wilber');
    await service.stopCaptions();
    expect(service.getState().captions).to.deep.equal({ active: false, entries: [] });
  });

  it('removed by the organizer → removed 0/5000; meeting ended → ended-by-organizer 0/4097', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = make();
    await join(service, meeting);
    const state = await untilState(service, (s) => s.phase === 'connected', 'connected');
    await control('DELETE', meetingPath(meeting, `/participants/${encodeURIComponent(state.selfId!)}`));
    const removed = await untilState(service, (s) => s.phase === 'ended', 'removed');
    expect(removed.end).to.deep.equal({ reason: 'removed', code: 0, subCode: 5000 });

    const second = make();
    await join(second, meeting);
    await untilState(second, (s) => s.phase === 'connected', 'connected again');
    await control('POST', meetingPath(meeting, '/end'));
    const ended = await untilState(second, (s) => s.phase === 'ended', 'ended');
    expect(ended.end).to.deep.equal({ reason: 'ended-by-organizer', code: 0, subCode: 4097 });
  });

  it('anonymous join disabled → anonymous-join-disabled (403)', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ anonymousJoin: false });
    const service = make();
    await join(service, meeting);
    const ended = await untilState(service, (s) => s.phase === 'ended', 'refused');
    expect(ended.end).to.deep.equal({ reason: 'anonymous-join-disabled', code: 403, subCode: 0 });
  });

  it('a dropped connection → reconnecting, then connected again on the same seat', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = make();
    await join(service, meeting);
    const state = await untilState(service, (s) => s.phase === 'connected', 'connected');
    // The next message the server receives kills the connection.
    await control('POST', 'emulator/faults', { target: 'meeting', drop: true, count: 1 });
    await service.raiseHand().catch(() => undefined);
    await untilState(service, (s) => s.phase === 'reconnecting', 'reconnecting');
    const back = await untilState(service, (s) => s.phase === 'connected', 'connected again', 15_000);
    expect(back.selfId).to.equal(state.selfId);
    const seen = await control<{ participants: { id: string }[] }>('GET', meetingPath(meeting));
    expect(seen.participants.filter((p) => p.id === state.selfId).length).to.equal(1);
    await control('DELETE', 'emulator/faults');
  });

  it('a connection lost for longer than the grace period → network 410/3101', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    // No grace at all: the server gives the seat up as soon as it sees the socket drop, so the
    // client's first reconnect (after its backoff) always comes too late. (A drop for "longer than
    // the grace" measured in wall time would race the server's timer, and a dropping fault rule
    // also takes down the control API the test would need to see that timer fire.)
    await control('PATCH', meetingPath(meeting), { reconnectGraceSeconds: 0 });
    const service = make();
    await join(service, meeting);
    const { selfId } = await untilState(service, (s) => s.phase === 'connected', 'connected');
    // The next message the server receives kills the connection.
    await control('POST', 'emulator/faults', { target: 'meeting', drop: true, count: 1 });
    await service.raiseHand().catch(() => undefined);
    await untilState(service, (s) => s.phase === 'reconnecting', 'reconnecting');
    expect(service.getState().diagnostics).to.include('networkReconnect');
    const ended = await untilState(service, (s) => s.phase === 'ended', 'ended', 15_000);
    expect(ended.end).to.deep.equal({ reason: 'network', code: 410, subCode: 3101 });
    const seen = await control<{ participants: { id: string }[]; departed: { id: string }[] }>('GET', meetingPath(meeting));
    expect(seen.participants.map((p) => p.id)).to.not.include(selfId);
    expect(seen.departed.map((p) => p.id)).to.include(selfId);
    await control('DELETE', 'emulator/faults');
  });

  it('leave while still connecting reaches the server: the seat is not kept for a reconnect', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = make();
    await join(service, meeting);
    await service.leave();
    expect(service.getState().end).to.deep.equal({ reason: 'local', code: 0, subCode: 0 });
    const seen = await control<{ participants: { kind: string }[]; departed: { kind: string; subCode: number }[] }>('GET', meetingPath(meeting));
    expect(seen.participants.filter((p) => p.kind === 'acs')).to.deep.equal([]);
    expect(seen.departed.some((d) => d.kind === 'acs' && d.subCode === 0)).to.equal(true);
  });

  it('dispose leaves the meeting and stops every track', async () => {
    const meeting = await createMeeting<CreatedMeeting>();
    const service = newService();
    await join(service, meeting, { cameraOn: true });
    const state = await untilState(service, (s) => s.phase === 'connected' && s.cameraOn, 'connected');
    const local = await service.createView(state.localVideoStreamId!);
    const track = (local.element as HTMLVideoElement).srcObject as MediaStream;
    const adele = state.participants.find((p) => p.videoStreamId)!;
    const remote = await service.createView(adele.videoStreamId!);
    const remoteTrack = ((remote.element as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0];
    await service.dispose();
    expect(track.getVideoTracks()[0].readyState).to.equal('ended');
    expect(remoteTrack.readyState).to.equal('ended');
    expect(service.viewCount).to.equal(0);
    const seen = await control<{ participants: { id: string }[]; departed: { id: string; subCode: number }[] }>('GET', meetingPath(meeting));
    expect(seen.participants.some((p) => p.id === state.selfId)).to.equal(false);
    expect(seen.departed.some((d) => d.id === state.selfId && d.subCode === 0)).to.equal(true);
  });
});
