import { adoptStyles, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ContextConsumer, ContextEvent as ContextRequestEvent } from '@lit/context';
import { meetingContext, type MeetingContextValue } from '../../controllers/meeting-context.js';
import { AcsError, toAcsError, type AcsErrorCode } from '../../core/errors.js';
import type { TokenProvider, TokenSession } from '../../core/token-source.js';
import { ErrorReporter } from '../../controllers/error-reporter.js';
import { SnapshotController } from '../../controllers/snapshot-controller.js';
import { TokenSessionCache } from '../../controllers/token-session.js';
import { dispatchAcsEvent } from '../../events.js';
import { elementDirection, localeReady, resolveLocale, Translator, type Locale } from '../../i18n/index.js';
import {
  MAX_MESSAGE_LENGTH,
  messageKey,
  type ChatMessage,
  type ChatService,
  type ChatState,
  type ChatStatus,
  type ChatUnavailableReason,
} from '../../services/chat-service.js';
import { chatShellStrings, type ChatCatalog } from './strings.js';
import type { ErrorMessageKey } from '../../i18n/errors.js';
import { loadChatService, type ChatServiceRequest } from '../../services/load-chat-service.js';
import { styles } from './meeting-chat.styles.js';
import { themeStyles } from '../shared/theme.styles.js';
import type { ChatView, ChatViewHost } from './chat-view.js';
import { preloadChatChunks } from './preload.js';


/** Teams channel meetings: ACS users are not channel members, so there is no chat for them. */
function isChannelThread(threadId: string): boolean {
  return /@thread\.(tacv2|skype)$/i.test(threadId);
}


const EMPTY_STATE: ChatState = { status: 'unavailable', messages: [], hasOlder: false, loadingOlder: false, typing: [] };

/**
 * @summary The chat of a Teams meeting (or any ACS chat thread): read, write, edit and delete
 * messages, with Teams HTML made safe, a virtualized list and a send queue that never loses or
 * doubles a message.
 *
 * Wiring: `for="meeting-element-id"` uses that `<acs-teams-meeting>`'s identity, token and chat
 * thread; slotted into `<acs-teams-meeting slot="chat">` it finds the meeting by itself; standalone
 * it needs `token-url` and `thread-id`.
 *
 * @tagname acs-meeting-chat
 *
 * @event {CustomEvent<AcsChatStateChangedDetail>} acs-chat-state-changed - `{state: 'unavailable'|'connecting'|'ready'|'read-only', reason?}`.
 * @event {CustomEvent<AcsMessageDetail>} acs-message-received - `{message}`: a new message from someone else (sanitized text/html, sender, createdOn).
 * @event {CustomEvent<AcsMessageDetail>} acs-message-sent - `{message}`: an own message the server stored.
 * @event {CustomEvent<AcsMessageFailedDetail>} acs-message-failed - `{message, error}`: an own message that could not be sent (the user can retry it).
 * @event {CustomEvent<AcsUnreadChangedDetail>} acs-unread-changed - `{count}`: messages received while the list was not scrolled to the end or hidden.
 * @event {CustomEvent<AcsErrorDetail>} acs-error - `{code, message, recoverable}`.
 *
 * @csspart message-list - The scrolling (virtualized) list of messages.
 * @csspart message - One message.
 * @csspart composer - The text area to type a message.
 * @csspart send-button - The Send button.
 * @csspart typing - The "… is typing" line.
 * @csspart notice - The explanation shown when the chat is unavailable or read-only.
 * @csspart jump - The "Jump to latest" button.
 *
 * @cssproperty --acs-chat-height - Height of the element (default 100%).
 * @cssproperty --acs-chat-min-height - Minimum height (default 320px).
 * @cssproperty --acs-font-family - Font.
 * @cssproperty --acs-radius - Corner radius of the element, notices and messages.
 * @cssproperty --acs-color-bg - Background.
 * @cssproperty --acs-color-surface - Background of messages, notices, the composer and buttons.
 * @cssproperty --acs-color-text - Text colour.
 * @cssproperty --acs-color-text-muted - Secondary text (times, system messages, hints).
 * @cssproperty --acs-color-border - Borders.
 * @cssproperty --acs-color-primary - Accent colour (send button, jump button).
 * @cssproperty --acs-color-on-primary - Text on primary.
 * @cssproperty --acs-color-danger-text - "Failed" messages and the length limit.
 * @cssproperty --acs-color-focus - Focus ring.
 * @cssproperty --acs-color-link - Links in messages.
 * @cssproperty --acs-chat-own-bg - Background of own messages.
 * @cssproperty --acs-chat-mention-bg - Background of mentions.
 * @cssproperty --acs-chat-mention-text - Text of mentions.
 */
