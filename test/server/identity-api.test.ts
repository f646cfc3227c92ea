/**
 * The emulator's ACS Identity REST API: the real CommunicationIdentityClient against it (every
 * operation), and HMAC-SHA256 authentication checked request by request with a hand-written signer
 * (what a PHP or curl client does): bad signature, missing headers, content hash mismatch, a date
 * 15 minutes off (injected clock), the `date` header variant, api-version, validation errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { startServer } from '../../server/app.js';

type Server = Awaited<ReturnType<typeof startServer>>;

const ACCESS_KEY = Buffer.from('identity-api-test-key-0123456789abcdef').toString('base64');
const NOW = Date.parse('2026-11-29T12:00:00Z');
let clock = NOW;
let server: Server;

before(async () => {
  server = await startServer({ port: 0, quiet: true, identityAccessKey: ACCESS_KEY, identityNow: () => clock });
});
after(async () => {
  await server.close();
});

interface SignOptions {
  key?: string;
  date?: Date;
  dateHeader?: 'x-ms-date' | 'date';
  /** The hash header to send (default: the body's real hash). */
  contentHash?: string;
  omit?: string;
  signedHeaders?: string;
}

/** Sends a request signed as Azure specifies, from scratch (no SDK code). */
async function signed(method: string, pathAndQuery: string, body?: unknown, options: SignOptions = {}) {
  const url = new URL(pathAndQuery, server.url);
  const text = body === undefined ? '' : JSON.stringify(body);
  const date = (options.date ?? new Date(clock)).toUTCString();
  const hash = options.contentHash ?? crypto.createHash('sha256').update(text).digest('base64');
  const dateHeader = options.dateHeader ?? 'x-ms-date';
  const stringToSign = `${method}\n${url.pathname}${url.search}\n${date};${url.host};${hash}`;
  const signature = crypto.createHmac('sha256', Buffer.from(options.key ?? ACCESS_KEY, 'base64')).update(stringToSign).digest('base64');
  const headers: Record<string, string> = {
    [dateHeader]: date,
    'x-ms-content-sha256': hash,
    authorization: `HMAC-SHA256 SignedHeaders=${options.signedHeaders ?? `${dateHeader};host;x-ms-content-sha256`}&Signature=${signature}`,
    ...(text ? { 'content-type': 'application/json' } : {}),
  };
  if (options.omit) delete headers[options.omit];
  const res = await fetch(url, { method, headers, body: text || undefined });
  const raw = await res.text();
  return { status: res.status, body: raw ? JSON.parse(raw) : undefined };
}

const V = 'api-version=2023-10-01';

describe('Identity REST API with the real @azure/communication-identity client', () => {
  const client = () => new CommunicationIdentityClient(server.identity!.connectionString, { allowInsecureConnection: true });

  it('the connection string names the emulator and its key', () => {
    assert.equal(server.identity!.connectionString, `endpoint=${server.url};accesskey=${ACCESS_KEY}`);
  });

  it('createUserAndToken, getToken, revokeTokens, deleteUser, getTokenForTeamsUser; all verified', async () => {
    clock = Date.now(); // the SDK signs with the real date; the emulator's clock must agree
    const before = server.identity!.stats.verified;
    const c = client();
    const created = await c.createUserAndToken(['voip', 'chat'], { tokenExpiresInMinutes: 90 });
    assert.match(created.user.communicationUserId, new RegExp(`^8:acs:${server.tokens.resourceId}_`));
    const verified = server.tokens.verify(created.token);
    assert.equal(verified.userId, created.user.communicationUserId);
    assert.equal(verified.exp * 1000, created.expiresOn.getTime());
    const payload = JSON.parse(Buffer.from(created.token.split('.')[1], 'base64url').toString('utf8'));
    assert.equal(payload.acsScope, 'voip,chat');
    assert.equal(payload.exp - payload.iat, 90 * 60);

    const again = await c.getToken(created.user, ['chat.join']);
    assert.equal(server.tokens.verify(again.token).userId, created.user.communicationUserId);

    await c.revokeTokens(created.user);
    const plain = await c.createUser();
    await c.deleteUser(plain);
    await assert.rejects(c.getToken(plain, ['chat']), (e: any) => e.statusCode === 404 && e.code === 'IdentityNotFound');

    const entra = server.tokens.mintEntra({ name: 'Ada' });
    const teams = await c.getTokenForTeamsUser({ teamsUserAadToken: entra.token, clientId: 'app-id', userObjectId: entra.oid });
    assert.deepEqual(server.tokens.verify(teams.token).userId, `8:orgid:${entra.oid}`);
    assert.equal(server.identity!.stats.verified - before, 7);
  });

  it('a client with the wrong key gets 401 Denied', async () => {
    clock = Date.now();
    const wrong = new CommunicationIdentityClient(`endpoint=${server.url};accesskey=${Buffer.from('wrong-key').toString('base64')}`, { allowInsecureConnection: true });
    const rejected = server.identity!.stats.rejected;
    await assert.rejects(wrong.createUser(), (e: any) => e.statusCode === 401 && e.code === 'Denied');
    assert.equal(server.identity!.stats.rejected, rejected + 1);
  });
});

