/**
 * The live path end to end, here, with no Azure: createTokenHandler with the real
 * CommunicationIdentityClient against the emulator's Identity REST API (HMAC-signed requests), and
 * `npm start`'s live mode (startServer with acsConnectionString) pointed at the emulator — its
 * tokens are accepted by the emulator's chat. Also: live mode refuses a non-loopback host without
 * an authorization rule, honours a bearer rule, and refuses a malformed connection string without
 * quoting it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../server/app.js';
import { createTokenHandler } from '../../src/server/index.js';

type Server = Awaited<ReturnType<typeof startServer>>;
let emulator: Server;

before(async () => {
  emulator = await startServer({ port: 0, quiet: true });
});
after(async () => {
  await emulator.close();
});

const chatAccepts = async (token: string) =>
  (await fetch(`${emulator.url}chat/threads?api-version=2025-03-15`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('createTokenHandler + real CommunicationIdentityClient → emulator Identity REST API', () => {
  it('issues emulator tokens, keeps the identity per userKey, every identity request HMAC-verified', async () => {
    const stats = emulator.identity!.stats;
    const before = { verified: stats.verified, rejected: stats.rejected };
    let user = 'alice';
    const logs: string[] = [];
    const handler = createTokenHandler({
      connectionString: emulator.identity!.connectionString,
      authorize: () => ({ userKey: user }),
      scopes: ['chat', 'voip'],
      tokenExpiresInMinutes: 120,
      log: (line) => logs.push(line),
    });
    const first = await handler(new Request('https://site.example/api/token'));
    assert.equal(first.status, 200, await first.clone().text());
    const a1 = (await first.json()) as any;
    const a2 = (await (await handler(new Request('https://site.example/api/token'))).json()) as any;
    user = 'bob';
    const b1 = (await (await handler(new Request('https://site.example/api/token'))).json()) as any;
    assert.equal(a1.userId, a2.userId);
    assert.notEqual(a1.userId, b1.userId);
    assert.equal(a1.endpoint, emulator.url);
    const verified = emulator.tokens.verify(a2.token);
    assert.equal(verified.userId, a1.userId);
    assert.equal(verified.exp * 1000, Date.parse(a2.expiresOn));
    assert.equal(await chatAccepts(a2.token), 200, 'the emulator chat accepts the token');
    assert.equal(stats.verified - before.verified, 3, 'create, getToken, create');
    assert.equal(stats.rejected, before.rejected);
    assert.deepEqual(logs, []);
  });

  it('a wrong access key: 502 for the caller, one fixed log line, nothing secret', async () => {
    const wrongKey = Buffer.from('wrong-key-for-the-emulator-0123456789').toString('base64');
    const logs: string[] = [];
    const handler = createTokenHandler({
      connectionString: `endpoint=${emulator.url};accesskey=${wrongKey}`,
      authorize: () => true,
      log: (line) => logs.push(line),
    });
    const res = await handler(new Request('https://site.example/api/token'));
    const text = await res.text();
    assert.equal(res.status, 502);
    assert.ok(!text.includes(wrongKey) && !logs.join().includes(wrongKey));
    assert.deepEqual(logs, ['[acs-teams-elements/server] identity service identity creation failed (status 401)']);
  });
});

describe('npm start live mode against the emulator identity API', () => {
  it('/api/token: real identity SDK → emulator; a refresh in the same browser session keeps the identity', async () => {
    const verifiedBefore = emulator.identity!.stats.verified;
    const live = await startServer({ port: 0, quiet: true, acsConnectionString: emulator.identity!.connectionString, aadClientId: 'app-id' });
    try {
      assert.equal(live.live, true);
      assert.equal(live.identity, undefined, 'the live server is not an emulator');
      const first = await fetch(`${live.url}api/token`);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('cache-control'), 'no-store');
      const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
      assert.match(cookie, /^acs-emulator-user=/);
      const one = (await first.json()) as any;
      assert.deepEqual(Object.keys(one).sort(), ['endpoint', 'expiresOn', 'token', 'userId']);
      assert.equal(one.endpoint, emulator.url);
      const two = (await (await fetch(`${live.url}api/token`, { headers: { cookie } })).json()) as any;
      assert.equal(two.userId, one.userId, 'same session, same identity');
      const other = (await (await fetch(`${live.url}api/token`)).json()) as any;
      assert.notEqual(other.userId, one.userId, 'another browser, another identity');
      const forged = (await (await fetch(`${live.url}api/token`, { headers: { cookie: `acs-emulator-user=${encodeURIComponent(one.userId)}`, 'x-acs-teams-elements-session': 'chosen' } })).json()) as any;
      assert.notEqual(forged.userId, one.userId, 'a forged session gets nothing of another');
      assert.equal(await chatAccepts(two.token), 200);

      const entra = emulator.tokens.mintEntra({ name: 'Ada' });
      const teams = await fetch(`${live.url}api/token/teams`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entraToken: entra.token }) });
      assert.equal(teams.status, 200);
      const teamsBody = (await teams.json()) as any;
      assert.equal(teamsBody.userId, `8:orgid:${entra.oid}`);
      assert.equal(emulator.tokens.verify(teamsBody.token).kind, 'teams');
      assert.equal((await fetch(`${live.url}api/token`, { method: 'DELETE' })).status, 405);
      assert.equal(emulator.identity!.stats.verified - verifiedBefore, 5, 'create, getToken, create, create, exchange');
    } finally {
      await live.close();
    }
  });

  it('refuses a non-loopback HOST without an authorization rule, before listening', async () => {
    await assert.rejects(
      startServer({ port: 0, quiet: true, host: '0.0.0.0', acsConnectionString: emulator.identity!.connectionString }),
      /Refusing to start: HOST=0\.0\.0\.0 .*TOKEN_AUTHORIZE/,
    );
    await assert.rejects(
      startServer({ port: 0, quiet: true, host: '0.0.0.0', acsConnectionString: emulator.identity!.connectionString, tokenAuthorize: { bearer: 'short' } }),
      /at least 16 characters/,
    );
  });

  it('a bearer rule: 401 without the secret (no identity call), 200 with it', async () => {
    const secret = 'a-shared-secret-of-some-length';
    const live = await startServer({ port: 0, quiet: true, acsConnectionString: emulator.identity!.connectionString, tokenAuthorize: { bearer: secret } });
    try {
      const calls = emulator.identity!.stats.verified + emulator.identity!.stats.rejected;
      assert.equal((await fetch(`${live.url}api/token`)).status, 401);
      assert.equal((await fetch(`${live.url}api/token`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
      assert.equal(emulator.identity!.stats.verified + emulator.identity!.stats.rejected, calls, 'refused before the identity service');
      assert.equal((await fetch(`${live.url}api/token`, { headers: { authorization: `Bearer ${secret}` } })).status, 200);
    } finally {
      await live.close();
    }
  });

  it('a malformed connection string stops the start with a message that does not quote it', async () => {
    const key = Buffer.from('malformed-connection-string-key').toString('base64');
    for (const bad of [`accesskey=${key}`, `endpoint=::nonsense::;accesskey=${key}`, `endpoint=https://x.example/`]) {
      await assert.rejects(startServer({ port: 0, quiet: true, acsConnectionString: bad }), (e: Error) => {
        assert.ok(!e.message.includes(key), e.message);
        assert.match(e.message, /connectionString|endpoint/);
        return true;
      });
    }
  });
});
