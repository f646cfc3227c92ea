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
      for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
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
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'PayloadTooLarge', 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
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
