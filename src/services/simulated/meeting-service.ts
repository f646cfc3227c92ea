/**
 * The emulator's meeting backend behind the MeetingService seam: talks to the simulated Teams
 * meeting over the emulator's WebSocket (docs/emulator-protocol.md). The local camera and screen
 * share are real browser media; remote participants' video is drawn on canvases.
 *
 * Chosen by load-meeting-service.ts when the token response says the endpoint is the emulator;
 * a production page never downloads this module. It never logs the token or the meeting locator.
 */
import { backoffDelay } from '../../core/backoff.js';
import { AcsError, isAcsError, type AcsErrorCode } from '../../core/errors.js';
import { mapEndReason } from '../../core/end-reasons.js';
import { worseNetwork } from '../network-quality.js';
import {
  allCapabilities,
  type MeetingCapabilities,
  type BreakoutRoom,
  type MeetingRole,
  type NetworkLevel,
  type NetworkQuality,
  endedMeetingState,
  initialMeetingState,
  type CaptionEntry,
  type ComplianceStatus,
  type EndInfo,
  type JoinOptions,
  type MeetingService,
  type MeetingLocator,
  type MeetingPreview,
  type MeetingServiceOptions,
  type MeetingState,
  type ParticipantKind,
  type ParticipantSnapshot,
  type ReactionEntry,
  type ReactionType,
  type VideoView,
} from '../meeting-service.js';
import { assertAllowed } from '../capabilities.js';
import { EmulatorSocket, ProtocolError, socketUrl, type ServerMessage } from './emulator-socket.js';
import { stopStream } from './media.js';
import { SimulatedService } from './simulated-service.js';
import { createLocalView, createSyntheticView } from './synthetic-video.js';
import type { VideoEffect, VideoEffectsEngine } from '../video-effects.js';
import type { CanvasEffect } from './canvas-effects.js';

/** How long we keep trying to get back into the meeting after the connection drops. */
export const RECONNECT_LIMIT_MS = 30_000;
const REACTION_LIFETIME_MS = 8_000;
const MAX_REACTIONS = 30;
const MAX_CAPTIONS = 8;
/** A leave waits this long for the server's `ended` before ending locally anyway. */
const LEAVE_TIMEOUT_MS = 3_000;

/** The network failure we report when the emulator cannot be reached at all. */
const UNREACHABLE: EndInfo = { reason: 'network', code: 490, subCode: 4502 };
/** The connection dropped and could not be resumed. */
const DROPPED: EndInfo = { reason: 'network', code: 410, subCode: 3101 };

/** The `state` message's payload (see the protocol reference). */
interface ServerView {
  phase: 'lobby' | 'connected';
  threadId: string;
  selfId: string;
  displayName: string;
  muted: boolean;
  video: boolean;
  screenSharing: boolean;
  handRaised: boolean;
  recording: boolean;
  transcription: boolean;
  consentRequired: boolean;
  consentGranted: boolean;
  canManageLobby: boolean;
  /** Absent from emulators older than issue 14: everything is then allowed. */
  role?: MeetingRole;
  capabilities?: MeetingCapabilities;
  /** The local connection as the console set it; absent from emulators older than issue 14. */
  network?: NetworkLevel;
  lobby: { id: string; displayName: string }[];
  participants: {
    id: string;
    displayName: string;
    kind: string;
    state: 'connected' | 'connecting';
    muted: boolean;
    video: boolean;
    handRaised: boolean;
    speaking: boolean;
    screenSharing: boolean;
    network?: NetworkLevel;
  }[];
  dominantSpeakers: string[];
  captions: { active: boolean; language: string };
  /** Spotlighted participant ids in spotlight order; absent from emulators older than the spotlight. */
  spotlight?: string[];
  /** The meeting's optimal video count (the SDK's `OptimalVideoCount`); absent from older emulators. */
  optimalVideoCount?: number;
  /** The assigned breakout room while rooms are open; absent from emulators older than issue 14. */
  breakoutRoom?: { id: string; name: string; threadId: string; endsAt?: number; autoJoin: boolean; canReturn: boolean; state: 'assigned' | 'joined' } | null;
}

