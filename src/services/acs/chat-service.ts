/**
 * The ChatService on the real @azure/communication-chat client (also against the local emulator).
 * Loaded by dynamic import when a chat starts, so the SDK lives in its own chunk.
 *
 * New messages arrive by realtime notifications where they work; until the realtime connection
 * reports itself connected (and whenever it drops) the service polls `listMessages({startTime})`
 * from the newest server time it has seen, with a small overlap, so a switch between the two
 * never misses a message; every source goes through `mergeMessages`, so none shows twice.
 */
import { ChatThreadClient } from '@azure/communication-chat';
import type { ChatClient } from '@azure/communication-chat';
import type {
  ChatMessageDeletedEvent,
  ChatMessageEditedEvent,
  ChatMessageReceivedEvent,
  ReadReceiptReceivedEvent,
  TypingIndicatorReceivedEvent,
} from '@azure/communication-chat';
import { AcsError, toAcsError } from '../../core/errors.js';
import type { AcsErrorCode } from '../../core/errors.js';
import { retryDelay } from '../../core/backoff.js';
import { whenIdleAfterPaint, mapInSlices } from '../../core/yield.js';
import type {
  ChatImage,
  ChatListener,
  ChatMessage,
  ChatSender,
  ChatService,
  ChatServiceOptions,
  ChatState,
  ChatUnavailableReason,
} from '../chat-service.js';
import { MAX_MESSAGE_LENGTH } from '../chat-service.js';
import { isLocal, LOCAL_PREFIX, mergeMessages, replaceMessage } from '../chat/merge.js';
import { SendQueue } from '../chat/send-queue.js';
import type { OutgoingMessage, SendFailure } from '../chat/send-queue.js';
import { fromEvent, fromSdk, iso, plainText, rawId, sameHost, senderKind, toMessage, type RawMessage } from './chat-mapping.js';
import { SnapshotStore } from '../snapshot-store.js';
import { chatClientOptionsFor } from './chat-transport.js';
export { sameHost, senderKind } from './chat-mapping.js';
import { createCredential } from './credential.js';

const PAGE_SIZE = 100;
/** The first page only has to fill the screen: fewer messages to fetch and sanitize before it shows. */
const FIRST_PAGE_SIZE = 50;
/** How many of the newest messages are shown before the rest of the first page is sanitized. */
const SCREENFUL = 15;

function timeOf(raw: RawMessage): number {
  const time = raw.createdOn === undefined ? NaN : new Date(raw.createdOn).getTime();
  return Number.isNaN(time) ? 0 : time;
}
/** The REST API's largest page (`maxPageSize`). */
const MAX_PAGE_SIZE = 200;
/** Polling re-reads this far back from the newest server time seen, so nothing slips between. */
const POLL_OVERLAP_MS = 2_000;
/** Every n-th poll also re-reads the newest page, to pick up edits and deletions of older messages. */
const RECENT_EVERY = 4;
const RECEIPTS_EVERY = 2;
const TYPING_TTL_MS = 8_000;
/** While realtime is connected, a slow poll still catches participant and missed events. */
const SAFETY_POLL_MS = 30_000;
const REALTIME_RETRY_MS = 30_000;

interface RestLikeError {
  statusCode?: number;
  code?: string;
  name?: string;
  response?: { headers?: { get?(name: string): string | undefined | null } };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as RestLikeError | undefined)?.statusCode;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

export function classifySendError(error: unknown): SendFailure {
  const status = statusOf(error);
  const retryAfter = (error as RestLikeError | undefined)?.response?.headers?.get?.('retry-after') ?? null;
  if (status === undefined) return { retry: true, ambiguous: true, retryAfter };
  if (status === 408) return { retry: true, ambiguous: true, retryAfter };
  if (status === 429) return { retry: true, ambiguous: false, retryAfter };
  if (status === 401) return { retry: true, ambiguous: false, retryAfter };
  if (status >= 500) return { retry: true, ambiguous: true, retryAfter };
  return { retry: false, ambiguous: false, retryAfter };
}

