import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ContextConsumer, ContextEvent as ContextRequestEvent } from '@lit/context';
import { meetingContext, type MeetingContextValue } from '../../controllers/meeting-context.js';
import { AcsError, toAcsError, type AcsErrorCode } from '../../core/errors.js';
import { createTokenSession, type TokenProvider, type TokenSession } from '../../core/token-source.js';
import { dispatchAcsEvent, type AcsErrorDetail } from '../../events.js';
import { resolveLocale, Translator, type Locale } from '../../i18n/index.js';
import {
  MAX_MESSAGE_LENGTH,
  type ChatMessage,
  type ChatService,
  type ChatState,
  type ChatStatus,
  type ChatUnavailableReason,
} from '../../services/chat-service.js';
import { chatStrings, type ChatCatalog } from './strings.js';
import { styles } from './meeting-chat.styles.js';
import type { ChatRow } from './rows.js';

type ChatView = typeof import('./chat-view.js');

/** Teams channel meetings: ACS users are not channel members, so there is no chat for them. */
function isChannelThread(threadId: string): boolean {
  return /@thread\.(tacv2|skype)$/i.test(threadId);
}

/** Shown as "N characters left" once the draft is this close to the limit. */
const LIMIT_WARNING = 500;
const AT_BOTTOM_PX = 48;
const LOAD_OLDER_PX = 300;

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
 * @event acs-chat-state-changed - `{state: 'unavailable'|'connecting'|'ready'|'read-only', reason?}`.
 * @event acs-message-received - `{message}`: a new message from someone else (sanitized text/html, sender, createdOn).
 * @event acs-message-sent - `{message}`: an own message the server stored.
 * @event acs-message-failed - `{message, error}`: an own message that could not be sent (the user can retry it).
 * @event acs-unread-changed - `{count}`: messages received while the list was not scrolled to the end or hidden.
 * @event acs-error - `{code, message, recoverable}`.
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
 * @cssproperty --acs-color-primary - Accent colour (send button, jump button).
 * @cssproperty --acs-chat-own-bg - Background of own messages.
 * @cssproperty --acs-chat-mention-bg - Background of mentions.
 * @cssproperty --acs-font-family - Font.
 */
export class AcsMeetingChat extends LitElement {
  static override styles = styles;

  /** The id of an `<acs-teams-meeting>` whose chat to show. */
  @property({ reflect: true }) for = '';
  /** Standalone ACS chat: the token endpoint (GET returns `{token, expiresOn, userId, endpoint}`). */
  @property({ attribute: 'token-url' }) tokenUrl = '';
  /** Standalone ACS chat: the chat thread. */
  @property({ attribute: 'thread-id' }) threadId = '';
  /** Standalone ACS chat: the name others see on your messages. */
  @property({ attribute: 'display-name' }) displayName = '';
  @property({ reflect: true }) locale = '';
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';
  @property() placeholder = '';
  /** Per-key overrides of the built-in strings. */
  @property({ attribute: false }) strings: Partial<Record<keyof ChatCatalog, string>> = {};
  /** Standalone: a function returning a token, instead of `token-url`. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /** A ChatService supplied by the page (advanced); the element then neither starts nor disposes it. */
  @property({ attribute: false }) service?: ChatService;

  @state() private chat: ChatState = EMPTY_STATE;
  @state() private draft = '';
  @state() private editing?: { id: string; text: string };
  @state() private unread = 0;
  @state() private atBottom = true;
  @state() private view?: ChatView;
  @state() private announcement = '';

  @query('textarea.draft') private composer?: HTMLTextAreaElement;
  @query('.list') private list?: HTMLElement;

