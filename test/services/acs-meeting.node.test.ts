/**
 * The ACS meeting adapter driven by fakes of the calling SDK (test/services/acs-fakes.ts), which are
 * typed against the SDK's own declarations. Runs in Node: nothing here imports the SDK at run time.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AcsError } from '../../src/core/errors.js';
import type { JoinOptions, MeetingState } from '../../src/services/meeting-service.js';
import {
  type AcsMeetingService,
  createAcsMeetingService,
  JOIN_TIMEOUT_CODE,
  sameDevice,
} from '../../src/services/acs/meeting-service.js';
import { MAX_CAPTIONS, REACTION_LIFETIME_MS } from '../../src/services/acs/calling-features.js';
import { identifierId } from '../../src/services/acs/calling-participants.js';
import {
  acsId,
  createFakeSdk,
  fakeCamera2,
  fakeFeatures,
  fakeSession,
  FakeRemoteParticipant,
  FakeRemoteVideoStream,
  listenerLedger,
  phoneId,
  teamsId,
  type FakeCall,
  type FakeSdk,
} from './acs-fakes.js';

const LINK = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d';
const SELF = '8:acs:res_self';

function joinOptions(overrides: Partial<JoinOptions> = {}): JoinOptions {
  return { locator: { meetingLink: LINK }, displayName: 'Ada', muted: false, cameraOn: false, devices: {}, ...overrides };
}

interface Harness {
  sdk: FakeSdk;
  service: AcsMeetingService;
  states: MeetingState[];
  clock: { now: number };
}

const open: AcsMeetingService[] = [];

async function setup(options: { identity?: 'acs' | 'teams'; joinTimeoutMs?: number; disposeGraceMs?: number } = {}): Promise<Harness> {
  const sdk = createFakeSdk();
  const clock = { now: 1_000_000 };
  const service = await createAcsMeetingService(
    { session: fakeSession(SELF), identity: options.identity ?? 'acs' },
    { sdk, joinTimeoutMs: options.joinTimeoutMs ?? 60_000, disposeGraceMs: options.disposeGraceMs ?? 0, now: () => clock.now },
  );
  open.push(service);
  const states: MeetingState[] = [];
  service.subscribe((state) => states.push(state));
  return { sdk, service, states, clock };
}

async function joined(
  options: { identity?: 'acs' | 'teams'; joinTimeoutMs?: number; join?: Partial<JoinOptions>; script?: (call: FakeCall) => void } = {},
): Promise<Harness & { call: FakeCall }> {
  const harness = await setup(options);
  harness.sdk.client.onAgent = (agent) => {
    agent.onJoin = (call) => options.script?.(call);
  };
  await harness.service.join(joinOptions(options.join));
  const call = harness.sdk.client.agents[0]?.calls[0];
  if (!call) throw new Error('no call');
  return { ...harness, call };
}

async function connected(options: Parameters<typeof joined>[0] = {}) {
  const harness = await joined(options);
  harness.call.setState('Connecting');
  harness.call.setState('Connected');
  return harness;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A setup preview as the element hands it over (Node has no MediaStream): one video track. */
function fakePreview() {
  const track = { kind: 'video', readyState: 'live' as MediaStreamTrackState, stop: () => (track.readyState = 'ended') };
  const stream = { getTracks: () => [track], getVideoTracks: () => [track], getAudioTracks: () => [] } as unknown as MediaStream;
  return { stream, states: () => [track.readyState] };
}

beforeEach(() => listenerLedger.reset());
afterEach(async () => {
  await Promise.all(open.splice(0).map((service) => service.dispose()));
});

