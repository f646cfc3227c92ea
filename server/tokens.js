// @ts-check
/**
 * Tokens: the emulator's token issuer (ACS-shaped JWTs signed with a key generated at start) and
 * the emulator's `/api/token` routes. In live mode live-tokens.js serves them with
 * `createTokenHandler` (acs-teams-elements/server) instead.
 *
 * Never log a token, a connection string or a meeting link: nothing in this module logs a request.
 */
import crypto from 'node:crypto';
import { HttpError, sendJson } from './http.js';
import { readSession, writeSession } from './session-cookie.js';
import { isOriginAllowed } from './cors.js';
import { clockFrom } from './clock.js';

/**
 * @typedef {object} MintOptions
 * @property {'acs' | 'teams'} [kind]
 * @property {string} [displayName] accepted for symmetry with the route; not part of an ACS token
 * @property {string} [userId] re-issue for this user (`8:acs:<resourceId>_<guid>` or `8:orgid:<oid>`)
 * @property {string} [tenantId] Teams users: the user's tenant
 * @property {number} [ttlSeconds] override the issuer's lifetime
 * @property {string[]} [scopes] ACS users: the token's scopes (default chat, voip)
 */
/** @typedef {{ token: string, expiresOn: string, userId: string }} MintedToken */
/** @typedef {{ userId: string, kind: 'acs' | 'teams', exp: number, tenantId?: string }} VerifiedToken */

