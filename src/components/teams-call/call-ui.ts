/**
 * The call panel of `<acs-teams-call>`: status, timer, video, controls, dial pad, incoming call
 * prompt and end screen, rendered from a CallSession (call-session.ts), which holds the call itself.
 * Loaded on the first click (or when a Teams user's element starts listening), so the script-tag
 * entry carries only the button.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import { elementDirection, Translator } from '../../i18n/index.js';
import { DTMF_TONES, type CallState, type DtmfTone } from '../../services/call-service.js';
import type { VideoView } from '../../services/video-view.js';
import type { AcsErrorDetail } from '../../events.js';
import { icons } from '../teams-meeting/icons.js';
import { callUiStrings, type CallCatalog } from './call-ui-strings.js';
import { CallSession, type CallUiHost } from './call-session.js';

export { callUiStyles } from './call-ui.styles.js';
export type { CallUiHost } from './call-session.js';

/** `75` → `1:15`, `3725` → `1:02:05`. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Problems only the site owner can fix: the visitor sees a neutral line, the page the precise error. */
const SITE_OWNER_ERRORS: ReadonlySet<string> = new Set([
  'invalid-callee',
  'invalid-phone-number',
  'caller-id-required',
  'missing-token-source',
  'token-wrong-kind',
]);

export class CallUi {
  readonly #host: CallUiHost;
  readonly #session: CallSession;
  #dialpadOpen = false;
  readonly #ringer = new Ringer();
  /** The user opened or closed the dial pad themself: an auto attendant no longer opens it. */
  #dialpadTouched = false;
  readonly #views = new Map<string, VideoView | Promise<VideoView | undefined>>();
  #focusEnd = false;

