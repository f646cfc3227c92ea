/**
 * The real meeting backend: @azure/communication-calling behind the MeetingService seam.
 *
 * Elements reach this module only through `import()`, and it reaches the SDK only through
 * `import('./calling-sdk.js')`, so the SDK is its own chunk and the adapter itself can be driven
 * by fakes typed against the SDK's declarations (`AcsMeetingService` takes a `CallingSdk`).
 *
 * SDK traps handled here (each seen with the calling SDK in Chromium): `videoOptions` with no stream hangs the join, so it is
 * only passed with a camera; `getDeviceManager()` and `createCallAgent()` take seconds offline, so
 * `preload()` starts them early; a join that never leaves `Connecting` is ended by a guard as
 * `network`; `callClient.dispose()` right after a join or hang-up throws unhandled errors inside
 * the SDK (media still starting), so disposal hangs up, keeps a margin, and disposes agent then
 * client. An agent or device manager still being created is not waited for (both then reject).
 */
import type {
  DeviceManager,
  JoinCallOptions,
  LocalVideoStream,
  RemoteParticipant,
  RemoteVideoStream,
  VideoDeviceInfo,
} from '@azure/communication-calling';
import { AcsError, isAcsError } from '../../core/errors.js';
import { mapEndReason } from '../../core/end-reasons.js';
import {
  endedMeetingState,
  initialMeetingState,
  type DeviceInfo,
  type EndInfo,
  type JoinOptions,
  type MeetingPhase,
  type MeetingService,
  type MeetingServiceOptions,
  type MeetingState,
  type NetworkQuality,
  type ParticipantSnapshot,
  type ReactionType,
  type VideoView,
  unknownNetwork,
} from '../meeting-service.js';
import { assertAllowed } from '../capabilities.js';
import { SnapshotService } from '../snapshot-store.js';
import { setUpCalling } from './calling-setup.js';
import { CONNECT_TIMEOUT_CODE, CONNECT_TIMEOUT_MS, ConnectGuard, hangUpAbandoned, liveCall } from './call-guard.js';
import { callEndCode, type CallingAgent, type CallWatch, onAgentEvent, type Agent } from './calling-agent.js';
import { type CallingClient, loadCallingSdk, muteCall, settle, SETTLE_TIMEOUT_MS } from './calling-client.js';
import { agentError, errorCode, mediaError, wrap } from './calling-errors.js';
import { roleFrom } from './calling-capabilities.js';
import { CallFeatures } from './calling-features.js';
import { identifierId, participantSnapshot, StreamIds } from './calling-participants.js';
import type { AnyCall, CallingSdk } from './calling-types.js';
import type { LocalVideo, VideoViews } from './calling-views.js';

export { CONNECT_TIMEOUT_MS as JOIN_TIMEOUT_MS, CONNECT_TIMEOUT_CODE as JOIN_TIMEOUT_CODE } from './call-guard.js';
/**
 * Margin between the last media change and `callClient.dispose()`: disposing sooner makes the SDK
 * throw unhandled errors (`updateDevices` of undefined), see calling-client.ts.
 */
export const CLIENT_DISPOSE_GRACE_MS = 2_000;

const LOBBY_MANAGERS = new Set(['Organizer', 'Co-organizer', 'Presenter']);

export interface AcsMeetingDeps {
  sdk: CallingSdk;
  /** Guard for a join stuck before the lobby or the meeting (default `JOIN_TIMEOUT_MS`). */
  joinTimeoutMs?: number;
  /** Margin between the last join/hang-up and `callClient.dispose()` (default `CLIENT_DISPOSE_GRACE_MS`). */
  disposeGraceMs?: number;
  now?: () => number;
}

export class AcsMeetingService extends SnapshotService<MeetingState> implements MeetingService {
  private readonly sdk: CallingSdk;
  private readonly joinTimeoutMs: number;
  private readonly now: () => number;

  /** The CallClient, its device manager and the dispose margin after media changes. */
  private readonly calling: CallingClient;
  private readonly agent: CallingAgent;
  private agentLost = false;

