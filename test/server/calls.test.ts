/**
 * Simulated 1:1 calls: the callee directory and its control routes, every behaviour and end code,
 * call queue and auto attendant (DTMF), phones and caller id, incoming calls (answered, declined,
 * missed, answered elsewhere), user-to-user calls, through the real server with a Node WebSocket
 * client speaking the call socket protocol (docs/teams-identity-and-calls.md).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api as request, SocketClient, type Message } from './helpers/emulator-client.js';

interface Server {
  url: string;
  tokens: {
    mint(options?: { kind?: 'acs' | 'teams'; ttlSeconds?: number; userId?: string }): { token: string; userId: string };
    mintEntra(options?: { name?: string }): { oid: string };
  };
  close(): Promise<void>;
}
const appModule = '../../server/app.js';
const { startServer } = (await import(appModule)) as { startServer: (options: { port: number; quiet: boolean }) => Promise<Server> };
let server: Server;
let base: string;

const IDS = {
  answers: '8:orgid:11111111-1111-4111-8111-111111111111',
  declines: '8:orgid:22222222-2222-4222-8222-222222222222',
  noAnswer: '8:orgid:33333333-3333-4333-8333-333333333333',
  queue: '28:orgid:44444444-4444-4444-8444-444444444444',
  autoAttendant: '28:orgid:55555555-5555-4555-8555-555555555555',
  phone: '+14255550123',
  phoneBusy: '+14255550199',
};

before(async () => {
  server = await startServer({ port: 0, quiet: true });
  base = server.url;
});
after(async () => {
  await server.close();
});
beforeEach(async () => {
  // Back to the seeded directory; fast timings so the suite stays quick.
  assert.equal((await api('DELETE', '/emulator/callees')).status, 204);
  for (const id of Object.values(IDS)) await api('POST', '/emulator/callees', { id, answerAfterMs: 200, ringTimeoutMs: 600, waitMs: 300 });
});

const api = (method: string, path: string, body?: unknown) => request(base, method, path, body);

/** A Node client of the call socket. */
class Client extends SocketClient {
  constructor() {
    super(new URL('emulator/call-ws', base.replace(/^http/, 'ws')), (messages) => messages);
  }

  /** The first call-state in `state` (for the given call). */
  callState(state: string, callId?: string, timeoutMs = 3000) {
    return this.next((m) => m.type === 'call-state' && m.state === state && (!callId || m.callId === callId), timeoutMs);
  }

  ended(callId?: string, timeoutMs = 3000) {
    return this.next((m) => m.type === 'ended' && (!callId || m.callId === callId), timeoutMs);
  }

  async auth(token: string, displayName?: string) {
    await this.opened();
    this.send({ type: 'auth', token, ...(displayName ? { displayName } : {}) });
    return this.next((m) => m.type === 'ready' || m.type === 'ended');
  }

  /** Places a call; resolves with its id. */
  async call(callee: string, extra: Record<string, unknown> = {}) {
    await this.command({ type: 'call', callee, ...extra });
    const placed = await this.next((m) => m.type === 'call' && !this.messages.some((x) => x.type === 'ended' && x.callId === m.callId));
    return placed.callId as string;
  }
}

async function signedIn(kind: 'acs' | 'teams' = 'acs', displayName?: string, userId?: string) {
  const minted = server.tokens.mint({ kind, ...(userId ? { userId } : {}) });
  const client = new Client();
  const ready = await client.auth(minted.token, displayName);
  assert.equal(ready.type, 'ready');
  assert.equal(ready.userId, minted.userId);
  return { client, userId: minted.userId, token: minted.token };
}

function endCode(m: Message) {
  return `${m.code}/${m.subCode}`;
}

describe('call socket: authentication', () => {
  it('a token from this emulator (ACS or Teams) signs in; anything else ends 401/10009 and closes 4401', async () => {
    const acs = await signedIn('acs');
    assert.equal((await acs.client.next((m) => m.type === 'ready')).identity, 'acs');
    const teams = await signedIn('teams');
    assert.equal((await teams.client.next((m) => m.type === 'ready')).identity, 'teams');
    const bad = new Client();
    const answer = await bad.auth('eyJhbGciOiJSUzI1NiJ9.e30.c2ln');
    assert.equal(answer.type, 'ended');
    assert.equal(endCode(answer), '401/10009');
    assert.equal(await bad.closed, 4401);
    acs.client.close();
    teams.client.close();
  });

  it('a message before auth ends the socket; ping is answered at any time', async () => {
    const client = new Client();
    await client.opened();
    client.send({ type: 'ping', id: 7 });
    assert.equal((await client.next((m) => m.type === 'pong')).id, 7);
    client.send({ type: 'call', callee: IDS.answers });
    assert.equal(endCode(await client.ended()), '401/10009');
    assert.equal(await client.closed, 4401);
  });

  it('commands without a call are refused with NotInCall; bad JSON with BadMessage', async () => {
    const { client } = await signedIn();
    await assert.rejects(client.command({ type: 'hangup' }), { code: 'NotInCall' });
    client.ws.send('nope');
    assert.equal((await client.next((m) => m.type === 'error' && m.code === 'BadMessage')).code, 'BadMessage');
    client.close();
  });
});

