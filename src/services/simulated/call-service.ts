/**
 * The emulator's 1:1 call backend behind the CallService seam: speaks the call socket
 * (`{endpoint}emulator/call-ws`, protocol in docs/teams-identity-and-calls.md). The local camera is
 * real `getUserMedia`; the remote camera is a drawn canvas, as in simulated meetings.
 *
 * Chosen by `loadCallService` when the token response says the endpoint is the emulator; a
 * production page never downloads it. Never logs tokens.
 */
import { backoffDelay } from '../../core/backoff.js';
import { calleeCapabilities, type ParsedCallee } from '../../core/callee.js';
import { AcsError, isAcsError } from '../../core/errors.js';
import type { TokenResult } from '../../core/token-source.js';
import { mapCallEndReason, type CallEndInfo } from '../../core/end-reasons.js';
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
import { EmulatorSocket, ProtocolError, socketUrl, type ServerMessage } from './emulator-socket.js';
import { SimulatedService } from './simulated-service.js';
import { createSyntheticView } from './synthetic-video.js';

/** The emulator cannot be reached at all. */
const UNREACHABLE = { code: 490, subCode: 4502 };
/** The connection dropped during a call (calls are not resumed). */
const DROPPED = { code: 410, subCode: 3101 };
/** A hang-up waits this long for the server's `ended` before ending locally anyway. */
const HANG_UP_TIMEOUT_MS = 3_000;
/** While listening for incoming calls, a dropped socket is reopened for this long at most. */
const RELISTEN_LIMIT_MS = 60_000;

/** `http://host:port/` → `ws://host:port/emulator/call-ws` (https → wss). */
export function callSocketUrl(endpoint: string): string {
  return socketUrl(endpoint, 'emulator/call-ws');
}

interface ServerRemote {
  id: string;
  displayName: string;
  kind: string;
  muted: boolean;
  video: boolean;
}

function remoteKind(kind: string): CallRemote['kind'] {
  return kind === 'teams' || kind === 'acs' || kind === 'phone' || kind === 'app' ? kind : 'unknown';
}

function commandError(error: unknown): AcsError {
  if (isAcsError(error)) return error;
  const message = error instanceof Error ? error.message : 'The call did not answer';
  return new AcsError('operation-failed', message, { recoverable: true, cause: error, status: error instanceof ProtocolError ? error.status : undefined });
}

export function createSimulatedCallService(options: CallServiceOptions): CallService {
  return new SimulatedCallService(options);
}

export class SimulatedCallService extends SimulatedService<CallState> implements CallService {
  private socket?: EmulatorSocket;
  private opening?: Promise<EmulatorSocket>;
  private callId?: string;
  private listening = false;
  private relistenTimer?: ReturnType<typeof setTimeout>;
  private relistenAttempt = 0;
  private relistenDeadline = 0;
  private pendingEnd?: () => void;
  /** A `call` was sent and its id has not come back yet. */
  private placing = false;
  /** Bumped by every start/accept/end, so a stale async step knows it was superseded. */
  private attempt = 0;

  constructor(options: CallServiceOptions) {
    super(initialCallState(), options, 'call');
  }

  // --- placing and receiving calls -------------------------------------------------------------

  async start(callee: ParsedCallee, options: StartCallOptions = {}): Promise<void> {
    this.assertAlive();
    if (this.active()) throw new AcsError('operation-failed', 'Already in a call', { recoverable: true });
    const attempt = ++this.attempt;
    const capabilities = calleeCapabilities(callee);
    this.callId = undefined;
    this.store.replace(outgoingCallState(callee, options, this.state.listening));
    if (options.video && capabilities.video) {
      // As with the real SDK, a camera that cannot start does not stop the call.
      await this.startCamera().catch(() => undefined);
      if (attempt !== this.attempt) return;
    }
    let socket: EmulatorSocket;
    try {
      socket = await this.ensureSocket();
    } catch (error) {
      if (attempt !== this.attempt) return;
      if (isAcsError(error) && error.code.startsWith('token-')) {
        this.finish({ reason: 'token', code: 401, subCode: 10009 });
        throw error;
      }
      this.finish({ reason: 'network', ...UNREACHABLE });
      return;
    }
    if (attempt !== this.attempt) return;
    const placed = socket.waitFor((m) => m.type === 'call' || (m.type === 'ended' && typeof m.callId === 'string'));
    socket.sendRaw({
      type: 'call',
      callee: callee.rawId,
      ...(callee.kind === 'phone' && callee.callerId ? { callerId: callee.callerId } : {}),
      ...(options.displayName ? { displayName: options.displayName } : {}),
      muted: this.state.muted,
      video: Boolean(this.camera.stream),
    });
    this.placing = true;
    try {
      const message = await placed;
      if (attempt === this.attempt && message.type === 'call') this.callId = String(message.callId);
    } catch {
      // The socket closed: onSocketClosed ends the call.
    } finally {
      this.placing = false;
    }
  }