describe('ACS meeting service: join', () => {
  it('starts in setup and creates the client (not the agent) up front', async () => {
    const { sdk, service } = await setup();
    assert.equal(service.getState().phase, 'setup');
    assert.equal(sdk.client.agents.length, 0);
  });

  it('joins by link with the display name, audio options and no videoOptions when the camera is off', async () => {
    const { sdk, call, service } = await joined({ join: { muted: true } });
    const agent = sdk.client.agents[0];
    assert.equal(agent.teams, false);
    assert.equal(agent.displayName, 'Ada');
    assert.deepEqual(agent.locators, [{ meetingLink: LINK }]);
    assert.deepEqual(call.joinOptions, { audioOptions: { muted: true } });
    assert.equal('videoOptions' in (call.joinOptions ?? {}), false);
    assert.equal(service.getState().phase, 'connecting');
    assert.equal(service.getState().muted, true);
    assert.equal(sdk.credentials, 1);
  });

  it('joins by meeting ID and passcode', async () => {
    const { sdk } = await joined({ join: { locator: { meetingId: '123 456 789', passcode: 'aB3xY' } } });
    assert.deepEqual(sdk.client.agents[0].locators, [{ meetingId: '123 456 789', passcode: 'aB3xY' }]);
  });

  it('passes exactly one local video stream when the camera is on', async () => {
    const { call, sdk, service } = await joined({ join: { cameraOn: true, devices: { cameraId: fakeCamera2.id } } });
    const streams = call.joinOptions?.videoOptions?.localVideoStreams ?? [];
    assert.equal(streams.length, 1);
    assert.equal(sdk.localStreams[0].source.id, fakeCamera2.id);
    call.setState('Connected');
    assert.equal(service.getState().cameraOn, true);
    assert.ok(service.getState().localVideoStreamId);
  });

  it('holds the handed-over preview camera while the SDK opens the same device, and stops it once past connecting', async () => {
    const preview = fakePreview();
    const { call, sdk } = await joined({ join: { cameraOn: true, devices: { cameraId: fakeCamera2.id }, preview: preview.stream } });
    assert.equal(sdk.localStreams[0].source.id, fakeCamera2.id);
    call.setState('Connecting');
    assert.deepEqual(preview.states(), ['live']);
    call.setState('Connected');
    assert.deepEqual(preview.states(), ['ended']);
  });

  it('stops a handed-over preview on a camera-off join, a failed agent, a camera turned off, and dispose', async () => {
    const off = fakePreview();
    await joined({ join: { cameraOn: false, preview: off.stream } });
    assert.deepEqual(off.states(), ['ended']);

    const refused = fakePreview();
    const harness = await setup();
    harness.sdk.client.agentError = Object.assign(new Error('bad token'), { name: 'InvalidTokenError' });
    await assert.rejects(harness.service.join(joinOptions({ cameraOn: true, preview: refused.stream })));
    assert.deepEqual(refused.states(), ['ended']);

    const turnedOff = fakePreview();
    const on = await joined({ join: { cameraOn: true, preview: turnedOff.stream } });
    on.call.setState('Connecting');
    await on.service.setCameraOn(false);
    assert.deepEqual(turnedOff.states(), ['ended']);

    const disposed = fakePreview();
    const gone = await joined({ join: { cameraOn: true, preview: disposed.stream } });
    gone.call.setState('Connecting');
    await gone.service.dispose();
    assert.deepEqual(disposed.states(), ['ended']);
  });

  it('joins without video when the camera permission is denied (and still joins)', async () => {
    const harness = await setup();
    harness.sdk.client.deviceManager.access = { audio: true, video: false };
    await harness.service.join(joinOptions({ cameraOn: true }));
    const call = harness.sdk.client.agents[0].calls[0];
    assert.equal(call.joinOptions?.videoOptions, undefined);
    assert.equal(harness.service.getState().cameraOn, false);
  });

  it('applies the chosen microphone and speaker before joining', async () => {
    const { sdk } = await joined({ join: { devices: { microphoneId: 'mic2', speakerId: 'spk1' } } });
    assert.equal(sdk.client.deviceManager.selectedMicrophone?.id, 'microphone:mic2');
    assert.equal(sdk.client.deviceManager.selectedSpeaker?.id, 'speaker:spk1');
  });

  it('joins muted when the microphone is refused, and says why in diagnostics', async () => {
    const harness = await setup();
    harness.sdk.client.deviceManager.access = { audio: false, video: true };
    await harness.service.join(joinOptions({ muted: false }));
    const call = harness.sdk.client.agents[0].calls[0];
    assert.deepEqual(call.joinOptions?.audioOptions, { muted: true });
    call.setState('Connected');
    assert.equal(harness.service.getState().muted, true);
    assert.deepEqual(harness.service.getState().diagnostics, ['microphonePermissionDenied']);
  });

  it('uses a Teams call agent for a Teams identity', async () => {
    const { sdk } = await joined({ identity: 'teams' });
    assert.equal(sdk.client.agents[0].teams, true);
    assert.equal(sdk.client.agents[0].displayName, undefined);
    assert.equal(sdk.client.agents[0].locators.length, 1);
  });

  it('reuses the agent for a rejoin with the same name and recreates it for another name', async () => {
    const { sdk, service, call } = await connected();
    await service.leave();
    assert.equal(call.hangUps, 1);
    await service.join(joinOptions());
    assert.equal(sdk.client.agents.length, 1);
    await service.leave();
    await service.join(joinOptions({ displayName: 'Grace' }));
    assert.equal(sdk.client.agents.length, 2);
    assert.equal(sdk.client.agents[0].disposed, true);
    assert.equal(sdk.client.agents[1].displayName, 'Grace');
  });

  it('refuses a second join while in a call', async () => {
    const { service } = await connected();
    await assert.rejects(service.join(joinOptions()), (error: AcsError) => error.code === 'operation-failed');
  });

  it('maps a non-JWT token (InvalidTokenError) to token-invalid and returns to setup', async () => {
    const harness = await setup();
    harness.sdk.client.agentError = Object.assign(new Error('Invalid token specified'), { name: 'InvalidTokenError' });
    await assert.rejects(harness.service.join(joinOptions()), (error: AcsError) => error.code === 'token-invalid');
    assert.equal(harness.service.getState().phase, 'setup');
  });

  it('maps 403/40231 from a Teams agent to token-wrong-kind', async () => {
    const harness = await setup({ identity: 'teams' });
    harness.sdk.client.agentError = { name: 'CallingCommunicationError', message: 'Forbidden', code: 403, subCode: 40231 };
    await assert.rejects(harness.service.join(joinOptions()), (error: AcsError) => error.code === 'token-wrong-kind');
    assert.equal(harness.service.getState().phase, 'setup');
  });

  it('ends as network when the agent cannot be created for another reason', async () => {
    const harness = await setup();
    harness.sdk.client.agentError = { name: 'Error', message: 'config fetch failed', code: 500, subCode: 1 };
    await assert.rejects(harness.service.join(joinOptions()), (error: AcsError) => error.code === 'join-failed');
    assert.deepEqual(harness.service.getState().end, { reason: 'network', code: 500, subCode: 1 });
  });

  // The join guard runs on node:test's mocked setTimeout: time moves only by tick(), so each check
  // sits exactly before or after the deadline, whatever the machine's speed.
  it('ends as network (408) when the join stays in Connecting past the guard, and hangs up', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { service, call } = await joined({ joinTimeoutMs: 30_000 });
    call.setState('Connecting');
    t.mock.timers.tick(29_999);
    await tick();
    assert.equal(service.getState().phase, 'connecting', 'not before the deadline');
    t.mock.timers.tick(1);
    await tick();
    assert.equal(service.getState().phase, 'ended');
    assert.deepEqual(service.getState().end, { reason: 'network', code: JOIN_TIMEOUT_CODE, subCode: 0 });
    assert.equal(call.hangUps, 1);
    t.mock.timers.reset();
  });

  it('the guard also covers an agent that takes too long, and a late agent does not join', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const harness = await setup({ joinTimeoutMs: 20_000 });
    let release!: () => void;
    harness.sdk.client.agentDelay = () => new Promise<void>((resolve) => (release = resolve));
    const joining = harness.service.join(joinOptions());
    await tick();
    t.mock.timers.tick(20_000);
    await tick();
    assert.equal(harness.service.getState().end?.reason, 'network');
    t.mock.timers.reset();
    release();
    await joining;
    assert.equal(harness.sdk.client.agents[0].calls.length, 0);
  });

  it('the guard does not fire once the lobby is reached', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { service, call } = await joined({ joinTimeoutMs: 20_000 });
    call.setState('InLobby');
    t.mock.timers.tick(60_000);
    await tick();
    assert.equal(service.getState().phase, 'lobby');
    t.mock.timers.reset();
  });
});

describe('ACS meeting service: background start-up (prepare)', () => {
  it('creates the agent with the known name before Join, and the join reuses it', async () => {
    const { sdk, service } = await setup();
    service.prepare({ displayName: 'Ada' });
    await tick();
    await tick();
    assert.equal(sdk.client.agents.length, 1);
    await service.join(joinOptions({ displayName: 'Ada' }));
    assert.equal(sdk.client.agents.length, 1);
    assert.equal(sdk.client.agents[0]!.calls.length, 1);
  });

  it('a guest with no name yet gets no agent; a join under another name replaces the prepared one', async () => {
    const { sdk, service } = await setup();
    service.prepare({ displayName: '  ' });
    await tick();
    assert.equal(sdk.client.agents.length, 0);
    service.prepare({ displayName: 'Ada' });
    await tick();
    await tick();
    await service.join(joinOptions({ displayName: 'Grace' }));
    assert.equal(sdk.client.agents.length, 2);
    assert.equal(sdk.client.agents[1]!.calls.length, 1);
  });

  it('a Teams identity needs no name; a failed background creation is met again by the join', async () => {
    const teams = await setup({ identity: 'teams' });
    teams.service.prepare({});
    await tick();
    await tick();
    assert.equal(teams.sdk.client.agents.length, 1);
    const guest = await setup();
    guest.sdk.client.agentError = Object.assign(new Error('offline'), { code: 500 });
    guest.service.prepare({ displayName: 'Ada' });
    await tick();
    guest.sdk.client.agentError = undefined;
    await guest.service.join(joinOptions());
    assert.equal(guest.sdk.client.agents.length, 1);
  });
});

