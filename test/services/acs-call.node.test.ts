/**
 * The real-SDK call adapter (src/services/acs/call-service.ts) against fakes typed by the SDK's own
 * declarations (test/services/acs-fakes.ts plus the call-only pieces below): what it asks the SDK
 * for (identifiers, alternateCallerId, one identifier for a TeamsCallAgent, DTMF names), how it maps
 * call states and end codes, incoming calls (accept with video, decline, canceled), the start guard
 * and disposal. Incoming calls cannot be exercised offline with the real SDK; this is where they are.
 */
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  AcceptCallOptions,
  Call,
  CallEndReason,
  CallerInfo,
  DtmfTone,
  IncomingCallKind,
  StartCallOptions,
  TeamsCall,
  TeamsIncomingCall,
} from '@azure/communication-calling';
import type { CommunicationIdentifierKind } from '@azure/communication-common';
import { AcsCallService } from '../../src/services/acs/call-service.js';
import { parseCallee } from '../../src/core/callee.js';
import type { CallState } from '../../src/services/call-service.js';
import { createFakeSdk, Emitter, fakeSession, FakeCall, type FakeCallAgent, FakeRemoteParticipant, FakeRemoteVideoStream, listenerLedger, phoneId, teamsId, type FakeSdk } from './acs-fakes.js';

/** A call that also takes tones. */
class FakeCallWithTones extends FakeCall implements Pick<Call, 'sendDtmf'> {
  readonly tones: DtmfTone[] = [];
  async sendDtmf(tone: DtmfTone): Promise<void> {
    this.tones.push(tone);
  }
}

class FakeIncomingCall extends Emitter implements Pick<TeamsIncomingCall, 'id' | 'kind' | 'callerInfo' | 'callEndReason' | 'accept' | 'reject' | 'on' | 'off'> {
  readonly id = 'incoming-1';
  readonly kind = 'TeamsIncomingCall' as IncomingCallKind;
  callEndReason: CallEndReason | undefined = undefined;
  accepted: AcceptCallOptions[] = [];
  rejected = 0;
  call = new FakeCallWithTones();

  constructor(readonly callerInfo: CallerInfo) {
    super();
  }

  async accept(options?: AcceptCallOptions): Promise<TeamsCall> {
    this.accepted.push(options ?? {});
    this.call.isLocalVideoStarted = (options?.videoOptions?.localVideoStreams?.length ?? 0) > 0;
    return this.call as unknown as TeamsCall;
  }

  async reject(): Promise<void> {
    this.rejected++;
    this.callEndReason = { code: 0, subCode: 4501 };
  }

  end(reason: CallEndReason): void {
    this.callEndReason = reason;
    this.emit('callEnded', { callEndReason: reason });
  }
}

interface Started {
  participants: unknown;
  options: StartCallOptions | undefined;
  call: FakeCallWithTones;
}

/** Gives every agent the fakes a `startCall` that records its arguments. */
function withStartCall(sdk: FakeSdk): Started[] {
  const started: Started[] = [];
  sdk.client.onAgent = (agent: FakeCallAgent) => {
    Object.assign(agent, {
      startCall(participants: unknown, options?: StartCallOptions) {
        const call = new FakeCallWithTones(options);
        started.push({ participants, options, call });
        return call;
      },
    });
  };
  return started;
}

const appId = (id: string): CommunicationIdentifierKind => ({ kind: 'microsoftTeamsApp', teamsAppId: id, rawId: `28:orgid:${id}`, cloud: 'public' });
const GUID = '6e2c6b4a-81f3-4d2e-9a51-0c1d2e3f4a5b';
const AGENT_GUID = '11111111-1111-4111-8111-111111111111';

function phases(service: AcsCallService): CallState['phase'][] {
  const seen: CallState['phase'][] = [];
  service.subscribe((state, previous) => {
    if (state.phase !== previous.phase) seen.push(state.phase);
  });
  return seen;
}

