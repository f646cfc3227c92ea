/**
 * The call states both call backends (acs/ and simulated/) build from call-state.ts: the incoming
 * call a caller rings in with, and which phases count as a call in progress.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initialCallState, type CallPhase, type CallRemote } from '../../src/services/call-service.js';
import { callInProgress, incomingCallState } from '../../src/services/call-state.js';

describe('incomingCallState', () => {
  it('rings with the caller as the remote, unmuted, and keeps only listening from before', () => {
    const state = incomingCallState({ id: '8:orgid:1', displayName: 'Lynne', kind: 'teams' }, true);
    assert.deepEqual(state, {
      ...initialCallState(),
      listening: true,
      phase: 'incoming',
      direction: 'incoming',
      callee: '8:orgid:1',
      remote: { id: '8:orgid:1', displayName: 'Lynne', kind: 'teams', muted: false },
      videoAvailable: true,
      incoming: { caller: { id: '8:orgid:1', displayName: 'Lynne' } },
    });
  });

  it('offers video for Teams and ACS callers only', () => {
    const kinds: CallRemote['kind'][] = ['teams', 'acs', 'phone', 'app', 'unknown'];
    const video = kinds.map((kind) => incomingCallState({ id: 'x', displayName: '', kind }, false).videoAvailable);
    assert.deepEqual(video, [true, true, false, false, false]);
  });
});

describe('callInProgress', () => {
  it('is true from placing or ringing until the call ends', () => {
    const phases: CallPhase[] = ['idle', 'connecting', 'ringing', 'connected', 'incoming', 'ended'];
    assert.deepEqual(phases.filter(callInProgress), ['connecting', 'ringing', 'connected', 'incoming']);
  });
});
