/**
 * The seam between `<acs-teams-call>` and a 1:1 calling backend: `acs/call-service.ts` (the real
 * @azure/communication-calling: CallAgent for ACS identities, TeamsCallAgent for Teams users) and
 * `simulated/call-service.ts` (the local emulator's call socket). Same shape as MeetingService:
 * a plain snapshot, `subscribe`, commands, `createView`, `dispose`.
 */
import type { ParsedCallee } from '../core/callee.js';
import { AcsError, toAcsError } from '../core/errors.js';
import type { TokenSession } from '../core/token-source.js';
import { assertTokenKind } from './token-kind.js';
import type { VideoView } from './meeting-service.js';

export { assertTokenKind };

export type CallPhase = 'idle' | 'connecting' | 'ringing' | 'connected' | 'ended' | 'incoming';

/** Why a call ended (see docs/teams-identity-and-calls.md, "End reasons"). */
export type CallEndReason =
  | 'local'
  | 'remote'
  | 'declined'
  | 'no-answer'
  | 'missed'
  | 'busy'
  | 'unavailable'
  | 'answered-elsewhere'
  | 'not-permitted'
  | 'token'
  | 'network'
  | 'unknown';

export interface CallEndInfo {
  reason: CallEndReason;
  code: number;
  subCode: number;
}

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

const NETWORK_CODES = new Set([410, 490, 496]);

/**
 * Maps a call's `callEndReason {code, subCode}` (codes in ACS-FACTS / call-end-reasons.json) to a
 * reason. `direction` matters for calls nobody answered: outgoing → `no-answer`, incoming → `missed`.
 */
export function mapCallEndReason(code: number, subCode: number, direction: 'outgoing' | 'incoming' = 'outgoing'): CallEndReason {
  if (code === 0) {
    if (subCode === 0 || subCode === 540000) return 'local';
    // 0/4501: "locally declined" (an incoming call this endpoint refused).
    if (subCode === 4501) return direction === 'incoming' ? 'declined' : 'local';
    return 'remote';
  }
  if (code === 603 || (code === 487 && subCode === 10024)) return 'declined';
  if (code === 487 && subCode === 10003) return 'answered-elsewhere';
  if (code === 487 && (subCode === 0 || subCode === 540487 || subCode === 560487)) return direction === 'incoming' ? 'missed' : 'local';
  if (code === 487 && subCode === 10004) return direction === 'incoming' ? 'missed' : 'no-answer';
  if (code === 408 && (subCode === 4506 || subCode === 560408)) return direction === 'incoming' ? 'missed' : 'no-answer';
  if (code === 480 && subCode === 560480) return 'no-answer';
  if (code === 480) return 'unavailable';
  if (code === 486) return 'busy';
  if ((code === 401 && subCode === 10009) || (code === 495 && subCode === 4507)) return 'token';
  if (NETWORK_CODES.has(code)) return 'network';
  if (code === 403 || (code === 400 && subCode === 580040)) return 'not-permitted';
  return 'unknown';
}

/**
 * Picks the call backend for a token session: the simulated service for the local emulator, the
 * real calling SDK otherwise. Both are dynamic imports (production pages never download the
 * simulated one).
 */
export async function loadCallService(options: CallServiceOptions): Promise<CallService> {
  const token = await options.session.current();
  assertTokenKind(token.token, options.identity);
  let module;
  try {
    module = token.emulator ? await import('./simulated/call-service.js') : await import('./acs/call-service.js');
  } catch (error) {
    throw new AcsError('sdk-load-failed', 'The call service could not be loaded', { recoverable: true, cause: error });
  }
  try {
    return 'createSimulatedCallService' in module
      ? module.createSimulatedCallService(options)
      : await module.createAcsCallService(options);
  } catch (error) {
    throw toAcsError(error, 'sdk-load-failed');
  }
}
