/**
 * Token source: fetches and refreshes ACS access tokens from the host's `token-url` (or a host
 * function). Pure TypeScript over `fetch`; no SDK. The token lives only in memory.
 *
 * The types below are the contract other modules depend on; the implementation follows them.
 */
import { AcsError } from './errors.js';
import { abortReason, retryDelay, sleep as defaultSleep, type BackoffOptions } from './backoff.js';
import { decodeJwtPayload, isRecord, tokenInvalid } from './jwt.js';

export { decodeJwtPayload, tokenInvalid, tokenKind, type JwtPayload } from './jwt.js';
export { createTokenSession, TOKEN_MIN_VALIDITY_MS } from './token-session.js';

/** What a token endpoint (or a `tokenProvider` function) returns, normalized. */
export interface TokenResult {
  token: string;
  expiresOn: Date;
  /** `8:acs:…` (ACS) or the Teams user's id; from `userId` or `user.communicationUserId`. */
  userId?: string;
  /** ACS resource endpoint, e.g. `https://x.communication.azure.com/` or the local emulator. */
  endpoint?: string;
  /** True when the endpoint is the local emulator: pick the simulated meeting service. */
  emulator: boolean;
}

/** A host-supplied function that returns a token (instead of `token-url`). */
export type TokenProvider = (options: { signal?: AbortSignal }) => Promise<TokenResult | RawTokenResponse>;

/** The token endpoint's JSON: ours (`userId`) or the ACS identity SDK's (`user`). */
export interface RawTokenResponse {
  token: string;
  expiresOn: string | number | Date;
  userId?: string;
  user?: { communicationUserId: string };
  endpoint?: string;
  emulator?: boolean;
}

/** Holds the current token in memory and refreshes it; shared by the meeting and its chat. */
export interface TokenSession {
  /** The first token (fetched once). Later calls return the cached token while still valid. */
  current(signal?: AbortSignal): Promise<TokenResult>;
  /** Always fetches a fresh token (used as the SDK credential's `tokenRefresher`). */
  refresh(signal?: AbortSignal): Promise<TokenResult>;
}

/** Where tokens come from: the element's `token-url` (+ `token-credentials`) or a host function. */
export interface TokenSourceOptions {
  url?: string;
  /** `same-origin` by default; `include` when the element has `token-credentials="include"`. */
  credentials?: RequestCredentials;
  provider?: TokenProvider;
  /** For tests and non-browser hosts. */
  fetch?: typeof fetch;
}

/* ----------------------------------------------------------------------------------------------
 * Implementation. Rule for every error below: its message, status and cause never contain the
 * token, any part of it, or the response body (JSON.parse errors quote their input, so they are
 * never kept as a cause).
 * -------------------------------------------------------------------------------------------- */

