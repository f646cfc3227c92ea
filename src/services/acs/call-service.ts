/**
 * The real 1:1 call backend: @azure/communication-calling behind the CallService seam.
 *
 * - ACS identities: `CallAgent.startCall([callee], {alternateCallerId})`: a Teams user
 *   (`{microsoftTeamsUserId}`), a call queue or auto attendant (`{teamsAppId}`), or a phone
 *   (`{phoneNumber}`, with the resource's number as `alternateCallerId`).
 * - Teams identities: `TeamsCallAgent.startCall(callee)` (phones are called with the user's own
 *   Teams number) and incoming calls through the agent's `incomingCall` event.
 *
 * Reached only through `import()`; it reaches the SDK only through `import('./calling-sdk.js')`.
 * SDK traps handled as in the meeting adapter: no empty `videoOptions`, a start that
 * never leaves Connecting is ended by a guard as `network`, disposal hangs up, waits, then
 * disposes agent and client in that order with a margin.
 */
import type {
  IncomingCall,
  LocalVideoStream,
  RemoteVideoStream,
  StartCallOptions as SdkStartCallOptions,
  TeamsIncomingCall,
  DtmfTone as SdkDtmfTone,
} from '@azure/communication-calling';
import type {
  MicrosoftTeamsAppIdentifier,
  MicrosoftTeamsUserIdentifier,
  PhoneNumberIdentifier,
} from '@azure/communication-common';
import { calleeCapabilities, type ParsedCallee } from '../../core/callee.js';
import { AcsError } from '../../core/errors.js';
import { mapCallEndReason, type CallEndInfo } from '../../core/end-reasons.js';
import { assertTokenKind } from '../token-kind.js';
import {
  initialCallState,
  type CallRemote,
  type CallService,
  type CallServiceOptions,
  type CallState,
  type DtmfTone,
  type StartCallOptions,
} from '../call-service.js';
import { callInProgress, endedCallPatch, incomingCallState, outgoingCallState } from '../call-state.js';
import type { VideoView } from '../video-view.js';
import { AcsCallingAdapter } from './calling-adapter.js';
import { onAgentEvent, type Agent } from './calling-agent.js';
import { loadCallingSdk, muteCall, settle, SETTLE_TIMEOUT_MS } from './calling-client.js';
import { errorCode, mediaError, wrap } from './calling-errors.js';
import { Listeners } from './calling-listeners.js';
import { identifierId, identifierKind } from './calling-participants.js';
import type { AnyCall, CallingSdk } from './calling-types.js';

export { CONNECT_TIMEOUT_MS as START_TIMEOUT_MS, CONNECT_TIMEOUT_CODE as START_TIMEOUT_CODE } from './call-guard.js';
/** Margin before `callClient.dispose()` after media changed: the SDK throws if the client goes too soon (calling-client.ts). */
export const CLIENT_DISPOSE_GRACE_MS = 1_500;

type AnyIncoming = IncomingCall | TeamsIncomingCall;

const TONES: Record<DtmfTone, SdkDtmfTone> = {
  '0': 'Num0',
  '1': 'Num1',
  '2': 'Num2',
  '3': 'Num3',
  '4': 'Num4',
  '5': 'Num5',
  '6': 'Num6',
  '7': 'Num7',
  '8': 'Num8',
  '9': 'Num9',
  '*': 'Star',
  '#': 'Pound',
};

export interface AcsCallDeps {
  sdk: CallingSdk;
  startTimeoutMs?: number;
  disposeGraceMs?: number;
  now?: () => number;
}

/** The SDK identifier for a parsed callee. */
export function calleeIdentifier(callee: ParsedCallee): MicrosoftTeamsUserIdentifier | MicrosoftTeamsAppIdentifier | PhoneNumberIdentifier {
  switch (callee.kind) {
    case 'teams-user':
      return { microsoftTeamsUserId: callee.id, isAnonymous: false, cloud: callee.cloud };
    case 'teams-app':
      return { teamsAppId: callee.id, cloud: callee.cloud };
    default:
      return { phoneNumber: callee.phoneNumber };
  }
}

export class AcsCallService extends AcsCallingAdapter<CallState> implements CallService {
  private incoming?: AnyIncoming;
  private readonly incomingListeners = new Listeners();
  private remoteStream?: RemoteVideoStream;

