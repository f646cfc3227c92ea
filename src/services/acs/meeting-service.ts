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
import type { VideoEffect, VideoEffectsEngine } from '../video-effects.js';
import type { CallingEffects, CallingEffectsOptions } from './calling-effects.js';
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
import { AcsCallingAdapter } from './calling-adapter.js';
import { onAgentEvent, type Agent } from './calling-agent.js';
import { loadCallingSdk, muteCall, settle, SETTLE_TIMEOUT_MS } from './calling-client.js';
import { errorCode, mediaError, wrap } from './calling-errors.js';
import { roleFrom } from './calling-capabilities.js';
import { BreakoutTracker } from './calling-breakout.js';
import { CallFeatures } from './calling-features.js';
import { CallSpotlight } from './calling-spotlight.js';
import { identifierId, participantSnapshot } from './calling-participants.js';
import type { AnyCall, CallingSdk } from './calling-types.js';

import { liveCall } from './call-guard.js';
export { CONNECT_TIMEOUT_MS as JOIN_TIMEOUT_MS, CONNECT_TIMEOUT_CODE as JOIN_TIMEOUT_CODE } from './call-guard.js';
/**
 * Margin between the last media change and `callClient.dispose()`: disposing sooner makes the SDK
 * throw unhandled errors (`updateDevices` of undefined), see calling-client.ts.
 */
export const CLIENT_DISPOSE_GRACE_MS = 2_000;
/**
 * How long the end of the call being left may wait for the next one during a breakout move (the
 * SDK can end the main meeting's call before it announces the room's); after it, the end stands.
 */
export const BREAKOUT_MOVE_TIMEOUT_MS = 15_000;

const LOBBY_MANAGERS = new Set(['Organizer', 'Co-organizer', 'Presenter']);

export interface AcsMeetingDeps {
  sdk: CallingSdk;
  /** Guard for a join stuck before the lobby or the meeting (default `JOIN_TIMEOUT_MS`). */
  joinTimeoutMs?: number;
  /** Margin between the last join/hang-up and `callClient.dispose()` (default `CLIENT_DISPOSE_GRACE_MS`). */
  disposeGraceMs?: number;
  now?: () => number;
  /** Loads the effects adapter (default: the real one, `calling-effects-sdk.ts`, its own chunk). */
  loadEffects?: (devices: Pick<CallingEffectsOptions, 'camera' | 'microphone'>) => Promise<CallingEffects>;
}

export class AcsMeetingService extends AcsCallingAdapter<MeetingState> implements MeetingService {
  private agentLost = false;

  private features?: CallFeatures;
  private spotlight?: CallSpotlight;
  /** Breakout rooms: the room assigned, and the moves between the main meeting's call and a room's. */
  private readonly breakout: BreakoutTracker;
  private moveGuard?: ReturnType<typeof setTimeout>;
  /**
   * The main meeting's call while the user is in a room, when the SDK keeps it (on hold: Teams users
   * with a manager role; guests are taken out of it). Leaving the meeting hangs it up too.
   */
  private heldCall?: AnyCall;
  /** This service takes the setup preview's camera over at Join (see JoinOptions.preview). */
  readonly takesPreview = true;
  private remoteStreams = new Map<string, RemoteVideoStream>();
  private lobbyParticipants = new Map<string, RemoteParticipant>();

  private devices: JoinOptions['devices'] = {};
  /** The camera choice while no call exists yet (setup, or a join waiting for its agent). */
  private cameraWanted = false;
  /** The effects adapter, loaded (with @azure/communication-calling-effects) on first use. */
  private effects?: Promise<CallingEffects>;
  private readonly effectsLoader: NonNullable<AcsMeetingDeps['loadEffects']>;
  /** Noise suppression was applied to this call's microphone (once it connected). */
  private noiseApplied = false;
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