describe('ACS meeting service: phases and end reasons', () => {
  const phases: Array<[Parameters<FakeCall['setState']>[0], MeetingState['phase']]> = [
    ['None', 'connecting'],
    ['Connecting', 'connecting'],
    ['Ringing', 'connecting'],
    ['EarlyMedia', 'connecting'],
    ['InLobby', 'lobby'],
    ['Connected', 'connected'],
    ['LocalHold', 'connected'],
    ['RemoteHold', 'connected'],
  ];
  for (const [callState, phase] of phases) {
    it(`${callState} → ${phase}`, async () => {
      const { service, call } = await joined();
      call.setState(callState);
      assert.equal(service.getState().phase, phase);
    });
  }

  it('Disconnecting keeps the previous phase until Disconnected', async () => {
    const { service, call } = await connected();
    call.setState('Disconnecting');
    assert.equal(service.getState().phase, 'connected');
  });

  const ends: Array<[number, number, 'Connected' | 'InLobby' | 'Connecting', string]> = [
    [0, 0, 'Connected', 'local'],
    [0, 4097, 'Connected', 'ended-by-organizer'],
    [0, 5000, 'Connected', 'removed'],
    [0, 5300, 'Connected', 'removed'],
    [0, 5854, 'InLobby', 'lobby-denied'],
    [0, 5855, 'InLobby', 'lobby-timeout'],
    [403, 0, 'Connecting', 'anonymous-join-disabled'],
    [401, 10009, 'Connected', 'token'],
    [495, 4507, 'Connecting', 'token'],
    [490, 4525, 'Connecting', 'network'],
    [410, 3100, 'Connected', 'network'],
    [0, 5003, 'Connected', 'unknown'],
    [487, 10004, 'Connecting', 'unknown'],
  ];
  for (const [code, subCode, from, reason] of ends) {
    it(`Disconnected ${code}/${subCode} from ${from} → ended '${reason}'`, async () => {
      const { service, call, states } = await joined();
      call.setState(from);
      call.setState('Disconnected', { code, subCode });
      assert.equal(service.getState().phase, 'ended');
      assert.deepEqual(service.getState().end, { reason, code, subCode });
      assert.equal(states.at(-1)?.phase, 'ended');
    });
  }

  it('leave() hangs up and ends with local 0/0', async () => {
    const { service, call } = await connected();
    await service.leave();
    assert.equal(call.hangUps, 1);
    assert.deepEqual(service.getState().end, { reason: 'local', code: 0, subCode: 0 });
  });

  it('the offline join (Connecting → 490/4525) ends as network, with no listener left on the call', async () => {
    const { service, call } = await joined();
    call.setState('Connecting');
    call.setState('Disconnected', { code: 490, subCode: 4525 });
    assert.equal(service.getState().end?.reason, 'network');
    for (const emitter of call.emitters()) assert.equal(emitter.count(), 0);
  });

  it('reads the chat thread id once connected', async () => {
    const { service, call } = await joined();
    assert.equal(service.getState().threadId, undefined);
    call.infoFake.threadId = '19:meeting_abc@thread.v2';
    call.setState('Connected');
    assert.equal(service.getState().threadId, '19:meeting_abc@thread.v2');
  });

  it('is reconnecting while networkReconnect is poor, and back when good', async () => {
    const { service, call } = await connected();
    call.diagnostics.networkFake.emit('diagnosticChanged', { diagnostic: 'networkReconnect', value: 2, valueType: 'DiagnosticQuality' });
    assert.equal(service.getState().phase, 'reconnecting');
    assert.deepEqual(service.getState().diagnostics, ['networkReconnect']);
    call.diagnostics.networkFake.emit('diagnosticChanged', { diagnostic: 'networkReconnect', value: 1, valueType: 'DiagnosticQuality' });
    assert.equal(service.getState().phase, 'connected');
    assert.deepEqual(service.getState().diagnostics, []);
  });

  it('is reconnecting while the call agent lost its connection', async () => {
    const { service, sdk } = await connected();
    const agent = sdk.client.agents[0];
    agent.setConnection('Connected');
    agent.setConnection('Disconnected');
    assert.equal(service.getState().phase, 'reconnecting');
    agent.setConnection('Connected');
    assert.equal(service.getState().phase, 'connected');
  });

  it('lists media diagnostics with a bad value (flags and qualities)', async () => {
    const { service, call } = await connected({
      script: (c) => {
        c.diagnostics.mediaFake.latest = { cameraFreeze: { value: true, valueType: 'DiagnosticFlag' } };
      },
    });
    assert.deepEqual(service.getState().diagnostics, ['cameraFreeze']);
    call.diagnostics.mediaFake.emit('diagnosticChanged', { diagnostic: 'microphoneNotFunctioning', value: true, valueType: 'DiagnosticFlag' });
    call.diagnostics.mediaFake.emit('diagnosticChanged', { diagnostic: 'cameraFreeze', value: false, valueType: 'DiagnosticFlag' });
    assert.deepEqual(service.getState().diagnostics, ['microphoneNotFunctioning']);
  });
});

