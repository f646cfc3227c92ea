/**
 * `createTokenHandler`: the token endpoint a site runs in its own backend, on the web-standard
 * `Request`/`Response` (Node ≥ 20, Azure Functions v4, Next.js route handlers, Deno, Bun).
 *
 * What it guarantees: only callers `authorize` accepts get a token; a `userKey` keeps its ACS
 * identity across refreshes; CORS only for `allowedOrigins`; a rate limit per user (else per
 * client address); `Cache-Control: no-store`; and no connection string, access key or token in a
 * log line, an error message or a response body, whatever the identity service throws.
 * What the site decides: who may get a token (`authorize`), and for how long (scopes, expiry).
 */
import { createMemoryIdentityStore, createRateLimiter, type IdentityStore } from './stores.js';

/** A scope ACS accepts for a user token. */
export type TokenScope = 'chat' | 'voip' | 'chat.join' | 'chat.join.limited' | 'voip.join';
export const TOKEN_SCOPES: readonly TokenScope[] = ['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join'];

/** `false`: refuse (401). `true`: a new ACS identity for each request. `{userKey}`: the same identity for the same key. */
export type AuthorizeResult = boolean | { userKey: string };

/** What the adapter knows about the caller beyond the Request (the socket's address). */
export interface TokenRequestContext {
  clientAddress?: string;
}

/** The methods of `CommunicationIdentityClient` the handler calls; any object with them will do. */
export interface IdentityClientLike {
  createUserAndToken(
    scopes: string[],
    options?: { tokenExpiresInMinutes?: number },
  ): Promise<{ user: { communicationUserId: string }; token: string; expiresOn: Date }>;
  getToken(
    user: { communicationUserId: string },
    scopes: string[],
    options?: { tokenExpiresInMinutes?: number },
  ): Promise<{ token: string; expiresOn: Date }>;
  getTokenForTeamsUser?(options: { teamsUserAadToken: string; clientId: string; userObjectId: string }): Promise<{ token: string; expiresOn: Date }>;
}

export interface TokenHandlerOptions {
  /** Decides who gets a token. Required. Receives the request (read its cookies or Authorization). */
  authorize: (request: Request, context: TokenRequestContext) => AuthorizeResult | Promise<AuthorizeResult>;
  /** `endpoint=https://<resource>.communication.azure.com/;accesskey=<key>`. */
  connectionString?: string;
  /** With `credential`, instead of a connection string (e.g. a managed identity's TokenCredential). */
  endpoint?: string;
  /** A `KeyCredential` or `TokenCredential` (@azure/core-auth), used with `endpoint`. */
  credential?: object;
  /** Any object with the identity client's methods; then @azure/communication-identity need not be installed. */
  identityClient?: IdentityClientLike;
  /** Default `['voip', 'chat']`. */
  scopes?: TokenScope[];
  /** 60–1440, default 60. */
  tokenExpiresInMinutes?: number;
  /** Origins allowed to call cross-origin (CORS with credentials). Same-origin callers are always allowed. */
  allowedOrigins?: string[];
  /** Requests per minute per userKey, else per client address. Default 30; `false`: no limit. */
  rateLimit?: { perMinute: number } | false;
  /** Default: in-memory LRU (one process). */
  identityStore?: IdentityStore;
  /** Microsoft 365 (Teams) users: enables `POST {entraToken}`, exchanged with getTokenForTeamsUser. */
  teams?: { clientId: string; tenantId?: string };
  /** The caller's address when the adapter gives none (e.g. from your proxy's header). */
  clientAddress?: (request: Request) => string | undefined;
  /** Where failures are reported, one fixed line each (never a secret). Default `console.error`. */
  log?: (line: string) => void;
  /** Clock (ms) for the rate limiter. Default `Date.now`. */
  now?: () => number;
}

/** A token handler: web-standard `Request` in, `Response` out. */
export type TokenHandler = (request: Request, context?: TokenRequestContext) => Promise<Response>;

/** The body the elements read (`token-url`). */
export interface TokenResponseBody {
  token: string;
  expiresOn: string;
  userId: string;
  endpoint: string;
}

