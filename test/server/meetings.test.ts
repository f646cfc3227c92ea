/**
 * Simulated Teams meetings: every control API route, every end code a meeting produces, chat
 * membership (canChat), consent, reconnect grace and the fault hooks, through the real server
 * (startServer) with a Node WebSocket client speaking docs/emulator-protocol.md.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api as request, SocketClient } from './helpers/emulator-client.js';
import { createShiftableClock, type FakeClock } from './helpers/fake-clock.js';
import { until } from '../helpers/until.js';

/** What these tests use of server/app.js (plain JS, outside the test tsconfig). */
interface Server {
  url: string;
  tokens: { mint(options?: { kind?: 'acs' | 'teams'; ttlSeconds?: number; userId?: string }): { token: string; userId: string; expiresOn: string } };
  meetings?: { canChat(threadId: string, userId: string): 'allow' | 'forbidden' | 'no-thread' };
  close(): Promise<void>;
}
const appModule = '../../server/app.js';
const { startServer } = (await import(appModule)) as { startServer: (options: { port: number; quiet: boolean; clock?: FakeClock }) => Promise<Server> };
let server: Server;
let base: string;
/** The emulator's time: tokens expire when a test moves it forward, not after a real wait. */
const clock = createShiftableClock();

before(async () => {
  server = await startServer({ port: 0, quiet: true, clock });
  base = server.url;
});
after(async () => {
  await server.close();
});

const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => request(base, method, path, body, headers);

const meetingPath = (threadId: string) => `/emulator/meetings/${encodeURIComponent(threadId)}`;

async function newMeeting(options: Record<string, unknown> = {}) {
  const created = await api('POST', '/emulator/meetings', options);
  assert.equal(created.status, 201);
  return created.body as { threadId: string; meetingLink: string; meetingId: string; passcode: string };
}

function mint(options: { kind?: 'acs' | 'teams'; ttlSeconds?: number } = {}) {
  return server.tokens.mint(options);
}

/** A Node client of the meeting socket that records every message. */
class Client extends SocketClient {
  constructor() {
    super(new URL('emulator/ws', base.replace(/^http/, 'ws')));
  }

  #stateCursor = 0;

