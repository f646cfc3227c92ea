/**
 * The in-call screens of `<acs-teams-meeting>`: lobby, compliance banner, consent prompt, stage,
 * gallery, captions, control bar, participant list and toasts. Reached only by dynamic import (it
 * becomes the `meeting-ui` chunk), so the script-tag entry stays small; the element preloads it
 * while the user is on the setup screen. It renders into the element's own shadow root, so every
 * `part` here is styleable from the page.
 */
import { html, nothing, type CSSResult, type LitElement, type TemplateResult } from 'lit';
import { Translator, type Locale } from '../../i18n/index.js';
import type {
  BreakoutRoom,
  ComplianceStatus,
  DeviceInfo,
  EndInfo,
  LeftReason,
  MeetingPhase,
  MeetingService,
  MeetingState,
  NetworkLevel,
  ParticipantSnapshot,
  ReactionType,
  VideoView,
} from '../../services/meeting-service.js';
import type { DeviceChoices } from './devices.js';
import { dispatchAcsEvent } from '../../events.js';
import type { VideoEffect, VideoEffectsEngine } from '../../services/video-effects.js';
import type { EffectsPicker, SetupTranslator } from './effects-picker.js';
import { AudioUnlock } from './audio-unlock.js';
import { applyCapabilityLocks, capabilityAnnouncements } from './capability-controls.js';
import { renderBreakoutBanner, returnedToMain } from './breakout-banner.js';
import { barCapacity, layoutControls, moreDescriptor, renderBarButton, renderMenuItem, type ControlDescriptor } from './control-bar.js';
import { icons, reactionArt } from './icons.js';
import { meetingUiStrings, type MeetingUiCatalog } from './meeting-ui-strings.js';
import { arrangeStage, type StageLayout } from './stage-layout.js';
export { meetingUiStyles } from './meeting-ui.styles.js';

/** Reasons after which joining again can work without changing the page. */
const REJOINABLE: ReadonlySet<LeftReason> = new Set(['local', 'network', 'lobby-timeout', 'removed', 'unknown']);

/** What the UI may ask the element to do; the element turns failures into toasts and `acs-error`. */
export interface MeetingUiActions {
  setMuted(muted: boolean): void;
  setCameraOn(on: boolean): void;
  toggleScreenShare(): void;
  toggleHand(): void;
  react(reaction: ReactionType): void;
  toggleCaptions(): void;
  admit(participantId: string): void;
  reject(participantId: string): void;
  grantConsent(): void;
  requestLeave(): void;
  selectDevice(kind: 'microphoneId' | 'cameraId' | 'speakerId', id: string): void;
  toggleChat(): void;
  joinBreakoutRoom(): void;
  returnToMainMeeting(): void;
  /** Pops the meeting out into its own window, or brings it back. */
  togglePopout(): void;
  /** Re-reads the device lists (the setup screen may have been skipped). */
  refreshDevices(): void;
  /** Pins a participant on the stage for this user only, or unpins them. */
  togglePin(participantId: string): void;
  /** Spotlights the local user for everyone, or stops it. */
  toggleSpotlight(): void;
  createView(streamId: string): Promise<VideoView>;
  /** The backend's effects engine (loaded on first use, with the effects picker). */
  videoEffects(): Promise<VideoEffectsEngine | undefined>;
  /**
   * Keeps an effects choice for the next join and applies it to the meeting with `apply`; a
   * failure is reported with the `key` message.
   */
  setEffects(
    change: { videoEffect?: VideoEffect; noiseSuppression?: boolean },
    apply: (service: MeetingService) => Promise<void> | undefined,
    key: 'failed.effect' | 'failed.noiseSuppression',
  ): void;
  /** Adds a lazily loaded chunk's styles to the element's shadow root. */
  adopt(styles: CSSResult): void;
}

export interface MeetingUiInput {
  state: MeetingState;
  phase: MeetingPhase;
  locale: Locale;
  overrides: Partial<Record<string, string>>;
  showComplianceBanner: boolean;
  chat: { available: boolean; open: boolean; unread: number };
  devices: DeviceChoices;
  /** The participant the user pinned on the stage (local to this user), if any. */
  pinned?: string;
  actions: MeetingUiActions;
  /** Where the meeting is popped out to, if it is. */
  poppedOut?: 'document' | 'video';
}

type T = Translator<MeetingUiCatalog>;
type Menu = 'reactions' | 'devices' | 'more' | 'effects';

/** Shortcuts, scoped to the element (they work while the focus is inside it). */
export const SHORTCUTS = { mute: 'Ctrl+Shift+M', camera: 'Ctrl+Shift+O', hand: 'Ctrl+Shift+K' } as const;

const REACTIONS: readonly ReactionType[] = ['like', 'heart', 'laugh', 'surprised', 'applause'];
const REACTION_MS = 4000;
/** Below this width (the element's own), the self-view floats and panels cover the meeting. */
const NARROW_PX = 600;
/** How long "Recording has stopped" stays a banner before it becomes a small indicator. */
const STOPPED_BANNER_MS = 10_000;
/** How long a new chat message's preview stays beside the Chat button. */
const PREVIEW_MS = 6000;
const TOAST_MS = 5000;
const CAPTION_LINES = 3;

/** Video views by stream id: created on first use, disposed when a render no longer shows them. */
class ViewCache {
  readonly #entries = new Map<string, { view?: VideoView; disposed: boolean; failed: boolean }>();
  readonly #onReady: () => void;

  constructor(onReady: () => void) {
    this.#onReady = onReady;
  }

  get(streamId: string, create: (id: string) => Promise<VideoView>): HTMLElement | undefined {
    let entry = this.#entries.get(streamId);
    if (!entry) {
      const created: { view?: VideoView; disposed: boolean; failed: boolean } = { disposed: false, failed: false };
      entry = created;
      this.#entries.set(streamId, created);
      create(streamId).then(
        (view) => {
          if (created.disposed) view.dispose();
          else {
            created.view = view;
            this.#onReady();
          }
        },
        () => {
          created.failed = true;
        },
      );
    }
    return entry.view?.element;
  }

  retain(used: ReadonlySet<string>): void {
    for (const [id, entry] of this.#entries) {
      if (used.has(id)) continue;
      entry.disposed = true;
      entry.view?.dispose();
      this.#entries.delete(id);
    }
  }
}

export class MeetingUi {
  readonly #host: LitElement;
  readonly #views: ViewCache;
  #used = new Set<string>();
  #rendered = false;
  #toasts: { id: number; text: string; kind?: 'joined' | 'left'; names?: string[] }[] = [];
  readonly #toastTimers = new Map<number, ReturnType<typeof setTimeout>>();
  #toastId = 0;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #reactionTimer?: ReturnType<typeof setTimeout>;
  #panel: 'participants' | undefined;
  #menu: Menu | undefined;
  #width = 0;
  #hostNarrow = false;
  #focusIndex = 0;
  #input?: MeetingUiInput;

  #observed?: Element;
  readonly #resize?: ResizeObserver;
  #inCall = false;
  #shortcutsOpen = false;
  /** The effects picker (its own chunk, loaded when the user first opens it) and its strings. */
  #effects?: { picker: EffectsPicker; translator: SetupTranslator };
  #effectsLoading = false;
  #stopped?: { key: string; collapsed: boolean; timer: ReturnType<typeof setTimeout> };
  #consentWasPending = false;
  /** The breakout room at the last render, to say once that the user is back in the main meeting. */
  #room: BreakoutRoom | null = null;
  #preview?: { name: string; text: string; timer: ReturnType<typeof setTimeout> };
  #startedAt?: number;
  #clock?: ReturnType<typeof setInterval>;