function errorCodeFor(error: unknown, fallback: AcsErrorCode): AcsErrorCode {
  const status = statusOf(error);
  if (status === 403) return 'chat-forbidden';
  if (status === undefined && !(error instanceof AcsError)) return 'network';
  return fallback;
}

/**
 * The SDK pages with the service's `nextLink` as is, and that link carries the page size of the
 * first request. To ask for another size, set the link's documented `maxPageSize` query parameter;
 * a token that is not such a URL is left alone.
 */
export function withPageSize(continuationToken: string, size: number): string {
  try {
    const url = new URL(continuationToken);
    if (!url.searchParams.has('maxPageSize')) return continuationToken;
    url.searchParams.set('maxPageSize', String(size));
    return url.toString();
  } catch {
    return continuationToken;
  }
}

function newClientMessageId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Exported for tests that drive it with fake clients; pages use `createAcsChatService`. */
export class AcsChatService implements ChatService {
  readonly #options: ChatServiceOptions;
  /** The realtime client, or how to load it (its module brings the signaling SDK). */
  #client: ChatClient | (() => Promise<ChatClient>);
  /** Default SDK retries: for reads, edits and deletions (idempotent). */
  readonly #thread: ChatThreadClient;
  /** No SDK retries: the send queue decides, so a dropped POST is never re-sent blindly. */
  readonly #sendThread: ChatThreadClient;
  readonly #selfId: string;
  readonly #store: SnapshotStore<ChatState>;
  readonly #queue: SendQueue;
  readonly #abort = new AbortController();
  readonly #typing = new Map<string, { sender: ChatSender; until: number }>();
  #olderToken: string | undefined;
  #newestServerTime = 0;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #pollFailures = 0;
  #polls = 0;
  #polling = false;
  #pollAgain = false;
  #realtime: 'off' | 'starting' | 'started' | 'connected' = 'off';
  #realtimeTimer: ReturnType<typeof setTimeout> | undefined;
  #realtimeFailures = 0;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #lastReceiptFor: string | undefined;
  #readBy = new Map<string, string>();
  #started = false;
  #stopped = false;

