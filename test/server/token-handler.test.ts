/**
 * createTokenHandler (acs-teams-elements/server) on web-standard Request/Response, with a
 * recording identity client and an injected clock: authorize, userKey → same identity, scopes and
 * expiry, origins and CORS, rate limit with Retry-After, no-store, 405, Teams exchange, option
 * validation, and no secret in any log line or body whatever the identity service throws.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryIdentityStore, createTokenHandler, type IdentityClientLike, type TokenHandlerOptions } from '../../src/server/index.js';

const ACCESS_KEY = Buffer.from('token-handler-test-access-key-never-to-be-seen').toString('base64');
const CONNECTION_STRING = `endpoint=https://contoso.communication.azure.com/;accesskey=${ACCESS_KEY}`;
const ENDPOINT = 'https://contoso.communication.azure.com/';

class FakeIdentity implements IdentityClientLike {
  calls: { op: string; args: unknown[] }[] = [];
  users = new Set<string>();
  next = 0;
  fail?: unknown;

  async createUserAndToken(scopes: string[], options?: { tokenExpiresInMinutes?: number }) {
    this.calls.push({ op: 'createUserAndToken', args: [scopes, options] });
    if (this.fail) throw this.fail;
    const id = `8:acs:resource_${++this.next}`;
    this.users.add(id);
    return { user: { communicationUserId: id }, token: `token-for-${id}`, expiresOn: new Date(Date.UTC(2026, 10, 29, 13)) };
  }

  async getToken(user: { communicationUserId: string }, scopes: string[], options?: { tokenExpiresInMinutes?: number }) {
    this.calls.push({ op: 'getToken', args: [user, scopes, options] });
    if (this.fail) throw this.fail;
    if (!this.users.has(user.communicationUserId)) throw Object.assign(new Error('Identity not found'), { statusCode: 404 });
    return { token: `token-for-${user.communicationUserId}`, expiresOn: new Date(Date.UTC(2026, 10, 29, 13)) };
  }

  async getTokenForTeamsUser(options: { teamsUserAadToken: string; clientId: string; userObjectId: string }) {
    this.calls.push({ op: 'getTokenForTeamsUser', args: [options] });
    if (this.fail) throw this.fail;
    return { token: 'teams-token', expiresOn: new Date(Date.UTC(2026, 10, 29, 13)) };
  }
}

function setup(options: Partial<TokenHandlerOptions> = {}) {
  const identity = new FakeIdentity();
  const logs: string[] = [];
  let clock = Date.UTC(2026, 10, 29, 12);
  const handler = createTokenHandler({
    connectionString: CONNECTION_STRING,
    identityClient: identity,
    authorize: () => true,
    log: (line) => logs.push(line),
    now: () => clock,
    ...options,
  });
  return { handler, identity, logs, advance: (ms: number) => (clock += ms) };
}

const get = (headers: Record<string, string> = {}, method = 'GET', body?: string) =>
  new Request('https://www.contoso.com/api/token', { method, headers, body });

const fakeJwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('createTokenHandler: options', () => {
  it('throws a clear error without authorize', () => {
    assert.throws(
      () => createTokenHandler({ connectionString: CONNECTION_STRING } as unknown as TokenHandlerOptions),
      (e: Error) => e instanceof TypeError && /authorize is required/.test(e.message) && /authorize: \(\) => true/.test(e.message),
    );
  });

  it('validates scopes, expiry, origins, connection string — never quoting the connection string', () => {
    const base = { authorize: () => true, connectionString: CONNECTION_STRING };
    assert.throws(() => createTokenHandler({ ...base, scopes: [] }), /scopes/);
    assert.throws(() => createTokenHandler({ ...base, scopes: ['admin' as 'chat'] }), /scopes/);
    assert.throws(() => createTokenHandler({ ...base, tokenExpiresInMinutes: 59 }), /60 to 1440/);
    assert.throws(() => createTokenHandler({ ...base, tokenExpiresInMinutes: 1441 }), /60 to 1440/);
    assert.throws(() => createTokenHandler({ ...base, allowedOrigins: ['https://a.example/path'] }), /allowedOrigins/);
    assert.throws(() => createTokenHandler({ ...base, teams: { clientId: '' } }), /clientId/);
    assert.throws(() => createTokenHandler({ authorize: () => true }), /connectionString, or endpoint/);
    assert.throws(() => createTokenHandler({ authorize: () => true, endpoint: ENDPOINT }), /credential/);
    const badString = `endpoint=not a url;accesskey=${ACCESS_KEY}`;
    assert.throws(
      () => createTokenHandler({ authorize: () => true, connectionString: badString }),
      (e: Error) => !e.message.includes(ACCESS_KEY) && /not a URL/.test(e.message),
    );
    assert.throws(
      () => createTokenHandler({ authorize: () => true, connectionString: `accesskey=${ACCESS_KEY}` }),
      (e: Error) => !e.message.includes(ACCESS_KEY),
    );
    assert.doesNotThrow(() => createTokenHandler({ ...base, scopes: ['chat.join', 'voip.join'], tokenExpiresInMinutes: 1440 }));
    assert.doesNotThrow(() => createTokenHandler({ authorize: () => true, endpoint: ENDPOINT, credential: { key: 'k' } }));
  });
});

describe('createTokenHandler: authorize and identities', () => {
  it('authorize false → 401 without calling the identity service', async () => {
    const { handler, identity } = setup({ authorize: () => false });
    const res = await handler(get());
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as any).error.code, 'Unauthorized');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(identity.calls, []);
  });

  it('authorize receives the request and the client address; a throw or a bad result is a 500, not a token', async () => {
    let seen: { url?: string; address?: string } = {};
    const { handler } = setup({
      authorize: (request, context) => {
        seen = { url: request.url, address: context.clientAddress };
        return true;
      },
    });
    assert.equal((await handler(get(), { clientAddress: '203.0.113.5' })).status, 200);
    assert.deepEqual(seen, { url: 'https://www.contoso.com/api/token', address: '203.0.113.5' });
    const throwing = setup({ authorize: () => Promise.reject(new Error(`db down ${ACCESS_KEY}`)) });
    const res = await throwing.handler(get());
    assert.equal(res.status, 500);
    assert.ok(!(await res.text()).includes(ACCESS_KEY));
    assert.ok(!throwing.logs.join('\n').includes(ACCESS_KEY));
    assert.deepEqual(throwing.identity.calls, []);
    const weird = setup({ authorize: () => ({ userKey: '' }) });
    assert.equal((await weird.handler(get())).status, 500);
    assert.deepEqual(weird.identity.calls, []);
  });

  it('{userKey} → the same ACS identity on every refresh; another key → another identity', async () => {
    let user = 'alice';
    const { handler, identity } = setup({ authorize: () => ({ userKey: user }) });
    const a1 = (await (await handler(get())).json()) as any;
    const a2 = (await (await handler(get())).json()) as any;
    user = 'bob';
    const b1 = (await (await handler(get())).json()) as any;
    assert.equal(a1.userId, a2.userId);
    assert.notEqual(a1.userId, b1.userId);
    assert.deepEqual(identity.calls.map((c) => c.op), ['createUserAndToken', 'getToken', 'createUserAndToken']);
    assert.deepEqual(Object.keys(a2).sort(), ['endpoint', 'expiresOn', 'token', 'userId']);
    assert.equal(a2.endpoint, ENDPOINT);
    assert.equal(a2.expiresOn, '2026-11-29T13:00:00.000Z');
  });

  it('true → a new identity each time; scopes and expiry go to the identity service', async () => {
    const { handler, identity } = setup({ scopes: ['chat.join', 'voip.join'], tokenExpiresInMinutes: 120 });
    const one = (await (await handler(get())).json()) as any;
    const two = (await (await handler(get())).json()) as any;
    assert.notEqual(one.userId, two.userId);
    assert.deepEqual(identity.calls[0].args, [['chat.join', 'voip.join'], { tokenExpiresInMinutes: 120 }]);
  });

  it('default scopes voip, chat and 60 minutes', async () => {
    const { handler, identity } = setup();
    await handler(get());
    assert.deepEqual(identity.calls[0].args, [['voip', 'chat'], { tokenExpiresInMinutes: 60 }]);
  });

  it('a stored identity that was deleted gets a new one, and the store is updated', async () => {
    const store = createMemoryIdentityStore();
    const { handler, identity } = setup({ authorize: () => ({ userKey: 'carol' }), identityStore: store });
    const first = (await (await handler(get())).json()) as any;
    identity.users.delete(first.userId);
    const second = (await (await handler(get())).json()) as any;
    assert.notEqual(second.userId, first.userId);
    assert.equal(store.get('carol'), second.userId);
  });

  it('a custom async identityStore (shared by instances) is used', async () => {
    const shared = new Map<string, string>();
    const store = { get: async (k: string) => shared.get(k), set: async (k: string, v: string) => void shared.set(k, v) };
    const one = setup({ authorize: () => ({ userKey: 'dave' }), identityStore: store });
    const id = ((await (await one.handler(get())).json()) as any).userId;
    const two = setup({ authorize: () => ({ userKey: 'dave' }), identityStore: store });
    two.identity.users.add(id);
    assert.equal(((await (await two.handler(get())).json()) as any).userId, id);
    assert.deepEqual(two.identity.calls.map((c) => c.op), ['getToken']);
  });

  it('the in-memory store keeps the most recently used keys only', () => {
    const store = createMemoryIdentityStore(2);
    void store.set('a', '1');
    void store.set('b', '2');
    void store.get('a');
    void store.set('c', '3');
    assert.equal(store.get('a'), '1');
    assert.equal(store.get('b'), undefined);
    assert.equal(store.get('c'), '3');
  });
});

describe('createTokenHandler: HTTP behaviour', () => {
  it('Cache-Control: no-store and Vary: Origin on success and on errors', async () => {
    const { handler } = setup();
    for (const res of [await handler(get()), await handler(get({}, 'DELETE'))]) {
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('vary'), 'Origin');
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    }
  });

  it('405 with Allow for methods other than GET, POST, OPTIONS', async () => {
    const { handler, identity } = setup();
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await handler(get({}, method));
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('allow'), 'GET, POST, OPTIONS');
    }
    assert.deepEqual(identity.calls, []);
  });

  it('origins: same-origin and listed origins pass (CORS only for listed), others 403 without a token', async () => {
    const { handler, identity } = setup({ allowedOrigins: ['https://partner.example'] });
    const same = await handler(get({ origin: 'https://www.contoso.com' }));
    assert.equal(same.status, 200);
    assert.equal(same.headers.get('access-control-allow-origin'), null);
    const listed = await handler(get({ origin: 'https://partner.example' }));
    assert.equal(listed.status, 200);
    assert.equal(listed.headers.get('access-control-allow-origin'), 'https://partner.example');
    assert.equal(listed.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(listed.headers.get('vary'), 'Origin');
    const calls = identity.calls.length;
    const evil = await handler(get({ origin: 'https://evil.example' }));
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    assert.equal(identity.calls.length, calls);
    const preflight = await handler(get({ origin: 'https://partner.example', 'access-control-request-method': 'POST' }, 'OPTIONS'));
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://partner.example');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal((await handler(get({ origin: 'https://evil.example' }, 'OPTIONS'))).status, 403);
  });

  it('rate limit per userKey: 429 with Retry-After, refilled as the (injected) clock moves', async () => {
    let user = 'erin';
    const { handler, advance } = setup({ authorize: () => ({ userKey: user }), rateLimit: { perMinute: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await handler(get())).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await handler(get());
    assert.equal(limited.headers.get('retry-after'), '20');
    assert.equal(((await limited.json()) as any).error.code, 'TooManyRequests');
    user = 'frank';
    assert.equal((await handler(get())).status, 200, 'another user has their own budget');
    user = 'erin';
    advance(20_000);
    assert.equal((await handler(get())).status, 200, 'one request refilled after 20 s');
    assert.equal((await handler(get())).status, 429);
  });

  it('rate limit per client address when authorize gives no userKey; false disables it', async () => {
    const { handler } = setup({ rateLimit: { perMinute: 1 } });
    assert.equal((await handler(get(), { clientAddress: '198.51.100.1' })).status, 200);
    assert.equal((await handler(get(), { clientAddress: '198.51.100.1' })).status, 429);
    assert.equal((await handler(get(), { clientAddress: '198.51.100.2' })).status, 200);
    const unlimited = setup({ rateLimit: false });
    for (let i = 0; i < 50; i++) assert.equal((await unlimited.handler(get())).status, 200);
  });

  it('Teams users: POST {entraToken} → getTokenForTeamsUser with the oid; tenant checked; off without teams', async () => {
    const { handler, identity } = setup({ teams: { clientId: 'app-id', tenantId: 'tenant-1' } });
    const entra = fakeJwt({ oid: '11111111-1111-4111-8111-111111111111', tid: 'tenant-1' });
    const res = await handler(get({ 'content-type': 'application/json' }, 'POST', JSON.stringify({ entraToken: entra })));
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.equal(body.userId, '8:orgid:11111111-1111-4111-8111-111111111111');
    assert.deepEqual(identity.calls[0], { op: 'getTokenForTeamsUser', args: [{ teamsUserAadToken: entra, clientId: 'app-id', userObjectId: '11111111-1111-4111-8111-111111111111' }] });
    const otherTenant = await handler(get({}, 'POST', JSON.stringify({ entraToken: fakeJwt({ oid: 'x', tid: 'tenant-2' }) })));
    assert.equal(otherTenant.status, 403);
    assert.equal((await handler(get({}, 'POST', JSON.stringify({ entraToken: 'garbage' })))).status, 400);
    assert.equal((await handler(get({}, 'POST', '{oops'))).status, 400);
    assert.equal((await handler(get({}, 'POST', JSON.stringify({ entraToken: 'x'.repeat(20_000) })))).status, 413);
    const off = setup();
    assert.equal((await off.handler(get({}, 'POST', JSON.stringify({ entraToken: entra })))).status, 400);
    assert.deepEqual(off.identity.calls, []);
    const acsByPost = await off.handler(get({}, 'POST', JSON.stringify({ displayName: 'Ada' })));
    assert.equal(acsByPost.status, 200, 'POST without entraToken is an ACS token');
  });
});

describe('createTokenHandler: secrets never leave', () => {
  const secretErrors = () => [
    Object.assign(new Error(`HMAC failed for ${CONNECTION_STRING}`), { statusCode: 401, request: { headers: { authorization: `HMAC-SHA256 ${ACCESS_KEY}` } } }),
    Object.assign(new Error(`token token-for-8:acs:resource_1 rejected, key ${ACCESS_KEY}`), { statusCode: 500 }),
    new TypeError(`socket hang up ${ACCESS_KEY}`),
    `a thrown string with ${CONNECTION_STRING}`,
  ];

  it('whatever the identity service throws: 502, a fixed message, a fixed log line', async () => {
    for (const [i, failure] of secretErrors().entries()) {
      for (const path of ['acs', 'teams'] as const) {
        const { handler, identity, logs } = setup({ teams: { clientId: 'app' }, authorize: () => ({ userKey: 'u' }) });
        identity.fail = failure;
        const request =
          path === 'acs' ? get() : get({}, 'POST', JSON.stringify({ entraToken: fakeJwt({ oid: '22222222-2222-4222-8222-222222222222' }) }));
        const res = await handler(request);
        const text = await res.text();
        assert.equal(res.status, 502, `failure ${i} (${path})`);
        assert.deepEqual(JSON.parse(text), { error: { code: 'IdentityServiceError', message: 'The identity service request failed.' } });
        const all = `${text}\n${JSON.stringify([...res.headers])}\n${logs.join('\n')}`;
        for (const secret of [ACCESS_KEY, CONNECTION_STRING, 'accesskey', 'token-for-', 'HMAC-SHA256']) assert.ok(!all.includes(secret), `${secret} leaked (failure ${i}, ${path})`);
        assert.equal(logs.length, 1);
        assert.match(logs[0], /^\[acs-teams-elements\/server\] identity service .* failed/);
      }
    }
  });

  it('the default log goes to console.error and holds no secret either', async () => {
    const captured: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void captured.push(args.map(String).join(' '));
    try {
      const identity = new FakeIdentity();
      identity.fail = secretErrors()[0];
      const handler = createTokenHandler({ connectionString: CONNECTION_STRING, identityClient: identity, authorize: () => true });
      assert.equal((await handler(get())).status, 502);
    } finally {
      console.error = original;
    }
    assert.equal(captured.length, 1);
    assert.ok(!captured[0].includes(ACCESS_KEY));
  });
});