describe('Identity REST API: HMAC-SHA256 authentication', () => {
  it('accepts a correctly signed request (x-ms-date or date)', async () => {
    clock = NOW;
    const a = await signed('POST', `/identities?${V}`, { createTokenWithScopes: ['chat'] });
    assert.equal(a.status, 201);
    assert.match(a.body.identity.id, /^8:acs:/);
    assert.equal(typeof a.body.accessToken.token, 'string');
    assert.equal(typeof a.body.accessToken.expiresOn, 'string');
    const b = await signed('POST', `/identities?${V}`, undefined, { dateHeader: 'date' });
    assert.equal(b.status, 201);
    assert.deepEqual(Object.keys(b.body), ['identity'], 'no token unless createTokenWithScopes');
  });

  it('401 for a bad signature, a missing header, a hash mismatch, wrong SignedHeaders', async () => {
    clock = NOW;
    const cases: [string, SignOptions][] = [
      ['wrong key', { key: Buffer.from('another key').toString('base64') }],
      ['no authorization', { omit: 'authorization' }],
      ['no x-ms-date', { omit: 'x-ms-date' }],
      ['no content hash', { omit: 'x-ms-content-sha256' }],
      ['hash of another body', { contentHash: crypto.createHash('sha256').update('{}').digest('base64') }],
      ['host not signed', { signedHeaders: 'x-ms-date;x-ms-content-sha256' }],
    ];
    for (const [name, options] of cases) {
      const res = await signed('POST', `/identities?${V}`, { createTokenWithScopes: ['chat'] }, options);
      assert.equal(res.status, 401, name);
      assert.equal(res.body.error.code, 'Denied', name);
    }
    const mismatch = await signed('POST', `/identities?${V}`, { a: 1 }, { contentHash: crypto.createHash('sha256').update('{}').digest('base64') });
    assert.match(mismatch.body.error.message, /x-ms-content-sha256/);
  });

  it('a date more than 15 minutes off is refused, within 15 minutes accepted (injected clock)', async () => {
    clock = NOW;
    const at = (offsetMs: number) => signed('POST', `/identities?${V}`, undefined, { date: new Date(NOW + offsetMs) });
    assert.equal((await at(15 * 60_000)).status, 201);
    assert.equal((await at(-15 * 60_000)).status, 201);
    assert.equal((await at(16 * 60_000)).status, 401);
    assert.equal((await at(-16 * 60_000)).status, 401);
    clock = NOW + 60 * 60_000;
    assert.equal((await signed('POST', `/identities?${V}`, undefined, { date: new Date(NOW) })).status, 401, 'the server clock moved on');
    clock = NOW;
  });

  it('a signature does not cover another path, method or query', async () => {
    clock = NOW;
    const url = new URL(`/identities?${V}`, server.url);
    const date = new Date(clock).toUTCString();
    const hash = crypto.createHash('sha256').update('').digest('base64');
    const sig = crypto.createHmac('sha256', Buffer.from(ACCESS_KEY, 'base64')).update(`POST\n/identities?api-version=2022-06-01\n${date};${url.host};${hash}`).digest('base64');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'x-ms-date': date, 'x-ms-content-sha256': hash, authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${sig}` },
    });
    assert.equal(res.status, 401);
  });
});

describe('Identity REST API: operations and errors', () => {
  it('api-version: missing → 400 MissingApiVersionParameter, unknown → 400 UnsupportedApiVersion', async () => {
    clock = NOW;
    const missing = await signed('POST', '/identities');
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'MissingApiVersionParameter');
    const unknown = await signed('POST', '/identities?api-version=1999-01-01');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'UnsupportedApiVersion');
  });

  it('issue, revoke, delete; 404 for unknown identities; validation of scopes and expiresInMinutes', async () => {
    clock = NOW;
    const { body } = await signed('POST', `/identities?${V}`);
    const id = encodeURIComponent(body.identity.id as string);
    const issued = await signed('POST', `/identities/${id}/:issueAccessToken?${V}`, { scopes: ['voip.join', 'chat.join.limited'], expiresInMinutes: 60 });
    assert.equal(issued.status, 200);
    assert.deepEqual(Object.keys(issued.body).sort(), ['expiresOn', 'token']);
    assert.equal(server.tokens.verify(issued.body.token).userId, body.identity.id);

    for (const bad of [{}, { scopes: [] }, { scopes: ['admin'] }, { scopes: ['chat'], expiresInMinutes: 59 }, { scopes: ['chat'], expiresInMinutes: 1441 }]) {
      const res = await signed('POST', `/identities/${id}/:issueAccessToken?${V}`, bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(res.body.error.code, 'ValidationError');
    }
    assert.equal((await signed('POST', `/identities?${V}`, { createTokenWithScopes: ['nope'] })).status, 400);

    assert.equal((await signed('POST', `/identities/${id}/:revokeAccessTokens?${V}`)).status, 204);
    assert.equal((await signed('DELETE', `/identities/${id}?${V}`)).status, 204);
    for (const [method, path] of [['DELETE', `/identities/${id}`], ['POST', `/identities/${id}/:revokeAccessTokens`], ['POST', `/identities/${id}/:issueAccessToken`]] as const) {
      const res = await signed(method, `${path}?${V}`, method === 'POST' && path.endsWith('Token') ? { scopes: ['chat'] } : undefined);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error.code, 'IdentityNotFound');
    }
  });

  it('teams exchange: a valid emulator Entra token → Teams user token; oid mismatch 400; bad token 401', async () => {
    clock = NOW;
    const entra = server.tokens.mintEntra({ name: 'Grace' });
    const ok = await signed('POST', `/teamsUser/:exchangeAccessToken?${V}`, { token: entra.token, appId: 'app', userId: entra.oid });
    assert.equal(ok.status, 200);
    assert.equal(server.tokens.verify(ok.body.token).kind, 'teams');
    assert.equal((await signed('POST', `/teamsUser/:exchangeAccessToken?${V}`, { token: entra.token, appId: 'app', userId: crypto.randomUUID() })).status, 400);
    assert.equal((await signed('POST', `/teamsUser/:exchangeAccessToken?${V}`, { token: 'a.b.c', appId: 'app', userId: entra.oid })).status, 401);
    assert.equal((await signed('POST', `/teamsUser/:exchangeAccessToken?${V}`, { token: entra.token })).status, 400);
  });

  it('bad JSON → 400; the request log says which requests were verified, without the key', async () => {
    clock = NOW;
    const url = new URL(`/identities?${V}`, server.url);
    const text = '{oops';
    const date = new Date(clock).toUTCString();
    const hash = crypto.createHash('sha256').update(text).digest('base64');
    const sig = crypto.createHmac('sha256', Buffer.from(ACCESS_KEY, 'base64')).update(`POST\n/identities?${V}\n${date};${url.host};${hash}`).digest('base64');
    const res = await fetch(url, { method: 'POST', body: text, headers: { 'x-ms-date': date, 'x-ms-content-sha256': hash, authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${sig}` } });
    assert.equal(res.status, 400);
    const log = await (await fetch(new URL('/emulator/identity/requests', server.url))).json();
    assert.equal(log.verified, server.identity!.stats.verified);
    assert.ok(log.requests.length > 0);
    assert.ok(log.requests.every((r: any) => typeof r.verified === 'boolean' && typeof r.status === 'number'));
    assert.ok(!JSON.stringify(log).includes(ACCESS_KEY));
  });

  it('a body over 64 KiB answers 413 and the server lives on', async () => {
    clock = NOW;
    const big = { createTokenWithScopes: ['chat'], pad: 'x'.repeat(70_000) };
    const res = await signed('POST', `/identities?${V}`, big);
    assert.equal(res.status, 413);
    assert.equal((await signed('POST', `/identities?${V}`)).status, 201);
  });
});
