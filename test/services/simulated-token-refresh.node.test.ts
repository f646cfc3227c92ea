/** The simulated services' token refresh: ahead of expiry, again for each token, never for a socket given up. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { TokenResult, TokenSession } from '../../src/core/token-source.js';
import { TokenRefresh, tokenRefreshDelay } from '../../src/services/simulated/token-refresh.js';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const HOUR = 3_600_000;

type FakeSession = TokenSession & { resolveNext(token: string, expiresOn: Date): void; calls: number };

function session(): FakeSession {
  const waiting: Array<(result: TokenResult) => void> = [];
  const fake = {
    calls: 0,
    current: () => Promise.reject(new Error('not used')),
    refresh: () => {
      fake.calls++;
      return new Promise<TokenResult>((resolve) => waiting.push(resolve));
    },
    resolveNext(token: string, expiresOn: Date) {
      waiting.shift()?.({ token, expiresOn } as TokenResult);
    },
  };
  return fake as unknown as FakeSession;
}

function socket() {
  const sent: string[] = [];
  return { sent, sendRaw: (message: { type: 'token'; token: string }) => void sent.push(message.token) };
}

/** Lets the refresh promise chain run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('tokenRefreshDelay', () => {
  it('a quarter of the lifetime (at most a minute) before expiry; undefined once expired', () => {
    assert.equal(tokenRefreshDelay(new Date(NOW + HOUR), NOW), HOUR - 60_000);
    assert.equal(tokenRefreshDelay(new Date(NOW + 100_000), NOW), 75_000);
    assert.equal(tokenRefreshDelay(new Date(NOW - 1), NOW), undefined);
  });
});

describe('TokenRefresh', () => {
  let clock = NOW;
  beforeEach(() => {
    clock = NOW;
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => mock.timers.reset());

  /** A refresh for a fake session, with a first socket whose token expires in `expiresInMs`. */
  function scheduled(expiresInMs = HOUR) {
    const tokens = session();
    const refresh = new TokenRefresh(tokens, () => clock);
    const ws = socket();
    refresh.schedule(ws, new Date(NOW + expiresInMs));
    return { tokens, refresh, ws };
  }

  it('sends a fresh token before expiry, then schedules the next one from the fresh expiry', async () => {
    const { tokens, ws } = scheduled();
    mock.timers.tick(HOUR - 60_001);
    assert.equal(tokens.calls, 0);
    mock.timers.tick(1);
    assert.equal(tokens.calls, 1);
    tokens.resolveNext('fresh-1', new Date(NOW + 2 * HOUR));
    await flush();
    assert.deepEqual(ws.sent, ['fresh-1']);
    mock.timers.tick(2 * HOUR);
    assert.equal(tokens.calls, 2);
  });

  it('drops a refresh that resolves after cancel(): the old socket gets nothing, nothing is rescheduled', async () => {
    const { tokens, refresh, ws } = scheduled();
    mock.timers.tick(HOUR);
    refresh.cancel();
    tokens.resolveNext('late', new Date(NOW + 2 * HOUR));
    await flush();
    assert.deepEqual(ws.sent, []);
    mock.timers.tick(10 * HOUR);
    assert.equal(tokens.calls, 1);
  });

  it('drops a refresh for a socket replaced meanwhile: only the new socket gets tokens', async () => {
    const { tokens, refresh, ws: first } = scheduled();
    const second = socket();
    mock.timers.tick(HOUR);
    refresh.schedule(second, new Date(NOW + 2 * HOUR));
    tokens.resolveNext('for-first', new Date(NOW + 3 * HOUR));
    await flush();
    assert.deepEqual(first.sent, []);
    assert.deepEqual(second.sent, []);
    mock.timers.tick(2 * HOUR);
    tokens.resolveNext('for-second', new Date(NOW + 4 * HOUR));
    await flush();
    assert.deepEqual(second.sent, ['for-second']);
  });

  it('an expired token schedules nothing', () => {
    const { tokens } = scheduled(-1);
    mock.timers.tick(10 * HOUR);
    assert.equal(tokens.calls, 0);
  });
});
