/**
 * Svelte 5 types for the elements: `import type {} from 'acs-teams-elements/svelte';` once (e.g. in
 * src/app.d.ts), and svelte-check / the Svelte language server know their attributes, properties
 * and typed events, both as `onacs-left={…}` (Svelte 5) and `on:acs-left={…}` (legacy syntax).
 *
 * The props come from ./jsx-elements.d.ts, generated from custom-elements.json; the element's own
 * HTML attributes (`id`, `class`, `slot`, `style`…) are Svelte's.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { CustomElements } from './jsx-elements.js';

/** Props that are React's, or that Svelte's HTMLAttributes already types. */
type NotSvelte = keyof HTMLAttributes<HTMLElement> | 'children' | 'className' | 'classList' | 'htmlFor' | 'key' | 'ref';
type ElementOf<Tag> = Tag extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[Tag] : HTMLElement;

export type SvelteElementProps<Tag extends keyof CustomElements> = HTMLAttributes<ElementOf<Tag>> &
  Omit<CustomElements[Tag], NotSvelte> & {
    [K in keyof CustomElements[Tag] as K extends `on${infer Event}-${infer Rest}` ? `on:${Event}-${Rest}` : never]?: CustomElements[Tag][K];
  };

export type SvelteCustomElements = {
  [Tag in keyof CustomElements]: SvelteElementProps<Tag>;
};

declare module 'svelte/elements' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SvelteHTMLElements extends SvelteCustomElements {}
}
