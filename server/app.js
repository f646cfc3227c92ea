// @ts-check
/**
 * The development server behind `npm start`: the demo pages, the token endpoint, the ACS Chat REST
 * emulator and the simulated Teams meetings, in one Node process. In live mode
 * (`ACS_CONNECTION_STRING` set) the emulator is off and tokens come from the real identity service.
 *
 * Module ownership (each exports what this file wires together):
 * - tokens.js   token minting/verification and the /api/token routes
 * - chat/       the Chat REST emulator (store + routes)
 * - faults.js   fault injection (/emulator/faults)
 * - meetings/   simulated Teams meetings: control API, WebSocket, chat access rules
 * - static.js   demo/ and dist/ files
 */
import http from 'node:http';
import https from 'node:https';
import { Router, HttpError, parseTarget, refuseUpgrade, sendError, sendJson } from './http.js';
import { createTokenIssuer, registerTokenRoutes } from './tokens.js';
import { ChatStore } from './chat/store.js';
import { registerChatRoutes } from './chat/routes.js';
import { Faults, registerFaultRoutes } from './faults.js';
import { createMeetings } from './meetings/index.js';
import { createCalls } from './calls/index.js';
import { serveStatic } from './static.js';
import { applyCors, createHostCheck, isOriginAllowed } from './cors.js';
import { checkConnectionString } from './connection-string.js';
import { registerIdentityRoutes } from './identity/index.js';
import { createLiveTokenRoutes } from './live-tokens.js';
import { registerEmbedRoute } from './embed.js';

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] 0 for any free port
 * @property {string} [host]
 * @property {{ key: string | Buffer, cert: string | Buffer }} [tls] serve https instead of http
 * @property {number} [tokenTtlSeconds]
 * @property {string[]} [allowedOrigins] origins allowed to call the token endpoint cross-origin
 * @property {string[]} [embedOrigins] origins whose pages may frame GET /embed, get its events and command it
 * @property {string[]} [allowedHosts] host names (besides loopback and `host`) the server answers to
 * @property {string} [acsConnectionString] live mode: real ACS, emulator off
 * @property {string} [aadClientId]
 * @property {number} [rateLimitPerMinute] token requests per IP and minute
 * @property {boolean} [quiet]
 * @property {import('./clock.js').Clock} [clock] the time tokens are minted, verified and expire by (tests inject a fake one)
 * @property {string} [identityAccessKey] emulator: the base64 access key of its Identity REST API (random by default)
 * @property {() => number} [identityNow] emulator: the Identity API's clock (ms), for tests of the date check
 * @property {import('./live-tokens.js').TokenAuthorizeRule} [tokenAuthorize] live mode: who may get a token (required on a non-loopback host)
 */

/**
 * Starts the server. Resolves once it listens.
 * @param {ServerOptions} [options]
 */
export async function startServer(options = {}) {
  const live = Boolean(options.acsConnectionString);
  // Before anything listens, and with a message that quotes nothing of the string.
  if (options.acsConnectionString) checkConnectionString(options.acsConnectionString);
  const hostAllowed = createHostCheck(options);
  const router = new Router();
  const faults = new Faults();
  const tokens = createTokenIssuer({ ttlSeconds: options.tokenTtlSeconds ?? 3600, clock: options.clock });
  const chat = new ChatStore();
  // Live mode: checks the connection string and the authorization rule before listening.
  const liveRoutes = live ? await createLiveTokenRoutes(options, tokens) : undefined;

  /** @type {http.Server} */
  const server = options.tls ? https.createServer(options.tls) : http.createServer();
  const scheme = options.tls ? 'https' : 'http';
  const host = options.host ?? '127.0.0.1';
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8080);
  const url = `${scheme}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`;

  const meetings = live ? undefined : createMeetings({ chat, tokens, faults, publicUrl: url, clock: tokens.clock });
  const calls = live ? undefined : createCalls({ tokens, faults, publicUrl: url, quiet: options.quiet });
  registerTokenRoutes(router, { tokens, faults, options, publicUrl: url, live, liveRoutes });
  registerEmbedRoute(router, options);
  if (!live) {
    registerChatRoutes(router, { chat, tokens, faults, publicUrl: url, canChat: meetings?.canChat });
    registerFaultRoutes(router, faults);
    meetings?.registerRoutes(router);
    calls?.registerRoutes(router);
  }
  const identity = live ? undefined : registerIdentityRoutes(router, { tokens, publicUrl: url, accessKey: options.identityAccessKey, now: options.identityNow ?? tokens.clock.now });

  server.on('request', async (req, res) => {
    try {
      const requestUrl = parseTarget(req, url);
      if (!requestUrl) throw new HttpError(400, 'BadRequest', 'The request target is not a valid URL.');
      if (!hostAllowed(req)) throw new HttpError(421, 'MisdirectedRequest', 'This server does not answer to that host name.');
      if (applyCors(req, res, requestUrl, options)) return;
      const found = router.match(req.method ?? 'GET', requestUrl.pathname);
      if (found === 'method-not-allowed') throw new HttpError(405, 'MethodNotAllowed', 'Method not allowed.');
      if (found) {
        /** @type {Promise<any> | undefined} */
        let bodyPromise;
        await found.handler({
          req,
          res,
          url: requestUrl,
          params: found.params,
          body: () => (bodyPromise ??= import('./http.js').then((m) => m.readJson(req))),
        });
        return;
      }
      if (await serveStatic(req, res, requestUrl)) return;
      sendJson(res, 404, { error: { code: 'NotFound', message: 'Not found.' } });
    } catch (error) {
      if (error instanceof HttpError) sendError(res, error);
      else {
        // The error's name only: a message can quote request data or configuration.
        if (!options.quiet) console.error(`[server] unexpected error (${error instanceof Error ? error.name : typeof error})`);
        sendJson(res, 500, { error: { code: 'InternalError', message: 'Internal server error.' } });
      }
    }
  });
  // The sockets get the same checks as HTTP: a valid target, a known host name, the origin policy.
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    try {
      if (!parseTarget(req, url)) return refuseUpgrade(socket, 400, 'Bad Request');
      if (!hostAllowed(req)) return refuseUpgrade(socket, 421, 'Misdirected Request');
      if (!isOriginAllowed(req, options)) return refuseUpgrade(socket, 403, 'Forbidden');
      if (!meetings?.handleUpgrade(req, socket, head) && !calls?.handleUpgrade(req, socket, head)) refuseUpgrade(socket, 404, 'Not Found');
    } catch {
      refuseUpgrade(socket, 400, 'Bad Request');
    }
  });

  return {
    url,
    port,
    live,
    chat,
    tokens,
    faults,
    meetings,
    calls,
    /** Emulator: its ACS Identity REST API, with `connectionString` (`endpoint=…;accesskey=…`) and request `stats`. */
    identity,
    /** Stops listening and closes every open connection. */
    async close() {
      meetings?.close();
      calls?.close();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
