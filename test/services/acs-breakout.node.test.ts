/**
 * Breakout rooms on the real-SDK adapter, driven by fakes typed against the calling SDK 2.0
 * declarations (BreakoutRoomsCallFeature, BreakoutRoom): the assignment, joining (on request and
 * automatically), the room's end time and chat thread, returning, rooms closing, and the main
 * meeting's call ending during a move (not the meeting's end, unless the move never comes).
 */
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { currentThreadId, type MeetingState } from '../../src/services/meeting-service.js';
import { BREAKOUT_MOVE_TIMEOUT_MS, createAcsMeetingService, type AcsMeetingService } from '../../src/services/acs/meeting-service.js';
import { endTimeOf } from '../../src/services/acs/calling-breakout.js';
import { createFakeSdk, fakeSession, FakeBreakoutRoom, FakeCall, listenerLedger, type FakeSdk } from './acs-fakes.js';

const LINK = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d';
const MAIN_THREAD = '19:meeting_main@thread.v2';
const ROOM_THREAD = '19:meeting_room@thread.v2';
const NOW = 1_900_000_000_000;

const open: AcsMeetingService[] = [];
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function connected(): Promise<{ sdk: FakeSdk; service: AcsMeetingService; call: FakeCall; states: MeetingState[] }> {
  const sdk = createFakeSdk();
  const service = await createAcsMeetingService({ session: fakeSession(), identity: 'acs' }, { sdk, joinTimeoutMs: 60_000, disposeGraceMs: 0, now: () => NOW });
  open.push(service);
  const states: MeetingState[] = [];
  service.subscribe((state) => states.push(state));
  await service.join({ locator: { meetingLink: LINK }, displayName: 'Ada', muted: true, cameraOn: false, devices: {} });
  const call = sdk.client.agents[0].calls[0];
  call.infoFake.threadId = MAIN_THREAD;
  call.setState('Connecting');
  call.setState('Connected');
  return { sdk, service, call, states };
}

function connectedCall(threadId: string): FakeCall {
  const call = new FakeCall();
  call.infoFake.threadId = threadId;
  call.state = 'Connected';
  return call;
}

/** The SDK takes the user out of the main meeting when they enter a room. */
function removedFromMain(call: FakeCall): void {
  call.setState('Disconnected', { code: 0, subCode: 0 });
}

beforeEach(() => listenerLedger.reset());
afterEach(async () => {
  mock.timers.reset();
  await Promise.all(open.splice(0).map((service) => service.dispose()));
});