export class AcsMeetingChat extends LitElement {
  static override styles = [themeStyles, styles];

  /** The id of an `<acs-teams-meeting>` whose chat to show. */
  @property({ reflect: true }) for = '';
  /** Standalone ACS chat: the token endpoint (GET returns `{token, expiresOn, userId, endpoint}`). */
  @property({ attribute: 'token-url' }) tokenUrl = '';
  /** Standalone ACS chat: the chat thread. */
  @property({ attribute: 'thread-id' }) threadId = '';
  /** Standalone ACS chat: the name others see on your messages. */
  @property({ attribute: 'display-name' }) displayName = '';
  /** Any BCP 47 tag (24 built in); else the meeting's language, the nearest `lang`, the browser's languages. */
  @property({ reflect: true }) locale = '';
  /** `light`, `dark`, or `auto` (follows the system's colour scheme). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';
  /** The message box's placeholder, instead of the built-in one. */
  @property() placeholder = '';
  /** Per-key overrides of the built-in strings. */
  @property({ attribute: false }) strings: Partial<Record<keyof ChatCatalog | ErrorMessageKey, string>> = {};
  /** Standalone: a function returning a token, instead of `token-url`. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /** A ChatService supplied by the page (advanced); the element then neither starts nor disposes it. */
  @property({ attribute: false }) service?: ChatService;
  /**
   * Advanced: builds the ChatService the element drives (and disposes), instead of the built-in
   * one (the real chat SDK, which also speaks to the local emulator). For a custom backend, or to
   * wrap the default one (e.g. for logging).
   */
  @property({ attribute: false }) serviceFactory?: (options: ChatServiceRequest) => Promise<ChatService>;

  @state() private chat: ChatState = EMPTY_STATE;
  @state() private draft = '';
  @state() private unread = 0;
  @state() private atBottom = true;
  @state() private viewLoaded = false;
  @state() private announcement = '';

  @query('textarea.draft') private composer?: HTMLTextAreaElement;
  @query('.list') private list?: HTMLElement;
  #view?: ChatView;