  private call?: AnyCall;
  private readonly watch: CallWatch;
  private features?: CallFeatures;
  private readonly streamIds = new StreamIds();
  private remoteStreams = new Map<string, RemoteVideoStream>();
  private lobbyParticipants = new Map<string, RemoteParticipant>();

  private readonly views: VideoViews;
  private readonly local: LocalVideo;
  private devices: JoinOptions['devices'] = {};
  /** The camera choice while no call exists yet (setup, or a join waiting for its agent). */
  private cameraWanted = false;
  /**
   * The setup preview's camera, handed over at Join: kept running while the SDK opens the same
   * device for its LocalVideoStream (the browser shares an open camera, so it never goes dark),
   * stopped once the call leaves `connecting`, and on every way out. Not sent itself: a
   * `new LocalVideoStream(mediaStream)` is a raw-media stream, which `switchSource(camera)` and
   * the video effects do not take.
   */
  private heldPreview?: MediaStream;
  private consentGranted = false;
  /** The browser refused the microphone before the join (shown as a diagnostic). */
  private microphoneDenied = false;
  private enforcingConsent = false;
  /** The microphone permission asked in the background by `prepare()`, used by the next join. */
  private audioPermission?: Promise<{ audio?: boolean } | undefined>;

  /** Increases with every join and leave, so a stale async step knows it was superseded. */
  private attempt = 0;
  private readonly supersededWaiters = new Set<() => void>();
  readonly takesPreview = true;
  private readonly joinGuard: ConnectGuard;
  private disposing?: Promise<void>;

  constructor(
    private readonly options: MeetingServiceOptions,
    deps: AcsMeetingDeps,
  ) {
    // Rebuilt from the SDK on every event: a rebuild that changes nothing notifies no one.
    super(initialMeetingState(), { skipUnchanged: true });
    this.sdk = deps.sdk;
    this.joinTimeoutMs = deps.joinTimeoutMs ?? CONNECT_TIMEOUT_MS;
    this.joinGuard = new ConnectGuard(this.joinTimeoutMs);
    this.now = deps.now ?? Date.now;
    ({ calling: this.calling, agent: this.agent, views: this.views, local: this.local, watch: this.watch } = setUpCalling({
      sdk: this.sdk,
      session: options.session,
      identity: options.identity,
      disposeGraceMs: deps.disposeGraceMs ?? CLIENT_DISPOSE_GRACE_MS,
      now: this.now,
      streamIds: this.streamIds,
      assertAlive: () => this.assertAlive(),
      agent: { watch: (agent, listeners) => onAgentEvent(agent, listeners, 'connectionStateChanged', this.onConnection) },
      watch: {
        refresh: () => this.refresh(),
        callEvents: ['stateChanged', 'isMutedChanged', 'isLocalVideoStartedChanged', 'localVideoStreamsUpdated', 'isScreenSharingOnChanged', 'roleChanged'],
        participantEvents: ['stateChanged', 'isMutedChanged', 'displayNameChanged', 'isSpeakingChanged'],
        watchCall: (call, listeners) => {
          const refresh = () => this.refresh();
          const lobby = call.lobby;
          const info = call.info;
          lobby.on('lobbyParticipantsUpdated', refresh);
          info.onCallInfoChanged('callInfoChanged', refresh);
          listeners.add(() => lobby.off('lobbyParticipantsUpdated', refresh));
          listeners.add(() => info.offCallInfoChanged('callInfoChanged', refresh));
        },
        onStreamGone: (stream) => this.disposeViewsOf(stream),
      },
    }));
  }

  /** Creates the CallClient and starts the (slow) device manager so Join is quick. */
  preload(): void {
    this.calling.ensure();
    void this.calling.devices().catch(() => undefined);
  }

