/**
 * The seam between `<acs-meeting-chat>` and a chat backend (the real @azure/communication-chat
 * client in `acs/`, which also runs against the local emulator). State is a plain snapshot.
 */
import type { AcsErrorCode } from '../core/errors.js';
import type { TokenSession } from '../core/token-source.js';

export type ChatStatus = 'unavailable' | 'connecting' | 'ready' | 'read-only';

/** Why the chat is unavailable or read-only. */
export type ChatUnavailableReason =
  | 'not-joined'
  | 'left'
  | 'channel-meeting'
  | 'teams-identity'
  | 'forbidden'
  | 'no-thread'
  | 'error';

export type SenderKind = 'teams' | 'acs' | 'phone' | 'system' | 'unknown';

export interface ChatSender {
  id: string;
  displayName: string;
  kind: SenderKind;
}

export type MessageStatus = 'sending' | 'sent' | 'failed' | 'received';

export interface ChatImage {
  id: string;
  /** The endpoint URL; fetched with the bearer token and shown as a blob: URL. */
  url: string;
}

export interface ChatMessage {
  /** Server id once known; for a queued message, `local:<clientMessageId>`. */
  id: string;
  clientMessageId?: string;
  sequenceId?: string;
  type: 'text' | 'html' | 'system';
  sender: ChatSender;
  own: boolean;
  /** Plain text (for html: the sanitized text content). */
  text: string;
  /** Sanitized HTML (allow-list), only for html messages. */
  html?: string;
  images?: ChatImage[];
  /** ISO 8601. */
  createdOn: string;
  editedOn?: string;
  deletedOn?: string;
  status: MessageStatus;
  /** Why an own message ended 'failed' (the user may retry it). */
  failure?: { code: AcsErrorCode; message: string; status?: number };
  /** For system messages. */
  system?: { kind: 'participant-added' | 'participant-removed' | 'topic-updated'; names: string[]; topic?: string };
}

export interface ChatState {
  status: ChatStatus;
  reason?: ChatUnavailableReason;
  selfId?: string;
  topic?: string;
  /** Oldest first. */
  messages: ChatMessage[];
  hasOlder: boolean;
  loadingOlder: boolean;
  typing: ChatSender[];
  /** Latest createdOn (ISO) of an own message that someone else has read. */
  readUpTo?: string;
  /** How new messages arrive: realtime notifications, or polling while those are unavailable. */
  transport?: 'realtime' | 'polling';
}

export type ChatListener = (state: ChatState, previous: ChatState) => void;

export interface ChatService {
  getState(): ChatState;
  subscribe(listener: ChatListener): () => void;
  start(): Promise<void>;
  /**
   * Loads the next page of older messages. `pageSize` (1–200, default 100) asks for a larger page,
   * e.g. while the user scrolls fast towards the oldest.
   */
  loadOlder(options?: { pageSize?: number }): Promise<void>;
  /** Queues the message at once (status 'sending') and returns it. */
  send(text: string): ChatMessage;
  retry(messageId: string): void;
  edit(messageId: string, text: string): Promise<void>;
  delete(messageId: string): Promise<void>;
  sendTyping(): void;
  markRead(messageId: string): void;
  /** Fetches an inline image with the bearer token (endpoint host only) and returns a blob. */
  fetchImage(image: ChatImage): Promise<Blob>;
  /** Stops realtime/polling; keeps messages readable (status 'read-only'). */
  stop(reason: ChatUnavailableReason): void;
  dispose(): void;
}

export interface ChatServiceOptions {
  session: TokenSession;
  threadId: string;
  /** The ACS resource endpoint (or the emulator). */
  endpoint: string;
  displayName?: string;
  /** Polling interval while realtime notifications are unavailable (ms). Default 1500. */
  pollIntervalMs?: number;
  /** Try realtime notifications first (default true). */
  realtime?: boolean;
}

export const MAX_MESSAGE_LENGTH = 28000;

/**
 * A message's stable key in lists: for an own message its client message id (the queued copy and
 * the server copy are the same row), else its server id. Only own messages: anyone can put any
 * `clientMessageId` in a message's metadata, and must not take over another message's key.
 */
export function messageKey(message: ChatMessage): string {
  return message.own && message.clientMessageId ? `c:${message.clientMessageId}` : message.id;
}