/** The server's room as the seam's, read defensively (a malformed one counts as none). */
function breakoutRoomOf(view: ServerView['breakoutRoom']): BreakoutRoom | null {
  if (!view || typeof view.id !== 'string' || typeof view.threadId !== 'string') return null;
  return {
    id: view.id,
    name: typeof view.name === 'string' ? view.name : '',
    threadId: view.threadId,
    ...(typeof view.endsAt === 'number' && Number.isFinite(view.endsAt) ? { endsAt: view.endsAt } : {}),
    autoJoin: view.autoJoin === true,
    canReturn: view.canReturn === true,
    state: view.state === 'joined' ? 'joined' : 'assigned',
  };
}

export function createSimulatedMeetingService(options: MeetingServiceOptions): MeetingService {
  return new SimulatedMeetingService(options);
}

function compliance(active: boolean, previous: ComplianceStatus): ComplianceStatus {
  if (active) return 'on';
  return previous === 'off' ? 'off' : 'stopped';
}

const NETWORK_LEVELS: readonly NetworkLevel[] = ['good', 'poor', 'bad'];
function levelOf(level: unknown): NetworkLevel {
  return NETWORK_LEVELS.find((known) => known === level) ?? 'unknown';
}

function networkOf(view: ServerView): NetworkQuality {
  const participants: Record<string, NetworkLevel> = {};
  for (const p of view.participants) {
    const level = levelOf(p.network);
    if (level !== 'unknown') participants[p.id] = level;
  }
  return { self: levelOf(view.network), participants };
}

function kindOf(kind: string): ParticipantKind {
  return kind === 'teams' || kind === 'acs' || kind === 'phone' ? kind : 'unknown';
}

function protocolToAcsError(error: unknown): AcsError {
  if (isAcsError(error)) return error;
  if (error instanceof ProtocolError) {
    const code: AcsErrorCode =
      error.code === 'ConsentRequired'
        ? 'consent-required'
        : error.code === 'MeetingRestricted' || error.code === 'RoleRestricted' || error.code === 'SpotlightFull' || error.code === 'ReturnNotAllowed'
          ? 'not-allowed'
          : 'operation-failed';
    return new AcsError(code, error.message, { recoverable: true, cause: error, status: error.status ?? (error.code === 'Forbidden' ? 403 : undefined) });
  }
  return new AcsError('operation-failed', error instanceof Error ? error.message : 'The meeting did not answer', { recoverable: true, cause: error });
}

export class SimulatedMeetingService extends SimulatedService<MeetingState> implements MeetingService {
  private socket?: EmulatorSocket;
  private sessionId?: string;
  /** The current socket carried a join (or resume): a leave must go to the server. */
  private joinSent = false;
  /** A `joinBreakoutRoom` is on its way to the server. */
  private joiningRoom = false;
  private endpoint?: string;
  /** Increases with every join, leave and end: a stale async step sees it was superseded. */
  private attempt = 0;
  private devices: JoinOptions['devices'] = {};

  private screen?: MediaStream;
  /** The camera with the background effect drawn on it, while an effect is (or was) on. */
  private processed?: CanvasEffect;
  readonly takesPreview = true;

  private reactionTimer?: ReturnType<typeof setTimeout>;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private reconnectDeadline = 0;
  private reconnectAttempt = 0;
  private reactionSeq = 0;
  private pendingEnd?: (info: EndInfo) => void;
  /** Camera/screen commands in flight: until acknowledged, the server's view of them is stale. */
  private mediaCommands = 0;

  constructor(options: MeetingServiceOptions) {
    super(initialMeetingState(), options, 'meeting');
  }

  // --- pre-join -----------------------------------------------------------------------------------