  /** Whether the browser lets the meeting's sound play yet; `checkAudio()` asks. */
  readonly #audio: AudioUnlock;
  /** Where the in-call view is while popped out into a window (else the host's shadow root). */
  #place?: ShadowRoot;

  constructor(host: LitElement) {
    this.#host = host;
    this.#audio = new AudioUnlock(() => host.requestUpdate());
    this.#views = new ViewCache(() => host.requestUpdate());
    if (typeof ResizeObserver !== 'undefined') {
      this.#resize = new ResizeObserver((entries) => {
        const width = Math.round(entries[entries.length - 1].contentRect.width);
        if (width === this.#width || width === 0) return;
        const before = barCapacity(this.#barWidth(), !this.#narrow());
        const wasNarrow = this.#hostNarrow;
        this.#width = width;
        this.#hostNarrow = this.#narrow();
        const after = barCapacity(width, !this.#hostNarrow);
        if (before.slots !== after.slots || wasNarrow !== this.#hostNarrow) host.requestUpdate();
      });
    }
    host.addEventListener('keydown', this.handleShortcut);
  }

  /**
   * The in-call view moved into a pop-out window (its shadow root), or back (`undefined`): focus
   * and measurements follow it.
   */
  placeIn(root: ShadowRoot | undefined): void {
    this.#place = root;
    this.#width = 0;
    this.#host.requestUpdate();
  }

  /** The root the in-call view is rendered in now. */
  get #root(): ParentNode {
    return this.#place ?? this.#host.renderRoot;
  }

  /** The width of the box the in-call view fills: the element's, or the pop-out window's. */
  #ownWidth(): number {
    return this.#place ? (this.#place.host as HTMLElement).clientWidth : this.#host.clientWidth;
  }

  /**
   * The video the fallback picture-in-picture shows: the shared screen, else the active speaker,
   * else any remote video, else the own camera.
   */
  activeVideo(): HTMLVideoElement | undefined {
    const root = this.#root;
    for (const selector of ['[part="stage"] video', '.tile.speaking:not(.self) video', '.tile:not(.self) video', '.tile.self video']) {
      const video = root.querySelector<HTMLVideoElement>(selector);
      if (video) return video;
    }
    return undefined;
  }

  /** Ctrl+Shift+M / O / K while the focus is anywhere in the element (or its pop-out window), during the call. */
  handleShortcut = (event: KeyboardEvent) => {
    const input = this.#input;
    if (!this.#inCall || !input || !event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) return;
    const key = event.key.toLowerCase();
    const { state, actions } = input;
    if (key === 'm') actions.setMuted(!state.muted);
    else if (key === 'o') actions.setCameraOn(!state.cameraOn);
    else if (key === 'k') actions.toggleHand();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  /**
   * The floating self-view is dragged to the nearest corner, off whoever it covered. Corners are
   * logical (start/end of the line), so the CSS mirrors with the element's direction.
   */
  #corner: 'bottom-end' | 'bottom-start' | 'top-end' | 'top-start' = 'bottom-end';

  /** The same move without dragging (keyboard, switch access): the next corner, clockwise. */
  #nextCorner = () => {
    const order = ['bottom-end', 'bottom-start', 'top-start', 'top-end'] as const;
    this.#corner = order[(order.indexOf(this.#corner) + 1) % order.length];
    this.#host.requestUpdate();
  };

  #onPipDown = (event: PointerEvent) => {
    const tile = event.currentTarget as HTMLElement;
    const area = tile.offsetParent as HTMLElement | null;
    if (!area || event.button !== 0) return;
    tile.setPointerCapture(event.pointerId);
    const start = { x: event.clientX, y: event.clientY };
    const move = (moved: PointerEvent) => {
      tile.style.translate = `${moved.clientX - start.x}px ${moved.clientY - start.y}px`;
    };
    const up = (released: PointerEvent) => {
      tile.removeEventListener('pointermove', move);
      tile.removeEventListener('pointerup', up);
      tile.removeEventListener('pointercancel', up);
      tile.style.translate = '';
      const box = area.getBoundingClientRect();
      const vertical = released.clientY < box.top + box.height / 2 ? 'top' : 'bottom';
      const left = released.clientX < box.left + box.width / 2;
      const rtl = getComputedStyle(tile).direction === 'rtl';
      const horizontal = left !== rtl ? 'start' : 'end';
      this.#corner = `${vertical}-${horizontal}`;
      this.#host.requestUpdate();
    };
    tile.addEventListener('pointermove', move);
    tile.addEventListener('pointerup', up);
    tile.addEventListener('pointercancel', up);
  };

  /** Narrow embeds (phones, sidebars): floating self-view, panels as full-size sheets. */
  #narrow(): boolean {
    // The element's own width: a chat panel opening beside the call must not turn a desktop
    // layout into a phone one (labels gone, self-view floating) and back.
    return (this.#ownWidth() || this.#barWidth()) < NARROW_PX;
  }

  /**
   * A participant joined or left (polite toast). A burst collapses into one toast that counts
   * ("3 people joined") instead of a stack over the tiles.
   */
  announce(kind: 'joined' | 'left', name: string): void {
    const t = this.#t();
    if (!t) return;
    const open = this.#toasts.find((toast) => toast.kind === kind);
    const names = open ? [...(open.names ?? []), name] : [name];
    const text =
      names.length === 1
        ? t.t(kind === 'joined' ? 'toast.joined' : 'toast.left', { name })
        : t.t(kind === 'joined' ? 'toast.joinedMany' : 'toast.leftMany', { count: names.length });
    if (open) this.#dropToast(open.id);
    this.notify(text, kind, names);
  }

  /** The meeting changed what the user may do, or their role: each change in one polite toast. */
  announceCapabilities(next: MeetingState, previous: MeetingState): void {
    const t = this.#t();
    const sentences = t ? capabilityAnnouncements(t, next, previous) : [];
    // One toast: the toast area keeps only the last few, and a role change brings several at once.
    if (sentences.length > 0) this.notify(joinSentences(sentences, t!.locale));
  }

  /** Who came into the spotlight or left it, in one polite toast ("Grace Hopper is spotlighted"). */
  announceSpotlight(next: MeetingState, previous: MeetingState): void {
    const t = this.#t();
    if (!t) return;
    const nameOf = (id: string) =>
      next.participants.find((participant) => participant.id === id)?.displayName ??
      previous.participants.find((participant) => participant.id === id)?.displayName;
    const sentences: string[] = [];
    const say = (ids: string[], key: 'on' | 'off') => {
      for (const id of ids) {
        if (id === next.selfId) sentences.push(t.t(key === 'on' ? 'spotlight.onSelf' : 'spotlight.offSelf'));
        else {
          const name = nameOf(id);
          if (name !== undefined) sentences.push(t.t(key === 'on' ? 'spotlight.on' : 'spotlight.off', { name }));
        }
      }
    };
    say(next.spotlightedParticipants.filter((id) => !previous.spotlightedParticipants.includes(id)), 'on');
    say(previous.spotlightedParticipants.filter((id) => !next.spotlightedParticipants.includes(id)), 'off');
    // One sentence reads as a toast ("Grace Hopper is spotlighted"); several are punctuated to be read apart.
    if (sentences.length === 1) this.notify(sentences[0]);
    else if (sentences.length > 1) this.notify(joinSentences(sentences, t.locale));
  }