  constructor(options: CallServiceOptions, deps: AcsCallDeps) {
    super(initialCallState(), options, deps, {
      noun: 'call',
      connectTimeoutMs: deps.startTimeoutMs,
      defaultDisposeGraceMs: CLIENT_DISPOSE_GRACE_MS,
      agent: {
        // Before the SDK: it answers a token of the wrong kind with a bare 403/40231.
        checkToken: (token) => assertTokenKind(token.token, options.identity),
        watch: (agent, listeners) =>
          onAgentEvent(agent, listeners, 'incomingCall', (args: { incomingCall: AnyIncoming }) => this.onIncoming(args.incomingCall)),
      },
      watch: {
        refresh: () => this.refresh(),
        callEvents: ['stateChanged', 'isMutedChanged', 'isLocalVideoStartedChanged'],
        participantEvents: ['stateChanged', 'isMutedChanged', 'displayNameChanged'],
      },
    });
  }

  /** SDK listeners currently attached, for leak checks. */
  get listenerCount(): number {
    return this.agent.listeners.size + this.watch.size + this.incomingListeners.size;
  }

  /** Which agent kind was created (for tests). */
  async agentKind(): Promise<'acs' | 'teams' | undefined> {
    return this.agent.kind();
  }

  // --- calls ------------------------------------------------------------------------------------

  async start(callee: ParsedCallee, options: StartCallOptions = {}): Promise<void> {
    this.assertAlive();
    if (this.active()) throw new AcsError('operation-failed', 'Already in a call', { recoverable: true });
    this.detachCall();
    const attempt = ++this.attempt;
    const capabilities = calleeCapabilities(callee);
    const before = this.state;
    this.store.replace(outgoingCallState(callee, options, before.listening));
    this.armConnectGuard(attempt);
    let agent: Agent;
    try {
      agent = await this.ensureAgent(options.displayName);
    } catch (error) {
      if (attempt !== this.attempt) return;
      throw this.agentFailed(error, { ...before });
    }
    if (attempt !== this.attempt || this.disposing) return;
    const camera = options.video && capabilities.video ? await this.prepareCamera().catch(() => undefined) : undefined;
    if (attempt !== this.attempt || this.disposing) return;
    const callOptions: SdkStartCallOptions = { audioOptions: { muted: this.state.muted } };
    // Never `videoOptions: {localVideoStreams: []}`: the SDK then hangs for a minute.
    if (camera) callOptions.videoOptions = { localVideoStreams: [camera] };
    const identifier = calleeIdentifier(callee);
    try {
      this.calling.markMediaChange();
      if (agent.identity === 'teams') {
        this.call = agent.agent.startCall(identifier as MicrosoftTeamsUserIdentifier, callOptions);
      } else {
        if (callee.kind === 'phone' && callee.callerId) callOptions.alternateCallerId = { phoneNumber: callee.callerId };
        this.call = agent.agent.startCall([identifier], callOptions);
      }
    } catch (error) {
      this.clearConnectGuard();
      const { code = 0, subCode = 0 } = errorCode(error);
      this.finish({ reason: mapCallEndReason(code, subCode), code, subCode });
      throw wrap('operation-failed', error, code, true);
    }
    this.watch.attach(this.call);
    this.refresh();
  }

  async listen(): Promise<void> {
    this.assertAlive();
    await this.ensureAgent();
    this.store.set({ listening: true });
  }

  async accept(options: { video?: boolean } = {}): Promise<void> {
    this.assertAlive();
    const incoming = this.incoming;
    if (!incoming || this.state.phase !== 'incoming') throw new AcsError('operation-failed', 'No incoming call', { recoverable: true });
    const attempt = ++this.attempt;
    this.store.set({ phase: 'connecting' });
    const camera = options.video ? await this.prepareCamera().catch(() => undefined) : undefined;
    if (attempt !== this.attempt) return;
    this.armConnectGuard(attempt);
    let call: AnyCall;
    try {
      this.calling.markMediaChange();
      call = await incoming.accept({ audioOptions: { muted: this.state.muted }, ...(camera ? { videoOptions: { localVideoStreams: [camera] } } : {}) });
    } catch (error) {
      this.clearConnectGuard();
      if (attempt !== this.attempt) return;
      const { code = 0, subCode = 0 } = errorCode(error);
      this.finish({ reason: mapCallEndReason(code, subCode, 'incoming'), code, subCode });
      throw wrap('operation-failed', error, code, true);
    }
    if (attempt !== this.attempt) return;
    this.incomingListeners.clear();
    this.incoming = undefined;
    this.call = call;
    this.watch.attach(call);
    this.refresh();
  }

