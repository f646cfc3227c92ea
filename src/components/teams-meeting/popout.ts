/**
 * Pop-out of `<acs-teams-meeting>`: the in-call view moves into a Document Picture-in-Picture
 * window (Chromium 116+), or, where that API is missing, the active video goes into the browser's
 * video picture-in-picture. A chunk of its own, loaded on the first `popOut()`.
 *
 * Only DOM moves: the call, the service and every listener stay in the page's JavaScript, and the
 * element keeps rendering into the moved nodes. The element itself stays in the page (its events
 * still bubble there, a framework that owns it still finds it) and shows a placeholder.
 *
 * Styles: the element's constructable stylesheets belong to the page's document and cannot be
 * adopted by another one, so each is copied into a `CSSStyleSheet` of the PiP window's own realm.
 * No `<style>` element and no inline style attribute are written, so a strict CSP
 * (`style-src 'self'`), which the PiP document inherits from the page, allows it.
 */
import { css, html, type CSSResult, type TemplateResult } from 'lit';
import { AcsError } from '../../core/errors.js';
import { dispatchAcsEvent } from '../../events.js';
import type { MeetingUi } from './meeting-ui.js';

export type PopoutMode = 'document' | 'video';

/** The part of Chromium's `documentPictureInPicture` used here (not in TypeScript's DOM types yet). */
interface DocumentPictureInPictureApi {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

/** An open pop-out: `close()` puts everything back (idempotent); `onClosed` runs once either way. */
export interface Popout {
  readonly mode: PopoutMode;
  /** The shadow root the in-call view lives in while popped out into a window. */
  readonly root?: ShadowRoot;
  close(): void;
  /** Copies stylesheets the element adopted after the pop-out (a chunk loaded later). */
  syncStyles(): void;
}

export interface PopoutOptions {
  /** The element: its shadow root's stylesheets, theme and `--acs-*` values are carried over. */
  host: HTMLElement;
  /** The in-call view to move (the element's `.main`). */
  view: HTMLElement;
  /** The video to show in the fallback video picture-in-picture. */
  video: () => HTMLVideoElement | undefined;
  /** The window was closed (by the user, `close()`, or the page going away). */
  onClosed: () => void;
  /** Key presses in the window (the element's shortcuts listen on the element, which stays in the page). */
  onKeydown: (event: KeyboardEvent) => void;
}

/** What the pop-out needs from `<acs-teams-meeting>`. */
export interface PopoutHost {
  element: HTMLElement & { requestUpdate(): void; popIn(): void; readonly updateComplete: Promise<boolean> };
  /** The in-call UI (loaded: the call is on). */
  ui(): MeetingUi | undefined;
  inCall(): boolean;
  /** Adds a stylesheet to the element's shadow root. */
  adopt(sheet: CSSResult): void;
  /** A toast and `acs-error`; the call goes on. */
  report(error: AcsError): void;
}

/**
 * The element's pop-out: opens it (one at a time), keeps the element's `popped-out` attribute,
 * the in-call UI's place and the `acs-popout-changed` events in step, and renders the placeholder.
 */
export class PopoutController {
  readonly #host: PopoutHost;
  #open?: Popout;
  #opening = false;

  constructor(host: PopoutHost) {
    this.#host = host;
    host.adopt(popoutStyles);
  }

  get mode(): PopoutMode | undefined {
    return this.#open?.mode;
  }

