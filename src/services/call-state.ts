/**
 * Call states both call backends (acs/ and simulated/) build, kept apart from the seam module
 * (call-service.ts) because the script-tag entry loads the seam and only the backends need these.
 */
import { calleeCapabilities, type ParsedCallee } from '../core/callee.js';
import type { CallEndInfo } from '../core/end-reasons.js';
import { initialCallState, type CallPhase, type CallRemote, type CallState, type StartCallOptions } from './call-service.js';

/** A call is placed, ringing here or there, or connected: a new one cannot start, a hang-up has something to end. */
export function callInProgress(phase: CallPhase): boolean {
  return phase === 'connecting' || phase === 'ringing' || phase === 'connected' || phase === 'incoming';
}

/** What every backend sets when a call ends: the end, and no incoming call, camera or video left. */
export function endedCallPatch(end: CallEndInfo): Partial<CallState> {
  return {
    phase: 'ended',
    end,
    incoming: undefined,
    cameraOn: false,
    localVideoStreamId: undefined,
    remoteVideoStreamId: undefined,
    waiting: false,
  };
}

/** The state every backend shows while `caller` rings this user, keeping only `listening`. */
export function incomingCallState(caller: Omit<CallRemote, 'muted'>, listening: boolean): CallState {
  const { id, displayName, kind } = caller;
  return {
    ...initialCallState(),
    listening,
    phase: 'incoming',
    direction: 'incoming',
    callee: id,
    remote: { id, displayName, kind, muted: false },
    // Teams and ACS callers may send video; phones and apps never do.
    videoAvailable: kind === 'teams' || kind === 'acs',
    incoming: { caller: { id, displayName } },
  };
}

/** The state every backend starts an outgoing call from: connecting to `callee`, keeping only `listening`. */
export function outgoingCallState(callee: ParsedCallee, options: StartCallOptions, listening: boolean): CallState {
  const capabilities = calleeCapabilities(callee);
  return {
    ...initialCallState(),
    listening,
    phase: 'connecting',
    direction: 'outgoing',
    callee: callee.rawId,
    muted: options.muted ?? false,
    videoAvailable: capabilities.video,
    dtmfAvailable: capabilities.dtmf,
  };
}
