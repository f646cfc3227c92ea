// @ts-check
/**
 * The ACS Identity REST API of the emulator, as the real `@azure/communication-identity` client
 * (and any other client that signs its own requests, e.g. a PHP plugin) calls it:
 *
 *   POST   /identities?api-version=…                      201 {identity:{id}, accessToken?:{token, expiresOn}}
 *   POST   /identities/{id}/:issueAccessToken?api-version 200 {token, expiresOn}
 *   POST   /identities/{id}/:revokeAccessTokens?…         204
 *   DELETE /identities/{id}?api-version=…                 204
 *   POST   /teamsUser/:exchangeAccessToken?api-version=…  200 {token, expiresOn}
 *
 * Every request is authenticated with HMAC-SHA256 exactly as Azure does (see `verifyHmac`): a bad
 * or missing signature, a content hash that does not match the body, or a date more than 15
 * minutes off answer 401 `{error:{code:"Denied", message}}`. Tokens are the emulator's own JWTs
 * (tokens.js), so the elements, the chat emulator and the meetings accept them.
 *
 * The access key is never logged; the module logs nothing at all. `stats` records, for each
 * request, whether its signature was verified, so tests of other clients can assert that every
 * identity request they sent was signed correctly.
 */
import crypto from 'node:crypto';
import { HttpError, sendJson } from '../http.js';

/** The api-versions the service accepts; the JS SDK 1.3.x sends 2023-10-01. */
export const IDENTITY_API_VERSIONS = ['2021-03-07', '2022-06-01', '2022-10-01', '2023-10-01'];
/** Scopes ACS accepts (KnownCommunicationIdentityTokenScope). */
export const IDENTITY_SCOPES = ['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join'];
const MAX_SKEW_MS = 15 * 60_000;
const MAX_BODY = 64 * 1024;
const LOG_SIZE = 1000;

/**
 * @typedef {object} IdentityRequestRecord
 * @property {string} method
 * @property {string} path path only (no query: nothing secret, nothing user-typed beyond an id)
 * @property {number} status
 * @property {boolean} verified the HMAC signature, date and content hash were all valid
 */

/**
 * Reads the raw request body (bounded), which the content hash covers byte for byte.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
function readRaw(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let done = false;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY) {
        done = true;
        // Stop reading, but keep the socket so the 413 reaches the client.
        req.pause();
        reject(new HttpError(413, 'PayloadTooLarge', 'Request body too large.'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}

const denied = (/** @type {string} */ message) => new HttpError(401, 'Denied', message);

