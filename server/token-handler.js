// @ts-check
/**
 * Loads `acs-teams-elements/server` (createTokenHandler, toNodeHandler) for live mode: from its
 * TypeScript source when a TS loader is active (tests run under tsx, so they test the source, not
 * a stale build), else from the build in dist/server (`npm start` builds first; a published
 * package ships dist only).
 */

/**
 * @typedef {object} TokenHandlerModule
 * @property {(options: Record<string, unknown>) => (request: Request, context?: { clientAddress?: string }) => Promise<Response>} createTokenHandler
 * @property {(handler: (request: Request, context?: { clientAddress?: string }) => Promise<Response>) => (req: import('node:http').IncomingMessage & { body?: unknown }, res: import('node:http').ServerResponse) => Promise<void>} toNodeHandler
 */

/** @type {Promise<TokenHandlerModule> | undefined} */
let loading;

/** @returns {Promise<TokenHandlerModule>} */
export function loadTokenHandler() {
  return (loading ??= (async () => {
    const source = new URL('../src/server/index.ts', import.meta.url).href;
    try {
      return /** @type {TokenHandlerModule} */ (await import(source));
    } catch (error) {
      const code = /** @type {{ code?: unknown }} */ (error)?.code;
      if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
    try {
      return /** @type {TokenHandlerModule} */ (await import(new URL('../dist/server/index.js', import.meta.url).href));
    } catch {
      throw new Error('Live mode needs the built token handler (dist/server): run npm run build.');
    }
  })());
}