const b64url = (/** @type {Buffer | string} */ data) => Buffer.from(data).toString('base64url');
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID derived from a string (stable across calls), e.g. a Teams user's object id from a name. */
function guidFrom(/** @type {string} */ text) {
  const h = crypto.createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Creates the emulator's token issuer. Each process has its own signing key, resource id and
 * tenant: tokens from another process (or another issuer) do not verify.
 * @param {{ ttlSeconds?: number, now?: () => number, clock?: import('./clock.js').Clock }} [options] `now` or
 *   `clock` replace the real time (tests); tokens get `iat`/`exp` from it and expire by it.
 */
export function createTokenIssuer(options = {}) {
  const ttlSeconds = options.ttlSeconds ?? 3600;
  const clock = clockFrom(options);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const kid = crypto.createHash('sha256').update(der).digest('hex').slice(0, 40).toUpperCase();
  const x5t = b64url(crypto.createHash('sha1').update(der).digest());
  const resourceId = crypto.randomUUID();
  const tenantId = crypto.randomUUID();
  const resourceLocation = 'unitedstates';
  const hmacKey = crypto.randomBytes(32);
  /** Names of the stand-in Entra users, by Teams user id (Teams supplies a user's name; so does the emulator). */
  const entraNames = new Map();

  /** @param {Record<string, unknown>} payload */
  const sign = (payload) => {
    const head = b64url(JSON.stringify({ alg: 'RS256', kid, x5t, typ: 'JWT' }));
    const body = b64url(JSON.stringify(payload));
    const signature = crypto.sign('sha256', Buffer.from(`${head}.${body}`), privateKey);
    return `${head}.${body}.${b64url(signature)}`;
  };

  /**
   * Checks signature and expiry; returns the payload. Throws HttpError 401.
   * @param {unknown} token
   * @returns {Record<string, any>}
   */
  const decodeVerified = (token) => {
    const invalid = () => new HttpError(401, 'Unauthorized', 'The access token is not valid.');
    if (typeof token !== 'string') throw invalid();
    const parts = token.split('.');
    if (parts.length !== 3) throw invalid();
    /** @type {Record<string, any>} */
    let header;
    /** @type {Record<string, any>} */
    let payload;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (header?.alg !== 'RS256' || header.kid !== kid) throw invalid();
    const ok = crypto.verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, Buffer.from(parts[2], 'base64url'));
    if (!ok || !payload || typeof payload !== 'object') throw invalid();
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= clock.now()) {
      throw new HttpError(401, 'Unauthorized', 'The access token has expired.');
    }
    return payload;
  };

  return {
    /** The issuer's time: expiry checks, the rate limit and the sockets' token-expiry timers. */
    clock,
    resourceId,
    tenantId,
    resourceLocation,
    ttlSeconds,

    /**
     * Mints an ACS (default) or Teams user access token.
     * @param {MintOptions} [mintOptions]
     * @returns {MintedToken}
     */
    mint(mintOptions = {}) {
      const kind = mintOptions.kind ?? 'acs';
      const iat = Math.floor(clock.now() / 1000);
      const exp = iat + (mintOptions.ttlSeconds ?? ttlSeconds);
      const common = { csi: String(iat), exp, rgn: 'amer', resourceId, resourceLocation, iat };
      if (kind === 'teams') {
        const oid = mintOptions.userId?.replace(/^8:orgid:/, '') ?? crypto.randomUUID();
        if (!GUID_RE.test(oid)) throw new HttpError(400, 'BadRequest', 'A Teams user id is 8:orgid:<guid>.');
        const tid = mintOptions.tenantId ?? tenantId;
        const token = sign({ skypeid: `orgid:${oid}`, scp: 1024, ...common, tid, oid, acsScope: 'voip,chat' });
        return { token, expiresOn: new Date(exp * 1000).toISOString(), userId: `8:orgid:${oid}` };
      }
      const prefix = `8:acs:${resourceId}_`;
      let userId = mintOptions.userId;
      if (userId !== undefined && !(userId.startsWith(prefix) && GUID_RE.test(userId.slice(prefix.length)))) {
        throw new HttpError(400, 'BadRequest', 'Not a user of this emulator resource.');
      }
      userId ??= `${prefix}${crypto.randomUUID()}`;
      const token = sign({ skypeid: userId.slice(2), scp: 1792, ...common, acsScope: mintOptions.scopes?.join(',') ?? 'chat,voip' });
      return { token, expiresOn: new Date(exp * 1000).toISOString(), userId };
    },

    /**
     * Verifies a token this issuer minted and that has not expired.
     * @param {unknown} token
     * @returns {VerifiedToken}
     */
    verify(token) {
      const payload = decodeVerified(token);
      if (typeof payload.skypeid !== 'string' || payload.resourceId !== resourceId) {
        throw new HttpError(401, 'Unauthorized', 'The access token is not valid.');
      }
      const teams = payload.skypeid.startsWith('orgid:');
      return {
        userId: `8:${payload.skypeid}`,
        kind: teams ? 'teams' : 'acs',
        exp: payload.exp,
        ...(teams ? { tenantId: payload.tid } : {}),
      };
    },

    /**
     * Emulator only: a stand-in for a Microsoft Entra access token of a Teams user, to exchange at
     * `POST /api/token/teams`. The same name gives the same user.
     * @param {{ name?: string, ttlSeconds?: number }} [entraOptions]
     */
    mintEntra(entraOptions = {}) {
      const name = entraOptions.name?.trim() || 'Teams User';
      const oid = guidFrom(`${tenantId}/${name}`);
      entraNames.set(`8:orgid:${oid}`, name);
      const iat = Math.floor(clock.now() / 1000);
      const exp = iat + (entraOptions.ttlSeconds ?? ttlSeconds);
      const token = sign({
        aud: 'https://auth.msft.communication.azure.com',
        iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
        tid: tenantId,
        oid,
        name,
        scp: 'Teams.ManageCalls Teams.ManageChats',
        ver: '2.0',
        emulatorEntra: true,
        iat,
        nbf: iat,
        exp,
      });
      return { token, expiresOn: new Date(exp * 1000).toISOString(), oid, tenantId, name };
    },

    /**
     * Verifies an emulator Entra token; returns its user. Throws HttpError 401.
     * @param {unknown} token
     */
    verifyEntra(token) {
      const payload = decodeVerified(token);
      if (payload.emulatorEntra !== true || typeof payload.oid !== 'string') {
        throw new HttpError(401, 'Unauthorized', 'The Microsoft Entra token is not valid.');
      }
      return { oid: /** @type {string} */ (payload.oid), tenantId: /** @type {string} */ (payload.tid), name: /** @type {string} */ (payload.name) };
    },

    /**
     * The name of a Teams user minted through `mintEntra` (undefined for anyone else).
     * @param {string} userId `8:orgid:<oid>`
     * @returns {string | undefined}
     */
    nameOf(userId) {
      return entraNames.get(userId);
    },

    /** Signs a short value (the session cookie) with the process secret. @param {string} value */
    seal(value) {
      return `${value}.${crypto.createHmac('sha256', hmacKey).update(value).digest('base64url')}`;
    },

    /** Returns the value of a sealed string, or undefined when the seal does not match. @param {string | undefined} sealed */
    unseal(sealed) {
      if (!sealed) return undefined;
      const dot = sealed.lastIndexOf('.');
      if (dot <= 0) return undefined;
      const value = sealed.slice(0, dot);
      const expected = Buffer.from(crypto.createHmac('sha256', hmacKey).update(value).digest('base64url'));
      const given = Buffer.from(sealed.slice(dot + 1));
      return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? value : undefined;
    },
  };
}

/** @typedef {ReturnType<typeof createTokenIssuer>} TokenIssuer */

/**
 * Per-key token bucket: `perMinute` requests, refilled continuously (0: no limit).
 * @param {number} perMinute
 * @param {() => number} [now] milliseconds since the epoch (tests inject it)
 */
