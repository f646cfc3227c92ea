/**
 * The in-call screens of `<acs-teams-meeting>`: lobby, compliance banner, consent prompt, stage,
 * gallery, captions, control bar, participant list and toasts. Reached only by dynamic import (it
 * becomes the `meeting-ui` chunk), so the script-tag entry stays small; the element preloads it
 * while the user is on the setup screen. It renders into the element's own shadow root, so every
 * `part` here is styleable from the page.
 */
import { html, nothing, type LitElement, type TemplateResult } from 'lit';
import { Translator, type Locale } from '../../i18n/index.js';
import type {
  ComplianceStatus,
  DeviceInfo,
  EndInfo,
  LeftReason,
  MeetingPhase,
  MeetingState,
  ParticipantSnapshot,
  ReactionType,
  VideoView,
} from '../../services/meeting-service.js';
import type { DeviceChoices } from './devices.js';
import { icons } from './icons.js';
import { meetingUiStrings, type MeetingUiCatalog } from './meeting-ui-strings.js';
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
  /** Re-reads the device lists (the setup screen may have been skipped). */
  refreshDevices(): void;
  createView(streamId: string): Promise<VideoView>;
}

export interface MeetingUiInput {
  state: MeetingState;
  phase: MeetingPhase;
  locale: Locale;
  overrides: Partial<Record<string, string>>;
  showComplianceBanner: boolean;
  chat: { available: boolean; open: boolean; unread: number };
  devices: DeviceChoices;
  actions: MeetingUiActions;
}

type T = Translator<MeetingUiCatalog>;

