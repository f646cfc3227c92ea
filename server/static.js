// @ts-check
/**
 * Static files: demo/ at `/` and dist/ at `/dist/`. HTML pages get a strict Content-Security-Policy
 * (no inline or eval'd script; `'wasm-unsafe-eval'` and blob: workers for the calling SDK), so the
 * demo proves the elements work under the CSP a careful host page would use.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const MOUNTS = /** @type {const} */ ([
  ['/dist/', path.join(PACKAGE_ROOT, 'dist')],
  ['/', path.join(PACKAGE_ROOT, 'demo')],
]);

const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
});

/** Hosts the calling and chat SDKs reach in live mode (see ACS-FACTS "Security notes"). */
const MICROSOFT_HOSTS = [
  'https://*.communication.azure.com',
  'https://*.communication.microsoft.com',
  'wss://*.communication.microsoft.com',
  'https://*.skype.com',
  'wss://*.skype.com',
  'https://*.teams.microsoft.com',
  'wss://*.teams.microsoft.com',
  'https://*.events.data.microsoft.com',
].join(' ');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  // Lit adopts constructed stylesheets; 'unsafe-inline' covers style attributes in demo markup.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self' data:",
  `connect-src 'self' ws: wss: ${MICROSOFT_HOSTS}`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** @param {string} file */
function contentType(file) {
  if (file.endsWith('.d.ts')) return TYPES['.d.ts'];
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves a URL path inside a mount root, or undefined when it would leave the root.
 * @param {string} root
 * @param {string} relative decoded, without the mount prefix
 */
function resolveInside(root, relative) {
  if (relative.includes('\0')) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

/**
 * Serves a static file when one matches. Resolves false when nothing matched (the caller answers 404).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @returns {Promise<boolean>}
 */
export async function serveStatic(req, res, url) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  for (const [prefix, root] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    let file = resolveInside(root, pathname.slice(prefix.length));
    if (!file) return false;
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        // Never `//host/…` or `/\host/…`: a browser reads those as another site.
        if (/^\/[/\\]/.test(url.pathname)) return false;
        res.writeHead(301, { location: `${url.pathname}/${url.search}` });
        res.end();
        return true;
      }
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return false;
    const type = contentType(file);
    /** @type {Record<string, string>} */
    const headers = {
      'content-type': type,
      'content-length': String(info.size),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      headers['cross-origin-opener-policy'] = 'same-origin';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise((resolve) => {
      const stream = createReadStream(file);
      stream.on('error', () => {
        res.destroy();
        resolve(undefined);
      });
      stream.on('end', () => resolve(undefined));
      stream.pipe(res);
    });
    return true;
  }
  return false;
}