describe('ACS meeting service: breakout rooms (issue 14)', () => {
  it('no room until one is assigned and open; a closed assignment shows nothing', async () => {
    const { service, call } = await connected();
    assert.equal(service.getState().breakoutRoom, null);
    const room = new FakeBreakoutRoom(ROOM_THREAD, 'Design', 'closed', false, () => connectedCall(ROOM_THREAD), () => connectedCall(MAIN_THREAD));
    call.breakoutRooms.update({ type: 'assignedBreakoutRooms', data: room.asSdk() });
    assert.equal(service.getState().breakoutRoom, null);
  });

  it('join on request: the room call replaces the main one with no end, the end time and chat thread follow, return goes back', async () => {
    const { service, call, states } = await connected();
    let roomCall: FakeCall | undefined;
    let mainAgain: FakeCall | undefined;
    const room = new FakeBreakoutRoom(
      ROOM_THREAD,
      'Design',
      'open',
      false,
      () => {
        removedFromMain(call);
        return (roomCall = connectedCall(ROOM_THREAD));
      },
      () => (mainAgain = connectedCall(MAIN_THREAD)),
    );
    call.breakoutRooms.update({ type: 'assignedBreakoutRooms', data: room.asSdk() });
    assert.deepEqual(service.getState().breakoutRoom, {
      id: ROOM_THREAD,
      name: 'Design',
      threadId: ROOM_THREAD,
      autoJoin: false,
      canReturn: false,
      state: 'assigned',
    });

    const joining = service.joinBreakoutRoom();
    assert.equal(service.getState().breakoutRoom?.state, 'joining');
    await joining;
    assert.equal(room.joins, 1);
    const inRoom = service.getState();
    assert.equal(inRoom.phase, 'connected', 'the main call ending during the move is not the meeting ending');
    assert.equal(inRoom.breakoutRoom?.state, 'joined');
    assert.equal(inRoom.threadId, MAIN_THREAD, 'the meeting thread stays the meeting\'s');
    assert.equal(currentThreadId(inRoom), ROOM_THREAD, 'the chat goes to the room\'s thread');
    assert.ok(states.every((state) => state.phase !== 'ended'));
    assert.equal(call.count(), 0, 'nothing left listening on the main call');
    assert.ok(roomCall!.count() > 0, 'the room call is followed');

    // Settings come once in the room: the end time, and returning allowed.
    roomCall!.breakoutRooms.update({ type: 'breakoutRoomsSettings', data: { disableReturnToMainMeeting: false, roomEndTime: { attemptTimestamp: NOW + 600_000 } } });
    assert.equal(service.getState().breakoutRoom?.endsAt, NOW + 600_000);
    assert.equal(service.getState().breakoutRoom?.canReturn, true);

    await service.returnToMainMeeting();
    assert.equal(room.returns, 1);
    const back = service.getState();
    assert.equal(back.phase, 'connected');
    assert.equal(back.breakoutRoom?.state, 'assigned', 'still assigned while rooms are open');
    assert.equal(back.breakoutRoom?.endsAt, undefined);
    assert.equal(currentThreadId(back), MAIN_THREAD);
    assert.ok(mainAgain!.count() > 0);
    assert.equal(roomCall!.count(), 0);
  });

  it('auto-move: "joining" until the SDK announces the room call; rooms closing bring the user back', async () => {
    const { service, call, states } = await connected();
    const mainAgain = connectedCall(MAIN_THREAD);
    const room = new FakeBreakoutRoom(ROOM_THREAD, 'Auto', 'open', true, () => connectedCall(ROOM_THREAD), () => mainAgain);
    call.breakoutRooms.update({ type: 'assignedBreakoutRooms', data: room.asSdk() });
    assert.equal(service.getState().breakoutRoom?.state, 'joining');
    assert.equal(service.getState().breakoutRoom?.autoJoin, true);
    removedFromMain(call);
    assert.equal(service.getState().phase, 'connected');
    const roomCall = connectedCall(ROOM_THREAD);
    call.breakoutRooms.update({ type: 'join', data: roomCall as never });
    assert.equal(service.getState().breakoutRoom?.state, 'joined');
    assert.equal(room.joins, 0, 'moved by Teams, not by join()');

    // The organizer closes the rooms: the room's feature says so, and the adapter goes back.
    const closed = new FakeBreakoutRoom(ROOM_THREAD, 'Auto', 'closed', true, () => roomCall, () => mainAgain);
    roomCall.breakoutRooms.update({ type: 'assignedBreakoutRooms', data: closed.asSdk() });
    await tick();
    assert.equal(closed.returns, 1);
    assert.equal(service.getState().breakoutRoom, null);
    assert.equal(service.getState().phase, 'connected');
    assert.ok(states.every((state) => state.phase !== 'ended'));
    assert.ok(mainAgain.count() > 0);
  });

  it('a move that never comes: the main call\'s end stands after the timeout', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { service, call } = await connected();
    const room = new FakeBreakoutRoom(ROOM_THREAD, 'Lost', 'open', true, () => connectedCall(ROOM_THREAD), () => connectedCall(MAIN_THREAD));
    call.breakoutRooms.update({ type: 'assignedBreakoutRooms', data: room.asSdk() });
    call.setState('Disconnected', { code: 0, subCode: 5000 });
    assert.equal(service.getState().phase, 'connected');
    mock.timers.tick(BREAKOUT_MOVE_TIMEOUT_MS - 1);
    assert.equal(service.getState().phase, 'connected');
    mock.timers.tick(1);
    assert.equal(service.getState().phase, 'ended');
    assert.equal(service.getState().end?.reason, 'removed');
    assert.equal(service.getState().breakoutRoom, null);
  });

  it('a main call the SDK keeps on hold while in a room is hung up with the room\'s on leave', async () => {
    const { service, call } = await connected();
    const roomCall = connectedCall(ROOM_THREAD);
    const room = new FakeBreakoutRoom(ROOM_THREAD, 'Held', 'open', false, () => roomCall, () => call);
    call.breakoutRooms.update({ type: 'assignedBreakoutRooms', data: room.asSdk() });
    await service.joinBreakoutRoom();
    assert.equal(call.state, 'Connected', 'kept (on hold) by the SDK');
    await service.leave();
    assert.equal(roomCall.hangUps, 1);
    assert.equal(call.hangUps, 1);
    assert.equal(service.getState().phase, 'ended');
    assert.equal(service.getState().end?.reason, 'local');
  });

  it('join without an open room fails with operation-failed', async () => {
    const { service } = await connected();
    await assert.rejects(service.joinBreakoutRoom(), (error: Error & { code?: string }) => error.code === 'operation-failed');
  });

  it('reads the end time however the SDK gives it', () => {
    assert.equal(endTimeOf({ attemptTimestamp: NOW }, 0), NOW);
    assert.equal(endTimeOf({ deltaTimeInMs: 60_000 }, NOW), NOW + 60_000);
    assert.equal(endTimeOf(new Date(NOW), 0), NOW);
    assert.equal(endTimeOf(new Date(NOW).toISOString(), 0), NOW);
    assert.equal(endTimeOf({ attemptTimestamp: '' }, NOW), undefined);
    assert.equal(endTimeOf('not a date', NOW), undefined);
    assert.equal(endTimeOf(undefined, NOW), undefined);
  });
});
