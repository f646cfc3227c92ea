/**
 * React 19 JSX types for the elements. React 19 passes props to custom elements natively
 * (properties when the element has one, attributes otherwise; `on<event-name>` adds a listener),
 * so no wrapper is needed: load these types once, with
 *
 *   import type {} from 'acs-teams-elements/jsx';
 *
 * (or `"types": ["acs-teams-elements/jsx"]` in tsconfig), and
 * `<acs-teams-meeting meeting-link={link} onacs-left={(e) => e.detail.reason} />` type-checks.
 *
 * The per-element props come from ./jsx-elements.d.ts, generated from custom-elements.json.
 */
import type { CSSProperties, RefAttributes } from 'react';
import type { CustomElements } from './jsx-elements.js';

export type * from './jsx-elements.js';

/** The generated props, with React's own `ref` (typed by element) and `style`. */
export type ReactCustomElements = {
  [Tag in keyof CustomElements]: Omit<CustomElements[Tag], 'ref' | 'style'> &
    RefAttributes<Tag extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[Tag] : HTMLElement> & {
      style?: CSSProperties;
    };
};

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends ReactCustomElements {}
  }
}