/** @param {import('node:http').IncomingHttpHeaders} headers @param {string} name */
function header(headers, name) {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks an HMAC-SHA256 signed request as ACS does. Throws HttpError 401 when it is not valid.
 *
 * string-to-sign = VERB + "\n" + pathAndQuery + "\n" + <values of SignedHeaders joined by ";">
 * where SignedHeaders must be `x-ms-date;host;x-ms-content-sha256` (or `date;…`), the content hash
 * is base64(SHA-256(body)), and Signature = base64(HMAC-SHA256(base64decode(accessKey), stringToSign)).
 *
 * @param {{ method: string, pathAndQuery: string, headers: import('node:http').IncomingHttpHeaders, body: Buffer, key: Buffer, now: number }} request
 */
export function verifyHmac({ method, pathAndQuery, headers, body, key, now }) {
  const authorization = header(headers, 'authorization');
  const match = authorization && /^HMAC-SHA256\s+SignedHeaders=([^&\s]+)&Signature=(\S+)$/.exec(authorization.trim());
  if (!match) throw denied('Denied by the resource provider.');
  const signedHeaders = match[1].toLowerCase().split(';');
  const dateHeader = signedHeaders[0];
  if (signedHeaders.length !== 3 || !['x-ms-date', 'date'].includes(dateHeader) || signedHeaders[1] !== 'host' || signedHeaders[2] !== 'x-ms-content-sha256') {
    throw denied('SignedHeaders must be x-ms-date;host;x-ms-content-sha256.');
  }
  const values = signedHeaders.map((name) => header(headers, name));
  if (values.some((v) => v === undefined || v === '')) throw denied('A signed header is missing.');
  const [date, host, contentHash] = /** @type {string[]} */ (values);
  const at = Date.parse(date);
  if (!Number.isFinite(at)) throw denied(`The ${dateHeader} header is not a valid date.`);
  if (Math.abs(now - at) > MAX_SKEW_MS) throw denied(`The ${dateHeader} header is more than 15 minutes away from the server time.`);
  const actualHash = crypto.createHash('sha256').update(body).digest('base64');
  if (contentHash !== actualHash) throw denied("Request 'x-ms-content-sha256' differs from generated content hash.");
  const stringToSign = `${method.toUpperCase()}\n${pathAndQuery}\n${date};${host};${contentHash}`;
  const expected = crypto.createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(match[2], 'base64');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw denied('Denied by the resource provider.');
}

/**
 * The path and query a client signs: the URL's (percent-encoded) path, then `?` and the query
 * re-serialized by URLSearchParams — what @azure/communication-common does on the sending side.
 * @param {URL} url
 */
function signedPathAndQuery(url) {
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/**
 * Creates the emulator's identity service and registers its routes.
 * @param {import('../http.js').Router} router
 * @param {{ tokens: import('../tokens.js').TokenIssuer, publicUrl: string, accessKey?: string, now?: () => number }} deps
 */
export function registerIdentityRoutes(router, { tokens, publicUrl, accessKey, now = Date.now }) {
  const keyText = accessKey ?? crypto.randomBytes(32).toString('base64');
  const key = Buffer.from(keyText, 'base64');
  if (key.length === 0) throw new Error('The identity access key must be base64 (non-empty).');
  /** Identities that exist (created and not deleted), with their last revocation time. */
  const identities = new Map();
  const stats = {
    verified: 0,
    rejected: 0,
    /** @type {IdentityRequestRecord[]} the last 1000 identity requests */
    requests: [],
  };
  /** @param {IdentityRequestRecord} record */
  const record = (record) => {
    if (record.verified) stats.verified += 1;
    else stats.rejected += 1;
    stats.requests.push(record);
    if (stats.requests.length > LOG_SIZE) stats.requests.splice(0, stats.requests.length - LOG_SIZE);
  };

  /**
   * Wraps an identity operation: reads and authenticates the request, checks the api-version,
   * parses the JSON body, answers errors as `{error:{code,message}}`, and records the outcome.
   * @param {(ctx: import('../http.js').Ctx, body: any) => { status: number, body?: unknown }} operation
   * @returns {import('../http.js').Handler}
   */
  const signed = (operation) => async (ctx) => {
    const { req, res, url } = ctx;
    let verified = false;
    let status = 500;
    try {
      const raw = await readRaw(req);
      verifyHmac({ method: req.method ?? 'GET', pathAndQuery: signedPathAndQuery(url), headers: req.headers, body: raw, key, now: now() });
      verified = true;
      const version = url.searchParams.get('api-version');
      if (!version) throw new HttpError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
      if (!IDENTITY_API_VERSIONS.includes(version)) {
        throw new HttpError(400, 'UnsupportedApiVersion', `The HTTP resource that matches the request URI does not support the API version '${version.slice(0, 20)}'.`);
      }
      let body;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new HttpError(400, 'BadRequest', 'The request body is not valid JSON.');
        }
      }
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        throw new HttpError(400, 'BadRequest', 'The request body must be a JSON object.');
      }
      const result = operation(ctx, body);
      status = result.status;
      sendJson(res, result.status, result.body);
    } catch (error) {
      const e = error instanceof HttpError ? error : new HttpError(500, 'InternalError', 'Internal server error.');
      status = e.status;
      sendJson(res, e.status, { error: { code: e.code, message: e.message } }, e.headers);
    } finally {
      record({ method: req.method ?? '', path: url.pathname, status, verified });
    }
  };

  /** @param {unknown} value @param {boolean} required */
  const scopesOf = (value, required) => {
    if (value === undefined && !required) return undefined;
    if (!Array.isArray(value) || value.length === 0 || value.length > IDENTITY_SCOPES.length || !value.every((s) => IDENTITY_SCOPES.includes(s))) {
      throw new HttpError(400, 'ValidationError', `scopes must be a non-empty array of ${IDENTITY_SCOPES.join(', ')}.`);
    }
    return /** @type {string[]} */ ([...new Set(value)]);
  };
  /** @param {unknown} value */
  const minutesOf = (value) => {
    if (value === undefined || value === null) return 1440;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 60 || value > 1440) {
      throw new HttpError(400, 'ValidationError', 'expiresInMinutes must be an integer within [60, 1440].');
    }
    return value;
  };
  /** @param {string} id */
  const existing = (id) => {
    if (!identities.has(id)) throw new HttpError(404, 'IdentityNotFound', 'The identity does not exist.');
    return id;
  };
  /** @param {{ token: string, expiresOn: string }} minted */
  const accessToken = (minted) => ({ token: minted.token, expiresOn: minted.expiresOn });

  router.add('POST', '/identities', signed((_ctx, body) => {
    const scopes = scopesOf(body?.createTokenWithScopes, false);
    const minutes = minutesOf(body?.expiresInMinutes);
    const id = `8:acs:${tokens.resourceId}_${crypto.randomUUID()}`;
    identities.set(id, { revokedAt: 0 });
    if (!scopes) return { status: 201, body: { identity: { id } } };
    const minted = tokens.mint({ userId: id, ttlSeconds: minutes * 60, scopes });
    return { status: 201, body: { identity: { id }, accessToken: accessToken(minted) } };
  }));

  router.add('POST', '/identities/{id}/:issueAccessToken', signed((ctx, body) => {
    const id = existing(ctx.params.id);
    const scopes = /** @type {string[]} */ (scopesOf(body?.scopes, true));
    const minutes = minutesOf(body?.expiresInMinutes);
    return { status: 200, body: accessToken(tokens.mint({ userId: id, ttlSeconds: minutes * 60, scopes })) };
  }));

  router.add('POST', '/identities/{id}/:revokeAccessTokens', signed((ctx) => {
    existing(ctx.params.id);
    identities.set(ctx.params.id, { revokedAt: now() });
    return { status: 204 };
  }));

  router.add('DELETE', '/identities/{id}', signed((ctx) => {
    existing(ctx.params.id);
    identities.delete(ctx.params.id);
    return { status: 204 };
  }));

  router.add('POST', '/teamsUser/:exchangeAccessToken', signed((_ctx, body) => {
    const { token, appId, userId } = body ?? {};
    if (typeof token !== 'string' || !token || typeof appId !== 'string' || !appId || typeof userId !== 'string' || !userId) {
      throw new HttpError(400, 'ValidationError', 'token, appId and userId are required.');
    }
    let user;
    try {
      user = tokens.verifyEntra(token);
    } catch {
      throw new HttpError(401, 'InvalidAccessToken', 'The Microsoft Entra access token is not valid.');
    }
    if (user.oid !== userId) throw new HttpError(400, 'ValidationError', 'userId does not match the oid claim of the token.');
    return { status: 200, body: accessToken(tokens.mint({ kind: 'teams', userId: `8:orgid:${user.oid}`, tenantId: user.tenantId })) };
  }));

  /** What tests and other clients' tests read: how many identity requests were HMAC-verified. */
  router.add('GET', '/emulator/identity/requests', (ctx) => {
    sendJson(ctx.res, 200, { verified: stats.verified, rejected: stats.rejected, requests: stats.requests });
  });

  const endpoint = publicUrl.replace(/\/?$/, '/');
  return {
    /** `endpoint=<emulator url>;accesskey=<key>`: what a site puts in ACS_CONNECTION_STRING. */
    connectionString: `endpoint=${endpoint};accesskey=${keyText}`,
    endpoint,
    accessKey: keyText,
    stats,
    /** True while the identity exists (created, not deleted). @param {string} id */
    exists: (id) => identities.has(id),
  };
}

/** @typedef {ReturnType<typeof registerIdentityRoutes>} IdentityService */