describe('ACS meeting service: network quality', () => {
  const remote = (participant: FakeRemoteParticipant, diagnostic: 'networkReceiveQuality' | 'networkSendQuality' | 'noNetwork', value: number | boolean) => ({
    participantId: identifierId(participant.identifier),
    rawId: identifierId(participant.identifier),
    diagnostic,
    value,
    valueType: typeof value === 'boolean' ? ('DiagnosticFlag' as const) : ('DiagnosticQuality' as const),
  });

  it('is unknown until the SDK reports, then the worse of sending and receiving', async () => {
    const { service, call } = await connected();
    assert.deepEqual(service.getState().network, { self: 'unknown', participants: {} });
    call.diagnostics.networkFake.emit('diagnosticChanged', { diagnostic: 'networkReceiveQuality', value: 1, valueType: 'DiagnosticQuality' });
    assert.equal(service.getState().network.self, 'good');
    call.diagnostics.networkFake.emit('diagnosticChanged', { diagnostic: 'networkSendQuality', value: 2, valueType: 'DiagnosticQuality' });
    assert.equal(service.getState().network.self, 'poor');
    call.diagnostics.networkFake.emit('diagnosticChanged', { diagnostic: 'networkReceiveQuality', value: 3, valueType: 'DiagnosticQuality' });
    assert.equal(service.getState().network.self, 'bad');
    call.diagnostics.networkFake.emit('diagnosticChanged', { diagnostic: 'networkReceiveQuality', value: 1, valueType: 'DiagnosticQuality' });
    call.diagnostics.networkFake.emit('diagnosticChanged', { diagnostic: 'networkSendQuality', value: 1, valueType: 'DiagnosticQuality' });
    assert.equal(service.getState().network.self, 'good');
  });

  it('seeds from the latest values and counts a raised noNetwork flag as bad', async () => {
    const { service, call } = await connected({
      script: (c) => {
        c.diagnostics.networkFake.latest = { networkSendQuality: { value: 2, valueType: 'DiagnosticQuality' } };
      },
    });
    assert.equal(service.getState().network.self, 'poor');
    call.diagnostics.networkFake.emit('diagnosticChanged', { diagnostic: 'noNetwork', value: true, valueType: 'DiagnosticFlag' });
    assert.equal(service.getState().network.self, 'bad');
  });

  it('maps remote diagnostics to participants present, shares its own, and forgets who left', async () => {
    const { service, call } = await connected();
    const grace = new FakeRemoteParticipant(teamsId('t1'), 'Grace Hopper');
    const guest = new FakeRemoteParticipant(acsId('g1'), 'Guest');
    call.addParticipant(grace);
    call.addParticipant(guest);
    assert.equal(call.diagnostics.remoteFake.isSendingDiagnosticsEnabled, true);
    call.diagnostics.remoteFake.report([remote(grace, 'networkReceiveQuality', 3), remote(guest, 'networkSendQuality', 1)]);
    assert.deepEqual(service.getState().network.participants, { [identifierId(grace.identifier)]: 'bad', [identifierId(guest.identifier)]: 'good' });
    call.diagnostics.remoteFake.report([remote(grace, 'networkReceiveQuality', 2)]);
    assert.equal(service.getState().network.participants[identifierId(grace.identifier)], 'poor');
    call.removeParticipant(grace);
    assert.deepEqual(Object.keys(service.getState().network.participants), [identifierId(guest.identifier)]);
  });

  it('still grades its own connection where remote diagnostics are unsupported', async () => {
    const { service, call } = await connected({
      script: (c) => {
        c.diagnostics.remoteUnsupported = true;
      },
    });
    call.diagnostics.networkFake.emit('diagnosticChanged', { diagnostic: 'networkSendQuality', value: 3, valueType: 'DiagnosticQuality' });
    assert.deepEqual(service.getState().network, { self: 'bad', participants: {} });
  });

  it('ignores remote media diagnostics and removes its listeners on leave', async () => {
    const { service, call } = await connected();
    const guest = new FakeRemoteParticipant(acsId('g1'), 'Guest');
    call.addParticipant(guest);
    call.diagnostics.remoteFake.report([
      { participantId: 'x', rawId: identifierId(guest.identifier), diagnostic: 'cameraFreeze', value: true, valueType: 'DiagnosticFlag' },
    ]);
    assert.deepEqual(service.getState().network.participants, {});
    assert.ok(call.diagnostics.remoteFake.count('diagnosticChanged') > 0);
    await service.leave();
    assert.equal(call.diagnostics.remoteFake.count('diagnosticChanged'), 0);
  });
});

describe('ACS meeting service: recording, transcription and consent', () => {
  it('recording off → on → stopped, transcription likewise, independently', async () => {
    const { service, call } = await connected();
    assert.equal(service.getState().recording, 'off');
    call.recording.setActive(true);
    assert.equal(service.getState().recording, 'on');
    call.transcription.setActive(true);
    assert.equal(service.getState().transcription, 'on');
    call.recording.setActive(false);
    assert.equal(service.getState().recording, 'stopped');
    assert.equal(service.getState().transcription, 'on');
    call.transcription.setActive(false);
    assert.equal(service.getState().transcription, 'stopped');
    call.recording.setActive(true);
    assert.equal(service.getState().recording, 'on');
  });

  it('knows recording that was already on when the call started', async () => {
    const { service } = await connected({ script: (c) => (c.recording.isRecordingActive = true) });
    assert.equal(service.getState().recording, 'on');
  });

  it('consent required: keeps the user muted with the camera off until consent is granted', async () => {
    const { service, call } = await connected({ join: { cameraOn: true } });
    assert.equal(call.isLocalVideoStarted, true);
    call.recording.isTeamsConsentRequired = true;
    call.recording.setActive(true);
    await tick();
    assert.equal(service.getState().consentRequired, true);
    assert.equal(service.getState().consentGranted, false);
    assert.equal(call.isMuted, true);
    assert.equal(call.isLocalVideoStarted, false);
    assert.equal(service.getState().muted, true);
    assert.equal(service.getState().cameraOn, false);

    await assert.rejects(service.setMuted(false), (error: AcsError) => error.code === 'consent-required');
    await assert.rejects(service.setCameraOn(true), (error: AcsError) => error.code === 'consent-required');
    assert.equal(call.isMuted, true);

    await service.grantConsent();
    assert.equal(call.recording.granted, 1);
    assert.equal(call.transcription.granted, 0);
    assert.equal(service.getState().consentGranted, true);
    await service.setMuted(false);
    assert.equal(call.isMuted, false);
    await service.setCameraOn(true);
    assert.equal(call.isLocalVideoStarted, true);
  });

  it('transcription consent is granted on the transcription feature', async () => {
    const { service, call } = await connected();
    call.transcription.isTeamsConsentRequired = true;
    call.transcription.setActive(true);
    assert.equal(service.getState().consentRequired, true);
    await service.grantConsent();
    assert.equal(call.transcription.granted, 1);
  });
});

