/**
 * The token session the elements hold: one token in memory for a meeting and its chat, refreshed
 * on demand. This module is in the script-tag entry; the fetching, retrying and validating code
 * (token-source.ts) is a lazy chunk, requested as soon as a session is created so it is there by
 * the time the first token is needed.
 */
import { AcsError } from './errors.js';
import type { TokenFetchTuning, TokenResult, TokenSession, TokenSourceOptions } from './token-source.js';

/** `current()` fetches a new token once the cached one has less than this left. */
export const TOKEN_MIN_VALIDITY_MS = 60_000;

/** The reason an aborted signal carries, or a standard AbortError (as backoff.ts's abortReason). */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function loadFetcher(): Promise<typeof import('./token-source.js')> {
  return import('./token-source.js');
}

interface Flight {
  promise: Promise<TokenResult>;
  controller: AbortController;
  waiters: number;
}

/**
 * One token for a meeting and its chat: cached in memory, fetched once however many callers ask
 * at the same time. `current()` returns the cached token while it has more than a minute left;
 * `refresh()` always gets a new one (or joins a fetch already under way, which is just as new).
 * A caller's abort only abandons that caller; the fetch stops once every waiting caller is gone.
 * A host `provider` is used instead of the URL when given (no retries: the host owns its policy).
 *
 * @throws AcsError `missing-token-source` at once when neither url nor provider is given.
 */
export function createTokenSession(options: TokenSourceOptions, tuning: TokenFetchTuning = {}): TokenSession {
  if (!options.provider && !options.url) throw new AcsError('missing-token-source', 'Give token-url or a token provider.');
  const fetcher = loadFetcher();
  // An unhandled rejection here would be noise: load() awaits the same promise and reports it.
  fetcher.catch(() => undefined);
  const now = tuning.now ?? Date.now;
  let cached: TokenResult | undefined;
  let flight: Flight | undefined;

  async function load(signal: AbortSignal): Promise<TokenResult> {
    let module: Awaited<typeof fetcher>;
    try {
      module = await fetcher;
    } catch (error) {
      throw new AcsError('sdk-load-failed', 'The token fetcher could not be loaded.', { recoverable: true, cause: error });
    }
    const { fetchToken, normalizeTokenResponse, tokenInvalid } = module;
    let result: TokenResult;
    if (options.provider) {
      let raw: unknown;
      try {
        raw = await options.provider({ signal });
      } catch (error) {
        if (signal.aborted) throw abortReason(signal);
        if (error instanceof AcsError) throw error;
        throw new AcsError('token-unreachable', 'The token provider failed.', { recoverable: true, cause: error });
      }
      if (signal.aborted) throw abortReason(signal);
      result = normalizeTokenResponse(raw);
    } else {
      result = await fetchToken(options, signal, tuning);
    }
    if (result.expiresOn.getTime() <= now()) throw tokenInvalid('the token has already expired');
    return result;
  }

  function start(): Flight {
    const controller = new AbortController();
    const promise = load(controller.signal).then(
      (result) => {
        if (flight === started) flight = undefined;
        cached = result;
        return result;
      },
      (error: unknown) => {
        if (flight === started) flight = undefined;
        throw error;
      },
    );
    const started: Flight = { controller, waiters: 0, promise };
    return started;
  }

  function join(signal?: AbortSignal): Promise<TokenResult> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const joined = flight ?? (flight = start());
    joined.waiters++;
    return new Promise<TokenResult>((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        joined.waiters--;
        if (joined.waiters === 0) {
          if (flight === joined) flight = undefined;
          joined.controller.abort(abortReason(signal as AbortSignal));
        }
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      joined.promise.then(
        (result) => {
          signal?.removeEventListener('abort', onAbort);
          if (settled) return;
          settled = true;
          joined.waiters--;
          resolve(result);
        },
        (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          if (settled) return;
          settled = true;
          joined.waiters--;
          reject(error);
        },
      );
    });
  }

  return {
    current(signal) {
      if (cached && cached.expiresOn.getTime() - now() > TOKEN_MIN_VALIDITY_MS) return Promise.resolve(cached);
      return join(signal);
    },
    refresh(signal) {
      return join(signal);
    },
  };
}