  /** Opens the window (or video picture-in-picture); a refusal is reported, never thrown. */
  async open(): Promise<void> {
    const host = this.#host;
    const view = host.element.shadowRoot?.querySelector<HTMLElement>('.main');
    if (this.#open || this.#opening || !view || !host.inCall()) return;
    this.#opening = true;
    try {
      const popout: Popout = await popOut({
        host: host.element,
        view,
        video: () => host.ui()?.activeVideo(),
        onClosed: () => this.#closed(popout),
        onKeydown: (event) => host.ui()?.handleShortcut(event),
      });
      if (!host.inCall()) {
        // The call ended while the browser opened the window.
        popout.close();
        return;
      }
      this.#open = popout;
      host.ui()?.placeIn(popout.root);
      host.element.setAttribute('popped-out', popout.mode);
      host.element.requestUpdate();
      dispatchAcsEvent(host.element, 'acs-popout-changed', { poppedOut: true, mode: popout.mode });
    } catch (error) {
      host.report(new AcsError('popout-failed', 'The pop-out could not open', { recoverable: true, cause: error }));
    } finally {
      this.#opening = false;
    }
  }

  /** Brings the view back and closes the window (nothing when not popped out). */
  close(): void {
    this.#open?.close();
  }

  syncStyles(): void {
    this.#open?.syncStyles();
  }

  /** In the page while the meeting is in its window: where it went, and a way back. */
  renderPlaceholder(): TemplateResult | undefined {
    const ui = this.#host.ui();
    if (this.#open?.mode !== 'document' || !ui) return undefined;
    return html`<div class="center popout-placeholder" part="popout-placeholder" role="status">
      <p>${ui.text('popout.placeholder')}</p>
      <button class="btn primary" id="popout-return" @click=${() => this.#host.element.popIn()}>${ui.text('popout.bringBack')}</button>
    </div>`;
  }

  #closed(popout: Popout): void {
    if (this.#open !== popout) return;
    this.#open = undefined;
    const host = this.#host;
    const shadow = host.element.shadowRoot;
    // Focus was on "Bring it back" (about to go) or in the window: it lands on the control bar, not on <body>.
    const lost = shadow?.activeElement?.id === 'popout-return' || document.activeElement === document.body;
    host.ui()?.placeIn(undefined);
    host.element.removeAttribute('popped-out');
    host.element.requestUpdate();
    dispatchAcsEvent(host.element, 'acs-popout-changed', { poppedOut: false, mode: popout.mode });
    if (lost && popout.mode === 'document') {
      void host.element.updateComplete.then(() =>
        shadow?.querySelector<HTMLElement>('.controls #ctl-popout, .controls #ctl-more')?.focus({ preventScroll: true }),
      );
    }
  }
}

/** Initial size of the window: the browser may clamp it, and the user may resize it. */
const WINDOW = { width: 480, height: 360 } as const;

function documentPip(): DocumentPictureInPictureApi | undefined {
  return (globalThis as { documentPictureInPicture?: DocumentPictureInPictureApi }).documentPictureInPicture;
}

/** Opens the pop-out; must run within a user gesture (the browser refuses otherwise). */
async function popOut(options: PopoutOptions): Promise<Popout> {
  const api = documentPip();
  if (api) return openWindow(api, options);
  return openVideo(options);
}

async function openWindow(api: DocumentPictureInPictureApi, options: PopoutOptions): Promise<Popout> {
  const { host, view } = options;
  const home = view.parentNode;
  const shadow = host.shadowRoot;
  if (!home || !shadow) throw new Error('The meeting view is not rendered');
  const pip = await api.requestWindow({ ...WINDOW });
  try {
    return fillWindow(pip, options, home, shadow);
  } catch (error) {
    // Nothing moved yet (the view moves last): an empty window must not stay open.
    pip.close();
    throw error;
  }
}

function fillWindow(pip: Window, options: PopoutOptions, home: ParentNode, shadow: ShadowRoot): Popout {
  const { host, view } = options;
  const doc = pip.document;
  const PipSheet = (pip as Window & typeof globalThis).CSSStyleSheet;
  const copies = new Map<CSSStyleSheet, CSSStyleSheet>();
  const copy = (sheet: CSSStyleSheet): CSSStyleSheet => {
    let made = copies.get(sheet);
    if (!made) {
      made = new PipSheet();
      made.replaceSync([...sheet.cssRules].map((rule) => rule.cssText).join('\n'));
      copies.set(sheet, made);
    }
    return made;
  };
  const page = new PipSheet();
  page.replaceSync(windowCss);
  doc.adoptedStyleSheets = [page];

  const frame = home as Element;
  doc.documentElement.lang = frame.getAttribute('lang') ?? document.documentElement.lang;
  doc.title = frame.getAttribute('aria-label') ?? '';

  // The window's main landmark holds a shadow root like the element's, so `:host` rules apply.
  const container = doc.createElement('main');
  container.id = 'acs-popout';
  // The theme follows the element's, also when the page changes it meanwhile.
  const mirrorTheme = () => {
    const theme = host.getAttribute('theme');
    if (theme === null) container.removeAttribute('theme');
    else container.setAttribute('theme', theme);
  };
  mirrorTheme();
  const themeObserver = new MutationObserver(mirrorTheme);
  themeObserver.observe(host, { attributeFilter: ['theme'] });
  // Custom properties the page set above the element do not reach another document: carry them.
  const computed = getComputedStyle(host);
  for (const name of Array.from(computed)) {
    if (name.startsWith('--acs-')) container.style.setProperty(name, computed.getPropertyValue(name));
  }
  const root = container.attachShadow({ mode: 'open' });
  const syncStyles = () => {
    root.adoptedStyleSheets = shadow.adoptedStyleSheets.map(copy);
  };
  syncStyles();
  const inner = doc.createElement('div');
  inner.className = 'frame';
  inner.setAttribute('role', 'region');
  for (const name of ['lang', 'dir', 'aria-label']) {
    const value = frame.getAttribute(name);
    if (value !== null) inner.setAttribute(name, value);
  }
  // The window is a page of its own for screen readers: a heading names it.
  const heading = doc.createElement('h1');
  heading.className = 'sr';
  heading.textContent = doc.title;
  root.append(heading, inner);
  doc.body.append(container);

  const marker = view.nextSibling;
  inner.append(view);
  container.addEventListener('keydown', options.onKeydown);

  let open = true;
  const restore = () => {
    if (!open) return;
    open = false;
    themeObserver.disconnect();
    container.removeEventListener('keydown', options.onKeydown);
    pip.removeEventListener('pagehide', restore);
    // Back before the node that followed it, so the element's template finds it where it was.
    home.insertBefore(view, marker && marker.parentNode === home ? marker : null);
    options.onClosed();
  };
  pip.addEventListener('pagehide', restore);
  return {
    mode: 'document',
    root,
    syncStyles,
    close() {
      restore();
      if (!pip.closed) pip.close();
    },
  };
}

async function openVideo(options: PopoutOptions): Promise<Popout> {
  const video = options.video();
  if (!video || !document.pictureInPictureEnabled) throw new Error('No picture-in-picture for this video');
  await video.requestPictureInPicture();
  let open = true;
  const finish = () => {
    if (!open) return;
    open = false;
    video.removeEventListener('leavepictureinpicture', finish);
    options.onClosed();
  };
  video.addEventListener('leavepictureinpicture', finish);
  return {
    mode: 'video',
    syncStyles: () => undefined,
    close() {
      const owner = video.getRootNode() as Document | ShadowRoot;
      if (owner.pictureInPictureElement === video) void document.exitPictureInPicture().catch(() => undefined);
      finish();
    },
  };
}

/** The window's own page: the meeting fills it. */
const windowCss = `
  html, body { margin: 0; height: 100%; }
  body { display: flex; }
  #acs-popout { flex: 1; min-height: 0; border-radius: 0; }
`;

/** Adopted by the element with this chunk. */
const popoutStyles = css`
  .popout-placeholder {
    background: var(--_acs-color-bg);
  }
`;
