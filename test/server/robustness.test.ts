/**
 * Issue 10: the emulator survives whatever it is sent. Property-based (fast-check): generated
 * malformed HTTP requests to every route (methods, targets, headers, bodies; raw bytes over a TCP
 * socket too) and generated WebSocket frames to both sockets, before and after login. Every
 * property asserts that the process stays up, answers 4xx (never 5xx) and that memory stays
 * bounded.
 *
 * Deterministic: a fixed seed (ROBUSTNESS_SEED to change it) and a bounded number of runs
 * (ROBUSTNESS_RUNS multiplies them for a longer local hunt). A failure prints the seed, the path
 * to the failing case and the shrunk counterexample, so `ROBUSTNESS_SEED=<seed>` replays it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { startServer } from '../../server/app.js';
import { rawExchange } from './helpers/raw-socket.js';

type Server = Awaited<ReturnType<typeof startServer>>;

const SEED = Number(process.env.ROBUSTNESS_SEED ?? 20261129);
const SCALE = Math.max(1, Number(process.env.ROBUSTNESS_RUNS ?? 1));
const runs = (n: number) => Math.round(n * SCALE);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Errors nobody caught. Under `npm start` each would have ended the process; under node:test they
 * are only reported, so every property checks this list itself.
 */
const uncaught: unknown[] = [];
process.on('uncaughtException', (error) => uncaught.push(error));
process.on('unhandledRejection', (error) => uncaught.push(error));
/** Fails when an exception escaped since `from` (the length of `uncaught` when the run started). */
const noUncaught = (from: number) => assert.deepEqual(uncaught.slice(from).map(String), [], 'an exception escaped a handler (it would kill `npm start`)');

let server: Server;
let port: number;
let heapBefore = 0;
/** Real ids, so that generated requests reach past the "not found" checks. */
const fixture = { token: '', userId: '', threadId: '', meetingThreadId: '', messageId: '', callId: '', teamsUser: '' };

before(async () => {
  server = await startServer({ port: 0, quiet: true, rateLimitPerMinute: 0 });
  port = server.port;
  const minted = server.tokens.mint();
  fixture.token = minted.token;
  fixture.userId = minted.userId;
  const thread = await json('POST', '/chat/threads?api-version=2025-03-15', { topic: 'fuzz' }, { authorization: `Bearer ${minted.token}` });
  fixture.threadId = thread.chatThread.id;
  const message = await json('POST', `/chat/threads/${encodeURIComponent(fixture.threadId)}/messages?api-version=2025-03-15`, { content: 'hi' }, { authorization: `Bearer ${minted.token}` });
  fixture.messageId = message.id;
  const meeting = await json('POST', '/emulator/meetings', {});
  fixture.meetingThreadId = meeting.threadId;
  fixture.teamsUser = '8:orgid:11111111-1111-4111-8111-111111111111';
  gc();
  heapBefore = process.memoryUsage().heapUsed;
});
after(async () => {
  await server.close();
});

async function json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(res.ok, `${method} ${path} → ${res.status}`);
  return (await res.json()) as any;
}

/** Runs a property with the suite's seed, and names the seed when it fails. */
async function check<T>(name: string, property: fc.IAsyncPropertyWithHooks<T>, numRuns: number) {
  try {
    await fc.assert(property, { seed: SEED, numRuns, endOnFailure: true, interruptAfterTimeLimit: 40_000 });
  } catch (error) {
    console.error(`[robustness] ${name} failed with ROBUSTNESS_SEED=${SEED}`);
    throw error;
  }
}

/** The process still answers (a request after the generated ones). */
async function alive() {
  const res = await fetch(`http://127.0.0.1:${port}/api/token`);
  assert.equal(res.status, 200, 'the server still mints tokens');
  await res.arrayBuffer();
}

// ---- generators ----