  async listen(): Promise<void> {
    this.assertAlive();
    this.listening = true;
    this.relistenDeadline = 0;
    await this.ensureSocket();
    this.store.set({ listening: true });
  }

  async accept(options: { video?: boolean } = {}): Promise<void> {
    this.assertAlive();
    const socket = this.socket;
    const callId = this.callId;
    if (this.state.phase !== 'incoming' || !socket || !callId) throw new AcsError('operation-failed', 'No incoming call', { recoverable: true });
    if (options.video && this.state.videoAvailable) await this.startCamera().catch(() => undefined);
    this.store.set({ phase: 'connecting' });
    try {
      await socket.request({ type: 'accept', callId, video: Boolean(this.camera.stream), muted: this.state.muted });
    } catch (error) {
      // Answered elsewhere or canceled meanwhile: the `ended` message explains it.
      if (this.getState().phase === 'connecting' && this.callId === callId) this.finish({ reason: 'missed', code: 487, subCode: 0 });
      throw commandError(error);
    }
  }

  async decline(): Promise<void> {
    this.assertAlive();
    const socket = this.socket;
    const callId = this.callId;
    if (this.state.phase !== 'incoming' || !socket || !callId) return;
    await this.untilEnded(() => socket.sendRaw({ type: 'decline', callId }), { reason: 'declined', code: 0, subCode: 4501 });
  }

  async hangUp(): Promise<void> {
    if (!this.active()) return;
    if (this.state.phase === 'incoming') return this.decline();
    const socket = this.socket;
    // The server handles messages in order: a hang-up sent right after the call ends that call.
    if (socket?.isOpen && (this.callId || this.placing)) {
      await this.untilEnded(() => socket.sendRaw({ type: 'hangup' }), { reason: 'local', code: 0, subCode: 0 });
      return;
    }
    // Still opening the socket: nobody to tell.
    this.attempt++;
    this.finish({ reason: 'local', code: 0, subCode: 0 });
  }