  /** The next state message (after the last one this returned) that satisfies the check. */
  async state(check: (s: any) => boolean = () => true, timeoutMs = 3000) {
    const m = await this.next((x) => x.type === 'state' && check(x.state), timeoutMs, this.#stateCursor);
    this.#stateCursor = this.messages.indexOf(m) + 1;
    return m.state;
  }

  ended() {
    return this.next((m) => m.type === 'ended', 3000);
  }

  async auth(token: string) {
    await this.opened();
    this.send({ type: 'auth', token });
    return this.next((m) => m.type === 'ready' || m.type === 'ended');
  }

  async join(token: string, locator: Record<string, string>, extra: Record<string, unknown> = {}) {
    const ready = await this.auth(token);
    if (ready.type === 'ended') return ready;
    this.send({ type: 'join', locator, displayName: 'Guest Tester', muted: true, cameraOn: false, ...extra });
    return this.next((m) => m.type === 'joined' || m.type === 'ended');
  }
}

const clients: Client[] = [];
function client() {
  const c = new Client();
  clients.push(c);
  return c;
}
after(() => {
  for (const c of clients) c.ws.terminate();
});

describe('control API: meetings', () => {
  it('POST creates a meeting with a link, an ID and a passcode; the same link finds it again', async () => {
    const created = await newMeeting({ topic: 'Quarterly review' });
    assert.match(created.threadId, /^19:meeting_.+@thread\.v2$/);
    assert.match(created.meetingLink, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3ameeting_/);
    assert.match(created.meetingId, /^\d{12}$/);
    assert.ok(created.passcode.length >= 6);

    const again = await api('POST', '/emulator/meetings', { meetingLink: created.meetingLink });
    assert.equal(again.status, 200);
    assert.equal(again.body.threadId, created.threadId);
    const byId = await api('POST', '/emulator/meetings', { meetingId: created.meetingId.replace(/(\d{3})/g, '$1 '), passcode: created.passcode });
    assert.equal(byId.status, 200);
    assert.equal(byId.body.threadId, created.threadId);
  });

  it('a classic link keeps its thread id; a short link and an ID + passcode map to stable thread ids', async () => {
    const threadId = '19:meeting_NTg0MGFhYjEtZDU1Zi00ZTRkLWI5ZjAtYzgzNDFmMjIwNzVh@thread.v2';
    const link = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(threadId)}/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22a1b2c3d4-0000-4000-8000-000000000001%22%7d`;
    const classic = await api('POST', '/emulator/meetings', { meetingLink: link });
    assert.equal(classic.status, 201);
    assert.equal(classic.body.threadId, threadId);
    const snapshot = await api('GET', meetingPath(threadId));
    assert.equal(snapshot.body.participants.find((p: any) => p.role === 'organizer').id, '8:orgid:a1b2c3d4-0000-4000-8000-000000000001');

    const short = await api('POST', '/emulator/meetings', { meetingLink: 'https://teams.microsoft.com/meet/2345678901234?p=AbCdEfGh' });
    assert.equal(short.status, 201);
    const shortAgain = await api('POST', '/emulator/meetings', { meetingLink: ' https://teams.microsoft.com/meet/2345678901234?p=AbCdEfGh ' });
    assert.equal(shortAgain.body.threadId, short.body.threadId);

    const id = await api('POST', '/emulator/meetings', { meetingId: '987 654 321 012', passcode: 'Xy7pQ2' });
    assert.equal(id.status, 201);
    assert.equal(id.body.meetingId, '987654321012');
    const otherPasscode = await api('POST', '/emulator/meetings', { meetingId: '987654321012', passcode: 'xy7pq2' });
    assert.notEqual(otherPasscode.body.threadId, id.body.threadId, 'passcodes are case-sensitive');
  });

  it('POST refuses links that are not Teams meeting links and IDs without a passcode', async () => {
    for (const meetingLink of ['http://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0', 'https://teams.live.com/meet/123456789', 'https://example.com/l/meetup-join/x', 'javascript:alert(1)', 42]) {
      const r = await api('POST', '/emulator/meetings', { meetingLink });
      assert.equal(r.status, 400, String(meetingLink));
      assert.equal(r.body.error.code, 'InvalidMeetingLink');
    }
    const noPasscode = await api('POST', '/emulator/meetings', { meetingId: '123456789012' });
    assert.equal(noPasscode.status, 400);
    const badType = await api('POST', '/emulator/meetings', { lobby: 'yes' });
    assert.equal(badType.status, 400);
  });

  it('channel meetings get a @thread.tacv2 thread and no chat for ACS users', async () => {
    const created = await newMeeting({ channel: true });
    assert.match(created.threadId, /@thread\.tacv2$/);
    const message = await api('POST', `${meetingPath(created.threadId)}/messages`, { html: '<p>hi</p>' });
    assert.equal(message.status, 409);
    const { token, userId } = mint();
    const c = client();
    const joined = await c.join(token, { meetingLink: created.meetingLink });
    assert.equal(joined.type, 'joined');
    assert.equal(joined.threadId, created.threadId);
    await c.state((s) => s.phase === 'connected');
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'forbidden');
    c.close();
  });

  it('GET lists meetings and shows one with its two Teams users; 404 for an unknown thread', async () => {
    const created = await newMeeting();
    const list = await api('GET', '/emulator/meetings');
    assert.equal(list.status, 200);
    assert.ok(list.body.value.some((m: any) => m.threadId === created.threadId && m.participantCount === 2));
    const one = await api('GET', meetingPath(created.threadId));
    assert.equal(one.status, 200);
    assert.deepEqual(
      one.body.participants.map((p: any) => [p.displayName, p.kind, p.role]),
      [
        ['Adele Vance', 'teams', 'organizer'],
        ['Alex Wilber', 'teams', 'presenter'],
      ],
    );
    for (const key of ['threadId', 'topic', 'recording', 'transcription', 'consentRequired', 'ended', 'lobby', 'participants']) assert.ok(key in one.body, key);
    for (const key of ['id', 'displayName', 'kind', 'muted', 'video', 'handRaised', 'speaking', 'screenSharing']) assert.ok(key in one.body.participants[0], key);
    assert.equal(one.body.lobbyEnabled, false);
    assert.equal(one.body.anonymousJoin, true);
    const missing = await api('GET', meetingPath('19:meeting_nope@thread.v2'));
    assert.equal(missing.status, 404);
  });

  it('PATCH changes recording, transcription, consent, lobby, anonymous join, topic and timers', async () => {
    const created = await newMeeting();
    const patched = await api('PATCH', meetingPath(created.threadId), {
      recording: true,
      transcription: true,
      consentRequired: true,
      lobby: true,
      anonymousJoin: false,
      topic: 'Renamed',
      lobbyTimeoutSeconds: 30,
      reconnectGraceSeconds: 5,
    });
    assert.equal(patched.status, 200);
    assert.deepEqual(
      [patched.body.recording, patched.body.transcription, patched.body.consentRequired, patched.body.lobbyEnabled, patched.body.anonymousJoin, patched.body.topic],
      [true, true, true, true, false, 'Renamed'],
    );
    assert.equal(patched.body.lobbyTimeoutSeconds, 30);
    assert.equal(patched.body.reconnectGraceSeconds, 5);
    assert.equal((await api('PATCH', meetingPath(created.threadId), { recording: 'on' })).status, 400);
    assert.equal((await api('PATCH', meetingPath(created.threadId), { lobbyTimeoutSeconds: -1 })).status, 400);
  });
});

describe('joining over the socket', () => {
  it('join → connected with the Teams users, chat allowed while joined, leave → 0/0 and chat forbidden', async () => {
    const created = await newMeeting();
    const { token, userId } = mint();
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'forbidden', 'not joined yet');
    assert.equal(server.meetings!.canChat('19:not-a-meeting@thread.v2', userId), 'no-thread');
    const c = client();
    const joined = await c.join(token, { meetingLink: created.meetingLink }, { displayName: 'Pat Guest' });
    assert.equal(joined.type, 'joined');
    assert.equal(joined.selfId, userId);
    assert.equal(joined.threadId, created.threadId);
    assert.ok(typeof joined.sessionId === 'string' && joined.sessionId.length > 16);
    const state = await c.state((s) => s.phase === 'connected');
    assert.equal(state.threadId, created.threadId);
    assert.equal(state.canManageLobby, false);
    assert.deepEqual(
      state.participants.map((p: any) => p.displayName),
      ['Adele Vance', 'Alex Wilber'],
    );
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'allow');
    const snapshot = await api('GET', meetingPath(created.threadId));
    assert.ok(snapshot.body.participants.some((p: any) => p.id === userId && p.kind === 'acs' && p.displayName === 'Pat Guest'));

    c.send({ type: 'leave' });
    const ended = await c.ended();
    assert.deepEqual([ended.code, ended.subCode], [0, 0]);
    assert.equal(await c.closed, 1000);
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'forbidden', 'after leaving');
  });

  it('joins by meeting ID + passcode, and an unknown locator ends with 404/4500', async () => {
    const created = await newMeeting();
    const { token } = mint();
    const c = client();
    const joined = await c.join(token, { meetingId: created.meetingId, passcode: created.passcode });
    assert.equal(joined.threadId, created.threadId);
    const bad = client();
    const ended = await bad.join(mint().token, { meetingLink: 'https://example.com/not-teams' });
    assert.deepEqual([ended.type, ended.code, ended.subCode], ['ended', 404, 4500]);
    c.close();
  });

  it('a link never seen before creates its meeting on first use (lobby off, anonymous allowed, two Teams users)', async () => {
    const link = 'https://teams.microsoft.com/meet/3999000111222?p=FirstUse1';
    const c = client();
    const joined = await c.join(mint().token, { meetingLink: link });
    assert.equal(joined.type, 'joined');
    const state = await c.state((s) => s.phase === 'connected');
    assert.equal(state.participants.length, 2);
    c.close();
  });

  it('an invalid token ends with 401/10009; a token from another issuer too', async () => {
    const c = client();
    const ended = await c.auth('not-a-token');
    assert.deepEqual([ended.type, ended.code, ended.subCode], ['ended', 401, 10009]);
    assert.equal(await c.closed, 4401);

    const other = await startServer({ port: 0, quiet: true });
    try {
      const foreign = other.tokens.mint({}) as { token: string };
      const d = client();
      const ended2 = await d.auth(foreign.token);
      assert.deepEqual([ended2.code, ended2.subCode], [401, 10009]);
    } finally {
      await other.close();
    }

    const e = client();
    await e.opened();
    e.send({ type: 'join', locator: { meetingId: '123456789', passcode: 'x' } });
    const ended3 = await e.ended();
    assert.deepEqual([ended3.code, ended3.subCode], [401, 10009], 'anything before auth');
  });

  it('a token that expires during the call ends it with 495/4507 unless refreshed', async () => {
    const created = await newMeeting();
    const short = server.tokens.mint({ ttlSeconds: 60 });
    const c = client();
    await c.join(short.token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');

    const refreshed = server.tokens.mint({ ttlSeconds: 60 });
    const d = client();
    await d.join(refreshed.token, { meetingLink: created.meetingLink });
    const longer = server.tokens.mint({ userId: refreshed.userId, ttlSeconds: 3600 });
    await d.command({ type: 'token', token: longer.token });
    await assert.rejects(d.command({ type: 'token', token: mint().token }), /not valid for this user/);

    clock.advance(61_000);
    const ended = await c.next((m) => m.type === 'ended');
    assert.deepEqual([ended.code, ended.subCode], [495, 4507]);
    await d.sync();
    assert.equal(d.messages.some((m) => m.type === 'ended'), false, 'the refreshed token keeps the call');
    c.close();
    d.close();
  });

  it('the same identity joining again elsewhere takes over: the first socket ends with 0/5003', async () => {
    const created = await newMeeting();
    const { token, userId } = mint();
    const first = client();
    await first.join(token, { meetingLink: created.meetingLink });
    await first.state((s) => s.phase === 'connected');
    const second = client();
    await second.join(token, { meetingLink: created.meetingLink });
    const ended = await first.ended();
    assert.deepEqual([ended.code, ended.subCode], [0, 5003]);
    await second.state((s) => s.phase === 'connected');
    const snapshot = await api('GET', meetingPath(created.threadId));
    assert.equal(snapshot.body.participants.filter((p: any) => p.id === userId).length, 1);
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'allow');
    second.close();
  });

  it('anonymous join disabled: the socket join ends with 403 and the Node join route answers 403', async () => {
    const created = await newMeeting({ anonymousJoin: false });
    const c = client();
    const ended = await c.join(mint().token, { meetingLink: created.meetingLink });
    assert.deepEqual([ended.type, ended.code, ended.subCode], ['ended', 403, 0]);
    const r = await api('POST', `${meetingPath(created.threadId)}/join`, { userId: mint().userId, displayName: 'Node Guest' });
    assert.equal(r.status, 403);
    // A Teams identity is not anonymous.
    const teams = mint({ kind: 'teams' });
    const t = client();
    const joined = await t.join(teams.token, { meetingLink: created.meetingLink });
    assert.equal(joined.type, 'joined');
    t.close();
  });

  it('pre-join lookup: topic and guests allowed, per identity, without creating a meeting', async () => {
    const created = await newMeeting({ anonymousJoin: false, topic: 'Budget review' });
    const c = client();
    assert.equal((await c.auth(mint().token)).type, 'ready');
    c.send({ type: 'lookup', id: 7, locator: { meetingLink: created.meetingLink } });
    const guest = await c.next((m) => m.type === 'lookup');
    assert.deepEqual(guest, { type: 'lookup', id: 7, found: true, topic: 'Budget review', guestsAllowed: false });
    c.send({ type: 'lookup', locator: { meetingId: created.meetingId, passcode: created.passcode } });
    const byId = await c.next((m) => m.type === 'lookup' && m.id === undefined);
    assert.equal(byId.guestsAllowed, false);
    // Unknown meetings are not created by a lookup (a join would create them).
    const before = (await api('GET', '/emulator/meetings')).body.value.length;
    const unknown = 'https://teams.microsoft.com/meet/99887766554433?p=NeverSeen';
    c.send({ type: 'lookup', id: 8, locator: { meetingLink: unknown } });
    assert.deepEqual(await c.next((m) => m.type === 'lookup' && m.id === 8), { type: 'lookup', id: 8, found: false });
    c.send({ type: 'lookup', id: 9, locator: 'not a locator' });
    assert.deepEqual(await c.next((m) => m.type === 'lookup' && m.id === 9), { type: 'lookup', id: 9, found: false });
    assert.equal((await api('GET', '/emulator/meetings')).body.value.length, before);
    // The same socket can still join afterwards; the answer is the one the lookup announced.
    c.send({ type: 'join', locator: { meetingLink: created.meetingLink }, displayName: 'Guest', muted: true, cameraOn: false });
    const ended = await c.ended();
    assert.deepEqual([ended.code, ended.subCode], [403, 0]);
    const teams = client();
    assert.equal((await teams.auth(mint({ kind: 'teams' }).token)).type, 'ready');
    teams.send({ type: 'lookup', id: 1, locator: { meetingLink: created.meetingLink } });
    assert.equal((await teams.next((m) => m.type === 'lookup')).guestsAllowed, true);
    teams.close();
  });
});

describe('lobby', () => {
  it('waits in the lobby, is listed, admitted → connected and in the chat', async () => {
    const created = await newMeeting({ lobby: true });
    const { token, userId } = mint();
    const c = client();
    await c.join(token, { meetingLink: created.meetingLink }, { displayName: 'Lobby Larry' });
    const waiting = await c.state((s) => s.phase === 'lobby');
    assert.deepEqual(waiting.participants, [], 'nobody is visible from the lobby');
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'forbidden');
    const snapshot = await api('GET', meetingPath(created.threadId));
    assert.deepEqual(snapshot.body.lobby, [{ id: userId, displayName: 'Lobby Larry' }]);
    await assert.rejects(c.command({ type: 'raiseHand', raised: true }), /lobby/);

    const admit = await api('POST', `${meetingPath(created.threadId)}/lobby/${encodeURIComponent(userId)}/admit`);
    assert.equal(admit.status, 204);
    await c.state((s) => s.phase === 'connected' && s.participants.length === 2);
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'allow');
    const again = await api('POST', `${meetingPath(created.threadId)}/lobby/${encodeURIComponent(userId)}/admit`);
    assert.equal(again.status, 404);
    c.close();
  });

  it('denied → 0/5854', async () => {
    const created = await newMeeting({ lobby: true });
    const { token, userId } = mint();
    const c = client();
    await c.join(token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'lobby');
    const deny = await api('POST', `${meetingPath(created.threadId)}/lobby/${encodeURIComponent(userId)}/deny`);
    assert.equal(deny.status, 204);
    const ended = await c.ended();
    assert.deepEqual([ended.code, ended.subCode], [0, 5854]);
    const snapshot = await api('GET', meetingPath(created.threadId));
    assert.deepEqual(snapshot.body.lobby, []);
    assert.ok(snapshot.body.departed.some((d: any) => d.id === userId && d.subCode === 5854));
  });

  it('lobby timeout → 0/5855 (configurable per meeting, on the emulator clock)', async () => {
    const created = await newMeeting({ lobby: true });
    await api('PATCH', meetingPath(created.threadId), { lobbyTimeoutSeconds: 600 });
    const c = client();
    await c.join(mint().token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'lobby');
    // This suite's clock is the real one shifted by advance(): a 10 s margin covers the real time
    // that passes between the join and the check.
    clock.advance(590_000);
    await c.sync();
    assert.equal(c.messages.some((m) => m.type === 'ended'), false, 'still waiting 10 s before the timeout');
    clock.advance(10_000);
    const ended = await c.ended();
    assert.deepEqual([ended.code, ended.subCode], [0, 5855]);
    c.close();
  });

  it('admit-all admits everyone waiting; Node joins wait in the lobby too', async () => {
    const created = await newMeeting({ lobby: true });
    const a = client();
    await a.join(mint().token, { meetingLink: created.meetingLink });
    const nodeUser = mint();
    const nodeJoin = await api('POST', `${meetingPath(created.threadId)}/join`, { userId: nodeUser.userId, displayName: 'Node Nora' });
    assert.equal(nodeJoin.status, 201);
    assert.equal(nodeJoin.body.state, 'lobby');
    const all = await api('POST', `${meetingPath(created.threadId)}/lobby/admit-all`);
    assert.deepEqual([all.status, all.body.admitted], [200, 2]);
    await a.state((s) => s.phase === 'connected' && s.participants.some((p: any) => p.displayName === 'Node Nora'));
    assert.equal(server.meetings!.canChat(created.threadId, nodeUser.userId), 'allow');
    a.close();
  });

  it('a Teams user signed in through the Entra exchange appears under their Teams name', async () => {
    const created = await newMeeting();
    const entra = await api('GET', '/emulator/entra-token?name=Lidia%20Holloway');
    const exchanged = await api('POST', '/api/token/teams', { entraToken: entra.body.token });
    assert.equal(exchanged.status, 200);
    const teamsUser = client();
    await teamsUser.join(exchanged.body.token, { meetingLink: created.meetingLink }, { displayName: '' });
    await teamsUser.state((s) => s.phase === 'connected');
    const meeting = await api('GET', meetingPath(created.threadId));
    const self = meeting.body.participants.find((p: any) => p.id === exchanged.body.userId);
    assert.equal(self?.displayName, 'Lidia Holloway');
    teamsUser.close();
  });

  it('guests cannot manage the lobby; a Teams identity (presenter) can admit and reject', async () => {
    const created = await newMeeting({ lobby: true });
    const presenter = client();
    await presenter.join(mint({ kind: 'teams' }).token, { meetingLink: created.meetingLink }, { displayName: 'Megan Bowen' });
    await presenter.state((s) => s.phase === 'connected' && s.canManageLobby === true);
    const guest = client();
    const guestToken = mint();
    await guest.join(guestToken.token, { meetingLink: created.meetingLink });
    await presenter.state((s) => s.lobby.some((l: any) => l.id === guestToken.userId));
    await presenter.command({ type: 'admit', participantId: guestToken.userId });
    await guest.state((s) => s.phase === 'connected' && s.canManageLobby === false);
    await assert.rejects(presenter.command({ type: 'admit', participantId: 'nobody' }), /lobby/);

    const second = client();
    const secondToken = mint();
    await second.join(secondToken.token, { meetingLink: created.meetingLink });
    await second.state((s) => s.phase === 'lobby');
    await assert.rejects(guest.command({ type: 'admit', participantId: secondToken.userId }), (e: any) => e.code === 'Forbidden');
    await presenter.command({ type: 'reject', participantId: secondToken.userId });
    const ended = await second.ended();
    assert.deepEqual([ended.code, ended.subCode], [0, 5854]);
    presenter.close();
    guest.close();
  });
});

describe('participants and the meeting', () => {
  it('POST/PATCH/DELETE participants: Teams and phone users join, mute, video, hand, speaking, screen share, leave', async () => {
    const created = await newMeeting();
    const c = client();
    await c.join(mint().token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');
    const path = `${meetingPath(created.threadId)}/participants`;

    const added = await api('POST', path, { displayName: 'Nestor Wilke', kind: 'teams', muted: false, video: true });
    assert.equal(added.status, 201);
    assert.match(added.body.id, /^8:orgid:/);
    const nestor = added.body.id as string;
    await c.state((s) => s.participants.some((p: any) => p.id === nestor && p.video && !p.muted));

    const phone = await api('POST', path, { displayName: '+1 425 555 0100', kind: 'phone' });
    assert.match(phone.body.id, /^4:\+/);
    assert.equal((await api('POST', path, { displayName: 'Phone', kind: 'phone', video: true })).status, 400);
    assert.equal((await api('POST', path, { kind: 'teams' })).status, 400);
    assert.equal((await api('POST', path, { displayName: 'X', kind: 'robot' })).status, 400);
    assert.equal((await api('PATCH', `${path}/${encodeURIComponent(phone.body.id)}`, { screenSharing: true })).status, 400);

    const patch = (body: unknown) => api('PATCH', `${path}/${encodeURIComponent(nestor)}`, body);
    assert.equal((await patch({ handRaised: true })).status, 200);
    await c.state((s) => s.participants.some((p: any) => p.id === nestor && p.handRaised));
    await patch({ speaking: true });
    const speaking = await c.state((s) => s.dominantSpeakers[0] === nestor);
    assert.ok(speaking.participants.find((p: any) => p.id === nestor).speaking);
    await patch({ screenSharing: true });
    await c.state((s) => s.participants.some((p: any) => p.id === nestor && p.screenSharing));
    const muted = await patch({ muted: true });
    assert.equal(muted.body.muted, true);
    assert.equal(muted.body.speaking, false, 'muted people do not speak');
    assert.equal((await api('PATCH', `${path}/nobody`, { muted: true })).status, 404);

    assert.equal((await api('DELETE', `${path}/${encodeURIComponent(nestor)}`)).status, 204);
    await c.state((s) => !s.participants.some((p: any) => p.id === nestor));
    assert.equal((await api('DELETE', `${path}/${encodeURIComponent(nestor)}`)).status, 404);
    c.close();
  });

  it('removing an ACS user ends its call with 0/5000 and takes it out of the chat', async () => {
    const created = await newMeeting();
    const { token, userId } = mint();
    const c = client();
    await c.join(token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'allow');
    const removed = await api('DELETE', `${meetingPath(created.threadId)}/participants/${encodeURIComponent(userId)}`);
    assert.equal(removed.status, 204);
    const ended = await c.ended();
    assert.deepEqual([ended.code, ended.subCode], [0, 5000]);
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'forbidden');
  });

  it('end for everyone → 0/4097 to every ACS user; the meeting reports ended', async () => {
    const created = await newMeeting();
    const a = client();
    const b = client();
    await a.join(mint().token, { meetingLink: created.meetingLink });
    await b.join(mint().token, { meetingLink: created.meetingLink });
    await a.state((s) => s.participants.length === 3);
    const end = await api('POST', `${meetingPath(created.threadId)}/end`);
    assert.equal(end.status, 200);
    assert.equal(end.body.ended, true);
    for (const c of [a, b]) {
      const ended = await c.ended();
      assert.deepEqual([ended.code, ended.subCode], [0, 4097]);
    }
    assert.equal((await api('GET', meetingPath(created.threadId))).body.participants.length, 0);
    assert.equal((await api('POST', `${meetingPath(created.threadId)}/participants`, { displayName: 'Late', kind: 'teams' })).status, 409);
  });

  it('Node join route joins an ACS user without a browser', async () => {
    const created = await newMeeting();
    const user = mint();
    const r = await api('POST', `${meetingPath(created.threadId)}/join`, { userId: user.userId, displayName: 'Node Ned' });
    assert.deepEqual([r.status, r.body.state], [201, 'connected']);
    assert.equal(server.meetings!.canChat(created.threadId, user.userId), 'allow');
    assert.equal((await api('POST', `${meetingPath(created.threadId)}/join`, {})).status, 400);
    await api('DELETE', `${meetingPath(created.threadId)}/participants/${encodeURIComponent(user.userId)}`);
    assert.equal(server.meetings!.canChat(created.threadId, user.userId), 'forbidden');
  });

  it('recording and transcription reach the client; explicit consent holds the user muted with camera off until granted', async () => {
    const created = await newMeeting();
    const c = client();
    await c.join(mint().token, { meetingLink: created.meetingLink }, { muted: false, cameraOn: true });
    const before = await c.state((s) => s.phase === 'connected');
    assert.deepEqual([before.muted, before.video, before.recording, before.consentRequired], [false, true, false, false]);

    await api('PATCH', meetingPath(created.threadId), { recording: true, transcription: true, consentRequired: true });
    const held = await c.state((s) => s.recording && s.transcription && s.consentRequired);
    assert.deepEqual([held.muted, held.video, held.consentGranted], [true, false, false]);
    await assert.rejects(c.command({ type: 'mute', muted: false }), (e: any) => e.code === 'ConsentRequired');
    await assert.rejects(c.command({ type: 'camera', on: true }), (e: any) => e.code === 'ConsentRequired');
    await assert.rejects(c.command({ type: 'screenShare', on: true }), (e: any) => e.code === 'ConsentRequired');

    await c.command({ type: 'grantConsent' });
    await c.state((s) => s.consentGranted);
    await c.command({ type: 'mute', muted: false });
    await c.command({ type: 'camera', on: true });
    const after = await c.state((s) => !s.muted && s.video);
    assert.equal(after.consentRequired, true);

    await api('PATCH', meetingPath(created.threadId), { recording: false, transcription: false });
    await c.state((s) => !s.recording && !s.transcription && !s.consentRequired);
    c.close();
  });

  it('commands: mute, camera, screen share, hand, reactions both ways, captions from Teams speakers', async () => {
    const created = await newMeeting();
    const a = client();
    const b = client();
    const aUser = mint();
    await a.join(aUser.token, { meetingLink: created.meetingLink });
    await b.join(mint().token, { meetingLink: created.meetingLink });
    await b.state((s) => s.participants.length === 3);
    await a.command({ type: 'mute', muted: false });
    await a.command({ type: 'camera', on: true });
    await a.command({ type: 'screenShare', on: true });
    await a.command({ type: 'raiseHand', raised: true });
    await b.state((s) => s.participants.some((p: any) => p.id === aUser.userId && !p.muted && p.video && p.screenSharing && p.handRaised));
    await assert.rejects(a.command({ type: 'mute', muted: 'no' }), (e: any) => e.code === 'BadRequest');
    await assert.rejects(a.command({ type: 'dance' }), (e: any) => e.code === 'UnknownCommand');

    await a.command({ type: 'reaction', reaction: 'applause' });
    const reaction = await b.next((m) => m.type === 'reaction');
    assert.deepEqual([reaction.participantId, reaction.reaction], [aUser.userId, 'applause']);
    await assert.rejects(a.command({ type: 'reaction', reaction: 'boo' }));
    const snapshot = await api('GET', meetingPath(created.threadId));
    const adele = snapshot.body.participants.find((p: any) => p.displayName === 'Adele Vance');
    assert.equal((await api('POST', `${meetingPath(created.threadId)}/participants/${encodeURIComponent(adele.id)}/reactions`, { reaction: 'heart' })).status, 204);
    const fromTeams = await a.next((m) => m.type === 'reaction' && m.participantId === adele.id);
    assert.equal(fromTeams.reaction, 'heart');

    await a.command({ type: 'captions', active: true, spokenLanguage: 'en-us' });
    const partial = await a.next((m) => m.type === 'caption' && !m.caption.final, 3000);
    assert.equal(partial.caption.speakerName, 'Adele Vance', 'the unmuted Teams user speaks');
    const final = await a.next((m) => m.type === 'caption' && m.caption.final && m.caption.id === partial.caption.id, 3000);
    assert.ok(final.caption.text.startsWith(partial.caption.text));
    assert.equal(b.messages.some((m) => m.type === 'caption'), false, 'captions only for who started them');
    await a.command({ type: 'captions', active: false });
    a.close();
    b.close();
  });

  it('activity: unmuted Teams users take turns speaking on their own', async () => {
    const created = await newMeeting();
    const c = client();
    await c.join(mint().token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');
    const patched = await api('PATCH', meetingPath(created.threadId), { activity: true });
    assert.equal(patched.body.activity, true);
    const speaking = await c.state((s) => s.participants.some((p: any) => p.speaking));
    const speaker = speaking.participants.find((p: any) => p.speaking);
    assert.equal(speaker.displayName, 'Adele Vance', 'Alex is muted, so only Adele talks');
    assert.equal(speaking.dominantSpeakers[0], speaker.id);
    await api('PATCH', meetingPath(created.threadId), { activity: false });
    await c.state((s) => !s.participants.some((p: any) => p.speaking));
    c.close();
  });

  it('heartbeat: ping gets pong', async () => {
    const c = client();
    await c.opened();
    c.send({ type: 'ping', id: 7 });
    const pong = await c.next((m) => m.type === 'pong');
    assert.equal(pong.id, 7);
    c.close();
  });
});

describe('reconnect grace', () => {
  it('a dropped socket keeps the seat (connecting), and resume within the grace returns to connected', async () => {
    const created = await newMeeting();
    const { token, userId } = mint();
    const c = client();
    const joined = await c.join(token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');
    c.ws.terminate();
    await c.closed;
    const stateOf = async () => (await api('GET', meetingPath(created.threadId))).body.participants.find((p: any) => p.id === userId)?.state;
    await until(async () => (await stateOf()) !== 'connected', 'the emulator to see the socket drop');
    assert.equal(await stateOf(), 'connecting');
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'allow', 'still a member while reconnecting');

    const d = client();
    await d.auth(token);
    d.send({ type: 'resume', sessionId: joined.sessionId });
    const resumed = await d.next((m) => m.type === 'joined' || m.type === 'ended');
    assert.equal(resumed.type, 'joined');
    assert.equal(resumed.resumed, true);
    await d.state((s) => s.phase === 'connected');
    const back = await api('GET', meetingPath(created.threadId));
    assert.equal(back.body.participants.find((p: any) => p.id === userId).state, 'connected');

    const stranger = client();
    await stranger.auth(mint().token);
    stranger.send({ type: 'resume', sessionId: joined.sessionId });
    const refused = await stranger.ended();
    assert.deepEqual([refused.code, refused.subCode], [410, 3101], 'a session belongs to its user');
    d.close();
  });

  it('after the grace period the participant is gone: resume ends with 410/3101', async () => {
    const created = await newMeeting();
    await api('PATCH', meetingPath(created.threadId), { reconnectGraceSeconds: 0.2 });
    const { token, userId } = mint();
    const c = client();
    const joined = await c.join(token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');
    c.ws.terminate();
    await until(() => server.meetings!.canChat(created.threadId, userId) === 'forbidden', 'the grace period to run out');
    const d = client();
    await d.auth(token);
    d.send({ type: 'resume', sessionId: joined.sessionId });
    const ended = await d.ended();
    assert.deepEqual([ended.code, ended.subCode], [410, 3101]);
  });

  it('removed while reconnecting: the resume learns 0/5000', async () => {
    const created = await newMeeting();
    const { token, userId } = mint();
    const c = client();
    const joined = await c.join(token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');
    c.ws.terminate();
    await c.closed;
    await until(
      async () => (await api('GET', meetingPath(created.threadId))).body.participants.find((p: any) => p.id === userId)?.state === 'connecting',
      'the emulator to see the socket drop',
    );
    await api('DELETE', `${meetingPath(created.threadId)}/participants/${encodeURIComponent(userId)}`);
    const d = client();
    await d.auth(token);
    d.send({ type: 'resume', sessionId: joined.sessionId });
    const ended = await d.ended();
    assert.deepEqual([ended.code, ended.subCode], [0, 5000]);
  });
});

describe('the organizer console reads the meeting chat', () => {
  it('GET /emulator/meetings/{id}/messages: guests’ and Teams users’ messages, newest first, deletions marked', async () => {
    const created = await newMeeting();
    const { token } = mint();
    const c = client();
    await c.join(token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');
    const teams = await api('POST', `${meetingPath(created.threadId)}/messages`, { displayName: 'Alex Wilber', html: '<p>Hello <b>guest</b></p>' });
    const posted = await api('POST', `/chat/threads/${encodeURIComponent(created.threadId)}/messages?api-version=2025-03-15`, { content: 'Hi from the web', type: 'text', senderDisplayName: 'Pat Guest' }, { authorization: `Bearer ${token}` });
    const listed = await api('GET', `${meetingPath(created.threadId)}/messages`);
    assert.equal(listed.status, 200);
    const value = listed.body.value as any[];
    const guest = value.find((m) => m.id === posted.body.id);
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    assert.deepEqual([guest.senderDisplayName, guest.content, guest.type], ['Pat Guest', 'Hi from the web', 'text']);
    const fromTeams = value.find((m) => m.id === teams.body.id);
    assert.equal(fromTeams.senderKind, 'microsoftTeamsUser');
    assert.equal(value.indexOf(guest) < value.indexOf(fromTeams), true, 'newest first');
    assert.equal(value.some((m) => m.type !== 'text' && m.type !== 'html'), false, 'no system messages');
    await api('DELETE', `${meetingPath(created.threadId)}/messages/${teams.body.id}`);
    const after = (await api('GET', `${meetingPath(created.threadId)}/messages`)).body.value as any[];
    const deleted = after.find((m) => m.id === teams.body.id);
    assert.ok(deleted.deletedOn);
    assert.equal('content' in deleted, false);
    assert.equal((await api('GET', `${meetingPath('19:meeting_nope@thread.v2')}/messages`)).status, 404);
  });
});

describe('chat messages from Teams users', () => {
  it('POST html with a link, a mention and an inline image; the image is served to joined users only; PATCH and DELETE', async () => {
    const created = await newMeeting();
    const { token, userId } = mint();
    const c = client();
    await c.join(token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const html =
      '<p>Hi <span itemtype="http://schema.skype.com/Mention" itemscope itemid="0">Pat Guest</span>, the deck is on <a href="https://contoso.sharepoint.com/deck" title="https://contoso.sharepoint.com/deck">SharePoint</a>.</p>';
    const posted = await api('POST', `${meetingPath(created.threadId)}/messages`, {
      displayName: 'Alex Wilber',
      html,
      images: [{ contentType: 'image/png', data: png.toString('base64'), width: 1, height: 1 }],
    });
    assert.equal(posted.status, 201);
    assert.ok(posted.body.id);

    const messages = await api('GET', `/chat/threads/${encodeURIComponent(created.threadId)}/messages?api-version=2025-03-15`, undefined, {
      authorization: `Bearer ${token}`,
    });
    assert.equal(messages.status, 200);
    const message = messages.body.value.find((m: any) => m.id === posted.body.id);
    assert.equal(message.type, 'html');
    assert.equal(message.senderDisplayName, 'Alex Wilber');
    assert.equal(message.senderCommunicationIdentifier.kind, 'microsoftTeamsUser');
    assert.ok(message.content.message.startsWith(html));
    const attachment = message.content.attachments[0];
    assert.equal(attachment.attachmentType, 'image');
    assert.match(message.content.message, new RegExp(`<img alt="image" src="" itemscope="png" width="1" height="1" id="${attachment.id}"`));
    assert.ok(attachment.previewUrl.startsWith(`${base}chat/threads/`));

    const image = await fetch(attachment.url, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), png);
    assert.equal((await fetch(attachment.previewUrl)).status, 401);
    assert.equal((await fetch(attachment.previewUrl, { headers: { authorization: `Bearer ${mint().token}` } })).status, 403);

    const edited = await api('PATCH', `${meetingPath(created.threadId)}/messages/${posted.body.id}`, { html: '<p>Edited <b>text</b></p>' });
    assert.equal(edited.status, 204);
    const text = await api('POST', `${meetingPath(created.threadId)}/messages`, { text: 'plain words' });
    assert.equal(text.status, 201);
    const deleted = await api('DELETE', `${meetingPath(created.threadId)}/messages/${text.body.id}`);
    assert.equal(deleted.status, 204);
    const after = await api('GET', `/chat/threads/${encodeURIComponent(created.threadId)}/messages?api-version=2025-03-15`, undefined, {
      authorization: `Bearer ${token}`,
    });
    const editedMessage = after.body.value.find((m: any) => m.id === posted.body.id);
    assert.equal(editedMessage.content.message, '<p>Edited <b>text</b></p>');
    assert.ok(editedMessage.editedOn);
    assert.ok(after.body.value.find((m: any) => m.id === text.body.id).deletedOn);

    assert.equal((await api('POST', `${meetingPath(created.threadId)}/messages`, {})).status, 400);
    assert.equal((await api('POST', `${meetingPath(created.threadId)}/messages`, { html: '<p>x</p>', images: [{ contentType: 'image/svg+xml', data: 'PHN2Zz4=' }] })).status, 400);

    c.send({ type: 'leave' });
    await c.ended();
    const forbidden = await api('GET', `/chat/threads/${encodeURIComponent(created.threadId)}/messages?api-version=2025-03-15`, undefined, {
      authorization: `Bearer ${token}`,
    });
    assert.equal(forbidden.status, 403, 'chat returns 403 after leaving');
    assert.equal(server.meetings!.canChat(created.threadId, userId), 'forbidden');
  });
});

describe('fault hooks', () => {
  it('a meeting fault fails control routes (status, Retry-After), then clears', async () => {
    const created = await newMeeting();
    const set = await api('POST', '/emulator/faults', { target: 'meeting', status: 503, retryAfterSeconds: 2, count: 1 });
    assert.equal(set.status, 201);
    const failed = await api('GET', meetingPath(created.threadId));
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('retry-after'), '2');
    assert.equal((await api('GET', meetingPath(created.threadId))).status, 200, 'count: 1 fails one request');
    await api('POST', '/emulator/faults', { target: 'meeting', latencyMs: 300 });
    const started = Date.now();
    assert.equal((await api('GET', meetingPath(created.threadId))).status, 200);
    assert.ok(Date.now() - started >= 290, 'latency applies');
    assert.equal((await api('DELETE', '/emulator/faults')).status, 204);
  });

  it('drop kills the socket; the client resumes its seat; a status fault answers a command with an error', async () => {
    const created = await newMeeting();
    const { token } = mint();
    const c = client();
    const joined = await c.join(token, { meetingLink: created.meetingLink });
    await c.state((s) => s.phase === 'connected');
    await api('POST', '/emulator/faults', { target: 'meeting', drop: true, count: 1 });
    c.send({ type: 'mute', muted: false, id: 1 });
    assert.equal(await c.closed, 1006);
    const d = client();
    await d.auth(token);
    d.send({ type: 'resume', sessionId: joined.sessionId });
    assert.equal((await d.next((m) => m.type === 'joined')).resumed, true);

    await api('POST', '/emulator/faults', { target: 'meeting', status: 500, count: 1 });
    await assert.rejects(d.command({ type: 'raiseHand', raised: true }), /Injected fault/);
    await d.command({ type: 'raiseHand', raised: true });

    await api('POST', '/emulator/faults', { target: 'meeting', drop: true, count: 1 });
    const refused = new Client();
    clients.push(refused);
    await assert.rejects(refused.opened());
    await api('DELETE', '/emulator/faults');
    d.close();
  });
});

describe('meeting options and roles (issue 14)', () => {
  it('attendee mic/camera off hard-mutes, a self unmute is refused MeetingRestricted; a presenter is not restricted', async () => {
    const created = await newMeeting();
    const c = client();
    await c.join(mint().token, { meetingLink: created.meetingLink }, { muted: false, cameraOn: true });
    const first = await c.state((s) => s.phase === 'connected');
    assert.equal(first.role, 'attendee');
    assert.deepEqual(first.capabilities.unmuteMic, { allowed: true });

    const patched = await api('PATCH', meetingPath(created.threadId), { attendeeMic: false, attendeeCamera: false, reactions: false, whoCanPresent: 'organizers' });
    assert.equal(patched.status, 200);
    assert.deepEqual([patched.body.attendeeMic, patched.body.attendeeCamera, patched.body.reactions, patched.body.whoCanPresent], [false, false, false, 'organizers']);
    const held = await c.state((s) => !s.capabilities.unmuteMic.allowed);
    assert.deepEqual([held.muted, held.video], [true, false]);
    assert.deepEqual(held.capabilities.unmuteMic, { allowed: false, reason: 'meeting' });
    assert.deepEqual(held.capabilities.shareScreen, { allowed: false, reason: 'role' });
    assert.deepEqual(held.capabilities.useReactions, { allowed: false, reason: 'meeting' });
    await assert.rejects(c.command({ type: 'mute', muted: false }), (e: any) => e.code === 'MeetingRestricted');
    await assert.rejects(c.command({ type: 'camera', on: true }), (e: any) => e.code === 'MeetingRestricted');
    await assert.rejects(c.command({ type: 'screenShare', on: true }), (e: any) => e.code === 'RoleRestricted');
    await assert.rejects(c.command({ type: 'reaction', reaction: 'like' }), (e: any) => e.code === 'MeetingRestricted');

    const self = first.selfId as string;
    const promoted = await api('PATCH', `${meetingPath(created.threadId)}/participants/${encodeURIComponent(self)}`, { role: 'presenter' });
    assert.equal(promoted.status, 200);
    const presenter = await c.state((s) => s.role === 'presenter');
    assert.equal(presenter.capabilities.unmuteMic.allowed, true);
    assert.equal(presenter.canManageLobby, true);
    await c.command({ type: 'mute', muted: false });
    await c.command({ type: 'screenShare', on: true });

    await api('PATCH', `${meetingPath(created.threadId)}/participants/${encodeURIComponent(self)}`, { role: 'attendee' });
    const demoted = await c.state((s) => s.role === 'attendee');
    assert.deepEqual([demoted.muted, demoted.screenSharing], [true, false]);
    c.close();
  });

  it('refuses bad option and role values with 400', async () => {
    const created = await newMeeting();
    assert.equal((await api('PATCH', meetingPath(created.threadId), { whoCanPresent: 'nobody' })).status, 400);
    assert.equal((await api('PATCH', meetingPath(created.threadId), { attendeeMic: 'no' })).status, 400);
    const snapshot = await api('GET', meetingPath(created.threadId));
    const organizer = snapshot.body.participants.find((p: any) => p.role === 'organizer');
    assert.equal((await api('PATCH', `${meetingPath(created.threadId)}/participants/${encodeURIComponent(organizer.id)}`, { role: 'king' })).status, 400);
  });
});

describe('network quality (issue 14)', () => {
  it('the console degrades a participant or the guest itself; the guest hears it in its state', async () => {
    const created = await newMeeting();
    const c = client();
    await c.join(mint().token, { meetingLink: created.meetingLink }, { muted: true, cameraOn: false });
    const first = await c.state((s) => s.phase === 'connected');
    assert.equal(first.network, 'good');
    const organizer = first.participants.find((p: any) => p.kind === 'teams');
    assert.equal(organizer.network, 'good');

    const degraded = await api('PATCH', `${meetingPath(created.threadId)}/participants/${encodeURIComponent(organizer.id)}`, { network: 'bad' });
    assert.equal(degraded.status, 200);
    assert.equal(degraded.body.network, 'bad');
    const seen = await c.state((s) => s.participants.some((p: any) => p.id === organizer.id && p.network === 'bad'));
    assert.equal(seen.network, 'good');

    const self = first.selfId as string;
    assert.equal((await api('PATCH', `${meetingPath(created.threadId)}/participants/${encodeURIComponent(self)}`, { network: 'poor' })).status, 200);
    assert.equal((await c.state((s) => s.network === 'poor')).network, 'poor');
    c.close();
  });

  it('refuses an unknown network level with 400 and changes nothing', async () => {
    const created = await newMeeting();
    const snapshot = await api('GET', meetingPath(created.threadId));
    const organizer = snapshot.body.participants.find((p: any) => p.role === 'organizer');
    const path = `${meetingPath(created.threadId)}/participants/${encodeURIComponent(organizer.id)}`;
    assert.equal((await api('PATCH', path, { network: 'terrible' })).status, 400);
    assert.equal((await api('PATCH', path, { network: 3 })).status, 400);
    const after = await api('GET', meetingPath(created.threadId));
    assert.equal(after.body.participants.find((p: any) => p.id === organizer.id).network, 'good');
  });
});

describe('spotlight and optimal video count (issue 14)', () => {
  const participantPath = (threadId: string, id: string) => `${meetingPath(threadId)}/participants/${encodeURIComponent(id)}`;

  it('the console spotlights and unspotlights a participant; the guest hears the order in its state', async () => {
    const created = await newMeeting();
    const c = client();
    await c.join(mint().token, { meetingLink: created.meetingLink });
    const first = await c.state((s) => s.phase === 'connected');
    assert.deepEqual(first.spotlight, []);
    const [adele, alex] = first.participants.map((p: any) => p.id as string);

    assert.equal((await api('PATCH', participantPath(created.threadId, alex), { spotlight: true })).status, 200);
    assert.equal((await api('PATCH', participantPath(created.threadId, adele), { spotlight: true })).status, 200);
    const both = await c.state((s) => s.spotlight.length === 2);
    assert.deepEqual(both.spotlight, [alex, adele]);
    assert.deepEqual((await api('GET', meetingPath(created.threadId))).body.spotlight, [alex, adele]);

    assert.equal((await api('PATCH', participantPath(created.threadId, alex), { spotlight: false })).status, 200);
    assert.deepEqual((await c.state((s) => s.spotlight.length === 1)).spotlight, [adele]);
    // Someone who leaves leaves the spotlight too.
    assert.equal((await api('DELETE', participantPath(created.threadId, adele))).status, 204);
    assert.deepEqual((await c.state((s) => s.spotlight.length === 0)).spotlight, []);
    c.close();
  });

  it('refuses a bad spotlight value with 400, and an eighth spotlight with 409 SpotlightFull', async () => {
    const created = await newMeeting();
    const snapshot = await api('GET', meetingPath(created.threadId));
    const organizer = snapshot.body.participants.find((p: any) => p.role === 'organizer');
    assert.equal((await api('PATCH', participantPath(created.threadId, organizer.id), { spotlight: 'yes' })).status, 400);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const added = await api('POST', `${meetingPath(created.threadId)}/participants`, { displayName: `Person ${i}` });
      ids.push(added.body.id);
    }
    for (const id of ids.slice(0, 7)) assert.equal((await api('PATCH', participantPath(created.threadId, id), { spotlight: true })).status, 200);
    const full = await api('PATCH', participantPath(created.threadId, ids[7]), { spotlight: true });
    assert.equal(full.status, 409);
    assert.equal(full.body.error.code, 'SpotlightFull');
    // Spotlighting someone already in the spotlight is not an eighth one.
    assert.equal((await api('PATCH', participantPath(created.threadId, ids[0]), { spotlight: true })).status, 200);
    assert.deepEqual((await api('GET', meetingPath(created.threadId))).body.spotlight, ids.slice(0, 7));
  });

  it('an attendee may not spotlight themself (RoleRestricted); a presenter may, and may leave it', async () => {
    const created = await newMeeting();
    const c = client();
    await c.join(mint().token, { meetingLink: created.meetingLink });
    const first = await c.state((s) => s.phase === 'connected');
    assert.deepEqual(first.capabilities.spotlightParticipant, { allowed: false, reason: 'role' });
    await assert.rejects(c.command({ type: 'spotlight', on: true }), (e: any) => e.code === 'RoleRestricted');
    await assert.rejects(c.command({ type: 'spotlight', on: 'yes' }), (e: any) => e.code === 'BadRequest');

    const self = first.selfId as string;
    assert.equal((await api('PATCH', participantPath(created.threadId, self), { role: 'presenter' })).status, 200);
    await c.state((s) => s.capabilities.spotlightParticipant.allowed === true);
    await c.command({ type: 'spotlight', on: true });
    assert.deepEqual((await c.state((s) => s.spotlight.includes(self))).spotlight, [self]);
    await c.command({ type: 'spotlight', on: false });
    assert.deepEqual((await c.state((s) => s.spotlight.length === 0)).spotlight, []);
    c.close();
  });

  it('the console sets the optimal video count within 1..49; anything else is a 400', async () => {
    const created = await newMeeting();
    const c = client();
    await c.join(mint().token, { meetingLink: created.meetingLink });
    assert.equal((await c.state((s) => s.phase === 'connected')).optimalVideoCount, 4);
    assert.equal((await api('PATCH', meetingPath(created.threadId), { optimalVideoCount: 2 })).status, 200);
    assert.equal((await c.state((s) => s.optimalVideoCount === 2)).optimalVideoCount, 2);
    for (const bad of [0, 50, 2.5, '3', null]) {
      assert.equal((await api('PATCH', meetingPath(created.threadId), { optimalVideoCount: bad })).status, 400, String(bad));
    }
    assert.equal((await api('GET', meetingPath(created.threadId))).body.optimalVideoCount, 2);
    c.close();
  });
});