/** Retry and timing knobs; the defaults suit browsers, tests inject sleep/random/now. */
export interface TokenFetchTuning extends BackoffOptions {
  /** Total tries for one token, first included. Default 4. */
  maxAttempts?: number;
  /** Longest server-requested `Retry-After` worth waiting for, in ms. Default 30000. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

function toDate(value: unknown): Date | undefined {
  let date: Date | undefined;
  if (value instanceof Date) date = new Date(value.getTime());
  // Numbers below 1e12 are seconds (1e12 ms is 2001; 1e12 s is the year 33658).
  else if (typeof value === 'number') date = new Date(value < 1e12 ? value * 1000 : value);
  else if (typeof value === 'string' && value.trim() !== '') date = new Date(value);
  return date && Number.isFinite(date.getTime()) ? date : undefined;
}

/**
 * Normalizes what a token endpoint or provider returns: our shape `{token, expiresOn, userId?,
 * endpoint?, emulator?}`, the ACS identity SDK's `{token, expiresOn, user: {communicationUserId}}`,
 * or an already normalized TokenResult. `expiresOn` is the earlier of the JWT's `exp` (what the SDK
 * credential trusts) and the given `expiresOn` when that parses.
 *
 * @throws AcsError `token-invalid`.
 */
export function normalizeTokenResponse(raw: unknown): TokenResult {
  if (!isRecord(raw)) throw tokenInvalid('not a JSON object');
  const { token } = raw;
  if (typeof token !== 'string' || token === '') throw tokenInvalid('no token');
  const { exp } = decodeJwtPayload(token);
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw tokenInvalid('the JWT has no numeric exp');

  const fromJwt = new Date(exp * 1000);
  const given = toDate(raw['expiresOn']);
  const expiresOn = given && given.getTime() < fromJwt.getTime() ? given : fromJwt;

  const result: TokenResult = { token, expiresOn, emulator: raw['emulator'] === true };
  const user = raw['user'];
  const userId = typeof raw['userId'] === 'string' ? raw['userId'] : isRecord(user) ? user['communicationUserId'] : undefined;
  if (typeof userId === 'string' && userId !== '') result.userId = userId;

  const endpoint = raw['endpoint'];
  if (endpoint !== undefined && endpoint !== null && endpoint !== '') {
    let url: URL | undefined;
    try {
      url = typeof endpoint === 'string' ? new URL(endpoint) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw tokenInvalid('endpoint is not an http(s) URL');
    result.endpoint = endpoint as string;
  }
  return result;
}

function cancelBody(response: Response): void {
  // Frees the connection of a response we will not read; a failure here changes nothing.
  response.body?.cancel().catch(() => undefined);
}

/** What to do with a non-2xx status. */
function classifyStatus(status: number): { retry: true } | { retry: false; error: AcsError } {
  if (status === 408 || status === 429 || status >= 500) return { retry: true };
  if (status === 401 || status === 403) {
    return { retry: false, error: new AcsError('token-unauthorized', `The token endpoint refused the request (HTTP ${status}).`, { status }) };
  }
  // 404/405/410: this URL does not hand out tokens by GET: a configuration mistake.
  if (status === 404 || status === 405 || status === 410) {
    return { retry: false, error: new AcsError('token-not-found', `No token endpoint at token-url (HTTP ${status}).`, { status }) };
  }
  // Other 4xx: the server understood and refused to issue a token; retrying cannot help.
  if (status >= 400) {
    return { retry: false, error: new AcsError('token-unauthorized', `The token endpoint refused the request (HTTP ${status}).`, { status }) };
  }
  // 1xx/3xx reaching here (e.g. redirect: 'manual' in a custom fetch): no token in it.
  return { retry: false, error: tokenInvalid(`unexpected HTTP ${status}`, status) };
}

async function readToken(response: Response, signal: AbortSignal | undefined): Promise<TokenResult> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    throw new AcsError('token-unreachable', 'The token response was cut off.', { recoverable: true, status: response.status, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A GET that was redirected to a page (HTML, not JSON) is the classic expired-session bounce
    // to a sign-in page: the person needs to sign in, not the site owner to fix a response.
    if (response.redirected) {
      throw new AcsError('token-unauthorized', 'The token endpoint redirected to a page (a sign-in page?).', { status: response.status });
    }
    throw tokenInvalid('not JSON', response.status);
  }
  try {
    return normalizeTokenResponse(json);
  } catch (error) {
    throw error instanceof AcsError ? new AcsError(error.code, error.message, { status: response.status }) : error;
  }
}

/**
 * GETs a token from `options.url`: `credentials` 'same-origin' unless told otherwise, no HTTP
 * caching, `Accept: application/json`. Retries network failures, 408, 429 and 5xx with jittered
 * exponential backoff (honouring `Retry-After`), up to `maxAttempts` tries in all.
 *
 * Errors (AcsError): `missing-token-source` (no url), `token-unauthorized` (401, 403, other 4xx,
 * or redirected to a non-JSON page such as a sign-in form),
 * `token-not-found` (404, 405, 410), `token-invalid` (not JSON, no token, not a JWT),
 * `token-unreachable` (network or 5xx/429 after the retries; recoverable). An abort rejects with
 * the signal's reason, at once, with no further request.
 */
export async function fetchToken(
  options: TokenSourceOptions,
  signal?: AbortSignal,
  tuning: TokenFetchTuning = {},
): Promise<TokenResult> {
  const url = options.url;
  if (!url) throw new AcsError('missing-token-source', 'No token-url was given.');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = tuning.sleep ?? defaultSleep;
  const now = tuning.now ?? Date.now;
  const maxAttempts = Math.max(1, tuning.maxAttempts ?? 4);
  const init: RequestInit = {
    method: 'GET',
    credentials: options.credentials ?? 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
    signal: signal ?? null,
  };

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal);
    let failure: AcsError;
    let retryAfter: string | null = null;
    try {
      // Called on globalThis: browsers throw "Illegal invocation" for a detached window.fetch.
      const response = await fetchImpl.call(globalThis, url, init);
      if (response.ok) return await readToken(response, signal);
      const verdict = classifyStatus(response.status);
      cancelBody(response);
      if (!verdict.retry) throw verdict.error;
      if (response.status === 429 || response.status === 503) retryAfter = response.headers.get('retry-after');
      failure = new AcsError('token-unreachable', `The token endpoint is unavailable (HTTP ${response.status}).`, {
        recoverable: true,
        status: response.status,
      });
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (error instanceof AcsError) throw error;
      // fetch rejects (TypeError) only for network-level failures.
      failure = new AcsError('token-unreachable', 'The token endpoint could not be reached.', { recoverable: true, cause: error });
    }

    if (attempt + 1 >= maxAttempts) throw failure;
    const delay = retryDelay(attempt, {
      retryAfter,
      maxRetryAfterMs: tuning.maxRetryAfterMs,
      baseMs: tuning.baseMs,
      capMs: tuning.capMs,
      random: tuning.random,
      now: now(),
    });
    if (delay === undefined) throw failure;
    await sleep(delay, signal);
  }
}