  /** Sends `send()`, then waits (bounded) for the server's `ended`; ends locally with `fallback` otherwise. */
  private async untilEnded(send: () => void, fallback: CallEndInfo): Promise<void> {
    const ended = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, HANG_UP_TIMEOUT_MS);
      this.pendingEnd = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    send();
    await ended;
    this.pendingEnd = undefined;
    if (this.active()) this.finish(fallback);
  }

  // --- media and tones -------------------------------------------------------------------------

  async setMuted(muted: boolean): Promise<void> {
    this.assertAlive();
    this.store.set({ muted });
    if (this.inCall()) await this.command({ type: 'mute', muted });
  }

  async setCameraOn(on: boolean): Promise<void> {
    this.assertAlive();
    if (!on) {
      if (this.turnCameraOff() && this.inCall()) await this.command({ type: 'camera', on: false });
      return;
    }
    if (!this.state.videoAvailable) throw new AcsError('operation-failed', 'This call has no video', { recoverable: true });
    if (this.camera.stream) return;
    await this.startCamera();
    if (this.inCall()) await this.command({ type: 'camera', on: true });
  }

  async sendDtmf(tone: DtmfTone): Promise<void> {
    this.assertAlive();
    if (this.state.phase !== 'connected') throw new AcsError('operation-failed', 'Tones can be sent once the call is connected', { recoverable: true });
    await this.command({ type: 'dtmf', tone });
  }

  protected otherView(streamId: string): VideoView {
    const remote = this.state.remote;
    if (streamId !== this.state.remoteVideoStreamId || !remote) throw this.noSuchStream();
    return createSyntheticView({ displayName: remote.displayName, kind: 'camera' });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    if (this.active()) await this.hangUp().catch(() => undefined);
    this.disposed = true;
    this.listening = false;
    this.attempt++;
    this.tokenRefresh.cancel();
    clearTimeout(this.relistenTimer);
    this.closeSocket();
    this.releaseCamera();
    this.views.dispose();
    this.store.clear();
  }

  // --- the socket --------------------------------------------------------------------------------

  private ensureSocket(): Promise<EmulatorSocket> {
    if (this.socket?.isOpen) return Promise.resolve(this.socket);
    this.opening ??= this.openSocket().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async openSocket(): Promise<EmulatorSocket> {
    let token: TokenResult;
    try {
      token = await this.session.current();
    } catch (error) {
      throw isAcsError(error) ? error : new AcsError('token-unreachable', 'No token', { recoverable: true, cause: error });
    }
    if (!token.endpoint) throw new AcsError('sdk-load-failed', 'The token response names no emulator endpoint');
    const socket: EmulatorSocket = new EmulatorSocket(callSocketUrl(token.endpoint), (message) => this.onServerMessage(socket, message));
    const ready = await socket.authenticate(token.token);
    if (ready.type !== 'ready') {
      socket.close();
      throw new AcsError('token-unauthorized', 'The emulator refused the token', { status: 401 });
    }
    if (this.disposed) {
      socket.close();
      throw new AcsError('operation-failed', 'The call service was disposed');
    }
    this.socket = socket;
    this.relistenAttempt = 0;
    socket.onClose((expected) => this.onSocketClosed(socket, expected));
    this.tokenRefresh.schedule(socket, token.expiresOn);
    return socket;
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  private onSocketClosed(socket: EmulatorSocket, expected: boolean): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.tokenRefresh.cancel();
    if (expected || this.disposed) return;
    if (this.active()) this.finish({ reason: 'network', ...(this.callId ? DROPPED : UNREACHABLE) });
    if (this.listening) {
      this.store.set({ listening: false });
      this.relistenDeadline ||= Date.now() + RELISTEN_LIMIT_MS;
      this.scheduleRelisten();
    }
  }

  private scheduleRelisten(): void {
    const delay = backoffDelay(this.relistenAttempt++, { baseMs: 500, capMs: 8_000 });
    if (Date.now() + delay > this.relistenDeadline) return;
    this.relistenTimer = setTimeout(() => {
      if (!this.listening || this.disposed) return;
      this.ensureSocket().then(
        () => {
          this.relistenDeadline = 0;
          this.store.set({ listening: true });
        },
        () => this.scheduleRelisten(),
      );
    }, delay);
  }

  private async command(message: Record<string, unknown>): Promise<void> {
    const socket = this.socket;
    if (!socket?.isOpen) throw new AcsError('operation-failed', 'Not in a call', { recoverable: true });
    try {
      await socket.request(message);
    } catch (error) {
      throw commandError(error);
    }
  }

  private onServerMessage(socket: EmulatorSocket, message: ServerMessage): void {
    if (socket !== this.socket) return;
    switch (message.type) {
      case 'incoming':
        this.onIncoming(message);
        return;
      case 'call-state':
        if (message.callId !== this.callId) return;
        this.onCallState(message);
        return;
      case 'ended': {
        if (typeof message.callId === 'string' && message.callId !== this.callId) return;
        const code = Number(message.code);
        const subCode = Number(message.subCode);
        if (!this.active()) return;
        this.finish({ reason: mapCallEndReason(code, subCode, this.state.direction), code, subCode });
        return;
      }
      default:
    }
  }

  private onIncoming(message: ServerMessage): void {
    if (this.active()) return;
    this.attempt++;
    const caller = message.caller as { id: string; displayName: string; kind: string };
    this.callId = String(message.callId);
    this.releaseCamera();
    this.store.replace(incomingCallState({ id: caller.id, displayName: caller.displayName, kind: remoteKind(caller.kind) }, this.state.listening));
  }

  private onCallState(message: ServerMessage): void {
    if (!this.active()) return;
    const remote = message.remote as ServerRemote;
    const phase = message.state === 'connected' ? 'connected' : message.state === 'ringing' ? 'ringing' : 'connecting';
    const previous = this.state;
    if (previous.phase === 'incoming' && phase !== 'connected') return;
    this.store.replace({
      ...previous,
      phase,
      incoming: phase === 'connected' ? undefined : previous.incoming,
      remote: { id: remote.id, displayName: remote.displayName, kind: remoteKind(remote.kind), muted: remote.muted },
      remoteVideoStreamId: remote.video ? `video:${remote.id}` : undefined,
      waiting: message.waiting === true,
      startedAt: phase === 'connected' ? (previous.startedAt ?? Date.now()) : previous.startedAt,
    });
  }

  // --- end and media ---------------------------------------------------------------------------

  private finish(end: CallEndInfo): void {
    if (this.state.phase === 'ended' || this.state.phase === 'idle') return;
    this.attempt++;
    this.callId = undefined;
    this.releaseCamera();
    this.views.dispose();
    this.store.set(endedCallPatch(end));
    this.pendingEnd?.();
    // A caller-only service keeps no socket open between calls.
    if (!this.listening) this.closeSocket();
  }

  private async startCamera(): Promise<void> {
    const id = await this.camera.start(undefined, () => !this.disposed && this.active(), 'The call ended');
    this.store.set({ cameraOn: true, localVideoStreamId: id });
  }

  private releaseCamera(): void {
    this.camera.release();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private active(): boolean {
    return callInProgress(this.state.phase);
  }

  private inCall(): boolean {
    return Boolean(this.socket?.isOpen && this.callId) && (this.state.phase === 'connected' || this.state.phase === 'ringing' || this.state.phase === 'connecting');
  }
}
