import { adoptStyles, html, LitElement, nothing, type CSSResult, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AcsError } from '../../core/errors.js';
import type { TokenProvider } from '../../core/token-source.js';
import { ErrorReporter } from '../../controllers/error-reporter.js';
import { elementDirection, localeReady, resolveLocale, Translator } from '../../i18n/index.js';
import { initialCallState, type CallService, type CallServiceOptions, type CallState, type DtmfTone } from '../../services/call-service.js';
import type { CallUi } from './call-ui.js';
import { callButtonStrings, type CallButtonCatalog } from './strings.js';
import type { CallUiCatalog } from './call-ui-strings.js';
import type { ErrorMessageKey } from '../../i18n/errors.js';

/** `strings` of `<acs-teams-call>`: any UI or error message, by key. */
export type AcsTeamsCallStrings = Partial<Record<keyof CallButtonCatalog | keyof CallUiCatalog | ErrorMessageKey, string>>;
import { styles } from './teams-call.styles.js';
import { themeStyles } from '../shared/theme.styles.js';

/**
 * A "talk to us" button that calls a Teams user, a Teams call queue or auto attendant, or a phone
 * number, and (with `identity="teams"`) takes calls for the signed-in Teams user. The call panel
 * and the calling service load on the first click (or, for Teams users, once the element is on the
 * page, to receive calls); the button itself is all the script-tag entry carries.
 *
 * @summary Click-to-call a Teams user, call queue, auto attendant or phone number; receive calls as a Teams user.
 *
 * @tagname acs-teams-call
 *
 * @event {CustomEvent<AcsStateChangedDetail>} acs-state-changed - `{state, previous}`: idle, connecting, ringing, connected, ended, incoming.
 * @event {CustomEvent<Record<string, never>>} acs-call-connected - The call was answered.
 * @event {CustomEvent<AcsCallEndedDetail>} acs-call-ended - `{reason, code, subCode, durationSeconds}`: reason is local, remote, declined, no-answer, missed, busy, unavailable, answered-elsewhere, not-permitted, token, network or unknown.
 * @event {CustomEvent<AcsIncomingCallDetail>} acs-incoming-call - `{caller: {id, displayName}}`: a call for the signed-in Teams user.
 * @event {CustomEvent<AcsErrorDetail>} acs-error - `{code, message, recoverable}`: bad callee, missing caller id, token problems; shown in the panel too.
 *
 * @slot button - Replaces the default button; a click on it places the call. Hidden when `identity="teams"` has no `callee` (receive only).
 *
 * @csspart button - The default call button.
 * @csspart panel - The call panel (status, video, controls).
 * @csspart status - The status line (calling, ringing, connected with the timer, ended).
 * @csspart video - The remote video.
 * @csspart local-video - The local camera preview.
 * @csspart controls - The control bar (role toolbar): mute, camera, dial pad, hang up.
 * @csspart dialpad - The dial pad.
 * @csspart incoming - The incoming call prompt (answer, answer with video, decline).
 * @csspart end-screen - What the panel shows after the call.
 * @csspart error - The error shown instead of placing a call.
 *
 * @cssproperty --acs-font-family - Font.
 * @cssproperty --acs-radius - Corner radius of the button and the panel.
 * @cssproperty --acs-color-surface - Background of the panel.
 * @cssproperty --acs-color-text - Text colour.
 * @cssproperty --acs-color-text-muted - Secondary text.
 * @cssproperty --acs-color-border - Borders.
 * @cssproperty --acs-color-primary - The call and answer buttons.
 * @cssproperty --acs-color-on-primary - Text on primary.
 * @cssproperty --acs-color-danger - Hang up and decline.
 * @cssproperty --acs-color-on-danger - Text on danger.
 * @cssproperty --acs-color-focus - Focus ring.
 * @cssproperty --acs-tile-bg - Background behind video.
 * @cssproperty --acs-panel-width - Width of the call panel (default 320px).
 */
export class AcsTeamsCall extends LitElement {
  static override styles = [themeStyles, styles];

  /** URL of the host's token endpoint (`GET` → `{token, expiresOn, userId, endpoint}`). */
  @property({ attribute: 'token-url' }) tokenUrl?: string;
  /** `include` to send cookies to a cross-origin token endpoint; `same-origin` by default. */
  @property({ attribute: 'token-credentials' }) tokenCredentials?: RequestCredentials;
  /** `8:orgid:<guid>` (Teams user), `28:orgid:<guid>` (call queue, auto attendant) or `+E.164`. */
  @property() callee?: string;
  /** `auto-attendant` when the callee reads a menu: the dial pad then opens with "Choose an option". */
  @property({ attribute: 'callee-kind' }) calleeKind?: 'auto-attendant' | 'call-queue' | 'person';
  /** The name shown while calling (before the callee answers), e.g. "Contoso Support". */
  @property({ attribute: 'callee-name' }) calleeName?: string;
  /** ACS identities calling a phone: the resource's number (`+E.164`) shown to the callee. */
  @property({ attribute: 'caller-id' }) callerId?: string;
  /** `acs` (a guest, default) or `teams` (a Teams user token: can also receive calls). */
  @property() identity: 'acs' | 'teams' = 'acs';
  /** ACS identities: the name Teams shows for the caller. */
  @property({ attribute: 'display-name' }) displayName?: string;
  /** `off`: no ringtone for incoming calls (the page rings, or stays silent). */
  @property() ringtone: 'on' | 'off' = 'on';
  /** Start calls to Teams users with the camera on. */
  @property({ type: Boolean }) video = false;
  /** Any BCP 47 tag (24 built in, e.g. `fr-FR`, `ar-SA`; `fr-BE` reads fr-FR); else the nearest `lang`, else the browser's languages. */
  @property() locale?: string;
  /** `light`, `dark`, or `auto` (follows the system's colour scheme). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';
  /** A function returning a token, instead of `token-url`. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /** Advanced: builds the CallService instead of the built-in choice (real SDK or emulator). */
  @property({ attribute: false }) serviceFactory?: (options: CallServiceOptions) => Promise<CallService>;
  /** Overrides for any UI string, by key (see strings.ts, call-ui-strings.ts and the `errors.*` keys). */
  @property({ attribute: false }) strings: AcsTeamsCallStrings = {};