  /**
   * Background start-up while the user is on the setup screen: the microphone permission through
   * the device manager, and the call agent (seconds offline) when its display name is known (an
   * ACS guest's name is fixed at agent creation; a Teams user needs none). A join with another
   * name replaces the agent. Failures are left for `join` to meet and report.
   */
  prepare(hints: { displayName?: string }): void {
    if (this.disposing || this.inCall()) return;
    this.audioPermission ??= this.calling
      .devices()
      .then((manager) => manager.askDevicePermission({ audio: true, video: false }))
      .catch(() => undefined);
    const name = hints.displayName?.trim() ?? '';
    if (this.options.identity === 'acs' && !name) return;
    void this.agent.ensure(name, { displayName: name }, true).catch(() => undefined);
  }

  /** SDK listeners currently attached, for leak checks. */
  get listenerCount(): number {
    return this.agent.listeners.size + this.watch.size + (this.features?.listenerCount ?? 0);
  }

  // --- join and leave -------------------------------------------------------------------------

  async join(options: JoinOptions): Promise<void> {
    if (this.disposing || this.inCall() || !options.cameraOn) stopPreview(options.preview);
    this.assertAlive();
    if (this.inCall()) throw new AcsError('operation-failed', 'Already in a meeting', { recoverable: true });
    this.releasePreview();
    if (options.cameraOn) this.heldPreview = options.preview;
    this.detachCall();
    const attempt = this.supersede();
    const before = this.state;
    this.devices = { ...this.devices, ...options.devices };
    this.cameraWanted = options.cameraOn;
    this.consentGranted = false;
    this.agentLost = false;
    this.store.replace({
      ...initialMeetingState(),
      phase: 'connecting',
      displayName: options.displayName,
      muted: options.muted,
      cameraOn: before.cameraOn,
      localVideoStreamId: before.localVideoStreamId,
      selfId: before.selfId,
    });
    this.armJoinGuard(attempt);

    let agent: Agent | undefined;
    try {
      // A leave, dispose or join timeout does not wait for the agent (7-14 s offline).
      agent = await Promise.race([
        this.agent.ensure(options.displayName, { displayName: options.displayName }, true),
        this.whenSuperseded(attempt),
      ]);
    } catch (error) {
      if (attempt !== this.attempt) return;
      this.clearJoinGuard();
      const failure = isAcsError(error) ? error : agentError(error, this.options.identity);
      if (failure.code === 'join-failed') {
        const { code, subCode } = errorCode(failure.cause ?? error);
        this.end({ reason: 'network', code: code ?? 0, subCode: subCode ?? 0 });
      } else {
        // Token, media or load problems: back to setup, where the user (or the page) can fix them.
        this.releasePreview();
        this.store.replace({ ...before, phase: 'setup', end: undefined });
      }
      throw failure;
    }
    if (!agent || attempt !== this.attempt || this.disposing) return;

    this.microphoneDenied = !(await this.prepareAudio());
    if (this.microphoneDenied) this.store.set({ muted: true });
    if (attempt !== this.attempt || this.disposing) return;

    // setMuted/setCameraOn during the (slow) agent creation change what the join asks for.
    const camera = this.cameraWanted ? await this.prepareCamera().catch(() => undefined) : undefined;
    if (!camera) {
      this.releaseLocalStream();
      this.releasePreview();
    }
    if (attempt !== this.attempt || this.disposing) return;

    const joinOptions: JoinCallOptions = { audioOptions: { muted: this.state.muted } };
    // Never `videoOptions: {localVideoStreams: []}`: the SDK then hangs in `None` for a minute.
    if (camera) joinOptions.videoOptions = { localVideoStreams: [camera] };
    try {
      this.calling.markMediaChange();
      // User Timing for the page's own measurements (bench:meeting reads it); no data in it.
      performance.mark?.('acs-teams-meeting:sdk-join');
      this.call = this.joinWith(agent, options.locator, joinOptions);
    } catch (error) {
      this.clearJoinGuard();
      const { code = 0, subCode = 0 } = errorCode(error);
      this.end({ reason: mapEndReason(code, subCode, { joining: true }), code, subCode });
      throw wrap('join-failed', error, code, true);
    }
    this.attachCall(this.call);
    this.refresh();
  }

