// @ts-check
/**
 * The browser session cookie of the token routes (tokens.js in the emulator, live-tokens.js in live
 * mode): a sealed (HMAC-signed) value, sent only to /api/token and never readable by page script,
 * so that a token refresh keeps the browser's identity — as an app server bound to its own login
 * session would.
 */

const SESSION_COOKIE = 'acs-emulator-user';

/** @typedef {{ seal(value: string): string, unseal(sealed: string | undefined): string | undefined }} Sealer */

/**
 * The value the browser's session cookie holds, or undefined (no cookie, a malformed or forged one).
 * @param {import('node:http').IncomingMessage} req
 * @param {Sealer} sealer
 */
export function readSession(req, sealer) {
  return sealer.unseal(readCookie(req, SESSION_COOKIE));
}

/**
 * Sets the session cookie to `value`, sealed (Secure and SameSite=None over TLS, else SameSite=Lax).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Sealer} sealer
 * @param {string} value
 */
export function writeSession(req, res, sealer, value) {
  const secure = Boolean(/** @type {any} */ (req.socket).encrypted);
  const attributes = secure ? 'Path=/api/token; HttpOnly; SameSite=None; Secure' : 'Path=/api/token; HttpOnly; SameSite=Lax';
  res.setHeader('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(sealer.seal(value))}; ${attributes}`);
}

/** @param {import('node:http').IncomingMessage} req @param {string} name */
function readCookie(req, name) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // not ours (a malformed cookie is ignored: a new session is issued)
    }
  }
  return undefined;
}
