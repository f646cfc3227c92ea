/**
 * Issue 10, part 2: each request or message that crashed, tricked or stalled the emulator, replayed
 * against the real server (startServer), with raw sockets where a client library would refuse to
 * send it. Each test failed before its fix.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type net from 'node:net';
import { WebSocket } from 'ws';
import { startServer } from '../../server/app.js';
import { rawExchange } from './helpers/raw-socket.js';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let base: string;
let port: number;

before(async () => {
  server = await startServer({ port: 0, quiet: true });
  base = server.url;
  port = server.port;
});
after(async () => {
  await server.close();
});

/** Sends raw bytes to the server (or to `options.port`); see rawExchange. */
const raw = (text: string | Buffer, options: { idleMs?: number; port?: number; then?: (socket: net.Socket) => void } = {}) => rawExchange(options.port ?? port, text, options);

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
const wsUrl = (path: string) => `${base.replace(/^http/, 'ws')}${path.replace(/^\//, '')}`;
const upgradeHeaders = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

/** Opens a socket and resolves once open, or with the HTTP status the upgrade was refused with. */
function connect(path: string, options: { origin?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ ws?: WebSocket; status?: number }>((resolve) => {
    const ws = new WebSocket(wsUrl(path), { ...(options.origin ? { origin: options.origin } : {}), headers: options.headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      res.resume();
    });
    ws.once('error', () => resolve({}));
  });
}

/** Collects a socket's messages; `next` waits for one that matches. */
function recorder(ws: WebSocket) {
  const messages: any[] = [];
  const waiters: { predicate: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8'));
    messages.push(m);
    for (const w of [...waiters]) if (w.predicate(m)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(m));
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return {
    messages,
    closed,
    next(predicate: (m: any) => boolean, timeoutMs = 3000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<any>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; saw ${JSON.stringify(messages).slice(0, 300)}`)), timeoutMs);
        waiters.push({ predicate, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}

const SOCKETS = ['/emulator/ws', '/emulator/call-ws'];

describe('1. socket message ids', () => {
  for (const path of SOCKETS) {
    it(`${path}: a deeply nested id before login is refused, and the server lives on`, async () => {
      const { ws } = await connect(path);
      assert.ok(ws);
      const r = recorder(ws);
      // 7000 levels: enough to overflow JSON.stringify, small enough for both sockets' maxPayload.
      ws.send(`{"type":"ping","id":${'['.repeat(7000)}${']'.repeat(7000)}}`);
      const refused = await r.next((m) => m.type === 'error');
      assert.equal(refused.code, 'BadMessage');
      assert.equal(refused.id, undefined, 'an invalid id is not echoed');
      ws.send(JSON.stringify({ type: 'ping', id: 'after' }));
      assert.deepEqual(await r.next((m) => m.type === 'pong'), { type: 'pong', id: 'after' });
      ws.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(1000) }));
      assert.equal((await r.next((m) => m.type === 'error' && m !== refused)).code, 'BadMessage', 'a long id is refused too');
      ws.close();
      assert.equal((await fetch(`${base}api/token`)).status, 200, 'the process still answers');
    });
  }
});

describe('2. absolute request targets', () => {
  it('GET http://a:99999/ answers 400', async () => {
    const response = await raw('GET http://a:99999/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    assert.equal(statusOf(response), 400, response.slice(0, 200));
    assert.equal((await fetch(`${base}api/token`)).status, 200);
  });
  for (const path of SOCKETS) {
    it(`an upgrade to http://a:99999${path} answers 400`, async () => {
      const response = await raw(`GET http://a:99999${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${upgradeHeaders}\r\n`);
      assert.equal(statusOf(response), 400, response.slice(0, 200));
      assert.equal((await fetch(`${base}api/token`)).status, 200);
    });
  }
});