describe('outgoing calls to simulated Teams users', () => {
  it('answers: connecting → ringing → connected with the callee’s name and video; hang-up ends 0/0', async () => {
    const { client } = await signedIn('acs', 'Pat');
    const callId = await client.call(IDS.answers);
    await client.callState('ringing', callId);
    const connected = await client.callState('connected', callId);
    assert.deepEqual(connected.remote, { id: IDS.answers, displayName: 'Adele Vance', kind: 'teams', muted: false, video: true });
    const listed = (await api('GET', `/emulator/calls/${callId}`)).body;
    assert.equal(listed.state, 'connected');
    assert.equal(listed.caller.displayName, 'Pat');
    await client.command({ type: 'mute', muted: true });
    assert.equal((await api('GET', `/emulator/calls/${callId}`)).body.caller.muted, true);
    await client.command({ type: 'camera', on: true });
    assert.equal((await api('GET', `/emulator/calls/${callId}`)).body.caller.video, true);
    await client.command({ type: 'hangup' });
    assert.equal(endCode(await client.ended(callId)), '0/0');
    const done = (await api('GET', `/emulator/calls/${callId}`)).body;
    assert.equal(done.state, 'ended');
    assert.deepEqual(done.end, { code: 0, subCode: 0 });
    client.close();
  });

  it('declines: 603/0 after ringing', async () => {
    const { client } = await signedIn();
    const callId = await client.call(IDS.declines);
    await client.callState('ringing', callId);
    assert.equal(endCode(await client.ended(callId)), '603/0');
    assert.ok(!client.messages.some((m) => m.type === 'call-state' && m.state === 'connected'));
    client.close();
  });

  it('does not answer: 487/10004 after the ring timeout', async () => {
    const { client } = await signedIn();
    const started = Date.now();
    const callId = await client.call(IDS.noAnswer);
    assert.equal(endCode(await client.ended(callId)), '487/10004');
    assert.ok(Date.now() - started >= 550, 'rang for the timeout');
    client.close();
  });

  it('the caller cancels while ringing: 0/0', async () => {
    const { client } = await signedIn();
    const callId = await client.call(IDS.noAnswer);
    await client.callState('ringing', callId);
    await client.command({ type: 'hangup' });
    assert.equal(endCode(await client.ended(callId)), '0/0');
    client.close();
  });

  it('the callee hangs up (control route, or hangUpAfterMs): 0/5003', async () => {
    const { client } = await signedIn();
    const callId = await client.call(IDS.answers);
    await client.callState('connected', callId);
    assert.equal((await api('POST', `/emulator/calls/${callId}/hangup`)).status, 200);
    assert.equal(endCode(await client.ended(callId)), '0/5003');
    assert.equal((await api('POST', `/emulator/calls/${callId}/hangup`)).status, 409);

    await api('POST', '/emulator/callees', { id: IDS.answers, hangUpAfterMs: 100 });
    const second = await client.call(IDS.answers);
    await client.callState('connected', second);
    assert.equal(endCode(await client.ended(second)), '0/5003');
    client.close();
  });

  it('manual: rings until the control API answers or declines', async () => {
    const id = '8:orgid:77777777-7777-4777-8777-777777777777';
    const created = await api('POST', '/emulator/callees', { id, displayName: 'Nestor Wilke', behavior: 'manual', ringTimeoutMs: 5000 });
    assert.equal(created.status, 201);
    const { client } = await signedIn();
    const callId = await client.call(id);
    await client.callState('ringing', callId);
    assert.equal((await api('POST', `/emulator/calls/${callId}/answer`)).status, 200);
    assert.equal((await client.callState('connected', callId)).remote.displayName, 'Nestor Wilke');
    assert.equal((await api('POST', `/emulator/calls/${callId}/answer`)).status, 409);
    await client.command({ type: 'hangup' });
    await client.ended(callId);

    const second = await client.call(id);
    await client.callState('ringing', second);
    assert.equal((await api('POST', `/emulator/calls/${second}/decline`)).status, 200);
    assert.equal(endCode(await client.ended(second)), '603/0');
    client.close();
  });

  it('an id that is not in the directory answers as "Teams user"', async () => {
    const { client } = await signedIn();
    const callId = await client.call('8:orgid:99999999-9999-4999-8999-999999999999');
    assert.equal((await client.callState('connected', callId)).remote.displayName, 'Teams user');
    await client.command({ type: 'hangup' });
    client.close();
  });

  it('an address that is none of the forms ends 484/560484; a second call while in one is Busy', async () => {
    const { client } = await signedIn();
    await client.command({ type: 'call', callee: 'sales@contoso.com' });
    assert.equal(endCode(await client.ended()), '484/560484');
    const callId = await client.call(IDS.answers);
    await assert.rejects(client.command({ type: 'call', callee: IDS.answers }), { code: 'Busy' });
    await client.command({ type: 'hangup' });
    await client.ended(callId);
    client.close();
  });
});