  async decline(): Promise<void> {
    const incoming = this.incoming;
    if (!incoming || this.state.phase !== 'incoming') return;
    this.attempt++;
    try {
      await incoming.reject();
    } catch {
      // Already gone (canceled by the caller): it is over either way.
    }
    const reason = incoming.callEndReason;
    this.incomingListeners.clear();
    this.incoming = undefined;
    const code = reason?.code ?? 0;
    const subCode = reason?.subCode ?? 4501;
    this.finish({ reason: reason ? mapCallEndReason(code, subCode, 'incoming') : 'declined', code, subCode });
  }

  async hangUp(): Promise<void> {
    if (this.state.phase === 'incoming') return this.decline();
    const call = this.call;
    this.attempt++;
    this.clearConnectGuard();
    await this.calling.hangUp(call);
    if (this.active()) this.finish({ reason: 'local', code: 0, subCode: 0 });
  }

  // --- media and tones --------------------------------------------------------------------------

  async setMuted(muted: boolean): Promise<void> {
    this.assertAlive();
    // Without a call the choice is kept for the next start/join.
    if (await muteCall(this.activeCall(), muted)) this.refresh();
    else this.store.set({ muted });
  }

  async setCameraOn(on: boolean): Promise<void> {
    this.assertAlive();
    const call = this.activeCall();
    if (!on) {
      await this.local.stopOn(call);
      this.local.release();
      this.refreshOr({ cameraOn: false, localVideoStreamId: undefined });
      return;
    }
    if (!this.state.videoAvailable) throw new AcsError('operation-failed', 'This call has no video', { recoverable: true });
    const stream = await this.prepareCamera();
    await this.local.startOn(call, stream);
    this.refreshOr({ cameraOn: true, localVideoStreamId: this.local.id });
  }

  async sendDtmf(tone: DtmfTone): Promise<void> {
    this.assertAlive();
    const call = this.activeCall();
    if (!call || this.state.phase !== 'connected') throw new AcsError('operation-failed', 'Tones can be sent once the call is connected', { recoverable: true });
    try {
      await call.sendDtmf(TONES[tone]);
    } catch (error) {
      throw wrap('operation-failed', error, errorCode(error).code, true);
    }
  }

  async createView(streamId: string): Promise<VideoView> {
    this.assertAlive();
    const stream = streamId === this.local.id ? this.local.stream : streamId === this.state.remoteVideoStreamId ? this.remoteStream : undefined;
    if (!stream) throw new AcsError('operation-failed', 'No such video stream', { recoverable: true });
    return this.views.create(streamId, stream, stream === this.local.stream);
  }

  // --- dispose ----------------------------------------------------------------------------------

  protected async disposeInOrder(): Promise<void> {
    this.attempt++;
    this.clearConnectGuard();
    const incoming = this.incoming;
    if (incoming) await settle(incoming.reject(), SETTLE_TIMEOUT_MS);
    await this.calling.hangUpAndWait(this.call);
    if (this.active()) this.finish({ reason: 'local', code: 0, subCode: 0 });
    this.detachCall();
    this.incomingListeners.clear();
    this.incoming = undefined;
    this.views.disposeAll();
    this.local.release();
    await this.agent.dispose(true);
    const devices = this.calling.pendingDevices;
    if (devices) await settle(devices, SETTLE_TIMEOUT_MS);
    await this.calling.dispose();
    this.store.clear();
  }

  // --- SDK objects ------------------------------------------------------------------------------

  /** One agent per service (an ACS guest's display name is fixed at creation). */
  private ensureAgent(displayName?: string): Promise<Agent> {
    return this.agent.ensure(displayName, displayName ? { displayName } : {});
  }