  @state() private ui?: CallUi;
  readonly #errors = new ErrorReporter(this, { locale: () => resolveLocale(this, this.locale), overrides: () => this.strings });
  #uiPromise?: Promise<CallUi | undefined>;

  /** The call as the element shows it (a copy); `phase: 'idle'` before the first call. */
  get state(): CallState & { error?: { code: string; message: string; recoverable: boolean } } {
    return this.ui?.snapshot() ?? initialCallState();
  }

  constructor() {
    super();
    this.addEventListener('click', this.#onClick);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.identity === 'teams') void this.#load().then((ui) => ui?.listen());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move within the page disconnects and reconnects in the same task: keep the call then.
    queueMicrotask(() => {
      if (!this.isConnected) void this.ui?.teardown();
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Set to "teams" after the element was connected (e.g. by a framework): start receiving too.
    if (changed.has('identity') && changed.get('identity') !== undefined && this.identity === 'teams' && this.isConnected) {
      void this.#load().then((ui) => ui?.listen());
    }
    this.ui?.afterRender();
  }

  /** Places the call (what the button does). Problems are shown and sent as `acs-error`, never thrown. */
  async call(): Promise<void> {
    await (await this.#load())?.call();
  }

  /** Hangs up (or declines an incoming call). */
  async hangUp(): Promise<void> {
    await this.ui?.hangUp();
  }

  /** Answers the incoming call, with the camera on when `video` is true and the caller can do video. */
  async accept(options: { video?: boolean } = {}): Promise<void> {
    await this.ui?.accept(Boolean(options.video));
  }

  /** Declines the incoming call (the caller hears it declined). */
  async decline(): Promise<void> {
    await this.ui?.decline();
  }

  /** Mutes or unmutes the microphone during the call. */
  async setMuted(muted: boolean): Promise<void> {
    await this.ui?.setMuted(muted);
  }

  /** Turns the camera on or off (calls to Teams users). */
  async setCameraOn(on: boolean): Promise<void> {
    await this.ui?.setCameraOn(on);
  }

  /** Sends a dial-pad tone (0-9, *, #) once the call is connected, e.g. to answer an auto attendant's menu. */
  async sendDtmf(tone: DtmfTone): Promise<void> {
    await this.ui?.sendDtmf(tone);
  }

  /** Renders only once the locale's strings are in (a lazy chunk per language). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = localeReady(resolveLocale(this, this.locale));
    return pending ? pending.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override render(): TemplateResult {
    const t = new Translator('call', callButtonStrings, resolveLocale(this, this.locale), this.strings);
    const name = this.calleeName?.trim();
    // A Teams user's element without a callee only receives calls: no button then.
    const receiveOnly = this.identity === 'teams' && !this.callee?.trim();
    // During a call the default button hangs up (and says so), so it never offers a second call.
    const inCall = this.#inCall();
    return html`<slot name="button" ?hidden=${receiveOnly}
        ><button
          part="button"
          class="call-button ${inCall ? 'hangup' : ''}"
          type="button"
          data-state=${inCall ? 'in-call' : 'idle'}
          lang=${t.locale}
          dir=${elementDirection(t.locale, this.locale) ?? nothing}
          aria-label=${name && !inCall ? t.t('button.label', { name }) : nothing}
        >
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" class=${inCall ? 'hangup-icon' : ''}>
            <path fill="currentColor" d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z" /></svg
          >${inCall ? t.t('button.hangUp') : t.t('button.call')}
        </button></slot
      >${this.ui ? this.ui.render() : nothing}`;
  }

  #inCall(): boolean {
    const phase = this.ui?.phase;
    return phase === 'connecting' || phase === 'ringing' || phase === 'connected';
  }

  /** Clicks on the default button or on whatever is slotted as the button (keyboard activation included). */
  #onClick = (event: Event) => {
    const path = event.composedPath();
    const slotted = this.querySelector(':scope > [slot="button"]');
    const own = this.renderRoot.querySelector('[part="button"]');
    if (own && path.includes(own) && this.#inCall()) void this.hangUp();
    else if ((slotted && path.includes(slotted)) || (own && path.includes(own))) void this.call();
  };

  /** Loads the call panel chunk (its styles are adopted then). Never throws into the page. */
  #load(): Promise<CallUi | undefined> {
    this.#uiPromise ??= import('./call-ui.js').then(
      (module) => {
        const root = this.renderRoot;
        const extra: CSSResult = module.callUiStyles;
        if (root instanceof ShadowRoot) adoptStyles(root, [...(this.constructor as typeof AcsTeamsCall).elementStyles, extra]);
        this.ui ??= new module.CallUi(this);
        return this.ui;
      },
      (error: unknown) => {
        this.#uiPromise = undefined;
        console.error('<acs-teams-call>: the call panel could not be loaded', error);
        this.#errors.report(new AcsError('sdk-load-failed', 'The call panel could not be loaded', { recoverable: true, cause: error }));
        return undefined;
      },
    );
    return this.#uiPromise;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'acs-teams-call': AcsTeamsCall;
  }
}
