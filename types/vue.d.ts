/**
 * Vue 3 types for the elements: `import type {} from 'acs-teams-elements/vue';` once (e.g. in
 * env.d.ts), and templates get the elements' props and typed `@acs-*` events with vue-tsc / Volar.
 * Vue must also be told these are custom elements: `compilerOptions.isCustomElement:
 * (tag) => tag.startsWith('acs-')` (see docs/frameworks.md).
 *
 * The props come from ./jsx-elements.d.ts, generated from custom-elements.json; here they are only
 * renamed the way Vue's template compiler names them: `meeting-link` → `meetingLink`,
 * `onacs-left` → `onAcsLeft` (what `@acs-left` compiles to).
 */
import type { DefineComponent } from 'vue';
import type { CustomElements } from './jsx-elements.js';

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type VueName<K extends string> = K extends `on${infer Event}-${infer Rest}`
  ? `on${Capitalize<Camel<`${Event}-${Rest}`>>}`
  : Camel<K>;
/** Props that are React's, or that Vue handles itself (`class`, `style`, `key`, `ref`). */
type NotVue = 'children' | 'className' | 'classList' | 'htmlFor' | 'key' | 'ref' | 'style' | 'class';

export type VueElementProps<Tag extends keyof CustomElements> = {
  [K in Exclude<keyof CustomElements[Tag], NotVue> as VueName<K & string>]?: CustomElements[Tag][K];
};

export type VueCustomElements = {
  [Tag in keyof CustomElements]: DefineComponent<VueElementProps<Tag>>;
};

declare module 'vue' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalComponents extends VueCustomElements {}
}