  constructor(host: CallUiHost) {
    this.#host = host;
    this.#session = new CallSession(host);
    this.#session.onEnded = () => {
      this.#focusEnd = Boolean(host.shadowRoot?.activeElement);
      this.#dialpadOpen = false;
      this.#dialpadTouched = false;
    };
  }

  /** The call's phase (no copy: the element reads it on every render). */
  get phase(): CallState['phase'] {
    return this.#session.state.phase;
  }

  /** A copy of the call as shown, with any error. */
  snapshot(): CallState & { error?: AcsErrorDetail } {
    return this.#session.snapshot();
  }

  // ---- commands (none throws into the page) -------------------------------------------------

  async call(): Promise<void> {
    if (!this.#session.loading) this.#dialpadOpen = false;
    await this.#session.call();
  }

  listen(): Promise<void> {
    return this.#session.listen();
  }

  hangUp(): Promise<void> {
    return this.#session.hangUp();
  }

  accept(video: boolean): Promise<void> {
    return this.#session.accept(video);
  }

  decline(): Promise<void> {
    return this.#session.decline();
  }

  setMuted(muted: boolean): Promise<void> {
    return this.#session.setMuted(muted);
  }

  setCameraOn(on: boolean): Promise<void> {
    return this.#session.setCameraOn(on);
  }

  sendDtmf(tone: DtmfTone): Promise<void> {
    return this.#session.sendDtmf(tone);
  }

  /** The element left the page: the session ends the call; the panel drops its video views. */
  async teardown(): Promise<void> {
    this.#ringer.stop();
    this.#disposeViews();
    await this.#session.teardown();
    this.#disposeViews();
  }

  // ---- video --------------------------------------------------------------------------------

  /** After each render: the remote and local video elements follow the state's stream ids. */
  afterRender(): void {
    const root = this.#host.renderRoot;
    const wanted = new Map<string, Element | null>();
    if (this.#session.state.remoteVideoStreamId) wanted.set(this.#session.state.remoteVideoStreamId, root.querySelector('[part="video"]'));
    if (this.#session.state.localVideoStreamId) wanted.set(this.#session.state.localVideoStreamId, root.querySelector('[part="local-video"]'));
    for (const [id, view] of this.#views) {
      if (wanted.has(id)) continue;
      this.#views.delete(id);
      void Promise.resolve(view).then((v) => v?.dispose());
    }
    for (const [id, container] of wanted) {
      const existing = this.#views.get(id);
      if (existing && !(existing instanceof Promise)) {
        if (container && existing.element.parentElement !== container) container.replaceChildren(existing.element);
        continue;
      }
      const created = existing || !container ? undefined : this.#session.createView(id);
      if (!created) continue;
      const pending = created.then(
        (view) => {
          if (this.#views.get(id) !== pending) {
            view.dispose();
            return undefined;
          }
          this.#views.set(id, view);
          this.#host.requestUpdate();
          return view;
        },
        () => {
          if (this.#views.get(id) === pending) this.#views.delete(id);
          return undefined;
        },
      );
      this.#views.set(id, pending);
    }
    const incoming = root.querySelector<HTMLDialogElement>('dialog[part="incoming"]');
    if (incoming && !incoming.open) incoming.showModal();
    const ring = this.#session.state.phase === 'incoming' && this.#host.ringtone !== 'off';
    if (ring !== this.#ringer.ringing) {
      if (ring) this.#ringer.start();
      else this.#ringer.stop();
      this.#host.requestUpdate();
    }
    if (this.#focusEnd) {
      this.#focusEnd = false;
      root.querySelector<HTMLElement>('[part="end-screen"] button')?.focus();
    }
  }

  #disposeViews(): void {
    for (const view of this.#views.values()) void Promise.resolve(view).then((v) => v?.dispose());
    this.#views.clear();
  }

  // ---- rendering ----------------------------------------------------------------------------

  render(): TemplateResult | typeof nothing {
    const session = this.#session;
    const state = session.state;
    const t = new Translator('call', callUiStrings as CallCatalog, session.locale(), this.#host.strings);
    if (session.dismissed) return nothing;
    if (state.phase === 'idle') {
      if (session.loading) return this.#panel(t, html`<p part="status" class="status" role="status">${t.t('status.loading')}</p>`);
      if (!session.error) return nothing;
      return this.#panel(t, this.#renderError(t, session.error));
    }
    switch (state.phase) {
      case 'incoming':
        return this.#panel(t, this.#renderIncoming(t, state));
      case 'ended':
        return this.#panel(t, this.#renderEnded(t, state));
      default:
        // An auto attendant waits for a choice: the dial pad opens by itself (once).
        if (this.#menu(state) && state.phase === 'connected' && !this.#dialpadOpen && !this.#dialpadTouched) this.#dialpadOpen = true;
        return this.#panel(t, this.#renderCall(t, state));
    }
  }

  #panel(t: Translator<CallCatalog>, body: TemplateResult): TemplateResult {
    const dir = elementDirection(t.locale, this.#host.locale);
    return html`<section part="panel" class="panel" aria-label=${t.t('panel.label')} lang=${t.locale} dir=${dir ?? nothing}>
      ${body}
    </section>`;
  }

  #name(t: Translator<CallCatalog>, state: CallState): string {
    return state.remote?.displayName || this.#host.calleeName?.trim() || t.t('someone');
  }

  /**
   * A site-owner mistake (bad callee, no token source, no caller id) is not the visitor's to fix:
   * they read a neutral line; the page's `acs-error` carries the precise code and message.
   */
  #renderError(t: Translator<CallCatalog>, error: AcsErrorDetail): TemplateResult {
    const siteOwner = SITE_OWNER_ERRORS.has(error.code);
    return html`<div part="error" class="error" role="alert" data-code=${error.code}>
      <strong>${siteOwner ? t.t('error.unavailable') : t.t('error.title')}</strong>
      ${siteOwner ? html`<p>${t.t('error.unavailableBody')}</p>` : html`<p>${error.message}</p>`}
    </div>`;
  }

  #renderCall(t: Translator<CallCatalog>, state: CallState): TemplateResult {
    const knownName = state.remote?.displayName || this.#host.calleeName?.trim();
    let status: string;
    if (state.phase === 'connected') status = state.waiting ? t.t(this.#menu(state) ? 'status.menu' : 'status.waiting') : t.t('status.connected');
    else if (state.phase === 'ringing') status = t.t('status.ringing');
    else status = knownName ? t.t('status.connecting', { name: knownName }) : t.t('status.connectingNoName');
    const seconds = state.startedAt ? (Date.now() - state.startedAt) / 1000 : 0;
    const time = formatDuration(seconds);
    const name = this.#name(t, state);
    const showVideo = Boolean(state.remoteVideoStreamId);
    return html`
      <div class="header">
        <div class="avatar" aria-hidden="true">${initials(name)}</div>
        <div class="who">
          <strong class="name" dir="auto">${knownName ?? ''}</strong>
          <span part="status" class="status" role="status">${status}</span>
          ${state.phase === 'connected'
            ? html`<span class="timer" role="timer" aria-label=${t.t('duration', { time })}>${time}</span>`
            : nothing}
          ${state.remote?.muted && state.phase === 'connected' ? html`<span class="muted-note">${t.t('remote.muted', { name })}</span>` : nothing}
        </div>
      </div>
      ${showVideo || state.localVideoStreamId
        ? html`<div class="stage">
            ${showVideo ? html`<div part="video" class="video" role="img" aria-label=${t.t('video.remote', { name })}></div>` : nothing}
            ${state.localVideoStreamId
              ? html`<div part="local-video" class="local-video" role="img" aria-label=${t.t('video.local')}></div>`
              : nothing}
          </div>`
        : nothing}
      ${this.#session.error ? this.#renderError(t, this.#session.error) : nothing}
      ${this.#dialpadOpen && state.phase === 'connected' ? this.#renderDialpad(t) : nothing}
      <div part="controls" class="controls" role="toolbar" aria-label=${t.t('control.label')}>
        <button
          class="ctl"
          type="button"
          aria-pressed=${state.muted ? 'true' : 'false'}
          title=${state.muted ? t.t('control.unmute') : t.t('control.mute')}
          @click=${() => void this.setMuted(!state.muted)}
        >
          ${state.muted ? icons.micOff : icons.mic}<span class="label">${state.muted ? t.t('control.unmute') : t.t('control.mute')}</span>
        </button>
        ${state.videoAvailable
          ? html`<button
              class="ctl"
              type="button"
              aria-pressed=${state.cameraOn ? 'true' : 'false'}
              title=${state.cameraOn ? t.t('control.cameraOff') : t.t('control.cameraOn')}
              @click=${() => void this.setCameraOn(!state.cameraOn)}
            >
              ${state.cameraOn ? icons.camera : icons.cameraOff}<span class="label"
                >${state.cameraOn ? t.t('control.cameraOff') : t.t('control.cameraOn')}</span
              >
            </button>`
          : nothing}
        ${state.dtmfAvailable
          ? html`<button
              class="ctl"
              id="dialpad-toggle"
              type="button"
              aria-expanded=${this.#dialpadOpen ? 'true' : 'false'}
              aria-controls="dialpad"
              title=${this.#dialpadOpen ? t.t('control.dialpadHide') : t.t('control.dialpadShow')}
              ?disabled=${state.phase !== 'connected'}
              @click=${this.#toggleDialpad}
            >
              ${dialpadIcon}<span class="label">${t.t('control.dialpad')}</span>
            </button>`
          : nothing}
        <button class="ctl hangup" type="button" @click=${() => void this.hangUp()}>
          ${icons.leave}<span class="label">${t.t('control.hangUp')}</span>
        </button>
      </div>
    `;
  }

  #toggleDialpad = () => {
    this.#dialpadOpen = !this.#dialpadOpen;
    this.#dialpadTouched = true;
    this.#host.requestUpdate();
  };

  /** An auto attendant reading its menu: the site said so (`callee-kind`), and the call is held by the app. */
  #menu(state: CallState): boolean {
    return state.waiting && state.dtmfAvailable && this.#host.calleeKind === 'auto-attendant';
  }

  #renderDialpad(t: Translator<CallCatalog>): TemplateResult {
    const label = (tone: DtmfTone) => (tone === '*' ? t.t('dialpad.star') : tone === '#' ? t.t('dialpad.pound') : tone);
    const digits = this.#session.digits;
    return html`<div part="dialpad" id="dialpad" class="dialpad" role="group" aria-label=${t.t('dialpad.label')}>
      <output class="digits" aria-live="polite" aria-label=${digits ? t.t('dialpad.pressed', { digits }) : t.t('dialpad.label')}
        >${digits ? html`<span class="digit-string">${digits}</span>` : html`<span class="muted">${t.t('dialpad.hint')}</span>`}</output
      >
      <div class="keys">
        ${DTMF_TONES.map(
          (tone) =>
            html`<button type="button" class="key" aria-label=${label(tone)} @click=${() => void this.sendDtmf(tone)}>${tone}</button>`,
        )}
      </div>
    </div>`;
  }

  /**
   * An incoming call: a modal dialog that takes focus (Answer), over the page, with a ringtone
   * unless the page turned it off (`ringtone="off"`). Escape does not dismiss it: Decline does.
   */
  #renderIncoming(t: Translator<CallCatalog>, state: CallState): TemplateResult {
    const caller = state.incoming?.caller.displayName;
    return html`<dialog
      part="incoming"
      class="incoming"
      role="alertdialog"
      aria-modal="true"
      aria-label=${caller ? t.t('status.incoming', { name: caller }) : t.t('status.incomingNoName')}
      data-ringing=${this.#ringer.ringing ? 'true' : 'false'}
      @cancel=${(event: Event) => event.preventDefault()}
    >
      <div class="header">
        <div class="avatar ringing" aria-hidden="true">${initials(caller || '?')}</div>
        <div class="who">
          <strong class="name" dir="auto">${caller || t.t('status.incomingNoName')}</strong>
          <span part="status" class="status" role="status">${caller ? t.t('status.incoming', { name: caller }) : t.t('status.incomingNoName')}</span>
        </div>
      </div>
      <div class="actions">
        <button type="button" class="btn primary" @click=${() => void this.accept(false)}>${icons.mic}<span>${t.t('incoming.answer')}</span></button>
        ${state.videoAvailable
          ? html`<button type="button" class="btn primary" @click=${() => void this.accept(true)}>${icons.camera}<span>${t.t('incoming.answerVideo')}</span></button>`
          : nothing}
        <button type="button" class="btn danger" @click=${() => void this.decline()}>${icons.leave}<span>${t.t('incoming.decline')}</span></button>
      </div>
    </dialog>`;
  }

  #renderEnded(t: Translator<CallCatalog>, state: CallState): TemplateResult {
    const end = state.end ?? { reason: 'unknown' as const, code: 0, subCode: 0 };
    const name = this.#name(t, state);
    const message = t.t(`ended.${end.reason}`, { name });
    const duration = state.startedAt && end.reason !== 'missed' ? formatDuration(((this.#endedAt(state) ?? Date.now()) - state.startedAt) / 1000) : undefined;
    const canCallAgain = state.direction === 'outgoing' && Boolean(this.#host.callee);
    return html`<div part="end-screen" class="ended">
      <p part="status" class="status" role="status">${message}</p>
      ${duration ? html`<p class="duration">${t.t('ended.duration', { time: duration })}</p>` : nothing}
      ${this.#session.error ? this.#renderError(t, this.#session.error) : nothing}
      <div class="actions">
        ${canCallAgain ? html`<button type="button" class="btn primary" @click=${() => void this.call()}>${t.t('ended.callAgain')}</button>` : nothing}
        <button type="button" class="btn" @click=${this.#dismiss}>${t.t('ended.close')}</button>
      </div>
    </div>`;
  }

  #endedAtValue?: { startedAt: number; at: number };

  /** When the shown call ended (fixed once, so the duration stops counting). */
  #endedAt(state: CallState): number | undefined {
    if (!state.startedAt) return undefined;
    if (this.#endedAtValue?.startedAt !== state.startedAt) this.#endedAtValue = { startedAt: state.startedAt, at: Date.now() };
    return this.#endedAtValue.at;
  }

  #dismiss = () => {
    this.#session.dismiss();
    void this.#host.updateComplete.then(() => {
      const slotted = this.#host.querySelector<HTMLElement>('[slot="button"]');
      (slotted ?? this.#host.renderRoot.querySelector<HTMLElement>('[part="button"]'))?.focus();
    });
  };
}

/**
 * A phone ring made with Web Audio (no sound file to fetch or to allow in a CSP): two short
 * 440+480 Hz bursts every 3 s, quiet. Browsers may keep it silent until the page had a gesture.
 */
class Ringer {
  #context?: AudioContext;
  #timer?: ReturnType<typeof setInterval>;

  get ringing(): boolean {
    return this.#timer !== undefined;
  }

  start(): void {
    if (this.#timer !== undefined || typeof AudioContext === 'undefined') return;
    try {
      this.#context = new AudioContext();
    } catch {
      return;
    }
    const ring = () => {
      const context = this.#context;
      if (!context) return;
      void context.resume().catch(() => undefined);
      const gain = context.createGain();
      gain.connect(context.destination);
      const start = context.currentTime;
      for (const offset of [0, 0.5]) {
        gain.gain.setValueAtTime(0.08, start + offset);
        gain.gain.setValueAtTime(0, start + offset + 0.4);
      }
      for (const frequency of [440, 480]) {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(gain);
        oscillator.start(start);
        oscillator.stop(start + 0.9);
      }
    };
    ring();
    this.#timer = setInterval(ring, 3000);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }
}

const dialpadIcon = svg`<svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true" focusable="false">
  ${[4, 10, 16].map((y) => [5, 12, 19].map((x) => svg`<circle cx=${x} cy=${y} r="1.8"></circle>`))}
  <circle cx="12" cy="21.5" r="1.8"></circle>
</svg>`;

function initials(name: string): string {
  // The first letter or digit of the first and last words: "Diego Siciliani (Support)" → "DS".
  const words = name
    .trim()
    .split(/\s+/)
    .map((word) => /[\p{L}\p{N}]/u.exec(word)?.[0])
    .filter((letter): letter is string => Boolean(letter));
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((letter) => letter?.toUpperCase() ?? '').join('') || '?';
}
