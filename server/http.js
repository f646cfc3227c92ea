// @ts-check
/** Small HTTP helpers shared by the server's route modules (no framework: node:http only). */

/**
 * @typedef {import('node:http').IncomingMessage} Req
 * @typedef {import('node:http').ServerResponse} Res
 * @typedef {{ req: Req, res: Res, url: URL, params: Record<string, string>, body: () => Promise<any> }} Ctx
 * @typedef {(ctx: Ctx) => (void | Promise<void>)} Handler
 */

/** A route table. Paths use `{name}` for parameters; everything else is literal (`/participants/:add`). */
export class Router {
  /** @type {{ method: string, regex: RegExp, handler: Handler }[]} */
  #routes = [];

  /**
   * @param {string} method
   * @param {string} path
   * @param {Handler} handler
   */
  add(method, path, handler) {
    const source = path
      .split(/(\{[a-zA-Z]+\})/)
      .map((part) => {
        const m = /^\{([a-zA-Z]+)\}$/.exec(part);
        return m ? `(?<${m[1]}>[^/]+)` : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      })
      .join('');
    this.#routes.push({ method, regex: new RegExp(`^${source}/?$`), handler });
    return this;
  }

  /**
   * Finds the handler for a request. Returns 'method-not-allowed' when only the method differs.
   * @param {string} method
   * @param {string} pathname
   * @returns {{ handler: Handler, params: Record<string, string> } | 'method-not-allowed' | undefined}
   */
  match(method, pathname) {
    let pathMatched = false;
    for (const route of this.#routes) {
      const m = route.regex.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      /** @type {Record<string, string>} */
      const params = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) {
        try {
          params[k] = decodeURIComponent(v);
        } catch {
          throw new HttpError(400, 'BadRequest', 'The request path is not valid percent-encoding.');
        }
      }
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

/**
 * @param {Res} res
 * @param {number} status
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  if (res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Reads a JSON body (at most `limit` bytes). Resolves undefined for an empty body.
 * @param {Req} req
 * @param {number} [limit]
 * @returns {Promise<any>}
 */
export function readJson(req, limit = 1_000_000) {
  return new Promise((resolve, reject) => {
    // Too large: answer 413 and close after the answer; the rest of the body is read and dropped
    // meanwhile, so the client sees the answer rather than a reset.
    const tooLarge = () => new HttpError(413, 'PayloadTooLarge', 'Request body too large.', { connection: 'close' });
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.on('data', () => undefined);
      req.on('error', () => undefined);
      reject(tooLarge());
      return;
    }
    /** @type {Buffer[]} */
    let chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        chunks = [];
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'BadRequest', 'The request body is not valid JSON.'));
      }
    });
    req.on('error', reject);
  });
}

/** An error that becomes an ACS-shaped `{error: {code, message}}` response. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {Record<string, string>} [headers]
   */
  constructor(status, code, message, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/**
 * @param {Res} res
 * @param {HttpError} error
 */
export function sendError(res, error) {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

/**
 * The request's target as a URL on `base`, or undefined when it cannot be parsed (an absolute
 * target with an invalid port, say). Leading slashes of the path are collapsed: the chat SDK's
 * realtime config call concatenates endpoint + '/chat/…' into '//chat/…', and `/.//host/…` must
 * never become a path that a redirect could turn into `//host/…`.
 * @param {Req} req
 * @param {string} base
 * @returns {URL | undefined}
 */
export function parseTarget(req, base) {
  try {
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), base);
    if (url.pathname.startsWith('//')) url.pathname = url.pathname.replace(/^\/+/, '/');
    return url;
  } catch {
    return undefined;
  }
}

/**
 * Refuses an HTTP upgrade with a status (the socket is then closed).
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 * @param {string} reason
 */