  constructor(options: MeetingServiceOptions, deps: AcsMeetingDeps) {
    super(initialMeetingState(), options, deps, {
      noun: 'meeting',
      connectTimeoutMs: deps.joinTimeoutMs,
      defaultDisposeGraceMs: CLIENT_DISPOSE_GRACE_MS,
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
    });
    this.breakout = new BreakoutTracker(this.sdk.Features, { changed: () => this.refresh(), moveTo: (call) => this.moveTo(call) }, this.now);
    this.effectsLoader = deps.loadEffects ?? ((devices) => import('./calling-effects-sdk.js').then((module) => module.createCallingEffects(devices)));
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
    if (this.identity === 'acs' && !name) return;
    void this.agent.ensure(name, { displayName: name }, true).catch(() => undefined);
  }

  /** SDK listeners currently attached, for leak checks. */
  get listenerCount(): number {
    return this.agent.listeners.size + this.watch.size + (this.features?.listenerCount ?? 0) + (this.spotlight?.listenerCount ?? 0) + this.breakout.listenerCount;
  }

  // --- join and leave -------------------------------------------------------------------------

  async join(options: JoinOptions): Promise<void> {
    if (this.disposing || this.inCall() || !options.cameraOn) stopPreview(options.preview);
    this.assertAlive();
    if (this.inCall()) throw new AcsError('operation-failed', 'Already in a meeting', { recoverable: true });
    this.releasePreview();
    if (options.cameraOn) this.heldPreview = options.preview;
    this.detachCall();
    this.breakout.reset();
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
      videoEffect: options.videoEffect ?? before.videoEffect,
      noiseSuppression: options.noiseSuppression ?? before.noiseSuppression,
    });
    this.noiseApplied = false;
    this.armConnectGuard(attempt);

    let agent: Agent | undefined;
    try {
      // A leave, dispose or join timeout does not wait for the agent (7-14 s offline).
      agent = await Promise.race([
        this.agent.ensure(options.displayName, { displayName: options.displayName }, true),
        this.whenSuperseded(attempt),
      ]);
    } catch (error) {
      if (attempt !== this.attempt) return;
      this.releasePreview();
      // Token, media or load problems: back to setup, where the user (or the page) can fix them.
      throw this.agentFailed(error, { ...before, phase: 'setup', end: undefined });
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
    // The effect picked on the setup screen goes on before the camera is sent. A failure does not
    // stop the join: the snapshot says 'none' again, which the element reports.
    if (camera && this.state.videoEffect !== 'none') {
      await this.applyVideoEffect(camera, this.state.videoEffect).catch(() => this.store.set({ videoEffect: 'none' }));
      if (attempt !== this.attempt || this.disposing) return;
    }

    const joinOptions: JoinCallOptions = { audioOptions: { muted: this.state.muted } };
    // Never `videoOptions: {localVideoStreams: []}`: the SDK then hangs in `None` for a minute.
    if (camera) joinOptions.videoOptions = { localVideoStreams: [camera] };
    try {
      this.calling.markMediaChange();
      // User Timing for the page's own measurements (bench:meeting reads it); no data in it.
      performance.mark?.('acs-teams-meeting:sdk-join');
      this.call = this.joinWith(agent, options.locator, joinOptions);
    } catch (error) {
      this.clearConnectGuard();
      const { code = 0, subCode = 0 } = errorCode(error);
      this.end({ reason: mapEndReason(code, subCode, { joining: true }), code, subCode });
      throw wrap('join-failed', error, code, true);
    }
    this.attachCall(this.call);
    this.refresh();
  }

  async leave(): Promise<void> {
    const call = this.call;
    const held = this.heldCall;
    this.heldCall = undefined;
    this.supersede();
    this.clearConnectGuard();
    await Promise.all([this.calling.hangUp(call), this.calling.hangUp(held)]);
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
      this.refreshOr({ cameraOn: false, localVideoStreamId: undefined });
      return;
    }
    const stream = await this.prepareCamera();
    await this.local.startOn(call, stream);
    this.refreshOr({ cameraOn: true, localVideoStreamId: this.local.id });
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

  async startSpotlight(): Promise<void> {
    assertAllowed(this.state, 'spotlightParticipant');
    await this.withSpotlight((spotlight) => spotlight.startSelf(this.state.selfId));
  }

  async stopSpotlight(): Promise<void> {
    // A call without the Spotlight feature has nobody in the spotlight: nothing to stop.
    if (this.activeCall() && !this.spotlight) return;
    await this.withSpotlight((spotlight) => spotlight.stopSelf(this.state.selfId));
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
    await this.withLobby(participantId, (lobby, who) => lobby.admit(who));
  }

  async reject(participantId: string): Promise<void> {
    await this.withLobby(participantId, (lobby, who) => lobby.reject(who));
  }

  /** Runs a lobby command for someone waiting there (nothing when they are gone already). */
  private async withLobby(participantId: string, run: (lobby: AnyCall['lobby'], who: RemoteParticipant['identifier']) => Promise<void>): Promise<void> {
    const call = this.requireCall();
    const participant = this.lobbyParticipants.get(participantId);
    if (!participant) return;
    try {
      await run(call.lobby, participant.identifier);
    } catch (error) {
      throw wrap('operation-failed', error, errorCode(error).code, true);
    }
  }

  async joinBreakoutRoom(): Promise<void> {
    this.requireCall();
    try {
      await this.breakout.join();
    } catch (error) {
      throw wrap('operation-failed', error, errorCode(error).code, true);
    }
  }

  async returnToMainMeeting(): Promise<void> {
    this.requireCall();
    try {
      await this.breakout.returnToMain();
    } catch (error) {
      throw wrap('operation-failed', error, errorCode(error).code, true);
    }
  }

  // --- dispose --------------------------------------------------------------------------------

  protected async disposeInOrder(): Promise<void> {
    this.supersede();
    this.clearConnectGuard();
    const held = this.heldCall;
    this.heldCall = undefined;
    await Promise.all([this.calling.hangUpAndWait(this.call), this.calling.hangUpAndWait(held)]);
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

  // --- effects -----------------------------------------------------------------------------------

  videoEffects(): Promise<VideoEffectsEngine> {
    return this.loadEffects();
  }

  async setVideoEffect(effect: VideoEffect): Promise<void> {
    this.assertAlive();
    const previous = this.state.videoEffect;
    this.store.set({ videoEffect: effect });
    const stream = this.local.stream;
    if (!stream || (effect === 'none' && previous === 'none')) return;
    try {
      await this.applyVideoEffect(stream, effect);
    } catch (error) {
      this.store.set({ videoEffect: previous });
      throw error;
    }
  }

  async setNoiseSuppression(on: boolean): Promise<void> {
    this.assertAlive();
    const previous = this.state.noiseSuppression;
    this.store.set({ noiseSuppression: on });
    const microphone = this.activeCall()?.localAudioStreams[0];
    if (!microphone) return;
    try {
      await (await this.loadEffects()).applyNoiseSuppression(microphone, on);
      this.noiseApplied = on;
    } catch (error) {
      this.store.set({ noiseSuppression: previous });
      throw error;
    }
  }

  private loadEffects(): Promise<CallingEffects> {
    this.effects ??= this.effectsLoader({
      camera: (deviceId) => this.findCamera(deviceId ?? this.devices.cameraId),
      microphone: async () => {
        const manager = await this.calling.devices();
        return manager.selectedMicrophone ?? (await manager.getMicrophones())[0];
      },
    }).catch(
      (error: unknown) => {
        this.effects = undefined;
        throw new AcsError('sdk-load-failed', 'The background effects could not be loaded', { recoverable: true, cause: error });
      },
    );
    return this.effects;
  }

  private async applyVideoEffect(stream: LocalVideoStream, effect: VideoEffect): Promise<void> {
    await (await this.loadEffects()).applyVideo(stream, effect);
  }

  /** Noise suppression chosen before the call goes on the call's microphone once it connected. */
  private applyNoiseOnConnect(call: AnyCall): void {
    if (this.noiseApplied || !this.state.noiseSuppression) return;
    const microphone = call.localAudioStreams[0];
    if (!microphone) return;
    this.noiseApplied = true;
    void this.loadEffects()
      .then((effects) => effects.applyNoiseSuppression(microphone, true))
      .catch(() => {
        if (this.call === call) this.store.set({ noiseSuppression: false });
      });
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
    this.spotlight = CallSpotlight.attach(call, this.sdk.Features, () => this.refresh());
    this.breakout.attach(call);
  }

  /**
   * Into a breakout room's call, or back to the main meeting's: the snapshot follows the call the
   * user is in now, with no end in between (the meeting goes on).
   */
  private moveTo(call: AnyCall): void {
    if (call === this.call) return;
    const left = this.call;
    this.clearMoveGuard();
    this.detachCall();
    this.heldCall = this.breakout.inBreakoutRoom ? liveCall(this.heldCall ?? left) : undefined;
    this.call = call;
    this.attachCall(call);
    this.refresh();
  }

  private clearMoveGuard(): void {
    clearTimeout(this.moveGuard);
    this.moveGuard = undefined;
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
    this.spotlight?.dispose();
    this.spotlight = undefined;
    this.remoteStreams.clear();
    this.lobbyParticipants.clear();
    this.call = undefined;
  }

  protected callEnded(code: number, subCode: number): void {
    const call = this.call;
    if (this.breakout.moving) {
      // The call being left ended before the next one was announced: wait for it, a while.
      this.moveGuard ??= setTimeout(() => {
        this.moveGuard = undefined;
        if (this.call === call) this.end({ reason: mapEndReason(code, subCode), code, subCode });
      }, BREAKOUT_MOVE_TIMEOUT_MS);
      return;
    }
    const joining = this.state.phase === 'connecting';
    this.end({ reason: mapEndReason(code, subCode, { joining }), code, subCode });
  }

  /** The snapshot from the call and its features. */
  protected rebuild(call: AnyCall): void {
    const features = this.features?.snapshot();
    const phase = this.phaseOf(call, features?.networkReconnecting ?? false);
    if (phase !== 'connecting') this.clearConnectGuard();

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
      // The meeting's own thread; in a room, the room's comes with `breakoutRoom`.
      threadId: this.breakout.inBreakoutRoom ? this.state.threadId : (readThreadId(call) ?? this.state.threadId),
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
      spotlightedParticipants: this.spotlight?.participantIds ?? [],
      role: roleFrom(call.role),
      capabilities: features?.capabilities ?? this.state.capabilities,
      breakoutRoom: this.breakout.snapshot(),
    });
    if (consentRequired && !this.consentGranted) this.enforceConsent(call);
    if (phase === 'connected') this.applyNoiseOnConnect(call);
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
    this.clearConnectGuard();
    this.clearMoveGuard();
    this.breakout.reset();
    const held = this.heldCall;
    this.heldCall = undefined;
    void this.calling.hangUp(held);
    this.releasePreview();
    this.calling.markMediaChange();
    const call = this.call;
    this.detachCall();
    if (call) this.releaseLocalStream();
    this.store.replace(endedMeetingState(this.state, end, { cameraOn: this.local.stream !== undefined, localVideoStreamId: this.local.id }));
  }

  protected endAsNetworkFailure(code: number, subCode: number): void {
    this.end({ reason: 'network', code, subCode });
  }

  // --- helpers --------------------------------------------------------------------------------

  private releasePreview(): void {
    const preview = this.heldPreview;
    this.heldPreview = undefined;
    stopPreview(preview);
  }

  private inCall(): boolean {
    const phase = this.state.phase;
    return phase === 'connecting' || phase === 'lobby' || phase === 'connected' || phase === 'reconnecting';
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

  private async withSpotlight(run: (spotlight: CallSpotlight) => Promise<void>): Promise<void> {
    this.requireCall();
    const spotlight = this.spotlight;
    if (!spotlight) throw new AcsError('not-allowed', 'This call has no spotlight', { recoverable: true, status: 403 });
    try {
      await run(spotlight);
    } catch (error) {
      throw isAcsError(error) ? error : wrap('operation-failed', error, errorCode(error).code, true);
    }
  }

  private assertConsent(): void {
    if (this.state.consentRequired && !this.consentGranted) {
      throw new AcsError('consent-required', 'Teams requires consent to recording first', { recoverable: true });
    }
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
