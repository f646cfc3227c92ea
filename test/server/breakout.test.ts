/**
 * Breakout rooms in the simulated Teams meeting: the organizer's control API (create, assign,
 * settings, open with a timer, close), what a guest sees and may do over the meeting socket, the
 * rooms' own chat threads, and bad input answered 4xx. The emulator runs on a manual clock, so the
 * room timer ends when the test moves time, and the end time is known exactly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api as request, SocketClient } from './helpers/emulator-client.js';
import { createFakeClock, FAKE_EPOCH } from './helpers/fake-clock.js';

interface Server {
  url: string;
  tokens: { mint(options?: { kind?: 'acs' | 'teams' }): { token: string; userId: string } };
  meetings?: { canChat(threadId: string, userId: string): 'allow' | 'forbidden' | 'no-thread' };
  close(): Promise<void>;
}
const appModule = '../../server/app.js';
const { startServer } = (await import(appModule)) as { startServer: (options: { port: number; quiet: boolean; clock?: unknown }) => Promise<Server> };
const clock = createFakeClock();
let server: Server;
let base: string;

before(async () => {
  server = await startServer({ port: 0, quiet: true, clock });
  base = server.url;
});
after(async () => {
  await server.close();
});

const api = (method: string, path: string, body?: unknown) => request(base, method, path, body);
const roomsPath = (threadId: string) => `/emulator/meetings/${encodeURIComponent(threadId)}/breakout-rooms`;

class Guest extends SocketClient {
  #cursor = 0;
  constructor() {
    super(new URL('emulator/ws', base.replace(/^http/, 'ws')));
  }
  async state(check: (s: any) => boolean) {
    const m = await this.next((x) => x.type === 'state' && check(x.state), 3000, this.#cursor);
    this.#cursor = this.messages.indexOf(m) + 1;
    return m.state;
  }
  async join(meetingLink: string) {
    const { token, userId } = server.tokens.mint();
    await this.opened();
    this.send({ type: 'auth', token });
    await this.next((m) => m.type === 'ready');
    this.send({ type: 'join', locator: { meetingLink }, displayName: 'Pat Guest', muted: true, cameraOn: false });
    await this.next((m) => m.type === 'joined');
    return { token, userId };
  }
}

async function meetingWithGuest() {
  const created = await api('POST', '/emulator/meetings', {});
  assert.equal(created.status, 201);
  const threadId = created.body.threadId as string;
  const guest = new Guest();
  const { token, userId } = await guest.join(created.body.meetingLink as string);
  await guest.state((s) => s.phase === 'connected');
  return { threadId, guest, token, userId };
}

describe('breakout rooms (emulator)', () => {
  it('assign, open with auto-move and a timer: the guest is moved, sees only the room, and is back when the timer ends', async () => {
    const { threadId, guest, userId } = await meetingWithGuest();
    const room = await api('POST', roomsPath(threadId), { name: 'Design' });
    assert.equal(room.status, 201);
    assert.match(room.body.threadId, /^19:meeting_.+@thread\.v2$/);
    assert.equal((await api('POST', `${roomsPath(threadId)}/${room.body.id}/assign`, { participantId: userId })).status, 200);
    // Assigned while closed: nothing to see yet.
    assert.equal((await guest.state(() => true)).breakoutRoom, null);

    const opened = await api('PATCH', roomsPath(threadId), { open: true, durationSeconds: 600 });
    assert.equal(opened.status, 200);
    assert.equal(opened.body.endsAt, new Date(FAKE_EPOCH + 600_000).toISOString());
    const inRoom = await guest.state((s) => s.breakoutRoom?.state === 'joined');
    assert.deepEqual(inRoom.breakoutRoom, {
      id: room.body.id,
      name: 'Design',
      threadId: room.body.threadId,
      endsAt: FAKE_EPOCH + 600_000,
      autoJoin: true,
      canReturn: false,
      state: 'joined',
    });
    assert.deepEqual(inRoom.participants, [], 'the main meeting\'s people are not in the room');
    // A reaction in the main meeting does not reach the room.
    const organizer = (await api('GET', `/emulator/meetings/${encodeURIComponent(threadId)}`)).body.participants.find((p: { kind: string }) => p.kind === 'teams');
    assert.equal((await api('POST', `/emulator/meetings/${encodeURIComponent(threadId)}/participants/${encodeURIComponent(organizer.id)}/reactions`, { reaction: 'like' })).status, 204);
    await guest.sync();
    assert.equal(guest.messages.filter((m) => m.type === 'reaction').length, 0);
    assert.equal(server.meetings?.canChat(room.body.threadId, userId), 'allow');

    // Leaving before the end is not allowed by default.
    await assert.rejects(guest.command({ type: 'returnToMainMeeting' }), (error: Error & { code?: string }) => error.code === 'ReturnNotAllowed');

    clock.advance(599_999);
    await guest.sync();
    assert.equal(guest.messages.filter((m) => m.type === 'state').at(-1)?.state.breakoutRoom?.state, 'joined');
    clock.advance(1);
    const back = await guest.state((s) => s.breakoutRoom === null);
    assert.ok(back.participants.length >= 2, 'back with the main meeting\'s people');
    assert.equal(server.meetings?.canChat(room.body.threadId, userId), 'forbidden');
    assert.equal(server.meetings?.canChat(threadId, userId), 'allow');
    guest.ws.close();
  });

  it('without auto-move the guest joins with a command, may return when allowed, and the room chat follows', async () => {
    const { threadId, guest, userId } = await meetingWithGuest();
    const room = await api('POST', roomsPath(threadId), { name: 'Room B' });
    await api('POST', `${roomsPath(threadId)}/${room.body.id}/assign`, { participantId: userId });
    await api('PATCH', roomsPath(threadId), { autoMove: false, canReturn: true, open: true });
    const assigned = await guest.state((s) => s.breakoutRoom?.state === 'assigned');
    assert.equal(assigned.breakoutRoom.autoJoin, false);
    assert.equal(assigned.breakoutRoom.endsAt, undefined, 'no timer set');
    assert.equal(server.meetings?.canChat(room.body.threadId, userId), 'forbidden', 'not in the room yet');

    await guest.command({ type: 'joinBreakoutRoom' });
    await guest.state((s) => s.breakoutRoom?.state === 'joined');
    assert.equal(server.meetings?.canChat(room.body.threadId, userId), 'allow');

    await guest.command({ type: 'returnToMainMeeting' });
    const back = await guest.state((s) => s.breakoutRoom?.state === 'assigned');
    assert.equal(back.breakoutRoom.id, room.body.id, 'still assigned while rooms are open');
    await assert.rejects(guest.command({ type: 'returnToMainMeeting' }), (error: Error & { code?: string }) => error.code === 'NotInBreakoutRoom');

    await api('PATCH', roomsPath(threadId), { open: false });
    await guest.state((s) => s.breakoutRoom === null);
    await assert.rejects(guest.command({ type: 'joinBreakoutRoom' }), (error: Error & { code?: string }) => error.code === 'NoBreakoutRoom');
    guest.ws.close();
  });

  it('the room has its own chat thread in the chat store, readable by the guest while in the room', async () => {
    const { threadId, guest, userId, token } = await meetingWithGuest();
    const room = await api('POST', roomsPath(threadId), { name: 'Chat room' });
    await api('POST', `${roomsPath(threadId)}/${room.body.id}/assign`, { participantId: userId });
    await api('PATCH', roomsPath(threadId), { open: true });
    await guest.state((s) => s.breakoutRoom?.state === 'joined');
    const thread = encodeURIComponent(room.body.threadId);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const posted = await fetch(new URL(`/chat/threads/${thread}/messages?api-version=2025-03-15`, base), {
      method: 'POST',
      headers,
      body: JSON.stringify({ content: 'Hello room', type: 'text', senderDisplayName: 'Pat Guest' }),
    });
    assert.equal(posted.status, 201);
    const topic = await fetch(new URL(`/chat/threads/${thread}?api-version=2025-03-15`, base), { headers });
    assert.equal(topic.status, 200);
    assert.equal(((await topic.json()) as { topic: string }).topic, 'Chat room');
    await api('PATCH', roomsPath(threadId), { open: false });
    await guest.state((s) => s.breakoutRoom === null);
    const refused = await fetch(new URL(`/chat/threads/${thread}/messages?api-version=2025-03-15`, base), { headers });
    assert.equal(refused.status, 403);
    guest.ws.close();
  });

  it('bad input gets a 4xx and the server lives on', async () => {
    const { threadId, guest } = await meetingWithGuest();
    const rooms = roomsPath(threadId);
    assert.equal((await api('POST', rooms, {})).status, 400);
    assert.equal((await api('POST', rooms, { name: '   ' })).status, 400);
    assert.equal((await api('POST', rooms, { name: 'x'.repeat(101) })).status, 400);
    assert.equal((await api('POST', rooms, { name: 42 })).status, 400);
    assert.equal((await api('PATCH', rooms, { open: true })).status, 409, 'no rooms yet');
    assert.equal((await api('POST', `${rooms}/room-404/assign`, { participantId: 'x' })).status, 404);
    const room = await api('POST', rooms, { name: 'Ok' });
    assert.equal((await api('POST', `${rooms}/${room.body.id}/assign`, { participantId: 'nobody' })).status, 404);
    assert.equal((await api('POST', `${rooms}/${room.body.id}/assign`, {})).status, 400);
    for (const durationSeconds of [0, -5, 1.5, 86_401, '60', null]) {
      assert.equal((await api('PATCH', rooms, { open: true, durationSeconds })).status, 400, String(durationSeconds));
    }
    assert.equal((await api('PATCH', rooms, { durationSeconds: 60 })).status, 400, 'a timer only with open');
    assert.equal((await api('PATCH', rooms, { autoMove: 'yes' })).status, 400);
    assert.equal((await api('GET', roomsPath('19:nope@thread.v2'))).status, 404);
    guest.send({ type: 'joinBreakoutRoom', id: 7 });
    const error = await guest.next((m) => m.type === 'error' && m.id === 7);
    assert.equal(error.code, 'NoBreakoutRoom');
    for (let i = 1; i < 50; i++) assert.equal((await api('POST', rooms, { name: `Room ${i}` })).status, 201);
    assert.equal((await api('POST', rooms, { name: 'One too many' })).status, 409);
    assert.equal((await api('GET', rooms)).body.rooms.length, 50);
    guest.ws.close();
  });
});