export function createRateLimiter(perMinute, now = () => Date.now()) {
  if (!(perMinute > 0)) return { take: (/** @type {string} */ _key) => 0 };
  /** @type {Map<string, { tokens: number, at: number }>} */
  const buckets = new Map();
  const ratePerMs = perMinute / 60_000;
  return {
    /**
     * Takes one request from the key's bucket. Returns 0 when allowed, else the seconds to wait.
     * @param {string} key
     */
    take(key) {
      const at = now();
      if (buckets.size > 10_000) {
        for (const [k, b] of buckets) if (b.tokens + (at - b.at) * ratePerMs >= perMinute) buckets.delete(k);
      }
      const bucket = buckets.get(key) ?? { tokens: perMinute, at };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (at - bucket.at) * ratePerMs);
      bucket.at = at;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
    },
  };
}

/** Parses `endpoint=…;accesskey=…` and returns the endpoint (with a trailing slash). @param {string} connectionString */
export function endpointFromConnectionString(connectionString) {
  const match = /(?:^|;)\s*endpoint=([^;]+)/i.exec(connectionString);
  if (!match) throw new Error('ACS_CONNECTION_STRING has no endpoint=… part.');
  return match[1].trim().replace(/\/?$/, '/');
}

/**
 * The token routes: `GET|POST /api/token`, `POST /api/token/teams`, and (emulator only)
 * `GET /emulator/entra-token?name=…`.
 * @param {import('./http.js').Router} router
 * @param {{ tokens: TokenIssuer, faults?: import('./faults.js').Faults, options: import('./app.js').ServerOptions, publicUrl: string, live: boolean, liveRoutes?: { register(router: import('./http.js').Router): void } }} deps
 */
export function registerTokenRoutes(router, { tokens, faults, options, publicUrl, live, liveRoutes }) {
  // Live mode: createTokenHandler (acs-teams-elements/server) serves the token routes (live-tokens.js).
  if (live) {
    if (!liveRoutes) throw new Error('Live mode needs its token routes (createLiveTokenRoutes).');
    liveRoutes.register(router);
    return;
  }
  const limiter = createRateLimiter(options.rateLimitPerMinute ?? 60, tokens.clock.now);

  /**
   * Origin policy, rate limit and faults, in that order. Resolves false when the request was
   * already answered (a fault).
   * @param {import('./http.js').Ctx} ctx
   */
  const admit = async ({ req, res }) => {
    if (!isOriginAllowed(req, options)) {
      throw new HttpError(403, 'Forbidden', 'Cross-origin requests are not allowed from this origin.');
    }
    const wait = limiter.take(req.socket.remoteAddress ?? 'unknown');
    if (wait > 0) throw new HttpError(429, 'TooManyRequests', 'Too many token requests.', { 'retry-after': String(wait) });
    return !(faults && (await faults.apply('token', req, res)));
  };

  /** @param {unknown} displayName */
  const checkDisplayName = (displayName) => {
    if (displayName !== undefined && (typeof displayName !== 'string' || displayName.length > 256)) {
      throw new HttpError(400, 'BadRequest', 'displayName must be a string of at most 256 characters.');
    }
  };

  /** @param {import('./http.js').Ctx} ctx */
  const issueAcs = async (ctx) => {
    if (!(await admit(ctx))) return;
    const { req, res } = ctx;
    if (req.method === 'POST') {
      const body = await ctx.body();
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) throw new HttpError(400, 'BadRequest', 'Expected a JSON object.');
      checkDisplayName(body?.displayName);
    }
    const known = readSession(req, tokens);
    let minted;
    try {
      minted = tokens.mint({ kind: 'acs', userId: known?.startsWith('8:acs:') ? known : undefined });
    } catch {
      minted = tokens.mint({ kind: 'acs' });
    }
    writeSession(req, res, tokens, minted.userId);
    sendJson(res, 200, { ...minted, endpoint: publicUrl, emulator: true });
  };
  router.add('GET', '/api/token', issueAcs);
  router.add('POST', '/api/token', issueAcs);

  router.add('POST', '/api/token/teams', async (ctx) => {
    if (!(await admit(ctx))) return;
    const { res } = ctx;
    const body = await ctx.body();
    const entraToken = body?.entraToken;
    if (typeof entraToken !== 'string' || !entraToken) throw new HttpError(400, 'BadRequest', 'Expected {entraToken}.');
    const user = tokens.verifyEntra(entraToken);
    const minted = tokens.mint({ kind: 'teams', userId: `8:orgid:${user.oid}`, tenantId: user.tenantId });
    sendJson(res, 200, { ...minted, endpoint: publicUrl, emulator: true });
  });

  if (!live) {
    router.add('GET', '/emulator/entra-token', async (ctx) => {
      if (!(await admit(ctx))) return;
      const name = ctx.url.searchParams.get('name') ?? undefined;
      checkDisplayName(name);
      sendJson(ctx.res, 200, tokens.mintEntra({ name }));
    });
  }
}
