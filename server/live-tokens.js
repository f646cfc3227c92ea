// @ts-check
/**
 * Live mode's token routes (`ACS_CONNECTION_STRING` set): `/api/token` and `/api/token/teams` are
 * served by `createTokenHandler` from `acs-teams-elements/server` — the same handler a site runs
 * in production — with an authorization rule:
 *
 * - `anyone`: every caller gets a token; a browser keeps its ACS identity across refreshes through
 *   a sealed session cookie. The default on a loopback HOST only.
 * - `{ bearer: secret }` (TOKEN_AUTHORIZE=bearer + TOKEN_BEARER_SECRET): only requests with
 *   `Authorization: Bearer <secret>` (e.g. a CMS backend fetching tokens for its signed-in users).
 * - a function `(request) => false | true | {userKey}` (programmatic use of startServer).
 *
 * On a HOST other machines can reach, the server refuses to start without a rule: handing real ACS
 * tokens to anyone who asks is a decision, not a default.
 */
import crypto from 'node:crypto';
import { readSession, writeSession } from './session-cookie.js';
import { loadTokenHandler } from './token-handler.js';

/** Internal header carrying the caller's verified session id from the route to `authorize`. */
const SESSION_HEADER = 'x-acs-teams-elements-session';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * @typedef {'anyone' | { bearer: string } | ((request: Request) => boolean | { userKey: string } | Promise<boolean | { userKey: string }>)} TokenAuthorizeRule
 */

/** @param {string} host */
export function isLoopbackHost(host) {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The rule in force, or a thrown Error (before the server listens) when none may be assumed.
 * @param {{ host?: string, tokenAuthorize?: TokenAuthorizeRule }} options
 * @returns {TokenAuthorizeRule}
 */
export function resolveAuthorizeRule(options) {
  const host = options.host ?? '127.0.0.1';
  const rule = options.tokenAuthorize;
  if (rule === undefined) {
    if (isLoopbackHost(host)) return 'anyone';
    throw new Error(
      `Refusing to start: HOST=${host} can be reached from other machines, and live mode hands out real ACS tokens. ` +
        'Decide who may get one: TOKEN_AUTHORIZE=bearer with TOKEN_BEARER_SECRET=<at least 16 characters>, or TOKEN_AUTHORIZE=anyone.',
    );
  }
  if (rule === 'anyone' || typeof rule === 'function') return rule;
  if (rule && typeof rule === 'object' && typeof rule.bearer === 'string' && rule.bearer.length >= 16) return rule;
  throw new Error('The token authorization rule must be "anyone", a bearer secret of at least 16 characters, or a function.');
}

/**
 * Builds live mode's token routes. Async (loads the handler module) and throws before the server
 * listens: a malformed connection string or a missing rule stops the start with a fixed message
 * that never quotes the connection string.
 * @param {import('./app.js').ServerOptions} options
 * @param {import('./session-cookie.js').Sealer} sealer
 */
export async function createLiveTokenRoutes(options, sealer) {
  const rule = resolveAuthorizeRule(options);
  const { createTokenHandler, toNodeHandler } = await loadTokenHandler();
  const session = (/** @type {Request} */ request) => request.headers.get(SESSION_HEADER) ?? undefined;
  /** @type {(request: Request) => unknown} */
  let authorize;
  if (rule === 'anyone') {
    authorize = (request) => {
      const key = session(request);
      return key ? { userKey: key } : true;
    };
  } else if (typeof rule === 'function') {
    authorize = rule;
  } else {
    const expected = crypto.createHash('sha256').update(`Bearer ${rule.bearer}`).digest();
    authorize = (request) => {
      const given = crypto.createHash('sha256').update(request.headers.get('authorization') ?? '').digest();
      if (!crypto.timingSafeEqual(given, expected)) return false;
      const key = session(request);
      return key ? { userKey: key } : true;
    };
  }
  const perMinute = options.rateLimitPerMinute ?? 60;
  const handler = createTokenHandler({
    connectionString: options.acsConnectionString,
    authorize,
    allowedOrigins: options.allowedOrigins ?? [],
    rateLimit: perMinute > 0 ? { perMinute } : false,
    ...(options.aadClientId ? { teams: { clientId: options.aadClientId } } : {}),
    log: options.quiet ? () => {} : (/** @type {string} */ line) => console.error(line),
  });
  const nodeHandler = toNodeHandler(handler);

  /**
   * Gives the browser a sealed session id (so a refresh keeps its ACS identity), passes it to
   * authorize, then lets the handler answer.
   * @param {import('./http.js').Ctx} ctx
   */
  const serve = async ({ req, res }) => {
    delete req.headers[SESSION_HEADER]; // only the server sets it
    let id = readSession(req, sealer);
    if (!id || !/^[0-9a-f-]{36}$/.test(id)) {
      id = crypto.randomUUID();
      writeSession(req, res, sealer, id);
    }
    req.headers[SESSION_HEADER] = id;
    await nodeHandler(req, res);
  };

  return {
    /** @param {import('./http.js').Router} router */
    register(router) {
      router.add('GET', '/api/token', serve);
      router.add('POST', '/api/token', serve);
      router.add('POST', '/api/token/teams', async (ctx) => {
        if (!options.aadClientId) {
          const { HttpError } = await import('./http.js');
          throw new HttpError(501, 'NotImplemented', 'Teams user tokens need AAD_CLIENT_ID (the Entra app id) on the server.');
        }
        await serve(ctx);
      });
    },
  };
}