const ROUTES = [
  'GET /api/token', 'POST /api/token', 'POST /api/token/teams', 'GET /emulator/entra-token',
  'GET /emulator/faults', 'DELETE /emulator/faults',
  'GET /chat/threads', 'POST /chat/threads', 'GET /chat/threads/{thread}', 'PATCH /chat/threads/{thread}', 'DELETE /chat/threads/{thread}',
  'GET /chat/threads/{thread}/messages', 'POST /chat/threads/{thread}/messages', 'GET /chat/threads/{thread}/messages/{message}',
  'PATCH /chat/threads/{thread}/messages/{message}', 'DELETE /chat/threads/{thread}/messages/{message}',
  'GET /chat/threads/{thread}/participants', 'POST /chat/threads/{thread}/participants/:add', 'POST /chat/threads/{thread}/participants/:remove',
  'POST /chat/threads/{thread}/typing', 'POST /chat/threads/{thread}/readReceipts', 'GET /chat/threads/{thread}/readReceipts',
  'GET /chat/threads/{thread}/images/{id}/views/{view}', 'GET /chat/config/realTimeNotifications',
  'GET /emulator/meetings', 'POST /emulator/meetings', 'GET /emulator/meetings/{meeting}', 'PATCH /emulator/meetings/{meeting}',
  'POST /emulator/meetings/{meeting}/lobby/admit-all', 'POST /emulator/meetings/{meeting}/lobby/{user}/admit', 'POST /emulator/meetings/{meeting}/lobby/{user}/deny',
  'POST /emulator/meetings/{meeting}/participants', 'PATCH /emulator/meetings/{meeting}/participants/{user}', 'DELETE /emulator/meetings/{meeting}/participants/{user}',
  'POST /emulator/meetings/{meeting}/participants/{user}/reactions', 'POST /emulator/meetings/{meeting}/join',
  'POST /emulator/meetings/{meeting}/messages', 'PATCH /emulator/meetings/{meeting}/messages/{message}', 'DELETE /emulator/meetings/{meeting}/messages/{message}',
  'POST /emulator/meetings/{meeting}/end',
  'GET /emulator/callees', 'POST /emulator/callees', 'DELETE /emulator/callees', 'DELETE /emulator/callees/{user}',
  'GET /emulator/calls', 'POST /emulator/calls/incoming', 'GET /emulator/calls/{call}', 'POST /emulator/calls/{call}/answer',
  'POST /emulator/calls/{call}/decline', 'POST /emulator/calls/{call}/hangup',
  'POST /identities', 'POST /identities/{user}/:issueAccessToken', 'POST /identities/{user}/:revokeAccessTokens', 'DELETE /identities/{user}',
  'POST /teamsUser/:exchangeAccessToken', 'GET /emulator/identity/requests', 'GET /embed',
  'GET /', 'GET /index.html', 'GET /dist/', 'HEAD /', 'GET /missing',
  // POST /emulator/faults is left out on purpose: an injected fault answers the 5xx it was told to.
];

/** A path segment: a real id, or something hostile. */
const segment = (real: () => string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(null).map(() => encodeURIComponent(real())) },
    fc.constantFrom('%E0%A4%A', '%', '%00', '..', '%2e%2e', '%2f', 'x'.repeat(3000), '%F0%9F%98', 'a%ZZ', '\u00e9'),
    fc.string({ maxLength: 20 }).map(encodeURIComponent),
  );

const FIELD_NAMES = [
  'topic', 'metadata', 'retentionPolicy', 'participants', 'content', 'senderDisplayName', 'type', 'displayName', 'kind', 'muted',
  'video', 'lobby', 'anonymousJoin', 'channel', 'meetingLink', 'meetingId', 'passcode', 'images', 'html', 'text', 'reaction', 'userId',
  'participantId', 'id', 'answerAfterMs', 'ringTimeoutMs', 'waitMs', 'behavior', 'to', 'from', 'hangUpAfterMs', 'entraToken',
  'chatMessageId', 'communicationIdentifier', 'rawId', 'shareHistoryTime', 'recording', 'transcription', 'consentRequired',
  'lobbyTimeoutSeconds', 'reconnectGraceSeconds', 'activity', 'handRaised', 'speaking', 'screenSharing', 'communicationUser',
  'microsoftTeamsUser', 'phoneNumber', 'contentType', 'data', 'name', 'width', 'height', 'target', 'status', 'count',
];

