/** The meeting's DOM events as a pure function of (previous snapshot, next snapshot). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MeetingEvents } from '../../src/controllers/meeting-events.js';
import { initialMeetingState, type MeetingState, type ParticipantSnapshot } from '../../src/services/meeting-service.js';

function person(id: string, state: ParticipantSnapshot['state'] = 'connected'): ParticipantSnapshot {
  return { id, displayName: `Name ${id}`, kind: 'teams', state, muted: false, speaking: false, handRaised: false };
}

function snapshot(patch: Partial<MeetingState>): MeetingState {
  return { ...initialMeetingState(), ...patch };
}

describe('MeetingEvents', () => {
  it('sends nothing before the local user is connected (connecting, lobby)', () => {
    const events = new MeetingEvents();
    const connecting = snapshot({ phase: 'connecting', recording: 'on' });
    assert.deepEqual(events.next(connecting, initialMeetingState()), []);
    assert.deepEqual(events.next(snapshot({ phase: 'lobby', recording: 'on' }), connecting), []);
    assert.equal(events.joined, false);
  });

  it('on the first connected snapshot: joined, then the compliance state found, and no joins for those already there', () => {
    const events = new MeetingEvents();
    const next = snapshot({ phase: 'connected', recording: 'on', participants: [person('a'), person('b', 'lobby')] });
    assert.deepEqual(events.next(next, snapshot({ phase: 'lobby' })), [
      { name: 'acs-joined', detail: {} },
      { name: 'acs-recording-changed', detail: { active: true, initial: true } },
      { name: 'acs-transcription-changed', detail: { active: false, initial: true } },
      { name: 'acs-capabilities-changed', detail: { capabilities: next.capabilities, role: 'unknown', initial: true } },
    ]);
    assert.equal(events.joined, true);
  });

  it('after joining: each compliance change once, "stopped" counts as not active', () => {
    const events = new MeetingEvents();
    const joined = snapshot({ phase: 'connected' });
    events.next(joined, initialMeetingState());
    const recording = { ...joined, recording: 'on' as const };
    assert.deepEqual(events.next(recording, joined), [{ name: 'acs-recording-changed', detail: { active: true, initial: false } }]);
    assert.deepEqual(events.next({ ...recording }, recording), []);
    const stopped = { ...recording, recording: 'stopped' as const, transcription: 'on' as const };
    assert.deepEqual(events.next(stopped, recording), [
      { name: 'acs-recording-changed', detail: { active: false, initial: false } },
      { name: 'acs-transcription-changed', detail: { active: true, initial: false } },
    ]);
  });

  it('participants: joined when they leave the lobby or arrive, left when they go; only id, name and kind', () => {
    const events = new MeetingEvents();
    const start = snapshot({ phase: 'connected', participants: [person('a'), person('b', 'lobby')] });
    events.next(start, initialMeetingState());
    const admitted = { ...start, participants: [person('a'), person('b')] };
    assert.deepEqual(events.next(admitted, start), [
      { name: 'acs-participant-joined', detail: { participant: { id: 'b', displayName: 'Name b', kind: 'teams' } } },
    ]);
    const gone = { ...admitted, participants: [person('b')] };
    assert.deepEqual(events.next(gone, admitted), [
      { name: 'acs-participant-left', detail: { participant: { id: 'a', displayName: 'Name a', kind: 'teams' } } },
    ]);
  });

  it('consent: announced once while pending, again only after it was granted or lifted', () => {
    const events = new MeetingEvents();
    const pending = snapshot({ phase: 'connected', recording: 'on', consentRequired: true });
    const first = events.next(pending, initialMeetingState());
    assert.deepEqual(first.at(-1), { name: 'acs-consent-required', detail: { recording: true, transcription: false } });
    assert.deepEqual(events.next({ ...pending, muted: true }, pending), []);
    const granted = { ...pending, consentGranted: true };
    assert.deepEqual(events.next(granted, pending), []);
    assert.equal(events.next(pending, granted).length, 1);
  });

  it('reset() starts over: the next connected snapshot is a new join', () => {
    const events = new MeetingEvents();
    const joined = snapshot({ phase: 'connected', participants: [person('a')] });
    events.next(joined, initialMeetingState());
    events.reset();
    assert.equal(events.joined, false);
    const names = events.next(joined, initialMeetingState()).map((event) => event.name);
    assert.deepEqual(names, ['acs-joined', 'acs-recording-changed', 'acs-transcription-changed', 'acs-capabilities-changed']);
  });

  it('after joining: acs-capabilities-changed when a capability flips or the role changes, not for a reason alone (issue 14)', () => {
    const events = new MeetingEvents();
    const joined = snapshot({ phase: 'connected', role: 'attendee' });
    events.next(joined, initialMeetingState());
    const muted = { ...joined, capabilities: { ...joined.capabilities, unmuteMic: { allowed: false, reason: 'meeting' as const } } };
    assert.deepEqual(events.next(muted, joined), [
      { name: 'acs-capabilities-changed', detail: { capabilities: muted.capabilities, role: 'attendee', initial: false } },
    ]);
    const otherReason = { ...muted, capabilities: { ...muted.capabilities, unmuteMic: { allowed: false, reason: 'policy' as const } } };
    assert.deepEqual(events.next(otherReason, muted), []);
    const presenter = { ...otherReason, role: 'presenter' as const };
    assert.deepEqual(events.next(presenter, otherReason), [
      { name: 'acs-capabilities-changed', detail: { capabilities: presenter.capabilities, role: 'presenter', initial: false } },
    ]);
  });

  it('acs-diagnostics-changed: on join only if something was reported, then on each change of quality or issues (issue 14)', () => {
    const events = new MeetingEvents();
    const joined = snapshot({ phase: 'connected' });
    assert.ok(!events.next(joined, initialMeetingState()).some((event) => event.name === 'acs-diagnostics-changed'));
    const poorSelf = { ...joined, network: { self: 'poor' as const, participants: {} } };
    assert.deepEqual(events.next(poorSelf, joined), [
      { name: 'acs-diagnostics-changed', detail: { network: { self: 'poor', participants: {} }, issues: [] } },
    ]);
    const rebuilt = { ...poorSelf, network: { self: 'poor' as const, participants: {} } };
    assert.deepEqual(events.next(rebuilt, poorSelf), [], 'a rebuilt but equal snapshot is not news');
    const badPeer = { ...rebuilt, network: { self: 'poor' as const, participants: { a: 'bad' as const } } };
    assert.deepEqual(events.next(badPeer, rebuilt), [
      { name: 'acs-diagnostics-changed', detail: { network: { self: 'poor', participants: { a: 'bad' } }, issues: [] } },
    ]);
    const issue = { ...badPeer, diagnostics: ['networkReconnect'] };
    assert.deepEqual(events.next(issue, badPeer).map((event) => event.name), ['acs-diagnostics-changed']);

    const late = new MeetingEvents();
    const joinedPoor = snapshot({ phase: 'connected', network: { self: 'bad', participants: {} } });
    const onJoin = late.next(joinedPoor, snapshot({ phase: 'lobby' }));
    assert.deepEqual(onJoin.find((event) => event.name === 'acs-diagnostics-changed')?.detail, { network: { self: 'bad', participants: {} }, issues: [] });
  });

  it('acs-spotlight-changed: on join only if someone is spotlighted, then on each change of who or of the order (issue 14)', () => {
    const events = new MeetingEvents();
    const joined = snapshot({ phase: 'connected', spotlightedParticipants: ['a'] });
    const first = events.next(joined, initialMeetingState());
    assert.deepEqual(first.filter((event) => event.name === 'acs-spotlight-changed'), [{ name: 'acs-spotlight-changed', detail: { participantIds: ['a'] } }]);
    const two = { ...joined, spotlightedParticipants: ['a', 'b'] };
    assert.deepEqual(events.next(two, joined), [{ name: 'acs-spotlight-changed', detail: { participantIds: ['a', 'b'] } }]);
    // A rebuilt snapshot with the same spotlight is not news; another order is.
    assert.deepEqual(events.next({ ...two, spotlightedParticipants: ['a', 'b'] }, two), []);
    assert.deepEqual(events.next({ ...two, spotlightedParticipants: ['b', 'a'] }, two).map((event) => event.name), ['acs-spotlight-changed']);

    const quiet = new MeetingEvents();
    const nobody = snapshot({ phase: 'connected' });
    assert.ok(!quiet.next(nobody, initialMeetingState()).some((event) => event.name === 'acs-spotlight-changed'));
  });
});

describe('MeetingEvents: breakout rooms', () => {
  const room = { id: 'r1', name: 'Room 1', threadId: '19:room1@thread.v2', autoJoin: false, canReturn: true, state: 'assigned' as const };

  it('reports an assignment, each change of state or end time, and the return (room null)', () => {
    const events = new MeetingEvents();
    const joined = snapshot({ phase: 'connected' });
    events.next(joined, initialMeetingState());
    const assigned = { ...joined, breakoutRoom: room };
    assert.deepEqual(events.next(assigned, joined), [{ name: 'acs-breakout-room-changed', detail: { room } }]);
    assert.deepEqual(events.next({ ...assigned, breakoutRoom: { ...room } }, assigned), [], 'a rebuilt, equal room is not news');
    const inRoom = { ...joined, breakoutRoom: { ...room, state: 'joined' as const, endsAt: 1_000 } };
    assert.deepEqual(events.next(inRoom, assigned), [{ name: 'acs-breakout-room-changed', detail: { room: inRoom.breakoutRoom } }]);
    assert.deepEqual(events.next(joined, inRoom), [{ name: 'acs-breakout-room-changed', detail: { room: null } }]);
  });

  it('reports a room already assigned on join after the join events', () => {
    const events = new MeetingEvents();
    const names = events.next(snapshot({ phase: 'connected', breakoutRoom: room }), snapshot({ phase: 'lobby' })).map((event) => event.name);
    assert.equal(names.at(-1), 'acs-breakout-room-changed');
    assert.equal(names[0], 'acs-joined');
  });
});

describe('MeetingEvents: moving between the meeting and a breakout room', () => {
  it('sends no participant joined/left for the people of the room or of the meeting left behind', () => {
    const events = new MeetingEvents();
    const main = snapshot({ phase: 'connected', participants: [person('a'), person('b')] });
    events.next(main, initialMeetingState());
    const room = { id: 'r1', name: 'Room 1', threadId: 't', autoJoin: true, canReturn: false, state: 'joined' as const };
    const inRoom = snapshot({ phase: 'connected', participants: [person('c')], breakoutRoom: room });
    assert.deepEqual(events.next(inRoom, main), [{ name: 'acs-breakout-room-changed', detail: { room } }]);
    const someoneJoinsTheRoom = { ...inRoom, participants: [person('c'), person('d')] };
    assert.deepEqual(
      events.next(someoneJoinsTheRoom, inRoom).map((event) => event.name),
      ['acs-participant-joined'],
      'in the room, its people come and go as usual',
    );
    const back = snapshot({ phase: 'connected', participants: [person('a'), person('b')] });
    assert.deepEqual(events.next(back, someoneJoinsTheRoom), [{ name: 'acs-breakout-room-changed', detail: { room: null } }]);
  });
});
