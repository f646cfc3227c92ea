/**
 * The parts of the chat UI that only a running chat needs, in their own chunk (loaded when a chat
 * starts, like the SDK): the virtualized list and the directive that puts sanitized HTML in place.
 */
export { virtualize, virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
export { unsafeHTML } from 'lit/directives/unsafe-html.js';
export { buildRows } from './rows.js';
export type { ChatRow } from './rows.js';