describe('ACS meeting service: participants', () => {
  it('maps Teams, ACS and phone participants with names, mute, speaking and video', async () => {
    const { service, call } = await connected();
    const teams = new FakeRemoteParticipant(teamsId('t1'), 'Grace Hopper');
    const guest = new FakeRemoteParticipant(acsId('g1'), 'Guest');
    const phone = new FakeRemoteParticipant(phoneId('+15551234567'));
    call.addParticipant(teams);
    call.addParticipant(guest);
    call.addParticipant(phone);
    const kinds = service.getState().participants.map((p) => [p.id, p.kind, p.displayName]);
    assert.deepEqual(kinds, [
      ['8:orgid:t1', 'teams', 'Grace Hopper'],
      ['8:acs:res_g1', 'acs', 'Guest'],
      ['4:+15551234567', 'phone', ''],
    ]);

    teams.set('isMuted', true);
    teams.set('isSpeaking', true);
    teams.set('displayName', 'Grace B. Hopper');
    let grace = service.getState().participants[0];
    assert.equal(grace.muted, true);
    assert.equal(grace.speaking, true);
    assert.equal(grace.displayName, 'Grace B. Hopper');

    const video = new FakeRemoteVideoStream(1, 'Video', false);
    const screen = new FakeRemoteVideoStream(2, 'ScreenSharing', true);
    teams.addStream(video);
    teams.addStream(screen);
    grace = service.getState().participants[0]!;
    assert.equal(grace.videoStreamId, undefined);
    assert.ok(grace.screenShareStreamId);
    video.setAvailable(true);
    grace = service.getState().participants[0]!;
    assert.ok(grace.videoStreamId);
    assert.notEqual(grace.videoStreamId, grace.screenShareStreamId);

    const view = await service.createView(grace.videoStreamId);
    assert.ok(view.element);

    teams.set('state', 'Hold');
    assert.equal(service.getState().participants[0].state, 'on-hold');
    teams.removeStream(screen);
    assert.equal(service.getState().participants[0].screenShareStreamId, undefined);

    call.removeParticipant(teams);
    assert.deepEqual(
      service.getState().participants.map((p) => p.id),
      ['8:acs:res_g1', '4:+15551234567'],
    );
    assert.equal(teams.count(), 0, 'a participant who left keeps no listener');
    assert.equal(video.count(), 0);
  });

  it('a removed stream disposes its view; a stream id unknown to the call is refused', async () => {
    const { service, call, sdk } = await connected();
    const teams = new FakeRemoteParticipant(teamsId('t1'), 'Grace');
    const stream = new FakeRemoteVideoStream(7, 'Video');
    teams.videoStreams = [stream as never];
    call.addParticipant(teams);
    const id = service.getState().participants[0].videoStreamId!;
    await service.createView(id);
    assert.equal(sdk.renderers.length, 1);
    teams.removeStream(stream);
    assert.equal(sdk.renderers[0].disposed, true);
    await assert.rejects(service.createView(id), (error: AcsError) => error.code === 'operation-failed');
  });

  it('raised hands: remote events, own raise and lower', async () => {
    const { service, call } = await connected();
    const teams = new FakeRemoteParticipant(teamsId('t1'), 'Grace');
    call.addParticipant(teams);
    call.raiseHandFeature.emit('raisedHandEvent', { identifier: { microsoftTeamsUserId: 't1', rawId: '8:orgid:t1' } });
    assert.equal(service.getState().participants[0].handRaised, true);
    call.raiseHandFeature.emit('loweredHandEvent', { identifier: { microsoftTeamsUserId: 't1', rawId: '8:orgid:t1' } });
    assert.equal(service.getState().participants[0].handRaised, false);

    await service.raiseHand();
    assert.equal(service.getState().handRaised, true);
    call.raiseHandFeature.emit('loweredHandEvent', { identifier: { communicationUserId: SELF } });
    assert.equal(service.getState().handRaised, false, 'someone else lowered my hand');
    await service.raiseHand();
    await service.lowerHand();
    assert.equal(service.getState().handRaised, false);
  });

  it('dominant speakers and the optimal video count', async () => {
    const { service, call } = await connected({ script: (c) => (c.optimal.optimalVideoCount = 9) });
    assert.equal(service.getState().maxRemoteVideoStreams, 9);
    call.dominant.set([teamsId('t2'), acsId('g1')]);
    assert.deepEqual(service.getState().dominantSpeakers, ['8:orgid:t2', '8:acs:res_g1']);
  });
});

describe('ACS meeting service: lobby', () => {
  it('lists lobby participants; only organizers and presenters may admit', async () => {
    const { service, call } = await connected();
    const waiting = new FakeRemoteParticipant(acsId('w1'), 'Waiting guest');
    call.lobbyFake.update([waiting]);
    assert.deepEqual(service.getState().lobby, [{ id: '8:acs:res_w1', displayName: 'Waiting guest' }]);
    assert.equal(service.getState().canManageLobby, false);
    for (const role of ['Organizer', 'Co-organizer', 'Presenter'] as const) {
      call.role = role;
      call.emit('roleChanged');
      assert.equal(service.getState().canManageLobby, true, role);
    }
    await service.admit('8:acs:res_w1');
    assert.deepEqual(call.lobbyFake.admitted, [JSON.stringify(acsId('w1'))]);
    await service.reject('8:acs:res_w1');
    assert.equal(call.lobbyFake.rejected.length, 1);
    call.lobbyFake.update([]);
    assert.deepEqual(service.getState().lobby, []);
  });
});

describe('ACS meeting service: captions and reactions', () => {
  it('starts Teams captions and keeps partial/final lines per speaker, trimmed', async () => {
    const { service, call } = await connected();
    await service.startCaptions('en-us');
    assert.deepEqual(call.captionsFeature.captionsObject.started, ['en-us']);
    assert.equal(service.getState().captions.active, true);
    const grace = { displayName: 'Grace', identifier: teamsId('t1') };
    const ada = { displayName: 'Ada', identifier: acsId('a1') };
    const captions = call.captionsFeature.captionsObject;
    captions.receive(grace, 'Hello', 'Partial');
    captions.receive(grace, 'Hello every', 'Partial');
    captions.receive(ada, 'Hi', 'Partial');
    captions.receive(grace, 'Hello everyone.', 'Final');
    assert.deepEqual(
      service.getState().captions.entries.map((e) => [e.speakerName, e.text, e.final]),
      [
        ['Grace', 'Hello everyone.', true],
        ['Ada', 'Hi', false],
      ],
    );
    for (let i = 0; i < MAX_CAPTIONS + 3; i++) captions.receive(grace, `line ${i}`, 'Final');
    const entries = service.getState().captions.entries;
    assert.equal(entries.length, MAX_CAPTIONS);
    assert.equal(entries.at(-1)!.text, `line ${MAX_CAPTIONS + 2}`);
    await service.stopCaptions();
    assert.equal(service.getState().captions.active, false);
  });

  it('follows the captions object when Teams switches the captions kind', async () => {
    const { service, call } = await connected();
    const first = call.captionsFeature.captionsObject;
    assert.ok(first.count() > 0);
    call.captionsFeature.switchKind('Captions');
    assert.equal(first.count(), 0, 'the old captions object keeps no listener');
    call.captionsFeature.captionsObject.receive({ displayName: 'Grace', identifier: teamsId('t1') }, 'plain', 'Final');
    assert.equal(service.getState().captions.entries.at(-1)!.text, 'plain');
  });

  it('sends reactions and lists incoming ones, dropping old ones', async () => {
    const { service, call, clock } = await connected();
    await service.sendReaction('applause');
    assert.deepEqual(call.reaction.sent, ['applause']);
    call.reaction.emit('reaction', { identifier: { rawId: '8:orgid:t1', microsoftTeamsUserId: 't1' }, reactionMessage: { reactionType: 'heart' } });
    assert.deepEqual(
      service.getState().reactions.map((r) => [r.participantId, r.reaction]),
      [['8:orgid:t1', 'heart']],
    );
    clock.now += REACTION_LIFETIME_MS + 1;
    call.reaction.emit('reaction', { identifier: { communicationUserId: '8:acs:res_g1' }, reactionMessage: { reactionType: 'like' } });
    assert.deepEqual(
      service.getState().reactions.map((r) => r.reaction),
      ['like'],
    );
  });
});