  /** Shows a short message in the toast area (aria-live polite). */
  notify(text: string, kind?: 'joined' | 'left', names?: string[]): void {
    const id = ++this.#toastId;
    this.#toasts = [...this.#toasts.slice(-1), { id, text, kind, names }];
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#dropToast(id);
    }, TOAST_MS);
    this.#timers.add(timer);
    this.#toastTimers.set(id, timer);
    this.#host.requestUpdate();
  }

  /** A toast with one of this chunk's messages. */
  say(key: keyof MeetingUiCatalog, params?: Record<string, string>): void {
    const t = this.#t();
    if (t) this.notify(t.t(key, params));
  }

  /** A preview of a new chat message beside the Chat button for a few seconds; none clears it. */
  previewMessage(name?: string, text?: string): void {
    if (this.#preview) clearTimeout(this.#preview.timer);
    this.#preview =
      name === undefined
        ? undefined
        : {
            name,
            text: text ?? '',
            timer: setTimeout(() => {
              this.#preview = undefined;
              this.#host.requestUpdate();
            }, PREVIEW_MS),
          };
    this.#host.requestUpdate();
  }

  #renderPreview(t: T, input: MeetingUiInput): TemplateResult | typeof nothing {
    const preview = this.#preview;
    if (!preview || !input.chat.available || input.chat.open) return nothing;
    const label = t.t('chatPreview.label', { name: preview.name });
    // Named by its content (no aria-label): the hidden sentence for screen readers, the visible parts hidden from them.
    return html`<button class="chat-preview" part="chat-preview" id="chat-preview" @click=${() => input.actions.toggleChat()}>
      <span class="sr">${label}: ${preview.text}</span>
      <strong aria-hidden="true">${preview.name}</strong><span class="preview-text" aria-hidden="true">${preview.text}</span>
    </button>`;
  }

  #dropToast(id: number): void {
    const timer = this.#toastTimers.get(id);
    if (timer) {
      clearTimeout(timer);
      this.#timers.delete(timer);
      this.#toastTimers.delete(id);
    }
    this.#toasts = this.#toasts.filter((toast) => toast.id !== id);
    this.#host.requestUpdate();
  }

  /** Forgets the call: disposes every video view, clears toasts and timers. */
  /**
   * Once connected: whether the browser holds the meeting's sound until a gesture (then "Tap to
   * turn on sound" shows until a tap resumes it). Lives here, in the in-call chunk, not the entry.
   */
  checkAudio(): boolean {
    return this.#audio.check();
  }

  reset(): void {
    this.#audio.dispose();
    this.#views.retain(new Set());
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#toastTimers.clear();
    if (this.#reactionTimer) clearTimeout(this.#reactionTimer);
    this.#reactionTimer = undefined;
    this.#toasts = [];
    this.#panel = undefined;
    this.#menu = undefined;
    this.#effects?.picker.stop();
    this.#input = undefined;
    this.#inCall = false;
    this.#shortcutsOpen = false;
    if (this.#stopped) clearTimeout(this.#stopped.timer);
    this.#stopped = undefined;
    this.#consentWasPending = false;
    this.#room = null;
    if (this.#preview) clearTimeout(this.#preview.timer);
    this.#preview = undefined;
    this.#startedAt = undefined;
    if (this.#clock) clearInterval(this.#clock);
    this.#clock = undefined;
  }

  /** Called after each host render: releases the video views that render did not use. */
  afterRender(): void {
    const call = this.#root.querySelector('.call') ?? undefined;
    if (call !== this.#observed) {
      this.#resize?.disconnect();
      this.#observed = call;
      if (call) this.#resize?.observe(call);
    }
    const dialog = this.#root.querySelector<HTMLDialogElement>('#shortcuts-dialog');
    if (dialog && !dialog.open) dialog.showModal();
    this.#views.retain(this.#rendered ? this.#used : new Set());
    this.#rendered = false;
    this.#used = new Set();
    const state = this.#input?.state;
    if (state && !this.#reactionTimer && state.reactions.some((entry) => Date.now() - entry.at < REACTION_MS)) {
      this.#reactionTimer = setTimeout(() => {
        this.#reactionTimer = undefined;
        this.#host.requestUpdate();
      }, 1000);
    }
  }

  render(input: MeetingUiInput): TemplateResult {
    this.#input = input;
    this.#rendered = true;
    this.#inCall = input.phase === 'connected' || input.phase === 'reconnecting';
    const room = input.state.breakoutRoom;
    // After this render, not during it: a toast updates the host.
    if (returnedToMain(room, this.#room)) queueMicrotask(() => this.say('breakout.back'));
    this.#room = room;
    if (this.#inCall && this.#startedAt === undefined) {
      this.#startedAt = Date.now();
      this.#clock = setInterval(() => this.#host.requestUpdate(), 1000);
    }
    const t = new Translator('meetingUi', meetingUiStrings, input.locale, input.overrides);
    const live = html`${this.#renderCompliance(t, input)}${this.#renderStatus(t, input)}`;
    if (input.phase === 'lobby') {
      return html`<div class="call">
        ${live}
        <div class="center" part="lobby">
          <div class="spinner" aria-hidden="true"></div>
          <h2>${t.t('lobby.title')}</h2>
          <p class="muted">${t.t('lobby.body')}</p>
          <button class="btn" @click=${() => input.actions.requestLeave()}>${t.t('lobby.leave')}</button>
        </div>
        ${this.#renderToasts()}
      </div>`;
    }
    const layout = this.#layout(input);
    return html`<div class="call">
      ${live} ${this.#renderConsent(t, input)}
      <div class="call-body">
        <div class="content">
          ${this.#renderStage(t, input, layout)} ${this.#renderGallery(t, input, layout)} ${this.#renderToasts()}
          ${this.#renderTimer(t)}
        </div>
        ${this.#panel === 'participants' ? this.#renderParticipants(t, input) : nothing}
      </div>
      ${input.state.captions.active ? this.#renderCaptions(t, input) : nothing} ${this.#renderControls(t, input)}
      ${this.#renderShortcuts(t)}
    </div>`;
  }

  /** The screen after the call, one per reason; Rejoin where joining again can work. */
  renderEnded(input: MeetingUiInput, end: EndInfo, canJoin: boolean, rejoin: () => void): TemplateResult {
    this.#input = input;
    this.#inCall = false;
    const t = new Translator('meetingUi', meetingUiStrings, input.locale, input.overrides);
    const reason = end.reason;
    return html`<div class="center" part="end-screen" data-reason=${reason}>
      <h2 tabindex="-1">${t.t(`ended.${reason}.title`)}</h2>
      <p class="muted">${t.t(`ended.${reason}.body`, { code: end.code, subCode: end.subCode })}</p>
      <div class="end-actions">
        ${REJOINABLE.has(reason) && canJoin
          ? html`<button class="btn primary" @click=${rejoin}>${t.t('ended.rejoin')}</button>`
          : nothing}
        ${input.chat.available
          ? html`<button
              id="end-chat"
              class="btn with-icon"
              aria-pressed=${input.chat.open ? 'true' : 'false'}
              @click=${() => input.actions.toggleChat()}
            >
              ${icons.chat}<span>${t.t('controls.chat')}</span>
            </button>`
          : nothing}
      </div>
    </div>`;
  }

  /** One of this chunk's strings in the current language (for the pop-out placeholder). */
  text(key: keyof MeetingUiCatalog): string {
    return this.#t()?.t(key) ?? meetingUiStrings[key];
  }

  #t(): T | undefined {
    const input = this.#input;
    return input && new Translator('meetingUi', meetingUiStrings, input.locale, input.overrides);
  }

  #view(streamId: string | undefined): HTMLElement | undefined {
    if (!streamId || !this.#input) return undefined;
    this.#used.add(streamId);
    const { actions } = this.#input;
    return this.#views.get(streamId, (id) => actions.createView(id));
  }

  // ---- banners -------------------------------------------------------------------------------

  #renderCompliance(t: T, input: MeetingUiInput): TemplateResult {
    const { recording, transcription, consentRequired } = input.state;
    const starting = recording === 'on' || transcription === 'on';
    // Stopped (and nothing on): the banner says so for a while or until dismissed, then a small
    // indicator stays; `state.recording` keeps 'stopped' for the page all along.
    const stoppedKey = !starting && (recording === 'stopped' || transcription === 'stopped') ? `${recording}/${transcription}` : undefined;
    if (stoppedKey !== this.#stopped?.key) {
      if (this.#stopped?.timer) clearTimeout(this.#stopped.timer);
      this.#stopped = stoppedKey
        ? {
            key: stoppedKey,
            collapsed: false,
            timer: setTimeout(() => this.#collapseStopped(), STOPPED_BANNER_MS),
          }
        : undefined;
    }
    const collapsed = this.#stopped?.collapsed ?? false;
    const sentences = complianceSentences(recording, transcription, consentRequired).map((key) => t.t(key));
    // The live region stays in the DOM so that the banner appearing inside it is announced.
    return html`<div class="live" role="status" aria-live=${starting ? 'assertive' : 'polite'}>
      ${input.showComplianceBanner && sentences.length > 0 && !collapsed
        ? html`<div
            part="compliance-banner"
            class="banner compliance"
            data-recording=${recording}
            data-transcription=${transcription}
          >
            <span class="rec-dot ${starting ? 'on' : ''}" aria-hidden="true"></span>
            <span class="banner-text">${sentences.join(' ')}</span>
            ${stoppedKey
              ? html`<button class="icon-button" id="compliance-dismiss" aria-label=${t.t('compliance.dismiss')} title=${t.t('compliance.dismiss')} @click=${() => this.#collapseStopped(true)}>
                  ${icons.close}
                </button>`
              : nothing}
          </div>`
        : nothing}
      ${input.showComplianceBanner && stoppedKey && collapsed
        ? html`<span part="compliance-indicator" class="compliance-indicator" data-recording=${recording} data-transcription=${transcription}
            ><span class="rec-dot" aria-hidden="true"></span>${t.t(
              recording === 'stopped' && transcription === 'stopped'
                ? 'compliance.indicator.both'
                : recording === 'stopped'
                  ? 'compliance.indicator.recording'
                  : 'compliance.indicator.transcription',
            )}</span
          >`
        : nothing}
    </div>`;
  }

  #collapseStopped(byUser = false): void {
    if (!this.#stopped || this.#stopped.collapsed) return;
    clearTimeout(this.#stopped.timer);
    this.#stopped = { ...this.#stopped, collapsed: true };
    this.#host.requestUpdate();
    if (byUser) void this.#focusAfterRender('#ctl-mic');
  }

  #renderStatus(t: T, input: MeetingUiInput): TemplateResult {
    const { diagnostics, network: quality, cameraOn } = input.state;
    const network = quality.self === 'poor' || quality.self === 'bad' || diagnostics.some((name) => /network/i.test(name));
    const media = diagnostics.some((name) => /microphone|camera|speaker/i.test(name));
    return html`<div class="live" role="status" aria-live="polite">
      ${this.#audio.blocked
        ? html`<div class="banner notice">
            <button part="audio-blocked" class="btn primary" id="audio-unlock" @click=${() => this.#audio.unlock()}>
              ${icons.speaker}<span>${t.t('audio.tapToTurnOn')}</span>
            </button>
          </div>`
        : nothing}
      ${input.phase === 'reconnecting'
        ? html`<div class="banner notice" part="reconnecting">${t.t('reconnecting')}</div>`
        : nothing}
      ${network && input.phase !== 'reconnecting'
        ? html`<div class="banner notice" part="diagnostics" data-diagnostic="network">
            <span>${t.t('diagnostics.network')}</span>
            ${cameraOn
              ? html`<button class="btn small" id="network-video-off" @click=${() => input.actions.setCameraOn(false)}>
                  ${t.t('network.turnOffVideo')}
                </button>`
              : nothing}
          </div>`
        : nothing}
      ${media ? html`<div class="banner notice" part="diagnostics">${t.t('diagnostics.media')}</div>` : nothing}
      ${renderBreakoutBanner(t, input.locale, input.state.breakoutRoom, {
        // Each button goes away once pressed: the focus goes to the microphone, not the page.
        join: () => {
          input.actions.joinBreakoutRoom();
          void this.#focusAfterRender('#ctl-mic');
        },
        returnToMain: () => {
          input.actions.returnToMainMeeting();
          void this.#focusAfterRender('#ctl-mic');
        },
      })}
    </div>`;
  }

  #renderConsent(t: T, input: MeetingUiInput): TemplateResult | typeof nothing {
    const { consentRequired, consentGranted, recording, transcription } = input.state;
    const pending = consentRequired && !consentGranted;
    if (this.#consentWasPending && !pending && consentGranted) {
      // After "I agree", say what the user can do now (as a toast, once).
      queueMicrotask(() => this.notify(t.t('consent.granted')));
    }
    this.#consentWasPending = pending;
    if (!pending) return nothing;
    const what = recording === 'on' && transcription === 'on' ? 'both' : transcription === 'on' && recording !== 'on' ? 'transcription' : 'recording';
    return html`<section
      part="consent"
      class="consent"
      role="dialog"
      aria-modal="false"
      aria-labelledby="consent-title"
      aria-describedby="consent-body"
    >
      <h2 id="consent-title">${t.t(`consent.title.${what}`)}</h2>
      <p id="consent-body">${t.t(`consent.body.${what}`)}</p>
      <div class="actions">
        <button class="btn primary" id="consent-agree" @click=${() => input.actions.grantConsent()}>
          ${t.t('consent.agree')}
        </button>
        <button class="btn" @click=${() => input.actions.requestLeave()}>${t.t('consent.leave')}</button>
      </div>
    </section>`;
  }

  // ---- stage and gallery ---------------------------------------------------------------------

  #layout(input: MeetingUiInput): StageLayout {
    const sharing = input.state.participants.some((participant) => participant.screenShareStreamId);
    return arrangeStage(input.state, input.pinned, sharing);
  }

  #renderStage(t: T, input: MeetingUiInput, layout: StageLayout): TemplateResult | typeof nothing {
    const presenter = input.state.participants.find((participant) => participant.screenShareStreamId);
    if (presenter) {
      const view = this.#view(presenter.screenShareStreamId);
      const label = t.t('stage.presenting', { name: presenter.displayName });
      return html`<figure part="stage" class="stage" aria-label=${t.t('stage.label')}>
        <div class="stage-video">${view ?? html`<div class="spinner" aria-hidden="true"></div>`}</div>
        <figcaption>${label}</figcaption>
      </figure>`;
    }
    if (input.state.screenSharing) {
      return html`<div part="stage" class="stage self-share" role="note">${t.t('stage.youPresenting')}</div>`;
    }
    if (layout.stage.length > 0) {
      // Spotlighted (and pinned) people, large, before the gallery and its dominant speaker.
      return html`<ul part="stage" class="stage spotlight" aria-label=${t.t('stage.label')}>
        ${layout.stage.map((participant) => this.#renderTile(t, input, participant, layout.withoutVideo.has(participant.id)))}
      </ul>`;
    }
    return nothing;
  }

  #renderGallery(t: T, input: MeetingUiInput, layout: StageLayout): TemplateResult {
    const { state } = input;
    const remote = state.participants.filter((participant) => participant.state !== 'lobby');
    const { gallery: visible, overflow, withoutVideo } = layout;
    const staged = layout.stage.length > 0 || state.participants.some((participant) => participant.screenShareStreamId);
    const narrow = this.#narrow();
    // The gallery scrolls when tiles do not fit: it takes focus so keyboard users can scroll it.
    const remoteTiles = visible.length + (overflow > 0 ? 1 : 0);
    // One other person, or a narrow embed: the own view floats over a corner, always in sight.
    // With more people in a wide one, it takes a cell of the grid, so it never covers a name label.
    const pip = remoteTiles >= 1 && !staged && (remoteTiles === 1 || narrow);
    const tiles = remoteTiles + (pip ? 0 : 1);
    const columns = narrow ? (tiles <= 2 ? 1 : 2) : tiles <= 1 ? 1 : tiles <= 4 ? 2 : tiles <= 9 ? 3 : 4;
    return html`<ul
      part="gallery"
      class="gallery ${staged ? 'strip' : ''}"
      data-columns=${columns}
      data-narrow=${narrow ? 'true' : nothing}
      aria-label=${t.t('gallery.label')}
      tabindex="0"
    >
      ${visible.map((participant) => this.#renderTile(t, input, participant, withoutVideo.has(participant.id)))}
      ${overflow > 0
        ? html`<li part="tile" class="tile overflow">
            <button
              class="overflow-button"
              aria-label=${t.plural('gallery.overflowLabel', overflow)}
              title=${t.t('gallery.overflowOne')}
              @click=${() => this.#togglePanel('participants', true)}
            >
              ${t.t('gallery.overflow', { count: overflow })}
            </button>
          </li>`
        : nothing}
      ${remote.length === 0 ? html`<li class="alone muted">${t.t('gallery.alone')}</li>` : nothing}
      ${this.#renderSelf(t, input, pip)}
    </ul>`;
  }

  #renderTile(t: T, input: MeetingUiInput, participant: ParticipantSnapshot, noVideo = false): TemplateResult {
    const { state } = input;
    const dominant = participant.speaking || state.dominantSpeakers[0] === participant.id;
    const video = participant.videoStreamId && !noVideo ? this.#view(participant.videoStreamId) : undefined;
    const reaction = recentReaction(state, participant.id);
    const pinned = input.pinned === participant.id;
    const spotlighted = state.spotlightedParticipants.includes(participant.id);
    return html`<li
      part="tile"
      class="tile ${dominant ? 'speaking' : ''}"
      data-participant=${participant.id}
      data-video=${video ? 'on' : 'off'}
      data-spotlighted=${spotlighted ? 'true' : nothing}
      data-pinned=${pinned ? 'true' : nothing}
    >
      ${video ? html`<div class="video">${video}</div>` : this.#avatar(participant.displayName)}
      ${this.#tileLabel(t, participant.displayName, participant.muted, participant.handRaised, participant.speaking, state.network.participants[participant.id], {
        spotlighted,
        pinned,
      })}
      ${reaction ? this.#reactionBadge(t, participant.displayName, reaction) : nothing}
      ${this.#pinButton(t, input, participant, 'tile-pin')}
    </li>`;
  }

  /** Pin / Unpin, on a tile and in the participant list (the way to pin someone behind "+N"). */
  #pinButton(t: T, input: MeetingUiInput, participant: ParticipantSnapshot, kind: 'tile-pin' | 'icon-button'): TemplateResult {
    const pinned = input.pinned === participant.id;
    const label = t.t(pinned ? 'pin.unpin' : 'pin.pin', { name: participant.displayName });
    return html`<button part="pin-button" class=${kind} data-pin=${participant.id} aria-label=${label} title=${label} @click=${() => input.actions.togglePin(participant.id)}>
      ${pinned ? icons.unpin : icons.pin}
    </button>`;
  }

  /** The local preview: a tile of its own when alone, else a small picture-in-picture. */
  #renderSelf(t: T, input: MeetingUiInput, pip: boolean): TemplateResult {
    const { state } = input;
    const video = state.cameraOn ? this.#view(state.localVideoStreamId) : undefined;
    const reaction = state.selfId ? recentReaction(state, state.selfId) : undefined;
    return html`<li
      part="tile"
      class="tile self ${pip ? 'pip' : ''}"
      data-self
      data-corner=${pip ? this.#corner : nothing}
      data-video=${video ? 'on' : 'off'}
      @pointerdown=${pip ? this.#onPipDown : nothing}
    >
      ${video ? html`<div class="video mirror">${video}</div>` : this.#avatar(state.displayName ?? '')}
      ${this.#tileLabel(t, t.t('self.label'), state.muted, state.handRaised, false, state.network.self, {
        spotlighted: Boolean(state.selfId && state.spotlightedParticipants.includes(state.selfId)),
        pinned: false,
      })}
      ${reaction ? this.#reactionBadge(t, t.t('self.label'), reaction) : nothing}
      ${pip
        ? html`<button
            class="pip-move"
            id="pip-move"
            aria-label=${t.t('self.move')}
            title=${t.t('self.move')}
            @pointerdown=${(event: PointerEvent) => event.stopPropagation()}
            @click=${this.#nextCorner}
          >
            ${icons.move}
          </button>`
        : nothing}
    </li>`;
  }

  #avatar(name: string): TemplateResult {
    return html`<div class="avatar" aria-hidden="true"><span>${initials(name)}</span></div>`;
  }

  #tileLabel(
    t: T,
    name: string,
    muted: boolean,
    handRaised: boolean,
    speaking: boolean,
    network?: NetworkLevel,
    stage: { spotlighted: boolean; pinned: boolean } = { spotlighted: false, pinned: false },
  ): TemplateResult {
    // Like Teams, only a poor connection is shown: a good or unknown one says nothing.
    const weak = network === 'poor' || network === 'bad' ? t.t(`network.${network}`, { name }) : undefined;
    return html`<div class="tile-label">
      ${stage.spotlighted
        ? html`<span class="badge spotlight" data-badge="spotlight" title=${t.t('spotlight.badge')}
            >${icons.spotlight}<span class="sr">${t.t('spotlight.badge')}</span></span
          >`
        : nothing}
      ${stage.pinned
        ? html`<span class="badge" data-badge="pinned" title=${t.t('pin.badge')}>${icons.pin}<span class="sr">${t.t('pin.badge')}</span></span>`
        : nothing}
      <bdi class="name">${name}</bdi>
      ${weak
        ? html`<span class="badge network" data-badge="network" data-level=${network ?? nothing} role="img" aria-label=${weak} title=${weak}
            >${icons.network}</span
          >`
        : nothing}
      ${handRaised
        ? html`<span class="badge hand" data-badge="hand" title=${t.t('status.handRaised')}
            >${icons.hand}<span class="sr">${t.t('status.handRaised')}</span></span
          >`
        : nothing}
      ${muted
        ? html`<span class="badge" data-badge="muted" title=${t.t('status.muted')}
            >${icons.micOff}<span class="sr">${t.t('status.muted')}</span></span
          >`
        : nothing}
      ${speaking ? html`<span class="sr">${t.t('status.speaking')}</span>` : nothing}
    </div>`;
  }

  #reactionBadge(t: T, name: string, reaction: ReactionType): TemplateResult {
    const label = t.t('reaction.from', { name, reaction: t.t(`reaction.${reaction}`) });
    return html`<span class="reaction" data-reaction=${reaction} role="img" aria-label=${label}
      >${reactionArt[reaction]}</span
    >`;
  }

  // ---- captions, toasts ----------------------------------------------------------------------

  #renderCaptions(t: T, input: MeetingUiInput): TemplateResult {
    const entries = input.state.captions.entries.slice(-CAPTION_LINES);
    return html`<div part="captions" class="captions" role="region" aria-label=${t.t('captions.label')}>
      ${entries.length === 0
        ? html`<p class="muted">${t.t('captions.waiting')}</p>`
        : entries.map(
            (entry) => html`<p class=${entry.final ? '' : 'partial'}>
              <strong>${entry.speakerName}</strong> ${entry.text}
            </p>`,
          )}
    </div>`;
  }

  #renderToasts(): TemplateResult {
    return html`<div part="toasts" class="toasts" role="status" aria-live="polite">
      ${this.#toasts.map((toast) => html`<div class="toast">${toast.text}</div>`)}
    </div>`;
  }

  // ---- controls ------------------------------------------------------------------------------

  /** The controls as descriptors, in bar order; `layoutControls` decides what fits in one row. */
  #controlDescriptors(t: T, input: MeetingUiInput): ControlDescriptor[] {
    const { state, actions, chat } = input;
    const consentPending = state.consentRequired && !state.consentGranted;
    const locked = t.t('controls.lockedByConsent');
    const participantsCount = state.participants.filter((participant) => participant.state !== 'lobby').length + 1;
    const controls: ControlDescriptor[] = [
      {
        id: 'ctl-mic',
        label: state.muted ? t.t('controls.unmute') : t.t('controls.mute'),
        icon: state.muted ? icons.micOff : icons.mic,
        priority: 1,
        off: state.muted,
        locked: consentPending && state.muted,
        lockedReason: locked,
        shortcut: SHORTCUTS.mute,
        run: () => actions.setMuted(!state.muted),
      },
      {
        id: 'ctl-camera',
        label: state.cameraOn ? t.t('controls.cameraStop') : t.t('controls.cameraStart'),
        icon: state.cameraOn ? icons.camera : icons.cameraOff,
        priority: 2,
        off: !state.cameraOn,
        locked: consentPending && !state.cameraOn,
        lockedReason: locked,
        shortcut: SHORTCUTS.camera,
        run: () => actions.setCameraOn(!state.cameraOn),
      },
      {
        id: 'ctl-share',
        label: state.screenSharing ? t.t('controls.stopShare') : t.t('controls.share'),
        icon: state.screenSharing ? icons.shareStop : icons.share,
        priority: 6,
        active: state.screenSharing,
        run: () => actions.toggleScreenShare(),
      },
      {
        id: 'ctl-hand',
        label: state.handRaised ? t.t('controls.lowerHand') : t.t('controls.raiseHand'),
        icon: icons.hand,
        priority: 4,
        active: state.handRaised,
        shortcut: SHORTCUTS.hand,
        run: () => actions.toggleHand(),
      },
      {
        id: 'ctl-reactions',
        label: t.t('controls.reactions'),
        icon: icons.smile,
        priority: 5,
        expanded: this.#menu === 'reactions',
        controls: 'reactions-menu',
        run: () => this.#toggleMenu('reactions'),
      },
      {
        id: 'ctl-captions',
        label: t.t('controls.captions'),
        icon: icons.captions,
        priority: 8,
        pressed: state.captions.active,
        run: () => actions.toggleCaptions(),
      },
      {
        id: 'ctl-participants',
        label: t.t('controls.participants'),
        icon: icons.people,
        priority: 7,
        pressed: this.#panel === 'participants',
        badge: { count: participantsCount },
        run: () => this.#togglePanel('participants'),
      },
      {
        id: 'ctl-devices',
        label: t.t('controls.devices'),
        icon: icons.settings,
        priority: 9,
        expanded: this.#menu === 'devices',
        controls: 'devices-menu',
        run: () => this.#toggleMenu('devices'),
      },
    ];
    if (chat.available) {
      controls.push({
        id: 'ctl-chat',
        label: t.t('controls.chat'),
        icon: icons.chat,
        priority: 3,
        pressed: chat.open,
        badge: { count: chat.unread, label: t.plural('unread', chat.unread), alert: true },
        run: () => actions.toggleChat(),
      });
    }
    const selfSpotlighted = Boolean(state.selfId && state.spotlightedParticipants.includes(state.selfId));
    // Offered to organizers and presenters the meeting lets spotlight (a role not known yet, or a
    // capability not resolved yet, offers nothing to the many guests who could not use it).
    const mayStart = state.capabilities.spotlightParticipant.allowed && state.role !== 'attendee' && state.role !== 'unknown';
    if (selfSpotlighted || mayStart) {
      controls.push({
        id: 'ctl-spotlight',
        label: selfSpotlighted ? t.t('spotlight.stop') : t.t('spotlight.start'),
        icon: icons.spotlight,
        priority: 10,
        active: selfSpotlighted,
        run: () => actions.toggleSpotlight(),
      });
    }
    if (input.poppedOut || popoutAvailable(state)) {
      controls.push({
        id: 'ctl-popout',
        label: input.poppedOut ? t.t('controls.popIn') : t.t('controls.popOut'),
        icon: input.poppedOut ? icons.popIn : icons.popOut,
        priority: 10,
        active: Boolean(input.poppedOut),
        run: () => actions.togglePopout(),
      });
    }
    controls.push(
      {
        id: 'ctl-effects',
        label: t.t('controls.effects'),
        icon: icons.effects,
        priority: 99,
        placement: 'menu',
        expanded: this.#menu === 'effects',
        controls: 'effects-menu',
        run: () => this.#openEffects(),
      },
      {
        id: 'ctl-shortcuts',
        label: t.t('controls.shortcuts'),
        icon: icons.keyboard,
        priority: 100,
        placement: 'menu',
        run: () => this.#openShortcuts(),
      },
      {
        id: 'ctl-leave',
        label: t.t('controls.leave'),
        icon: icons.leave,
        priority: 0,
        placement: 'end',
        danger: true,
        run: () => actions.requestLeave(),
      },
    );
    return applyCapabilityLocks(t, state, controls);
  }

  #renderControls(t: T, input: MeetingUiInput): TemplateResult {
    const { slots, labels } = barCapacity(this.#barWidth(), !this.#narrow());
    const layout = layoutControls(this.#controlDescriptors(t, input), slots);
    const more = layout.menu.length > 0 ? moreDescriptor(t.t('controls.more'), layout.menu, this.#menu === 'more', () => this.#toggleMenu('more')) : undefined;
    const row = [...layout.bar, ...(more ? [more] : []), ...layout.end];
    if (this.#focusIndex >= row.length) this.#focusIndex = row.length - 1;
    return html`<div class="controls-wrap" data-labels=${labels ? 'on' : 'off'}>
      ${this.#menu === 'reactions' ? this.#renderReactions(t, input.actions) : nothing}
      ${this.#menu === 'devices' ? this.#renderDevices(t, input) : nothing}
      ${this.#menu === 'effects' ? this.#renderEffects(t, input) : nothing}
      ${this.#menu === 'more' ? this.#renderMore(t, layout.menu) : nothing}
      <div class="live" role="status" aria-live="polite">${this.#renderPreview(t, input)}</div>
      <div
        part="controls"
        class="controls"
        role="toolbar"
        aria-label=${t.t('controls.label')}
        aria-orientation="horizontal"
        @keydown=${this.#onToolbarKey}
      >
        ${row.map((control, position) =>
          renderBarButton(control, position === this.#focusIndex, () => {
            this.#focusIndex = position;
          }),
        )}
      </div>
    </div>`;
  }

  #renderMore(t: T, menu: ControlDescriptor[]): TemplateResult {
    return html`<div
      class="popup more-menu"
      id="more-menu"
      role="menu"
      aria-label=${t.t('controls.moreMenu')}
      @keydown=${this.#onMenuKey}
    >
      ${menu.map((control) => renderMenuItem(control, () => this.#closeMenu(control.expanded === undefined ? '#ctl-more' : undefined)))}
    </div>`;
  }

  /** Menu keyboard pattern: arrows, Home and End move between items; Escape and Tab close. */
  #onMenuKey = (event: KeyboardEvent) => {
    const items = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role^="menuitem"]')];
    const current = items.indexOf(event.target as HTMLElement);
    if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') event.preventDefault();
      this.#closeMenu('#ctl-more');
      return;
    }
    const next =
      event.key === 'ArrowDown'
        ? (current + 1) % items.length
        : event.key === 'ArrowUp'
          ? (current - 1 + items.length) % items.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? items.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    items[next].focus();
  };

  /** The width the bar has: measured once rendered, else the element's own width. */
  #barWidth(): number {
    return this.#width || this.#ownWidth() || 800;
  }

  /** Toolbar keyboard pattern: arrows, Home and End move focus between the buttons. */
  #onToolbarKey = (event: KeyboardEvent) => {
    const toolbar = event.currentTarget as HTMLElement;
    const buttons = [...toolbar.querySelectorAll<HTMLButtonElement>(':scope > button')];
    const current = buttons.indexOf(event.target as HTMLButtonElement);
    if (current < 0) return;
    // Arrows follow the layout: in a right-to-left language the next button is to the left.
    const rtl = getComputedStyle(toolbar).direction === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const back = rtl ? 'ArrowRight' : 'ArrowLeft';
    const next =
      event.key === forward
        ? (current + 1) % buttons.length
        : event.key === back
          ? (current - 1 + buttons.length) % buttons.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? buttons.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    buttons[current].tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
    this.#focusIndex = next;
  };

  #renderTimer(t: T): TemplateResult | typeof nothing {
    if (this.#startedAt === undefined) return nothing;
    const elapsed = formatDuration(Date.now() - this.#startedAt);
    return html`<span class="timer" role="timer" aria-label=${t.t('timer.label')} title=${t.t('timer.label')}
      ><span class="rec-dot live-dot" aria-hidden="true"></span>${elapsed}</span
    >`;
  }

  #openShortcuts(): void {
    this.#shortcutsOpen = true;
    this.#host.requestUpdate();
  }

  #renderShortcuts(t: T): TemplateResult | typeof nothing {
    if (!this.#shortcutsOpen) return nothing;
    const close = () => {
      this.#shortcutsOpen = false;
      this.#host.requestUpdate();
      void this.#focusAfterRender('#ctl-more');
    };
    const rows: [string, string][] = [
      [SHORTCUTS.mute, t.t('shortcuts.mute')],
      [SHORTCUTS.camera, t.t('shortcuts.camera')],
      [SHORTCUTS.hand, t.t('shortcuts.hand')],
    ];
    return html`<dialog id="shortcuts-dialog" class="dialog" aria-labelledby="shortcuts-title" @close=${close}>
      <h2 id="shortcuts-title">${t.t('shortcuts.title')}</h2>
      <p class="muted">${t.t('shortcuts.intro')}</p>
      <dl class="shortcuts">
        ${rows.map(([keys, label]) => html`<div><dt><kbd>${keys}</kbd></dt><dd>${label}</dd></div>`)}
      </dl>
      <form method="dialog"><button class="btn primary" id="shortcuts-close">${t.t('shortcuts.close')}</button></form>
    </dialog>`;
  }

  #toggleMenu(menu: Menu): void {
    this.#menu = this.#menu === menu ? undefined : menu;
    if (this.#menu === 'devices') this.#input?.actions.refreshDevices();
    this.#host.requestUpdate();
    if (this.#menu) void this.#focusAfterRender(`#${menu}-menu button, #${menu}-menu select`);
  }

  /** Closes the open popup; focus returns to `returnTo` (none when another popup takes it). */
  #closeMenu(returnTo: string | undefined): void {
    this.#menu = undefined;
    this.#host.requestUpdate();
    if (returnTo) void this.#focusAfterRender(returnTo);
  }

  /** A popup opened from the More menu returns focus to More (its own button is not in the bar). */
  #popupReturn(id: string): string {
    return this.#root.querySelector(`.controls #${id}`) ? `#${id}` : '#ctl-more';
  }

  #togglePanel(panel: 'participants', open = this.#panel !== panel): void {
    this.#panel = open ? panel : undefined;
    this.#host.requestUpdate();
    void this.#focusAfterRender(open ? '#participants-close' : '#ctl-participants');
  }

  async #focusAfterRender(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#root.querySelector<HTMLElement>(selector)?.focus();
  }

  #renderReactions(t: T, actions: MeetingUiActions): TemplateResult {
    return html`<div
      class="popup reactions"
      id="reactions-menu"
      role="group"
      aria-label=${t.t('controls.reactions')}
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#closeMenu(this.#popupReturn('ctl-reactions'))}
    >
      ${REACTIONS.map(
        (reaction) => html`<button
          class="reaction-button"
          data-reaction=${reaction}
          aria-label=${t.t(`reaction.${reaction}`)}
          title=${t.t(`reaction.${reaction}`)}
          @click=${() => {
            actions.react(reaction);
            this.#closeMenu(this.#popupReturn('ctl-reactions'));
          }}
        >
          ${reactionArt[reaction]}
        </button>`,
      )}
    </div>`;
  }

  #renderDevices(t: T, input: MeetingUiInput): TemplateResult {
    const { microphones, cameras, speakers, selected } = input.devices;
    const field = (
      id: string,
      label: string,
      list: DeviceInfo[],
      value: string | undefined,
      kind: 'microphoneId' | 'cameraId' | 'speakerId',
    ) => html`<label class="field" for=${id}
      ><span>${label}</span>
      <select id=${id} @change=${(event: Event) => input.actions.selectDevice(kind, (event.target as HTMLSelectElement).value)}>
        ${list.length === 0 ? html`<option value="">${t.t('devices.default')}</option>` : nothing}
        ${list.map((device) => html`<option value=${device.id} ?selected=${device.id === value}>${device.name}</option>`)}
      </select></label
    >`;
    return html`<div
      class="popup devices"
      id="devices-menu"
      role="group"
      aria-label=${t.t('controls.devices')}
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#closeMenu(this.#popupReturn('ctl-devices'))}
    >
      ${field('dev-mic', t.t('devices.microphone'), microphones, selected.microphoneId, 'microphoneId')}
      ${field('dev-camera', t.t('devices.camera'), cameras, selected.cameraId, 'cameraId')}
      ${speakers.length > 0
        ? field('dev-speaker', t.t('devices.speaker'), speakers, selected.speakerId, 'speakerId')
        : nothing}
      <label class="noise-check" for="dev-noise"
        ><input
          type="checkbox"
          id="dev-noise"
          .checked=${input.state.noiseSuppression}
          @change=${(event: Event) => {
            const on = (event.target as HTMLInputElement).checked;
            input.actions.setEffects({ noiseSuppression: on }, (service) => service.setNoiseSuppression?.(on), 'failed.noiseSuppression');
          }}
        /><span>${t.t('devices.noiseSuppression')}</span></label
      >
    </div>`;
  }

  /** Opens the effects popup; the first time, loads the picker's chunk and asks the engine. */
  #openEffects(): void {
    this.#toggleMenu('effects');
    if (this.#effects || this.#effectsLoading || !this.#input) return;
    const actions = this.#input.actions;
    this.#effectsLoading = true;
    void import('./effects-picker.js')
      .then(async (module) => {
        actions.adopt(module.effectsPickerStyles);
        const picker = new module.EffectsPicker({
          engine: () => actions.videoEffects(),
          update: () => this.#host.requestUpdate(),
          picked: (effect) => {
            dispatchAcsEvent(this.#host, 'acs-video-effect-changed', { effect });
            actions.setEffects({ videoEffect: effect }, (service) => service.setVideoEffect?.(effect), 'failed.effect');
          },
        });
        this.#effects = { picker, translator: module.setupTranslator };
        this.#host.requestUpdate();
        await picker.load();
      })
      .catch(() => undefined)
      .finally(() => {
        this.#effectsLoading = false;
        this.#host.requestUpdate();
      });
  }

  /** The effect choices; the self view is the live preview (the service applies the effect to it). */
  #renderEffects(t: T, input: MeetingUiInput): TemplateResult {
    const effects = this.#effects;
    return html`<div
      class="popup effects-menu"
      id="effects-menu"
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#closeMenu(this.#popupReturn('ctl-effects'))}
    >
      ${effects
        ? effects.picker.render(effects.translator(input.locale, input.overrides), input.state.videoEffect)
        : html`<p class="muted" role="status">${t.t('controls.effects')}…</p>`}
    </div>`;
  }

  // ---- participants --------------------------------------------------------------------------

  #renderParticipants(t: T, input: MeetingUiInput): TemplateResult {
    const { state, actions } = input;
    const present = state.participants.filter((participant) => participant.state !== 'lobby');
    const lobby = state.canManageLobby ? state.lobby : [];
    return html`<section
      part="participants"
      class="panel"
      aria-labelledby="participants-title"
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#togglePanel('participants', false)}
    >
      <header class="panel-head">
        <h2 id="participants-title">${t.t('participants.title')}</h2>
        <button
          class="icon-button"
          id="participants-close"
          aria-label=${t.t('participants.close')}
          title=${t.t('participants.close')}
          @click=${() => this.#togglePanel('participants', false)}
        >
          ${icons.close}
        </button>
      </header>
      ${lobby.length > 0
        ? html`<h3 id="lobby-heading">${t.t('participants.lobby', { count: lobby.length })}</h3>
            <ul class="people" aria-labelledby="lobby-heading" data-section="lobby">
              ${lobby.map(
                (entry) => html`<li data-participant=${entry.id}>
                  ${this.#avatar(entry.displayName)}
                  <bdi class="person-name">${entry.displayName}</bdi>
                  <span class="person-actions">
                    <button
                      class="btn small primary"
                      data-action="admit"
                      aria-label=${t.t('participants.admitName', { name: entry.displayName })}
                      @click=${() => actions.admit(entry.id)}
                    >
                      ${t.t('participants.admit')}
                    </button>
                    <button
                      class="btn small"
                      data-action="deny"
                      aria-label=${t.t('participants.denyName', { name: entry.displayName })}
                      @click=${() => actions.reject(entry.id)}
                    >
                      ${t.t('participants.deny')}
                    </button>
                  </span>
                </li>`,
              )}
            </ul>`
        : nothing}
      <h3 id="present-heading">${t.t('participants.inMeeting', { count: present.length + 1 })}</h3>
      <ul class="people" aria-labelledby="present-heading" data-section="present">
        <li data-self>
          ${this.#avatar(state.displayName ?? '')}
          <span class="person-name">${t.t('participants.you', { name: state.displayName ?? '' })}</span>
          ${this.#personStatus(t, state.muted, state.handRaised, Boolean(state.selfId && state.spotlightedParticipants.includes(state.selfId)))}
        </li>
        ${present.map(
          (participant) => html`<li data-participant=${participant.id} data-kind=${participant.kind}>
            ${this.#avatar(participant.displayName)}
            <span class="person-name"
              ><bdi>${participant.displayName}</bdi>
              <span class="kind muted">${t.t(`kind.${participant.kind}`)}</span>
              ${participant.state === 'connecting'
                ? html`<span class="kind muted">${t.t('status.connecting')}</span>`
                : participant.state === 'on-hold'
                  ? html`<span class="kind muted">${t.t('status.onHold')}</span>`
                  : nothing}
            </span>
            ${this.#personStatus(t, participant.muted, participant.handRaised, state.spotlightedParticipants.includes(participant.id))}
            ${this.#pinButton(t, input, participant, 'icon-button')}
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #personStatus(t: T, muted: boolean, handRaised: boolean, spotlighted = false): TemplateResult {
    return html`<span class="person-status">
      ${spotlighted
        ? html`<span class="badge spotlight" title=${t.t('spotlight.badge')}
            >${icons.spotlight}<span class="sr">${t.t('spotlight.badge')}</span></span
          >`
        : nothing}
      ${handRaised
        ? html`<span class="badge hand" title=${t.t('status.handRaised')}
            >${icons.hand}<span class="sr">${t.t('status.handRaised')}</span></span
          >`
        : nothing}
      ${muted
        ? html`<span class="badge" title=${t.t('status.muted')}
            >${icons.micOff}<span class="sr">${t.t('status.muted')}</span></span
          >`
        : nothing}
    </span>`;
  }
}

/** "4:05", "1:02:03": the meeting timer. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The banner's sentences for each combination of recording and transcription state. */
export function complianceSentences(
  recording: ComplianceStatus,
  transcription: ComplianceStatus,
  /** Teams asks for explicit consent: the banner states the fact, the consent card asks. */
  explicitConsent = false,
): (keyof MeetingUiCatalog)[] {
  if (recording === 'on' && transcription === 'on') return [explicitConsent ? 'compliance.bothOn' : 'compliance.bothStarted'];
  if (recording === 'stopped' && transcription === 'stopped') return ['compliance.bothStopped'];
  const sentences: (keyof MeetingUiCatalog)[] = [];
  if (recording === 'on') sentences.push(explicitConsent ? 'compliance.recordingOn' : 'compliance.recordingStarted');
  if (transcription === 'on') sentences.push(explicitConsent ? 'compliance.transcriptionOn' : 'compliance.transcriptionStarted');
  if (recording === 'stopped') sentences.push('compliance.recordingStopped');
  if (transcription === 'stopped') sentences.push('compliance.transcriptionStopped');
  return sentences;
}

/**
 * Whether this browser can pop the meeting out: into a window (Document Picture-in-Picture), else
 * a video into the browser's picture-in-picture when one is shown. Neither (Firefox without video,
 * Safari's WebKit without the window API and nothing to show): no button.
 */
/**
 * Several announcements read as one toast: each ends as a sentence, in the language's way (Chinese
 * and Japanese end with 「。」 and need no space between sentences).
 */
function joinSentences(sentences: string[], locale: string): string {
  const cjk = /^(zh|ja)(-|$)/i.test(locale);
  return sentences.map((sentence) => (/[.!?。！？]$/.test(sentence) ? sentence : `${sentence}${cjk ? '。' : '.'}`)).join(cjk ? '' : ' ');
}

function popoutAvailable(state: MeetingState): boolean {
  if ((globalThis as { documentPictureInPicture?: unknown }).documentPictureInPicture) return true;
  if (typeof document === 'undefined' || !document.pictureInPictureEnabled) return false;
  return state.cameraOn || state.participants.some((participant) => participant.videoStreamId || participant.screenShareStreamId);
}

/**
 * The remote participants that get a tile: dominant speakers first claim the `limit` places, then
 * everyone else in join order; the tiles keep join order so they do not jump around.
 */
function recentReaction(state: MeetingState, participantId: string): ReactionType | undefined {
  const now = Date.now();
  for (let i = state.reactions.length - 1; i >= 0; i--) {
    const entry = state.reactions[i];
    if (entry.participantId === participantId && now - entry.at < REACTION_MS) return entry.reaction;
  }
  return undefined;
}

/**
 * Up to two initials from a display name ("Ada Lovelace" → "AL"); '#' for a name without letters
 * (a phone number), '?' for no name.
 */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .map((word) => word.match(/\p{L}/u)?.[0])
    .filter((letter): letter is string => Boolean(letter));
  if (words.length === 0) return name.trim() ? '#' : '?';
  const last = words.length > 1 ? words[words.length - 1] : '';
  return (words[0] + last).toUpperCase();
}
