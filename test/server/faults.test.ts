/**
 * Fault injection: each fault kind (latency, status + Retry-After, drop, count, failRate), the
 * control API (set, list, clear, validation, origin policy) and the handle the meetings use.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../server/app.js';
import { Faults, parseFaultSpec } from '../../server/faults.js';

type Server = Awaited<ReturnType<typeof startServer>>;

describe('faults through the control API', () => {
  let server: Server;
  let token: string;
  let chatUrl: string;

  const setFault = async (body: object) =>
    fetch(`${server.url}emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const chat = () => fetch(chatUrl, { headers: { authorization: `Bearer ${token}` } });

  before(async () => {
    server = await startServer({ port: 0, quiet: true });
    token = server.tokens.mint().token;
    chatUrl = `${server.url}chat/threads?api-version=2025-03-15`;
  });
  beforeEach(async () => {
    await fetch(`${server.url}emulator/faults`, { method: 'DELETE' });
  });
  after(async () => {
    await server.close();
  });

  it('no rule: requests pass', async () => {
    assert.equal((await chat()).status, 200);
  });

  it('latency: delays, then the request succeeds', async () => {
    assert.equal((await setFault({ target: 'chat', latencyMs: 300 })).status, 201);
    const started = Date.now();
    const res = await chat();
    const elapsed = Date.now() - started;
    assert.equal(res.status, 200);
    assert.ok(elapsed >= 290, `${elapsed} ms`);
    // Only the chat target is slowed: a token request answers while a slowed chat request waits.
    assert.equal((await setFault({ target: 'chat', latencyMs: 2000 })).status, 201);
    let chatDone = false;
    const slow = chat().then((r) => {
      chatDone = true;
      return r;
    });
    assert.equal((await fetch(`${server.url}api/token`)).status, 200);
    assert.equal(chatDone, false, 'the token route is not delayed by the chat fault');
    assert.equal((await slow).status, 200);
  });

  it('status + Retry-After: ACS-shaped error, every request while no count/rate is given', async () => {
    await setFault({ target: 'chat', status: 503, retryAfterSeconds: 7 });
    for (let i = 0; i < 3; i++) {
      const res = await chat();
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '7');
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'ServiceUnavailable');
      assert.match(body.error.message, /Injected fault/);
    }
    await setFault({ target: 'chat', status: 429 });
    const throttled = await chat();
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), null, 'no Retry-After unless asked');
    assert.equal(((await throttled.json()) as { error: { code: string } }).error.code, 'TooManyRequests');
  });

  it('count: fails exactly the next N requests', async () => {
    await setFault({ target: 'chat', status: 500, count: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await chat()).status);
    assert.deepEqual(statuses, [500, 500, 200, 200]);
    const listed = (await (await fetch(`${server.url}emulator/faults`)).json()) as { value: { target: string; remaining: number; failures: Record<string, number> }[] };
    assert.deepEqual(listed.value.map((r) => [r.target, r.remaining]), [['chat', 0]]);
    assert.deepEqual(listed.value[0].failures, { total: 2, GET: 2 }, 'what it failed, by method (tests wait on these)');
  });

  it('failRate: an even, deterministic share of requests fails', async () => {
    await setFault({ target: 'chat', failRate: 0.5, status: 503 });
    const half = [];
    for (let i = 0; i < 6; i++) half.push((await chat()).status);
    assert.deepEqual(half, [200, 503, 200, 503, 200, 503]);
    await setFault({ target: 'chat', failRate: 0.25 });
    const quarter = [];
    for (let i = 0; i < 8; i++) quarter.push((await chat()).status);
    assert.deepEqual(quarter, [200, 200, 200, 503, 200, 200, 200, 503], 'status defaults to 503');
    await setFault({ target: 'chat', failRate: 0 });
    assert.equal((await chat()).status, 200);
  });

  it('drop: the connection is closed without an answer', async () => {
    await setFault({ target: 'chat', drop: true, count: 1 });
    await assert.rejects(chat(), (error: Error & { cause?: Error }) => {
      assert.match(`${error.message} ${error.cause?.message ?? ''}`, /closed|socket|terminated|reset/i);
      return true;
    });
    assert.equal((await chat()).status, 200, 'count: 1, so the next request passes');
  });

  it('target token applies to /api/token only', async () => {
    await setFault({ target: 'token', status: 503, count: 1 });
    assert.equal((await chat()).status, 200);
    assert.equal((await fetch(`${server.url}api/token`)).status, 503);
    assert.equal((await fetch(`${server.url}api/token`)).status, 200);
  });

  it('DELETE clears everything or one target; GET lists', async () => {
    await setFault({ target: 'chat', status: 503 });
    await setFault({ target: 'token', latencyMs: 10 });
    const both = (await (await fetch(`${server.url}emulator/faults`)).json()) as { value: { target: string }[] };
    assert.deepEqual(both.value.map((r) => r.target).sort(), ['chat', 'token']);
    assert.equal((await fetch(`${server.url}emulator/faults?target=chat`, { method: 'DELETE' })).status, 204);
    const one = (await (await fetch(`${server.url}emulator/faults`)).json()) as { value: { target: string }[] };
    assert.deepEqual(one.value.map((r) => r.target), ['token']);
    assert.equal((await chat()).status, 200);
    assert.equal((await fetch(`${server.url}emulator/faults`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(((await (await fetch(`${server.url}emulator/faults`)).json()) as { value: unknown[] }).value, []);
  });

  it('validation: 400 for bad specs', async () => {
    for (const body of [{}, { target: 'nope' }, { target: 'chat', failRate: 2 }, { target: 'chat', status: 200 }, { target: 'chat', latencyMs: -1 }, { target: 'chat', drop: 'yes' }, { target: 'chat', status: 503.5 }]) {
      const res = await setFault(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'BadRequest');
    }
    assert.equal((await fetch(`${server.url}emulator/faults?target=nope`, { method: 'DELETE' })).status, 400);
  });

  it('the control API refuses other origins', async () => {
    const res = await fetch(`${server.url}emulator/faults`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ target: 'chat', status: 503 }),
    });
    assert.equal(res.status, 403);
    assert.equal((await chat()).status, 200, 'the rule was not set');
  });
});

describe('Faults.for(target): the handle for the meetings socket', () => {
  it('reports latency, waits it out, and counts failures', async () => {
    const faults = new Faults();
    const meeting = faults.for('meeting');
    assert.equal(meeting.active, false);
    assert.equal(meeting.latencyMs, 0);
    assert.equal(meeting.take(), null);

    faults.set({ target: 'meeting', latencyMs: 120, drop: true, count: 1 });
    assert.equal(meeting.active, true);
    assert.equal(meeting.latencyMs, 120);
    const started = Date.now();
    await meeting.delay();
    assert.ok(Date.now() - started >= 110);
    assert.deepEqual(meeting.take(), { drop: true });
    assert.equal(meeting.take(), null, 'count exhausted');

    faults.set({ target: 'meeting', status: 503, retryAfterSeconds: 3 });
    assert.deepEqual(meeting.take(), { drop: false, status: 503, code: 'ServiceUnavailable', message: 'Injected fault (emulator): 503.', retryAfterSeconds: 3 });
    faults.set({ target: 'meeting', latencyMs: 50 });
    assert.equal(meeting.take(), null, 'latency only: nothing fails');
    faults.clear('meeting');
    assert.equal(meeting.active, false);
  });

  it('parseFaultSpec keeps only known fields', () => {
    assert.deepEqual(parseFaultSpec({ target: 'chat', status: 429, extra: 1 }), {
      target: 'chat',
      latencyMs: undefined,
      failRate: undefined,
      status: 429,
      retryAfterSeconds: undefined,
      drop: undefined,
      count: undefined,
    });
  });
});