describe('call queue and auto attendant', () => {
  it('a call queue answers at once (waiting, remote is the app), then an agent takes the call', async () => {
    const { client } = await signedIn();
    const callId = await client.call(IDS.queue);
    const waiting = await client.callState('connected', callId);
    assert.equal(waiting.waiting, true);
    assert.equal(waiting.remote.kind, 'app');
    assert.equal(waiting.remote.displayName, 'Contoso Support');
    const agent = await client.next((m) => m.type === 'call-state' && m.callId === callId && m.state === 'connected' && m.waiting === false);
    assert.equal(agent.state, 'connected');
    assert.equal(agent.remote.kind, 'teams');
    assert.equal(agent.remote.displayName, 'Megan Bowen');
    await client.command({ type: 'hangup' });
    client.close();
  });

  it('an auto attendant waits for a tone: an invalid one changes the prompt, 1 connects sales', async () => {
    const { client } = await signedIn();
    const callId = await client.call(IDS.autoAttendant);
    const menu = await client.callState('connected', callId);
    assert.equal(menu.waiting, true);
    assert.match((await api('GET', `/emulator/calls/${callId}`)).body.prompt, /press 1/);
    await client.command({ type: 'dtmf', tone: '7' });
    assert.match((await api('GET', `/emulator/calls/${callId}`)).body.prompt, /not a valid choice/);
    await client.command({ type: 'dtmf', tone: '1' });
    const sales = await client.next((m) => m.type === 'call-state' && m.callId === callId && m.state === 'connected' && m.waiting === false);
    assert.equal(sales.remote.displayName, 'Lee Gu (Sales)');
    const listed = (await api('GET', `/emulator/calls/${callId}`)).body;
    assert.equal(listed.dtmf, '71');
    assert.equal(listed.dialed, IDS.autoAttendant);
    assert.equal(listed.callee.displayName, 'Lee Gu (Sales)');
    assert.equal(listed.prompt, undefined);
    await assert.rejects(client.command({ type: 'dtmf', tone: 'x' }), { code: 'BadRequest' });
    await client.command({ type: 'hangup' });
    client.close();
  });

  it('tones before the call connects are refused (NotConnected)', async () => {
    const { client } = await signedIn();
    await client.call(IDS.noAnswer);
    await assert.rejects(client.command({ type: 'dtmf', tone: '1' }), { code: 'NotConnected' });
    await client.command({ type: 'hangup' });
    client.close();
  });

  it('voice apps decline and time out like anyone else', async () => {
    await api('POST', '/emulator/callees', { id: IDS.queue, behavior: 'decline' });
    await api('POST', '/emulator/callees', { id: IDS.autoAttendant, behavior: 'no-answer' });
    const { client } = await signedIn();
    assert.equal(endCode(await client.ended(await client.call(IDS.queue))), '603/0');
    assert.equal(endCode(await client.ended(await client.call(IDS.autoAttendant))), '487/10004');
    client.close();
  });
});