  constructor(options: ChatServiceOptions, client: ChatClient | (() => Promise<ChatClient>), thread: ChatThreadClient, sendThread: ChatThreadClient, selfId: string) {
    this.#options = options;
    this.#client = client;
    this.#thread = thread;
    this.#sendThread = sendThread;
    this.#selfId = selfId;
    this.#store = new SnapshotStore<ChatState>(
      { status: 'connecting', messages: [], hasOlder: false, loadingOlder: false, typing: [], selfId },
      { onListenerError: (error) => console.error('[acs-meeting-chat] listener failed', error) },
    );
    this.#queue = new SendQueue({
      send: (message, signal) => this.#sendNow(message, signal),
      find: (clientMessageId, since, signal) => this.#findSent(clientMessageId, since, signal),
      classify: classifySendError,
      onSent: (message, result) => this.#onSent(message, result),
      onFailed: (message, error) => this.#onFailed(message, error),
      maxAttempts: 12,
    });
  }

  getState(): ChatState {
    return this.#state;
  }

  get #state(): ChatState {
    return this.#store.state;
  }

  subscribe(listener: ChatListener): () => void {
    return this.#store.subscribe(listener);
  }

  /** Client ids of the messages sent from here: they are ours even when the token named no user id. */
  readonly #sentClientIds = new Set<string>();

  #toMessage = (raw: RawMessage): ChatMessage | undefined => {
    const message = toMessage(raw, this.#selfId, this.#options.endpoint);
    if (message && !message.own && this.#selfId === '' && message.clientMessageId && this.#sentClientIds.has(message.clientMessageId)) {
      return { ...message, own: true, status: 'sent' };
    }
    return message;
  };

  /** Maps and merges a few messages (an event, a found message) at once. */
  #merge(raws: RawMessage[]): void {
    const incoming: ChatMessage[] = [];
    for (const raw of raws) {
      const message = this.#toMessage(raw);
      if (message) incoming.push(message);
    }
    this.#apply(incoming);
  }

  /** Messages by id, for the state's current list (rebuilt only when the list changed). */
  #index?: { for: readonly ChatMessage[]; byId: Map<string, ChatMessage> };

  /** False for a raw message we already hold in the same version: nothing to map or sanitize again. */
  readonly #isNewOrChanged = (raw: RawMessage): boolean => {
    const messages = this.#state.messages;
    if (this.#index?.for !== messages) this.#index = { for: messages, byId: new Map(messages.map((m) => [m.id, m])) };
    const known = this.#index.byId.get(raw.id);
    return !known || known.editedOn !== iso(raw.editedOn) || known.deletedOn !== iso(raw.deletedOn);
  };

  /**
   * Maps (and so sanitizes) a page of messages in slices that yield to the browser, then merges
   * them in one state change: a page of Teams HTML never becomes one long task.
   */
  async #mergeInSlices(raws: RawMessage[], also: Partial<ChatState> = {}, known: 'skip-known' | 'all' = 'all'): Promise<void> {
    // Polls re-read what overlaps: only new or changed messages are mapped (and sanitized).
    const fresh = known === 'skip-known' ? raws.filter(this.#isNewOrChanged) : raws;
    const incoming = await mapInSlices(fresh, this.#toMessage, { signal: this.#abort.signal });
    this.#apply(incoming, also);
  }

  /** Merges mapped messages, and `also` (other state) in the same change. */
  #apply(incoming: ChatMessage[], also: Partial<ChatState> = {}): void {
    for (const message of incoming) {
      for (const time of [message.createdOn, message.editedOn, message.deletedOn]) {
        const at = time ? Date.parse(time) : 0;
        if (at > this.#newestServerTime) this.#newestServerTime = at;
      }
      if (message.system?.kind === 'topic-updated' && message.system.topic) this.#topicFrom = message;
    }
    const messages = mergeMessages(this.#state.messages, incoming);
    const patch: Partial<ChatState> = { ...also };
    if (messages !== this.#state.messages) patch.messages = messages;
    if (this.#topicFrom && this.#topicFrom.system?.topic !== this.#state.topic) patch.topic = this.#topicFrom.system?.topic;
    if (Object.keys(patch).length) this.#store.set(patch);
    this.#updateReadUpTo();
  }

  #topicFrom: ChatMessage | undefined;

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#store.set({ status: 'connecting', reason: undefined });
    try {
      const settings: { continuationToken?: string } = {};
      const pages = this.#thread.listMessages({ maxPageSize: FIRST_PAGE_SIZE, abortSignal: this.#abort.signal }).byPage(settings);
      const first = await pages.next();
      this.#olderToken = settings.continuationToken;
      // Newest first (as the service lists them): a screenful shows at once, the rest follows in slices.
      const raws = (first.done ? [] : first.value.map(fromSdk)).sort((a, b) => timeOf(b) - timeOf(a));
      const screenful: ChatMessage[] = [];
      for (const raw of raws.slice(0, SCREENFUL)) {
        const message = this.#toMessage(raw);
        if (message) screenful.push(message);
      }
      this.#apply(screenful, { status: 'ready', reason: undefined, hasOlder: Boolean(this.#olderToken), transport: 'polling' });
      await this.#mergeInSlices(raws.slice(SCREENFUL));
      void this.#thread
        .getProperties({ abortSignal: this.#abort.signal })
        .then((properties) => {
          if (!this.#state.topic && properties.topic) this.#store.set({ topic: plainText(properties.topic) });
        })
        .catch(() => undefined);
    } catch (error) {
      if (this.#abort.signal.aborted) return;
      const status = statusOf(error);
      this.#started = false;
      if (status === 403) {
        this.#store.set({ status: 'unavailable', reason: 'forbidden' });
        throw new AcsError('chat-forbidden', 'The chat is not available to this user.', { status, cause: error });
      }
      this.#store.set({ status: 'unavailable', reason: 'error' });
      throw new AcsError(errorCodeFor(error, 'chat-unavailable'), 'The chat could not be loaded.', {
        status,
        cause: error,
        recoverable: true,
      });
    }
    this.#schedulePoll(this.#interval());
    // Realtime (and the signaling SDK it loads) waits until the first messages are painted; polling covers until then.
    if (this.#options.realtime !== false) whenIdleAfterPaint(() => void this.#startRealtime());
  }

  #interval(): number {
    return this.#realtime === 'connected' ? SAFETY_POLL_MS : (this.#options.pollIntervalMs ?? 1500);
  }

  #schedulePoll(delay: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#pollTimer);
    this.#pollTimer = setTimeout(() => void this.#poll(), delay);
  }

  /** Polls now (or right after the poll under way). */
  #pollSoon(): void {
    if (this.#polling) this.#pollAgain = true;
    else this.#schedulePoll(0);
  }

  async #poll(): Promise<void> {
    if (this.#stopped || this.#polling) return;
    this.#polling = true;
    this.#polls++;
    try {
      const signal = this.#abort.signal;
      const raws: RawMessage[] = [];
      const since = this.#newestServerTime > 0 ? new Date(this.#newestServerTime - POLL_OVERLAP_MS) : undefined;
      let count = 0;
      for await (const page of this.#thread.listMessages({ maxPageSize: PAGE_SIZE, startTime: since, abortSignal: signal }).byPage()) {
        raws.push(...page.map(fromSdk));
        count += page.length;
        if (count >= PAGE_SIZE * 10) break;
      }
      if (this.#polls % RECENT_EVERY === 0) {
        const recent = await this.#thread.listMessages({ maxPageSize: 50, abortSignal: signal }).byPage().next();
        if (!recent.done) raws.push(...recent.value.map(fromSdk));
      }
      await this.#mergeInSlices(raws, {}, 'skip-known');
      if (this.#stopped) return;
      if (this.#polls % RECEIPTS_EVERY === 0) await this.#pollReceipts(signal);
      this.#pollFailures = 0;
      if (this.#state.status === 'ready' && this.#state.reason) this.#store.set({ reason: undefined });
    } catch (error) {
      if (this.#stopped) return;
      this.#pollFailures++;
      if (statusOf(error) === 403) {
        // Teams revoked access (the user left or was removed): keep the history, read-only.
        this.stop('forbidden');
        return;
      }
    } finally {
      this.#polling = false;
    }
    if (this.#stopped) return;
    if (this.#pollAgain) {
      this.#pollAgain = false;
      this.#schedulePoll(0);
      return;
    }
    const delay =
      this.#pollFailures > 0
        ? Math.max(this.#interval(), retryDelay(this.#pollFailures - 1, { baseMs: 1000, capMs: 30_000 }) ?? 30_000)
        : this.#interval();
    this.#schedulePoll(delay);
  }

  async #pollReceipts(signal: AbortSignal): Promise<void> {
    let count = 0;
    for await (const receipt of this.#thread.listReadReceipts({ abortSignal: signal })) {
      const sender = rawId(receipt.sender);
      if (sender && sender !== this.#selfId) this.#noteReceipt(sender, receipt.chatMessageId);
      if (++count > 500) break;
    }
    this.#updateReadUpTo();
  }

  #noteReceipt(sender: string, messageId: string): void {
    const previous = this.#readBy.get(sender);
    const time = this.#timeOf(messageId);
    if (!previous || (time && (this.#timeOf(previous) ?? '') < time)) this.#readBy.set(sender, messageId);
  }

  #timeOf(messageId: string): string | undefined {
    return this.#state.messages.find((message) => message.id === messageId)?.createdOn;
  }

  #updateReadUpTo(): void {
    let upTo: string | undefined;
    for (const messageId of this.#readBy.values()) {
      const time = this.#timeOf(messageId);
      if (time && (!upTo || time > upTo)) upTo = time;
    }
    if (upTo && upTo !== this.#state.readUpTo) this.#store.set({ readUpTo: upTo });
  }

  async #startRealtime(): Promise<void> {
    if (this.#stopped || this.#realtime !== 'off') return;
    this.#realtime = 'starting';
    let client: ChatClient;
    try {
      if (typeof this.#client === 'function') this.#client = await this.#client();
      client = this.#client;
    } catch {
      // The realtime chunk did not load: polling goes on; try again later.
      this.#realtime = 'off';
      this.#retryRealtime();
      return;
    }
    if (this.#stopped) return;
    try {
      const starting = client.startRealtimeNotifications();
      // Listeners may only be added once start has been called (the SDK checks a flag set at once).
      client.on('realTimeNotificationConnected', this.#onConnected);
      client.on('realTimeNotificationDisconnected', this.#onDisconnected);
      client.on('chatMessageReceived', this.#onReceived);
      client.on('chatMessageEdited', this.#onEdited);
      client.on('chatMessageDeleted', this.#onDeleted);
      client.on('typingIndicatorReceived', this.#onTyping);
      client.on('readReceiptReceived', this.#onReadReceipt);
      client.on('participantsAdded', this.#onParticipants);
      client.on('participantsRemoved', this.#onParticipants);
      await starting;
      if (this.#stopped) return;
      // start() resolving is not a connection: offline it retries silently. Poll until connected.
      if (this.#realtime === 'starting') this.#realtime = 'started';
    } catch {
      if (this.#stopped) return;
      // The SDK keeps its "started" flag after a failed start: stop (drops every listener) to retry.
      this.#realtime = 'off';
      await client.stopRealtimeNotifications().catch(() => undefined);
      this.#retryRealtime();
    }
  }

  #retryRealtime(): void {
    if (this.#stopped) return;
    this.#realtimeFailures++;
    const delay = Math.min(REALTIME_RETRY_MS * 2 ** (this.#realtimeFailures - 1), 10 * 60_000);
    clearTimeout(this.#realtimeTimer);
    this.#realtimeTimer = setTimeout(() => void this.#startRealtime(), delay);
  }

  #isThisThread(event: { threadId?: string }): boolean {
    return !event.threadId || event.threadId === this.#options.threadId;
  }

  readonly #onConnected = (): void => {
    if (this.#stopped) return;
    this.#realtime = 'connected';
    this.#store.set({ transport: 'realtime' });
    // Catch up on whatever arrived before the socket was up.
    this.#pollSoon();
  };

  readonly #onDisconnected = (): void => {
    if (this.#stopped) return;
    this.#realtime = 'started';
    this.#store.set({ transport: 'polling' });
    this.#pollSoon();
  };

  readonly #onReceived = (event: ChatMessageReceivedEvent): void => {
    if (this.#stopped || !this.#isThisThread(event)) return;
    this.#clearTyping(rawId(event.sender));
    this.#merge([fromEvent(event)]);
  };

  readonly #onEdited = (event: ChatMessageEditedEvent): void => {
    if (this.#stopped || !this.#isThisThread(event)) return;
    this.#merge([fromEvent(event)]);
  };

  readonly #onDeleted = (event: ChatMessageDeletedEvent): void => {
    if (this.#stopped || !this.#isThisThread(event)) return;
    const existing = this.#state.messages.find((message) => message.id === event.id);
    if (!existing) return;
    this.#store.set({
      messages: replaceMessage(this.#state.messages, event.id, {
        ...existing,
        text: '',
        html: existing.html === undefined ? undefined : '',
        images: [],
        deletedOn: iso(event.deletedOn) ?? new Date().toISOString(),
      }),
    });
  };

  readonly #onTyping = (event: TypingIndicatorReceivedEvent): void => {
    if (this.#stopped || !this.#isThisThread(event)) return;
    const id = rawId(event.sender);
    if (!id || id === this.#selfId) return;
    this.#typing.set(id, {
      sender: { id, displayName: plainText(event.senderDisplayName ?? ''), kind: senderKind(event.sender) },
      until: Date.now() + TYPING_TTL_MS,
    });
    this.#publishTyping();
  };

  readonly #onReadReceipt = (event: ReadReceiptReceivedEvent): void => {
    if (this.#stopped || !this.#isThisThread(event)) return;
    const sender = rawId(event.sender);
    if (!sender || sender === this.#selfId) return;
    this.#noteReceipt(sender, event.chatMessageId);
    this.#updateReadUpTo();
  };

  /** Participant system messages never arrive over realtime: re-list. */
  readonly #onParticipants = (event: { threadId?: string }): void => {
    if (this.#stopped || !this.#isThisThread(event)) return;
    this.#pollSoon();
  };

  #clearTyping(id: string): void {
    if (this.#typing.delete(id)) this.#publishTyping();
  }

  #publishTyping(): void {
    const now = Date.now();
    for (const [id, entry] of this.#typing) if (entry.until <= now) this.#typing.delete(id);
    this.#store.set({ typing: [...this.#typing.values()].map((entry) => entry.sender) });
    clearTimeout(this.#typingTimer);
    if (this.#typing.size > 0 && !this.#stopped) {
      const next = Math.min(...[...this.#typing.values()].map((entry) => entry.until)) - now;
      this.#typingTimer = setTimeout(() => this.#publishTyping(), Math.max(250, next));
    }
  }

  async loadOlder(options: { pageSize?: number } = {}): Promise<void> {
    if (this.#stopped && this.#state.status !== 'read-only') return;
    if (!this.#olderToken || this.#state.loadingOlder) return;
    this.#store.set({ loadingOlder: true });
    try {
      const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(options.pageSize ?? PAGE_SIZE)));
      const settings = { continuationToken: withPageSize(this.#olderToken, size) };
      // (The first page's link asks for FIRST_PAGE_SIZE; every later one names its own size.)
      const page = await this.#thread.listMessages({ maxPageSize: size, abortSignal: this.#abort.signal }).byPage(settings).next();
      this.#olderToken = settings.continuationToken;
      await this.#mergeInSlices(page.done ? [] : page.value.map(fromSdk), { loadingOlder: false, hasOlder: Boolean(this.#olderToken) });
    } catch (error) {
      this.#store.set({ loadingOlder: false });
      if (this.#abort.signal.aborted) return;
      throw toAcsError(error, 'network');
    }
  }

  send(text: string): ChatMessage {
    if (this.#state.status !== 'ready') {
      throw new AcsError('chat-unavailable', 'The chat is not available.', { recoverable: false });
    }
    if (text.trim() === '') throw new AcsError('chat-send-failed', 'The message is empty.');
    if (text.length > MAX_MESSAGE_LENGTH) {
      throw new AcsError('chat-message-too-long', `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.`);
    }
    const clientMessageId = newClientMessageId();
    const message: ChatMessage = {
      id: LOCAL_PREFIX + clientMessageId,
      clientMessageId,
      type: 'text',
      sender: { id: this.#selfId, displayName: this.#options.displayName ?? '', kind: 'acs' },
      own: true,
      text,
      createdOn: new Date().toISOString(),
      status: 'sending',
    };
    this.#sentClientIds.add(clientMessageId);
    this.#store.set({ messages: [...this.#state.messages, message] });
    this.#queue.enqueue({ clientMessageId, text });
    return message;
  }

  retry(messageId: string): void {
    const message = this.#state.messages.find((m) => m.id === messageId);
    if (!message || message.status !== 'failed' || !message.clientMessageId) return;
    if (this.#state.status !== 'ready') return;
    // Back to the end of the list: it will arrive after what was sent meanwhile.
    const retried: ChatMessage = { ...message, status: 'sending', failure: undefined, createdOn: new Date().toISOString() };
    const others = this.#state.messages.filter((m) => m.id !== messageId);
    this.#store.set({ messages: [...others, retried] });
    this.#queue.retry({ clientMessageId: message.clientMessageId, text: message.text });
  }

  async #sendNow(message: OutgoingMessage, signal: AbortSignal): Promise<{ id: string; createdOn?: string }> {
    const result = await this.#sendThread.sendMessage(
      { content: message.text },
      {
        senderDisplayName: this.#options.displayName,
        type: 'text',
        metadata: { clientMessageId: message.clientMessageId },
        abortSignal: signal,
      },
    );
    return { id: result.id };
  }

  async #findSent(clientMessageId: string, since: Date, signal: AbortSignal): Promise<{ id: string; createdOn?: string } | undefined> {
    let seen = 0;
    for await (const message of this.#sendThread.listMessages({ startTime: since, maxPageSize: PAGE_SIZE, abortSignal: signal })) {
      if (message.metadata?.['clientMessageId'] === clientMessageId && rawId(message.sender) === this.#selfId) {
        this.#merge([fromSdk(message)]);
        return { id: message.id, createdOn: iso(message.createdOn) };
      }
      if (++seen >= 1000) break;
    }
    return undefined;
  }

  #onSent(message: OutgoingMessage, result: { id: string; createdOn?: string }): void {
    const localId = LOCAL_PREFIX + message.clientMessageId;
    const local = this.#state.messages.find((m) => m.id === localId);
    const already = this.#state.messages.find((m) => m.id === result.id);
    let messages = this.#state.messages;
    if (already) {
      messages = replaceMessage(messages, localId, undefined);
      messages = replaceMessage(messages, result.id, { ...already, status: 'sent', own: true, clientMessageId: message.clientMessageId });
    } else if (local) {
      messages = replaceMessage(messages, localId, {
        ...local,
        id: result.id,
        status: 'sent',
        createdOn: result.createdOn ?? local.createdOn,
      });
    }
    if (messages !== this.#state.messages) this.#store.set({ messages });
    // Fetch the stored copy (sequence id, server time) soon.
    this.#pollSoon();
  }

  #onFailed(message: OutgoingMessage, error: unknown): void {
    const localId = LOCAL_PREFIX + message.clientMessageId;
    const local = this.#state.messages.find((m) => m.id === localId);
    if (!local) return;
    const status = statusOf(error);
    const code = errorCodeFor(error, 'chat-send-failed');
    const failure = {
      code,
      message: error instanceof Error ? error.message : 'The message could not be sent.',
      ...(status === undefined ? {} : { status }),
    };
    this.#store.set({ messages: replaceMessage(this.#state.messages, localId, { ...local, status: 'failed', failure }) });
    if (status === 403 && !this.#stopped) this.stop('forbidden');
  }

  async edit(messageId: string, text: string): Promise<void> {
    const message = this.#state.messages.find((m) => m.id === messageId);
    if (!message || !message.own || isLocal(message)) throw new AcsError('operation-failed', 'This message cannot be edited.');
    if (text.trim() === '') throw new AcsError('operation-failed', 'The message is empty.');
    if (text.length > MAX_MESSAGE_LENGTH) throw new AcsError('chat-message-too-long', 'The message is too long.');
    const edited: ChatMessage = { ...message, type: 'text', text, html: undefined, images: undefined, editedOn: new Date().toISOString() };
    this.#store.set({ messages: replaceMessage(this.#state.messages, messageId, edited) });
    try {
      await this.#thread.updateMessage(messageId, { content: text, abortSignal: this.#abort.signal });
    } catch (error) {
      this.#store.set({ messages: replaceMessage(this.#state.messages, messageId, message) });
      throw new AcsError(errorCodeFor(error, 'operation-failed'), 'The message could not be edited.', { cause: error, status: statusOf(error) });
    }
  }

  async delete(messageId: string): Promise<void> {
    const message = this.#state.messages.find((m) => m.id === messageId);
    if (!message || !message.own) throw new AcsError('operation-failed', 'This message cannot be deleted.');
    if (isLocal(message)) {
      if (message.status === 'failed') this.#store.set({ messages: replaceMessage(this.#state.messages, messageId, undefined) });
      return;
    }
    const deleted: ChatMessage = { ...message, text: '', html: message.html === undefined ? undefined : '', images: [], deletedOn: new Date().toISOString() };
    this.#store.set({ messages: replaceMessage(this.#state.messages, messageId, deleted) });
    try {
      await this.#thread.deleteMessage(messageId, { abortSignal: this.#abort.signal });
    } catch (error) {
      this.#store.set({ messages: replaceMessage(this.#state.messages, messageId, message) });
      throw new AcsError(errorCodeFor(error, 'operation-failed'), 'The message could not be deleted.', { cause: error, status: statusOf(error) });
    }
  }

  sendTyping(): void {
    if (this.#state.status !== 'ready') return;
    // The SDK throttles this itself (one request per 8 s).
    this.#thread.sendTypingNotification({ senderDisplayName: this.#options.displayName }).catch(() => undefined);
  }

  markRead(messageId: string): void {
    if (this.#state.status !== 'ready' || messageId.startsWith(LOCAL_PREFIX)) return;
    const time = this.#timeOf(messageId);
    if (!time) return;
    const previous = this.#lastReceiptFor ? this.#timeOf(this.#lastReceiptFor) : undefined;
    if (this.#lastReceiptFor === messageId || (previous && previous >= time)) return;
    this.#lastReceiptFor = messageId;
    this.#thread.sendReadReceipt({ chatMessageId: messageId }).catch(() => {
      if (this.#lastReceiptFor === messageId) this.#lastReceiptFor = undefined;
    });
  }

  async fetchImage(image: ChatImage): Promise<Blob> {
    // The bearer token goes to the ACS endpoint's own host only, never to a URL a message named.
    if (!sameHost(image.url, this.#options.endpoint)) {
      throw new AcsError('operation-failed', 'The image is not on the chat endpoint.');
    }
    const token = await this.#options.session.current(this.#abort.signal);
    const response = await fetch(new URL(image.url, this.#options.endpoint), {
      headers: { Authorization: `Bearer ${token.token}` },
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: this.#abort.signal,
    });
    if (!response.ok) throw new AcsError('operation-failed', `The image could not be loaded (${response.status}).`, { status: response.status });
    const blob = await response.blob();
    if (!blob.type.startsWith('image/')) throw new AcsError('operation-failed', 'The attachment is not an image.');
    return blob;
  }

  stop(reason: ChatUnavailableReason): void {
    const wasStopped = this.#stopped;
    this.#stopped = true;
    clearTimeout(this.#pollTimer);
    clearTimeout(this.#realtimeTimer);
    clearTimeout(this.#typingTimer);
    this.#typing.clear();
    // Messages still queued cannot be sent any more: they end 'failed' (nothing typed is lost).
    this.#queue.dispose();
    const messages = this.#state.messages.map((m) =>
      m.status === 'sending'
        ? { ...m, status: 'failed' as const, failure: { code: 'chat-unavailable' as const, message: 'The chat is no longer available.' } }
        : m,
    );
    if (!wasStopped) this.#stopRealtime();
    const hadChat = this.#state.status === 'ready' || this.#state.status === 'read-only';
    this.#store.set({ status: hadChat ? 'read-only' : 'unavailable', reason, typing: [], messages });
  }

  #stopRealtime(): void {
    if (this.#realtime === 'off') return;
    this.#realtime = 'off';
    if (typeof this.#client !== 'function') this.#client.stopRealtimeNotifications().catch(() => undefined);
  }

  dispose(): void {
    if (!this.#stopped) this.stop('left');
    this.#abort.abort();
    this.#store.clear();
  }
}

/** Creates the service; the caller then calls `start()`. Rejects only when the SDK cannot load. */
export async function createAcsChatService(options: ChatServiceOptions): Promise<ChatService> {
  const token = await options.session.current();
  const selfId = token.userId ?? '';
  const credential = createCredential(options.session, token);
  const transport = chatClientOptionsFor(options.endpoint);
  // What ChatClient.getChatThreadClient does, without loading ChatClient (and signaling) first.
  const thread = new ChatThreadClient(options.endpoint, options.threadId, credential, transport);
  const client = () => import('./chat-realtime.js').then((m) => m.createRealtimeClient(options.endpoint, credential, transport));
  const sendThread = new ChatThreadClient(options.endpoint, options.threadId, credential, {
    ...transport,
    retryOptions: { maxRetries: 0 },
  });
  return new AcsChatService(options, client, thread, sendThread, selfId);
}
