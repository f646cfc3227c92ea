/**
 * The seam between `<acs-teams-call>` and a 1:1 calling backend: `acs/call-service.ts` (the real
 * @azure/communication-calling: CallAgent for ACS identities, TeamsCallAgent for Teams users) and
 * `simulated/call-service.ts` (the local emulator's call socket). Same shape as MeetingService:
 * a plain snapshot, `subscribe`, commands, `createView`, `dispose`.
 */
import type { ParsedCallee } from '../core/callee.js';
import type { CallEndInfo } from '../core/end-reasons.js';
import type { TokenSession } from '../core/token-source.js';
import type { VideoView } from './video-view.js';

export type { CallEndInfo, CallEndReason } from '../core/end-reasons.js';

export type CallPhase = 'idle' | 'connecting' | 'ringing' | 'connected' | 'ended' | 'incoming';

/** The other side of the call, as far as the backend knows it. */
export interface CallRemote {
  id: string;
  displayName: string;
  kind: 'teams' | 'acs' | 'phone' | 'app' | 'unknown';
  muted: boolean;
}

export interface CallState {
  phase: CallPhase;
  direction?: 'outgoing' | 'incoming';
  /** Raw id of whom we call (outgoing) or who calls (incoming). */
  callee?: string;
  remote?: CallRemote;
  /** `Date.now()` when the call connected; the UI's timer and `durationSeconds` count from it. */
  startedAt?: number;
  muted: boolean;
  cameraOn: boolean;
  localVideoStreamId?: string;
  remoteVideoStreamId?: string;
  /** The callee can do video (Teams users). */
  videoAvailable: boolean;
  /** Tones reach the callee (call queues, auto attendants, phones). */
  dtmfAvailable: boolean;
  /** A voice app holds the call (queue music, auto attendant menu) before a person answers. */
  waiting: boolean;
  /** Set once phase is 'ended'. */
  end?: CallEndInfo;
  /** Set while phase is 'incoming'. */
  incoming?: { caller: { id: string; displayName: string } };
  /** True once the service listens for incoming calls (Teams identities). */
  listening: boolean;
}

export type DtmfTone = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';
export const DTMF_TONES: readonly DtmfTone[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export interface StartCallOptions {
  muted?: boolean;
  video?: boolean;
  /** ACS identities: the display name Teams shows for the caller. */
  displayName?: string;
}

export type CallListener = (state: CallState, previous: CallState) => void;

export interface CallService {
  getState(): CallState;
  subscribe(listener: CallListener): () => void;
  /** Places a call; resolves once it is under way (state follows through `subscribe`). */
  start(callee: ParsedCallee, options?: StartCallOptions): Promise<void>;
  /** Starts receiving calls (Teams identities). Idempotent. */
  listen(): Promise<void>;
  hangUp(): Promise<void>;
  setMuted(muted: boolean): Promise<void>;
  setCameraOn(on: boolean): Promise<void>;
  sendDtmf(tone: DtmfTone): Promise<void>;
  accept(options?: { video?: boolean }): Promise<void>;
  decline(): Promise<void>;
  createView(streamId: string): Promise<VideoView>;
  /** Hangs up if needed, stops every track, removes every listener. Idempotent. */
  dispose(): Promise<void>;
}

export interface CallServiceOptions {
  session: TokenSession;
  identity: 'acs' | 'teams';
}

export function initialCallState(): CallState {
  return {
    phase: 'idle',
    muted: false,
    cameraOn: false,
    videoAvailable: false,
    dtmfAvailable: false,
    waiting: false,
    listening: false,
  };
}

