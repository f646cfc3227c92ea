import { adoptStyles, html, LitElement, nothing, type CSSResult, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { AcsError, toAcsError, type AcsErrorCode } from '../../core/errors.js';
import type { TokenProvider } from '../../core/token-source.js';
import { meetingContext, type MeetingContextValue } from '../../controllers/meeting-context.js';
import { ErrorReporter } from '../../controllers/error-reporter.js';
import { diagnosticsOf, MeetingEvents } from '../../controllers/meeting-events.js';
import { MeetingStateController } from '../../controllers/meeting-state-controller.js';
import { ServiceLoader } from '../../controllers/service-loader.js';
import { TokenSessionCache } from '../../controllers/token-session.js';
import { dispatchAcsEvent, type AcsErrorDetail, type AcsMessageDetail } from '../../events.js';
import {
  elementDirection,
  localeReady,
  resolveLocale,
  SUPPORTED_LOCALES,
  Translator,
  type Locale,
} from '../../i18n/index.js';
import { loadMeetingService } from '../../services/load-meeting-service.js';
import {
  currentThreadId,
  initialMeetingState,
  type EndInfo,
  type JoinOptions,
  type MeetingLocator,
  type MeetingDiagnostics,
  type MeetingPhase,
  type MeetingPreview,
  type MeetingService,
  type MeetingServiceOptions,
  type MeetingState,
  type ReactionType,
} from '../../services/meeting-service.js';
import { meetingStrings, type MeetingShellCatalog } from './strings.js';
import { styles } from './teams-meeting.styles.js';
import { themeStyles } from '../shared/theme.styles.js';
import type { DeviceChoices } from './devices.js';
import { openPreview, rememberDevices, rememberedDevices } from './preview-media.js';
import type { ErrorMessageKey } from '../../i18n/errors.js';
import type { MeetingUiCatalog } from './meeting-ui-strings.js';
import type { SetupCatalog } from './setup-strings.js';
import type { MeetingUi, MeetingUiActions } from './meeting-ui.js';
import type { SetupChoices, SetupView } from './setup-view.js';
import type { PopoutController } from './popout.js';

/** `state` of the element: the meeting snapshot, with the element's own phase and any error shown. */
export interface AcsTeamsMeetingState extends MeetingState {
  error?: AcsErrorDetail;
}

/** `strings` of `<acs-teams-meeting>`: any UI or error message, by key. */
export type AcsTeamsMeetingStrings = Partial<Record<keyof MeetingShellCatalog | keyof SetupCatalog | keyof MeetingUiCatalog | ErrorMessageKey, string>>;

/** Which action failed, for a toast that names it. */
interface FailedAction {
  key: keyof MeetingUiCatalog;
  params?: Record<string, string>;
}

/** Without a playing preview by then (an unanswered camera prompt), the SDK loads anyway. */
const PRELOAD_FALLBACK_MS = 3000;

const ACTIVE_PHASES: ReadonlySet<MeetingPhase> = new Set(['connecting', 'lobby', 'connected', 'reconnecting']);

/**
 * A Microsoft Teams meeting in one element: device setup, lobby, gallery, screen share, controls,
 * participants, and an always-visible recording and transcription notice.
 *
 * @summary Join a Teams meeting as a guest (or Teams user) through Azure Communication Services.
 *
 * @tagname acs-teams-meeting
 *
 * @event {CustomEvent<AcsStateChangedDetail>} acs-state-changed - `{state, previous}`: setup, connecting, lobby, connected, reconnecting, ended.
 * @event {CustomEvent<Record<string, never>>} acs-joined - The local user is in the meeting (admitted, connected).
 * @event {CustomEvent<AcsLeftDetail>} acs-left - `{reason, code, subCode}`: the local user is out of the meeting, and why.
 * @event {CustomEvent<AcsParticipantDetail>} acs-participant-joined - `{participant: {id, displayName, kind}}` after the local user joined.
 * @event {CustomEvent<AcsParticipantDetail>} acs-participant-left - `{participant: {id, displayName, kind}}`.
 * @event {CustomEvent<AcsComplianceChangedDetail>} acs-recording-changed - `{active, initial}`; once with `initial: true` on join, then on each change.
 * @event {CustomEvent<AcsComplianceChangedDetail>} acs-transcription-changed - `{active, initial}`; once with `initial: true` on join, then on each change.
 * @event {CustomEvent<AcsConsentRequiredDetail>} acs-consent-required - `{recording, transcription}`: Teams requires explicit consent; see `grantConsent()`.
 * @event {CustomEvent<AcsErrorDetail>} acs-error - `{code, message, recoverable}`: something failed; the element shows it too.
 * @event {CustomEvent<AcsCapabilitiesChangedDetail>} acs-capabilities-changed - `{capabilities, role, initial}`: what the meeting lets the user do (unmute, camera, share, react, raise hand, manage the lobby) and why not; once with `initial: true` on join, then on each change.
 * @event {CustomEvent<AcsDiagnosticsChangedDetail>} acs-diagnostics-changed - `{network: {self, participants}, issues}`: network quality (`good`, `poor`, `bad`, `unknown`; participants by id) or the raised diagnostics changed; once on join if something was already reported. Also the `diagnostics` property.
 * @event {CustomEvent<AcsSpotlightChangedDetail>} acs-spotlight-changed - `{participantIds}`: who is spotlighted for everyone, in spotlight order (the organizer's spotlight, or the user's own); once on join if someone already is, then on each change. The stage shows them before the dominant speaker.
 * @event {CustomEvent<Record<string, never>>} acs-audio-blocked - The browser will not play the meeting's sound until the user taps or clicks (mobile and autoplay policies); the element shows "Tap to turn on sound" and resumes on the tap.
 * @event {CustomEvent<AcsBreakoutRoomChangedDetail>} acs-breakout-room-changed - `{room}`: the organizer assigned the user a breakout room (`room.state` 'assigned', or 'joining' when it moves them in), the user is in it ('joined', with `name`, `threadId`, `endsAt`), or `room: null`, back in the main meeting (rooms closed, or returned). The meeting chat follows the room's thread.
 * @event {CustomEvent<AcsPopoutChangedDetail>} acs-popout-changed - `{poppedOut, mode}`: the meeting moved into its own window (`mode: 'document'`, Document Picture-in-Picture) or its active video into picture-in-picture (`mode: 'video'`, where the window API is missing), or came back. See `popOut()`.
 * @event {CustomEvent<AcsVideoEffectChangedDetail>} acs-video-effect-changed - `{effect}`: the user picked a background effect (`none`, `blur`, `image:office`, `image:shelves`, `image:sunset`) in the effects picker; the meeting starts with it.
 * @event {CustomEvent<Record<string, never>>} acs-leave-request - Cancelable; the user pressed Leave. Prevent it to keep the user in the meeting.
 *
 * @slot chat - An `<acs-meeting-chat>` (or any panel); a Chat button with an unread badge appears in the controls, and on the end screen (the history stays readable).
 *
 * @csspart setup - The pre-join screen (name, preview, devices, Join).
 * @csspart preview - The camera preview on the setup screen.
 * @csspart effects - The background effects picker (or why effects are not available here).
 * @csspart join-button - The Join button.
 * @csspart loading - Shown for the instant the setup screen's chunk takes to load.
 * @csspart connecting - The connecting screen.
 * @csspart lobby - The lobby screen.
 * @csspart gallery - The grid of participant tiles.
 * @csspart tile - One participant tile (also the local preview and the overflow tile).
 * @csspart stage - The shared screen, or the spotlighted and pinned participants' tiles.
 * @csspart pin-button - The Pin / Unpin button on a participant's tile (pins them on the stage for this user only).
 * @csspart controls - The control bar (role toolbar).
 * @csspart participants - The participant list panel.
 * @csspart compliance-banner - The recording and transcription notice.
 * @csspart compliance-indicator - The small "Recording stopped" pill left once the stopped banner is dismissed or has timed out.
 * @csspart chat-preview - A new message's preview beside the control bar while the chat is closed.
 * @csspart consent - The recording consent prompt.
 * @csspart captions - The captions area.
 * @csspart toasts - Join and leave notifications.
 * @csspart reconnecting - The banner shown while the connection is being restored.
 * @csspart diagnostics - Network or device problem notices.
 * @csspart audio-blocked - The "Tap to turn on sound" button, while the browser holds the meeting's sound until a tap.
 * @csspart breakout - The breakout room notice: the assignment and Join room, or the room's name, end time and Return to main meeting.
 * @csspart end-screen - The screen shown after the call ends.
 * @csspart error - The screen shown when the element cannot join (bad input, token, SDK).
 * @csspart chat-panel - The panel around the `chat` slot.
 * @csspart popout-placeholder - In the page while the meeting is in its own window: "The meeting is in a separate window" and "Bring it back". The element has the `popped-out` attribute (`document` or `video`) meanwhile.
 *
 * @cssproperty --acs-font-family - Font of the whole element.
 * @cssproperty --acs-radius - Corner radius of the element and its tiles.
 * @cssproperty --acs-min-height - Minimum height of the element (default 480px).
 * @cssproperty --acs-color-bg - Background.
 * @cssproperty --acs-color-surface - Background of panels, inputs and buttons.
 * @cssproperty --acs-color-text - Text colour.
 * @cssproperty --acs-color-text-muted - Secondary text colour.
 * @cssproperty --acs-color-border - Borders.
 * @cssproperty --acs-color-primary - Primary buttons and highlights (dominant speaker).
 * @cssproperty --acs-color-on-primary - Text on primary.
 * @cssproperty --acs-color-danger - Leave button and errors.
 * @cssproperty --acs-color-on-danger - Text on danger.
 * @cssproperty --acs-color-danger-text - Error text (the name field on the setup screen).
 * @cssproperty --acs-color-focus - Focus ring.
 * @cssproperty --acs-color-notice-bg - Background of notices (permissions, reconnecting).
 * @cssproperty --acs-color-notice-text - Text of notices.
 * @cssproperty --acs-color-recording-bg - Background of the recording banner.
 * @cssproperty --acs-color-recording-text - Text of the recording banner.
 * @cssproperty --acs-tile-bg - Background of video tiles.
 * @cssproperty --acs-tile-text - Text on video tiles.
 */
export class AcsTeamsMeeting extends LitElement {
  static override styles = [themeStyles, styles];

  /** URL of the host's token endpoint (`GET` → `{token, expiresOn, userId, endpoint}`). */
  @property({ attribute: 'token-url' }) tokenUrl?: string;
  /** `include` to send cookies to a cross-origin token endpoint; `same-origin` by default. */
  @property({ attribute: 'token-credentials' }) tokenCredentials?: RequestCredentials;
  /** A Teams meeting link (classic or short). A secret: the element never logs it. */
  @property({ attribute: 'meeting-link' }) meetingLink?: string;
  /** A Teams meeting ID (digits, spaces allowed), with `passcode`, instead of a link. */
  @property({ attribute: 'meeting-id' }) meetingId?: string;
  /** The meeting's passcode, with `meeting-id` (case-sensitive). A secret: the element never logs it. */
  @property() passcode?: string;
  /**
   * The meeting's title, shown on the setup screen (Teams links do not carry it). Shown as text,
   * never as HTML. Without it the emulator's topic is shown when known, else "Get ready to join".
   */
  @property({ attribute: 'meeting-title' }) meetingTitle?: string;
  /** Prefills the name field; required for guests. */
  @property({ attribute: 'display-name' }) displayName?: string;
  /** Any BCP 47 tag (24 built in, e.g. `fr-FR`, `ar-SA`; `fr-BE` reads fr-FR); else the nearest `lang`, else the browser's languages. */
  @property() locale?: string;
  /** Join at once, without the setup screen. */
  @property({ type: Boolean, attribute: 'skip-setup' }) skipSetup = false;
  /** Join with the microphone off (the setup screen starts with it off). */
  @property({ type: Boolean, attribute: 'start-muted' }) startMuted = false;
  /** Join with the camera off (the setup screen starts with it off). */
  @property({ type: Boolean, attribute: 'start-camera-off' }) startCameraOff = false;
  /** `light`, `dark`, or `auto` (follows the system's colour scheme). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';
  /** `none` hides the recording banner: the page must then tell users itself (a warning is logged). */
  @property({ attribute: 'compliance-banner' }) complianceBanner?: 'default' | 'none';
  /** `acs` (a guest, default) or `teams` (a Teams user token). */
  @property() identity: 'acs' | 'teams' = 'acs';
  /** A function returning a token, instead of `token-url`. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /**
   * Advanced: builds the MeetingService the element drives, instead of the built-in choice
   * (real calling SDK, or the simulated service when the token endpoint is the local emulator).
   * For a custom backend, or to wrap the default one (e.g. for logging).
   */
  @property({ attribute: false }) serviceFactory?: (options: MeetingServiceOptions) => Promise<MeetingService>;
  /** Overrides for any UI string, by key (see strings.ts, setup-strings.ts, meeting-ui-strings.ts and the `errors.*` keys). */
  @property({ attribute: false }) strings: AcsTeamsMeetingStrings = {};
  /**
   * The participant id pinned on the stage for this user only (the tile's Pin button sets it; the
   * page may too). Spotlighted participants come first. A pin holds while that person is away (it
   * applies again if they come back) and clears when the call ends.
   */
  @property({ attribute: false }) pinned?: string;

  @state() private phase: MeetingPhase = 'setup';
  @state() private error?: AcsErrorDetail;
  @state() private end?: EndInfo;
  @state() private setup?: SetupView;
  @state() private ui?: MeetingUi;
  @state() private chatSlotted = false;
  @state() private chatOpen = false;
  @state() private unread = 0;
  /** What the backend could tell before joining (emulator only: topic, guests allowed). */
  @state() private meetingPreview?: MeetingPreview;
  /** The inputs were checked and are fine: Join can go ahead at once. */
  @state() private inputsChecked = false;

  readonly #meeting = new MeetingStateController(this, (next, previous) => this.#onMeetingChange(next, previous));
  readonly #context = new ContextProvider(this, {
    context: meetingContext,
    initialValue: { chatAvailable: false, identity: 'acs', phase: 'setup' },
  });
  readonly #loader = new ServiceLoader<MeetingService>();
  readonly #sessions = new TokenSessionCache();
  readonly #events = new MeetingEvents();
  readonly #errors = new ErrorReporter(this, { locale: () => this.#locale(), overrides: () => this.strings });
  #uiPromise?: Promise<MeetingUi>;
  #observer?: IntersectionObserver;
  #snapshot: MeetingState = initialMeetingState();
  #warnedBannerOff = false;
  #setupInitialized = false;
  #tornDown = false;
  readonly #adopted: CSSResult[] = [];
  /** The error being prepared for display; a newer error or a fix supersedes it. */
  #pendingError?: object;
  #cancelJoin = false;
  #joining = false;
  /** Mute, camera and hand when the connection dropped, to restore after the reconnect. */
  #beforeDrop?: { muted: boolean; cameraOn: boolean; handRaised: boolean };
  /** The background effect chosen for the join did not start (said once the meeting is on screen). */
  #effectRefused = false;
  /** This call got as far as the meeting itself (not only the lobby). */
  #wasInMeeting = false;
  #inputProblem?: AcsError;
  #setupPromise?: Promise<SetupView>;
  /** The element is (or was) in view: the camera may start. */
  #visible = false;
  #whenVisibleQueue: Array<() => void> = [];
  /** The pop-out (its own chunk), from the first `popOut()`. */
  #popout?: PopoutController;
  /** The first getUserMedia, started before the setup chunk arrives; the setup view takes it over. */
  #earlyPreview?: Promise<MediaStream>;
  #preloadScheduled = false;
  #preloadHandle?: { cancel(): void };
  #preloadFallback?: ReturnType<typeof setTimeout>;
  /** The setup screen's choices; the element joins with them. */
  readonly #choices: SetupChoices = {
    name: '',
    nameInvalid: false,
    micOn: true,
    cameraOn: true,
    devices: { microphones: [], cameras: [], speakers: [], selected: {} },
    videoEffect: 'none',
    noiseSuppression: false,
  };
  readonly #onDeviceChange = () => void this.setup?.refreshDevices();

  /** A copy of the meeting as the element shows it; `phase` is the element's. */
  get state(): AcsTeamsMeetingState {
    const copy = structuredClone({ ...this.#snapshot, phase: this.phase, end: this.end }) as AcsTeamsMeetingState;
    if (this.error) copy.error = { ...this.error };
    return copy;
  }

  /**
   * Network quality (own and each participant's: good, poor, bad, unknown) and the names of the
   * SDK's user-facing diagnostics raised now; a copy. `acs-diagnostics-changed` says when it changes.
   */
  get diagnostics(): MeetingDiagnostics {
    return structuredClone(diagnosticsOf(this.#snapshot));
  }

  /** Where the meeting is popped out to (`document`: its own window; `video`: picture-in-picture), or null. */
  get poppedOut(): 'document' | 'video' | null {
    return this.#popout?.mode ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    navigator.mediaDevices?.addEventListener?.('devicechange', this.#onDeviceChange);
    const service = this.#loader.service;
    if (service && ACTIVE_PHASES.has(this.phase)) this.#meeting.attach(service);
    if (this.#tornDown) {
      this.#tornDown = false;
      void this.#start();
    }
    if (typeof IntersectionObserver !== 'undefined' && !this.#visible) {
      this.#observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          this.#observer?.disconnect();
          this.#becameVisible();
        }
      });
      this.#observer.observe(this);
    } else {
      this.#becameVisible();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.#onDeviceChange);
    this.#observer?.disconnect();
    this.#observer = undefined;
    // A move within the page disconnects and reconnects in the same task: keep the call then.
    queueMicrotask(() => {
      if (!this.isConnected) void this.#teardown();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('displayName') && this.displayName !== undefined && !this.#events.joined) {
      this.#choices.name = this.displayName;
    }
    if (!this.#setupInitialized) {
      this.#setupInitialized = true;
      this.#choices.micOn = !this.startMuted;
      this.#choices.cameraOn = !this.startCameraOff;
    }
    const identityInputs = ['tokenUrl', 'tokenProvider', 'tokenCredentials', 'identity', 'serviceFactory'] as const;
    if (identityInputs.some((key) => changed.has(key))) {
      this.#sessions.reset();
      // A service preloaded for the previous token source must not be used for the next one.
      if (this.hasUpdated && !ACTIVE_PHASES.has(this.phase)) this.#loader.discard();
    }
    const inputs = ['meetingLink', 'meetingId', 'passcode', 'tokenUrl', 'tokenProvider'] as const;
    if (this.hasUpdated && this.phase === 'setup' && inputs.some((key) => changed.has(key))) {
      // What the backend said about the previous meeting no longer holds.
      this.meetingPreview = undefined;
      void this.#revalidate();
    }
    if (changed.has('complianceBanner') && this.complianceBanner === 'none' && !this.#warnedBannerOff) {
      this.#warnedBannerOff = true;
      console.warn(
        '<acs-teams-meeting compliance-banner="none">: the recording and transcription banner is hidden. ' +
          'The page must tell users when they are recorded or transcribed (listen to acs-recording-changed and acs-transcription-changed).',
      );
    }
  }

  protected override firstUpdated(): void {
    // The camera before the first paint: getUserMedia is the slowest step to the preview, and a
    // paint (with a loaded page, easily 100 ms or more) would otherwise come before it. Only when
    // the element is already in view; its layout read is the one the first paint needs anyway.
    if (!this.skipSetup && this.#hasInputs()) {
      // The setup chunk too (small, wanted in any case): its request goes out before the paint.
      void this.#loadSetup().catch(() => undefined);
      if (document.visibilityState === 'visible' && this.#inViewport()) {
        this.#observer?.disconnect();
        this.#becameVisible();
        this.#openEarlyPreview();
      }
    }
    // The rest in a task of its own: the page's first task (the entry's evaluation, the first
    // render) stays short.
    setTimeout(() => {
      if (!this.isConnected) return; // #teardown then marks it, and a reconnect starts again.
      // Already in view (the usual case): no need to wait a frame for the IntersectionObserver.
      if (!this.#visible && document.visibilityState === 'visible' && this.#inViewport()) {
        this.#observer?.disconnect();
        this.#becameVisible();
      }
      void this.#start();
    }, 0);
  }

  /** The element's box meets the viewport (the layout it reads is the one the first paint needs anyway). */
  #inViewport(): boolean {
    const box = this.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  }

  #becameVisible(): void {
    this.#visible = true;
    const queue = this.#whenVisibleQueue;
    this.#whenVisibleQueue = [];
    for (const run of queue) run();
  }

  #whenVisible(run: () => void): void {
    if (this.#visible) run();
    else this.#whenVisibleQueue.push(run);
  }

  /**
   * Shows what is wrong with the inputs, or starts the setup screen (or joins, with skip-setup).
   * The preview does not wait for the link check (a small chunk): both start at once, and a bad
   * link stops the camera again. A page with no token source or no meeting never starts it.
   */
  async #start(): Promise<void> {
    this.inputsChecked = false;
    if (!this.skipSetup && this.#hasInputs()) {
      // The setup chunk is small: it loads at once; the camera waits until the element is in view.
      void this.#loadSetup().catch(() => undefined);
      this.#whenVisible(() => void this.#showSetup());
    }
    const problem = await this.#validate();
    if (problem) {
      this.#whenVisibleQueue = [];
      this.#stopEarlyPreview();
      this.setup?.stop();
      this.#showError(problem);
      return;
    }
    this.inputsChecked = true;
    if (this.skipSetup) void this.join();
  }

  /** A token source and a meeting are given (whether they are valid is checked later). */
  #hasInputs(): boolean {
    return Boolean((this.tokenUrl || this.tokenProvider) && (this.meetingLink?.trim() || this.meetingId?.trim()));
  }

  /** Starts getUserMedia for the preview, unless it runs or is under way; the setup view takes it over. */
  #openEarlyPreview(): void {
    if (this.setup?.previewStream || this.#earlyPreview) return;
    if (!this.#choices.devices.selected.cameraId && !this.#choices.devices.selected.microphoneId) {
      this.#choices.devices = { ...this.#choices.devices, selected: { ...rememberedDevices(), ...this.#choices.devices.selected } };
    }
    this.#earlyPreview = openPreview(this.#choices.devices.selected, this.#choices.cameraOn);
    // Handled by the setup view (which explains a refusal); never an unhandled rejection here.
    this.#earlyPreview?.catch(() => undefined);
  }

  /** Loads the setup screen (its own small chunk) and starts the camera preview. */
  async #showSetup(): Promise<void> {
    try {
      // The camera first: getUserMedia starts now (if not already), while the setup chunk loads.
      this.#openEarlyPreview();
      const setup = await this.#loadSetup();
      this.setup = setup;
      // A camera prompt the user has not answered yet must not leave Join cold.
      clearTimeout(this.#preloadFallback);
      this.#preloadFallback = setTimeout(() => this.#schedulePreload(), PRELOAD_FALLBACK_MS);
      const early = this.#earlyPreview;
      this.#earlyPreview = undefined;
      if (this.phase === 'setup' && this.isConnected) await setup.start(early);
      else early?.then((stream) => stream.getTracks().forEach((track) => track.stop())).catch(() => undefined);
      if (this.phase !== 'setup' || !this.isConnected) setup.stop();
    } catch (error) {
      this.#setupPromise = undefined;
      this.#showError(new AcsError('sdk-load-failed', 'The setup screen could not be loaded', { recoverable: true, cause: error }));
    }
  }

  /** The setup screen's chunk (and, in parallel, the two small chunks it imports, so they do not wait for it). */
  #loadSetup(): Promise<SetupView> {
    if (!this.#setupPromise) {
      void import('./devices.js').catch(() => undefined);
      void import('./icons.js').catch(() => undefined);
      this.#setupPromise = import('./setup-view.js').then((module) => {
        this.#adopt(module.setupStyles);
        return new module.SetupView(this, this.#choices, {
          previewReady: () => this.#schedulePreload(),
          nameCommitted: (name) => this.#loader.service?.prepare?.({ displayName: name }),
          effects: () => this.#actions.videoEffects(),
          adopt: this.#actions.adopt,
        });
      });
      this.#setupPromise.catch(() => {
        this.#setupPromise = undefined;
      });
    }
    return this.#setupPromise;
  }

  #stopEarlyPreview(): void {
    const early = this.#earlyPreview;
    this.#earlyPreview = undefined;
    early?.then((stream) => stream.getTracks().forEach((track) => track.stop())).catch(() => undefined);
  }

  /**
   * Once the preview plays: the heavy parts (SDK chunk, in-call UI, the SDK's own start-up) load
   * when the browser is idle, so they never compete with the camera. Also after a few seconds
   * without a playing preview (a slow or refused camera must not leave Join cold).
   */
  #schedulePreload(): void {
    clearTimeout(this.#preloadFallback);
    if (this.#preloadScheduled || !this.isConnected) return;
    this.#preloadScheduled = true;
    const run = () => {
      this.#preloadHandle = undefined;
      void this.#preload();
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(run, { timeout: 1000 });
      this.#preloadHandle = { cancel: () => cancelIdleCallback(id) };
    } else {
      const id = setTimeout(run, 50);
      this.#preloadHandle = { cancel: () => clearTimeout(id) };
    }
  }

  /** Adds a lazily loaded chunk's styles to the shadow root. */
  #adopt(sheet: CSSResult): void {
    if (this.#adopted.includes(sheet)) return;
    this.#adopted.push(sheet);
    const root = this.renderRoot;
    if (root instanceof ShadowRoot) adoptStyles(root, [...(this.constructor as typeof AcsTeamsMeeting).elementStyles, ...this.#adopted]);
    this.#popout?.syncStyles();
  }

  protected override updated(): void {
    this.ui?.afterRender();
    this.#updateContext();
  }

  // ---- public methods (none throws into the page) ------------------------------------------

  /** Joins the meeting with the setup screen's choices. Failures are shown and sent as `acs-error`. */
  async join(): Promise<void> {
    try {
      await this.#join();
    } catch (error) {
      // A refusal the service already reported as an end (e.g. 403) shows its end screen instead.
      if (this.phase === 'ended') return;
      const failure = toAcsError(error, 'join-failed');
      // Anything that is not one of our input errors may work on a second try.
      this.#failJoin(failure, failure.recoverable || !(error instanceof AcsError));
    }
  }

  /** Leaves the meeting (no `acs-leave-request`: the page asked). */
  async leave(): Promise<void> {
    if (!ACTIVE_PHASES.has(this.phase)) return;
    const service = this.#meeting.service;
    if (!service) {
      // Still loading the service: the join stops there and ends as a local leave.
      this.#cancelJoin = true;
      return;
    }
    await this.#run('operation-failed', () => service.leave());
  }

  /** Mutes or unmutes the microphone (on the setup screen: the choice for the join). Unmuting waits for consent when Teams requires it. */
  async setMuted(muted: boolean): Promise<void> {
    if (!ACTIVE_PHASES.has(this.phase)) {
      if (this.setup) this.setup.setMic(!muted);
      else this.#choices.micOn = !muted;
      return;
    }
    if (!muted && this.#consentPending()) return this.#report(new AcsError('consent-required', 'Consent first'));
    await this.#command('operation-failed', (service) => service.setMuted(muted), { key: muted ? 'failed.mute' : 'failed.unmute' });
  }

  /** Turns the camera on or off (on the setup screen: the choice for the join). Turning it on waits for consent when Teams requires it. */
  async setCameraOn(on: boolean): Promise<void> {
    if (!ACTIVE_PHASES.has(this.phase)) {
      if (this.setup && this.phase === 'setup') this.setup.setCamera(on);
      else this.#choices.cameraOn = on;
      return;
    }
    if (on && this.#consentPending()) return this.#report(new AcsError('consent-required', 'Consent first'));
    await this.#command('operation-failed', (service) => service.setCameraOn(on), { key: on ? 'failed.cameraOn' : 'failed.cameraOff' });
  }

  /** Shares a screen, window or tab (the browser asks which). */
  async startScreenShare(): Promise<void> {
    await this.#command('screen-share-failed', (service) => service.startScreenShare());
  }

  /** Stops sharing. */
  async stopScreenShare(): Promise<void> {
    await this.#command('screen-share-failed', (service) => service.stopScreenShare());
  }

  /** Raises the local user's hand. */
  async raiseHand(): Promise<void> {
    await this.#command('operation-failed', (service) => service.raiseHand(), { key: 'failed.raiseHand' });
  }

  /** Lowers the local user's hand. */
  async lowerHand(): Promise<void> {
    await this.#command('operation-failed', (service) => service.lowerHand(), { key: 'failed.lowerHand' });
  }

  /** Spotlights the local user for everyone, when the meeting allows it (organizers and presenters). */
  async startSpotlight(): Promise<void> {
    await this.#command('operation-failed', (service) => service.startSpotlight(), { key: 'failed.spotlight' });
  }

  /** Takes the local user out of the spotlight. */
  async stopSpotlight(): Promise<void> {
    await this.#command('operation-failed', (service) => service.stopSpotlight(), { key: 'failed.spotlight' });
  }

  /** Agrees to be recorded and transcribed when Teams requires explicit consent. */
  async grantConsent(): Promise<void> {
    await this.#command('consent-failed', (service) => service.grantConsent());
  }

  /** Moves the user into the breakout room the organizer assigned (see `state.breakoutRoom`). */
  async joinBreakoutRoom(): Promise<void> {
    await this.#command('operation-failed', (service) => service.joinBreakoutRoom(), { key: 'failed.breakout' });
  }

  /** Takes the user from the breakout room back to the main meeting, when the organizer allows it. */
  async returnToMainMeeting(): Promise<void> {
    await this.#command('operation-failed', (service) => service.returnToMainMeeting(), { key: 'failed.breakout' });
  }

  /**
   * Moves the meeting into a small always-on-top window (Document Picture-in-Picture, Chromium
   * 116+), so the user keeps seeing and controlling it while using the page; where that API is
   * missing, shows the active video in the browser's picture-in-picture instead. The call goes on
   * untouched: only the view moves. Call it from a user gesture (a click): browsers refuse the
   * window otherwise, and the failure is an `acs-error` with code `popout-failed`.
   */
  async popOut(): Promise<void> {
    if (!this.#inCall()) return;
    try {
      const { PopoutController } = await import('./popout.js');
      this.#popout ??= new PopoutController({
        element: this,
        ui: () => this.ui,
        inCall: () => this.#inCall(),
        adopt: (sheet) => this.#adopt(sheet),
        report: (error) => this.#report(error),
      });
      await this.#popout.open();
    } catch (error) {
      // The chunk did not load (open() reports its own failures).
      this.#report(new AcsError('popout-failed', undefined, { recoverable: true, cause: error }));
    }
  }

  /** Brings a popped-out meeting back into the page (and closes its window). */
  popIn(): void {
    this.#popout?.close();
  }

  // ---- rendering ----------------------------------------------------------------------------

  #t(): Translator<MeetingShellCatalog> {
    return new Translator('meeting', meetingStrings, this.#locale(), this.strings);
  }

  /** Renders only once the locale's strings are in (a lazy chunk per language). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = localeReady(this.#locale());
    return pending ? pending.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  #locale(): Locale {
    return resolveLocale(this, this.locale);
  }

  protected override render(): TemplateResult {
    const t = this.#t();
    return html`<div
      class="frame"
      role="region"
      aria-label=${t.t('meeting.label')}
      lang=${t.locale}
      dir=${elementDirection(t.locale, this.locale) ?? nothing}
    >
      <div class="main">${this.#renderMain(t)}</div>${this.#popout?.renderPlaceholder()}<aside
        class="chat-panel"
        part="chat-panel"
        aria-labelledby="chat-panel-title"
        ?hidden=${!(this.chatOpen && this.chatSlotted && this.#chatShown())}
        @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#closeChat()}
      >
        <div class="chat-panel-head">
          <h2 id="chat-panel-title">${t.t('chat.label')}</h2>
          ${this.#snapshot.recording === 'on' || this.#snapshot.transcription === 'on'
            ? html`<span class="chat-rec" data-recording=${this.#snapshot.recording}
                ><span class="rec-dot" aria-hidden="true"></span>${t.t(this.#snapshot.recording === 'on' ? 'chat.recordingOn' : 'chat.transcriptionOn')}</span
              >`
            : nothing}
          <button class="close-button" id="chat-close" aria-label=${t.t('chat.close')} title=${t.t('chat.close')} @click=${this.#closeChat}>
            <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18"/></svg>
          </button>
        </div>
        <slot
          name="chat"
          @slotchange=${this.#onChatSlotChange}
          @acs-unread-changed=${this.#onUnread}
          @acs-message-received=${this.#onMessage}
        ></slot>
      </aside>
    </div>`;
  }

  /** Closes the chat panel; focus goes back to the control that opened it. */
  #closeChat = () => {
    this.chatOpen = false;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('.controls #ctl-chat, #ctl-more, #end-chat')?.focus(),
    );
  };

  #inCall(): boolean {
    return this.phase === 'connected' || this.phase === 'reconnecting';
  }

  /**
   * The chat panel can be open in the call and after it (the chat keeps its history, read-only),
   * but only for someone who got in: after a denied lobby or a refused guest there is no chat.
   */
  #chatShown(): boolean {
    return this.#inCall() || (this.phase === 'ended' && Boolean(this.ui) && this.#wasInMeeting);
  }

  #renderMain(t: Translator<MeetingShellCatalog>): TemplateResult {
    if (this.error && this.phase === 'setup') return this.#renderError(t, this.error);
    switch (this.phase) {
      case 'setup':
        return this.setup
          ? this.setup.render({
              locale: this.#locale(),
              overrides: this.strings,
              guest: this.identity !== 'teams',
              title: this.meetingTitle?.trim() || this.meetingPreview?.topic,
              ready: this.inputsChecked,
              guestsAllowed: this.meetingPreview?.guestsAllowed,
              join: () => void this.#joinFromSetup(),
            })
          : this.#renderLoading(t, 'loading');
      case 'ended':
        return this.ui
          ? this.ui.renderEnded(this.#uiInput(), this.end ?? { reason: 'unknown', code: 0, subCode: 0 }, !this.#inputProblem, () => void this.join())
          : this.#renderLoading(t, 'loading');
      case 'connecting':
        return this.#renderLoading(t, 'connecting.title');
      default:
        return this.ui ? this.ui.render(this.#uiInput()) : this.#renderLoading(t, 'connecting.title');
    }
  }

  #renderLoading(t: Translator<MeetingShellCatalog>, key: 'loading' | 'connecting.title'): TemplateResult {
    return html`<div class="center" part=${key === 'loading' ? 'loading' : 'connecting'} role="status">
      <div class="spinner" aria-hidden="true"></div>
      <p>${t.t(key)}</p>
    </div>`;
  }

  #renderError(t: Translator<MeetingShellCatalog>, error: AcsErrorDetail): TemplateResult {
    const retry = error.recoverable && !this.#inputProblem;
    return html`<div class="center error" part="error" role="alert">
      <h2>${t.t('error.title')}</h2>
      <p>${error.message}</p>
      ${retry ? html`<button class="btn primary" @click=${this.#retry}>${t.t('error.retry')}</button>` : nothing}
    </div>`;
  }

  #uiInput() {
    return {
      state: this.#meeting.service ? this.#meeting.state : this.#snapshot,
      phase: this.phase,
      locale: this.#locale(),
      overrides: this.strings,
      showComplianceBanner: this.complianceBanner !== 'none',
      chat: { available: this.chatSlotted && this.#chatShown(), open: this.chatOpen, unread: this.unread },
      devices: this.#choices.devices,
      pinned: this.pinned,
      actions: this.#actions,
      poppedOut: this.#popout?.mode,
    };
  }

  // ---- setup --------------------------------------------------------------------------------

  #retry = () => {
    this.#clearError();
    void this.#start();
  };

  #selectDevice(kind: keyof DeviceChoices['selected'], id: string): void {
    const devices = this.#choices.devices;
    this.#choices.devices = { ...devices, selected: { ...devices.selected, [kind]: id || undefined } };
    rememberDevices(this.#choices.devices.selected);
    this.requestUpdate();
    void this.#command('operation-failed', (service) => service.selectDevices(this.#choices.devices.selected), { key: 'failed.device' });
  }

  // ---- joining and the call -----------------------------------------------------------------

  /**
   * What is wrong with the inputs, if anything; also remembered in `#inputProblem` for rendering.
   * The link parser loads on first use (it is not needed in the script-tag entry).
   */
  async #validate(): Promise<AcsError | undefined> {
    let problem: AcsError | undefined;
    if (!this.tokenUrl && !this.tokenProvider) {
      problem = new AcsError('missing-token-source', 'Set token-url or tokenProvider');
    } else {
      try {
        await this.#locator();
      } catch (error) {
        problem = toAcsError(error, 'invalid-meeting-link');
      }
    }
    this.#inputProblem = problem;
    return problem;
  }

  async #revalidate(): Promise<void> {
    const problem = await this.#validate();
    if (problem) {
      if (problem.code !== this.error?.code) this.#showError(problem);
    } else if (this.error || this.#pendingError) {
      this.#clearError();
      void this.#start();
    } else {
      const service = this.#loader.service;
      if (service && this.phase === 'setup') void this.#lookup(service);
    }
  }

  async #locator(): Promise<MeetingLocator> {
    const link = this.meetingLink?.trim();
    const id = this.meetingId?.trim();
    if (!link && !id) throw new AcsError('missing-meeting', 'Set meeting-link, or meeting-id and passcode');
    const { parseMeetingId, parseMeetingLink } = await import('../../core/meeting-link.js');
    if (link) return { meetingLink: parseMeetingLink(link).meetingLink };
    const parsed = parseMeetingId(id ?? '', this.passcode ?? '');
    return { meetingId: parsed.meetingId, passcode: parsed.passcode };
  }


  /**
   * Loads the service (and the in-call UI) while the user is still on the setup screen, then lets
   * it start up in the background (the SDK's call agent) and asks what it knows of the meeting.
   */
  async #preload(): Promise<void> {
    if ((await this.#validate()) || this.phase !== 'setup' || !this.isConnected) return;
    const generation = this.#loader.generation;
    this.#ensureService().then(
      (service) => {
        if (!this.#loader.isCurrent(generation) || this.phase !== 'setup') return;
        service.prepare?.({ displayName: this.#choices.name });
        void this.#lookup(service);
      },
      () => {
        // Reported when the user joins (with a Retry); nothing to show yet.
      },
    );
    this.#loadUi().catch(() => {});
  }

  /** Asks the backend what it knows of the meeting before joining (the emulator can; the SDK cannot). */
  async #lookup(service: MeetingService): Promise<MeetingPreview | undefined> {
    if (!service.lookup) return undefined;
    const locator = await this.#locator().catch(() => undefined);
    const preview = locator ? await service.lookup(locator) : undefined;
    if (this.phase === 'setup') this.meetingPreview = preview;
    return preview;
  }

  /** Join from the setup screen: a meeting known to refuse guests is checked again first. */
  async #joinFromSetup(): Promise<void> {
    performance.mark?.('acs-teams-meeting:join-click');
    const service = this.#loader.service;
    if (this.identity !== 'teams' && this.meetingPreview?.guestsAllowed === false && service) {
      const preview = await this.#lookup(service);
      if (preview?.guestsAllowed === false) {
        this.renderRoot.querySelector<HTMLElement>('[data-problem="guests-not-allowed"]')?.focus();
        return;
      }
    }
    await this.join();
  }

  #ensureService(): Promise<MeetingService> {
    const factory = this.serviceFactory ?? loadMeetingService;
    return this.#loader.load(() =>
      factory({
        session: this.#sessions.session({ url: this.tokenUrl, credentials: this.tokenCredentials, provider: this.tokenProvider }),
        identity: this.identity,
      }),
    );
  }

  /** Whether the browser holds the meeting's sound until a tap (the in-call UI shows the prompt). */
  async #checkAudio(): Promise<void> {
    try {
      const ui = await this.#loadUi();
      if (this.phase === 'connected' && ui.checkAudio()) dispatchAcsEvent(this, 'acs-audio-blocked', {});
    } catch {
      // The in-call UI failed to load: that error is already shown.
    }
  }

  #loadUi(): Promise<MeetingUi> {
    this.#uiPromise ??= import('./meeting-ui.js').then(
      (module) => {
        this.#adopt(module.meetingUiStyles);
        this.ui = new module.MeetingUi(this);
        return this.ui;
      },
      (error: unknown) => {
        this.#uiPromise = undefined;
        throw new AcsError('sdk-load-failed', 'The meeting screen could not be loaded', { recoverable: true, cause: error });
      },
    );
    return this.#uiPromise;
  }

  async #join(): Promise<void> {
    if (ACTIVE_PHASES.has(this.phase) || this.#joining) return;
    this.#joining = true;
    try {
      await this.#joinNow();
    } finally {
      this.#joining = false;
    }
  }

  async #joinNow(): Promise<void> {
    const problem = await this.#validate();
    if (problem) {
      this.#showError(problem);
      return;
    }
    const choices = this.#choices;
    const displayName = choices.name.trim();
    if (this.identity !== 'teams' && !displayName) {
      choices.nameInvalid = true;
      this.requestUpdate();
      if (this.phase !== 'setup') {
        this.end = undefined;
        this.#setPhase('setup');
      }
      if (!this.setup?.previewStream) await this.#showSetup();
      await this.updateComplete;
      this.setup?.focusName();
      return;
    }
    const locator = await this.#locator();
    // The running preview camera goes to the call: no second getUserMedia, no dark camera at Join.
    let preview = this.setup?.handOver();
    const dropPreview = () => {
      preview?.getTracks().forEach((track) => track.stop());
      preview = undefined;
    };
    this.#clearError();
    this.end = undefined;
    this.#events.reset();
    this.unread = 0;
    this.#wasInMeeting = false;
    this.chatOpen = false;
    this.#snapshot = initialMeetingState();
    const generation = this.#loader.generation;
    this.#setPhase('connecting');
    this.#cancelJoin = false;
    const [service] = await Promise.all([this.#ensureService(), this.#loadUi()]).catch((error: unknown) => {
      dropPreview();
      throw error;
    });
    // Only a service that says it takes the preview over gets it (and then stops it).
    if (!this.#loader.isCurrent(generation) || !service.takesPreview) dropPreview();
    if (!this.#loader.isCurrent(generation)) return;
    if (this.#cancelJoin) {
      dropPreview();
      this.#onMeetingChange({ ...this.#snapshot, phase: 'ended', end: { reason: 'local', code: 0, subCode: 0 } }, this.#snapshot);
      return;
    }
    this.#meeting.attach(service);
    const options: JoinOptions = {
      locator,
      displayName,
      muted: !choices.micOn,
      cameraOn: choices.cameraOn,
      devices: { ...choices.devices.selected },
      videoEffect: choices.videoEffect,
      noiseSuppression: choices.noiseSuppression,
      ...(preview ? { preview } : {}),
    };
    await service.join(options);
    // A service that could not start the chosen effect joins without it (the snapshot says 'none'):
    // the user picked it to hide what is behind them, so they are told.
    this.#effectRefused =
      this.#loader.isCurrent(generation) && options.cameraOn && options.videoEffect !== undefined && options.videoEffect !== 'none' && this.#meeting.state.videoEffect === 'none';
    if (this.#meeting.state.phase === 'connected') this.#sayEffectRefused();
  }

  #sayEffectRefused(): void {
    if (!this.#effectRefused) return;
    this.#effectRefused = false;
    this.#report(new AcsError('operation-failed', 'The background effect did not start', { recoverable: true }), { key: 'effects.failedAtJoin' });
  }

  #failJoin(error: AcsError, recoverable: boolean): void {
    this.popIn();
    const service = this.#loader.release();
    this.#meeting.detach();
    this.ui?.reset();
    void service?.dispose();
    this.#showError(error, recoverable);
    this.#setPhase('setup');
  }

  /** Turns every service change into UI, events and the context. */
  #onMeetingChange(next: MeetingState, previous: MeetingState): void {
    this.#snapshot = next;
    if (next.phase === 'ended') {
      this.popIn();
      this.end = next.end ?? { reason: 'unknown', code: 0, subCode: 0 };
      this.#setPhase('ended');
      this.pinned = undefined;
      dispatchAcsEvent(this, 'acs-left', { ...this.end });
      this.#finishService();
      return;
    }
    if (next.phase !== 'setup') this.#setPhase(next.phase);
    if (next.phase === 'reconnecting' && previous.phase === 'connected') {
      this.#beforeDrop = { muted: previous.muted, cameraOn: previous.cameraOn, handRaised: previous.handRaised };
    }
    if (next.phase === 'connected' && previous.phase === 'reconnecting' && this.#beforeDrop) {
      const before = this.#beforeDrop;
      this.#beforeDrop = undefined;
      void this.#restore(before, next);
    }
    // Checked once the meeting's sound would start: a join without a click may not play it yet.
    if (next.phase === 'connected' && previous.phase !== 'connected' && previous.phase !== 'reconnecting') {
      void this.#checkAudio();
      this.#sayEffectRefused();
    }
    for (const event of this.#events.next(next, previous)) {
      dispatchAcsEvent(this, event.name, event.detail);
      if (event.name === 'acs-participant-joined') this.ui?.announce('joined', event.detail.participant.displayName);
      if (event.name === 'acs-participant-left') this.ui?.announce('left', event.detail.participant.displayName);
      if (event.name === 'acs-spotlight-changed') this.ui?.announceSpotlight(next, previous);
      if (event.name === 'acs-capabilities-changed' && !event.detail.initial) this.ui?.announceCapabilities(next, previous);
    }
    const consentPending = next.consentRequired && !next.consentGranted;
    const service = this.#loader.service;
    if (consentPending && service && (!next.muted || next.cameraOn)) {
      // Teams' rule: nothing is sent from this user until they agree to be recorded.
      if (!next.muted) void this.#run('operation-failed', () => service.setMuted(true));
      if (next.cameraOn) void this.#run('operation-failed', () => service.setCameraOn(false));
    }
  }

  /**
   * After a reconnect, puts back what the user had set (the SDK may rejoin with the hand down or
   * the devices in their join state). Consent still rules: nothing is unmuted while it is pending.
   */
  async #restore(before: { muted: boolean; cameraOn: boolean; handRaised: boolean }, now: MeetingState): Promise<void> {
    const service = this.#loader.service;
    if (!service) return;
    const consentPending = now.consentRequired && !now.consentGranted;
    const steps: Promise<void>[] = [];
    if (before.muted !== now.muted && (before.muted || !consentPending)) steps.push(this.setMuted(before.muted));
    if (before.cameraOn !== now.cameraOn && (!before.cameraOn || !consentPending)) steps.push(this.setCameraOn(before.cameraOn));
    if (before.handRaised !== now.handRaised) steps.push(before.handRaised ? this.raiseHand() : this.lowerHand());
    if (steps.length === 0) return;
    await Promise.all(steps);
    const state = this.#meeting.state;
    if (state.muted === before.muted && state.cameraOn === before.cameraOn && state.handRaised === before.handRaised) {
      this.ui?.say('reconnected.restored');
    }
  }

  /** After the call ended: release the service (tracks, sockets, listeners); a rejoin makes a new one. */
  #finishService(): void {
    const service = this.#loader.release();
    this.#meeting.detach();
    this.ui?.reset();
    if (service) void service.dispose().catch(() => {});
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="end-screen"] h2')?.focus());
  }

  async #teardown(): Promise<void> {
    this.popIn();
    this.#loader.invalidate();
    this.#stopEarlyPreview();
    this.#preloadHandle?.cancel();
    this.#preloadHandle = undefined;
    clearTimeout(this.#preloadFallback);
    this.#preloadScheduled = false;
    this.#whenVisibleQueue = [];
    this.setup?.stop();
    const service = this.#loader.release();
    this.#meeting.detach();
    this.ui?.reset();
    this.phase = 'setup';
    this.end = undefined;
    this.#events.reset();
    this.#setupInitialized = false;
    this.#tornDown = true;
    if (service) await service.dispose().catch(() => {});
  }

  #setPhase(phase: MeetingPhase): void {
    const previous = this.phase;
    if (previous === phase) return;
    this.phase = phase;
    if (phase === 'connected') this.#wasInMeeting = true;
    dispatchAcsEvent(this, 'acs-state-changed', { state: phase, previous });
  }

  #lobbyName(id: string): string {
    return this.#meeting.state.lobby.find((entry) => entry.id === id)?.displayName ?? '';
  }

  #consentPending(): boolean {
    const state = this.#meeting.state;
    return state.consentRequired && !state.consentGranted;
  }

  /** Runs a service command; a failure is shown and sent as `acs-error`, never thrown. */
  async #command(code: AcsErrorCode, action: (service: MeetingService) => Promise<void>, failed?: FailedAction): Promise<void> {
    const service = this.#loader.service;
    if (!service || !ACTIVE_PHASES.has(this.phase)) return;
    await this.#run(code, () => action(service), failed);
  }

  async #run(code: AcsErrorCode, action: () => Promise<void>, failed?: FailedAction): Promise<void> {
    try {
      await action();
    } catch (error) {
      const failure = toAcsError(error, code);
      this.#report(failure.code === 'unknown' ? new AcsError(code, failure.message) : failure, failed);
    }
  }

  /**
   * A failed action during the call: a toast and `acs-error`; the call goes on. The toast names
   * the action ("Couldn't raise your hand") when the caller says which it was.
   */
  #report(error: AcsError, failed?: FailedAction): void {
    this.#errors.report(error, true, (detail) => {
      const ui = this.ui;
      if (!ui) return;
      if (failed && error.code === 'operation-failed') ui.say(failed.key, failed.params);
      else ui.notify(detail.message);
    });
  }

  /** Shows an error screen instead of setup (bad input, failed join) and sends `acs-error`. */
  #showError(error: AcsError, recoverable = error.recoverable): void {
    const pending = (this.#pendingError = {});
    this.#errors.report(error, recoverable, (detail) => {
      if (this.#pendingError !== pending) return false;
      this.error = detail;
    });
  }

  #clearError(): void {
    this.#pendingError = undefined;
    this.error = undefined;
  }


  // ---- chat slot and context ----------------------------------------------------------------

  #onChatSlotChange = (event: Event) => {
    this.chatSlotted = (event.target as HTMLSlotElement).assignedElements().length > 0;
  };

  #onUnread = (event: CustomEvent<{ count: number }>) => {
    this.unread = event.detail.count;
  };

  /** With the chat closed, a new message shows a short preview beside the Chat button. */
  #onMessage = (event: CustomEvent<AcsMessageDetail>) => {
    const { message } = event.detail;
    if (this.chatOpen || message.own || message.type === 'system' || !this.#inCall()) return;
    this.ui?.previewMessage(message.sender.displayName, message.text);
  };

  #updateContext(): void {
    const value: MeetingContextValue = {
      service: this.#loader.service,
      session: this.#sessions.current,
      // In a breakout room the chat is the room's; back in the main meeting, the meeting's again.
      threadId: currentThreadId(this.#snapshot),
      chatAvailable: this.#inCall() && Boolean(currentThreadId(this.#snapshot)),
      identity: this.identity,
      phase: this.phase,
      locale: this.#locale(),
    };
    const old = this.#context.value;
    if (
      old.service !== value.service ||
      old.session !== value.session ||
      old.threadId !== value.threadId ||
      old.chatAvailable !== value.chatAvailable ||
      old.identity !== value.identity ||
      old.phase !== value.phase ||
      old.locale !== value.locale
    ) {
      this.#context.setValue(value);
    }
  }

  readonly #actions: MeetingUiActions = {
    setMuted: (muted) => void this.setMuted(muted),
    setCameraOn: (on) => void this.setCameraOn(on),
    toggleScreenShare: () =>
      void (this.#meeting.state.screenSharing ? this.stopScreenShare() : this.startScreenShare()),
    toggleHand: () => void (this.#meeting.state.handRaised ? this.lowerHand() : this.raiseHand()),
    react: (reaction: ReactionType) =>
      void this.#command('operation-failed', (service) => service.sendReaction(reaction), { key: 'failed.react' }),
    toggleCaptions: () =>
      void this.#command('operation-failed', (service) =>
        this.#meeting.state.captions.active ? service.stopCaptions() : service.startCaptions(spokenLanguage(this.#locale())),
        { key: 'failed.captions' },
      ),
    admit: (id) => void this.#command('operation-failed', (service) => service.admit(id), { key: 'failed.admit', params: { name: this.#lobbyName(id) } }),
    reject: (id) => void this.#command('operation-failed', (service) => service.reject(id), { key: 'failed.reject', params: { name: this.#lobbyName(id) } }),
    grantConsent: () => void this.grantConsent(),
    togglePin: (id) => {
      this.pinned = this.pinned === id ? undefined : id;
    },
    toggleSpotlight: () => {
      const { selfId, spotlightedParticipants } = this.#meeting.state;
      void (selfId && spotlightedParticipants.includes(selfId) ? this.stopSpotlight() : this.startSpotlight());
    },
    joinBreakoutRoom: () => void this.joinBreakoutRoom(),
    returnToMainMeeting: () => void this.returnToMainMeeting(),
    requestLeave: () => {
      if (dispatchAcsEvent(this, 'acs-leave-request', {})) void this.leave();
    },
    selectDevice: (kind, id) => this.#selectDevice(kind, id),
    videoEffects: async () => (await this.#ensureService()).videoEffects?.(),
    // The picker has fired acs-video-effect-changed; the choice also holds for the next join.
    setEffects: (change, apply, key) => {
      Object.assign(this.#choices, change);
      void this.#command('operation-failed', async (service) => apply(service), { key });
    },
    adopt: (sheet) => this.#adopt(sheet),
    refreshDevices: () => {
      void import('./devices.js').then(async ({ listDevices }) => {
        const t = this.#t();
        this.#choices.devices = await listDevices(this.#choices.devices, {
          microphone: t.t('device.microphone'),
          camera: t.t('device.camera'),
          speaker: t.t('device.speaker'),
        });
        this.requestUpdate();
      });
    },
    togglePopout: () => void (this.#popout?.mode ? this.popIn() : this.popOut()),
    toggleChat: () => {
      if (this.chatOpen) return this.#closeChat();
      this.chatOpen = true;
      this.ui?.previewMessage();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#chat-close')?.focus());
    },
    createView: async (streamId) => {
      const service = this.#loader.service;
      if (!service) throw new AcsError('operation-failed', 'Not in a call');
      return service.createView(streamId);
    },
  };
}

/** The captions' spoken language: the UI's, when Teams transcribes it (all 24 built-in locales). */
function spokenLanguage(locale: Locale): string {
  return (SUPPORTED_LOCALES as readonly string[]).includes(locale) ? locale.toLowerCase() : 'en-us';
}

declare global {
  interface HTMLElementTagNameMap {
    'acs-teams-meeting': AcsTeamsMeeting;
  }
}
