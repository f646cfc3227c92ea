import { after, before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  createTokenSession,
  decodeJwtPayload,
  fetchToken,
  normalizeTokenResponse,
  tokenKind,
  TOKEN_MIN_VALIDITY_MS,
  type TokenFetchTuning,
} from '../../src/core/token-source.js';
import { AcsError, type AcsErrorCode } from '../../src/core/errors.js';
import { until } from '../helpers/until.js';

const NOW = Date.parse('2026-11-21T10:00:00Z');
// Every clock here is injected (fakeTime below); Date is also frozen at NOW for the whole file, so a
// code path that reads the real time by default still sees NOW on any day the suite runs.
before(() => mock.timers.enable({ apis: ['Date'], now: NOW }));
after(() => mock.timers.reset());
const HOUR = 3600;

function b64url(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

function jwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.c2lnbmF0dXJlLWJ5dGVz`;
}

const ACS_USER = '8:acs:1f1e2d3c-0000-4000-8000-000000000001_00000020-aaaa-bbbb-cccc-000000000002';
const exp = NOW / 1000 + 24 * HOUR;
const TOKEN = jwt({ skypeid: ACS_USER.slice(2), scp: 1792, acsScope: 'voip,chat', resourceId: '1f1e2d3c', exp });

/** Every token we mint in this file, to prove none leaks into an error. */
const minted = new Set<string>([TOKEN]);
function mint(payload: Record<string, unknown>): string {
  const token = jwt(payload);
  minted.add(token);
  return token;
}

function assertNoSecret(error: unknown): void {
  const text = `${String(error)}\n${inspect(error, { depth: 8 })}`;
  for (const token of minted) {
    // Short strings ('', 'A') occur in any text; every real token and payload is longer.
    for (const secret of [token, token.split('.')[1] ?? '']) {
      if (secret.length >= 16) assert.ok(!text.includes(secret), 'token in error');
    }
  }
}

function isAcsError(code: AcsErrorCode, extra: Partial<{ status: number; recoverable: boolean }> = {}) {
  return (error: unknown): true => {
    assert.ok(error instanceof AcsError, `expected AcsError, got ${inspect(error)}`);
    assert.equal(error.code, code);
    if ('status' in extra) assert.equal(error.status, extra.status);
    if ('recoverable' in extra) assert.equal(error.recoverable, extra.recoverable);
    assertNoSecret(error);
    return true;
  };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

type Step = Response | Error | ((init: RequestInit) => Response | Promise<Response>);

/** A fetch that plays `steps` in order and records each call. */
function fakeFetch(steps: Step[]) {
  const calls: Array<{ url: string; init: RequestInit; self: unknown }> = [];
  const fn = async function (this: unknown, input: string | URL, init?: RequestInit): Promise<Response> {
    calls.push({ url: input.toString(), init: init ?? {}, self: this });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (step === undefined) throw new Error('no step');
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(init ?? {});
    return step.clone();
  } as unknown as typeof fetch;
  return { fetch: fn, calls };
}

/** Sleep that records delays and returns at once (still honouring an abort). */
function fakeTime(start = NOW) {
  const sleeps: number[] = [];
  const clock = { now: start };
  const tuning: TokenFetchTuning = {
    random: () => 0.5,
    now: () => clock.now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      clock.now += ms;
    },
  };
  return { sleeps, clock, tuning };
}

function networkError(): TypeError {
  return new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') });
}

describe('decodeJwtPayload', () => {
  it('decodes a base64url JSON payload, UTF-8 included, without verifying', () => {
    const token = jwt({ name: 'Zoë Ångström ✓', exp: 1 });
    assert.deepEqual(decodeJwtPayload(token), { name: 'Zoë Ångström ✓', exp: 1 });
  });

  it('accepts an empty signature part (unsigned tokens of local tools)', () => {
    const [h, p] = TOKEN.split('.');
    assert.equal(decodeJwtPayload(`${h}.${p}.`).exp, exp);
  });

  it('rejects every malformed shape with token-invalid', () => {
    const [h = '', p = '', s = ''] = TOKEN.split('.');
    const bad = [
      '',
      'opaque-token',
      `${h}.${p}`,
      `${h}.${p}.${s}.${s}`,
      `.${p}.${s}`,
      `${h}..${s}`,
      `${h}.${p}+/=.${s}`,
      `${h}.${p}.${s}=`,
      `${h}.${b64url('not json')}.${s}`,
      `${b64url('not json')}.${p}.${s}`,
      `${h}.${b64url('[1,2]')}.${s}`,
      `${b64url('"str"')}.${p}.${s}`,
      `${h}.${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.${s}`,
      `${h}.A.${s}`,
    ];
    for (const token of bad) {
      minted.add(token);
      assert.throws(() => decodeJwtPayload(token), isAcsError('token-invalid'), token);
    }
    assert.throws(() => decodeJwtPayload(42 as unknown as string), isAcsError('token-invalid'));
  });
});

describe('tokenKind', () => {
  it('tells ACS identity tokens from Teams user tokens by the skypeid prefix', () => {
    assert.equal(tokenKind(TOKEN), 'acs');
    for (const prefix of ['acs', 'spool', 'gcch-acs', 'dod-acs']) {
      assert.equal(tokenKind(jwt({ skypeid: `${prefix}:res_guid`, exp })), 'acs', prefix);
    }
    for (const prefix of ['orgid', 'gcch', 'dod', 'OrgId']) {
      assert.equal(tokenKind(jwt({ skypeid: `${prefix}:0c0d0e0f-1111-2222-3333-444455556666`, tid: 't', exp })), 'teams', prefix);
    }
  });

  it('says unknown for anything else', () => {
    assert.equal(tokenKind(jwt({ oid: 'o', tid: 't', scp: 'Teams.ManageCalls', exp })), 'unknown'); // an Entra token
    assert.equal(tokenKind(jwt({ skypeid: 'live:someone', exp })), 'unknown');
    assert.equal(tokenKind(jwt({ skypeid: 'acs', exp })), 'unknown');
    assert.equal(tokenKind(jwt({ skypeid: 42, exp })), 'unknown');
    assert.equal(tokenKind('not-a-jwt'), 'unknown');
  });
});

describe('normalizeTokenResponse', () => {
  it('accepts our shape', () => {
    const result = normalizeTokenResponse({
      token: TOKEN,
      expiresOn: new Date((exp - HOUR) * 1000).toISOString(),
      userId: ACS_USER,
      endpoint: 'https://contoso.communication.azure.com/',
      emulator: true,
    });
    assert.deepEqual(result, {
      token: TOKEN,
      expiresOn: new Date((exp - HOUR) * 1000),
      userId: ACS_USER,
      endpoint: 'https://contoso.communication.azure.com/',
      emulator: true,
    });
  });

  it('accepts the ACS identity SDK shape {token, expiresOn, user: {communicationUserId}}', () => {
    const result = normalizeTokenResponse({ token: TOKEN, expiresOn: new Date(exp * 1000).toISOString(), user: { communicationUserId: ACS_USER } });
    assert.deepEqual(result, { token: TOKEN, expiresOn: new Date(exp * 1000), userId: ACS_USER, emulator: false });
  });

  it('accepts an already normalized TokenResult (provider output) and a local http endpoint', () => {
    const input = { token: TOKEN, expiresOn: new Date(exp * 1000), emulator: false, endpoint: 'http://localhost:8080/' };
    assert.deepEqual(normalizeTokenResponse(input), input);
  });

  it('takes the earlier of expiresOn and the JWT exp; falls back to exp', () => {
    const later = normalizeTokenResponse({ token: TOKEN, expiresOn: new Date((exp + HOUR) * 1000).toISOString() });
    assert.equal(later.expiresOn.getTime(), exp * 1000);
    assert.equal(normalizeTokenResponse({ token: TOKEN }).expiresOn.getTime(), exp * 1000);
    assert.equal(normalizeTokenResponse({ token: TOKEN, expiresOn: 'tomorrow-ish' }).expiresOn.getTime(), exp * 1000);
    assert.equal(normalizeTokenResponse({ token: TOKEN, expiresOn: '' }).expiresOn.getTime(), exp * 1000);
    assert.equal(normalizeTokenResponse({ token: TOKEN, expiresOn: { when: 1 } }).expiresOn.getTime(), exp * 1000);
    // Numbers: seconds below 1e12, else milliseconds.
    assert.equal(normalizeTokenResponse({ token: TOKEN, expiresOn: exp - 60 }).expiresOn.getTime(), (exp - 60) * 1000);
    assert.equal(normalizeTokenResponse({ token: TOKEN, expiresOn: (exp - 60) * 1000 }).expiresOn.getTime(), (exp - 60) * 1000);
  });

  it('ignores a non-string userId and a non-true emulator flag', () => {
    const result = normalizeTokenResponse({ token: TOKEN, userId: 42, user: 'x', emulator: 'yes' });
    assert.equal(result.userId, undefined);
    assert.equal(result.emulator, false);
    assert.equal(normalizeTokenResponse({ token: TOKEN, user: { communicationUserId: 7 } }).userId, undefined);
    assert.equal(normalizeTokenResponse({ token: TOKEN, endpoint: null }).endpoint, undefined);
  });

  it('rejects what is not a token response with token-invalid', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'token',
      [TOKEN],
      {},
      { token: '' },
      { token: 42 },
      { access_token: TOKEN },
      { token: 'opaque' },
      { token: mint({ skypeid: 'acs:x' }) },
      { token: mint({ exp: '1767225600' }) },
      { token: mint({ exp: null }) },
      { token: TOKEN, endpoint: 'not a url' },
      { token: TOKEN, endpoint: 'ftp://contoso/' },
      { token: TOKEN, endpoint: 42 },
    ];
    for (const raw of bad) assert.throws(() => normalizeTokenResponse(raw), isAcsError('token-invalid'), inspect(raw));
  });
});

describe('fetchToken', () => {
  const url = 'https://app.example/api/acs-token';

  it('GETs with same-origin credentials, Accept JSON, no caching, the signal, on globalThis', async () => {
    const { fetch, calls } = fakeFetch([json({ token: TOKEN, expiresOn: new Date(exp * 1000).toISOString(), userId: ACS_USER })]);
    const controller = new AbortController();
    const result = await fetchToken({ url, fetch }, controller.signal, fakeTime().tuning);
    assert.equal(result.token, TOKEN);
    assert.equal(result.userId, ACS_USER);
    assert.equal(calls.length, 1);
    const [call] = calls;
    assert.equal(call?.url, url);
    assert.equal(call?.init.method, 'GET');
    assert.equal(call?.init.credentials, 'same-origin');
    assert.equal(call?.init.cache, 'no-store');
    assert.deepEqual(call?.init.headers, { Accept: 'application/json' });
    assert.equal(call?.init.signal, controller.signal);
    assert.equal(call?.self, globalThis);
  });

  it('sends cookies cross-origin only when told (credentials: include)', async () => {
    const { fetch, calls } = fakeFetch([json({ token: TOKEN })]);
    await fetchToken({ url, fetch, credentials: 'include' }, undefined, fakeTime().tuning);
    assert.equal(calls[0]?.init.credentials, 'include');
  });

  it('uses the global fetch when none is given', async () => {
    const original = globalThis.fetch;
    const { fetch, calls } = fakeFetch([json({ token: TOKEN })]);
    globalThis.fetch = fetch;
    try {
      assert.equal((await fetchToken({ url }, undefined, fakeTime().tuning)).token, TOKEN);
      assert.equal(calls.length, 1);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('needs a url: missing-token-source', async () => {
    await assert.rejects(fetchToken({}, undefined, fakeTime().tuning), isAcsError('missing-token-source'));
    await assert.rejects(fetchToken({ url: '' }, undefined, fakeTime().tuning), isAcsError('missing-token-source'));
  });

  for (const status of [401, 403]) {
    it(`maps ${status} to token-unauthorized without retrying`, async () => {
      const { fetch, calls } = fakeFetch([json({ error: 'no session' }, status)]);
      await assert.rejects(fetchToken({ url, fetch }, undefined, fakeTime().tuning), isAcsError('token-unauthorized', { status, recoverable: false }));
      assert.equal(calls.length, 1);
    });
  }

  for (const status of [404, 405, 410]) {
    it(`maps ${status} to token-not-found without retrying`, async () => {
      const { fetch, calls } = fakeFetch([new Response('Not here', { status })]);
      await assert.rejects(fetchToken({ url, fetch }, undefined, fakeTime().tuning), isAcsError('token-not-found', { status, recoverable: false }));
      assert.equal(calls.length, 1);
    });
  }

  for (const status of [400, 409, 422]) {
    it(`maps other 4xx (${status}) to token-unauthorized without retrying`, async () => {
      const { fetch, calls } = fakeFetch([json({ error: 'refused' }, status)]);
      await assert.rejects(fetchToken({ url, fetch }, undefined, fakeTime().tuning), isAcsError('token-unauthorized', { status }));
      assert.equal(calls.length, 1);
    });
  }

  it('maps an unfollowed redirect to token-invalid', async () => {
    const { fetch } = fakeFetch([new Response(null, { status: 302, headers: { location: '/login' } })]);
    await assert.rejects(fetchToken({ url, fetch }, undefined, fakeTime().tuning), isAcsError('token-invalid', { status: 302 }));
  });

  it('maps a non-JSON body to token-invalid and never quotes it (even when it holds a token)', async () => {
    const { fetch, calls } = fakeFetch([new Response(`token=${TOKEN}`, { status: 200, headers: { 'content-type': 'text/plain' } })]);
    await assert.rejects(fetchToken({ url, fetch }, undefined, fakeTime().tuning), isAcsError('token-invalid', { status: 200 }));
    assert.equal(calls.length, 1);
    // JSON.parse errors quote the start of their input: that must not reach the error either.
    const quoted = fakeFetch([new Response(`sessionsecret=${TOKEN}`, { status: 200 })]);
    await assert.rejects(fetchToken({ url, fetch: quoted.fetch }, undefined, fakeTime().tuning), (error: unknown) => {
      isAcsError('token-invalid')(error);
      assert.ok(!inspect(error, { depth: 8 }).includes('sessionsec'), 'body quoted in error');
      return true;
    });
    const html = fakeFetch([new Response('<!doctype html><title>Login</title>', { status: 200 })]);
    await assert.rejects(fetchToken({ url, fetch: html.fetch }, undefined, fakeTime().tuning), isAcsError('token-invalid'));
  });

  it('maps a redirect to a non-JSON page (a sign-in page) to token-unauthorized', async () => {
    const login = new Response('<!doctype html><form>Sign in</form>', { status: 200, headers: { 'content-type': 'text/html' } });
    Object.defineProperty(login, 'redirected', { value: true });
    const { fetch } = fakeFetch([() => login]);
    await assert.rejects(fetchToken({ url, fetch }, undefined, fakeTime().tuning), isAcsError('token-unauthorized', { status: 200 }));
    // A redirect to a real token is fine.
    const moved = json({ token: TOKEN });
    Object.defineProperty(moved, 'redirected', { value: true });
    const ok = fakeFetch([() => moved]);
    assert.equal((await fetchToken({ url, fetch: ok.fetch }, undefined, fakeTime().tuning)).token, TOKEN);
  });

  it('maps JSON without a usable token to token-invalid, with the status', async () => {
    for (const body of [{}, { token: null }, { token: 'opaque' }, { token: mint({ sub: 'x' }) }, [TOKEN]]) {
      const { fetch } = fakeFetch([json(body)]);
      await assert.rejects(fetchToken({ url, fetch }, undefined, fakeTime().tuning), isAcsError('token-invalid', { status: 200 }), inspect(body));
    }
  });

  it('retries 5xx with growing jittered backoff and succeeds', async () => {
    const time = fakeTime();
    const { fetch, calls } = fakeFetch([new Response('', { status: 500 }), new Response('', { status: 502 }), json({ token: TOKEN })]);
    const result = await fetchToken({ url, fetch }, undefined, time.tuning);
    assert.equal(result.token, TOKEN);
    assert.equal(calls.length, 3);
    // random() = 0.5 of windows 500 and 1000 ms.
    assert.deepEqual(time.sleeps, [250, 500]);
  });

  it('gives up after 4 attempts with token-unreachable (recoverable, last status)', async () => {
    const time = fakeTime();
    const { fetch, calls } = fakeFetch([new Response('', { status: 503 })]);
    await assert.rejects(fetchToken({ url, fetch }, undefined, time.tuning), isAcsError('token-unreachable', { status: 503, recoverable: true }));
    assert.equal(calls.length, 4);
    assert.deepEqual(time.sleeps, [250, 500, 1000]);
  });

  it('retries network failures, then reports token-unreachable with the cause', async () => {
    const time = fakeTime();
    const { fetch, calls } = fakeFetch([networkError()]);
    await assert.rejects(fetchToken({ url, fetch }, undefined, time.tuning), (error: unknown) => {
      isAcsError('token-unreachable', { recoverable: true, status: undefined })(error);
      assert.ok((error as AcsError).cause instanceof TypeError);
      return true;
    });
    assert.equal(calls.length, 4);
    assert.equal(time.sleeps.length, 3);
  });

  it('recovers when the network comes back', async () => {
    const { fetch, calls } = fakeFetch([networkError(), json({ token: TOKEN })]);
    assert.equal((await fetchToken({ url, fetch }, undefined, fakeTime().tuning)).token, TOKEN);
    assert.equal(calls.length, 2);
  });

  it('retries 408 and 429', async () => {
    const { fetch, calls } = fakeFetch([new Response('', { status: 408 }), new Response('', { status: 429 }), json({ token: TOKEN })]);
    assert.equal((await fetchToken({ url, fetch }, undefined, fakeTime().tuning)).token, TOKEN);
    assert.equal(calls.length, 3);
  });

  it('honours Retry-After seconds on 429 and an HTTP date on 503', async () => {
    const time = fakeTime();
    const retryAt = new Date(NOW + 7000).toUTCString();
    const { fetch } = fakeFetch([
      new Response('', { status: 429, headers: { 'retry-after': '2' } }),
      new Response('', { status: 503, headers: { 'retry-after': retryAt } }),
      json({ token: TOKEN }),
    ]);
    await fetchToken({ url, fetch }, undefined, time.tuning);
    // The date is 7 s after NOW; the clock had moved 2 s by then.
    assert.deepEqual(time.sleeps, [2000, 5000]);
  });

  it('ignores Retry-After on other statuses (500 uses backoff)', async () => {
    const time = fakeTime();
    const { fetch } = fakeFetch([new Response('', { status: 500, headers: { 'retry-after': '20' } }), json({ token: TOKEN })]);
    await fetchToken({ url, fetch }, undefined, time.tuning);
    assert.deepEqual(time.sleeps, [250]);
  });

  it('gives up at once when Retry-After asks for too long', async () => {
    const time = fakeTime();
    const { fetch, calls } = fakeFetch([new Response('', { status: 429, headers: { 'retry-after': '3600' } })]);
    await assert.rejects(fetchToken({ url, fetch }, undefined, time.tuning), isAcsError('token-unreachable', { status: 429 }));
    assert.equal(calls.length, 1);
    assert.deepEqual(time.sleeps, []);
  });

  it('respects maxAttempts', async () => {
    const { fetch, calls } = fakeFetch([new Response('', { status: 500 })]);
    await assert.rejects(fetchToken({ url, fetch }, undefined, { ...fakeTime().tuning, maxAttempts: 1 }), isAcsError('token-unreachable'));
    assert.equal(calls.length, 1);
  });

  it('reports a body cut off mid-read as token-unreachable', async () => {
    const broken = new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"token":"'));
          controller.error(new Error('connection reset'));
        },
      }),
      { status: 200 },
    );
    const { fetch } = fakeFetch([() => broken]);
    await assert.rejects(fetchToken({ url, fetch }, undefined, fakeTime().tuning), isAcsError('token-unreachable', { recoverable: true }));
  });

  it('does not start when the signal is already aborted', async () => {
    const { fetch, calls } = fakeFetch([json({ token: TOKEN })]);
    const reason = new Error('gone');
    await assert.rejects(fetchToken({ url, fetch }, AbortSignal.abort(reason), fakeTime().tuning), (e) => e === reason);
    assert.equal(calls.length, 0);
  });

  it('stops during a fetch with the abort reason, not an AcsError', async () => {
    const controller = new AbortController();
    const { fetch, calls } = fakeFetch([
      (init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
          controller.abort();
        }),
    ]);
    await assert.rejects(fetchToken({ url, fetch }, controller.signal, fakeTime().tuning), (e: unknown) => e instanceof DOMException && e.name === 'AbortError');
    assert.equal(calls.length, 1);
  });

  it('stops during the backoff wait without another request (real sleep)', async () => {
    const controller = new AbortController();
    const { fetch, calls } = fakeFetch([new Response('', { status: 503 })]);
    const pending = fetchToken({ url, fetch }, controller.signal, { baseMs: 60_000, random: () => 0.9 });
    setTimeout(() => controller.abort(), 5);
    await assert.rejects(pending, (e: unknown) => e instanceof DOMException && e.name === 'AbortError');
    assert.equal(calls.length, 1);
  });

  it('stops while reading the body', async () => {
    const controller = new AbortController();
    const body = new ReadableStream({
      start(stream) {
        stream.enqueue(new TextEncoder().encode('{"token":'));
      },
    });
    const { fetch } = fakeFetch([
      (init) => {
        init.signal?.addEventListener('abort', () => void body.cancel());
        queueMicrotask(() => controller.abort());
        return new Response(body, { status: 200 });
      },
    ]);
    await assert.rejects(fetchToken({ url, fetch }, controller.signal, fakeTime().tuning), (e: unknown) => e instanceof DOMException && e.name === 'AbortError');
  });
});

describe('createTokenSession', () => {
  const url = 'https://app.example/api/acs-token';

  function tokenFor(expSeconds: number, n: number): string {
    return mint({ skypeid: `acs:res_${n}`, exp: expSeconds });
  }

  it('needs a url or a provider: missing-token-source, at once', () => {
    assert.throws(() => createTokenSession({}), isAcsError('missing-token-source'));
    assert.throws(() => createTokenSession({ url: '' }), isAcsError('missing-token-source'));
  });

  it('caches the token: current() fetches once while the token is valid', async () => {
    const time = fakeTime();
    const { fetch, calls } = fakeFetch([json({ token: TOKEN })]);
    const session = createTokenSession({ url, fetch }, time.tuning);
    const first = await session.current();
    time.clock.now += 23 * HOUR * 1000;
    const second = await session.current();
    assert.equal(second, first);
    assert.equal(calls.length, 1);
  });

  it('fetches again once the cached token has a minute or less left', async () => {
    const time = fakeTime();
    const shortExp = NOW / 1000 + 600;
    const a = tokenFor(shortExp, 1);
    const b = tokenFor(shortExp + 3600, 2);
    const { fetch, calls } = fakeFetch([json({ token: a }), json({ token: b })]);
    const session = createTokenSession({ url, fetch }, time.tuning);
    assert.equal((await session.current()).token, a);
    time.clock.now = shortExp * 1000 - TOKEN_MIN_VALIDITY_MS - 1;
    assert.equal((await session.current()).token, a);
    time.clock.now = shortExp * 1000 - TOKEN_MIN_VALIDITY_MS;
    assert.equal((await session.current()).token, b);
    assert.equal(calls.length, 2);
    assert.equal((await session.current()).token, b);
  });

  it('refresh() always fetches and updates what current() returns', async () => {
    const time = fakeTime();
    const a = tokenFor(exp, 1);
    const b = tokenFor(exp, 2);
    const { fetch, calls } = fakeFetch([json({ token: a }), json({ token: b })]);
    const session = createTokenSession({ url, fetch }, time.tuning);
    assert.equal((await session.current()).token, a);
    assert.equal((await session.refresh()).token, b);
    assert.equal((await session.current()).token, b);
    assert.equal(calls.length, 2);
  });

  it('coalesces concurrent requests into one fetch', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { fetch, calls } = fakeFetch([async () => (await gate, json({ token: TOKEN }))]);
    const session = createTokenSession({ url, fetch }, fakeTime().tuning);
    const all = Promise.all([session.current(), session.current(), session.refresh(), session.current()]);
    release();
    const results = await all;
    assert.equal(calls.length, 1);
    assert.ok(results.every((r) => r === results[0]));
  });

  it('does not cache failures: the next call tries again', async () => {
    const { fetch, calls } = fakeFetch([json({}, 401), json({ token: TOKEN })]);
    const session = createTokenSession({ url, fetch }, fakeTime().tuning);
    await assert.rejects(session.current(), isAcsError('token-unauthorized'));
    assert.equal((await session.current()).token, TOKEN);
    assert.equal(calls.length, 2);
  });

  it('passes every fetch error code through', async () => {
    const cases: Array<[Step, AcsErrorCode]> = [
      [json({}, 403), 'token-unauthorized'],
      [json({}, 404), 'token-not-found'],
      [new Response('nope'), 'token-invalid'],
      [new Response('', { status: 500 }), 'token-unreachable'],
      [networkError(), 'token-unreachable'],
    ];
    for (const [step, code] of cases) {
      const { fetch } = fakeFetch([step]);
      const session = createTokenSession({ url, fetch }, fakeTime().tuning);
      await assert.rejects(session.current(), isAcsError(code));
    }
  });

  it('refuses a token that has already expired (token-invalid)', async () => {
    const time = fakeTime();
    const { fetch } = fakeFetch([json({ token: tokenFor(NOW / 1000 - 1, 3) })]);
    await assert.rejects(createTokenSession({ url, fetch }, time.tuning).current(), isAcsError('token-invalid'));
  });

  it('uses the provider instead of the url, passing a signal, normalizing its result', async () => {
    const { fetch, calls } = fakeFetch([json({ token: TOKEN })]);
    const signals: Array<AbortSignal | undefined> = [];
    const session = createTokenSession(
      {
        url,
        fetch,
        provider: async ({ signal }) => {
          signals.push(signal);
          return { token: TOKEN, expiresOn: new Date(exp * 1000).toISOString(), user: { communicationUserId: ACS_USER } };
        },
      },
      fakeTime().tuning,
    );
    const result = await session.current();
    assert.deepEqual(result, { token: TOKEN, expiresOn: new Date(exp * 1000), userId: ACS_USER, emulator: false });
    assert.equal(calls.length, 0);
    assert.ok(signals[0] instanceof AbortSignal);
  });

  it('maps provider failures: AcsError kept, anything else token-unreachable, bad output token-invalid', async () => {
    const own = new AcsError('token-unauthorized', 'signed out');
    await assert.rejects(createTokenSession({ provider: async () => Promise.reject(own) }, fakeTime().tuning).current(), (e) => e === own);
    const boom = new Error('backend down');
    await assert.rejects(createTokenSession({ provider: async () => Promise.reject(boom) }, fakeTime().tuning).current(), (e: unknown) => {
      isAcsError('token-unreachable', { recoverable: true })(e);
      assert.equal((e as AcsError).cause, boom);
      return true;
    });
    await assert.rejects(
      createTokenSession({ provider: async () => ({ token: 'opaque' }) as never }, fakeTime().tuning).current(),
      isAcsError('token-invalid'),
    );
  });

  it('an abort drops only that caller; the shared fetch goes on for the others', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let fetchSignal: AbortSignal | undefined;
    const { fetch, calls } = fakeFetch([
      async (init) => {
        fetchSignal = init.signal ?? undefined;
        await gate;
        return json({ token: TOKEN });
      },
    ]);
    const session = createTokenSession({ url, fetch }, fakeTime().tuning);
    const leaving = new AbortController();
    const dropped = session.current(leaving.signal);
    const staying = session.current();
    await Promise.resolve();
    leaving.abort();
    await assert.rejects(dropped, (e: unknown) => e instanceof DOMException && e.name === 'AbortError');
    release();
    assert.equal((await staying).token, TOKEN);
    assert.equal(fetchSignal?.aborted, false);
    assert.equal(calls.length, 1);
  });

  it('when every caller aborts, the fetch is aborted and the next call starts afresh', async () => {
    const signals: AbortSignal[] = [];
    const { fetch, calls } = fakeFetch([
      (init) =>
        new Promise<Response>((_resolve, reject) => {
          const signal = init.signal as AbortSignal;
          signals.push(signal);
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
      json({ token: TOKEN }),
    ]);
    const session = createTokenSession({ url, fetch }, fakeTime().tuning);
    const a = new AbortController();
    const b = new AbortController();
    const pa = session.current(a.signal);
    const pb = session.refresh(b.signal);
    // The fetcher is a lazy module: wait until the shared fetch has really started.
    await until(() => signals.length === 1, 'the shared fetch to start');
    a.abort();
    assert.equal(signals[0]?.aborted, false);
    b.abort();
    assert.equal(signals[0]?.aborted, true);
    await assert.rejects(pa);
    await assert.rejects(pb);
    assert.equal((await session.current()).token, TOKEN);
    assert.equal(calls.length, 2);
  });

  it('rejects at once for an already aborted signal, without fetching', async () => {
    const { fetch, calls } = fakeFetch([json({ token: TOKEN })]);
    const session = createTokenSession({ url, fetch }, fakeTime().tuning);
    await assert.rejects(session.refresh(AbortSignal.abort()));
    assert.equal(calls.length, 0);
  });

  it('a provider that ignores the abort still cannot deliver after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    // The token's expiry is fixed relative to NOW: the session reads the frozen clock, not today's.
    const session = createTokenSession(
      {
        provider: async () => {
          calls++;
          if (calls === 1) await gate;
          return { token: TOKEN, expiresOn: exp };
        },
      },
      fakeTime().tuning,
    );
    const controller = new AbortController();
    const pending = session.current(controller.signal);
    controller.abort();
    release();
    await assert.rejects(pending, (e: unknown) => e instanceof DOMException && e.name === 'AbortError');
    await new Promise((r) => setImmediate(r));
    // The abandoned result was not cached: the next caller asks the provider again.
    assert.equal((await session.current()).token, TOKEN);
    assert.equal(calls, 2);
  });
});