describe('3. origin policy on socket upgrades', () => {
  for (const path of SOCKETS) {
    it(`${path}: a foreign Origin gets 403; the own origin and no Origin connect`, async () => {
      assert.equal((await connect(path, { origin: 'https://evil.example' })).status, 403);
      const own = await connect(path, { origin: `http://127.0.0.1:${port}` });
      assert.ok(own.ws, 'same origin connects');
      own.ws.close();
      const none = await connect(path);
      assert.ok(none.ws, 'no Origin (a Node client) connects');
      none.ws.close();
    });
  }
});

describe('4. DNS rebinding', () => {
  it('a foreign Host gets 421 on HTTP, even with a matching Origin', async () => {
    const response = await raw(`GET /api/token HTTP/1.1\r\nHost: evil.example:${port}\r\nOrigin: http://evil.example:${port}\r\nConnection: close\r\n\r\n`);
    assert.equal(statusOf(response), 421, response.slice(0, 200));
    const control = await raw(`GET /emulator/meetings HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`);
    assert.equal(statusOf(control), 421);
  });
  for (const path of SOCKETS) {
    it(`${path}: a foreign Host gets 421 on upgrade`, async () => {
      const response = await raw(`GET ${path} HTTP/1.1\r\nHost: evil.example:${port}\r\nOrigin: http://evil.example:${port}\r\n${upgradeHeaders}\r\n`);
      assert.equal(statusOf(response), 421, response.slice(0, 200));
    });
  }
  it('the configured names are accepted', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, 'localhost']) {
      const response = await raw(`GET /api/token HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      assert.equal(statusOf(response), 200, host);
    }
  });
  it('a name given in allowedHosts is accepted; others are not', async () => {
    const other = await startServer({ port: 0, quiet: true, allowedHosts: ['emulator.test'] });
    try {
      const get = async (host: string) => statusOf(await raw(`GET /api/token HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, { port: other.port }));
      assert.equal(await get(`emulator.test:${other.port}`), 200);
      assert.equal(await get(`evil.example:${other.port}`), 421);
      assert.equal(await get(`emulator.test.evil.example:${other.port}`), 421);
    } finally {
      await other.close();
    }
  });
});

describe('5. slow readers and chatty strangers', () => {
  for (const path of SOCKETS) {
    it(`${path}: more than a few messages before login close the socket`, async () => {
      const { ws } = await connect(path);
      assert.ok(ws);
      const r = recorder(ws);
      for (let i = 0; i < 100; i++) ws.send(JSON.stringify({ type: 'ping', id: i }));
      assert.equal(await r.closed, 1008);
      assert.ok(r.messages.filter((m) => m.type === 'pong').length < 100, 'it stopped answering');
    });
  }

  for (const path of SOCKETS) {
    it(`${path}: a client that never reads is cut off before the server holds more than a few MB for it`, async () => {
      const stats = () => (path === '/emulator/ws' ? server.meetings : server.calls)!.stats();
      const { ws } = await connect(path);
      assert.ok(ws);
      const r = recorder(ws);
      ws.send(JSON.stringify({ type: 'auth', token: server.tokens.mint().token }));
      await r.next((m) => m.type === 'ready');
      assert.equal(stats().connections, 1);
      const socket = (ws as unknown as { _socket: net.Socket })._socket;
      socket.pause();
      socket.on('error', () => undefined);
      // Every ping is answered; the answers pile up on the server while this client does not read.
      const frame = JSON.stringify({ type: 'ping', id: 'p'.repeat(100) });
      let peak = 0;
      let sent = 0;
      while (stats().connections > 0 && peak <= 8 * 1024 * 1024 && sent < 64 * 1024 * 1024) {
        await new Promise<void>((resolve) => ws.send(frame, () => resolve()));
        sent += frame.length;
        if (sent % (64 * 1024) < frame.length) await new Promise((resolve) => setImmediate(resolve));
        peak = Math.max(peak, stats().bufferedBytes);
      }
      assert.equal(stats().connections, 0, `the server held ${peak} bytes for a client that does not read (after ${sent} bytes sent)`);
      assert.ok(peak <= 2 * 1024 * 1024, `peak ${peak}`);
      ws.terminate();
    });
  }
});

