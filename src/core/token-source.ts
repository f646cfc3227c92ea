/**
 * Token source: fetches and refreshes ACS access tokens from the host's `token-url` (or a host
 * function). Pure TypeScript over `fetch`; no SDK. The token lives only in memory.
 *
 * The types below are the contract other modules depend on; the implementation follows them.
 */
import { AcsError } from './errors.js';
import { abortReason, retryDelay, sleep as defaultSleep, type BackoffOptions } from './backoff.js';

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

/** `current()` fetches a new token once the cached one has less than this left. */
export const TOKEN_MIN_VALIDITY_MS = 60_000;

/** Retry and timing knobs; the defaults suit browsers, tests inject sleep/random/now. */
export interface TokenFetchTuning extends BackoffOptions {
  /** Total tries for one token, first included. Default 4. */
  maxAttempts?: number;
  /** Longest server-requested `Retry-After` worth waiting for, in ms. Default 30000. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** The JWT payload claims this library reads; anything else passes through untyped. */
export interface JwtPayload {
  exp?: unknown;
  skypeid?: unknown;
  [claim: string]: unknown;
}

function tokenInvalid(reason: string, status?: number): AcsError {
  return new AcsError('token-invalid', `The token endpoint's response is not a usable token: ${reason}.`, { status });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodeBase64UrlJson(part: string): unknown {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

/**
 * The payload of a JWT, decoded but NOT verified (the service verifies; we only read `exp` and
 * the identity kind). Requires the JWS compact shape: header.payload.signature, base64url, with
 * JSON objects in header and payload.
 *
 * @throws AcsError `token-invalid`.
 */
export function decodeJwtPayload(token: string): JwtPayload {
  if (typeof token !== 'string') throw tokenInvalid('token is not a string');
  const parts = token.split('.');
  if (parts.length !== 3) throw tokenInvalid('not a JWT (expected three parts)');
  const [header = '', payload = '', signature = ''] = parts;
  if (!BASE64URL.test(header) || !BASE64URL.test(payload) || !/^[A-Za-z0-9_-]*$/.test(signature)) {
    throw tokenInvalid('not a JWT (parts are not base64url)');
  }
  let decodedHeader: unknown;
  let decodedPayload: unknown;
  try {
    decodedHeader = decodeBase64UrlJson(header);
    decodedPayload = decodeBase64UrlJson(payload);
  } catch {
    throw tokenInvalid('not a JWT (parts are not JSON)');
  }
  if (!isRecord(decodedHeader) || !isRecord(decodedPayload)) throw tokenInvalid('not a JWT (parts are not objects)');
  return decodedPayload;
}

/**
 * What kind of identity a token carries, from its `skypeid` claim (the user's MRI without `8:`).
 *
 * Basis (read in the shipped SDKs, not guessed): @azure/communication-signaling's `CloudPrefix`
 * lists the MRI prefixes `acs`, `spool`, `gcch-acs`, `dod-acs` (ACS identities) and `orgid`,
 * `gcch`, `dod` (Entra/Teams users), and its token parser reads `skypeid` and `resourceId`;
 * @azure/communication-calling 1.46.1 `parseTokenCredential` reads `skypeid`, `resourceId`,
 * `acsScope` (comma list that must hold `voip` or `voip.join`) and `tid`, and builds the identifier
 * from `8:${skypeid}`: `8:orgid:<oid>` is a `microsoftTeamsUser`, `8:acs:<resource>_<guid>` a
 * `communicationUser`. So an ACS identity token has `skypeid: "acs:<resource>_<guid>"`, and a
 * token from `getTokenForTeamsUser` has `skypeid: "orgid:<Entra object id>"` (plus `tid`).
 * An Entra ID token itself (no `skypeid`) is 'unknown': it is not an ACS token at all.
 */
export function tokenKind(token: string): 'acs' | 'teams' | 'unknown' {
  let payload: JwtPayload;
  try {
    payload = decodeJwtPayload(token);
  } catch {
    return 'unknown';
  }
  const { skypeid } = payload;
  if (typeof skypeid !== 'string') return 'unknown';
  const prefix = skypeid.slice(0, skypeid.indexOf(':')).toLowerCase();
  if (['acs', 'spool', 'gcch-acs', 'dod-acs'].includes(prefix)) return 'acs';
  if (['orgid', 'gcch', 'dod'].includes(prefix)) return 'teams';
  return 'unknown';
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
  const now = tuning.now ?? Date.now;
  let cached: TokenResult | undefined;
  let flight: Flight | undefined;

  async function load(signal: AbortSignal): Promise<TokenResult> {
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