  /**
   * Asks the emulator what it knows of the meeting (topic, guests allowed) over a short-lived
   * socket of its own (docs/emulator-protocol.md, "Pre-join lookup"). Undefined when it cannot tell.
   */
  async lookup(locator: MeetingLocator): Promise<MeetingPreview | undefined> {
    if (this.disposed) return undefined;
    let socket: EmulatorSocket | undefined;
    try {
      const token = await this.session.current();
      if (!token.endpoint || this.disposed) return undefined;
      socket = new EmulatorSocket(socketUrl(token.endpoint), () => undefined);
      const ready = await socket.authenticate(token.token);
      if (ready.type !== 'ready') return undefined;
      const reply = socket.waitFor((message) => message.type === 'lookup');
      socket.sendRaw({ type: 'lookup', locator });
      const answer = await reply;
      if (answer.found !== true) return undefined;
      return {
        ...(typeof answer.topic === 'string' && answer.topic ? { topic: answer.topic } : {}),
        ...(typeof answer.guestsAllowed === 'boolean' ? { guestsAllowed: answer.guestsAllowed } : {}),
      };
    } catch {
      return undefined;
    } finally {
      socket?.close();
    }
  }

  // --- join, leave, end --------------------------------------------------------------------------

  async join(options: JoinOptions): Promise<void> {
    if (this.disposed) stopStream(options.preview);
    this.assertAlive();
    const phase = this.state.phase;
    if (phase !== 'setup' && phase !== 'ended') {
      stopStream(options.preview);
      throw new AcsError('operation-failed', 'Already in a meeting', { recoverable: true });
    }
    // The setup preview's camera becomes the call's: held from now on, released with the camera
    // (end, dispose, camera off) like one this service opened.
    const handedId = options.preview && options.cameraOn ? this.camera.adopt(options.preview) : undefined;
    if (!options.cameraOn) stopStream(options.preview);
    const attempt = ++this.attempt;
    const before = this.state;
    this.devices = { ...this.devices, ...options.devices };
    this.sessionId = undefined;
    this.store.replace({
      ...initialMeetingState(),
      phase: 'connecting',
      displayName: options.displayName,
      muted: options.muted,
      cameraOn: before.cameraOn && Boolean(this.camera.stream),
      localVideoStreamId: this.camera.stream ? before.localVideoStreamId : undefined,
      videoEffect: options.videoEffect ?? before.videoEffect,
      noiseSuppression: options.noiseSuppression ?? before.noiseSuppression,
    });

    let token;
    try {
      token = await this.session.current();
    } catch (error) {
      if (attempt !== this.attempt) return;
      this.store.replace({ ...before });
      throw isAcsError(error) ? error : new AcsError('token-unreachable', 'No token', { recoverable: true, cause: error });
    }
    if (attempt !== this.attempt) return;
    if (!token.endpoint) {
      this.store.replace({ ...before });
      throw new AcsError('join-failed', 'The token response names no emulator endpoint');
    }
    this.endpoint = token.endpoint;

    if (handedId && this.camera.stream) {
      await this.cameraStarted(handedId);
      if (attempt !== this.attempt) return;
    } else if (options.cameraOn && !this.camera.stream) {
      // As with the real SDK, a camera that cannot start does not stop the join.
      await this.startCamera().catch(() => undefined);
      if (attempt !== this.attempt) return;
    }

    const socket = new EmulatorSocket(socketUrl(token.endpoint), (message) => this.onServerMessage(socket, message));
    this.socket = socket;
    socket.onClose((expected) => this.onSocketClosed(socket, expected));
    let ready: ServerMessage;
    try {
      ready = await socket.authenticate(token.token);
    } catch {
      if (attempt === this.attempt && this.socket === socket) this.end(UNREACHABLE);
      return;
    }
    if (attempt !== this.attempt || ready.type !== 'ready') return;
    this.tokenRefresh.schedule(socket, token.expiresOn);
    this.joinSent = true;
    socket.sendRaw({
      type: 'join',
      locator: options.locator,
      displayName: options.displayName,
      muted: options.muted,
      cameraOn: Boolean(this.camera.stream),
    });
  }