async function tick(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('AcsCallService (fakes typed by the SDK)', () => {
  let sdk: FakeSdk;
  let started: Started[];

  beforeEach(() => {
    listenerLedger.reset();
    sdk = createFakeSdk();
    started = withStartCall(sdk);
  });

  it('ACS identity → a call queue: [{teamsAppId}], held by the app (waiting), then an agent; tones by SDK name; hang up 0/0', async () => {
    const service = new AcsCallService({ session: fakeSession(), identity: 'acs' }, { sdk, disposeGraceMs: 0 });
    const seen = phases(service);
    await service.start(parseCallee(`28:orgid:${GUID}`), { displayName: 'Pat' });
    assert.equal(sdk.client.agents[0]?.teams, false);
    assert.equal(sdk.client.agents[0]?.displayName, 'Pat');
    assert.deepEqual(started[0]?.participants, [{ teamsAppId: GUID, cloud: 'public' }]);
    assert.deepEqual(started[0]?.options, { audioOptions: { muted: false } });
    const call = started[0]!.call;
    call.setState('Connecting');
    call.setState('Ringing');
    const app = new FakeRemoteParticipant(appId(GUID), 'Contoso Support');
    call.addParticipant(app);
    call.setState('Connected');
    let state = service.getState();
    assert.equal(state.phase, 'connected');
    assert.equal(state.waiting, true);
    assert.equal(state.remote?.kind, 'app');
    assert.equal(state.dtmfAvailable, true);
    assert.equal(state.videoAvailable, false);
    assert.ok(state.startedAt);

    call.removeParticipant(app);
    const agent = new FakeRemoteParticipant(teamsId(AGENT_GUID), 'Megan Bowen');
    agent.addStream(new FakeRemoteVideoStream(3, 'Video'));
    call.addParticipant(agent);
    state = service.getState();
    assert.equal(state.waiting, false);
    assert.deepEqual(state.remote, { id: `8:orgid:${AGENT_GUID}`, displayName: 'Megan Bowen', kind: 'teams', muted: false });
    assert.ok(state.remoteVideoStreamId);
    const view = await service.createView(state.remoteVideoStreamId!);
    assert.ok(view.element);

    for (const tone of ['1', '*', '#', '0'] as const) await service.sendDtmf(tone);
    assert.deepEqual(call.tones, ['Num1', 'Star', 'Pound', 'Num0']);

    await service.hangUp();
    assert.deepEqual(service.getState().end, { reason: 'local', code: 0, subCode: 0 });
    assert.deepEqual(seen, ['connecting', 'ringing', 'connected', 'ended']);
    await service.dispose();
    assert.equal(sdk.client.agents[0]?.disposed, true);
    assert.equal(sdk.client.disposed, true);
    assert.equal(service.listenerCount, 0);
    assert.equal(listenerLedger.live.size, 0);
  });

  it('ACS identity → a phone: [{phoneNumber}] with alternateCallerId', async () => {
    const service = new AcsCallService({ session: fakeSession(), identity: 'acs' }, { sdk, disposeGraceMs: 0 });
    await service.start(parseCallee('+1 425 555 0123', { callerId: '+18005550100' }));
    assert.deepEqual(started[0]?.participants, [{ phoneNumber: '+14255550123' }]);
    assert.deepEqual(started[0]?.options?.alternateCallerId, { phoneNumber: '+18005550100' });
    const call = started[0]!.call;
    call.addParticipant(new FakeRemoteParticipant(phoneId('+14255550123')));
    call.setState('Connected');
    assert.equal(service.getState().remote?.kind, 'phone');
    call.setState('Disconnected', { code: 0, subCode: 560000 });
    assert.equal(service.getState().end?.reason, 'remote');
    await service.dispose();
  });

  it('Teams identity → a Teams user: a TeamsCallAgent and one identifier (no array), camera when asked', async () => {
    const service = new AcsCallService({ session: fakeSession('8:orgid:self'), identity: 'teams' }, { sdk, disposeGraceMs: 0 });
    await service.start(parseCallee(`8:orgid:${GUID}`), { video: true, muted: true });
    assert.equal(sdk.client.agents[0]?.teams, true);
    assert.deepEqual(started[0]?.participants, { microsoftTeamsUserId: GUID, isAnonymous: false, cloud: 'public' });
    assert.equal(started[0]?.options?.audioOptions?.muted, true);
    assert.equal(started[0]?.options?.videoOptions?.localVideoStreams?.length, 1);
    assert.equal(started[0]?.options?.alternateCallerId, undefined);
    const call = started[0]!.call;
    call.setState('Connected');
    assert.equal(service.getState().cameraOn, true);
    assert.equal(service.getState().muted, true);
    await service.setMuted(false);
    assert.equal(service.getState().muted, false);
    await service.setCameraOn(false);
    assert.equal(service.getState().cameraOn, false);
    assert.equal(sdk.localStreams.length, 1);
    await service.dispose();
  });

  for (const [code, subCode, reason] of [
    [603, 0, 'declined'],
    [487, 10004, 'no-answer'],
    [486, 560486, 'busy'],
    [490, 4525, 'network'],
    [0, 5003, 'remote'],
  ] as const) {
    it(`an outgoing call that ends ${code}/${subCode} → ${reason}`, async () => {
      const service = new AcsCallService({ session: fakeSession(), identity: 'acs' }, { sdk, disposeGraceMs: 0 });
      await service.start(parseCallee(`8:orgid:${GUID}`));
      started[0]!.call.setState('Disconnected', { code, subCode });
      assert.deepEqual(service.getState().end, { reason, code, subCode });
      await service.dispose();
    });
  }

  it('a start that never leaves Connecting is ended as network by the guard (408/0)', async (t) => {
    // node:test's mocked setTimeout: the guard fires exactly at its deadline, whatever the machine's speed.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const service = new AcsCallService({ session: fakeSession(), identity: 'acs' }, { sdk, disposeGraceMs: 0, startTimeoutMs: 30_000 });
    await service.start(parseCallee(`8:orgid:${GUID}`));
    started[0]!.call.setState('Connecting');
    t.mock.timers.tick(29_999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(service.getState().end, undefined, 'not before the deadline');
    t.mock.timers.tick(1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(service.getState().end, { reason: 'network', code: 408, subCode: 0 });
    assert.equal(started[0]!.call.hangUps, 1);
    t.mock.timers.reset();
    await service.dispose();
  });

  it('a token of the wrong kind stops before the SDK makes an agent', async () => {
    const header = Buffer.from('{"alg":"none"}').toString('base64url');
    const payload = Buffer.from(JSON.stringify({ skypeid: `acs:res_${GUID}`, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    const session = fakeSession();
    const token = `${header}.${payload}.sig`;
    session.current = async () => ({ token, expiresOn: new Date(2e12), emulator: false });
    const service = new AcsCallService({ session, identity: 'teams' }, { sdk, disposeGraceMs: 0 });
    await assert.rejects(service.start(parseCallee(`8:orgid:${GUID}`)), { code: 'token-wrong-kind' });
    assert.equal(sdk.client.agents.length, 0);
    assert.equal(service.getState().phase, 'idle');
    await service.dispose();
  });

  describe('incoming calls (Teams identity)', () => {
    async function listening() {
      const service = new AcsCallService({ session: fakeSession('8:orgid:self'), identity: 'teams' }, { sdk, disposeGraceMs: 0 });
      await service.listen();
      assert.equal(service.getState().listening, true);
      const agent = sdk.client.agents[0]!;
      assert.equal(agent.teams, true);
      assert.equal(agent.count('incomingCall'), 1);
      const incoming = new FakeIncomingCall({ identifier: teamsId(GUID), displayName: 'Lynne Robbins' });
      agent.emit('incomingCall', { incomingCall: incoming });
      await tick();
      return { service, agent, incoming };
    }

    it('shows the caller; accept with video → connected with the camera', async () => {
      const { service, incoming } = await listening();
      let state = service.getState();
      assert.equal(state.phase, 'incoming');
      assert.deepEqual(state.incoming, { caller: { id: `8:orgid:${GUID}`, displayName: 'Lynne Robbins' } });
      assert.equal(state.videoAvailable, true);
      await service.accept({ video: true });
      assert.equal(incoming.accepted[0]?.videoOptions?.localVideoStreams?.length, 1);
      incoming.call.addParticipant(new FakeRemoteParticipant(teamsId(GUID), 'Lynne Robbins'));
      incoming.call.setState('Connected');
      state = service.getState();
      assert.equal(state.phase, 'connected');
      assert.equal(state.cameraOn, true);
      assert.equal(state.direction, 'incoming');
      assert.equal(state.incoming, undefined);
      incoming.call.setState('Disconnected', { code: 0, subCode: 5003 });
      assert.equal(service.getState().end?.reason, 'remote');
      await service.dispose();
      assert.equal(service.listenerCount, 0);
    });

    it('accept without video: no videoOptions at all (an empty list hangs the SDK)', async () => {
      const { service, incoming } = await listening();
      await service.accept({ video: false });
      assert.deepEqual(incoming.accepted[0], { audioOptions: { muted: false } });
      await service.dispose();
    });

    it('decline → reject(), reason declined', async () => {
      const { service, incoming } = await listening();
      await service.decline();
      assert.equal(incoming.rejected, 1);
      assert.deepEqual(service.getState().end, { reason: 'declined', code: 0, subCode: 4501 });
      assert.equal(incoming.count('callEnded'), 0);
      await service.dispose();
    });

    it('the caller gives up (callEnded 487/0) → missed; answered elsewhere → answered-elsewhere', async () => {
      const { service, agent, incoming } = await listening();
      incoming.end({ code: 487, subCode: 0 });
      assert.deepEqual(service.getState().end, { reason: 'missed', code: 487, subCode: 0 });
      const second = new FakeIncomingCall({ identifier: teamsId(AGENT_GUID), displayName: 'Alex' });
      agent.emit('incomingCall', { incomingCall: second });
      assert.equal(service.getState().phase, 'incoming');
      second.end({ code: 487, subCode: 10003 });
      assert.equal(service.getState().end?.reason, 'answered-elsewhere');
      await service.dispose();
    });

    it('a second incoming call during a call is rejected; dispose rejects a ringing one', async () => {
      const { service, agent, incoming } = await listening();
      await service.accept({});
      incoming.call.setState('Connected');
      const busy = new FakeIncomingCall({ identifier: teamsId(AGENT_GUID), displayName: 'Busy' });
      agent.emit('incomingCall', { incomingCall: busy });
      await tick();
      assert.equal(busy.rejected, 1);
      assert.equal(service.getState().phase, 'connected');
      await service.hangUp();
      const ringing = new FakeIncomingCall({ identifier: teamsId(AGENT_GUID), displayName: 'Late' });
      agent.emit('incomingCall', { incomingCall: ringing });
      await service.dispose();
      assert.equal(ringing.rejected, 1);
      assert.equal(agent.disposed, true);
      assert.equal(listenerLedger.live.size, 0);
    });
  });
});