  async leave(): Promise<void> {
    const call = this.call;
    this.supersede();
    this.clearJoinGuard();
    await this.calling.hangUp(call);
    if (this.state.phase !== 'ended' && this.state.phase !== 'setup') {
      this.end({ reason: 'local', code: 0, subCode: 0 });
    }
  }

  // --- media ----------------------------------------------------------------------------------

  async setMuted(muted: boolean): Promise<void> {
    this.assertAlive();
    if (!muted) this.assertConsent();
    if (!muted) assertAllowed(this.state, 'unmuteMic');
    // Without a call the choice is kept for the next start/join.
    if (await muteCall(this.activeCall(), muted)) this.refresh();
    else this.store.set({ muted });
  }

  async setCameraOn(on: boolean): Promise<void> {
    this.assertAlive();
    if (on) this.assertConsent();
    if (on) assertAllowed(this.state, 'turnVideoOn');
    const call = this.activeCall();
    this.cameraWanted = on;
    if (!on) {
      this.releasePreview();
      await this.local.stopOn(call);
      this.releaseLocalStream();
      this.refreshOrSet({ cameraOn: false, localVideoStreamId: undefined });
      return;
    }
    const stream = await this.prepareCamera();
    await this.local.startOn(call, stream);
    this.refreshOrSet({ cameraOn: true, localVideoStreamId: this.local.id });
  }

  async startScreenShare(): Promise<void> {
    const call = this.requireCall();
    assertAllowed(this.state, 'shareScreen');
    try {
      await call.startScreenSharing();
    } catch (error) {
      throw wrap('screen-share-failed', error, errorCode(error).code, true);
    }
    this.refresh();
  }

  async stopScreenShare(): Promise<void> {
    const call = this.activeCall();
    if (!call?.isScreenSharingOn) return;
    try {
      await call.stopScreenSharing();
    } catch (error) {
      throw wrap('screen-share-failed', error, errorCode(error).code, true);
    }
    this.refresh();
  }

  async selectDevices(devices: JoinOptions['devices']): Promise<void> {
    this.assertAlive();
    this.devices = { ...this.devices, ...devices };
    if (devices.cameraId) this.releasePreview();
    if (devices.cameraId && this.local.stream) {
      const camera = await this.findCamera(devices.cameraId);
      if (camera) await this.local.stream.switchSource(camera).catch((error: unknown) => Promise.reject(mediaError(error)));
    }
    if (devices.microphoneId || devices.speakerId) {
      try {
        await this.selectAudio(await this.calling.devices(), devices);
      } catch (error) {
        throw mediaError(error);
      }
    }
  }

  private async selectAudio(manager: DeviceManager, devices: JoinOptions['devices']): Promise<void> {
    if (devices.microphoneId) {
      const microphone = findDevice(await manager.getMicrophones(), devices.microphoneId);
      if (microphone) await manager.selectMicrophone(microphone);
    }
    if (devices.speakerId && manager.isSpeakerSelectionAvailable) {
      const speaker = findDevice(await manager.getSpeakers(), devices.speakerId);
      if (speaker) await manager.selectSpeaker(speaker);
    }
  }

  /**
   * Before a join: the microphone permission (asked now rather than mid-join) and the chosen
   * microphone and speaker. Returns false when the microphone is refused: the join then goes
   * muted, and `diagnostics` says why.
   */
  private async prepareAudio(): Promise<boolean> {
    const manager = await settle(this.calling.devices(), SETTLE_TIMEOUT_MS);
    if (!manager) return true;
    // Asked once in the background by prepare(); later joins ask again (the user may have changed it).
    const asked = this.audioPermission ?? manager.askDevicePermission({ audio: true, video: false });
    this.audioPermission = undefined;
    const access = await settle(asked, SETTLE_TIMEOUT_MS);
    await settle(this.selectAudio(manager, this.devices), SETTLE_TIMEOUT_MS);
    return access?.audio !== false;
  }