  #local: { status: ChatStatus; reason?: ChatUnavailableReason } = { status: 'unavailable', reason: 'no-thread' };
  #service?: ChatService;
  #owned = false;
  #unsubscribe?: () => void;
  #key = '';
  #generation = 0;
  #meeting?: MeetingContextValue;
  #forUnsubscribe?: () => void;
  #forTarget?: Element;
  #standaloneSession?: { key: string; session: TokenSession };
  #emitted = '';
  #reportedReason?: string;
  /** Ids and statuses already seen, to tell new messages (events) from history. */
  #known = new Map<string, ChatMessage['status']>();
  #newestKnown = -1;
  #rows: ChatRow[] = [];
  #rowsFor?: readonly ChatMessage[];
  #visible = true;
  #observer?: IntersectionObserver;
  #images = new Map<string, Promise<string>>();
  #objectUrls: string[] = [];
  #restoreAnchor?: { key: string; offset: number };
  #stickAfterRender = true;

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
      this.#stickAfterRender = true;
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
    this.#mutations?.disconnect();
    this.#mutations = undefined;
    this.#watchedList = undefined;
    this.#forUnsubscribe?.();
    this.#forUnsubscribe = undefined;
    this.#forTarget = undefined;
    this.#detach();
    this.#key = '';
    for (const url of this.#objectUrls) URL.revokeObjectURL(url);
    this.#objectUrls = [];
    this.#images.clear();
  }