  private onIncoming(incoming: AnyIncoming): void {
    if (this.active() || this.disposing) {
      void incoming.reject().catch(() => undefined);
      return;
    }
    this.attempt++;
    this.detachCall();
    this.incomingListeners.clear();
    this.incoming = incoming;
    const identifier = incoming.callerInfo.identifier;
    const id = identifier ? identifierId(identifier) : 'unknown';
    const displayName = incoming.callerInfo.displayName ?? '';
    const kind = identifierKind(identifier);
    const onEnded = () => {
      if (this.incoming !== incoming) return;
      const reason = incoming.callEndReason;
      this.incomingListeners.clear();
      this.incoming = undefined;
      const code = reason?.code ?? 487;
      const subCode = reason?.subCode ?? 0;
      this.finish({ reason: mapCallEndReason(code, subCode, 'incoming'), code, subCode });
    };
    incoming.on('callEnded', onEnded);
    this.incomingListeners.add(() => incoming.off('callEnded', onEnded));
    this.store.replace(incomingCallState({ id, displayName, kind }, this.state.listening));
  }

  private async prepareCamera(): Promise<LocalVideoStream> {
    if (this.local.stream) return this.local.stream;
    let camera;
    try {
      const manager = await this.calling.devices();
      const access = await manager.askDevicePermission({ audio: false, video: true });
      if (!access.video) throw new AcsError('media-permission-denied', 'Camera permission denied', { recoverable: true });
      camera = (await manager.getCameras())[0];
    } catch (error) {
      throw mediaError(error);
    }
    if (!camera) throw new AcsError('media-no-device', 'No camera found', { recoverable: true });
    return this.local.adopt(this.sdk.createLocalVideoStream(camera));
  }

  // --- call events ------------------------------------------------------------------------------

  private detachCall(): void {
    this.watch.detach();
    this.remoteStream = undefined;
    this.call = undefined;
  }

  protected callEnded(code: number, subCode: number): void {
    this.finish({ reason: mapCallEndReason(code, subCode, this.state.direction), code, subCode });
  }

  protected rebuild(call: AnyCall): void {
    const phase = this.phaseOf(call);
    if (phase === 'connected' || phase === 'ringing') this.clearConnectGuard();
    const participant = call.remoteParticipants.find((p) => p.state !== 'Disconnected');
    let remote: CallRemote | undefined;
    let remoteVideoStreamId: string | undefined;
    this.remoteStream = undefined;
    if (participant) {
      const identifier = participant.identifier;
      remote = { id: identifierId(identifier), displayName: participant.displayName ?? '', kind: identifierKind(identifier), muted: participant.isMuted };
      const stream = participant.videoStreams.find((s) => s.mediaStreamType === 'Video' && s.isAvailable);
      if (stream) {
        remoteVideoStreamId = this.streamIds.idFor(stream, 'video');
        this.remoteStream = stream;
      }
    }
    this.views.disposeWhere((streamId) => streamId !== this.local.id && streamId !== remoteVideoStreamId);
    const localVideo = call.isLocalVideoStarted && this.local.stream !== undefined;
    const previous = this.state;
    this.store.replace({
      ...previous,
      phase,
      incoming: undefined,
      remote: remote ?? previous.remote,
      remoteVideoStreamId,
      waiting: remote?.kind === 'app',
      muted: call.isMuted,
      cameraOn: localVideo,
      localVideoStreamId: localVideo ? this.local.id : undefined,
      startedAt: phase === 'connected' ? (previous.startedAt ?? this.now()) : previous.startedAt,
    });
  }

  private phaseOf(call: AnyCall): CallState['phase'] {
    switch (call.state) {
      case 'Ringing':
      case 'EarlyMedia':
        return 'ringing';
      case 'Connected':
      case 'LocalHold':
      case 'RemoteHold':
        return 'connected';
      case 'None':
      case 'Connecting':
        return 'connecting';
      default:
        return this.state.phase;
    }
  }

  private finish(end: CallEndInfo): void {
    this.clearConnectGuard();
    const hadCall = Boolean(this.call);
    this.detachCall();
    if (hadCall || end.reason !== 'local') this.local.release();
    if (this.state.phase === 'ended' || this.state.phase === 'idle') return;
    this.store.set(endedCallPatch(end));
  }

  protected endAsNetworkFailure(code: number, subCode: number): void {
    this.finish({ reason: 'network', code, subCode });
  }

  // --- helpers ----------------------------------------------------------------------------------

  private active(): boolean {
    return callInProgress(this.state.phase);
  }
}

export async function createAcsCallService(options: CallServiceOptions, deps?: Partial<AcsCallDeps>): Promise<AcsCallService> {
  const sdk = deps?.sdk ?? (await loadCallingSdk());
  return new AcsCallService(options, { ...deps, sdk });
}
