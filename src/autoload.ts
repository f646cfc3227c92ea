/**
 * The script-tag entry (dist/cdn/acs-teams-elements.js): a loader, not the elements. A page pays
 * only for the elements it uses: each tag's code is a chunk of its own, imported and defined when
 * the tag is in the document (found at load, then by a MutationObserver for tags added later, as
 * Shoelace's autoloader does). `acs-teams-elements/define` (npm) still defines all three at once.
 *
 * What the host sees:
 * - Attributes, properties (Lit keeps instance properties set before the upgrade) and event
 *   listeners set on an element before its code arrives all work once it is defined.
 * - Methods (`join()`, `send()`…) and read-only getters (`state`, `messages`) exist once the element
 *   is defined: `await ready('acs-teams-meeting')` (or `customElements.whenDefined(tag)`) first.
 * - Elements inside another component's shadow root are not seen by the observer: call
 *   `ready(tag)` once, which loads and defines the tag wherever it is.
 * - A chunk that cannot load (offline) fires `acs-error` (`sdk-load-failed`, recoverable) on each
 *   element of that tag; the next `ready(tag)`, a new element of that tag, or the browser coming
 *   back online tries again.
 */
import { ContextRoot } from '@lit/context';
import { ErrorReporter } from './controllers/error-reporter.js';
import { preloadChatChunks } from './components/meeting-chat/preload.js';
import { dispatchAcsEvent } from './events.js';
import { resolveLocale } from './i18n/index.js';

export { registerLocale } from './i18n/index.js';

/** The tags this library defines. */
export type ElementTag = 'acs-teams-meeting' | 'acs-meeting-chat' | 'acs-teams-call';

const MODULES: Record<ElementTag, () => Promise<CustomElementConstructor>> = {
  'acs-teams-meeting': () => import('./components/teams-meeting/teams-meeting.js').then((m) => m.AcsTeamsMeeting),
  'acs-meeting-chat': () => import('./components/meeting-chat/meeting-chat.js').then((m) => m.AcsMeetingChat),
  'acs-teams-call': () => import('./components/teams-call/teams-call.js').then((m) => m.AcsTeamsCall),
};
const TAGS = Object.keys(MODULES) as ElementTag[];
const SELECTOR = TAGS.join(',');
const isTag = (name: string): name is ElementTag => (TAGS as string[]).includes(name);

/**
 * Per tag, the chunks its module imports statically (lit, shared controllers…), and under
 * `meeting-setup` the chunks of the meeting's setup screen (which the meeting imports as soon as it
 * renders), written by the CDN build (rollup.config.js, `elementPreload`) as
 * `key:file,file;key:file`, relative to this file. Preloaded with the element's own chunk, so they
 * do not wait for it (one round trip less each). Outside the CDN build it stays a placeholder and
 * nothing is preloaded.
 */
const ELEMENT_CHUNKS: string = '__ACS_ELEMENT_CHUNKS__';

function preloadChunks(key: ElementTag | 'meeting-setup', priority?: 'low'): void {
  if (ELEMENT_CHUNKS.startsWith('__')) return;
  const files = ELEMENT_CHUNKS.split(';').find((entry) => entry.startsWith(`${key}:`))?.slice(key.length + 1);
  for (const file of files ? files.split(',') : []) {
    const href = new URL(file, import.meta.url).href;
    if (document.head.querySelector(`link[rel="modulepreload"][href="${CSS.escape(href)}"]`)) continue;
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    if (priority) link.setAttribute('fetchpriority', priority);
    document.head.append(link);
  }
}

const loading = new Map<ElementTag, Promise<void>>();

/**
 * Imports and defines `tag` once. A chat waits for the meeting element when one is loading: the
 * chat finds its meeting through the meeting's context provider (slotted, or `for`), which must be
 * defined first, as `define.js` does by defining the meeting first.
 */
