// @ts-check
/**
 * `GET /embed?meeting-link=…`: the iframe embed (dist/cdn/embed.html) for CMSs that allow no
 * scripts. The server fills in the embed's allow-list (`embedOrigins`, env EMBED_ORIGINS) twice:
 * in the page's `<meta name="acs-embed-origins">` (who receives its events and may command it) and
 * in `frame-ancestors` of its Content-Security-Policy (who may frame it). Same list, one source.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError } from './http.js';
import { CONTENT_SECURITY_POLICY } from './static.js';

const EMBED_HTML = fileURLToPath(new URL('../dist/cdn/embed.html', import.meta.url));

/**
 * The valid origins of a list (exact `scheme://host[:port]`, http or https); throws on anything else
 * so a typo in EMBED_ORIGINS stops the server instead of silently embedding nowhere.
 * @param {string[] | undefined} list
 * @returns {string[]}
 */
export function parseEmbedOrigins(list) {
  return (list ?? []).map((entry) => {
    const trimmed = entry.trim().replace(/\/$/, '');
    let origin;
    try {
      origin = new URL(trimmed).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin !== trimmed || !/^https?:$/.test(new URL(trimmed).protocol)) {
      throw new Error(`EMBED_ORIGINS: "${entry}" is not an origin like https://example.com`);
    }
    return origin;
  });
}

/** The CSP of the embed: the site-wide policy with frame-ancestors = 'self' + the allow-list. @param {string[]} origins */
export function embedContentSecurityPolicy(origins) {
  return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", `frame-ancestors ${["'self'", ...origins].join(' ')}`);
}

/** @param {string} text */
const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * @param {import('./http.js').Router} router
 * @param {{ embedOrigins?: string[] }} options
 */
export function registerEmbedRoute(router, options) {
  const origins = parseEmbedOrigins(options.embedOrigins);
  const csp = embedContentSecurityPolicy(origins);
  router.add('GET', '/embed', async ({ res }) => {
    let html;
    try {
      html = await readFile(EMBED_HTML, 'utf8');
    } catch {
      // 404, not 5xx: nothing is wrong with the server, the page is just not there until a build makes it.
      throw new HttpError(404, 'NotFound', 'The embed is not built yet: run npm run build.');
    }
    // The page lives at /embed, its script beside the bundle in /dist/cdn/.
    html = html
      .replace('<meta name="acs-embed-origins" content="" />', `<meta name="acs-embed-origins" content="${escapeAttribute(origins.join(' '))}" />`)
      .replace('src="./embed.js"', `src="/${path.posix.join('dist', 'cdn', 'embed.js')}"`);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(html)),
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(html);
  });
}