  /**
   * The devices as the SDK knows them (ids usable with `selectDevices`). Not part of the seam: the
   * setup screen lists devices with the browser's own APIs, which is faster than the SDK offline.
   */
  async listDevices(): Promise<{ cameras: DeviceInfo[]; microphones: DeviceInfo[]; speakers: DeviceInfo[] }> {
    this.assertAlive();
    const manager = await this.calling.devices();
    await manager.askDevicePermission({ audio: true, video: true }).catch(() => undefined);
    const plain = (devices: Array<{ id: string; name: string }>): DeviceInfo[] =>
      devices.map(({ id, name }) => ({ id, name }));
    const [cameras, microphones, speakers] = await Promise.all([
      manager.getCameras(),
      manager.getMicrophones(),
      manager.getSpeakers().catch(() => []),
    ]);
    return { cameras: plain(cameras), microphones: plain(microphones), speakers: plain(speakers) };
  }

  async createView(streamId: string): Promise<VideoView> {
    this.assertAlive();
    const stream = streamId === this.local.id ? this.local.stream : this.remoteStreams.get(streamId);
    if (!stream) throw new AcsError('operation-failed', 'No such video stream', { recoverable: true });
    return this.views.create(streamId, stream, stream === this.local.stream);
  }

  // --- meeting features -----------------------------------------------------------------------

  async raiseHand(): Promise<void> {
    assertAllowed(this.state, 'raiseHand');
    await this.withFeatures((features) => features.raiseHand());
  }

  async lowerHand(): Promise<void> {
    await this.withFeatures((features) => features.lowerHand());
  }

  async sendReaction(reaction: ReactionType): Promise<void> {
    assertAllowed(this.state, 'useReactions');
    await this.withFeatures((features) => features.sendReaction(reaction));
  }

  async startCaptions(spokenLanguage: string): Promise<void> {
    await this.withFeatures((features) => features.startCaptions(spokenLanguage));
  }

  async stopCaptions(): Promise<void> {
    await this.withFeatures((features) => features.stopCaptions());
  }

  async grantConsent(): Promise<void> {
    const features = this.features;
    if (!features) return;
    try {
      await features.grantConsent();
    } catch (error) {
      throw wrap('consent-failed', error, errorCode(error).code, true);
    }
    this.consentGranted = true;
    this.refresh();
  }

  async admit(participantId: string): Promise<void> {
    const call = this.requireCall();
    const participant = this.lobbyParticipants.get(participantId);
    if (!participant) return;
    try {
      await call.lobby.admit(participant.identifier);
    } catch (error) {
      throw wrap('operation-failed', error, errorCode(error).code, true);
    }
  }

  async reject(participantId: string): Promise<void> {
    const call = this.requireCall();
    const participant = this.lobbyParticipants.get(participantId);
    if (!participant) return;
    try {
      await call.lobby.reject(participant.identifier);
    } catch (error) {
      throw wrap('operation-failed', error, errorCode(error).code, true);
    }
  }

  // --- dispose --------------------------------------------------------------------------------

  dispose(): Promise<void> {
    this.disposing ??= this.disposeInOrder();
    return this.disposing;
  }

  private async disposeInOrder(): Promise<void> {
    this.supersede();
    this.clearJoinGuard();
    await this.calling.hangUpAndWait(this.call);
    if (this.state.phase !== 'ended' && this.state.phase !== 'setup') {
      this.end({ reason: 'local', code: 0, subCode: 0 });
    }
    this.detachCall();
    this.views.disposeAll();
    this.releaseLocalStream();
    this.releasePreview();
    // Agent before client; an agent still being created is not waited for (calling-agent.ts).
    await this.agent.dispose(false);
    // A device manager still being fetched is not waited for either: it then rejects, handled.
    await this.calling.dispose();
    this.store.clear();
  }

  // --- SDK objects ----------------------------------------------------------------------------

