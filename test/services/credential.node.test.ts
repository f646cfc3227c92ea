import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCredential } from '../../src/services/acs/credential.js';
import { normalizeTokenResponse, type TokenResult, type TokenSession } from '../../src/core/token-source.js';

function jwt(exp: number, n: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({ skypeid: `acs:res_${n}`, exp })}.c2ln`;
}

const inHours = (h: number) => Math.floor(Date.now() / 1000) + h * 3600;

/** A session that counts refreshes and records the signal each one got. */
function fakeSession(hold?: Promise<void>) {
  const signals: Array<AbortSignal | undefined> = [];
  let n = 0;
  const session: TokenSession = {
    current: () => Promise.reject(new Error('not used by the credential')),
    refresh: async (signal) => {
      signals.push(signal);
      n++;
      if (hold) {
        await new Promise<void>((resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason));
          void hold.then(resolve);
        });
      }
      return normalizeTokenResponse({ token: jwt(inHours(2), n) });
    },
  };
  return { session, signals, count: () => n };
}

describe('createCredential', () => {
  it('serves the initial token without refreshing while it is fresh', async () => {
    const { session, count } = fakeSession();
    const initial: TokenResult = normalizeTokenResponse({ token: jwt(inHours(2), 0) });
    const credential = createCredential(session, initial);
    try {
      const token = await credential.getToken();
      assert.equal(token.token, initial.token);
      assert.equal(token.expiresOnTimestamp, initial.expiresOn.getTime());
      assert.equal(count(), 0);
    } finally {
      credential.dispose();
    }
  });

  it('refreshes an expired initial token through session.refresh', async () => {
    const { session, count } = fakeSession();
    const expired = { token: jwt(inHours(-1), 0), expiresOn: new Date(Date.now() - 3600_000), emulator: false };
    const credential = createCredential(session, expired);
    try {
      const token = await credential.getToken({ abortSignal: new AbortController().signal });
      assert.notEqual(token.token, expired.token);
      assert.equal(count(), 1);
    } finally {
      credential.dispose();
    }
  });

  it('turns the SDK AbortSignalLike into a real AbortSignal that follows it', async () => {
    let release!: () => void;
    const { session, signals } = fakeSession(new Promise((resolve) => (release = resolve)));
    const expired = { token: jwt(inHours(-1), 0), expiresOn: new Date(0), emulator: false };
    const credential = createCredential(session, expired);
    const listeners = new Set<() => void>();
    const like = {
      aborted: false,
      addEventListener: (_type: 'abort', listener: () => void) => void listeners.add(listener),
      removeEventListener: (_type: 'abort', listener: () => void) => void listeners.delete(listener),
    };
    try {
      const pending = credential.getToken({ abortSignal: like as unknown as AbortSignal });
      await new Promise((r) => setImmediate(r));
      const signal = signals[0];
      assert.ok(signal instanceof AbortSignal);
      assert.equal(signal.aborted, false);
      like.aborted = true;
      for (const listener of listeners) listener();
      assert.equal(signal.aborted, true);
      await assert.rejects(pending);
      assert.equal(listeners.size, 0, 'listener removed once settled');
      release();
    } finally {
      credential.dispose();
    }
  });

  it('passes a native AbortSignal through unchanged', async () => {
    const { session, signals } = fakeSession();
    const credential = createCredential(session, { token: jwt(inHours(-1), 0), expiresOn: new Date(0), emulator: false });
    const controller = new AbortController();
    try {
      await credential.getToken({ abortSignal: controller.signal });
      assert.equal(signals[0], controller.signal);
    } finally {
      credential.dispose();
    }
  });
});