export function refuseUpgrade(socket, status, reason) {
  socket.on('error', () => undefined);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

// ---- body validators shared by the route modules (each throws HttpError 400) ----

/** Bounds of a metadata map (chat threads, messages, participants): flat, short strings. */
export const METADATA_LIMITS = Object.freeze({ entries: 32, keyLength: 256, valueLength: 4096 });

/**
 * A flat map of short strings (`metadata`), or undefined when absent. With `allowNull` (a
 * merge-patch) a value may be null, which deletes the key.
 * @param {unknown} value
 * @param {string} name
 * @param {{ allowNull?: boolean }} [options]
 * @returns {Record<string, string | null> | undefined}
 */
export function stringMap(value, name, options = {}) {
  if (value === undefined) return undefined;
  const fail = () =>
    new HttpError(
      400,
      'BadRequest',
      `${name} must be an object of at most ${METADATA_LIMITS.entries} string values (keys up to ${METADATA_LIMITS.keyLength} characters, values up to ${METADATA_LIMITS.valueLength}).`,
    );
  if (!isPlainObject(value)) throw fail();
  const entries = Object.entries(value);
  if (entries.length > METADATA_LIMITS.entries) throw fail();
  for (const [key, v] of entries) {
    if (!key || key.length > METADATA_LIMITS.keyLength) throw fail();
    if (v === null && options.allowNull) continue;
    if (typeof v !== 'string' || v.length > METADATA_LIMITS.valueLength) throw fail();
  }
  return /** @type {Record<string, string | null>} */ ({ ...value });
}

/**
 * @typedef {{ kind: 'none' } | { kind: 'threadCreationDate', deleteThreadAfterDays: number }} RetentionPolicy
 */

/**
 * A chat thread's retention policy, in one of the two shapes ACS knows, or undefined when absent
 * (null too, with `allowNull`: it removes the policy).
 * @param {unknown} value
 * @param {{ allowNull?: boolean }} [options]
 * @returns {RetentionPolicy | null | undefined}
 */
export function retentionPolicy(value, options = {}) {
  if (value === undefined) return undefined;
  if (value === null && options.allowNull) return null;
  const fail = () => new HttpError(400, 'BadRequest', "retentionPolicy is {kind: 'none'} or {kind: 'threadCreationDate', deleteThreadAfterDays: 1..90}.");
  if (!isPlainObject(value)) throw fail();
  const v = /** @type {Record<string, unknown>} */ (value);
  const keys = Object.keys(v);
  if (v.kind === 'none' && keys.length === 1) return { kind: 'none' };
  const days = v.deleteThreadAfterDays;
  if (v.kind === 'threadCreationDate' && keys.length === 2 && Number.isInteger(days) && /** @type {number} */ (days) >= 1 && /** @type {number} */ (days) <= 90) {
    return { kind: 'threadCreationDate', deleteThreadAfterDays: /** @type {number} */ (days) };
  }
  throw fail();
}

/**
 * The request body as a JSON object (`{}` when empty); 400 for anything else.
 * @param {Ctx} ctx
 * @returns {Promise<Record<string, any>>}
 */
export async function objectBody(ctx) {
  const body = await ctx.body();
  if (body === undefined) return {};
  if (!isPlainObject(body)) throw new HttpError(400, 'BadRequest', 'Expected a JSON object.');
  return body;
}

/**
 * An optional boolean field.
 * @param {Record<string, any>} body
 * @param {string} name
 * @returns {boolean | undefined}
 */
export function optBool(body, name) {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new HttpError(400, 'BadRequest', `${name} must be a boolean.`);
  return value;
}

/**
 * An optional string field of at most `max` characters.
 * @param {Record<string, any>} body
 * @param {string} name
 * @param {number} max
 * @returns {string | undefined}
 */
export function optString(body, name, max) {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > max) throw new HttpError(400, 'BadRequest', `${name} must be a string of at most ${max} characters.`);
  return value;
}

/**
 * An optional number of seconds, 0 to 86400.
 * @param {Record<string, any>} body
 * @param {string} name
 * @returns {number | undefined}
 */
export function optSeconds(body, name) {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 86_400) {
    throw new HttpError(400, 'BadRequest', `${name} must be a number of seconds (0 to 86400).`);
  }
  return value;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One of a fixed set of strings, or undefined when absent (400 otherwise).
 * @template {string} C
 * @param {Record<string, any>} body
 * @param {string} name
 * @param {readonly C[]} choices
 * @returns {C | undefined}
 */
export function optChoice(body, name, choices) {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!choices.includes(value)) throw new HttpError(400, 'BadRequest', `${name} must be one of: ${choices.join(', ')}.`);
  return value;
}