describe('phone numbers', () => {
  it('an ACS identity needs an alternate caller id: without it 403/560403', async () => {
    const { client } = await signedIn('acs');
    await client.command({ type: 'call', callee: IDS.phone });
    assert.equal(endCode(await client.ended()), '403/560403');
    client.close();
  });

  it('answers with a caller id; tones are recorded; the phone hanging up is 0/560000', async () => {
    const { client } = await signedIn('acs');
    const callId = await client.call(IDS.phone, { callerId: '+18005550100' });
    const connected = await client.callState('connected', callId);
    assert.equal(connected.remote.kind, 'phone');
    await client.command({ type: 'dtmf', tone: '#' });
    assert.equal((await api('GET', `/emulator/calls/${callId}`)).body.dtmf, '#');
    await api('POST', `/emulator/calls/${callId}/hangup`);
    assert.equal(endCode(await client.ended(callId)), '0/560000');
    client.close();
  });

  it('a Teams identity calls phones with its own number; busy is 486/560486, no answer 408/560408', async () => {
    const { client } = await signedIn('teams');
    assert.equal(endCode(await client.ended(await client.call(IDS.phoneBusy))), '486/560486');
    await api('POST', '/emulator/callees', { id: IDS.phone, behavior: 'no-answer' });
    assert.equal(endCode(await client.ended(await client.call(IDS.phone))), '408/560408');
    await api('POST', '/emulator/callees', { id: IDS.phone, behavior: 'decline' });
    assert.equal(endCode(await client.ended(await client.call(IDS.phone))), '603/0');
    client.close();
  });
});

describe('incoming calls', () => {
  it('to a signed-in Teams user: incoming with the caller, accept with video → connected; the caller hangs up 0/5003', async () => {
    const { client, userId } = await signedIn('teams', 'Megan');
    const placed = await api('POST', '/emulator/calls/incoming', { to: userId, from: { displayName: 'Lynne Robbins' }, video: true });
    assert.equal(placed.status, 201);
    const incoming = await client.next((m) => m.type === 'incoming');
    assert.equal(incoming.callId, placed.body.callId);
    assert.equal(incoming.caller.displayName, 'Lynne Robbins');
    assert.equal(incoming.video, true);
    await client.command({ type: 'accept', callId: incoming.callId, video: true });
    const connected = await client.callState('connected', incoming.callId);
    assert.equal(connected.remote.displayName, 'Lynne Robbins');
    assert.equal(connected.remote.video, true);
    const listed = (await api('GET', `/emulator/calls/${incoming.callId}`)).body;
    assert.equal(listed.direction, 'incoming');
    assert.equal(listed.callee.video, true);
    await api('POST', `/emulator/calls/${incoming.callId}/hangup`);
    assert.equal(endCode(await client.ended(incoming.callId)), '0/5003');
    client.close();
  });

  it('declined: the endpoint ends 0/4501, the call records 603/0', async () => {
    const { client, userId } = await signedIn('teams');
    const placed = await api('POST', '/emulator/calls/incoming', { to: userId, from: { displayName: 'Lynne Robbins' } });
    const incoming = await client.next((m) => m.type === 'incoming');
    await client.command({ type: 'decline', callId: incoming.callId });
    assert.equal(endCode(await client.ended(incoming.callId)), '0/4501');
    assert.deepEqual((await api('GET', `/emulator/calls/${placed.body.callId}`)).body.end, { code: 603, subCode: 0 });
    client.close();
  });

  it('missed: not answered in time 487/10004; canceled by the caller 487/0', async () => {
    const { client, userId } = await signedIn('teams');
    await api('POST', '/emulator/calls/incoming', { to: userId, from: { displayName: 'A' }, ringTimeoutMs: 200 });
    assert.equal(endCode(await client.ended()), '487/10004');
    const second = await api('POST', '/emulator/calls/incoming', { to: userId, from: { displayName: 'B' } });
    await client.next((m) => m.type === 'incoming' && m.callId === second.body.callId);
    await api('POST', `/emulator/calls/${second.body.callId}/hangup`);
    assert.equal(endCode(await client.ended(second.body.callId)), '487/0');
    client.close();
  });

  it('two endpoints of one user both ring; the one that answers wins, the other ends 487/10003', async () => {
    const first = await signedIn('teams');
    const second = await signedIn('teams', undefined, first.userId);
    const placed = await api('POST', '/emulator/calls/incoming', { to: first.userId, from: { displayName: 'C' } });
    assert.equal(placed.body.ringing, 2);
    const incoming = await second.client.next((m) => m.type === 'incoming');
    await first.client.next((m) => m.type === 'incoming');
    await second.client.command({ type: 'accept', callId: incoming.callId });
    assert.equal(endCode(await first.client.ended(incoming.callId)), '487/10003');
    await second.client.callState('connected', incoming.callId);
    await assert.rejects(first.client.command({ type: 'accept', callId: incoming.callId }), { code: 'NotFound' });
    await second.client.command({ type: 'hangup' });
    first.client.close();
    second.client.close();
  });

  it('nobody signed in: 404 NotSignedIn; bad bodies 400; every endpoint busy 409', async () => {
    assert.equal((await api('POST', '/emulator/calls/incoming', { to: '8:orgid:12121212-1212-4121-8121-121212121212' })).status, 404);
    assert.equal((await api('POST', '/emulator/calls/incoming', { to: '+14255550123' })).status, 400);
    assert.equal((await api('POST', '/emulator/calls/incoming', {})).status, 400);
    const { client, userId } = await signedIn('teams');
    await client.call(IDS.noAnswer);
    assert.equal((await api('POST', '/emulator/calls/incoming', { to: userId })).status, 409);
    client.close();
  });

  it('a call from one signed-in user to another rings the callee’s browser', async () => {
    const callee = await signedIn('teams', 'Grady');
    const caller = await signedIn('acs', 'Pat');
    const callId = await caller.client.call(callee.userId);
    const incoming = await callee.client.next((m) => m.type === 'incoming');
    assert.equal(incoming.caller.displayName, 'Pat');
    await caller.client.callState('ringing', callId);
    await callee.client.command({ type: 'accept', callId });
    assert.equal((await caller.client.callState('connected', callId)).remote.displayName, 'Grady');
    await callee.client.command({ type: 'mute', muted: true });
    await caller.client.next((m) => m.type === 'call-state' && m.remote?.muted === true);
    await caller.client.command({ type: 'hangup' });
    assert.equal(endCode(await callee.client.ended(callId)), '0/5003');
    caller.client.close();
    callee.client.close();
  });

  it('a Teams user signed in through the stand-in Entra token is known by name', async () => {
    const { oid } = server.tokens.mintEntra({ name: 'Grady Archie' });
    const callee = await signedIn('teams', undefined, `8:orgid:${oid}`);
    const caller = await signedIn('acs', 'Pat');
    const callId = await caller.client.call(callee.userId);
    await callee.client.next((m) => m.type === 'incoming');
    await callee.client.command({ type: 'accept', callId });
    assert.equal((await caller.client.callState('connected', callId)).remote.displayName, 'Grady Archie');
    await caller.client.command({ type: 'hangup' });
    caller.client.close();
    callee.client.close();
  });

  it('the callee’s browser closing mid-call ends the caller’s call', async () => {
    const callee = await signedIn('teams');
    const caller = await signedIn('acs');
    const callId = await caller.client.call(callee.userId);
    await callee.client.next((m) => m.type === 'incoming');
    await callee.client.command({ type: 'accept', callId });
    await caller.client.callState('connected', callId);
    callee.client.close();
    assert.equal(endCode(await caller.client.ended(callId)), '0/5003');
    caller.client.close();
  });
});