const REACTIONS: readonly ReactionType[] = ['like', 'heart', 'laugh', 'surprised', 'applause'];
const REACTION_MS = 4000;
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
  #toasts: { id: number; text: string }[] = [];
  #toastId = 0;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #reactionTimer?: ReturnType<typeof setTimeout>;
  #panel: 'participants' | undefined;
  #menu: 'reactions' | 'devices' | undefined;
  #focusIndex = 0;
  #input?: MeetingUiInput;

  constructor(host: LitElement) {
    this.#host = host;
    this.#views = new ViewCache(() => host.requestUpdate());
  }

  /** A participant joined or left (polite toast). */
  announce(kind: 'joined' | 'left', name: string): void {
    const t = this.#t();
    if (t) this.notify(t.t(kind === 'joined' ? 'toast.joined' : 'toast.left', { name }));
  }

  /** Shows a short message in the toast area (aria-live polite). */
  notify(text: string): void {
    const id = ++this.#toastId;
    this.#toasts = [...this.#toasts.slice(-2), { id, text }];
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#toasts = this.#toasts.filter((toast) => toast.id !== id);
      this.#host.requestUpdate();
    }, TOAST_MS);
    this.#timers.add(timer);
    this.#host.requestUpdate();
  }

  /** Forgets the call: disposes every video view, clears toasts and timers. */
  reset(): void {
    this.#views.retain(new Set());
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (this.#reactionTimer) clearTimeout(this.#reactionTimer);
    this.#reactionTimer = undefined;
    this.#toasts = [];
    this.#panel = undefined;
    this.#menu = undefined;
    this.#input = undefined;
  }

  /** Called after each host render: releases the video views that render did not use. */
  afterRender(): void {
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
    return html`<div class="call">
      ${live} ${this.#renderConsent(t, input)}
      <div class="call-body">
        <div class="content">
          ${this.#renderStage(t, input)} ${this.#renderGallery(t, input)} ${this.#renderToasts()}
        </div>
        ${this.#panel === 'participants' ? this.#renderParticipants(t, input) : nothing}
      </div>
      ${input.state.captions.active ? this.#renderCaptions(t, input) : nothing} ${this.#renderControls(t, input)}
    </div>`;
  }

  /** The screen after the call, one per reason; Rejoin where joining again can work. */
  renderEnded(input: MeetingUiInput, end: EndInfo, canJoin: boolean, rejoin: () => void): TemplateResult {
    this.#input = input;
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
    const { recording, transcription } = input.state;
    const sentences = complianceSentences(recording, transcription).map((key) => t.t(key));
    const starting = recording === 'on' || transcription === 'on';
    // The live region stays in the DOM so that the banner appearing inside it is announced.
    return html`<div class="live" role="status" aria-live=${starting ? 'assertive' : 'polite'}>
      ${input.showComplianceBanner && sentences.length > 0
        ? html`<div
            part="compliance-banner"
            class="banner compliance"
            data-recording=${recording}
            data-transcription=${transcription}
          >
            <span class="rec-dot ${starting ? 'on' : ''}" aria-hidden="true"></span>
            <span>${sentences.join(' ')}</span>
          </div>`
        : nothing}
    </div>`;
  }

  #renderStatus(t: T, input: MeetingUiInput): TemplateResult {
    const diagnostics = input.state.diagnostics;
    const network = diagnostics.some((name) => /network/i.test(name));
    const media = diagnostics.some((name) => /microphone|camera|speaker/i.test(name));
    return html`<div class="live" role="status" aria-live="polite">
      ${input.phase === 'reconnecting'
        ? html`<div class="banner notice" part="reconnecting">${t.t('reconnecting')}</div>`
        : nothing}
      ${network && input.phase !== 'reconnecting'
        ? html`<div class="banner notice" part="diagnostics">${t.t('diagnostics.network')}</div>`
        : nothing}
      ${media ? html`<div class="banner notice" part="diagnostics">${t.t('diagnostics.media')}</div>` : nothing}
    </div>`;
  }

  #renderConsent(t: T, input: MeetingUiInput): TemplateResult | typeof nothing {
    const { consentRequired, consentGranted } = input.state;
    if (!consentRequired || consentGranted) return nothing;
    return html`<section
      part="consent"
      class="consent"
      role="dialog"
      aria-modal="false"
      aria-labelledby="consent-title"
      aria-describedby="consent-body"
    >
      <h2 id="consent-title">${t.t('consent.title')}</h2>
      <p id="consent-body">${t.t('consent.body')}</p>
      <div class="actions">
        <button class="btn primary" id="consent-agree" @click=${() => input.actions.grantConsent()}>
          ${t.t('consent.agree')}
        </button>
        <button class="btn" @click=${() => input.actions.requestLeave()}>${t.t('consent.leave')}</button>
      </div>
    </section>`;
  }

  // ---- stage and gallery ---------------------------------------------------------------------

  #renderStage(t: T, input: MeetingUiInput): TemplateResult | typeof nothing {
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
    return nothing;
  }

  #renderGallery(t: T, input: MeetingUiInput): TemplateResult {
    const { state } = input;
    const remote = state.participants.filter((participant) => participant.state !== 'lobby');
    const limit = Math.max(1, state.maxRemoteVideoStreams);
    const visible = pickVisible(remote, state.dominantSpeakers, limit);
    const overflow = remote.length - visible.length;
    const staged = state.participants.some((participant) => participant.screenShareStreamId);
    // The gallery scrolls when tiles do not fit: it takes focus so keyboard users can scroll it.
    const remoteTiles = visible.length + (overflow > 0 ? 1 : 0);
    // One other person: their tile fills the gallery and the own view floats over its corner.
    // With more, the own view takes a cell of the grid, so it never covers someone's name label.
    const pip = remoteTiles === 1 && !staged;
    const tiles = remoteTiles + (pip ? 0 : 1);
    const columns = tiles <= 1 ? 1 : tiles <= 4 ? 2 : tiles <= 9 ? 3 : 4;
    return html`<ul
      part="gallery"
      class="gallery ${staged ? 'strip' : ''}"
      data-columns=${columns}
      aria-label=${t.t('gallery.label')}
      tabindex="0"
    >
      ${visible.map((participant) => this.#renderTile(t, input, participant))}
      ${overflow > 0
        ? html`<li part="tile" class="tile overflow">
            <button
              class="overflow-button"
              aria-label=${t.plural('gallery.overflowLabel', overflow)}
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

  #renderTile(t: T, input: MeetingUiInput, participant: ParticipantSnapshot): TemplateResult {
    const { state } = input;
    const dominant = participant.speaking || state.dominantSpeakers[0] === participant.id;
    const video = participant.videoStreamId ? this.#view(participant.videoStreamId) : undefined;
    const reaction = recentReaction(state, participant.id);
    return html`<li
      part="tile"
      class="tile ${dominant ? 'speaking' : ''}"
      data-participant=${participant.id}
      data-video=${video ? 'on' : 'off'}
    >
      ${video ? html`<div class="video">${video}</div>` : this.#avatar(participant.displayName)}
      ${this.#tileLabel(t, participant.displayName, participant.muted, participant.handRaised, participant.speaking)}
      ${reaction ? this.#reactionBadge(t, participant.displayName, reaction) : nothing}
    </li>`;
  }

  /** The local preview: a tile of its own when alone, else a small picture-in-picture. */
  #renderSelf(t: T, input: MeetingUiInput, pip: boolean): TemplateResult {
    const { state } = input;
    const video = state.cameraOn ? this.#view(state.localVideoStreamId) : undefined;
    const reaction = state.selfId ? recentReaction(state, state.selfId) : undefined;
    return html`<li part="tile" class="tile self ${pip ? 'pip' : ''}" data-self data-video=${video ? 'on' : 'off'}>
      ${video ? html`<div class="video mirror">${video}</div>` : this.#avatar(state.displayName ?? '')}
      ${this.#tileLabel(t, t.t('self.label'), state.muted, state.handRaised, false)}
      ${reaction ? this.#reactionBadge(t, t.t('self.label'), reaction) : nothing}
    </li>`;
  }

  #avatar(name: string): TemplateResult {
    return html`<div class="avatar" aria-hidden="true"><span>${initials(name)}</span></div>`;
  }

  #tileLabel(t: T, name: string, muted: boolean, handRaised: boolean, speaking: boolean): TemplateResult {
    return html`<div class="tile-label">
      <bdi class="name">${name}</bdi>
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
      >${icons[reaction]}</span
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

  #renderControls(t: T, input: MeetingUiInput): TemplateResult {
    const { state, actions, chat } = input;
    const consentPending = state.consentRequired && !state.consentGranted;
    let index = 0;
    const button = (
      options: {
        id: string;
        label: string;
        icon: TemplateResult;
        pressed?: boolean;
        expanded?: boolean;
        controls?: string;
        locked?: boolean;
        danger?: boolean;
        badge?: TemplateResult | typeof nothing;
      },
      onClick: () => void,
    ) => {
      const position = index++;
      return html`<button
        class="ctl ${options.danger ? 'danger' : ''}"
        id=${options.id}
        tabindex=${position === this.#focusIndex ? 0 : -1}
        aria-pressed=${options.pressed === undefined ? nothing : options.pressed ? 'true' : 'false'}
        aria-expanded=${options.expanded === undefined ? nothing : options.expanded ? 'true' : 'false'}
        aria-haspopup=${options.expanded === undefined ? nothing : 'true'}
        aria-controls=${options.controls ?? nothing}
        aria-disabled=${options.locked ? 'true' : nothing}
        title=${options.locked ? t.t('controls.lockedByConsent') : options.label}
        @click=${() => {
          this.#focusIndex = position;
          onClick();
        }}
      >
        ${options.icon}<span class="ctl-label">${options.label}</span>${options.badge ?? nothing}
      </button>`;
    };
    const participantsCount = state.participants.filter((participant) => participant.state !== 'lobby').length + 1;
    return html`<div class="controls-wrap">
      ${this.#menu === 'reactions' ? this.#renderReactions(t, actions) : nothing}
      ${this.#menu === 'devices' ? this.#renderDevices(t, input) : nothing}
      <div
        part="controls"
        class="controls"
        role="toolbar"
        aria-label=${t.t('controls.label')}
        aria-orientation="horizontal"
        @keydown=${this.#onToolbarKey}
      >
        ${button(
          {
            id: 'ctl-mic',
            label: t.t('controls.mute'),
            icon: state.muted ? icons.micOff : icons.mic,
            pressed: state.muted,
            locked: consentPending && state.muted,
          },
          () => actions.setMuted(!state.muted),
        )}
        ${button(
          {
            id: 'ctl-camera',
            label: t.t('controls.camera'),
            icon: state.cameraOn ? icons.camera : icons.cameraOff,
            pressed: state.cameraOn,
            locked: consentPending && !state.cameraOn,
          },
          () => actions.setCameraOn(!state.cameraOn),
        )}
        ${button(
          { id: 'ctl-share', label: t.t('controls.share'), icon: icons.share, pressed: state.screenSharing },
          () => actions.toggleScreenShare(),
        )}
        ${button(
          { id: 'ctl-hand', label: t.t('controls.raiseHand'), icon: icons.hand, pressed: state.handRaised },
          () => actions.toggleHand(),
        )}
        ${button(
          {
            id: 'ctl-reactions',
            label: t.t('controls.reactions'),
            icon: icons.smile,
            expanded: this.#menu === 'reactions',
            controls: 'reactions-menu',
          },
          () => this.#toggleMenu('reactions'),
        )}
        ${button(
          {
            id: 'ctl-captions',
            label: t.t('controls.captions'),
            icon: icons.captions,
            pressed: state.captions.active,
          },
          () => actions.toggleCaptions(),
        )}
        ${button(
          {
            id: 'ctl-participants',
            label: t.t('controls.participants'),
            icon: icons.people,
            pressed: this.#panel === 'participants',
            badge: html`<span class="count" aria-hidden="true">${participantsCount}</span>`,
          },
          () => this.#togglePanel('participants'),
        )}
        ${button(
          {
            id: 'ctl-devices',
            label: t.t('controls.devices'),
            icon: icons.settings,
            expanded: this.#menu === 'devices',
            controls: 'devices-menu',
          },
          () => this.#toggleMenu('devices'),
        )}
        ${chat.available
          ? button(
              {
                id: 'ctl-chat',
                label: t.t('controls.chat'),
                icon: icons.chat,
                pressed: chat.open,
                badge:
                  chat.unread > 0
                    ? html`<span class="count unread" data-unread=${chat.unread}
                        ><span aria-hidden="true">${chat.unread}</span
                        ><span class="sr">${t.plural('unread', chat.unread)}</span></span
                      >`
                    : nothing,
              },
              () => actions.toggleChat(),
            )
          : nothing}
        ${button({ id: 'ctl-leave', label: t.t('controls.leave'), icon: icons.leave, danger: true }, () =>
          actions.requestLeave(),
        )}
      </div>
    </div>`;
  }

  /** Toolbar keyboard pattern: arrows, Home and End move focus between the buttons. */
  #onToolbarKey = (event: KeyboardEvent) => {
    const toolbar = event.currentTarget as HTMLElement;
    const buttons = [...toolbar.querySelectorAll<HTMLButtonElement>(':scope > button')];
    const current = buttons.indexOf(event.target as HTMLButtonElement);
    if (current < 0) return;
    const next =
      event.key === 'ArrowRight'
        ? (current + 1) % buttons.length
        : event.key === 'ArrowLeft'
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

  #toggleMenu(menu: 'reactions' | 'devices'): void {
    this.#menu = this.#menu === menu ? undefined : menu;
    if (this.#menu === 'devices') this.#input?.actions.refreshDevices();
    this.#host.requestUpdate();
    if (this.#menu) void this.#focusAfterRender(`#${menu}-menu button, #${menu}-menu select`);
  }

  #closeMenu(returnTo: string): void {
    this.#menu = undefined;
    this.#host.requestUpdate();
    void this.#focusAfterRender(returnTo);
  }

  #togglePanel(panel: 'participants', open = this.#panel !== panel): void {
    this.#panel = open ? panel : undefined;
    this.#host.requestUpdate();
    void this.#focusAfterRender(open ? '#participants-close' : '#ctl-participants');
  }

  async #focusAfterRender(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #renderReactions(t: T, actions: MeetingUiActions): TemplateResult {
    return html`<div
      class="popup reactions"
      id="reactions-menu"
      role="group"
      aria-label=${t.t('controls.reactions')}
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#closeMenu('#ctl-reactions')}
    >
      ${REACTIONS.map(
        (reaction) => html`<button
          class="reaction-button"
          data-reaction=${reaction}
          aria-label=${t.t(`reaction.${reaction}`)}
          title=${t.t(`reaction.${reaction}`)}
          @click=${() => {
            actions.react(reaction);
            this.#closeMenu('#ctl-reactions');
          }}
        >
          ${icons[reaction]}
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
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#closeMenu('#ctl-devices')}
    >
      ${field('dev-mic', t.t('devices.microphone'), microphones, selected.microphoneId, 'microphoneId')}
      ${field('dev-camera', t.t('devices.camera'), cameras, selected.cameraId, 'cameraId')}
      ${speakers.length > 0
        ? field('dev-speaker', t.t('devices.speaker'), speakers, selected.speakerId, 'speakerId')
        : nothing}
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
          ${this.#personStatus(t, state.muted, state.handRaised)}
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
            ${this.#personStatus(t, participant.muted, participant.handRaised)}
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #personStatus(t: T, muted: boolean, handRaised: boolean): TemplateResult {
    return html`<span class="person-status">
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

/** The banner's sentences for each combination of recording and transcription state. */
export function complianceSentences(
  recording: ComplianceStatus,
  transcription: ComplianceStatus,
): (keyof MeetingUiCatalog)[] {
  if (recording === 'on' && transcription === 'on') return ['compliance.bothStarted'];
  if (recording === 'stopped' && transcription === 'stopped') return ['compliance.bothStopped'];
  const sentences: (keyof MeetingUiCatalog)[] = [];
  if (recording === 'on') sentences.push('compliance.recordingStarted');
  if (transcription === 'on') sentences.push('compliance.transcriptionStarted');
  if (recording === 'stopped') sentences.push('compliance.recordingStopped');
  if (transcription === 'stopped') sentences.push('compliance.transcriptionStopped');
  return sentences;
}

/**
 * The remote participants that get a tile: dominant speakers first claim the `limit` places, then
 * everyone else in join order; the tiles keep join order so they do not jump around.
 */
function pickVisible(participants: ParticipantSnapshot[], dominant: string[], limit: number): ParticipantSnapshot[] {
  if (participants.length <= limit) return participants;
  const chosen = new Set<string>();
  for (const id of dominant) {
    if (chosen.size >= limit) break;
    if (participants.some((participant) => participant.id === id)) chosen.add(id);
  }
  for (const participant of participants) {
    if (chosen.size >= limit) break;
    chosen.add(participant.id);
  }
  return participants.filter((participant) => chosen.has(participant.id));
}

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