  private readonly onConnection = (args: { newValue: string; oldValue: string }) => {
    if (args.newValue === 'Disconnected' && args.oldValue === 'Connected') this.agentLost = true;
    if (args.newValue === 'Connected') this.agentLost = false;
    this.refresh();
  };

  private joinWith(agent: Agent, locator: JoinOptions['locator'], options: JoinCallOptions): AnyCall {
    if ('meetingLink' in locator) {
      const meeting = { meetingLink: locator.meetingLink };
      return agent.identity === 'teams' ? agent.agent.join(meeting, options) : agent.agent.join(meeting, options);
    }
    const meeting = { meetingId: locator.meetingId, passcode: locator.passcode };
    return agent.identity === 'teams' ? agent.agent.join(meeting, options) : agent.agent.join(meeting, options);
  }

  private async findCamera(cameraId?: string): Promise<VideoDeviceInfo | undefined> {
    const cameras = await (await this.calling.devices()).getCameras();
    return (cameraId ? findDevice(cameras, cameraId) : undefined) ?? cameras[0];
  }

  /** The local camera stream, created (or switched) to the chosen camera. */
  private async prepareCamera(): Promise<LocalVideoStream> {
    let camera: VideoDeviceInfo | undefined;
    try {
      const manager = await this.calling.devices();
      const access = await manager.askDevicePermission({ audio: false, video: true });
      if (!access.video) throw new AcsError('media-permission-denied', 'Camera permission denied', { recoverable: true });
      camera = await this.findCamera(this.devices.cameraId);
    } catch (error) {
      throw mediaError(error);
    }
    if (!camera) throw new AcsError('media-no-device', 'No camera found', { recoverable: true });
    if (this.local.stream) {
      if (this.local.stream.source.id !== camera.id) await this.local.stream.switchSource(camera);
      return this.local.stream;
    }
    this.calling.markMediaChange();
    return this.local.adopt(this.sdk.createLocalVideoStream(camera));
  }

  /** Here the camera going off counts as a media change for the dispose margin. */
  private releaseLocalStream(): void {
    if (this.local.stream) this.calling.markMediaChange();
    this.local.release();
  }

  // --- call events ----------------------------------------------------------------------------

  private attachCall(call: AnyCall): void {
    this.watch.attach(call);
    const selfId = this.state.selfId ?? this.agent.initial?.userId ?? 'self';
    this.features = new CallFeatures(call, this.sdk.Features, () => this.refresh(), selfId, this.now);
  }

  private disposeViewsOf(stream: RemoteVideoStream): void {
    for (const [id, known] of this.remoteStreams) {
      if (known !== stream) continue;
      this.views.disposeWhere((streamId) => streamId === id);
    }
  }

  /** Unsubscribes everything of the current call (not the agent) and forgets it. */
  private detachCall(): void {
    this.watch.detach();
    this.features?.dispose();
    this.features = undefined;
    this.remoteStreams.clear();
    this.lobbyParticipants.clear();
    this.call = undefined;
  }