describe('callee directory routes', () => {
  it('lists the seeded callees; adds, changes and deletes; validates', async () => {
    const list = (await api('GET', '/emulator/callees')).body.value as Array<{ id: string; behavior: string; kind: string }>;
    assert.deepEqual(
      list.map((c) => [c.id, c.kind, c.behavior]),
      [
        [IDS.answers, 'teams', 'answer'],
        [IDS.declines, 'teams', 'decline'],
        [IDS.noAnswer, 'teams', 'no-answer'],
        [IDS.queue, 'queue', 'answer'],
        [IDS.autoAttendant, 'auto-attendant', 'answer'],
        [IDS.phone, 'phone', 'answer'],
        [IDS.phoneBusy, 'phone', 'busy'],
      ],
    );
    const changed = await api('POST', '/emulator/callees', { id: IDS.answers.toUpperCase().replace('8:ORGID', '8:orgid'), behavior: 'decline' });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.behavior, 'decline');
    assert.equal(changed.body.displayName, 'Adele Vance');
    const added = await api('POST', '/emulator/callees', { id: '4:+33123456789', kind: 'phone' });
    assert.equal(added.status, 201);
    assert.equal(added.body.id, '+33123456789');
    assert.equal((await api('DELETE', `/emulator/callees/${encodeURIComponent('+33123456789')}`)).status, 204);
    assert.equal((await api('DELETE', `/emulator/callees/${encodeURIComponent('+33123456789')}`)).status, 404);
    for (const bad of [
      { id: 'nobody' },
      { id: IDS.answers, behavior: 'maybe' },
      { id: IDS.answers, kind: 'queue' },
      { id: IDS.answers, answerAfterMs: -1 },
      { id: IDS.answers, video: 'yes' },
      { id: IDS.answers, displayName: '' },
    ]) {
      const answer = await api('POST', '/emulator/callees', bad);
      assert.equal(answer.status, 400, JSON.stringify(bad));
      assert.equal(answer.body.error.code, 'BadRequest');
    }
    assert.equal((await api('GET', '/emulator/calls/nope')).status, 404);
  });
});
