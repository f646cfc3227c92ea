/**
 * Solid JSX types for the elements: `import type {} from 'acs-teams-elements/solid';` once.
 * Solid sets attributes by default: use `prop:tokenProvider={…}` for properties and
 * `on:acs-left={(e) => …}` for events. Props come from ./solid-elements.d.ts, generated from
 * custom-elements.json.
 */
import type { CustomElements } from './solid-elements.js';

export type * from './solid-elements.js';

declare module 'solid-js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends CustomElements {}
  }
}
