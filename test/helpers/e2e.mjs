// @ts-check
/**
 * What the end-to-end suites share: the emulator's control API (`/emulator/…`, JSON in and out) for
 * the browser tests (test/browser/helpers/emulator.ts), the embed suite (test/embed) and the
 * WordPress suite (wordpress/test: plain Node without a TypeScript loader, hence a .mjs), and the
 * polling wait of the two suites that drive a page from Node.
 */

/**
 * One request to the emulator at `baseUrl`. Resolves with the parsed body (undefined when empty);
 * rejects with the status and body text when the emulator answers an error.
 * @template [T=any]
 * @param {string} baseUrl the emulator's URL, e.g. "http://127.0.0.1:41234/"
 * @param {string} method
 * @param {string} route relative to the emulator, e.g. "emulator/meetings"
 * @param {unknown} [body] sent as JSON when given
 * @returns {Promise<T>}
 */
export async function controlRequest(baseUrl, method, route, body) {
  const response = await fetch(new URL(route.replace(/^\//, ''), baseUrl), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : /** @type {T} */ (undefined);
}

/**
 * Polls `condition` until it returns a truthy value (resolved with it), never a fixed sleep. A
 * condition that throws (a page still navigating, a server not up yet) is polled again; the last
 * error is named when the deadline passes.
 * @template T
 * @param {() => Promise<T> | T} condition
 * @param {string} what named in the timeout error
 * @param {number} [timeoutMs]
 * @returns {Promise<NonNullable<T>>}
 */
export async function eventually(condition, what, timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  /** @type {unknown} */
  let last;
  for (;;) {
    try {
      const value = await condition();
      if (value) return /** @type {NonNullable<T>} */ (value);
    } catch (error) {
      last = error;
    }
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${last instanceof Error ? last.message : String(last)}`}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