describe('ACS meeting service: media', () => {
  it('camera preview in setup, then joined with that very stream', async () => {
    const harness = await setup();
    await harness.service.setCameraOn(true);
    const previewId = harness.service.getState().localVideoStreamId;
    assert.ok(previewId);
    assert.equal(harness.service.getState().cameraOn, true);
    const view = await harness.service.createView(previewId);
    assert.ok(view.element);
    await harness.service.join(joinOptions({ cameraOn: true }));
    const call = harness.sdk.client.agents[0].calls[0];
    assert.equal(call.joinOptions?.videoOptions?.localVideoStreams?.[0], harness.sdk.localStreams[0]);
    assert.equal(harness.sdk.localStreams.length, 1);
    await harness.service.setCameraOn(false);
    assert.equal(harness.sdk.localStreams[0].disposed, true);
    assert.equal(harness.sdk.renderers[0].disposed, true, 'the preview view goes with the camera');
  });

  it('no camera → media-no-device; camera permission denied → media-permission-denied', async () => {
    const harness = await setup();
    harness.sdk.client.deviceManager.cameras = [];
    await assert.rejects(harness.service.setCameraOn(true), (error: AcsError) => error.code === 'media-no-device');
    harness.sdk.client.deviceManager.cameras = [fakeCamera2];
    harness.sdk.client.deviceManager.access = { audio: true, video: false };
    await assert.rejects(harness.service.setCameraOn(true), (error: AcsError) => error.code === 'media-permission-denied');
  });

  it('mute and unmute go to the call', async () => {
    const { service, call } = await connected();
    await service.setMuted(true);
    assert.equal(call.isMuted, true);
    assert.equal(service.getState().muted, true);
    await service.setMuted(false);
    assert.equal(service.getState().muted, false);
  });

  it('screen share on and off; a failure is screen-share-failed', async () => {
    const { service, call } = await connected();
    await service.startScreenShare();
    assert.equal(service.getState().screenSharing, true);
    await service.stopScreenShare();
    assert.equal(service.getState().screenSharing, false);
    call.screenShareError = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    await assert.rejects(service.startScreenShare(), (error: AcsError) => error.code === 'screen-share-failed' && error.recoverable);
  });

  it('selects microphone, speaker and camera by SDK id', async () => {
    const harness = await setup();
    await harness.service.setCameraOn(true);
    await harness.service.selectDevices({ microphoneId: 'microphone:mic2', speakerId: 'speaker:spk1', cameraId: fakeCamera2.id });
    const devices = harness.sdk.client.deviceManager;
    assert.equal(devices.selectedMicrophone?.id, 'microphone:mic2');
    assert.equal(devices.selectedSpeaker?.id, 'speaker:spk1');
    assert.equal(harness.sdk.localStreams[0].source.id, fakeCamera2.id);
  });

  it('selects devices by the browser deviceId too (the SDK prefixes it with the kind)', async () => {
    const harness = await setup();
    await harness.service.selectDevices({ microphoneId: 'mic2', speakerId: 'spk1', cameraId: 'cam2' });
    await harness.service.setCameraOn(true);
    const devices = harness.sdk.client.deviceManager;
    assert.equal(devices.selectedMicrophone?.id, 'microphone:mic2');
    assert.equal(devices.selectedSpeaker?.id, 'speaker:spk1');
    assert.equal(harness.sdk.localStreams[0].source.id, 'camera:cam2');
    assert.equal(sameDevice('camera:cam2', 'cam2'), true);
    assert.equal(sameDevice('camera:cam2', 'cam'), false);
  });

  it('mute and camera changed while the agent is being created shape the join', async () => {
    const harness = await setup();
    let release!: () => void;
    harness.sdk.client.agentDelay = () => new Promise<void>((resolve) => (release = resolve));
    const joining = harness.service.join(joinOptions({ muted: false, cameraOn: false }));
    await tick();
    await harness.service.setMuted(true);
    await harness.service.setCameraOn(true);
    assert.equal(harness.service.getState().phase, 'connecting');
    release();
    await joining;
    const call = harness.sdk.client.agents[0].calls[0];
    assert.deepEqual(call.joinOptions?.audioOptions, { muted: true });
    assert.equal(call.joinOptions?.videoOptions?.localVideoStreams?.length, 1);
  });

  it('leave while the agent is being created ends local and never joins', async () => {
    const harness = await setup();
    let release!: () => void;
    harness.sdk.client.agentDelay = () => new Promise<void>((resolve) => (release = resolve));
    const joining = harness.service.join(joinOptions());
    await tick();
    await harness.service.leave();
    assert.deepEqual(harness.service.getState().end, { reason: 'local', code: 0, subCode: 0 });
    await joining; // settles without waiting for the agent
    release();
    await tick();
    assert.equal(harness.sdk.client.agents[0].calls.length, 0);
  });
});

