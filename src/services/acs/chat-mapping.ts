/**
 * SDK messages and events → our `ChatMessage`: sender identity and kind, plain-text names and
 * topics, system messages, and Teams HTML made safe (sanitized once, here, at ingest). Pure
 * mapping, apart from the poll/realtime sync loop in `chat-service.ts`.
 */
import type {
  ChatMessage as SdkChatMessage,
  ChatMessageEditedEvent,
  ChatMessageReceivedEvent,
} from '@azure/communication-chat';
import { getIdentifierRawId } from '@azure/communication-common';
import type { CommunicationIdentifier, CommunicationIdentifierKind } from '@azure/communication-common';
import type { ChatImage, ChatMessage, ChatSender, SenderKind } from '../chat-service.js';
import { sanitizeTeamsHtml } from '../chat/sanitize.js';

/** A sender's kind from its identifier. */
export function senderKind(identifier: CommunicationIdentifierKind | CommunicationIdentifier | undefined): SenderKind {
  if (!identifier) return 'system';
  const kind = (identifier as { kind?: string }).kind;
  if (kind === 'microsoftTeamsUser' || 'microsoftTeamsUserId' in identifier) return 'teams';
  if (kind === 'communicationUser' || 'communicationUserId' in identifier) return 'acs';
  if (kind === 'phoneNumber' || 'phoneNumber' in identifier) return 'phone';
  return 'unknown';
}

export function rawId(identifier: CommunicationIdentifierKind | CommunicationIdentifier | undefined): string {
  if (!identifier) return '';
  try {
    return getIdentifierRawId(identifier);
  } catch {
    return (identifier as { rawId?: string }).rawId ?? '';
  }
}

/** Names and topics are plain text (shown through text bindings only), trimmed and bounded. */
export function plainText(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').trim().slice(0, 256);
}

export function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

interface Attachment {
  id: string;
  attachmentType?: string;
  url?: string;
  previewUrl?: string;
}

/** What every message source (list, realtime) gives us, normalized. */
export interface RawMessage {
  id: string;
  type: string;
  sequenceId?: string;
  content?: string;
  topic?: string;
  participants?: { id: CommunicationIdentifier; displayName?: string }[];
  attachments?: Attachment[];
  senderDisplayName?: string;
  sender?: CommunicationIdentifierKind;
  createdOn?: Date | string;
  editedOn?: Date | string;
  deletedOn?: Date | string;
  metadata?: Record<string, string>;
}

export function fromSdk(message: SdkChatMessage): RawMessage {
  return {
    id: message.id,
    type: String(message.type),
    sequenceId: message.sequenceId,
    content: message.content?.message,
    topic: message.content?.topic,
    participants: message.content?.participants,
    attachments: message.content?.attachments as Attachment[] | undefined,
    senderDisplayName: message.senderDisplayName,
    sender: message.sender,
    createdOn: message.createdOn,
    editedOn: message.editedOn,
    deletedOn: message.deletedOn,
    metadata: message.metadata,
  };
}

export function fromEvent(event: ChatMessageReceivedEvent | ChatMessageEditedEvent): RawMessage {
  return {
    id: event.id,
    type: String(event.type).toLowerCase(),
    content: event.message,
    attachments: event.attachments as Attachment[] | undefined,
    senderDisplayName: event.senderDisplayName,
    sender: event.sender,
    createdOn: event.createdOn,
    editedOn: 'editedOn' in event ? event.editedOn : undefined,
    metadata: event.metadata,
  };
}

export function toMessage(raw: RawMessage, selfId: string, endpoint: string): ChatMessage | undefined {
  const senderId = rawId(raw.sender);
  const sender: ChatSender = {
    id: senderId,
    displayName: plainText(raw.senderDisplayName ?? ''),
    kind: senderKind(raw.sender),
  };
  const base = {
    id: raw.id,
    sequenceId: raw.sequenceId,
    sender,
    own: senderId !== '' && senderId === selfId,
    createdOn: iso(raw.createdOn) ?? new Date().toISOString(),
    editedOn: iso(raw.editedOn),
    deletedOn: iso(raw.deletedOn),
    clientMessageId: raw.metadata?.['clientMessageId'],
  };
  const status = base.own ? 'sent' : 'received';
  const type = raw.type.toLowerCase();
  if (type === 'participantadded' || type === 'participantremoved') {
    const names = (raw.participants ?? []).map((p) => plainText(p.displayName ?? '')).filter(Boolean);
    return {
      ...base,
      own: false,
      type: 'system',
      text: names.join(', '),
      status: 'received',
      system: { kind: type === 'participantadded' ? 'participant-added' : 'participant-removed', names },
    };
  }
  if (type === 'topicupdated') {
    const topic = plainText(raw.topic ?? '');
    return { ...base, own: false, type: 'system', text: topic, status: 'received', system: { kind: 'topic-updated', names: [], topic } };
  }
  if (type === 'html' || type === 'richtext/html') {
    if (base.deletedOn) return { ...base, type: 'html', text: '', html: '', status };
    const clean = sanitizeTeamsHtml(raw.content ?? '');
    const images: ChatImage[] = [];
    for (const { id } of clean.images) {
      const attachment = raw.attachments?.find((a) => a.id === id);
      const url = attachment?.previewUrl || attachment?.url;
      if (url && sameHost(url, endpoint)) images.push({ id, url });
    }
    return { ...base, type: 'html', text: clean.text, html: clean.html, images, status };
  }
  if (type === 'text') {
    return { ...base, type: 'text', text: base.deletedOn ? '' : (raw.content ?? ''), status };
  }
  return undefined;
}

/** True when `url` points at the endpoint's own scheme and host (the only place the token goes). */
export function sameHost(url: string, endpoint: string): boolean {
  try {
    const target = new URL(url, endpoint);
    const home = new URL(endpoint);
    return target.protocol === home.protocol && target.host === home.host;
  } catch {
    return false;
  }
}
