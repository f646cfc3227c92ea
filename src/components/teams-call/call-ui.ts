/**
 * The call panel of `<acs-teams-call>` and everything behind it: callee validation, the token
 * session, the CallService (real SDK or emulator), events, the timer, video views, the dial pad
 * and the incoming call prompt. Loaded on the first click (or when a Teams user's element starts
 * listening), so the script-tag entry carries only the button.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import { parseCallee } from '../../core/callee.js';
import { AcsError, toAcsError } from '../../core/errors.js';
import { createTokenSession } from '../../core/token-session.js';
import type { TokenSession } from '../../core/token-source.js';
import { dispatchAcsEvent, type AcsErrorDetail } from '../../events.js';
import { errorMessage } from '../../i18n/errors.js';
import { elementDirection, resolveLocale, Translator } from '../../i18n/index.js';
import {
  DTMF_TONES,
  initialCallState,
  loadCallService,
  type CallService,
  type CallState,
  type DtmfTone,
} from '../../services/call-service.js';
import type { VideoView } from '../../services/meeting-service.js';
import { icons } from '../teams-meeting/icons.js';
import { callUiStrings, type CallCatalog } from './call-ui-strings.js';
import type { AcsTeamsCall } from './teams-call.js';

export { callUiStyles } from './call-ui.styles.js';

const ACTIVE = new Set<CallState['phase']>(['connecting', 'ringing', 'connected', 'incoming']);

/** `75` → `1:15`, `3725` → `1:02:05`. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export class CallUi {
  readonly #host: AcsTeamsCall;
  #service?: CallService;
  #servicePromise?: Promise<CallService>;
  #unsubscribe?: () => void;
  #session?: TokenSession;
  #sessionKey?: unknown;
  #state: CallState = initialCallState();
  #error?: AcsErrorDetail;
  #timer?: ReturnType<typeof setInterval>;
  #dialpadOpen = false;
  #digits = '';
  readonly #views = new Map<string, VideoView | Promise<VideoView | undefined>>();
  #dismissed = false;
  #loading = false;
  /** Bumped on teardown: work that resolves afterwards knows it is stale. */
  #generation = 0;
  #focusEnd = false;

  constructor(host: AcsTeamsCall) {
    this.#host = host;
  }

  /** A copy of the call as shown, with any error. */
  snapshot(): CallState & { error?: AcsErrorDetail } {
    const copy: CallState & { error?: AcsErrorDetail } = structuredClone(this.#state);
    if (this.#error) copy.error = { ...this.#error };
    return copy;
  }

  // ---- commands (none throws into the page) -------------------------------------------------

  async call(): Promise<void> {
    if (ACTIVE.has(this.#state.phase) || this.#loading) return;
    const host = this.#host;
    this.#error = undefined;
    this.#dismissed = false;
    this.#digits = '';
    this.#dialpadOpen = false;
    let callee;
    try {
      if (!host.tokenUrl && !host.tokenProvider) throw new AcsError('missing-token-source', 'Set token-url or tokenProvider');
      callee = parseCallee(host.callee, { callerId: host.callerId, identity: host.identity });
    } catch (error) {
      this.#fail(toAcsError(error, 'invalid-callee'));
      return;
    }
    const generation = this.#generation;
    this.#loading = true;
    host.requestUpdate();
    try {
      const service = await this.#ensureService();
      if (generation !== this.#generation) return;
      await service.start(callee, { video: host.video, displayName: host.displayName?.trim() || undefined });
    } catch (error) {
      if (generation === this.#generation) this.#fail(toAcsError(error, 'operation-failed'));
    } finally {
      this.#loading = false;
      host.requestUpdate();
    }
  }

  /** Teams identities: receive calls. Failures (wrong token kind, no token) are shown and reported. */
  async listen(): Promise<void> {
    const generation = this.#generation;
    try {
      const service = await this.#ensureService();
      if (generation === this.#generation) await service.listen();
    } catch (error) {
      if (generation === this.#generation) this.#fail(toAcsError(error, 'operation-failed'));
    }
  }

  async hangUp(): Promise<void> {
    await this.#run(async (service) => service.hangUp());
  }

  async accept(video: boolean): Promise<void> {
    await this.#run(async (service) => service.accept({ video }));
  }

  async decline(): Promise<void> {
    await this.#run(async (service) => service.decline());
  }

  async setMuted(muted: boolean): Promise<void> {
    await this.#run(async (service) => service.setMuted(muted));
  }

  async setCameraOn(on: boolean): Promise<void> {
    await this.#run(async (service) => service.setCameraOn(on));
  }

  async sendDtmf(tone: DtmfTone): Promise<void> {
    if (!DTMF_TONES.includes(tone)) return;
    await this.#run(async (service) => {
      await service.sendDtmf(tone);
      this.#digits = (this.#digits + tone).slice(-32);
      this.#host.requestUpdate();
    });
  }

  /**
   * The element left the page: end the call (the page still gets `acs-call-ended`), stop every
   * track, drop the service. A later connect starts afresh.
   */
  async teardown(): Promise<void> {
    this.#generation++;
    this.#stopTimer();
    this.#disposeViews();
    const service = this.#service ?? (await this.#servicePromise?.catch(() => undefined));
    this.#service = undefined;
    this.#servicePromise = undefined;
    this.#loading = false;
    if (service) await service.dispose().catch(() => undefined);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#stopTimer();
    this.#disposeViews();
    this.#state = initialCallState();
    this.#error = undefined;
  }

  // ---- service ------------------------------------------------------------------------------

  #tokenSession(): TokenSession {
    const host = this.#host;
    const key = host.tokenProvider ?? `${host.tokenUrl}|${host.tokenCredentials}`;
    if (!this.#session || this.#sessionKey !== key) {
      this.#session = createTokenSession({ url: host.tokenUrl, credentials: host.tokenCredentials ?? 'same-origin', provider: host.tokenProvider });
      this.#sessionKey = key;
    }
    return this.#session;
  }

  #ensureService(): Promise<CallService> {
    if (this.#servicePromise) return this.#servicePromise;
    const host = this.#host;
    const generation = this.#generation;
    const factory = host.serviceFactory ?? loadCallService;
    const promise = Promise.resolve()
      .then(() => factory({ session: this.#tokenSession(), identity: host.identity === 'teams' ? 'teams' : 'acs' }))
      .then(
        (service) => {
          if (generation !== this.#generation) {
            void service.dispose();
            throw new AcsError('operation-failed', 'The element left the page');
          }
          this.#service = service;
          this.#state = service.getState();
          this.#unsubscribe = service.subscribe((next, previous) => this.#onChange(next, previous));
          return service;
        },
        (error: unknown) => {
          if (this.#servicePromise === promise) this.#servicePromise = undefined;
          throw error;
        },
      );
    this.#servicePromise = promise;
    return promise;
  }

  async #run(action: (service: CallService) => Promise<void>): Promise<void> {
    const service = this.#service;
    if (!service) return;
    try {
      await action(service);
    } catch (error) {
      this.#fail(toAcsError(error, 'operation-failed'), true);
    }
  }

  #onChange(next: CallState, previous: CallState): void {
    this.#state = next;
    const host = this.#host;
    if (next.phase !== previous.phase) {
      if (next.phase === 'incoming') {
        this.#dismissed = false;
        this.#error = undefined;
      }
      if (next.phase === 'connecting' && previous.phase !== 'incoming') this.#error = undefined;
      dispatchAcsEvent(host, 'acs-state-changed', { state: next.phase, previous: previous.phase });
      if (next.phase === 'connected') dispatchAcsEvent(host, 'acs-call-connected', {});
      if (next.phase === 'incoming' && next.incoming) dispatchAcsEvent(host, 'acs-incoming-call', { caller: { ...next.incoming.caller } });
      if (next.phase === 'ended') {
        const end = next.end ?? { reason: 'unknown' as const, code: 0, subCode: 0 };
        const durationSeconds = next.startedAt ? Math.max(0, Math.round((Date.now() - next.startedAt) / 1000)) : 0;
        this.#focusEnd = Boolean(host.shadowRoot?.activeElement);
        this.#dialpadOpen = false;
        dispatchAcsEvent(host, 'acs-call-ended', { ...end, durationSeconds });
      }
    }
    if (next.phase === 'connected') this.#startTimer();
    else this.#stopTimer();
    host.requestUpdate();
  }

  #fail(error: AcsError, duringCall = false): void {
    const host = this.#host;
    const detail: AcsErrorDetail = {
      code: error.code,
      message: errorMessage(error.code, resolveLocale(host, host.locale), host.strings),
      recoverable: duringCall || error.recoverable,
    };
    this.#error = detail;
    this.#dismissed = false;
    host.requestUpdate();
    dispatchAcsEvent(host, 'acs-error', { ...detail });
  }

  #startTimer(): void {
    this.#timer ??= setInterval(() => this.#host.requestUpdate(), 1000);
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  // ---- video --------------------------------------------------------------------------------

  /** After each render: the remote and local video elements follow the state's stream ids. */
  afterRender(): void {
    const root = this.#host.renderRoot;
    const wanted = new Map<string, Element | null>();
    if (this.#state.remoteVideoStreamId) wanted.set(this.#state.remoteVideoStreamId, root.querySelector('[part="video"]'));
    if (this.#state.localVideoStreamId) wanted.set(this.#state.localVideoStreamId, root.querySelector('[part="local-video"]'));
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
      if (existing || !container || !this.#service) continue;
      const pending = this.#service.createView(id).then(
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
    const state = this.#state;
    const host = this.#host;
    const t = new Translator('call', callUiStrings as CallCatalog, resolveLocale(host, host.locale), host.strings);
    if (this.#dismissed) return nothing;
    if (state.phase === 'idle') {
      if (this.#loading) return this.#panel(t, html`<p part="status" class="status" role="status">${t.t('status.loading')}</p>`);
      if (!this.#error) return nothing;
      return this.#panel(t, this.#renderError(t, this.#error));
    }
    switch (state.phase) {
      case 'incoming':
        return this.#panel(t, this.#renderIncoming(t, state));
      case 'ended':
        return this.#panel(t, this.#renderEnded(t, state));
      default:
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

  #renderError(t: Translator<CallCatalog>, error: AcsErrorDetail): TemplateResult {
    return html`<div part="error" class="error" role="alert">
      <strong>${t.t('error.title')}</strong>
      <p>${error.message}</p>
    </div>`;
  }

  #renderCall(t: Translator<CallCatalog>, state: CallState): TemplateResult {
    const knownName = state.remote?.displayName || this.#host.calleeName?.trim();
    let status: string;
    if (state.phase === 'connected') status = state.waiting ? t.t('status.waiting') : t.t('status.connected');
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
      ${this.#error ? this.#renderError(t, this.#error) : nothing}
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
              type="button"
              aria-expanded=${this.#dialpadOpen ? 'true' : 'false'}
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
    this.#host.requestUpdate();
  };

  #renderDialpad(t: Translator<CallCatalog>): TemplateResult {
    const label = (tone: DtmfTone) => (tone === '*' ? t.t('dialpad.star') : tone === '#' ? t.t('dialpad.pound') : tone);
    return html`<div part="dialpad" class="dialpad" role="group" aria-label=${t.t('dialpad.label')}>
      <output class="digits" aria-live="polite">${this.#digits ? t.t('dialpad.sent', { digits: this.#digits }) : ''}</output>
      <div class="keys">
        ${DTMF_TONES.map(
          (tone) =>
            html`<button type="button" class="key" aria-label=${label(tone)} @click=${() => void this.sendDtmf(tone)}>${tone}</button>`,
        )}
      </div>
    </div>`;
  }

  #renderIncoming(t: Translator<CallCatalog>, state: CallState): TemplateResult {
    const caller = state.incoming?.caller.displayName;
    return html`<div part="incoming" class="incoming" role="alertdialog" aria-label=${caller ? t.t('status.incoming', { name: caller }) : t.t('status.incomingNoName')}>
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
    </div>`;
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
      ${this.#error ? this.#renderError(t, this.#error) : nothing}
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
    this.#dismissed = true;
    this.#error = undefined;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      const slotted = this.#host.querySelector<HTMLElement>('[slot="button"]');
      (slotted ?? this.#host.renderRoot.querySelector<HTMLElement>('[part="button"]'))?.focus();
    });
  };
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
