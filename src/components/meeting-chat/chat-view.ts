/**
 * The part of `<acs-meeting-chat>` that only a running chat needs, in its own chunk (loaded when a
 * chat starts, like the SDK): the virtualized message list, message rendering with sanitized HTML,
 * edit/delete, the composer, scrolling (stick to the end, keep position when older messages
 * arrive, load older pages) and inline images.
 */
import { textDirection } from '../../core/display-text.js';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { virtualize, virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
// Named, so the layout is part of this chunk: left to the virtualizer, it is one more load after it.
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import type { AcsError } from '../../core/errors.js';
import { toAcsError } from '../../core/errors.js';
import { dateTimeFormat, type Translator } from '../../i18n/index.js';
import { MAX_MESSAGE_LENGTH, type ChatMessage, type ChatService, type ChatState } from '../../services/chat-service.js';
import { RowBuilder, type ChatRow } from './rows.js';
import type { ChatCatalog } from './strings.js';

/** Formatter options, shared so the per-locale formatter cache hits (see dateTimeFormat). */
const DAY: Intl.DateTimeFormatOptions = { dateStyle: 'full' };
const TIME: Intl.DateTimeFormatOptions = { timeStyle: 'short' };
export { viewStyles } from './chat-view.styles.js';
export { chatViewStrings } from './view-strings.js';

/** Shown as "N characters left" once the draft is this close to the limit. */
const LIMIT_WARNING = 500;
const AT_BOTTOM_PX = 48;
/** Older messages are fetched this many list heights before the top, so they are there when the user gets there. */
const PREFETCH_SCREENS = 3;
/** A request for older messages this soon after the previous one means the user is racing to the top: fetch more. */
const FAST_SCROLL_MS = 2_000;
const PAGE_SIZE = 100;
const FAST_PAGE_SIZE = 200;

/** What the element lends the view (closures over its private state). */
export interface ChatViewHost {
  readonly chat: ChatState;
  readonly service: ChatService | undefined;
  readonly draft: string;
  readonly placeholder: string;
  readonly unread: number;
  atBottom: boolean;
  readonly visible: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly list: HTMLElement | null | undefined;
  readonly updateComplete: Promise<boolean>;
  requestUpdate(): void;
  t(): Translator<ChatCatalog>;
  locale(): string;
  reportError(error: AcsError): void;
  clearUnread(): void;
  sendDraft(): void;
  onInput(event: Event): void;
  onKeydown(event: KeyboardEvent): void;
}

export class ChatView {
  readonly host: ChatViewHost;
  #editing?: { id: string; text: string };
  readonly #rowBuilder = new RowBuilder();
  #images = new Map<string, Promise<string>>();
  #objectUrls: string[] = [];
  #restoreAnchor?: { key: string; offset: number };
  #stickAfterRender = true;

  constructor(host: ChatViewHost) {
    this.host = host;
  }

  get editing(): { id: string; text: string } | undefined {
    return this.#editing;
  }

  set editing(value: { id: string; text: string } | undefined) {
    this.#editing = value;
    this.host.requestUpdate();
  }

  /** Scroll to the newest message after the next render (if the user is at the end). */
  stick(): void {
    this.#stickAfterRender = true;
  }

  /** The list, the typing line and (when the chat is ready) the composer. */
  render(t: Translator<ChatCatalog>): TemplateResult {
    return html`${this.#renderList(t)}${this.host.chat.status === 'ready' ? this.#renderComposer(t) : nothing}`;
  }

  dispose(): void {
    this.#mutations?.disconnect();
    this.#mutations = undefined;
    this.#watchedList = undefined;
    for (const url of this.#objectUrls) URL.revokeObjectURL(url);
    this.#objectUrls = [];
    this.#images.clear();
  }


  #getRows(): ChatRow[] {
    return this.#rowBuilder.update(this.host.chat.messages);
  }

  get #rows(): ChatRow[] {
    return this.#rowBuilder.rows;
  }

  #renderList(t: Translator<ChatCatalog>): TemplateResult {
    const rows = this.#getRows();
    const { hasOlder, loadingOlder, typing } = this.host.chat;
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
        @unpinned=${this.#onUnpinned}
        @wheel=${this.#onIntent}
        @touchmove=${this.#onIntent}
        @keydown=${this.#onIntent}
        @pointerdown=${this.#onIntent}
      >
        ${virtualize({
          items: rows,
          keyFunction: (row: ChatRow) => row.key,
          renderItem: (row: ChatRow) => this.#renderRow(row, t),
          scroller: true,
          // `pin: null` (release the pin) works at run time; the typings only know a pin or none.
          layout: flow(this.#layout(rows) as Parameters<typeof flow>[0]),
        })}
      </div>
      ${this.host.unread > 0 || !this.host.atBottom
        ? html`<button part="jump" class="jump" type="button" @click=${this.#jump}>
            ${this.host.unread > 0 ? t.plural('unread', this.host.unread) : t.t('jump')}
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
    return dateTimeFormat(this.host.locale(), DAY).format(date);
  }

  #time(iso: string): string {
    return dateTimeFormat(this.host.locale(), TIME).format(new Date(iso));
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
        const editing = this.editing?.id === message.id;
    const name = message.own ? t.t('you') : message.sender.displayName || t.t('system.someone');
    const canChange = message.own && !message.deletedOn && message.status === 'sent' && this.host.chat.status === 'ready';
    const seen = message.own && message.status === 'sent' && this.host.chat.readUpTo !== undefined && message.createdOn <= this.host.chat.readUpTo;
    let body: TemplateResult;
    if (message.deletedOn) body = html`<span class="deleted">${t.t('deleted')}</span>`;
    else if (editing) body = this.#renderEditor(t);
    else if (message.type === 'html' && message.html !== undefined) {
      body = html`<div class="html" dir=${textDirection(message.text) ?? 'auto'}>${unsafeHTML(message.html)}</div>`;
    } else body = html`<span class="text" dir=${textDirection(message.text) ?? 'auto'}>${message.text}</span>`;
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
              <bdi class="name">${name}</bdi>
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
                <button type="button" class="retry" @click=${() => this.host.service?.retry(message.id)}>${t.t('retry')}</button>`
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
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLTextAreaElement>('.edit textarea')?.focus());
  }

  async #saveEdit(): Promise<void> {
    const editing = this.editing;
    if (!editing || !this.host.service) return;
    this.editing = undefined;
    const original = this.host.chat.messages.find((m) => m.id === editing.id);
    if (!original || original.text === editing.text) return;
    try {
      await this.host.service.edit(editing.id, editing.text);
    } catch (error) {
      this.host.reportError(toAcsError(error, 'operation-failed'));
    }
  }

  async #delete(message: ChatMessage): Promise<void> {
    if (!this.host.service) return;
    try {
      await this.host.service.delete(message.id);
    } catch (error) {
      this.host.reportError(toAcsError(error, 'operation-failed'));
    }
  }

  #renderComposer(t: Translator<ChatCatalog>): TemplateResult {
    const length = this.host.draft.length;
    const remaining = MAX_MESSAGE_LENGTH - length;
    const nearLimit = remaining <= LIMIT_WARNING;
    const canSend = this.host.draft.trim().length > 0 && remaining >= 0;
    return html`
      <div class="composer">
        <textarea
          part="composer"
          class="draft"
          rows="1"
          aria-label=${t.t('composer.label')}
          aria-describedby="composer-hint composer-limit"
          placeholder=${this.host.placeholder || t.t('composer.placeholder')}
          maxlength=${MAX_MESSAGE_LENGTH}
          .value=${live(this.host.draft)}
          @input=${this.host.onInput}
          @keydown=${this.host.onKeydown}
        ></textarea>
        <button part="send-button" class="send" type="button" ?disabled=${!canSend} @click=${this.host.sendDraft}>
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

  /** Following the newest message (the virtualizer pins the last row); cleared when the user scrolls away. */
  #pinnedToEnd = true;

  /** Layout config for this render: pin the anchor row after older messages arrived, else the end. */
  #layout(rows: ChatRow[]): { pin?: { index: number; block: ScrollLogicalPosition } | null } {
    const anchor = this.#restoreAnchor;
    if (anchor && !this.host.chat.loadingOlder) {
      this.#restoreAnchor = undefined;
      const index = rows.findIndex((row) => row.key === anchor.key);
      if (index >= 0 && index !== this.#anchorIndexAtLoad) {
        this.#pendingOffset = anchor;
        this.#anchorPin = anchor.key;
      }
    }
    if (this.#anchorPin) {
      const index = rows.findIndex((row) => row.key === this.#anchorPin);
      if (index >= 0) {
        this.#pinSent = true;
        return { pin: { index, block: 'start' } };
      }
      this.#anchorPin = undefined;
    }
    if (this.#pinnedToEnd && rows.length > 0) {
      this.#pinSent = true;
      return { pin: { index: rows.length - 1, block: 'end' } };
    }
    if (this.#pinSent) {
      // Release the virtualizer's pin once, so it stops holding a row in place.
      this.#pinSent = false;
      return { pin: null };
    }
    return {};
  }

  #anchorPin?: string;
  #pinSent = false;
  /** When the user last touched the list (wheel, touch, keys, pointer): scrolls after that are theirs. */
  #userIntentAt = -Infinity;
  readonly #onIntent = () => {
    this.#userIntentAt = performance.now();
    // At the very top a wheel or key moves nothing, so no scroll event asks for older messages.
    const list = this.host.list;
    if (list && !this.#pinnedToEnd && this.#nearTop(list)) this.#loadOlder();
  };

  #nearTop(list: HTMLElement): boolean {
    return list.scrollTop < Math.max(300, list.clientHeight * PREFETCH_SCREENS);
  }

  #anchorIndexAtLoad = -1;
  #pendingOffset?: { key: string; offset: number };

  #atEnd(list: HTMLElement): boolean {
    return list.scrollTop + list.clientHeight >= list.scrollHeight - AT_BOTTOM_PX;
  }

  #onScroll = () => {
    const list = this.host.list;
    if (!list) return;
    const atEnd = this.#atEnd(list);
    const byUser = performance.now() - this.#userIntentAt < 1000;
    if (byUser && !atEnd && (this.#pinnedToEnd || this.#anchorPin)) {
      this.#pinnedToEnd = false;
      this.#anchorPin = undefined;
      this.host.requestUpdate();
    }
    if (atEnd && !this.#pinnedToEnd && !this.#anchorPin) this.#pinnedToEnd = true;
    const atBottom = this.#pinnedToEnd || atEnd;
    if (atBottom !== this.host.atBottom) this.host.atBottom = atBottom;
    if (atBottom && this.host.unread > 0 && this.host.visible) this.host.clearUnread();
    if (!this.#pinnedToEnd && this.#nearTop(list)) this.#loadOlder();
  };

  /** The virtualizer unpins when the user scrolls: stop following the newest message. */
  #onUnpinned = () => {
    const list = this.host.list;
    this.#pinnedToEnd = false;
    this.#anchorPin = undefined;
    if (!list) return;
    const atEnd = this.#atEnd(list);
    if (atEnd) this.#pinnedToEnd = true;
    if (atEnd !== this.host.atBottom) this.host.atBottom = atEnd;
  };

  #lastOlderRequest = -Infinity;

  #loadOlder(): void {
    const service = this.host.service;
    if (!service || !this.host.chat.hasOlder || this.host.chat.loadingOlder) return;
    const anchor = this.#anchor();
    this.#restoreAnchor = anchor;
    this.#anchorIndexAtLoad = anchor ? this.#rows.findIndex((row) => row.key === anchor.key) : -1;
    const now = performance.now();
    const pageSize = now - this.#lastOlderRequest < FAST_SCROLL_MS ? FAST_PAGE_SIZE : PAGE_SIZE;
    this.#lastOlderRequest = now;
    service.loadOlder({ pageSize }).catch((error: unknown) => this.host.reportError(toAcsError(error, 'network')));
  }

  /** The first row at least partly visible, and its offset from the top of the list. */
  #anchor(): { key: string; offset: number } | undefined {
    const list = this.host.list;
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
    // The scroll to the end that follows is the jump's, not the user's: an earlier wheel or touch
    // must not count as intent and release the pin half-way down.
    this.#userIntentAt = -Infinity;
    this.#pinnedToEnd = true;
    this.host.atBottom = true;
    this.host.clearUnread();
    this.host.requestUpdate();
  };

  updated(): void {
    const list = this.host.list;
    if (!list) return;
    if (this.#pendingOffset) {
      const anchor = this.#pendingOffset;
      this.#pendingOffset = undefined;
      void this.#restoreOffset(list, anchor);
    }
    if (this.#stickAfterRender && this.host.atBottom) {
      this.#stickAfterRender = false;
      requestAnimationFrame(() => {
        if (this.host.atBottom && this.host.visible) this.host.clearUnread();
      });
    }
    // Still near the top after older messages arrived (or others came in above): fetch on, before
    // the user reaches the top.
    if (this.host.chat.hasOlder && !this.host.chat.loadingOlder && !this.#pinnedToEnd && this.#nearTop(list)) {
      requestAnimationFrame(() => {
        if (!this.#pinnedToEnd && list.isConnected && this.#nearTop(list)) this.#loadOlder();
      });
    }
    // A short history that does not fill the list: fetch older pages until it does.
    if (this.host.chat.hasOlder && !this.host.chat.loadingOlder && this.#rows.length > 0) {
      const virtualizer = (list as unknown as Record<symbol, { layoutComplete: Promise<void> } | undefined>)[virtualizerRef];
      void virtualizer?.layoutComplete
        .then(() => {
          const { hasOlder, loadingOlder } = this.host.chat;
          if (hasOlder && !loadingOlder && list.isConnected && list.scrollHeight <= list.clientHeight + 1) {
            this.host.service?.loadOlder().catch(() => undefined);
          }
        })
        .catch(() => undefined);
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

  /** After the anchor row is pinned to the top, put it back at its old offset. */
  async #restoreOffset(list: HTMLElement, anchor: { key: string; offset: number }): Promise<void> {
    const virtualizer = (list as unknown as Record<symbol, { layoutComplete: Promise<void> } | undefined>)[virtualizerRef];
    await virtualizer?.layoutComplete.catch(() => undefined);
    const element = list.querySelector<HTMLElement>(`.row[data-key="${CSS.escape(anchor.key)}"]`);
    if (!element) {
      this.#anchorPin = undefined;
      return;
    }
    const offset = element.getBoundingClientRect().top - list.getBoundingClientRect().top;
    this.#anchorPin = undefined;
    this.#pinSent = false;
    if (Math.abs(offset - anchor.offset) > 1) list.scrollTop += offset - anchor.offset;
  }

  // ---- inline images -------------------------------------------------------------------------

  #fillImages(): void {
    const service = this.host.service;
    if (!service) return;
    const t = this.host.t();
    const placeholders = this.host.renderRoot.querySelectorAll<HTMLElement>('.acs-inline-image[data-image-id]:not([data-state])');
    for (const placeholder of Array.from(placeholders)) {
      const row = placeholder.closest<HTMLElement>('[data-id]');
      const message = row ? this.host.chat.messages.find((m) => m.id === row.dataset['id']) : undefined;
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