  async leave(): Promise<void> {
    const phase = this.state.phase;
    if (phase === 'setup' || phase === 'ended') return;
    const socket = this.socket;
    // Sent after a join on the same socket, a leave is handled after it, even before `joined`.
    if (socket?.isOpen && this.joinSent) {
      const ended = new Promise<EndInfo | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), LEAVE_TIMEOUT_MS);
        this.pendingEnd = (info) => {
          clearTimeout(timer);
          resolve(info);
        };
      });
      socket.sendRaw({ type: 'leave' });
      const info = await ended;
      this.pendingEnd = undefined;
      if (this.state.phase !== 'ended') this.end(info ?? { reason: 'local', code: 0, subCode: 0 });
      return;
    }
    // Still connecting, or reconnecting: there is nobody to tell; stop and end here.
    this.end({ reason: 'local', code: 0, subCode: 0 });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    if (this.state.phase !== 'setup' && this.state.phase !== 'ended') await this.leave().catch(() => undefined);
    this.disposed = true;
    this.attempt += 1;
    this.teardownConnection();
    this.releaseCamera();
    this.releaseScreen();
    this.views.dispose();
    clearTimeout(this.reactionTimer);
    this.store.clear();
  }

  /** Ends the call for this user: media off, connection closed, `phase: 'ended'`. */
  private end(info: EndInfo): void {
    if (this.state.phase === 'ended') return;
    this.attempt += 1;
    this.pendingEnd?.(info);
    this.teardownConnection();
    this.releaseCamera();
    this.releaseScreen();
    this.views.dispose();
    this.store.replace(endedMeetingState(this.state, info, { muted: true, cameraOn: false, localVideoStreamId: undefined }));
  }

  private teardownConnection(): void {
    this.tokenRefresh.cancel();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
    this.sessionId = undefined;
    this.joinSent = false;
  }

  // --- server messages ---------------------------------------------------------------------------

  private onServerMessage(socket: EmulatorSocket, message: ServerMessage): void {
    if (socket !== this.socket) return;
    switch (message.type) {
      case 'joined':
        this.sessionId = String(message.sessionId);
        this.store.set({
          selfId: String(message.selfId),
          threadId: String(message.threadId),
          diagnostics: this.state.diagnostics.filter((d) => d !== 'networkReconnect'),
        });
        return;
      case 'state':
        this.applyView(message.state as ServerView);
        return;
      case 'reaction':
        this.addReaction(String(message.participantId), message.reaction as ReactionType);
        return;
      case 'caption':
        this.addCaption(message.caption as CaptionEntry & { speakerId: string });
        return;
      case 'ended': {
        const code = Number(message.code);
        const subCode = Number(message.subCode);
        this.end({ reason: mapEndReason(code, subCode, { joining: !this.sessionId && this.state.phase === 'connecting' }), code, subCode });
        return;
      }
      default:
    }
  }

  private applyView(view: ServerView): void {
    const previous = this.state;
    // The server may turn media off (explicit consent): the local devices follow it.
    if (this.mediaCommands === 0) {
      if (!view.video && this.camera.stream) this.releaseCamera();
      if (!view.screenSharing && this.screen) this.releaseScreen();
    }
    const participants: ParticipantSnapshot[] = view.participants.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      kind: kindOf(p.kind),
      state: p.state,
      muted: p.muted,
      speaking: p.speaking,
      handRaised: p.handRaised,
      ...(p.video ? { videoStreamId: `video:${p.id}` } : {}),
      ...(p.screenSharing ? { screenShareStreamId: `screen:${p.id}` } : {}),
    }));
    const captionsActive = view.captions.active;
    this.store.replace({
      ...previous,
      phase: view.phase,
      threadId: view.threadId,
      selfId: view.selfId,
      displayName: view.displayName,
      muted: view.muted,
      cameraOn: Boolean(this.camera.stream),
      localVideoStreamId: this.camera.stream ? previous.localVideoStreamId : undefined,
      screenSharing: Boolean(this.screen) && view.screenSharing,
      handRaised: view.handRaised,
      recording: compliance(view.recording, previous.recording),
      transcription: compliance(view.transcription, previous.transcription),
      consentRequired: view.consentRequired,
      consentGranted: view.consentGranted,
      participants,
      lobby: view.lobby.map((l) => ({ id: l.id, displayName: l.displayName })),
      canManageLobby: view.canManageLobby,
      role: view.role ?? 'unknown',
      capabilities: { ...allCapabilities(), ...view.capabilities },
      dominantSpeakers: [...view.dominantSpeakers],
      spotlightedParticipants: Array.isArray(view.spotlight) ? view.spotlight.filter((id) => typeof id === 'string') : [],
      maxRemoteVideoStreams:
        Number.isInteger(view.optimalVideoCount) && Number(view.optimalVideoCount) > 0 ? Number(view.optimalVideoCount) : previous.maxRemoteVideoStreams,
      captions: { active: captionsActive, entries: captionsActive ? previous.captions.entries : [] },
      diagnostics: previous.diagnostics.filter((d) => d !== 'networkReconnect'),
      network: networkOf(view),
      breakoutRoom: this.roomFrom(view, previous.breakoutRoom),
    });
  }

  /** The server's room; a join under way stays 'joining' until the server says 'joined'. */
  private roomFrom(view: ServerView, previous: BreakoutRoom | null): BreakoutRoom | null {
    const room = breakoutRoomOf(view.breakoutRoom);
    if (room && room.state === 'assigned' && previous?.state === 'joining' && previous.id === room.id && this.joiningRoom) return { ...room, state: 'joining' };
    return room;
  }

  private addReaction(participantId: string, reaction: ReactionType): void {
    const at = Date.now();
    const entry: ReactionEntry = { id: `reaction-${++this.reactionSeq}`, participantId, reaction, at };
    const kept = this.state.reactions.filter((r) => at - r.at < REACTION_LIFETIME_MS);
    this.store.set({ reactions: [...kept, entry].slice(-MAX_REACTIONS) });
    this.schedulePruneReactions();
  }

  private schedulePruneReactions(): void {
    clearTimeout(this.reactionTimer);
    this.reactionTimer = setTimeout(() => {
      const now = Date.now();
      const kept = this.state.reactions.filter((r) => now - r.at < REACTION_LIFETIME_MS);
      if (kept.length !== this.state.reactions.length) this.store.set({ reactions: kept });
      if (kept.length) this.schedulePruneReactions();
    }, REACTION_LIFETIME_MS);
  }

  private addCaption(caption: CaptionEntry & { speakerId: string }): void {
    if (!this.state.captions.active) return;
    const entry: CaptionEntry = { id: caption.id, speakerName: caption.speakerName, text: caption.text, final: caption.final };
    const entries = this.state.captions.entries.filter((e) => e.id !== entry.id);
    this.store.set({ captions: { active: true, entries: [...entries, entry].slice(-MAX_CAPTIONS) } });
  }

  // --- connection loss and resume ----------------------------------------------------------------

  private onSocketClosed(socket: EmulatorSocket, expected: boolean): void {
    if (socket !== this.socket || expected || this.state.phase === 'ended') return;
    this.socket = undefined;
    this.joinSent = false;
    if (!this.sessionId) {
      // Never got into the meeting: nothing to resume.
      this.end(UNREACHABLE);
      return;
    }
    this.reconnectDeadline = Date.now() + RECONNECT_LIMIT_MS;
    this.reconnectAttempt = 0;
    // As the SDK's networkReconnect (Poor) says while media transport is lost.
    this.store.set({
      phase: 'reconnecting',
      diagnostics: [...new Set([...this.state.diagnostics, 'networkReconnect'])],
      network: { ...this.state.network, self: worseNetwork(this.state.network.self, 'poor') },
    });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = backoffDelay(this.reconnectAttempt++, { baseMs: 500, capMs: 4_000 });
    if (Date.now() + delay > this.reconnectDeadline) {
      this.end(DROPPED);
      return;
    }
    this.reconnectTimer = setTimeout(() => void this.tryResume(), delay);
  }

  private async tryResume(): Promise<void> {
    const attempt = this.attempt;
    const sessionId = this.sessionId;
    if (!sessionId || this.state.phase !== 'reconnecting') return;
    let token;
    try {
      token = await this.session.current();
    } catch {
      if (attempt === this.attempt) this.scheduleReconnect();
      return;
    }
    if (attempt !== this.attempt) return;
    const socket = new EmulatorSocket(socketUrl(token.endpoint ?? this.endpoint ?? ''), (message) => this.onServerMessage(socket, message));
    this.socket = socket;
    let ready: ServerMessage;
    try {
      ready = await socket.authenticate(token.token);
    } catch {
      if (attempt !== this.attempt) return;
      this.socket = undefined;
      socket.close();
      this.scheduleReconnect();
      return;
    }
    if (attempt !== this.attempt || ready.type !== 'ready') return;
    socket.onClose((expected) => this.onSocketClosed(socket, expected));
    this.tokenRefresh.schedule(socket, token.expiresOn);
    this.joinSent = true;
    socket.sendRaw({ type: 'resume', sessionId });
  }

  // --- commands ----------------------------------------------------------------------------------

  private inCall(): boolean {
    return Boolean(this.socket?.isOpen && this.sessionId) && (this.state.phase === 'connected' || this.state.phase === 'lobby');
  }

  private async command(message: Record<string, unknown>): Promise<void> {
    const socket = this.socket;
    if (!socket || !this.inCall()) throw new AcsError('operation-failed', 'Not in a meeting', { recoverable: true });
    try {
      await socket.request(message);
    } catch (error) {
      throw protocolToAcsError(error);
    }
  }

  /** A camera or screen command: local media changes first, the server's view catches up. */
  private async mediaCommand(message: Record<string, unknown>): Promise<void> {
    this.mediaCommands += 1;
    try {
      await this.command(message);
    } finally {
      this.mediaCommands -= 1;
    }
  }

  private assertConsent(): void {
    if (this.state.consentRequired && !this.state.consentGranted) {
      throw new AcsError('consent-required', 'Teams requires consent to recording first', { recoverable: true });
    }
  }

  async setMuted(muted: boolean): Promise<void> {
    this.assertAlive();
    if (!muted) this.assertConsent();
    if (!muted) assertAllowed(this.state, 'unmuteMic');
    if (!this.inCall()) {
      this.store.set({ muted });
      return;
    }
    await this.command({ type: 'mute', muted });
  }

  async setCameraOn(on: boolean): Promise<void> {
    this.assertAlive();
    if (!on) {
      if (this.turnCameraOff() && this.inCall()) await this.mediaCommand({ type: 'camera', on: false });
      return;
    }
    this.assertConsent();
    assertAllowed(this.state, 'turnVideoOn');
    if (this.camera.stream && this.state.cameraOn) return;
    this.mediaCommands += 1;
    try {
      if (!this.camera.stream) await this.startCamera();
    } finally {
      this.mediaCommands -= 1;
    }
    if (this.inCall()) {
      try {
        await this.mediaCommand({ type: 'camera', on: true });
      } catch (error) {
        this.releaseCamera();
        this.store.set({ cameraOn: false, localVideoStreamId: undefined });
        throw error;
      }
    }
  }

  async startScreenShare(): Promise<void> {
    this.assertAlive();
    this.assertConsent();
    if (!this.inCall() || this.state.phase !== 'connected') throw new AcsError('operation-failed', 'Not in a meeting', { recoverable: true });
    assertAllowed(this.state, 'shareScreen');
    if (this.screen) return;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      throw new AcsError('screen-share-failed', error instanceof Error ? `${error.name}: ${error.message}` : 'Screen share failed', {
        recoverable: true,
        cause: error,
      });
    }
    this.screen = stream;
    // The browser's own "Stop sharing" button ends the track.
    stream.getVideoTracks()[0]?.addEventListener('ended', this.onScreenTrackEnded);
    try {
      await this.mediaCommand({ type: 'screenShare', on: true });
    } catch (error) {
      this.releaseScreen();
      throw error;
    }
    this.store.set({ screenSharing: true });
  }

  async stopScreenShare(): Promise<void> {
    this.assertAlive();
    const had = Boolean(this.screen);
    this.releaseScreen();
    this.store.set({ screenSharing: false });
    if (had && this.inCall()) await this.mediaCommand({ type: 'screenShare', on: false });
  }

  private readonly onScreenTrackEnded = () => {
    void this.stopScreenShare().catch(() => undefined);
  };

  async raiseHand(): Promise<void> {
    this.assertAlive();
    assertAllowed(this.state, 'raiseHand');
    await this.command({ type: 'raiseHand', raised: true });
  }

  async lowerHand(): Promise<void> {
    this.assertAlive();
    await this.command({ type: 'raiseHand', raised: false });
  }

  async startSpotlight(): Promise<void> {
    this.assertAlive();
    assertAllowed(this.state, 'spotlightParticipant');
    await this.command({ type: 'spotlight', on: true });
  }

  async stopSpotlight(): Promise<void> {
    this.assertAlive();
    if (this.state.selfId && !this.state.spotlightedParticipants.includes(this.state.selfId)) return;
    await this.command({ type: 'spotlight', on: false });
  }

  async sendReaction(reaction: ReactionType): Promise<void> {
    this.assertAlive();
    assertAllowed(this.state, 'useReactions');
    await this.command({ type: 'reaction', reaction });
    if (this.state.selfId) this.addReaction(this.state.selfId, reaction);
  }

  async startCaptions(spokenLanguage: string): Promise<void> {
    this.assertAlive();
    await this.command({ type: 'captions', active: true, spokenLanguage });
  }

  async stopCaptions(): Promise<void> {
    this.assertAlive();
    await this.command({ type: 'captions', active: false });
  }

  async joinBreakoutRoom(): Promise<void> {
    this.assertAlive();
    const room = this.state.breakoutRoom;
    if (!room) throw new AcsError('operation-failed', 'No breakout room is assigned', { recoverable: true });
    if (room.state !== 'assigned') return;
    this.joiningRoom = true;
    this.store.set({ breakoutRoom: { ...room, state: 'joining' } });
    try {
      await this.command({ type: 'joinBreakoutRoom' });
    } catch (error) {
      const now = this.state.breakoutRoom;
      if (now?.state === 'joining') this.store.set({ breakoutRoom: { ...now, state: 'assigned' } });
      throw error;
    } finally {
      this.joiningRoom = false;
    }
  }

  async returnToMainMeeting(): Promise<void> {
    this.assertAlive();
    if (this.state.breakoutRoom?.state !== 'joined') return;
    await this.command({ type: 'returnToMainMeeting' });
  }

  async grantConsent(): Promise<void> {
    this.assertAlive();
    try {
      await this.command({ type: 'grantConsent' });
    } catch (error) {
      throw new AcsError('consent-failed', error instanceof Error ? error.message : 'Consent failed', { recoverable: true, cause: error });
    }
  }

  async admit(participantId: string): Promise<void> {
    this.assertAlive();
    if (!this.state.canManageLobby) throw new AcsError('operation-failed', 'Only organizers and presenters manage the lobby', { recoverable: false, status: 403 });
    await this.command({ type: 'admit', participantId });
  }

  async reject(participantId: string): Promise<void> {
    this.assertAlive();
    if (!this.state.canManageLobby) throw new AcsError('operation-failed', 'Only organizers and presenters manage the lobby', { recoverable: false, status: 403 });
    await this.command({ type: 'reject', participantId });
  }

  async selectDevices(devices: JoinOptions['devices']): Promise<void> {
    this.assertAlive();
    const cameraChanged = devices.cameraId !== undefined && devices.cameraId !== this.devices.cameraId;
    this.devices = { ...this.devices, ...devices };
    // The emulator carries no audio: microphone and speaker choices are kept for the next join.
    if (cameraChanged && this.camera.stream) {
      try {
        await this.startCamera();
      } catch (error) {
        this.releaseCamera();
        throw error;
      }
    }
  }

  // --- media -------------------------------------------------------------------------------------

  private async startCamera(): Promise<void> {
    const id = await this.camera.start(this.devices.cameraId, () => !this.disposed && this.state.phase !== 'ended', 'The meeting ended');
    await this.cameraStarted(id);
  }

  /** The camera (opened here, or handed over by the setup preview) is on: show it, with the effect. */
  private async cameraStarted(id: string): Promise<void> {
    this.stopEffect();
    this.store.set({ cameraOn: true, localVideoStreamId: id });
    // As with the SDK adapter: an effect that cannot be drawn leaves the camera on, without it.
    if (this.state.videoEffect !== 'none') await this.drawEffect(this.state.videoEffect).catch(() => this.store.set({ videoEffect: 'none' }));
  }

  private releaseCamera(): void {
    this.stopEffect();
    this.camera.release();
  }

  // --- effects -----------------------------------------------------------------------------------

  videoEffects(): Promise<VideoEffectsEngine> {
    return import('./canvas-effects.js').then((module) => module.canvasEffectsEngine);
  }

  async setVideoEffect(effect: VideoEffect): Promise<void> {
    this.assertAlive();
    const previous = this.state.videoEffect;
    this.store.set({ videoEffect: effect });
    try {
      if (this.camera.stream) await this.drawEffect(effect);
    } catch (error) {
      this.store.set({ videoEffect: previous });
      throw error;
    }
  }

  /** The emulator has no microphone track of its own: the choice is kept and reported. */
  setNoiseSuppression(on: boolean): Promise<void> {
    this.assertAlive();
    this.store.set({ noiseSuppression: on });
    return Promise.resolve();
  }

  /** Draws `effect` on the camera; the first time, the self view moves to the processed stream. */
  private async drawEffect(effect: VideoEffect): Promise<void> {
    const camera = this.camera.stream;
    if (!camera) return;
    if (this.processed) {
      this.processed.setEffect(effect);
      return;
    }
    if (effect === 'none') return;
    const { CanvasEffect, canvasEffectsSupport } = await import('./canvas-effects.js');
    if (!canvasEffectsSupport().video) throw new AcsError('operation-failed', 'This browser cannot draw background effects', { recoverable: false });
    if (this.camera.stream !== camera || this.processed) return this.drawEffect(this.state.videoEffect);
    this.processed = new CanvasEffect(camera, this.state.videoEffect);
    this.store.set({ localVideoStreamId: `${this.state.localVideoStreamId ?? 'local:camera'}:effects` });
  }

  private stopEffect(): void {
    const processed = this.processed;
    if (!processed) return;
    this.processed = undefined;
    this.views.dispose((view) => view.element instanceof HTMLVideoElement && view.element.srcObject === processed.stream);
    processed.stop();
  }

  private releaseScreen(): void {
    const screen = this.screen;
    if (!screen) return;
    this.screen = undefined;
    screen.getVideoTracks()[0]?.removeEventListener('ended', this.onScreenTrackEnded);
    stopStream(screen);
  }

  /** The local camera's views show it with the background effect drawn, while one is on. */
  protected override localViewStream(camera: MediaStream): MediaStream {
    return this.processed?.stream ?? camera;
  }

  protected otherView(streamId: string): VideoView {
    if (streamId === 'local:screen' && this.screen) return createLocalView(this.screen, 'screen');
    const match = /^(video|screen):(.+)$/.exec(streamId);
    const participant = match ? this.state.participants.find((p) => p.id === match[2]) : undefined;
    const available = participant && (match?.[1] === 'video' ? participant.videoStreamId : participant.screenShareStreamId) === streamId;
    if (!participant || !available) throw this.noSuchStream();
    return createSyntheticView({ displayName: participant.displayName, kind: match?.[1] === 'video' ? 'camera' : 'screen' });
  }
}
