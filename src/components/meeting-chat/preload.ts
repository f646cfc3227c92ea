/**
 * Starts every chunk the chat needs before its first messages show, at once. The service and view
 * chunks import the SDK and shared chunks, which the browser would otherwise find only after
 * loading them: one round trip more. The CDN build (rollup.config.js, `chatPreload`) writes the
 * list into CHAT_CHUNKS, relative to this chunk; in other builds it stays a placeholder and this
 * does nothing (a bundler does its own preloading).
 */
const CHAT_CHUNKS: string = '__ACS_CHAT_CHUNKS__';

let done = false;

export function preloadChatChunks(): void {
  if (done || CHAT_CHUNKS.startsWith('__') || typeof document === 'undefined') return;
  done = true;
  for (const file of CHAT_CHUNKS.split(',')) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = new URL(file, import.meta.url).href;
    document.head.append(link);
  }
}