describe('6. ACS_CONNECTION_STRING', () => {
  it('a malformed connection string stops the start with a fixed message that quotes nothing', async () => {
    const secret = 'c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=';
    for (const connectionString of [`endpoint=not a url;accesskey=${secret}`, `accesskey=${secret}`, `endpoint=https://x.communication.azure.com/;accesskey=`, secret]) {
      await assert.rejects(
        startServer({ port: 0, quiet: true, acsConnectionString: connectionString }),
        (error: Error) => {
          assert.match(error.message, /^ACS_CONNECTION_STRING is not valid/);
          assert.ok(!error.message.includes(secret) && !error.message.includes(connectionString));
          return true;
        },
      );
    }
  });
});

describe('7. chat metadata and retention policy', () => {
  const version = 'api-version=2025-03-15';
  // JSON text (JSON.stringify itself cannot write it): 5000 levels of objects.
  const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
  let auth: Record<string, string>;
  let threadId: string;
  /** A body with `$` standing for the JSON text `value` (so that it may be deeper than JSON.stringify goes). */
  const withValue = (shape: unknown, value: unknown) => JSON.stringify(shape).replace('"$"', typeof value === 'string' && value === deep ? deep : JSON.stringify(value));
  const chat = (method: string, path: string, body?: unknown) =>
    fetch(`${base}chat/${path}${path.includes('?') ? '&' : '?'}${version}`, { method, headers: auth, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });

  before(async () => {
    auth = { authorization: `Bearer ${server.tokens.mint().token}`, 'content-type': 'application/json' };
    const created = await chat('POST', 'threads', { topic: 't' });
    threadId = ((await created.json()) as { chatThread: { id: string } }).chatThread.id;
  });

  const bad: [string, unknown][] = [
    ['nested', { a: { b: 'c' } }],
    ['deep', deep],
    ['a number value', { a: 1 }],
    ['an array', ['a']],
    ['a long value', { a: 'x'.repeat(5000) }],
    ['too many keys', Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v']))],
  ];
  for (const [what, metadata] of bad) {
    it(`metadata ${what}: 400 on every route that takes it, and the thread stays readable`, async () => {
      const t = encodeURIComponent(threadId);
      assert.equal((await chat('POST', 'threads', withValue({ topic: 't', metadata: '$' }, metadata))).status, 400, 'create');
      assert.equal((await chat('PATCH', `threads/${t}`, withValue({ metadata: '$' }, metadata))).status, 400, 'update');
      assert.equal((await chat('POST', `threads/${t}/messages`, withValue({ content: 'x', metadata: '$' }, metadata))).status, 400, 'send');
      const sent = (await (await chat('POST', `threads/${t}/messages`, { content: 'x' })).json()) as { id: string };
      assert.equal((await chat('PATCH', `threads/${t}/messages/${sent.id}`, withValue({ metadata: '$' }, metadata))).status, 400, 'edit');
      const other = server.tokens.mint().userId;
      const add = withValue({ participants: [{ communicationIdentifier: { rawId: other }, metadata: '$' }] }, metadata);
      assert.equal((await chat('POST', `threads/${t}/participants/:add`, add)).status, 400, 'add');
      assert.equal((await chat('GET', `threads/${t}`)).status, 200);
      assert.equal((await chat('GET', `threads/${t}/messages`)).status, 200);
      assert.equal((await chat('GET', `threads/${t}/participants`)).status, 200);
    });
  }
  it('a merge-patch null still deletes a key', async () => {
    const t = encodeURIComponent(threadId);
    assert.equal((await chat('PATCH', `threads/${t}`, { metadata: { a: 'b', c: 'd' } })).status, 204);
    assert.equal((await chat('PATCH', `threads/${t}`, { metadata: { a: null } })).status, 204);
    assert.deepEqual(((await (await chat('GET', `threads/${t}`)).json()) as { metadata: unknown }).metadata, { c: 'd' });
  });
  it('retentionPolicy: the two ACS shapes are kept, anything else is 400', async () => {
    const t = encodeURIComponent(threadId);
    for (const policy of [{ kind: 'threadCreationDate', deleteThreadAfterDays: 30 }, { kind: 'none' }]) {
      assert.equal((await chat('PATCH', `threads/${t}`, { retentionPolicy: policy })).status, 204, JSON.stringify(policy));
      assert.deepEqual(((await (await chat('GET', `threads/${t}`)).json()) as { retentionPolicy: unknown }).retentionPolicy, policy);
    }
    for (const policy of [deep, { kind: 'x' }, { kind: 'threadCreationDate' }, { kind: 'threadCreationDate', deleteThreadAfterDays: 0 }, { kind: 'threadCreationDate', deleteThreadAfterDays: 1.5 }, { kind: 'none', extra: { a: 1 } }, 'none', []]) {
      assert.equal((await chat('PATCH', `threads/${t}`, withValue({ retentionPolicy: '$' }, policy))).status, 400, String(withValue('$', policy)).slice(0, 80));
      assert.equal((await chat('POST', 'threads', withValue({ topic: 't', retentionPolicy: '$' }, policy))).status, 400);
    }
    assert.equal((await chat('GET', `threads/${t}`)).status, 200);
  });
});

describe('8. open redirect', () => {
  for (const target of ['/.//evil.com/x%2f..%2f..', '//evil.com/%2e%2e', '/.//evil.com', '/./\\evil.com/x%2f..']) {
    it(`${target} never redirects off the site`, async () => {
      const response = await raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      const location = /\r\nlocation: ([^\r]*)/i.exec(response)?.[1];
      assert.ok(statusOf(response) > 0 && statusOf(response) < 500, response.slice(0, 100));
      if (location !== undefined) assert.match(location, /^\/(?![/\\])/, `Location: ${location}`);
    });
  }
});

describe('9. bad input answers 400, not 500', () => {
  it('a path parameter that is not valid percent-encoding', async () => {
    const res = await fetch(`${base}emulator/meetings/%E0%A4%A`);
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'BadRequest');
  });
  it('a malformed session cookie is ignored: /api/token still works', async () => {
    const res = await fetch(`${base}api/token`, { headers: { cookie: 'acs-emulator-user=%E0%A4%A' } });
    assert.equal(res.status, 200);
    assert.match(((await res.json()) as { userId: string }).userId, /^8:acs:/);
  });
  it('an invalid shareHistoryTime', async () => {
    const headers = { authorization: `Bearer ${server.tokens.mint().token}`, 'content-type': 'application/json' };
    const other = server.tokens.mint().userId;
    const res = await fetch(`${base}chat/threads?api-version=2025-03-15`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ topic: 't', participants: [{ communicationIdentifier: { rawId: other }, shareHistoryTime: 'not a date' }] }),
    });
    assert.equal(res.status, 400);
  });
});

describe('10. a body over the limit', () => {
  it('with a Content-Length: 413, not a reset', async () => {
    const response = await raw(`POST /api/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{"displayName":"`, {
      then: (socket) => socket.write('x'.repeat(1_100_000)),
    });
    assert.equal(statusOf(response), 413, response.slice(0, 200) || '(no answer)');
  });
  it('chunked: 413, not a reset', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const frame = `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    const response = await raw(`POST /api/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`, {
      then: (socket) => {
        for (let i = 0; i < 20; i++) socket.write(frame);
      },
    });
    assert.equal(statusOf(response), 413, response.slice(0, 200) || '(no answer)');
  });
});
