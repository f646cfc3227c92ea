// @ts-check
/**
 * Cross-origin policy of the server, by path:
 * - `/chat/…` (the Chat REST emulator): any origin, like the real ACS endpoint — requests carry a
 *   bearer token, never cookies. Preflights allow the headers and methods the chat SDK sends.
 * - `/api/token…` and `/emulator/…` (token endpoint, control API): same-origin callers and the
 *   origins in `allowedOrigins` only. A browser on any other site gets 403, so a page the developer
 *   happens to visit cannot mint tokens or drive the emulator through their browser.
 * Requests without an `Origin` header (curl, Node, same-origin GETs) are not cross-origin.
 */

import net from 'node:net';

/** Host names a loopback server answers to, whatever HOST says. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The DNS-rebinding guard: a page on evil.example whose name the attacker re-points at 127.0.0.1
 * is same-origin with itself, so its requests pass any Origin check; only its `Host` header gives
 * it away. Accepted: the loopback names, the `host` the server listens on, `allowedHosts`, and IP
 * literals (rebinding needs a name). A request without a Host (HTTP/1.0) is not from a browser.
 * @param {{ host?: string, allowedHosts?: string[] }} options
 * @returns {(req: import('node:http').IncomingMessage) => boolean}
 */
export function createHostCheck(options) {
  const names = new Set(LOOPBACK_NAMES);
  const listen = options.host?.toLowerCase();
  if (listen && listen !== '0.0.0.0' && listen !== '::') names.add(net.isIPv6(listen) ? `[${listen}]` : listen);
  for (const name of options.allowedHosts ?? []) names.add(name.trim().toLowerCase());
  return (req) => {
    const header = req.headers.host;
    if (header === undefined) return true;
    const name = hostName(header.toLowerCase());
    if (name === undefined) return false;
    return names.has(name) || net.isIPv4(name) || (name.startsWith('[') && net.isIPv6(name.slice(1, -1)));
  };
}

/**
 * The name part of a Host header (`[v6]` keeps its brackets), or undefined when it is malformed.
 * @param {string} header
 */
function hostName(header) {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(header);
  return m ? m[1] : undefined;
}

const CHAT_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'x-ms-client-request-id',
  'x-ms-useragent',
  'repeatability-request-id',
  'repeatability-first-sent',
  'traceparent',
].join(', ');
const CHAT_ALLOW_METHODS = 'GET, POST, PATCH, PUT, DELETE, OPTIONS';
const EXPOSE_HEADERS = 'retry-after, location, x-ms-client-request-id, x-ms-request-id, content-type';

/**
 * The origin a request's page would have when it is same-origin with this server.
 * @param {import('node:http').IncomingMessage} req
 */
function ownOrigin(req) {
  const scheme = /** @type {any} */ (req.socket).encrypted ? 'https' : 'http';
  return `${scheme}://${req.headers.host ?? ''}`;
}

/**
 * True when the request may use the token endpoint / control API: no Origin, same origin, or an
 * origin listed in `allowedOrigins`.
 * @param {import('node:http').IncomingMessage} req
 * @param {{ allowedOrigins?: string[] }} options
 */
export function isOriginAllowed(req, options) {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (origin === ownOrigin(req)) return true;
  return (options.allowedOrigins ?? []).some((allowed) => allowed.replace(/\/$/, '') === origin);
}

/**
 * Applies the CORS policy. Answers preflights and refused cross-origin calls itself (returns true);
 * otherwise decorates the response headers and returns false so routing continues.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {{ allowedOrigins?: string[] }} options
 * @returns {boolean}
 */
export function applyCors(req, res, url, options) {
  const origin = req.headers.origin;
  if (!origin) return false;
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  const path = url.pathname;

  if (path.startsWith('/chat/')) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
    if (!preflight) return false;
    res.writeHead(204, {
      'access-control-allow-methods': CHAT_ALLOW_METHODS,
      'access-control-allow-headers': CHAT_ALLOW_HEADERS,
      'access-control-max-age': '600',
    });
    res.end();
    return true;
  }

  if (path.startsWith('/api/') || path.startsWith('/emulator/')) {
    if (!isOriginAllowed(req, options)) {
      res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', vary: 'Origin' });
      res.end(JSON.stringify({ error: { code: 'Forbidden', message: 'Cross-origin requests are not allowed from this origin.' } }));
      return true;
    }
    if (origin !== ownOrigin(req)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'Origin');
      res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
    }
    if (!preflight) return false;
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-max-age': '600',
    });
    res.end();
    return true;
  }
  return false;
}
