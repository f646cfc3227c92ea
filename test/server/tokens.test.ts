/**
 * Token issuer and /api/token routes: token shapes (ACS and Teams users), verification, expiry,
 * the session identity on refresh, the Teams exchange, origin policy, rate limit, faults, live-mode
 * wiring, and that no token or connection string is ever logged.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { startServer } from '../../server/app.js';
import { createRateLimiter, createTokenIssuer, endpointFromConnectionString } from '../../server/tokens.js';
import { HttpError } from '../../server/http.js';
import { createFakeClock, FAKE_EPOCH } from './helpers/fake-clock.js';

type Server = Awaited<ReturnType<typeof startServer>>;
type TokenResponse = { token: string; expiresOn: string; userId: string; endpoint: string; emulator: boolean };

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

function throws401(fn: () => unknown, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'Unauthorized');
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('token issuer', () => {
  const issuer = createTokenIssuer({ ttlSeconds: 600 });

  it('mints ACS-shaped user tokens', () => {
    const minted = issuer.mint();
    assert.match(minted.userId, new RegExp(`^8:acs:${issuer.resourceId}_${GUID}$`));
    const { header, payload } = decode(minted.token);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.typ, 'JWT');
    assert.equal(typeof header.kid, 'string');
    assert.equal(payload.skypeid, minted.userId.slice(2));
    assert.equal(payload.scp, 1792);
    assert.equal(payload.acsScope, 'chat,voip');
    assert.equal(payload.resourceId, issuer.resourceId);
    assert.equal(payload.resourceLocation, 'unitedstates');
    assert.equal(typeof payload.csi, 'string');
    assert.equal((payload.exp as number) - (payload.iat as number), 600);
    assert.equal(minted.expiresOn, new Date((payload.exp as number) * 1000).toISOString());
  });

  it('the SDK credential reads the expiry from the token', async () => {
    const minted = issuer.mint();
    const credential = new AzureCommunicationTokenCredential(minted.token);
    const got = await credential.getToken();
    assert.equal(got.token, minted.token);
    assert.equal(got.expiresOnTimestamp, Date.parse(minted.expiresOn));
  });

  it('mints Teams user tokens (orgid, tenant, voip scope)', () => {
    const minted = issuer.mint({ kind: 'teams' });
    assert.match(minted.userId, new RegExp(`^8:orgid:${GUID}$`));
    const { payload } = decode(minted.token);
    assert.equal(payload.skypeid, minted.userId.slice(2));
    assert.equal(payload.tid, issuer.tenantId);
    assert.ok(String(payload.acsScope).split(',').includes('voip'));
    assert.deepEqual(issuer.verify(minted.token), { userId: minted.userId, kind: 'teams', exp: payload.exp, tenantId: issuer.tenantId });
  });

  it('re-issues for a known user, refuses users of another resource', () => {
    const first = issuer.mint();
    assert.equal(issuer.mint({ userId: first.userId }).userId, first.userId);
    assert.throws(() => issuer.mint({ userId: createTokenIssuer().mint().userId }), /Not a user of this emulator resource/);
  });

  it('verify: accepts its own tokens; 401 for another issuer, tampering, garbage', () => {
    const minted = issuer.mint();
    const verified = issuer.verify(minted.token);
    assert.equal(verified.userId, minted.userId);
    assert.equal(verified.kind, 'acs');
    throws401(() => issuer.verify(createTokenIssuer().mint().token), /not valid/);
    const [h, p, s] = minted.token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, skypeid: 'acs:someone_else' })).toString('base64url');
    throws401(() => issuer.verify(`${h}.${forged}.${s}`), /not valid/);
    for (const bad of ['', 'abc', 'a.b.c', undefined, 42]) throws401(() => issuer.verify(bad));
  });

  it('verify: 401 once the token has expired, by the issuer\'s clock', () => {
    const clock = createFakeClock();
    const short = createTokenIssuer({ ttlSeconds: 60, clock });
    const minted = short.mint();
    assert.equal(decode(minted.token).payload.exp, FAKE_EPOCH / 1000 + 60, 'exp comes from the injected clock');
    assert.equal(minted.expiresOn, new Date(FAKE_EPOCH + 60_000).toISOString());
    clock.advance(59_999);
    assert.equal(short.verify(minted.token).userId, minted.userId);
    clock.advance(1);
    throws401(() => short.verify(minted.token), /expired/);
  });

  it('an emulator Entra token is not an ACS token and vice versa', () => {
    const entra = issuer.mintEntra({ name: 'Ada' });
    assert.equal(issuer.verifyEntra(entra.token).oid, entra.oid);
    assert.equal(issuer.mintEntra({ name: 'Ada' }).oid, entra.oid, 'same name, same Teams user');
    assert.notEqual(issuer.mintEntra({ name: 'Grace' }).oid, entra.oid);
    throws401(() => issuer.verify(entra.token));
    throws401(() => issuer.verifyEntra(issuer.mint().token));
  });

  it('rate limiter: N per minute per key, then the seconds to wait', () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter(2, clock.now);
    assert.equal(limiter.take('a'), 0);
    assert.equal(limiter.take('a'), 0);
    assert.equal(limiter.take('a'), 30, 'one request refills in 30 s');
    assert.equal(limiter.take('b'), 0, 'other keys are independent');
    clock.advance(29_000);
    assert.equal(limiter.take('a'), 1, 'refilled continuously');
    clock.advance(31_000);
    assert.equal(limiter.take('a'), 0);
    const unlimited = createRateLimiter(0);
    for (let i = 0; i < 1000; i++) assert.equal(unlimited.take('a'), 0);
  });

  it('endpointFromConnectionString', () => {
    assert.equal(endpointFromConnectionString('endpoint=https://x.communication.azure.com/;accesskey=abc'), 'https://x.communication.azure.com/');
    assert.equal(endpointFromConnectionString('AccessKey=abc;Endpoint=https://y.communication.azure.com'), 'https://y.communication.azure.com/');
    assert.throws(() => endpointFromConnectionString('accesskey=abc'));
  });
});

describe('/api/token routes (emulator mode)', () => {
  let server: Server;
  before(async () => {
    server = await startServer({ port: 0, quiet: true, tokenTtlSeconds: 120, allowedOrigins: ['https://host.example'], rateLimitPerMinute: 1000 });
  });
  after(async () => {
    await server.close();
  });

  it('GET and POST {displayName} → 200 {token, expiresOn, userId, endpoint, emulator}; the emulator accepts the token', async () => {
    for (const init of [undefined, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'Ada' }) }]) {
      const res = await fetch(`${server.url}api/token`, init);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const body = (await res.json()) as TokenResponse;
      assert.deepEqual(Object.keys(body).sort(), ['emulator', 'endpoint', 'expiresOn', 'token', 'userId']);
      assert.equal(body.emulator, true);
      assert.equal(body.endpoint, server.url);
      const expiresIn = Date.parse(body.expiresOn) - Date.now();
      assert.ok(expiresIn > 110_000 && expiresIn <= 120_000, `TOKEN_TTL_SECONDS honoured (${expiresIn} ms)`);
      assert.equal(server.tokens.verify(body.token).userId, body.userId);
    }
  });

  it('a refresh in the same browser session keeps the identity (sealed cookie); a forged cookie does not', async () => {
    const first = await fetch(`${server.url}api/token`);
    const cookie = first.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const { userId } = (await first.json()) as TokenResponse;
    const again = (await (await fetch(`${server.url}api/token`, { headers: { cookie: cookie.split(';')[0] } })).json()) as TokenResponse;
    assert.equal(again.userId, userId);
    const other = (await (await fetch(`${server.url}api/token`)).json()) as TokenResponse;
    assert.notEqual(other.userId, userId, 'no cookie, new user');
    const forgedValue = encodeURIComponent(`${server.tokens.mint().userId}.AAAA`);
    const forged = (await (await fetch(`${server.url}api/token`, { headers: { cookie: `acs-emulator-user=${forgedValue}` } })).json()) as TokenResponse;
    assert.notEqual(forged.userId, userId);
  });

  it('400 for a bad body', async () => {
    for (const body of ['{"displayName": 42}', '[1]', '{not json']) {
      const res = await fetch(`${server.url}api/token`, { method: 'POST', body });
      assert.equal(res.status, 400, body);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'BadRequest');
    }
  });

  it('Teams: exchange an emulator Entra token for a Teams user token', async () => {
    const entra = (await (await fetch(`${server.url}emulator/entra-token?name=Ada%20Lovelace`)).json()) as { token: string; oid: string; tenantId: string };
    const res = await fetch(`${server.url}api/token/teams`, { method: 'POST', body: JSON.stringify({ entraToken: entra.token }) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as TokenResponse;
    assert.equal(body.userId, `8:orgid:${entra.oid}`);
    assert.equal(body.emulator, true);
    assert.deepEqual(server.tokens.verify(body.token), { userId: body.userId, kind: 'teams', exp: decode(body.token).payload.exp, tenantId: entra.tenantId });
    const acs = server.tokens.mint().token;
    assert.equal((await fetch(`${server.url}api/token/teams`, { method: 'POST', body: JSON.stringify({ entraToken: acs }) })).status, 401);
    assert.equal((await fetch(`${server.url}api/token/teams`, { method: 'POST', body: '{}' })).status, 400);
  });

  it('refuses cross-origin callers unless allowed (403), including preflights', async () => {
    const evil = await fetch(`${server.url}api/token`, { headers: { origin: 'https://evil.example' } });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    assert.equal(((await evil.json()) as { error: { code: string } }).error.code, 'Forbidden');
    const preflight = await fetch(`${server.url}api/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 403);
    assert.equal((await fetch(`${server.url}api/token/teams`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: '{}' })).status, 403);
    assert.equal((await fetch(`${server.url}emulator/entra-token`, { headers: { origin: 'https://evil.example' } })).status, 403);

    const allowed = await fetch(`${server.url}api/token`, { headers: { origin: 'https://host.example' } });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://host.example');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    const allowedPreflight = await fetch(`${server.url}api/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://host.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(allowedPreflight.status, 204);
    assert.match(allowedPreflight.headers.get('access-control-allow-headers') ?? '', /content-type/);

    const sameOrigin = await fetch(`${server.url}api/token`, { headers: { origin: server.url.replace(/\/$/, '') } });
    assert.equal(sameOrigin.status, 200, 'same-origin pages may call it');
  });

  it('fault target token', async () => {
    await fetch(`${server.url}emulator/faults`, { method: 'POST', body: JSON.stringify({ target: 'token', status: 503, retryAfterSeconds: 2, count: 1 }) });
    const failed = await fetch(`${server.url}api/token`);
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('retry-after'), '2');
    assert.equal((await fetch(`${server.url}api/token`)).status, 200);
    await fetch(`${server.url}emulator/faults`, { method: 'DELETE' });
  });
});

describe('/api/token rate limit', () => {
  it('429 with Retry-After once a client IP exceeds the per-minute limit', async () => {
    const server = await startServer({ port: 0, quiet: true, rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${server.url}api/token`);
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers.get('retry-after');
          assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'TooManyRequests');
        }
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      assert.ok(Number(retryAfter) >= 1, `Retry-After ${retryAfter}`);
    } finally {
      await server.close();
    }
  });
});

describe('no secret is ever logged', () => {
  it('tokens, connection strings and Entra tokens never reach the console (emulator and live mode)', async () => {
    const captured: string[] = [];
    const originals = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const capture = (...args: unknown[]) => {
      captured.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    };
    for (const k of Object.keys(originals) as (keyof typeof originals)[]) console[k] = capture;
    process.stdout.write = ((chunk: unknown) => (capture(String(chunk)), true));
    process.stderr.write = ((chunk: unknown) => (capture(String(chunk)), true));
    const secrets: string[] = [];
    const accessKey = Buffer.from('super-secret-access-key-for-the-test').toString('base64');
    const connectionString = `endpoint=https://127.0.0.1:9/;accesskey=${accessKey}`;
    secrets.push(accessKey, connectionString);
    try {
      const emulator = await startServer({ port: 0 });
      try {
        const body = (await (await fetch(`${emulator.url}api/token`, { method: 'POST', body: JSON.stringify({ displayName: 'Ada' }) })).json()) as TokenResponse;
        secrets.push(body.token);
        const entra = (await (await fetch(`${emulator.url}emulator/entra-token?name=Ada`)).json()) as { token: string };
        secrets.push(entra.token);
        const teams = (await (await fetch(`${emulator.url}api/token/teams`, { method: 'POST', body: JSON.stringify({ entraToken: entra.token }) })).json()) as TokenResponse;
        secrets.push(teams.token);
        // Failing paths too: a bad token at the chat API, a bad body.
        await fetch(`${emulator.url}chat/threads?api-version=2025-03-15`, { headers: { authorization: `Bearer ${body.token}x` } });
        await fetch(`${emulator.url}api/token`, { method: 'POST', body: '{oops' });
      } finally {
        await emulator.close();
      }

      // Live mode against an unreachable identity endpoint: the failure is reported, the key is not.
      const live = await startServer({ port: 0, acsConnectionString: connectionString });
      try {
        assert.equal(live.live, true);
        const res = await fetch(`${live.url}api/token`);
        assert.equal(res.status, 502);
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'IdentityServiceError');
        const teams = await fetch(`${live.url}api/token/teams`, { method: 'POST', body: JSON.stringify({ entraToken: 'a.b.c' }) });
        assert.equal(teams.status, 501, 'no AAD_CLIENT_ID: not implemented, with a clear error');
        assert.match(((await teams.json()) as { error: { message: string } }).error.message, /AAD_CLIENT_ID/);
        assert.equal((await fetch(`${live.url}chat/threads?api-version=2025-03-15`)).status, 404, 'the emulator is off in live mode');
      } finally {
        await live.close();
      }
    } finally {
      Object.assign(console, originals);
      process.stdout.write = out;
      process.stderr.write = err;
    }
    const log = captured.join('\n');
    assert.match(log, /identity service [a-z ]+ failed/, 'the live failure itself is logged');
    for (const secret of secrets) assert.ok(!log.includes(secret), 'a secret was logged');
    assert.ok(!log.includes('accesskey'), 'the connection string was logged');
  });
});