describe('ACS meeting service: dispose', () => {
  it('removes every SDK listener it added, disposes views, streams, agent, then client; idempotent', async () => {
    const { service, call, sdk, states } = await connected({ join: { cameraOn: true } });
    const teams = new FakeRemoteParticipant(teamsId('t1'), 'Grace');
    teams.videoStreams = [new FakeRemoteVideoStream(1, 'Video') as never];
    call.addParticipant(teams);
    await service.createView(service.getState().participants[0].videoStreamId!);
    await service.createView(service.getState().localVideoStreamId!);
    assert.ok(listenerLedger.live.size > 20, `listeners attached: ${listenerLedger.live.size}`);
    assert.ok(service.listenerCount > 20);

    const first = service.dispose();
    assert.equal(service.dispose(), first);
    await first;
    assert.equal(listenerLedger.live.size, 0, 'every on() has its off()');
    assert.equal(listenerLedger.on, listenerLedger.off);
    assert.equal(service.listenerCount, 0);
    assert.equal(call.hangUps, 1);
    assert.ok(sdk.renderers.every((renderer) => renderer.disposed));
    assert.ok(sdk.localStreams.every((stream) => stream.disposed));
    assert.equal(sdk.client.agents[0].disposed, true);
    assert.equal(sdk.client.disposed, true);
    assert.equal(states.at(-1)?.phase, 'ended');
    assert.equal(states.at(-1)?.end?.reason, 'local');
    await assert.rejects(service.join(joinOptions()), (error: AcsError) => error.code === 'operation-failed');
  });

  it('does not wait for an agent still being created; disposes it if it arrives after all', async () => {
    const harness = await setup();
    let release!: () => void;
    harness.sdk.client.agentDelay = () => new Promise<void>((resolve) => (release = resolve));
    const joining = harness.service.join(joinOptions());
    await tick();
    await harness.service.dispose();
    assert.equal(harness.service.getState().end?.reason, 'local');
    assert.equal(harness.sdk.client.disposed, true, 'the client goes without waiting for the agent');
    await joining; // settles without waiting for the agent
    release();
    await tick();
    assert.equal(harness.sdk.client.agents[0].disposed, true, 'the late agent is disposed');
    assert.equal(harness.sdk.client.agents[0].calls.length, 0, 'a disposed service never joins');
    assert.equal(listenerLedger.live.size, 0);
  });

  it('a created agent is disposed before the client', async () => {
    const { service, sdk } = await connected();
    const order: string[] = [];
    const agent = sdk.client.agents[0];
    const agentDispose = agent.dispose.bind(agent);
    agent.dispose = async () => {
      order.push('agent');
      await agentDispose();
    };
    const clientDispose = sdk.client.dispose.bind(sdk.client);
    sdk.client.dispose = async () => {
      order.push('client');
      await clientDispose();
    };
    await service.dispose();
    assert.deepEqual(order, ['agent', 'client']);
  });

  it('keeps a margin between the last join and disposing the client (SDK media still starting)', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const harness = await setup({ disposeGraceMs: 2_000 });
    await harness.service.join(joinOptions());
    const disposing = harness.service.dispose();
    for (let i = 0; i < 50 && !harness.sdk.client.agents[0].disposed; i++) await tick();
    assert.equal(harness.sdk.client.agents[0].disposed, true);
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(harness.sdk.client.disposed, false, 'the client waits out the margin');
    t.mock.timers.tick(2_000);
    await disposing;
    assert.equal(harness.sdk.client.disposed, true);
    t.mock.timers.reset();
  });

  it('20 join/leave cycles leave no listener behind', async () => {
    const { service } = await setup();
    for (let i = 0; i < 20; i++) {
      await service.join(joinOptions());
      const before = listenerLedger.live.size;
      assert.ok(before > 0);
      await service.leave();
    }
    // Only the agent's connection listener remains between calls.
    assert.equal(listenerLedger.live.size, 1);
    await service.dispose();
    assert.equal(listenerLedger.live.size, 0);
  });
});

describe('ACS meeting service: error messages', () => {
  it('never repeat the SDK text (it can quote the token or the link)', async () => {
    const harness = await setup();
    harness.sdk.client.agentError = Object.assign(new Error('Invalid token specified: invalid json for part #2 (eyJzZWNyZXQ)'), {
      name: 'InvalidTokenError',
    });
    const error = await harness.service.join(joinOptions()).catch((caught: unknown) => caught as AcsError);
    assert.ok(error instanceof AcsError);
    assert.equal(error.code, 'token-invalid');
    assert.equal(error.message.includes('eyJ'), false, error.message);
    assert.equal(error.message, 'token-invalid InvalidTokenError');
  });

  it('a join that throws synchronously ends the attempt without quoting the link', async () => {
    const harness = await setup();
    harness.sdk.client.onAgent = (agent) => {
      agent.joinError = { name: 'CallingCommunicationError', message: `Bad link ${LINK}`, code: 400, subCode: 12 };
    };
    const error = await harness.service.join(joinOptions()).catch((caught: unknown) => caught as AcsError);
    assert.ok(error instanceof AcsError);
    assert.equal(error.code, 'join-failed');
    assert.equal(error.message.includes('teams.microsoft.com'), false);
    assert.deepEqual(harness.service.getState().end, { reason: 'unknown', code: 400, subCode: 12 });
  });
});

describe('ACS meeting service: capabilities and role (issue 14)', () => {
  it('starts with everything allowed while the SDK has not resolved capabilities', async () => {
    const { service } = await connected();
    const capabilities = service.getState().capabilities;
    assert.ok(Object.values(capabilities).every((capability) => capability.allowed));
    assert.equal(service.getState().role, 'attendee');
  });

  it('follows capabilitiesChanged: the reason says role, meeting or policy; consent-held stays allowed', async () => {
    const { service, call } = await connected();
    call.capabilitiesFeature.change({
      unmuteMic: { isPresent: false, reason: 'MeetingRestricted' },
      shareScreen: { isPresent: false, reason: 'RoleRestricted' },
      useReactions: { isPresent: false, reason: 'UserPolicyRestricted' },
      turnVideoOn: { isPresent: false, reason: 'ExplicitConsentRequired' },
      raiseHand: { isPresent: true, reason: 'Capable' },
    });
    const { capabilities } = service.getState();
    assert.deepEqual(capabilities.unmuteMic, { allowed: false, reason: 'meeting' });
    assert.deepEqual(capabilities.shareScreen, { allowed: false, reason: 'role' });
    assert.deepEqual(capabilities.useReactions, { allowed: false, reason: 'policy' });
    assert.deepEqual(capabilities.turnVideoOn, { allowed: true });
    assert.deepEqual(capabilities.raiseHand, { allowed: true });
  });

  it('refuses a forbidden command with not-allowed before it reaches the SDK', async () => {
    const { service, call } = await connected({ join: { muted: true } });
    call.capabilitiesFeature.change({
      unmuteMic: { isPresent: false, reason: 'MeetingRestricted' },
      turnVideoOn: { isPresent: false, reason: 'MeetingRestricted' },
      shareScreen: { isPresent: false, reason: 'RoleRestricted' },
      useReactions: { isPresent: false, reason: 'MeetingRestricted' },
    });
    const refused = (error: unknown) => error instanceof AcsError && error.code === 'not-allowed' && error.recoverable;
    await assert.rejects(service.setMuted(false), refused);
    assert.equal(call.isMuted, true);
    await assert.rejects(service.setCameraOn(true), refused);
    assert.equal(call.isLocalVideoStarted, false);
    await assert.rejects(service.startScreenShare(), refused);
    assert.equal(call.isScreenSharingOn, false);
    await assert.rejects(service.sendReaction('like'), refused);
    assert.equal(call.reaction.sent.length, 0);
    // Muting stays possible, and a capability given back works again.
    await service.setMuted(true);
    call.capabilitiesFeature.change({ unmuteMic: { isPresent: true, reason: 'Capable' } }, 'RoleChanged');
    await service.setMuted(false);
    assert.equal(call.isMuted, false);
  });

  it('reports the role from the call and follows roleChanged', async () => {
    const { service, call } = await connected();
    call.role = 'Presenter';
    call.emit('roleChanged');
    assert.equal(service.getState().role, 'presenter');
    call.role = 'Co-organizer';
    call.emit('roleChanged');
    assert.equal(service.getState().role, 'co-organizer');
  });

  it('removes its capabilities listener with the call and resets capabilities when the meeting ends', async () => {
    const { service, call } = await connected();
    call.capabilitiesFeature.change({ unmuteMic: { isPresent: false, reason: 'MeetingRestricted' } });
    assert.equal(call.capabilitiesFeature.count('capabilitiesChanged'), 1);
    await service.leave();
    assert.equal(call.capabilitiesFeature.count('capabilitiesChanged'), 0);
    assert.equal(service.getState().capabilities.unmuteMic.allowed, true);
    assert.equal(service.getState().role, 'unknown');
  });
});