function load(tag: ElementTag): Promise<void> {
  let pending = loading.get(tag);
  if (!pending) {
    preloadChunks(tag);
    const meeting = tag === 'acs-meeting-chat' ? loading.get('acs-teams-meeting')?.catch(() => undefined) : undefined;
    pending = Promise.all([MODULES[tag](), meeting]).then(([element]) => {
      if (!customElements.get(tag)) customElements.define(tag, element);
    });
    pending.catch((error: unknown) => {
      loading.delete(tag);
      reportFailure(tag, error);
    });
    loading.set(tag, pending);
  }
  return pending;
}

/** Each element of a tag whose code could not load says so, in its language where a catalog is at hand. */
function reportFailure(tag: ElementTag, error: unknown): void {
  for (const element of document.querySelectorAll(tag)) {
    const explicit = element.getAttribute('locale');
    // A `strings` object the page set before the upgrade still overrides the message.
    const strings = (element as Element & { strings?: unknown }).strings;
    const overrides = typeof strings === 'object' && strings !== null ? (strings as Partial<Record<string, string>>) : {};
    new ErrorReporter(element, { locale: () => resolveLocale(element, explicit), overrides: () => overrides }).withDetail(
      'sdk-load-failed',
      true,
      (detail) => dispatchAcsEvent(element, 'acs-error', detail),
    );
  }
  console.warn(`acs-teams-elements: the code of <${tag}> could not load`, error);
}

/** Loads the tags found in `root` (the node itself and its descendants), the meeting first. */
function scan(root: ParentNode & Node): void {
  const found = new Set<ElementTag>();
  if (root instanceof Element && isTag(root.localName)) found.add(root.localName);
  for (const element of root.querySelectorAll(SELECTOR)) if (isTag(element.localName)) found.add(element.localName);
  const has = (selector: string) => (root instanceof Element && root.matches(selector)) || root.querySelector(selector) !== null;
  for (const tag of TAGS) {
    if (!found.has(tag) || customElements.get(tag)) continue;
    // The element's own chunks first: over HTTP/1.1 a browser fetches six at a time from one host.
    void load(tag).catch(() => undefined);
    // Then what it imports as soon as it renders, so that does not wait for it either: the setup
    // screen of a meeting that shows one; the SDK and view chunks of a standalone chat that knows
    // its thread.
    if (tag === 'acs-teams-meeting' && has('acs-teams-meeting:not([skip-setup])')) preloadChunks('meeting-setup', 'low');
    if (tag === 'acs-meeting-chat' && has('acs-meeting-chat[thread-id]:not([for])')) preloadChatChunks();
  }
}

/**
 * Resolves once `tag` is defined, loading its code now even when no such element is in the
 * document (an element in a shadow root, or one about to be created). Without a tag: once every
 * element in the document now is defined. Rejects when the code could not load; calling again
 * retries.
 *
 * @example
 * import { ready } from 'https://cdn.example.com/acs-teams-elements/acs-teams-elements.js';
 * await ready('acs-teams-meeting');
 * document.querySelector('acs-teams-meeting').setMuted(true);
 */
export function ready(tag?: ElementTag): Promise<void> {
  if (tag !== undefined) {
    if (!isTag(tag)) return Promise.reject(new TypeError(`acs-teams-elements: no element <${String(tag)}>`));
    return customElements.get(tag) ? Promise.resolve() : load(tag);
  }
  const present = TAGS.filter((name) => !customElements.get(name) && document.querySelector(name));
  return Promise.all(present.map((name) => load(name))).then(() => undefined);
}

if (typeof document !== 'undefined') {
  // A chat upgraded before the meeting it is slotted in still finds the meeting's context once
  // the meeting is defined: the root keeps unanswered requests and repeats them to new providers.
  new ContextRoot().attach(document.documentElement);
  scan(document);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element) scan(node);
    }
    if (TAGS.every((tag) => customElements.get(tag))) observer.disconnect();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  // Offline at load: try again for the elements still waiting when the network is back.
  addEventListener('online', () => scan(document));
}