  readonly #onVisibility = () => {
    if (document.visibilityState === 'visible' && this.atBottom && this.#visible) this.#clearUnread();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('for')) this.#connectFor();
    if (
      this.hasUpdated &&
      (changed.has('for') || changed.has('tokenUrl') || changed.has('threadId') || changed.has('service') || changed.has('tokenProvider'))
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
    if (!this.for) {
      this.#meeting = undefined;
      return;
    }
    const find = () => {
      const root = this.getRootNode() as Document | ShadowRoot;
      return root.getElementById?.(this.for) ?? document.getElementById(this.for);
    };
    const attach = () => {
      const target = find();
      if (!target || target === this.#forTarget) return Boolean(target);
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
    if (!attach()) {
      // The meeting may come later in the page, or its element may not be defined yet.
      void customElements.whenDefined('acs-teams-meeting').then(() => {
        requestAnimationFrame(() => {
          if (!this.#forTarget) attach();
          void this.#sync();
        });
      });
    }
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
      if (this.#standaloneSession?.key !== key || this.tokenProvider) {
        this.#standaloneSession = {
          key,
          session: createTokenSession(this.tokenProvider ? { provider: this.tokenProvider } : { url: this.tokenUrl }),
        };
      }
      return this.#ensureChat(key, this.#standaloneSession.session, this.threadId, this.displayName || undefined);
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
    try {
      const token = await session.current();
      if (!token.endpoint) throw new AcsError('token-invalid', 'The token response names no ACS endpoint.');
      let module: typeof import('../../services/acs/chat-service.js');
      try {
        module = await import('../../services/acs/chat-service.js');
      } catch (error) {
        throw new AcsError('sdk-load-failed', 'The chat SDK could not be loaded.', { cause: error, recoverable: true });
      }
      if (generation !== this.#generation) return;
      const service = await module.createAcsChatService({ session, threadId, endpoint: token.endpoint, displayName });
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
    this.#unsubscribe = service.subscribe((next) => this.#onState(next));
    this.#onState(service.getState());
  }

  #detach(): void {
    this.#generation++;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
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
      const key = message.clientMessageId ?? message.id;
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
          dispatchAcsEvent(this, 'acs-message-failed', { message, error: this.#errorDetail(code, true) });
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
    if (this.atBottom) this.#stickAfterRender = true;
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

  #errorDetail(code: AcsErrorCode, recoverable: boolean): AcsErrorDetail {
    const t = this.#t();
    const key = `errors.${code}` as keyof ChatCatalog;
    const message = key in chatStrings.en ? t.t(key) : t.t('errors.unknown');
    return { code, message, recoverable };
  }

  #reportError(error: AcsError): void {
    dispatchAcsEvent(this, 'acs-error', this.#errorDetail(error.code, error.recoverable));
  }

  // ---- view ----------------------------------------------------------------------------------

  async #loadView(): Promise<void> {
    if (this.view) return;
    try {
      this.view = await import('./chat-view.js');
    } catch (error) {
      this.#reportError(new AcsError('sdk-load-failed', 'The chat UI could not be loaded.', { cause: error }));
    }
  }

  #locale(): Locale {
    return resolveLocale(this, this.locale || this.#meeting?.locale);
  }

  #t(): Translator<ChatCatalog> {
    return new Translator(chatStrings, this.#locale(), this.strings);
  }

  #getRows(): ChatRow[] {
    if (!this.view) return [];
    if (this.#rowsFor !== this.chat.messages) {
      this.#rowsFor = this.chat.messages;
      this.#rows = this.view.buildRows(this.chat.messages);
    }
    return this.#rows;
  }

  protected override render(): TemplateResult {
    const t = this.#t();
    const { status, reason } = this.chat;
    const showList = (status === 'ready' || status === 'read-only') && this.view;
    return html`
      <section class="chat" aria-label=${t.t('chat.label')} lang=${this.#locale()}>
        ${status === 'read-only' || (status === 'unavailable' && !showList)
          ? html`<div part="notice" class="notice ${showList ? 'banner' : 'center'}" role="status">
              <span>${t.t(`reason.${reason ?? 'error'}` as keyof ChatCatalog)}</span>
              ${reason === 'error'
                ? html` <button type="button" @click=${this.#retryStart}>${t.t('state.retry')}</button>`
                : nothing}
            </div>`
          : nothing}
        ${status === 'connecting' || (status !== 'unavailable' && !this.view)
          ? html`<div class="notice center" role="status">${t.t('state.connecting')}</div>`
          : nothing}
        ${showList ? this.#renderList(t) : nothing}
        ${showList && status === 'ready' ? this.#renderComposer(t) : nothing}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  #retryStart = () => {
    this.#key = '';
    void this.#sync();
  };

  #renderList(t: Translator<ChatCatalog>): TemplateResult {
    const view = this.view!;
    const rows = this.#getRows();
    const { hasOlder, loadingOlder, typing } = this.chat;
    return html`
      ${hasOlder || loadingOlder
        ? html`<div class="row edge" aria-hidden=${loadingOlder ? 'false' : 'true'}>${loadingOlder ? t.t('list.loadingOlder') : ''}</div>`
        : nothing}
      ${rows.length === 0 ? html`<div class="row edge">${t.t('list.empty')}</div>` : nothing}
      <div
        part="message-list"
        class="list"
        role="region"
        aria-label=${t.t('list.label')}
        tabindex="0"
        @scroll=${this.#onScroll}
      >
        ${view.virtualize({
          items: rows,
          keyFunction: (row: ChatRow) => row.key,
          renderItem: (row: ChatRow) => this.#renderRow(row, t),
          scroller: true,
        })}
      </div>
      ${this.unread > 0 || !this.atBottom
        ? html`<button part="jump" class="jump" type="button" @click=${this.#jump}>
            ${this.unread > 0 ? t.plural('unread', this.unread) : t.t('jump')}
          </button>`
        : nothing}
      <div part="typing" class="typing" aria-live="polite">${this.#typingText(t, typing)}</div>
    `;
  }

  #typingText(t: Translator<ChatCatalog>, typing: ChatState['typing']): string {
    const names = typing.map((sender) => sender.displayName || t.t('system.someone'));
    if (names.length === 0) return '';
    if (names.length === 1) return t.t('typing.one', { name: names[0]! });
    if (names.length === 2) return t.t('typing.two', { first: names[0]!, second: names[1]! });
    return t.plural('typing.many', names.length);
  }

  #dayLabel(t: Translator<ChatCatalog>, day: string): string {
    const [y, m, d] = day.split('-').map(Number);
    const date = new Date(y!, m! - 1, d!);
    const today = new Date();
    const startOfToday = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
    if (date.getTime() === startOfToday) return t.t('today');
    if (date.getTime() === startOfToday - 86_400_000) return t.t('yesterday');
    return new Intl.DateTimeFormat(this.#locale(), { dateStyle: 'full' }).format(date);
  }

  #time(iso: string): string {
    return new Intl.DateTimeFormat(this.#locale(), { timeStyle: 'short' }).format(new Date(iso));
  }

  #renderRow(row: ChatRow, t: Translator<ChatCatalog>): TemplateResult {
    if (row.kind === 'date') {
      return html`<div class="row date" role="separator" data-key=${row.key}>${this.#dayLabel(t, row.day)}</div>`;
    }
    if (row.kind === 'system') {
      const system = row.message.system;
      const names = system?.names.length ? system.names.join(', ') : t.t('system.someone');
      const text =
        system?.kind === 'topic-updated'
          ? t.t('system.topic', { topic: system.topic ?? '' })
          : system?.kind === 'participant-removed'
            ? t.t('system.removed', { names })
            : t.t('system.added', { names });
      return html`<div class="row system" data-key=${row.key}>${text}</div>`;
    }
    return this.#renderMessage(row.message, row.groupStart, row.key, t);
  }

  #renderMessage(message: ChatMessage, groupStart: boolean, key: string, t: Translator<ChatCatalog>): TemplateResult {
    const view = this.view!;
    const editing = this.editing?.id === message.id;
    const name = message.own ? t.t('you') : message.sender.displayName || t.t('system.someone');
    const canChange = message.own && !message.deletedOn && message.status === 'sent' && this.chat.status === 'ready';
    const seen = message.own && message.status === 'sent' && this.chat.readUpTo !== undefined && message.createdOn <= this.chat.readUpTo;
    let body: TemplateResult;
    if (message.deletedOn) body = html`<span class="deleted">${t.t('deleted')}</span>`;
    else if (editing) body = this.#renderEditor(t);
    else if (message.type === 'html' && message.html !== undefined) body = html`<div class="html">${view.unsafeHTML(message.html)}</div>`;
    else body = html`<span class="text">${message.text}</span>`;
    return html`<div class="row" data-key=${key}>
      <div
        part="message"
        class="message ${message.own ? 'own' : ''} ${groupStart ? 'group-start' : ''}"
        role="article"
        aria-label=${`${name}, ${this.#time(message.createdOn)}`}
        data-id=${message.id}
        data-status=${message.status}
      >
        ${groupStart
          ? html`<div class="meta">
              <span class="name">${name}</span>
              ${message.sender.kind === 'teams' ? html`<span class="badge">${t.t('teamsBadge')}</span>` : nothing}
              <time datetime=${message.createdOn}>${this.#time(message.createdOn)}</time>
            </div>`
          : nothing}
        <div class="bubble">${body}</div>
        <div class="status ${message.status === 'failed' ? 'failed' : ''}">
          ${message.editedOn && !message.deletedOn ? html`<span class="edited">${t.t('edited')}</span>` : nothing}
          ${message.status === 'sending' ? html`<span>${t.t('sending')}</span>` : nothing}
          ${message.status === 'failed'
            ? html`<span>${t.t('failed')}</span>
                <button type="button" class="retry" @click=${() => this.#service?.retry(message.id)}>${t.t('retry')}</button>`
            : nothing}
          ${seen ? html`<span class="seen">${t.t('seen')}</span>` : nothing}
          ${canChange && !editing
            ? html`<span class="actions">
                <button type="button" class="edit" @click=${() => this.#startEdit(message)}>${t.t('edit')}</button>
                <button type="button" class="delete" @click=${() => this.#delete(message)}>${t.t('delete')}</button>
              </span>`
            : nothing}
        </div>
      </div>
    </div>`;
  }

  #renderEditor(t: Translator<ChatCatalog>): TemplateResult {
    const text = this.editing?.text ?? '';
    return html`<div class="edit">
      <textarea
        aria-label=${t.t('editLabel')}
        maxlength=${MAX_MESSAGE_LENGTH}
        .value=${text}
        @input=${(event: Event) => {
          if (this.editing) this.editing = { ...this.editing, text: (event.target as HTMLTextAreaElement).value };
        }}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            void this.#saveEdit();
          } else if (event.key === 'Escape') {
            this.editing = undefined;
          }
        }}
      ></textarea>
      <span class="actions">
        <button type="button" class="save" @click=${() => void this.#saveEdit()}>${t.t('save')}</button>
        <button type="button" class="cancel" @click=${() => (this.editing = undefined)}>${t.t('cancel')}</button>
      </span>
    </div>`;
  }

  #startEdit(message: ChatMessage): void {
    this.editing = { id: message.id, text: message.text };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('.edit textarea')?.focus());
  }

  async #saveEdit(): Promise<void> {
    const editing = this.editing;
    if (!editing || !this.#service) return;
    this.editing = undefined;
    const original = this.chat.messages.find((m) => m.id === editing.id);
    if (!original || original.text === editing.text) return;
    try {
      await this.#service.edit(editing.id, editing.text);
    } catch (error) {
      this.#reportError(toAcsError(error, 'operation-failed'));
    }
  }

  async #delete(message: ChatMessage): Promise<void> {
    if (!this.#service) return;
    try {
      await this.#service.delete(message.id);
    } catch (error) {
      this.#reportError(toAcsError(error, 'operation-failed'));
    }
  }

  #renderComposer(t: Translator<ChatCatalog>): TemplateResult {
    const length = this.draft.length;
    const remaining = MAX_MESSAGE_LENGTH - length;
    const nearLimit = remaining <= LIMIT_WARNING;
    const canSend = this.draft.trim().length > 0 && remaining >= 0;
    return html`
      <div class="composer">
        <textarea
          part="composer"
          class="draft"
          rows="1"
          aria-label=${t.t('composer.label')}
          aria-describedby="composer-hint composer-limit"
          placeholder=${this.placeholder || t.t('composer.placeholder')}
          maxlength=${MAX_MESSAGE_LENGTH}
          .value=${live(this.draft)}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
        ></textarea>
        <button part="send-button" class="send" type="button" ?disabled=${!canSend} @click=${this.#sendDraft}>
          ${t.t('send')}
        </button>
      </div>
      <div class="composer-foot">
        <span id="composer-hint">${t.t('composer.hint')}</span>
        <span id="composer-limit" class="limit ${remaining <= 0 ? 'over' : ''}" aria-live="polite">
          ${nearLimit ? t.plural('composer.remaining', Math.max(0, remaining)) : ''}
        </span>
      </div>
    `;
  }

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

  // ---- scrolling -----------------------------------------------------------------------------

  #onScroll = () => {
    const list = this.list;
    if (!list) return;
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - AT_BOTTOM_PX;
    if (atBottom !== this.atBottom) this.atBottom = atBottom;
    if (atBottom && this.unread > 0 && this.#visible) this.#clearUnread();
    if (list.scrollTop < LOAD_OLDER_PX) this.#loadOlder();
  };

  #loadOlder(): void {
    const service = this.#service;
    if (!service || !this.chat.hasOlder || this.chat.loadingOlder) return;
    this.#restoreAnchor = this.#anchor();
    service.loadOlder().catch((error: unknown) => this.#reportError(toAcsError(error, 'network')));
  }

  /** The first row at least partly visible, and its offset from the top of the list. */
  #anchor(): { key: string; offset: number } | undefined {
    const list = this.list;
    if (!list) return undefined;
    const top = list.getBoundingClientRect().top;
    let best: { key: string; offset: number } | undefined;
    for (const element of Array.from(list.querySelectorAll<HTMLElement>('.row[data-key]'))) {
      const rect = element.getBoundingClientRect();
      if (rect.bottom <= top) continue;
      const offset = rect.top - top;
      if (!best || offset < best.offset) best = { key: element.dataset['key']!, offset };
    }
    return best;
  }

  #jump = () => {
    this.atBottom = true;
    this.#stickAfterRender = true;
    this.#clearUnread();
    this.requestUpdate();
  };

  #scrollToEnd(): void {
    const list = this.list;
    const rows = this.#rows;
    if (!list || rows.length === 0 || !this.view) return;
    const virtualizer = (list as unknown as Record<symbol, { element(i: number): { scrollIntoView(o?: ScrollIntoViewOptions): void } | undefined }>)[
      this.view.virtualizerRef
    ];
    try {
      virtualizer?.element(rows.length - 1)?.scrollIntoView({ block: 'end', behavior: 'instant' });
    } catch {
      // The virtualizer has no layout until its first render: the plain scroll below does it.
    }
    list.scrollTop = list.scrollHeight;
  }

  protected override updated(): void {
    const list = this.list;
    if (!list) return;
    if (this.#restoreAnchor && !this.chat.loadingOlder) {
      const anchor = this.#restoreAnchor;
      this.#restoreAnchor = undefined;
      void this.#restore(anchor);
    } else if (this.#stickAfterRender && this.atBottom) {
      this.#stickAfterRender = false;
      this.#scrollToEnd();
      // Row heights settle after the virtualizer measures them: once more after layout.
      requestAnimationFrame(() => {
        if (this.atBottom) this.#scrollToEnd();
        if (this.atBottom && this.#visible && document.visibilityState === 'visible') this.#clearUnread();
      });
    }
    this.#watchList(list);
    this.#fillImages();
  }

  #watchedList?: HTMLElement;
  #mutations?: MutationObserver;
  #fillScheduled = false;

  /** The virtualizer renders rows after our update: fill image placeholders as rows appear. */
  #watchList(list: HTMLElement): void {
    if (this.#watchedList === list) return;
    this.#mutations?.disconnect();
    this.#watchedList = list;
    this.#mutations = new MutationObserver(() => {
      if (this.#fillScheduled) return;
      this.#fillScheduled = true;
      queueMicrotask(() => {
        this.#fillScheduled = false;
        this.#fillImages();
      });
    });
    this.#mutations.observe(list, { childList: true, subtree: true });
  }

  /** Keeps the row that was at the top of the view where it was after older messages arrive. */
  async #restore(anchor: { key: string; offset: number }): Promise<void> {
    const list = this.list;
    const view = this.view;
    if (!list || !view) return;
    const index = this.#rows.findIndex((row) => row.key === anchor.key);
    if (index < 0) return;
    const virtualizer = (list as unknown as Record<symbol, { element(i: number): { scrollIntoView(o?: ScrollIntoViewOptions): void } | undefined; layoutComplete: Promise<void> }>)[
      view.virtualizerRef
    ];
    if (!virtualizer) return;
    try {
      virtualizer.element(index)?.scrollIntoView({ block: 'start', behavior: 'instant' });
    } catch {
      return;
    }
    await virtualizer.layoutComplete.catch(() => undefined);
    const element = list.querySelector<HTMLElement>(`.row[data-key="${CSS.escape(anchor.key)}"]`);
    if (element) {
      const offset = element.getBoundingClientRect().top - list.getBoundingClientRect().top;
      list.scrollTop += offset - anchor.offset;
    }
  }

  // ---- inline images -------------------------------------------------------------------------

  #fillImages(): void {
    const service = this.#service;
    if (!service) return;
    const t = this.#t();
    const placeholders = this.renderRoot.querySelectorAll<HTMLElement>('.acs-inline-image[data-image-id]:not([data-state])');
    for (const placeholder of Array.from(placeholders)) {
      const row = placeholder.closest<HTMLElement>('[data-id]');
      const message = row ? this.chat.messages.find((m) => m.id === row.dataset['id']) : undefined;
      const image = message?.images?.find((i) => i.id === placeholder.dataset['imageId']);
      placeholder.setAttribute('data-state', 'loading');
      placeholder.setAttribute('role', 'img');
      placeholder.setAttribute('aria-label', t.t('image.loading'));
      if (!image) {
        this.#imageFailed(placeholder, t);
        continue;
      }
      let url = this.#images.get(image.id);
      if (!url) {
        url = service.fetchImage(image).then((blob) => {
          const objectUrl = URL.createObjectURL(blob);
          this.#objectUrls.push(objectUrl);
          return objectUrl;
        });
        url.catch(() => this.#images.delete(image.id));
        this.#images.set(image.id, url);
      }
      url.then(
        (src) => {
          const img = document.createElement('img');
          img.alt = t.t('image.alt');
          img.src = src;
          placeholder.replaceChildren(img);
          placeholder.removeAttribute('role');
          placeholder.removeAttribute('aria-label');
          placeholder.setAttribute('data-state', 'loaded');
        },
        () => this.#imageFailed(placeholder, t),
      );
    }
  }

  #imageFailed(placeholder: HTMLElement, t: Translator<ChatCatalog>): void {
    placeholder.setAttribute('data-state', 'failed');
    placeholder.setAttribute('aria-label', t.t('image.failed'));
    placeholder.textContent = t.t('image.failed');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'acs-meeting-chat': AcsMeetingChat;
  }
}
