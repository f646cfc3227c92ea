/**
 * Retry timing shared by everything that talks to a network: the token source, the chat send
 * queue, the emulator client. Pure: randomness and the clock are injected, so tests are exact.
 *
 * Policy: "full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): the delay before retry n is uniform in [0, min(cap, base · 2^n)]. Spreading retries
 * over the whole window stops many clients that failed together from retrying together.
 * A server's `Retry-After` wins over the computed delay (see `retryDelay`).
 */

export interface BackoffOptions {
  /** Window of the first retry, in ms. Default 500. */
  baseMs?: number;
  /** Largest window, in ms. Default 8000. */
  capMs?: number;
  /** Uniform in [0, 1). Default Math.random; inject a constant in tests. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 500, capMs: 8_000 } as const;

/**
 * Delay in ms before retry number `attempt` (0 for the first retry), with full jitter:
 * uniform in [0, min(capMs, baseMs · 2^attempt)].
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = Math.max(0, options.baseMs ?? DEFAULT_BACKOFF.baseMs);
  const cap = Math.max(0, options.capMs ?? DEFAULT_BACKOFF.capMs);
  const random = options.random ?? Math.random;
  const n = Math.max(0, Math.floor(Number.isFinite(attempt) ? attempt : 0));
  // 2^n overflows to Infinity for large n; min() with the cap keeps it finite.
  const window = Math.min(cap, base * 2 ** n);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(window * r);
}

/**
 * Parses an HTTP `Retry-After` header (RFC 9110 §10.2.3): either delay-seconds (`"120"`) or an
 * HTTP date (`"Wed, 21 Oct 2015 07:28:00 GMT"`). Returns the wait in ms (0 for a date in the
 * past), or undefined when the header is missing or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only date-looking strings: Date.parse accepts odd inputs like "1.5" or "-1".
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export interface RetryDelayOptions extends BackoffOptions {
  /** The server's `Retry-After` header value, if the response had one. */
  retryAfter?: string | null;
  /** Longest `Retry-After` worth waiting for, in ms. Default 30000. */
  maxRetryAfterMs?: number;
  now?: number;
}

/**
 * Delay before retry `attempt`: the server's `Retry-After` when it gave one (the server knows
 * best), else the jittered backoff. Returns undefined when the server asks for a wait longer than
 * `maxRetryAfterMs`: the caller should give up now rather than leave the user waiting.
 */
export function retryDelay(attempt: number, options: RetryDelayOptions = {}): number | undefined {
  const asked = parseRetryAfter(options.retryAfter, options.now);
  if (asked !== undefined) {
    return asked > (options.maxRetryAfterMs ?? 30_000) ? undefined : asked;
  }
  return backoffDelay(attempt, options);
}

/** The reason an aborted signal carries, or a standard AbortError when it carries none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
