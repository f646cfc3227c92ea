/**
 * The SDK credential for a token session: starts from the token already fetched, refreshes through
 * the session (the host's token URL or function) before it expires. The token stays in memory.
 */
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import type { TokenResult, TokenSession } from '../../core/token-source.js';

/** The SDK hands the refresher an `AbortSignalLike`: only `aborted` and abort listeners. */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * A real AbortSignal following `like` (the session needs `reason` and listener options, which an
 * AbortSignalLike polyfill may lack). `done` detaches from `like` once the refresh settles.
 */
function bridge(like: AbortSignalLike | undefined): { signal?: AbortSignal; done: () => void } {
  if (!like) return { done: () => undefined };
  if (like instanceof AbortSignal) return { signal: like, done: () => undefined };
  const controller = new AbortController();
  if (like.aborted) {
    controller.abort();
    return { signal: controller.signal, done: () => undefined };
  }
  const onAbort = () => controller.abort();
  like.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, done: () => like.removeEventListener('abort', onAbort) };
}

export function createCredential(session: TokenSession, initial: TokenResult): AzureCommunicationTokenCredential {
  return new AzureCommunicationTokenCredential({
    token: initial.token,
    refreshProactively: true,
    tokenRefresher: async (abortSignal) => {
      const { signal, done } = bridge(abortSignal);
      try {
        return (await session.refresh(signal)).token;
      } finally {
        done();
      }
    },
  });
}