/** A value that tends to break validators: wrong types, huge, deep, special numbers. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, true, 0, -1, 1e308, -0, 2 ** 53, '', ' ', 'x'.repeat(30_000), '\u202E', '8:acs:x', '8:orgid:11111111-1111-4111-8111-111111111111', '+14255550123', 'not a date', '2026-01-01T00:00:00Z', 'https://teams.microsoft.com/l/meetup-join/x', 'image/png', 'AAAA', '__proto__', 'constructor'),
    fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie('value'), { maxKeys: 4 }),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
})).value;

/** JSON text of the request body. */
const bodyText = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), hostileValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)) },
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 100, max: 20_000 }).map((n) => `{"metadata":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  fc.integer({ min: 100, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.constant('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
  fc.constant(undefined),
);

const httpRequest = fc.record({
  route: fc.constantFrom(...ROUTES),
  method: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'M-SEARCH')),
  thread: segment(() => fixture.threadId),
  meeting: segment(() => fixture.meetingThreadId),
  message: segment(() => fixture.messageId),
  user: segment(() => fixture.teamsUser),
  call: segment(() => fixture.callId || 'none'),
  id: segment(() => 'img'),
  view: fc.constantFrom('original', 'small', 'x'),
  query: fc.oneof(
    fc.constant('?api-version=2025-03-15'),
    fc.constant(''),
    fc.constantFrom('?api-version=2025-03-15&maxPageSize=-1', '?api-version=2025-03-15&maxPageSize=1e9', '?api-version=2025-03-15&startTime=garbage', '?api-version=2025-03-15&syncState=%%%', '?api-version=2025-03-15&skip=NaN', '?name=%E0%A4%A', `?name=${'n'.repeat(500)}`, '?api-version=2025-03-15&syncState=c2VxOjE'),
    fc.string({ maxLength: 30 }).map((s) => `?${encodeURIComponent(s)}=${encodeURIComponent(s)}`),
  ),
  auth: fc.constantFrom('valid', 'none', 'garbage', 'expired-shape'),
  origin: fc.constantFrom(undefined, 'https://evil.example', 'null', 'http://127.0.0.1'),
  cookie: fc.constantFrom(undefined, 'acs-emulator-user=%E0%A4%A', 'acs-emulator-user=a.b', 'acs-emulator-user=', '=;=;;'),
  contentType: fc.constantFrom('application/json', 'text/plain', undefined, 'application/json; charset=latin1', 'multipart/form-data; boundary=x'),
  body: bodyText,
});

type HttpCase = typeof httpRequest extends fc.Arbitrary<infer R> ? R : never;

function send(req: HttpCase) {
  const [routeMethod, template] = req.route.split(' ') as [string, string];
  const path = template
    .replace('{thread}', req.thread)
    .replace('{meeting}', req.meeting)
    .replace('{message}', req.message)
    .replace('{user}', req.user)
    .replace('{call}', req.call)
    .replace('{id}', req.id)
    .replace('{view}', req.view);
  const headers: Record<string, string> = { connection: 'close' };
  if (req.auth === 'valid') headers.authorization = `Bearer ${fixture.token}`;
  if (req.auth === 'garbage') headers.authorization = 'Bearer \u00ff.\u00fe.x';
  if (req.auth === 'expired-shape') headers.authorization = `Bearer ${fixture.token.split('.').slice(0, 2).join('.')}.AAAA`;
  if (req.origin) headers.origin = req.origin === 'http://127.0.0.1' ? `http://127.0.0.1:${port}` : req.origin;
  if (req.cookie) headers.cookie = req.cookie;
  if (req.contentType) headers['content-type'] = req.contentType;
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  if (body) headers['content-length'] = String(body.length);
  return new Promise<number>((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, method: req.method || routeMethod, path: `${path}${req.query}`, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}

describe('robustness (fast-check)', () => {
  it('generated HTTP requests to every route answer below 500, and the server lives on', async () => {
    const statuses = new Map<number, number>();
    await check(
      'HTTP requests',
      fc.asyncProperty(httpRequest, async (req) => {
        const from = uncaught.length;
        const status = await send(req);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        assert.ok(status >= 200 && status < 500, `${req.method || req.route} → ${status}`);
        noUncaught(from);
      }),
      runs(400),
    );
    await alive();
    // The generator must reach the handlers, not only the 4xx guards in front of them.
    const ok = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    assert.ok(ok >= 20, `only ${ok} requests got past validation: ${JSON.stringify([...statuses])}`);
  });

  it('raw bytes over TCP (request lines, headers, framing) never get a 5xx or kill the server', async () => {
    const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/);
    const rawRequest = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
      fc
        .record({
          method: fc.oneof(token, fc.constantFrom('GET', 'POST', 'CONNECT')),
          target: fc.oneof(
            fc.constantFrom('http://a:99999/', '*', '/emulator/ws', '/.//evil.com/x%2f..%2f..', '//x', 'http://[::1/', '/%', '/\u0000', 'https://127.0.0.1/api/token', '/emulator/meetings/%E0%A4%A'),
            fc.webPath(),
            fc.string({ maxLength: 40 }),
          ),
          version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', ''),
          headers: fc.array(
            fc.oneof(
              fc.constantFrom('Host: evil.example', `Host: 127.0.0.1:${port}`, 'Host:', 'Host: [::1', 'Content-Length: -1', 'Content-Length: 99999999999999999999', 'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip, chunked', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: x', 'Expect: 100-continue', 'Cookie: acs-emulator-user=%'),
              fc.tuple(token, fc.string({ maxLength: 40 })).map(([k, v]) => `${k}: ${v}`),
            ),
            { maxLength: 6 },
          ),
          body: fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }), fc.constant('5\r\nhello\r\nzz\r\n')),
        })
        .map((r) => `${r.method} ${r.target} ${r.version}\r\n${r.headers.join('\r\n')}\r\n\r\n${r.body}`),
    );
    await check(
      'raw TCP',
      fc.asyncProperty(rawRequest, async (text) => {
        const from = uncaught.length;
        const answer = await rawExchange(port, Buffer.from(text, 'latin1'), { idleMs: 150 });
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
        if (status) assert.ok(Number(status) < 500, `answered ${status} to ${JSON.stringify(text.slice(0, 120))}`);
        noUncaught(from);
      }),
      runs(150),
    );
    await alive();
  });

  for (const path of ['/emulator/ws', '/emulator/call-ws']) {
    it(`${path}: generated frames before and after login never crash the server or go unanswered`, async () => {
      const meetingFrame = fc.record(
        {
          type: fc.constantFrom('ping', 'auth', 'token', 'join', 'resume', 'leave', 'mute', 'camera', 'speaking', 'screenShare', 'raiseHand', 'reaction', 'captions', 'grantConsent', 'admit', 'reject', 'admitAll', 'call', 'accept', 'decline', 'hangup', 'dtmf', 'nope', ''),
          id: fc.oneof(fc.constant(undefined), fc.integer(), fc.string({ maxLength: 10 }), hostileValue),
          token: fc.oneof(fc.constant(undefined), hostileValue, fc.constant('valid')),
          locator: fc.oneof(hostileValue, fc.constant('meeting')),
          muted: hostileValue,
          on: hostileValue,
          raised: hostileValue,
          reaction: hostileValue,
          callee: fc.oneof(hostileValue, fc.constantFrom('8:orgid:11111111-1111-4111-8111-111111111111', '+14255550123', '28:orgid:44444444-4444-4444-8444-444444444444')),
          callId: hostileValue,
          tone: hostileValue,
          displayName: hostileValue,
          participantId: hostileValue,
          sessionId: hostileValue,
          spokenLanguage: hostileValue,
        },
        { requiredKeys: ['type'] },
      );
      const frame = fc.oneof(
        { weight: 6, arbitrary: meetingFrame.map((m) => ({ kind: 'json' as const, m })) },
        fc.string({ maxLength: 100 }).map((text) => ({ kind: 'text' as const, text })),
        fc.uint8Array({ maxLength: 100 }).map((bytes) => ({ kind: 'binary' as const, bytes })),
        fc.integer({ min: 10, max: 7000 }).map((n) => ({ kind: 'text' as const, text: `{"type":"ping","id":${'['.repeat(n)}${']'.repeat(n)}}` })),
      );
      await check(
        `socket ${path}`,
        fc.asyncProperty(fc.boolean(), fc.array(frame, { minLength: 1, maxLength: 8 }), async (login, frames) => {
          const from = uncaught.length;
          const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
          const messages: any[] = [];
          const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
          ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8'))));
          ws.on('error', () => undefined);
          await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
          const meeting = await json('POST', '/emulator/meetings', {});
          if (login) ws.send(JSON.stringify({ type: 'auth', token: fixture.token }));
          for (const f of frames) {
            if (ws.readyState !== WebSocket.OPEN) break;
            if (f.kind === 'binary') ws.send(f.bytes);
            else if (f.kind === 'text') ws.send(f.text);
            else {
              const m: Record<string, unknown> = { ...f.m };
              if (m.token === 'valid') m.token = fixture.token;
              if (m.locator === 'meeting') m.locator = { meetingLink: meeting.meetingLink };
              ws.send(JSON.stringify(m));
            }
          }
          // Every socket that is still open answers a ping: the server did not wedge.
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ping', id: 'probe' }));
          let poll: NodeJS.Timeout | undefined;
          let deadline: NodeJS.Timeout | undefined;
          const outcome = await Promise.race([
            closed.then((code) => ({ closed: code })),
            new Promise<{ silent: true }>((resolve) => (deadline = setTimeout(() => resolve({ silent: true }), 5000))),
            new Promise<{ pong: true }>((resolve) => {
              poll = setInterval(() => {
                if (messages.some((m) => m.type === 'pong' && m.id === 'probe')) resolve({ pong: true });
              }, 5);
            }),
          ]);
          clearInterval(poll);
          clearTimeout(deadline);
          assert.ok(!('silent' in outcome), 'the socket neither answered a ping nor closed within 5 s');
          if ('closed' in outcome) assert.ok([1000, 1005, 1006, 1008, 1009, 4401].includes(outcome.closed), `closed with ${outcome.closed}`);
          for (const m of messages) if (m.type === 'error') assert.notEqual(m.code, 'InternalError', JSON.stringify(m));
          ws.terminate();
          await closed;
          noUncaught(from);
        }),
        runs(60),
      );
      await alive();
      // The meetings and calls the frames touched are still readable.
      for (const p of ['/emulator/meetings', '/emulator/calls']) assert.equal((await fetch(`http://127.0.0.1:${port}${p}`)).status, 200);
      for (const m of (await json('GET', '/emulator/meetings')).value) await json('GET', `/emulator/meetings/${encodeURIComponent(m.threadId)}`);
    });
  }

  it('memory stays bounded and no socket or buffer is left behind', async () => {
    gc();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(growth < 64 * 1024 * 1024, `heap grew by ${Math.round(growth / 1024 / 1024)} MB`);
    for (const stats of [server.meetings!.stats(), server.calls!.stats()]) {
      assert.equal(stats.bufferedBytes, 0);
    }
  });
});
