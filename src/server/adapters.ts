/**
 * Adapters from a web-standard `TokenHandler` to the server frameworks that do not speak
 * `Request`/`Response` themselves. Structural types only: no framework is imported, so none needs
 * to be installed. (Next.js route handlers, Deno and Bun take the handler as it is.)
 */
import type { TokenHandler } from './token-handler.js';

const MAX_BODY_BYTES = 64 * 1024;

/** The parts of node:http's IncomingMessage (and Express's / Connect's request) the adapter reads. */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  /** Express: the URL before mounting stripped its prefix. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string; encrypted?: boolean } | null;
  /** Express: the client address and scheme after its `trust proxy` setting. */
  ip?: string;
  protocol?: string;
  /** Set when a body parser already read the stream (express.json(), body-parser). */
  body?: unknown;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  pause?(): unknown;
}

/** The parts of node:http's ServerResponse the adapter writes. */
export interface NodeResponseLike {
  headersSent?: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string | Uint8Array): unknown;
}

class BodyTooLarge extends Error {}

function readBody(req: NodeRequestLike): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        req.pause?.();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const out = new Uint8Array(size);
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.length;
      }
      resolve(out);
    });
    req.on('error', (error) => {
      if (!done) {
        done = true;
        reject(error instanceof Error ? error : new Error('request stream error'));
      }
    });
  });
}

const decoder = new TextDecoder();

/** A body parsed by a framework, back to text (token requests are small JSON). */
function parsedBody(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  if (body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return '';
  return JSON.stringify(body);
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || name.startsWith(':')) continue;
    try {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else headers.set(name, value);
    } catch {
      // A header value fetch's Headers refuses: leave it out, as a proxy would.
    }
  }
  return headers;
}

function plainHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

const FAILED = JSON.stringify({ error: { code: 'InternalError', message: 'Internal server error.' } });

/**
 * For node:http, Express and Connect: `app.get('/api/token', toNodeHandler(handler))`,
 * `http.createServer(toNodeHandler(handler))`. The client address is Express's `req.ip` (which
 * follows its `trust proxy` setting) or the socket's; a body already parsed by express.json() is
 * used as is. Never throws; always answers.
 */
export function toNodeHandler(handler: TokenHandler) {
  return (req: NodeRequestLike, res: NodeResponseLike, _next?: unknown): Promise<void> =>
    (async () => {
      const method = (req.method ?? 'GET').toUpperCase();
      const scheme = req.protocol === 'https' || req.socket?.encrypted ? 'https' : 'http';
      const host = typeof req.headers.host === 'string' && req.headers.host ? req.headers.host : 'localhost';
      let url: URL;
      try {
        url = new URL(req.originalUrl ?? req.url ?? '/', `${scheme}://${host}`);
      } catch {
        url = new URL(`${scheme}://localhost/`);
      }
      let body: string | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        try {
          body = req.body !== undefined ? parsedBody(req.body) : decoder.decode(await readBody(req));
        } catch (error) {
          if (!res.headersSent) {
            const status = error instanceof BodyTooLarge ? 413 : 400;
            res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
            res.end(JSON.stringify({ error: { code: status === 413 ? 'PayloadTooLarge' : 'BadRequest', message: status === 413 ? 'Request body too large.' : 'The request body could not be read.' } }));
          }
          return;
        }
      }
      const request = new Request(url, { method, headers: toHeaders(req.headers), body: body || undefined });
      const clientAddress = req.ip ?? req.socket?.remoteAddress;
      const response = await handler(request, clientAddress ? { clientAddress } : {});
      const text = response.status === 204 ? '' : await response.text();
      if (res.headersSent) return;
      res.writeHead(response.status, plainHeaders(response.headers));
      res.end(text);
    })().catch(() => {
      if (res.headersSent) return;
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(FAILED);
    });
}

/** The parts of @azure/functions v4's HttpRequest the adapter reads. */
export interface AzureFunctionsRequestLike {
  method: string;
  url: string;
  headers: Headers;
  text(): Promise<string>;
}

/** What an Azure Functions v4 HTTP handler returns (`HttpResponseInit`). */
export interface AzureFunctionsResponseInit {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/**
 * For Azure Functions v4: `app.http('token', { methods: ['GET', 'POST', 'OPTIONS'],
 * authLevel: 'anonymous', handler: toAzureFunctionsHandler(handler) })`. Azure Functions gives no
 * socket address: pass `clientAddress` to createTokenHandler if you rate-limit by address.
 */
export function toAzureFunctionsHandler(handler: TokenHandler) {
  return async (request: AzureFunctionsRequestLike, _context?: unknown): Promise<AzureFunctionsResponseInit> => {
    try {
      const method = request.method.toUpperCase();
      const text = method === 'GET' || method === 'HEAD' ? '' : await request.text();
      const response = await handler(new Request(request.url, { method, headers: request.headers, body: text || undefined }));
      const body = response.status === 204 ? undefined : await response.text();
      return { status: response.status, headers: plainHeaders(response.headers), ...(body !== undefined ? { body } : {}) };
    } catch {
      return { status: 500, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: FAILED };
    }
  };
}

/** The parts of Fastify's request and reply the adapter uses. */
export interface FastifyRequestLike {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  ip?: string;
  protocol?: string;
  host?: string;
  hostname?: string;
}
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload?: string): FastifyReplyLike;
}

/**
 * For Fastify: `fastify.route({ method: ['GET', 'POST', 'OPTIONS'], url: '/api/token',
 * handler: toFastifyHandler(handler) })`. Uses Fastify's parsed body and `request.ip`.
 */
export function toFastifyHandler(handler: TokenHandler) {
  return async (request: FastifyRequestLike, reply: FastifyReplyLike): Promise<FastifyReplyLike> => {
    try {
      const method = request.method.toUpperCase();
      const host = request.host ?? request.hostname ?? (typeof request.headers.host === 'string' ? request.headers.host : 'localhost');
      const url = new URL(request.url, `${request.protocol === 'https' ? 'https' : 'http'}://${host}`);
      const body = method === 'GET' || method === 'HEAD' || request.body === undefined ? undefined : parsedBody(request.body);
      const response = await handler(new Request(url, { method, headers: toHeaders(request.headers), body: body || undefined }), request.ip ? { clientAddress: request.ip } : {});
      const text = response.status === 204 ? undefined : await response.text();
      return reply.code(response.status).headers(plainHeaders(response.headers)).send(text);
    } catch {
      return reply.code(500).headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).send(FAILED);
    }
  };
}