  #local: { status: ChatStatus; reason?: ChatUnavailableReason } = { status: 'unavailable', reason: 'no-thread' };
  #service?: ChatService;
  #owned = false;
  /** Follows the service's snapshot; kept while the element is briefly off the page (see disconnectedCallback). */
  readonly #snapshot = new SnapshotController<ChatState, ChatService>(this, EMPTY_STATE, {
    onChange: (next) => this.#onState(next),
    keepWhileDisconnected: true,
  });
  #key = '';
  #generation = 0;
  #meeting?: MeetingContextValue;
  #forUnsubscribe?: () => void;
  #forTarget?: Element;
  /** Watches the page for the `for` meeting while it is not there yet. */
  #forWatch?: MutationObserver;
  readonly #sessions = new TokenSessionCache();
  readonly #errors = new ErrorReporter(this, { locale: () => this.#locale(), overrides: () => this.strings });
  #emitted = '';
  #reportedReason?: string;
  /** Ids and statuses already seen, to tell new messages (events) from history. */
  #known = new Map<string, ChatMessage['status']>();
  #newestKnown = -1;
  #visible = true;
  #observer?: IntersectionObserver;

  readonly #consumer = new ContextConsumer(this, {
    context: meetingContext,
    subscribe: true,
    callback: (value) => {
      if (this.for) return;
      this.#meeting = value;
      void this.#sync();
    },
  });

  /** The messages shown, oldest first (read-only snapshot). */
  get messages(): readonly ChatMessage[] {
    return this.chat.messages;
  }

  /** Queues `text` to be sent. Returns the queued message, or undefined when the chat can't send. */
  send(text: string): ChatMessage | undefined {
    const service = this.#service;
    if (!service || this.chat.status !== 'ready') {
      this.#reportError(new AcsError('chat-unavailable', 'The chat is not available.'));
      return undefined;
    }
    try {
      const message = service.send(text);
      this.atBottom = true;
      this.#view?.stick();
      return message;
    } catch (error) {
      this.#reportError(toAcsError(error, 'chat-send-failed'));
      return undefined;
    }
  }

  /** Focuses the message box (or the element when there is none). */
  override focus(options?: FocusOptions): void {
    if (this.composer) this.composer.focus(options);
    else super.focus(options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof IntersectionObserver !== 'undefined') {
      this.#observer = new IntersectionObserver((entries) => {
        const visible = entries.some((entry) => entry.isIntersecting);
        if (visible === this.#visible) return;
        this.#visible = visible;
        if (visible && this.atBottom) this.#clearUnread();
      });
      this.#observer.observe(this);
    }
    document.addEventListener('visibilitychange', this.#onVisibility);
    // Back after a teardown (detached for a while): find the `for` meeting again.
    if (this.hasUpdated && this.for && !this.#forTarget && !this.#forWatch) this.#connectFor();
    void this.#sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#observer = undefined;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    // Closing a panel may detach the element for a moment: keep the chat (and its queue) briefly.
    setTimeout(() => {
      if (!this.isConnected) this.#teardown();
    }, 30_000);
  }

  #teardown(): void {
    this.#view?.dispose();
    this.#forUnsubscribe?.();
    this.#forUnsubscribe = undefined;
    this.#forTarget = undefined;
    this.#stopForWatch();
    this.#detach();
    this.#key = '';
  }

  readonly #onVisibility = () => {
    if (document.visibilityState === 'visible' && this.atBottom && this.#visible) this.#clearUnread();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('for')) this.#connectFor();
    if (
      this.hasUpdated &&
      (changed.has('for') || changed.has('tokenUrl') || changed.has('threadId') || changed.has('service') || changed.has('tokenProvider') || changed.has('serviceFactory'))
    ) {
      void this.#sync();
    }
  }

  // ---- wiring ---------------------------------------------------------------------------------

  /** `for`: ask that meeting element's context provider directly (it need not be an ancestor). */
  #connectFor(): void {
    this.#forUnsubscribe?.();
    this.#forUnsubscribe = undefined;
    this.#forTarget = undefined;
    this.#stopForWatch();
    if (!this.for) {
      this.#meeting = undefined;
      return;
    }
    const root = this.getRootNode() as Document | ShadowRoot;
    const find = () => root.getElementById?.(this.for) ?? document.getElementById(this.for);
    /** True once the meeting is found (attached now, or when its element is defined). */
    const attach = (): boolean => {
      const target = find();
      if (!target) return false;
      if (target === this.#forTarget) return true;
      if (target.localName.includes('-') && !customElements.get(target.localName)) {
        // Found, not upgraded yet (its chunk is still loading): ask once it is.
        void customElements.whenDefined(target.localName).then(() => requestAnimationFrame(() => attach() && void this.#sync()));
        return true;
      }
      this.#forTarget = target;
      target.dispatchEvent(
        new ContextRequestEvent(
          meetingContext,
          this,
          (value, unsubscribe) => {
            if (unsubscribe) this.#forUnsubscribe = unsubscribe;
            this.#meeting = value;
            void this.#sync();
          },
          true,
        ),
      );
      return true;
    };
    if (attach()) return;
    // The meeting may come later: further down the page, or added by the page's script at any
    // time (a framework that renders the chat first). Watch until an element with that id exists.
    const watched = root instanceof Document ? root.documentElement : root;
    this.#forWatch = new MutationObserver(() => {
      if (!attach()) return;
      this.#stopForWatch();
      void this.#sync();
    });
    this.#forWatch.observe(watched, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
  }

  #stopForWatch(): void {
    this.#forWatch?.disconnect();
    this.#forWatch = undefined;
  }

  async #sync(): Promise<void> {
    if (!this.isConnected) return;
    if (this.service) {
      if (this.#service !== this.service) {
        this.#detach();
        this.#key = 'external';
        this.#attach(this.service, false);
        void this.#loadView();
        this.service.start().catch((error: unknown) => this.#reportError(toAcsError(error, 'chat-unavailable')));
      }
      return;
    }
    if (this.#key === 'external') {
      this.#detach();
      this.#key = '';
    }
    const meeting = this.for ? this.#meeting : (this.#meeting ?? this.#consumerValue());
    if (this.for || meeting) {
      if (!meeting) return this.#setLocal('unavailable', 'not-joined');
      if (meeting.identity === 'teams') return this.#setLocal('unavailable', 'teams-identity', 'chat-teams-identity-unsupported');
      if (meeting.threadId && isChannelThread(meeting.threadId)) {
        return this.#setLocal('unavailable', 'channel-meeting', 'chat-channel-meeting');
      }
      if (meeting.phase === 'ended') {
        if (this.#service && this.#owned) {
          const status = this.#service.getState().status;
          if (status === 'ready' || status === 'connecting') this.#service.stop('left');
          return;
        }
        return this.#setLocal('unavailable', 'left');
      }
      if (meeting.chatAvailable && meeting.threadId && meeting.session) {
        const displayName = meeting.service?.getState().displayName;
        return this.#ensureChat(`meeting:${meeting.threadId}`, meeting.session, meeting.threadId, displayName);
      }
      if (this.#service && this.#owned && meeting.phase === 'reconnecting') return;
      if (this.#service && this.#owned && this.chat.status === 'read-only') return;
      this.#detach();
      this.#key = '';
      return this.#setLocal('unavailable', 'not-joined');
    }
    if (this.threadId) {
      if (!this.tokenUrl && !this.tokenProvider) {
        return this.#setLocal('unavailable', 'error', 'missing-token-source');
      }
      const key = `standalone:${this.tokenUrl}:${this.threadId}`;
      const session = this.#sessions.session(this.tokenProvider ? { provider: this.tokenProvider } : { url: this.tokenUrl });
      return this.#ensureChat(key, session, this.threadId, this.displayName || undefined);
    }
    this.#detach();
    this.#key = '';
    this.#setLocal('unavailable', 'no-thread');
  }

  #consumerValue(): MeetingContextValue | undefined {
    return this.#consumer.value;
  }

  async #ensureChat(key: string, session: TokenSession, threadId: string, displayName?: string): Promise<void> {
    const current = this.#service?.getState().status;
    if (this.#key === key && this.#service && current !== 'read-only' && current !== 'unavailable') return;
    if (this.#key === key && !this.#service && this.#local.status === 'connecting') return;
    this.#detach();
    this.#key = key;
    const generation = ++this.#generation;
    this.#setLocal('connecting');
    void this.#loadView();
    // Every chunk the chat needs starts loading now; the service loader fetches the token meanwhile.
    preloadChatChunks();
    try {
      const factory = this.serviceFactory ?? loadChatService;
      const service = await factory({ session, threadId, displayName });
      if (generation !== this.#generation) {
        service.dispose();
        return;
      }
      this.#attach(service, true);
      await service.start();
    } catch (error) {
      if (generation !== this.#generation) return;
      const acsError = toAcsError(error, 'chat-unavailable');
      const state = this.#service?.getState();
      if (!state || state.status === 'connecting') {
        this.#setLocal('unavailable', acsError.code === 'chat-forbidden' ? 'forbidden' : 'error');
      }
      this.#reportError(acsError);
    }
  }

  #attach(service: ChatService, owned: boolean): void {
    this.#service = service;
    this.#owned = owned;
    this.#known.clear();
    this.#newestKnown = -1;
    this.#snapshot.attach(service);
    this.#onState(service.getState());
  }

  #detach(): void {
    this.#generation++;
    this.#snapshot.detach();
    if (this.#service && this.#owned) {
      // Keep the history on screen (read-only) until something else replaces it.
      const last = this.#service.getState();
      this.#service.dispose();
      this.chat = { ...last, status: 'read-only', typing: [] };
    }
    this.#service = undefined;
    this.#owned = false;
  }

  #setLocal(status: ChatStatus, reason?: ChatUnavailableReason, errorCode?: AcsErrorCode): void {
    this.#local = { status, reason };
    if (!this.#service) {
      const keep = status !== 'connecting' && this.chat.messages.length > 0 && reason === 'left';
      this.chat = keep
        ? { ...this.chat, status: 'read-only', reason, typing: [] }
        : { ...EMPTY_STATE, status, reason, messages: status === 'connecting' ? [] : this.chat.messages };
      if (!keep && status === 'unavailable' && this.chat.messages.length > 0 && reason !== 'left') {
        this.chat = { ...EMPTY_STATE, status, reason };
      }
    }
    this.#emitState();
    if (errorCode && this.#reportedReason !== reason) {
      this.#reportedReason = reason;
      this.#reportError(new AcsError(errorCode, errorCode));
    }
  }

  // ---- state → events ------------------------------------------------------------------------

  #onState(next: ChatState): void {
    const previousMessages = this.chat.messages;
    this.chat = next;
    if (next.status === 'read-only' && next.reason === 'forbidden' && this.#reportedReason !== 'forbidden') {
      this.#reportedReason = 'forbidden';
      this.#reportError(new AcsError('chat-forbidden', 'chat-forbidden'));
    }
    this.#emitState();
    if (next.messages !== previousMessages) this.#diffMessages(next.messages);
  }

  #emitState(): void {
    const { status, reason } = this.chat;
    const signature = `${status}|${reason ?? ''}`;
    if (signature === this.#emitted) return;
    this.#emitted = signature;
    dispatchAcsEvent(this, 'acs-chat-state-changed', reason ? { state: status, reason } : { state: status });
  }

  #diffMessages(messages: readonly ChatMessage[]): void {
    const seeding = this.#known.size === 0;
    let received = 0;
    let lastReceived: ChatMessage | undefined;
    let newest = this.#newestKnown;
    messages.forEach((message, index) => {
      const key = messageKey(message);
      const before = this.#known.get(key);
      this.#known.set(key, message.status);
      if (seeding) return;
      if (before === undefined) {
        // Older pages arrive before the newest known message: history, not news.
        if (index <= this.#newestKnown) return;
        if (!message.own && message.type !== 'system' && !message.deletedOn) {
          received++;
          lastReceived = message;
          dispatchAcsEvent(this, 'acs-message-received', { message });
        }
      } else if (message.own && before !== message.status) {
        if (message.status === 'sent' && before === 'sending') dispatchAcsEvent(this, 'acs-message-sent', { message });
        if (message.status === 'failed') {
          const code = message.failure?.code ?? 'chat-send-failed';
          this.#errors.withDetail(code, true, (error) => dispatchAcsEvent(this, 'acs-message-failed', { message, error }));
        }
      }
    });
    newest = messages.length - 1;
    this.#newestKnown = newest;
    if (received > 0) {
      const hidden = !this.#visible || document.visibilityState === 'hidden';
      if (!this.atBottom || hidden) this.#setUnread(this.unread + received);
      if (lastReceived) {
        const t = this.#t();
        this.announcement = t.t('announce.message', {
          name: lastReceived.sender.displayName || t.t('system.someone'),
          text: lastReceived.text.slice(0, 300),
        });
      }
    }
    if (this.atBottom) this.#view?.stick();
  }

  #setUnread(count: number): void {
    if (count === this.unread) return;
    this.unread = count;
    dispatchAcsEvent(this, 'acs-unread-changed', { count });
  }

  #clearUnread(): void {
    this.#setUnread(0);
    const last = [...this.chat.messages].reverse().find((m) => !m.own && m.type !== 'system');
    if (last && this.chat.status === 'ready') this.#service?.markRead(last.id);
  }

  #reportError(error: AcsError): void {
    this.#errors.report(error);
  }

  // ---- view ----------------------------------------------------------------------------------

  async #loadView(): Promise<void> {
    if (this.#view) return;
    try {
      const module = await import('./chat-view.js');
      if (this.#view) return;
      if (this.renderRoot instanceof ShadowRoot) {
        adoptStyles(this.renderRoot, [...AcsMeetingChat.elementStyles, module.viewStyles]);
      }
      this.#english = { ...chatShellStrings, ...module.chatViewStrings };
      this.#view = new module.ChatView(this.#viewHost());
      this.viewLoaded = true;
    } catch (error) {
      this.#reportError(new AcsError('sdk-load-failed', 'The chat UI could not be loaded.', { cause: error }));
    }
  }

  #locale(): Locale {
    return resolveLocale(this, this.locale || this.#meeting?.locale);
  }

  /** English shell strings until the UI chunk brings its own; then both. */
  #english = chatShellStrings as ChatCatalog;

  #t(): Translator<ChatCatalog> {
    return new Translator('chat', this.#english, this.#locale(), this.strings);
  }

  /** Renders only once the locale's strings are in (a lazy chunk per language). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = localeReady(this.#locale());
    return pending ? pending.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override render(): TemplateResult {
    const t = this.#t();
    const { status, reason } = this.chat;
    const showList = (status === 'ready' || status === 'read-only') && this.viewLoaded && this.#view;
    return html`
      <section
        class="chat"
        aria-label=${t.t('chat.label')}
        lang=${t.locale}
        dir=${elementDirection(t.locale, this.locale) ?? nothing}
      >
        ${status === 'read-only' || (status === 'unavailable' && !showList)
          ? html`<div part="notice" class="notice ${showList ? 'banner' : 'center'}" role="status">
              <span>${t.t(`reason.${reason ?? 'error'}` as keyof ChatCatalog)}</span>
              ${reason === 'error'
                ? html` <button type="button" @click=${this.#retryStart}>${t.t('state.retry')}</button>`
                : nothing}
            </div>`
          : nothing}
        ${status === 'connecting' || (status !== 'unavailable' && !this.viewLoaded)
          ? html`<div class="notice center" role="status">${t.t('state.connecting')}</div>`
          : nothing}
        ${showList ? this.#view!.render(t) : nothing}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  #retryStart = () => {
    this.#key = '';
    void this.#sync();
  };

  #onInput = (event: Event) => {
    this.draft = (event.target as HTMLTextAreaElement).value;
    if (this.draft) this.#service?.sendTyping();
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#sendDraft();
    }
  };

  #sendDraft = () => {
    const text = this.draft;
    if (!text.trim() || text.length > MAX_MESSAGE_LENGTH) return;
    if (this.send(text)) this.draft = '';
  };

  protected override updated(): void {
    this.#view?.updated();
  }

  /** What the lazily loaded view may read and do: closures over this element's private state. */
  #viewHost(): ChatViewHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const element = this;
    return {
      get chat() {
        return element.chat;
      },
      get service() {
        return element.#service;
      },
      get draft() {
        return element.draft;
      },
      get placeholder() {
        return element.placeholder;
      },
      get unread() {
        return element.unread;
      },
      get atBottom() {
        return element.atBottom;
      },
      set atBottom(value: boolean) {
        element.atBottom = value;
      },
      get visible() {
        return element.#visible && document.visibilityState === 'visible';
      },
      get renderRoot() {
        return element.renderRoot;
      },
      get list() {
        return element.list;
      },
      get updateComplete() {
        return element.updateComplete;
      },
      requestUpdate: () => this.requestUpdate(),
      t: () => this.#t(),
      locale: () => this.#locale(),
      reportError: (error) => this.#reportError(error),
      clearUnread: () => this.#clearUnread(),
      sendDraft: () => this.#sendDraft(),
      onInput: (event) => this.#onInput(event),
      onKeydown: (event) => this.#onKeydown(event),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'acs-meeting-chat': AcsMeetingChat;
  }
}
