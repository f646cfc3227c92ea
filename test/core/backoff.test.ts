import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, parseRetryAfter, retryDelay, sleep } from '../../src/core/backoff.js';

describe('backoffDelay', () => {
  it('grows the window exponentially and scales it by the random draw (full jitter)', () => {
    const top = { baseMs: 100, capMs: 100_000, random: () => 0.999999 };
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => backoffDelay(n, top)), [99, 199, 399, 799, 1599]);
    const half = { baseMs: 100, capMs: 100_000, random: () => 0.5 };
    assert.deepEqual([0, 1, 2].map((n) => backoffDelay(n, half)), [50, 100, 200]);
    assert.equal(backoffDelay(3, { baseMs: 100, random: () => 0 }), 0);
  });

  it('never exceeds the cap, even for huge attempt numbers', () => {
    const opts = { baseMs: 500, capMs: 8000, random: () => 0.999999 };
    assert.equal(backoffDelay(10, opts), 7999);
    assert.equal(backoffDelay(5000, opts), 7999);
    assert.equal(backoffDelay(Number.POSITIVE_INFINITY, opts), 499);
  });

  it('uses defaults of 500 ms base and 8 s cap', () => {
    assert.equal(backoffDelay(0, { random: () => 0.999999 }), 499);
    assert.equal(backoffDelay(20, { random: () => 0.999999 }), 7999);
  });

  it('clamps bad inputs: negative attempts, out-of-range random', () => {
    assert.equal(backoffDelay(-3, { baseMs: 100, random: () => 0.5 }), 50);
    assert.equal(backoffDelay(0, { baseMs: 100, random: () => 7 }), 100);
    assert.equal(backoffDelay(0, { baseMs: 100, random: () => -1 }), 0);
  });

  it('spreads real random draws over the window', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(2, { baseMs: 1000, capMs: 10_000 });
      assert.ok(d >= 0 && d < 4000);
      seen.add(d);
    }
    assert.ok(seen.size > 10);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');

  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter(' 120 ', now), 120_000);
  });

  it('reads an HTTP date relative to now, and clamps the past to 0', () => {
    assert.equal(parseRetryAfter('Sat, 21 Nov 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now), 0);
  });

  it('returns undefined for missing or unparseable values', () => {
    for (const value of [undefined, null, '', '  ', '-1', '1.5', 'soon', 'Mon, 99 Foo 2026']) {
      assert.equal(parseRetryAfter(value, now), undefined, String(value));
    }
  });
});

describe('retryDelay', () => {
  it('prefers the server Retry-After over backoff', () => {
    assert.equal(retryDelay(0, { retryAfter: '2', random: () => 0.999 }), 2000);
  });

  it('falls back to backoff without a usable Retry-After', () => {
    assert.equal(retryDelay(1, { retryAfter: 'garbage', baseMs: 100, random: () => 0.5 }), 100);
    assert.equal(retryDelay(1, { baseMs: 100, random: () => 0.5 }), 100);
  });

  it('gives up (undefined) when the server asks for longer than maxRetryAfterMs', () => {
    assert.equal(retryDelay(0, { retryAfter: '31' }), undefined);
    assert.equal(retryDelay(0, { retryAfter: '30' }), 30_000);
    assert.equal(retryDelay(0, { retryAfter: '5', maxRetryAfterMs: 1000 }), undefined);
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const started = Date.now();
    await sleep(5);
    assert.ok(Date.now() - started >= 4);
  });

  it('rejects at once with the reason of an already aborted signal', async () => {
    const reason = new Error('stop');
    await assert.rejects(sleep(10_000, AbortSignal.abort(reason)), (e) => e === reason);
  });

  it('rejects with an AbortError when aborted while waiting', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof DOMException && e.name === 'AbortError');
  });
});