  /** Rebuilds the snapshot from the call and its features. */
  private refresh(): void {
    const call = this.call;
    if (!call) return;
    const ended = callEndCode(call);
    if (ended) {
      const joining = this.state.phase === 'connecting';
      this.end({ reason: mapEndReason(ended.code, ended.subCode, { joining }), ...ended });
      return;
    }
    const features = this.features?.snapshot();
    const phase = this.phaseOf(call, features?.networkReconnecting ?? false);
    if (phase !== 'connecting') this.clearJoinGuard();

    const streams = new Map<string, RemoteVideoStream>();
    const raisedHands = features?.raisedHands ?? new Set<string>();
    const participants = call.remoteParticipants
      .filter((participant) => participant.state !== 'Disconnected')
      .map((participant) => participantSnapshot(participant, { streamIds: this.streamIds, streams, raisedHands }));
    this.remoteStreams = streams;

    const lobby = new Map<string, RemoteParticipant>();
    for (const participant of call.lobby.participants) lobby.set(identifierId(participant.identifier), participant);
    this.lobbyParticipants = lobby;

    const localVideo = call.isLocalVideoStarted && this.local.stream !== undefined;
    // Past `connecting` the SDK's own camera stream runs (or the call went on without one).
    if (phase !== 'connecting') this.releasePreview();
    const consentRequired = features?.consentRequired ?? false;
    const selfId = this.state.selfId ?? this.agent.initial?.userId;
    this.store.set({
      phase,
      end: undefined,
      threadId: readThreadId(call) ?? this.state.threadId,
      selfId,
      muted: call.isMuted,
      cameraOn: localVideo,
      localVideoStreamId: localVideo ? this.local.id : undefined,
      screenSharing: call.isScreenSharingOn,
      handRaised: raisedHands.has(selfId ?? 'self'),
      recording: features?.recording ?? 'off',
      transcription: features?.transcription ?? 'off',
      consentRequired,
      consentGranted: this.consentGranted,
      participants,
      lobby: [...lobby].map(([id, participant]) => ({ id, displayName: participant.displayName ?? '' })),
      canManageLobby: LOBBY_MANAGERS.has(call.role),
      dominantSpeakers: features?.dominantSpeakers ?? [],
      captions: features?.captions ?? { active: false, entries: [] },
      reactions: features?.reactions ?? [],
      diagnostics: this.diagnosticsWith(features?.diagnostics ?? []),
      network: networkOf(features?.network, participants),
      maxRemoteVideoStreams: features?.optimalVideoCount ?? this.state.maxRemoteVideoStreams,
      role: roleFrom(call.role),
      capabilities: features?.capabilities ?? this.state.capabilities,
    });
    if (consentRequired && !this.consentGranted) this.enforceConsent(call);
  }

  private phaseOf(call: AnyCall, networkReconnecting: boolean): MeetingPhase {
    switch (call.state) {
      case 'None':
      case 'Connecting':
      case 'Ringing':
      case 'EarlyMedia':
        return 'connecting';
      case 'InLobby':
        return 'lobby';
      case 'Connected':
      case 'LocalHold':
      case 'RemoteHold':
        return networkReconnecting || this.agentLost ? 'reconnecting' : 'connected';
      default:
        // Disconnecting: keep showing where we were until Disconnected arrives.
        return this.state.phase;
    }
  }

  private diagnosticsWith(fromSdk: string[]): string[] {
    if (!this.microphoneDenied || fromSdk.includes('microphonePermissionDenied')) return fromSdk;
    return [...fromSdk, 'microphonePermissionDenied'].sort();
  }

  /** Teams requires consent: the user stays muted with the camera off until they agree. */
  private enforceConsent(call: AnyCall): void {
    if (this.enforcingConsent) return;
    const steps: Promise<void>[] = [];
    if (!call.isMuted) steps.push(call.mute());
    const stream = this.local.stream;
    if (call.isLocalVideoStarted && stream) steps.push(call.stopVideo(stream));
    if (steps.length === 0) return;
    this.enforcingConsent = true;
    void Promise.allSettled(steps).then(() => {
      this.enforcingConsent = false;
      this.refresh();
    });
  }

  private end(end: EndInfo): void {
    this.clearJoinGuard();
    this.releasePreview();
    this.calling.markMediaChange();
    const call = this.call;
    this.detachCall();
    if (call) this.releaseLocalStream();
    this.store.replace(endedMeetingState(this.state, end, { cameraOn: this.local.stream !== undefined, localVideoStreamId: this.local.id }));
  }

  private armJoinGuard(attempt: number): void {
    this.joinGuard.arm(() => {
      if (attempt !== this.attempt || this.state.phase !== 'connecting') return;
      this.supersede();
      const call = this.call;
      this.end({ reason: 'network', code: CONNECT_TIMEOUT_CODE, subCode: 0 });
      hangUpAbandoned(this.calling, call);
    });
  }