const IDENTITY_PACKAGE = '@azure/communication-identity';
const LOG_PREFIX = '[acs-teams-elements/server]';
const MAX_BODY_BYTES = 16 * 1024;

class HandlerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Parses `endpoint=…;accesskey=…` without ever quoting it. */
function parseConnectionString(connectionString: string): { endpoint: string } {
  const endpoint = /(?:^|;)\s*endpoint=([^;]+)/i.exec(connectionString)?.[1]?.trim();
  const key = /(?:^|;)\s*accesskey=([^;]+)/i.exec(connectionString)?.[1]?.trim();
  if (!endpoint || !key) throw new TypeError('createTokenHandler: connectionString must be "endpoint=https://<resource>.communication.azure.com/;accesskey=<key>".');
  return { endpoint: normalizeEndpoint(endpoint) };
}

function normalizeEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError('createTokenHandler: the ACS endpoint is not a URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('createTokenHandler: the ACS endpoint must be an https URL.');
  return `${url.origin}/`;
}

/** An http endpoint on this machine (the local emulator): the identity SDK must be told to allow it. */
function isLoopbackHttp(endpoint: string): boolean {
  const url = new URL(endpoint);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Reads a JWT's claims without verifying them (the identity service verifies). */
function unverifiedClaims(jwt: string): Record<string, unknown> | undefined {
  try {
    const part = jwt.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function validateOptions(options: TokenHandlerOptions) {
  if (!options || typeof options.authorize !== 'function') {
    throw new TypeError(
      'createTokenHandler: options.authorize is required. It decides who may get a token: return false (401), true, or {userKey} for the signed-in user. To hand tokens to anyone, write authorize: () => true.',
    );
  }
  const scopes = options.scopes ?? ['voip', 'chat'];
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => TOKEN_SCOPES.includes(s))) {
    throw new TypeError(`createTokenHandler: scopes must be a non-empty list of ${TOKEN_SCOPES.join(', ')}.`);
  }
  const minutes = options.tokenExpiresInMinutes ?? 60;
  if (!Number.isInteger(minutes) || minutes < 60 || minutes > 1440) {
    throw new RangeError('createTokenHandler: tokenExpiresInMinutes must be an integer from 60 to 1440.');
  }
  const perMinute = options.rateLimit === false ? 0 : (options.rateLimit?.perMinute ?? 30);
  if (!(Number.isFinite(perMinute) && perMinute >= 0)) throw new RangeError('createTokenHandler: rateLimit.perMinute must be a positive number.');
  const origins = (options.allowedOrigins ?? []).map((o) => {
    try {
      const url = new URL(o);
      if (url.origin === 'null' || `${url.origin}/` !== `${o.replace(/\/$/, '')}/`) throw new Error();
      return url.origin;
    } catch {
      throw new TypeError(`createTokenHandler: allowedOrigins entries are origins like https://www.contoso.com (got ${JSON.stringify(o).slice(0, 80)}).`);
    }
  });
  if (options.teams && (typeof options.teams.clientId !== 'string' || !options.teams.clientId)) {
    throw new TypeError('createTokenHandler: teams.clientId (the Entra app id) is required to exchange Teams user tokens.');
  }
  let endpoint: string;
  if (options.connectionString !== undefined) {
    if (typeof options.connectionString !== 'string') throw new TypeError('createTokenHandler: connectionString must be a string.');
    endpoint = parseConnectionString(options.connectionString).endpoint;
  } else if (options.endpoint !== undefined) {
    endpoint = normalizeEndpoint(options.endpoint);
    if (!options.credential && !options.identityClient) throw new TypeError('createTokenHandler: endpoint needs a credential (KeyCredential or TokenCredential).');
  } else {
    throw new TypeError('createTokenHandler: give connectionString, or endpoint with credential (or identityClient with endpoint).');
  }
  return { scopes: [...scopes], minutes, perMinute, origins, endpoint };
}

/**
 * Creates a token handler. Throws a TypeError at once for a missing `authorize`, a malformed
 * connection string or option (the message never quotes the connection string).
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const { scopes, minutes, perMinute, origins, endpoint } = validateOptions(options);
  const now = options.now ?? Date.now;
  const limiter = perMinute > 0 ? createRateLimiter(perMinute, now) : undefined;
  const store = options.identityStore ?? createMemoryIdentityStore();
  const log = options.log ?? ((line: string) => console.error(line));
  const connectionString = options.connectionString;
  const credential = options.credential;
  let clientPromise: Promise<IdentityClientLike> | undefined = options.identityClient ? Promise.resolve(options.identityClient) : undefined;

  const identityClient = () =>
    (clientPromise ??= (async () => {
      let sdk: { CommunicationIdentityClient: new (...args: unknown[]) => IdentityClientLike };
      try {
        // Loaded on first use, so sites that pass identityClient need not install it; the
        // comments keep bundlers from resolving it at build time.
        sdk = (await import(/* webpackIgnore: true */ /* @vite-ignore */ IDENTITY_PACKAGE)) as typeof sdk;
      } catch {
        throw new HandlerError(500, 'ConfigurationError', 'The token service is not configured.');
      }
      const clientOptions = isLoopbackHttp(endpoint) ? { allowInsecureConnection: true } : {};
      return connectionString !== undefined
        ? new sdk.CommunicationIdentityClient(connectionString, clientOptions)
        : new sdk.CommunicationIdentityClient(endpoint, credential, clientOptions);
    })().catch((error: unknown) => {
      clientPromise = undefined;
      log(`${LOG_PREFIX} cannot load ${IDENTITY_PACKAGE}: install it, or pass identityClient.`);
      throw error instanceof HandlerError ? error : new HandlerError(500, 'ConfigurationError', 'The token service is not configured.');
    }));

  /** Runs an identity-service call; any failure becomes a fixed 502 and a fixed log line. */
  const upstream = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof HandlerError) throw error;
      const status = statusOf(error);
      log(`${LOG_PREFIX} identity service ${what} failed${status ? ` (status ${status})` : ''}`);
      throw new HandlerError(502, 'IdentityServiceError', 'The identity service request failed.');
    }
  };

  const corsHeaders = (request: Request): { headers: Record<string, string>; allowed: boolean } => {
    const origin = request.headers.get('origin');
    const headers: Record<string, string> = { vary: 'Origin' };
    if (!origin) return { headers, allowed: true };
    let own: string | undefined;
    try {
      own = new URL(request.url).origin;
    } catch {
      own = undefined;
    }
    if (origin === own) return { headers, allowed: true };
    if (!origins.includes(origin)) return { headers, allowed: false };
    headers['access-control-allow-origin'] = origin;
    headers['access-control-allow-credentials'] = 'true';
    return { headers, allowed: true };
  };

  const json = (status: number, body: unknown, headers: Record<string, string>) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache', ...headers },
    });

  const readEntraToken = async (request: Request): Promise<string> => {
    const length = Number(request.headers.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) throw new HandlerError(413, 'PayloadTooLarge', 'Request body too large.');
    const text = await request.text();
    if (text.length > MAX_BODY_BYTES) throw new HandlerError(413, 'PayloadTooLarge', 'Request body too large.');
    let body: unknown;
    try {
      body = text.trim() ? JSON.parse(text) : undefined;
    } catch {
      throw new HandlerError(400, 'BadRequest', 'The request body is not valid JSON.');
    }
    const entraToken = (body as { entraToken?: unknown } | undefined)?.entraToken;
    if (entraToken === undefined) return '';
    if (typeof entraToken !== 'string' || !entraToken || entraToken.length > 8192) throw new HandlerError(400, 'BadRequest', 'entraToken must be a non-empty string.');
    return entraToken;
  };

  const teamsToken = async (entraToken: string): Promise<TokenResponseBody> => {
    const teams = options.teams;
    if (!teams) throw new HandlerError(400, 'TeamsNotEnabled', 'This token service does not exchange Teams user tokens.');
    const claims = unverifiedClaims(entraToken);
    const oid = claims?.['oid'];
    if (typeof oid !== 'string' || !oid) throw new HandlerError(400, 'BadRequest', 'The Entra token has no oid claim.');
    if (teams.tenantId && claims?.['tid'] !== teams.tenantId) throw new HandlerError(403, 'Forbidden', 'Users of this tenant may not get a token here.');
    const client = await identityClient();
    if (typeof client.getTokenForTeamsUser !== 'function') throw new HandlerError(500, 'ConfigurationError', 'The token service is not configured.');
    const result = await upstream('Teams token exchange', () => client.getTokenForTeamsUser!({ teamsUserAadToken: entraToken, clientId: teams.clientId, userObjectId: oid }));
    return { token: result.token, expiresOn: new Date(result.expiresOn).toISOString(), userId: `8:orgid:${oid}`, endpoint };
  };

  const acsToken = async (userKey: string | undefined): Promise<TokenResponseBody> => {
    const client = await identityClient();
    const tokenOptions = { tokenExpiresInMinutes: minutes };
    const known = userKey === undefined ? undefined : await upstream('identity store read', async () => store.get(userKey));
    if (known) {
      try {
        const result = await client.getToken({ communicationUserId: known }, scopes, tokenOptions);
        return { token: result.token, expiresOn: new Date(result.expiresOn).toISOString(), userId: known, endpoint };
      } catch (error) {
        // The identity was deleted (404): give the user a new one. Anything else is a failure.
        if (statusOf(error) !== 404) await upstream('token request', () => Promise.reject(error));
      }
    }
    const created = await upstream('identity creation', () => client.createUserAndToken(scopes, tokenOptions));
    const userId = created.user.communicationUserId;
    if (userKey !== undefined) await upstream('identity store write', async () => store.set(userKey, userId));
    return { token: created.token, expiresOn: new Date(created.expiresOn).toISOString(), userId, endpoint };
  };

  return async (request, context = {}) => {
    let cors: Record<string, string> = { vary: 'Origin' };
    try {
      const checked = corsHeaders(request);
      cors = checked.headers;
      if (!checked.allowed) throw new HandlerError(403, 'Forbidden', 'Cross-origin requests are not allowed from this origin.');
      const method = request.method.toUpperCase();
      if (method === 'OPTIONS') {
        return new Response(null, {
          status: 204,
          headers: {
            ...cors,
            'access-control-allow-methods': 'GET, POST',
            'access-control-allow-headers': 'content-type, authorization',
            'access-control-max-age': '600',
            'cache-control': 'no-store',
          },
        });
      }
      if (method !== 'GET' && method !== 'POST') throw new HandlerError(405, 'MethodNotAllowed', 'Use GET or POST.', { allow: 'GET, POST, OPTIONS' });

      const clientAddress = context.clientAddress ?? options.clientAddress?.(request);
      let decision: AuthorizeResult;
      try {
        decision = await options.authorize(request, { ...(clientAddress ? { clientAddress } : {}) });
      } catch {
        log(`${LOG_PREFIX} authorize threw; answering 500`);
        throw new HandlerError(500, 'InternalError', 'Internal server error.');
      }
      if (decision === false) throw new HandlerError(401, 'Unauthorized', 'Sign in to get a token.');
      let userKey: string | undefined;
      if (decision !== true) {
        const key = (decision as { userKey?: unknown } | null)?.userKey;
        if (typeof key !== 'string' || !key) {
          log(`${LOG_PREFIX} authorize must return true, false or {userKey: string}; answering 500`);
          throw new HandlerError(500, 'InternalError', 'Internal server error.');
        }
        userKey = key;
      }

      if (limiter) {
        const wait = limiter.take(userKey !== undefined ? `user:${userKey}` : `address:${clientAddress ?? 'unknown'}`);
        if (wait > 0) throw new HandlerError(429, 'TooManyRequests', 'Too many token requests.', { 'retry-after': String(wait) });
      }

      const entraToken = method === 'POST' ? await readEntraToken(request) : '';
      const body = entraToken ? await teamsToken(entraToken) : await acsToken(userKey);
      return json(200, body, cors);
    } catch (error) {
      if (error instanceof HandlerError) return json(error.status, { error: { code: error.code, message: error.message } }, { ...cors, ...error.headers });
      log(`${LOG_PREFIX} unexpected failure; answering 500`);
      return json(500, { error: { code: 'InternalError', message: 'Internal server error.' } }, cors);
    }
  };
}