describe('ACS meeting service: spotlight (issue 14)', () => {
  it('seeds who is already spotlighted, then follows spotlightChanged in the SDK order', async () => {
    const grace = teamsId('grace');
    const alan = teamsId('alan');
    const { service, call } = await connected({ script: (c) => c.spotlight.add([alan], 5) });
    assert.deepEqual(service.getState().spotlightedParticipants, ['8:orgid:alan']);
    // Published earlier than Alan's (order 2 < 5): it comes first whatever the event order.
    call.spotlight.add([grace], 2);
    assert.deepEqual(service.getState().spotlightedParticipants, ['8:orgid:grace', '8:orgid:alan']);
    call.spotlight.remove([alan]);
    assert.deepEqual(service.getState().spotlightedParticipants, ['8:orgid:grace']);
  });

  it('orders entries without an order after the ordered ones, each id once', async () => {
    const { spotlightOrder } = await import('../../src/services/acs/calling-spotlight.js');
    assert.deepEqual(
      spotlightOrder([
        { identifier: teamsId('b') },
        { identifier: teamsId('a'), order: 3 },
        { identifier: teamsId('c'), order: 1 },
        { identifier: teamsId('a'), order: 4 },
      ]),
      ['8:orgid:c', '8:orgid:a', '8:orgid:b'],
    );
  });

  it('spotlights and unspotlights the local user through startSpotlight()/stopSpotlight() without participants', async () => {
    const { service, call } = await connected();
    await service.startSpotlight();
    assert.deepEqual(call.spotlight.calls, [{ name: 'start', participants: undefined }]);
    assert.deepEqual(service.getState().spotlightedParticipants, [SELF]);
    // Already spotlighted: nothing more is sent.
    await service.startSpotlight();
    assert.equal(call.spotlight.calls.length, 1);
    await service.stopSpotlight();
    assert.deepEqual(call.spotlight.calls[1], { name: 'stop', participants: undefined });
    assert.deepEqual(service.getState().spotlightedParticipants, []);
    // Not spotlighted: stopping sends nothing.
    await service.stopSpotlight();
    assert.equal(call.spotlight.calls.length, 2);
  });

  it('refuses to spotlight the user with not-allowed when the capability says no, before the SDK', async () => {
    const { service, call } = await connected();
    call.capabilitiesFeature.change({ spotlightParticipant: { isPresent: false, reason: 'RoleRestricted' } }, 'RoleChanged');
    assert.deepEqual(service.getState().capabilities.spotlightParticipant, { allowed: false, reason: 'role' });
    await assert.rejects(service.startSpotlight(), (error: unknown) => error instanceof AcsError && error.code === 'not-allowed' && error.recoverable);
    assert.equal(call.spotlight.calls.length, 0);
  });

  it('refuses a full spotlight with not-allowed; an SDK failure is operation-failed', async () => {
    const { service, call } = await connected();
    call.spotlight.maxParticipantsToSpotlight = 1;
    call.spotlight.add([teamsId('grace')]);
    await assert.rejects(service.startSpotlight(), (error: unknown) => error instanceof AcsError && error.code === 'not-allowed');
    assert.equal(call.spotlight.calls.length, 0);
    call.spotlight.maxParticipantsToSpotlight = 7;
    call.spotlight.error = Object.assign(new Error('Teams said no'), { code: 500 });
    await assert.rejects(service.startSpotlight(), (error: unknown) => error instanceof AcsError && error.code === 'operation-failed');
  });

  it('removes its spotlight listener with the call and clears the spotlight when the meeting ends', async () => {
    const { service, call } = await connected();
    call.spotlight.add([teamsId('grace')]);
    assert.equal(call.spotlight.count('spotlightChanged'), 1);
    await service.leave();
    assert.equal(call.spotlight.count('spotlightChanged'), 0);
    assert.deepEqual(service.getState().spotlightedParticipants, []);
  });

  it('a call without the Spotlight feature: nobody spotlighted, starting refused with not-allowed, stopping a no-op', async () => {
    const { service, call } = await connected({ script: (c) => c.unsupported.add(fakeFeatures.Spotlight) });
    assert.deepEqual(service.getState().spotlightedParticipants, []);
    await assert.rejects(service.startSpotlight(), (error: unknown) => error instanceof AcsError && error.code === 'not-allowed');
    await service.stopSpotlight();
    assert.equal(call.spotlight.calls.length, 0);
    // The other features still work.
    call.optimal.optimalVideoCount = 3;
    call.optimal.emit('optimalVideoCountChanged');
    assert.equal(service.getState().maxRemoteVideoStreams, 3);
  });

  it('the optimal video count from the SDK is the number of videos the gallery renders', async () => {
    const { service, call } = await connected({ script: (c) => (c.optimal.optimalVideoCount = 6) });
    assert.equal(service.getState().maxRemoteVideoStreams, 6);
    call.optimal.optimalVideoCount = 2;
    call.optimal.emit('optimalVideoCountChanged');
    assert.equal(service.getState().maxRemoteVideoStreams, 2);
  });
});