  /** Starts a new attempt: async steps of the previous one see they are stale and stop. */
  private supersede(): number {
    this.attempt++;
    for (const resolve of this.supersededWaiters) resolve();
    this.supersededWaiters.clear();
    return this.attempt;
  }

  private whenSuperseded(attempt: number): Promise<undefined> {
    if (attempt !== this.attempt) return Promise.resolve(undefined);
    return new Promise((resolve) => this.supersededWaiters.add(() => resolve(undefined)));
  }

  private clearJoinGuard(): void {
    this.joinGuard.clear();
  }

  // --- helpers --------------------------------------------------------------------------------

  private releasePreview(): void {
    const preview = this.heldPreview;
    this.heldPreview = undefined;
    stopPreview(preview);
  }

  private refreshOrSet(patch: Partial<MeetingState>): void {
    if (this.activeCall()) this.refresh();
    else this.store.set(patch);
  }

  private inCall(): boolean {
    const phase = this.state.phase;
    return phase === 'connecting' || phase === 'lobby' || phase === 'connected' || phase === 'reconnecting';
  }

  private activeCall(): AnyCall | undefined {
    return liveCall(this.call);
  }

  private requireCall(): AnyCall {
    const call = this.activeCall();
    if (!call) throw new AcsError('operation-failed', 'Not in a meeting', { recoverable: true });
    return call;
  }

  private async withFeatures(run: (features: CallFeatures) => Promise<void>): Promise<void> {
    this.requireCall();
    const features = this.features;
    if (!features) throw new AcsError('operation-failed', 'Not in a meeting', { recoverable: true });
    try {
      await run(features);
    } catch (error) {
      throw wrap('operation-failed', error, errorCode(error).code, true);
    }
  }

  private assertConsent(): void {
    if (this.state.consentRequired && !this.consentGranted) {
      throw new AcsError('consent-required', 'Teams requires consent to recording first', { recoverable: true });
    }
  }

  private assertAlive(): void {
    if (this.disposing) throw new AcsError('operation-failed', 'The meeting service was disposed');
  }
}

/**
 * The SDK's device ids are the browser's `deviceId` with a kind prefix (`camera:…`, `microphone:…`,
 * `speaker:…`, seen in Chromium with 1.46.1); the setup screen lists devices with the browser's
 * own API, so both forms are accepted.
 */
export function sameDevice(sdkId: string, id: string): boolean {
  return sdkId === id || sdkId.slice(sdkId.indexOf(':') + 1) === id;
}

function findDevice<T extends { id: string }>(devices: T[], id: string): T | undefined {
  return devices.find((device) => sameDevice(device.id, id));
}

/** Network quality for the people in the meeting now (the SDK may still report someone who left). */
function networkOf(network: NetworkQuality | undefined, participants: readonly ParticipantSnapshot[]): NetworkQuality {
  if (!network) return unknownNetwork();
  const present = new Set(participants.map((participant) => participant.id));
  const kept = Object.entries(network.participants).filter(([id]) => present.has(id));
  return { self: network.self, participants: Object.fromEntries(kept) };
}

function readThreadId(call: AnyCall): string | undefined {
  try {
    return call.info.threadId || undefined;
  } catch {
    return undefined;
  }
}

let sdkLoad: Promise<CallingSdk> | undefined;

/** Starts downloading the SDK (e.g. when the element becomes visible) so Join is quick. */
export function preload(): Promise<CallingSdk> {
  sdkLoad ??= loadCallingSdk();
  sdkLoad.catch(() => {
    sdkLoad = undefined;
  });
  return sdkLoad;
}

export async function createAcsMeetingService(
  options: MeetingServiceOptions,
  deps?: Partial<AcsMeetingDeps>,
): Promise<AcsMeetingService> {
  const sdk = deps?.sdk ?? (await preload());
  const service = new AcsMeetingService(options, { ...deps, sdk });
  service.preload();
  return service;
}

/** Stops a handed-over preview stream (all its tracks); nothing when there is none. */
function stopPreview(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
