// @ts-check
/**
 * In-memory state of the Chat REST emulator: threads, participants, messages (with ACS system
 * messages), read receipts and inline images. Routes (chat/routes.js) and the simulated meetings
 * (meetings/) both write here; observers subscribe to the 'change' event.
 *
 * Objects returned by the store are wire-shaped (the JSON the ACS Chat REST API returns) and are
 * copies: changing them does not change the store.
 */
import { EventEmitter } from 'node:events';
import crypto from 'node:crypto';
import { HttpError, METADATA_LIMITS } from '../http.js';
import { samplePng } from './png.js';

export const CHAT_API_VERSION = '2025-03-15';

/**
 * @typedef {{ kind?: string, rawId: string, communicationUser?: { id: string },
 *   microsoftTeamsUser?: { userId: string, isAnonymous?: boolean, cloud?: string },
 *   microsoftTeamsApp?: { appId: string, cloud?: string }, phoneNumber?: { value: string } }} IdentifierModel
 * @typedef {{ id: string | IdentifierModel, displayName?: string, kind?: string, shareHistoryTime?: string | Date, metadata?: Record<string, string> }} ParticipantInput
 * @typedef {{ communicationIdentifier: IdentifierModel, displayName?: string, shareHistoryTime: string, metadata?: Record<string, string> }} Participant
 * @typedef {{ id: string, attachmentType: 'image' | 'file', name?: string, url?: string, previewUrl?: string }} Attachment
 * @typedef {{ message?: string, topic?: string, participants?: Participant[], attachments?: Attachment[], initiatorCommunicationIdentifier?: IdentifierModel }} MessageContent
 * @typedef {'text' | 'html' | 'topicUpdated' | 'participantAdded' | 'participantRemoved'} MessageType
 * @typedef {{ id: string, type: MessageType, sequenceId: string, version: string, content?: MessageContent,
 *   senderDisplayName?: string, createdOn: string, senderCommunicationIdentifier?: IdentifierModel,
 *   editedOn?: string, deletedOn?: string, metadata?: Record<string, string> }} Message
 * @typedef {{ id: string, topic: string, createdOn: string, createdByCommunicationIdentifier?: IdentifierModel,
 *   deletedOn?: string, metadata?: Record<string, string>, retentionPolicy?: { kind: string, deleteThreadAfterDays?: number } }} ThreadProperties
 * @typedef {{ kind: 'thread', action: 'created' | 'updated' | 'deleted', threadId: string }
 *   | { kind: 'message', action: 'added' | 'edited' | 'deleted', threadId: string, message: Message }
 *   | { kind: 'participants', action: 'added' | 'removed', threadId: string, participants: Participant[] }
 *   | { kind: 'typing', threadId: string, userId: string, senderDisplayName?: string }
 *   | { kind: 'readReceipt', threadId: string, userId: string, chatMessageId: string }} ChangeEvent
 */

/**
 * The complete identifier model for a raw id, as the service returns it (the SDK throws on an
 * incomplete one).
 * @param {string} rawId
 * @returns {IdentifierModel}
 */
export function identifierFromRawId(rawId) {
  if (rawId.startsWith('8:acs:') || rawId.startsWith('8:spool:') || rawId.startsWith('8:gcch-acs:') || rawId.startsWith('8:dod-acs:')) {
    return { kind: 'communicationUser', rawId, communicationUser: { id: rawId } };
  }
  const teams = /^8:(orgid|dod|gcch|teamsvisitor):(.+)$/.exec(rawId);
  if (teams) {
    const cloud = teams[1] === 'dod' ? 'dod' : teams[1] === 'gcch' ? 'gcch' : 'public';
    return { kind: 'microsoftTeamsUser', rawId, microsoftTeamsUser: { userId: teams[2], isAnonymous: teams[1] === 'teamsvisitor', cloud } };
  }
  const app = /^28:(orgid|dod|gcch):(.+)$/.exec(rawId);
  if (app) {
    return { kind: 'microsoftTeamsApp', rawId, microsoftTeamsApp: { appId: app[2], cloud: app[1] === 'orgid' ? 'public' : app[1] } };
  }
  if (rawId.startsWith('4:')) return { kind: 'phoneNumber', rawId, phoneNumber: { value: rawId.slice(2) } };
  return { kind: 'unknown', rawId };
}

/**
 * The raw id of an identifier model sent by a client (which may omit rawId).
 * @param {any} model
 * @returns {string | undefined}
 */
export function rawIdOf(model) {
  if (!model || typeof model !== 'object') return undefined;
  if (typeof model.rawId === 'string' && model.rawId) return model.rawId;
  if (typeof model.communicationUser?.id === 'string') return model.communicationUser.id;
  if (typeof model.microsoftTeamsUser?.userId === 'string') {
    const t = model.microsoftTeamsUser;
    if (t.isAnonymous) return `8:teamsvisitor:${t.userId}`;
    const prefix = t.cloud === 'dod' ? 'dod' : t.cloud === 'gcch' ? 'gcch' : 'orgid';
    return `8:${prefix}:${t.userId}`;
  }
  if (typeof model.phoneNumber?.value === 'string') return `4:${model.phoneNumber.value}`;
  return undefined;
}

/** @template T @param {T} value @returns {T} */
const copy = (value) => structuredClone(value);

/**
 * @typedef {object} ThreadState
 * @property {ThreadProperties} props
 * @property {Map<string, Participant>} participants by raw id
 * @property {Message[]} messages ascending sequenceId
 * @property {Map<string, Message>} byId
 * @property {number} sequence
 * @property {Map<string, { chatMessageId: string, readOn: string }>} receipts by raw id
 * @property {Map<string, { contentType: string, bytes: Buffer, small?: Buffer, name: string }>} images
 */

export class ChatStore extends EventEmitter {
  /** @type {Map<string, ThreadState>} */
  #threads = new Map();
  /** repeatability-request-id → thread id (createChatThread is idempotent) */
  #requests = new Map();
  #lastMessageTime = 0;

  /** @param {ChangeEvent} event */
  #notify(event) {
    this.emit('change', event);
  }

  /** Unique, increasing ids; ACS message ids are creation times in ms. */
  #nextMessageTime() {
    const now = Math.max(Date.now(), this.#lastMessageTime + 1);
    this.#lastMessageTime = now;
    return now;
  }

  /** @param {string} threadId @returns {ThreadState} */
  #state(threadId) {
    const state = this.#threads.get(threadId);
    if (!state || state.props.deletedOn) throw new HttpError(404, 'NotFound', 'Chat thread not found.');
    return state;
  }

  /** @param {ParticipantInput} input @returns {Participant} */
  #participant(input) {
    const rawId = typeof input.id === 'string' ? input.id : rawIdOf(input.id);
    if (!rawId) throw new HttpError(400, 'BadRequest', 'A participant needs a communication identifier.');
    if (input.displayName !== undefined && (typeof input.displayName !== 'string' || input.displayName.length > 256)) {
      throw new HttpError(400, 'BadRequest', 'displayName must be a string of at most 256 characters.');
    }
    const shareHistoryTime = new Date(input.shareHistoryTime ?? 0);
    if (Number.isNaN(shareHistoryTime.getTime()) || (typeof input.shareHistoryTime !== 'string' && input.shareHistoryTime !== undefined && !(input.shareHistoryTime instanceof Date))) {
      throw new HttpError(400, 'BadRequest', 'shareHistoryTime must be an ISO 8601 date-time.');
    }
    return {
      communicationIdentifier: identifierFromRawId(rawId),
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      shareHistoryTime: shareHistoryTime.toISOString(),
      ...(input.metadata ? { metadata: { ...input.metadata } } : {}),
    };
  }

  /**
   * Appends a message (user or system) and returns it.
   * @param {ThreadState} state
   * @param {Omit<Message, 'id' | 'sequenceId' | 'version' | 'createdOn'>} fields
   */
  #append(state, fields) {
    const time = this.#nextMessageTime();
    /** @type {Message} */
    const message = {
      id: String(time),
      type: fields.type,
      sequenceId: String(++state.sequence),
      version: String(time),
      ...(fields.content ? { content: fields.content } : {}),
      ...(fields.senderDisplayName !== undefined ? { senderDisplayName: fields.senderDisplayName } : {}),
      createdOn: new Date(time).toISOString(),
      ...(fields.senderCommunicationIdentifier ? { senderCommunicationIdentifier: fields.senderCommunicationIdentifier } : {}),
      ...(fields.metadata ? { metadata: fields.metadata } : {}),
    };
    state.messages.push(message);
    state.byId.set(message.id, message);
    this.#notify({ kind: 'message', action: 'added', threadId: state.props.id, message: copy(message) });
    return message;
  }

  /**
   * Creates a thread. The creator (when given) becomes a participant. Like ACS, the thread starts
   * with a topicUpdated and a participantAdded system message.
   * @param {{ threadId?: string, topic: string, createdBy?: string, participants?: ParticipantInput[],
   *   metadata?: Record<string, string>, retentionPolicy?: { kind: string, deleteThreadAfterDays?: number },
   *   requestId?: string }} input
   * @returns {ThreadProperties}
   */
  createThread(input) {
    if (input.requestId && this.#requests.has(input.requestId)) {
      const existing = this.#threads.get(this.#requests.get(input.requestId));
      if (existing) return copy(existing.props);
    }
    if (typeof input.topic !== 'string') throw new HttpError(400, 'BadRequest', 'topic is required.');
    const id = input.threadId ?? `19:acsV1_${crypto.randomBytes(24).toString('base64url')}@thread.v2`;
    if (this.#threads.has(id)) throw new HttpError(409, 'Conflict', 'A chat thread with this id already exists.');
    const participants = (input.participants ?? []).map((p) => this.#participant(p));
    const creator = input.createdBy ? identifierFromRawId(input.createdBy) : undefined;
    if (creator && !participants.some((p) => p.communicationIdentifier.rawId === creator.rawId)) {
      participants.unshift({ communicationIdentifier: creator, shareHistoryTime: new Date(0).toISOString() });
    }
    /** @type {ThreadState} */
    const state = {
      props: {
        id,
        topic: input.topic,
        createdOn: new Date().toISOString(),
        ...(creator ? { createdByCommunicationIdentifier: creator } : {}),
        ...(input.metadata ? { metadata: { ...input.metadata } } : {}),
        ...(input.retentionPolicy ? { retentionPolicy: { ...input.retentionPolicy } } : {}),
      },
      participants: new Map(participants.map((p) => [p.communicationIdentifier.rawId, p])),
      messages: [],
      byId: new Map(),
      sequence: 0,
      receipts: new Map(),
      images: new Map(),
    };
    this.#threads.set(id, state);
    if (input.requestId) this.#requests.set(input.requestId, id);
    this.#notify({ kind: 'thread', action: 'created', threadId: id });
    this.#append(state, { type: 'topicUpdated', content: { topic: input.topic, ...(creator ? { initiatorCommunicationIdentifier: creator } : {}) } });
    if (participants.length) {
      this.#append(state, { type: 'participantAdded', content: { participants: copy(participants), ...(creator ? { initiatorCommunicationIdentifier: creator } : {}) } });
      this.#notify({ kind: 'participants', action: 'added', threadId: id, participants: copy(participants) });
    }
    return copy(state.props);
  }

  /** Thread properties, or undefined when the thread does not exist or was deleted. @param {string} threadId */
  getThread(threadId) {
    const state = this.#threads.get(threadId);
    return state && !state.props.deletedOn ? copy(state.props) : undefined;
  }

  /** @param {string} threadId */
  hasThread(threadId) {
    return this.getThread(threadId) !== undefined;
  }

  /** @param {string} threadId */
  deleteThread(threadId) {
    const state = this.#state(threadId);
    state.props.deletedOn = new Date().toISOString();
    this.#notify({ kind: 'thread', action: 'deleted', threadId });
  }

  /**
   * Merge-patch of topic / metadata / retention policy. A changed topic writes a topicUpdated message.
   * @param {string} threadId
   * @param {{ topic?: string, metadata?: Record<string, string | null>, retentionPolicy?: any }} patch
   * @param {{ initiatorId?: string }} [by]
   */
  updateThread(threadId, patch, by = {}) {
    const state = this.#state(threadId);
    if (patch.metadata) state.props.metadata = mergePatch(state.props.metadata, patch.metadata);
    if (patch.retentionPolicy !== undefined) {
      if (patch.retentionPolicy === null) delete state.props.retentionPolicy;
      else state.props.retentionPolicy = { ...patch.retentionPolicy };
    }
    if (patch.topic !== undefined && patch.topic !== state.props.topic) {
      this.setTopic(threadId, patch.topic, by);
    } else {
      this.#notify({ kind: 'thread', action: 'updated', threadId });
    }
  }

  /**
   * @param {string} threadId
   * @param {string} topic
   * @param {{ initiatorId?: string }} [by]
   */
  setTopic(threadId, topic, by = {}) {
    const state = this.#state(threadId);
    if (typeof topic !== 'string') throw new HttpError(400, 'BadRequest', 'topic must be a string.');
    state.props.topic = topic;
    const initiator = by.initiatorId ? identifierFromRawId(by.initiatorId) : undefined;
    this.#append(state, { type: 'topicUpdated', content: { topic, ...(initiator ? { initiatorCommunicationIdentifier: initiator } : {}) } });
    this.#notify({ kind: 'thread', action: 'updated', threadId });
  }

  /** Alias of setTopic. @param {string} threadId @param {string} topic @param {{ initiatorId?: string }} [by] */
  updateTopic(threadId, topic, by = {}) {
    this.setTopic(threadId, topic, by);
  }

  /**
   * Threads the user is a participant of, most recently active first (GET /chat/threads).
   * @param {string} rawId
   * @param {{ maxPageSize?: number, startTime?: Date, skip?: number }} [options]
   */
  listThreads(rawId, options = {}) {
    const items = [...this.#threads.values()]
      .filter((s) => s.participants.has(rawId))
      .map((s) => {
        const last = s.messages.at(-1);
        return {
          id: s.props.id,
          topic: s.props.topic,
          ...(s.props.deletedOn ? { deletedOn: s.props.deletedOn } : {}),
          lastMessageReceivedOn: last?.createdOn ?? s.props.createdOn,
        };
      })
      .filter((t) => !options.startTime || new Date(t.lastMessageReceivedOn) >= options.startTime)
      .sort((a, b) => b.lastMessageReceivedOn.localeCompare(a.lastMessageReceivedOn));
    return page(items, options.skip ?? 0, options.maxPageSize);
  }

  // ---- participants ----

  /** @param {string} threadId @param {string} rawId */
  isParticipant(threadId, rawId) {
    return this.#threads.get(threadId)?.participants.has(rawId) ?? false;
  }

  /**
   * Adds (or updates) participants; writes a participantAdded system message for the new ones.
   * @param {string} threadId
   * @param {ParticipantInput[]} participants
   * @param {{ initiatorId?: string }} [by]
   * @returns {{ invalidParticipants?: { code: string, message: string, target: string }[] }}
   */
  addParticipants(threadId, participants, by = {}) {
    const state = this.#state(threadId);
    /** @type {Participant[]} */
    const added = [];
    for (const input of participants) {
      const p = this.#participant(input);
      const rawId = p.communicationIdentifier.rawId;
      const existing = state.participants.get(rawId);
      state.participants.set(rawId, { ...existing, ...p });
      if (!existing) added.push(p);
    }
    if (added.length) {
      const initiator = by.initiatorId ? identifierFromRawId(by.initiatorId) : undefined;
      this.#append(state, { type: 'participantAdded', content: { participants: copy(added), ...(initiator ? { initiatorCommunicationIdentifier: initiator } : {}) } });
      this.#notify({ kind: 'participants', action: 'added', threadId, participants: copy(added) });
    }
    return {};
  }

  /**
   * Removes a participant; writes a participantRemoved system message. Returns false when the
   * user was not a participant.
   * @param {string} threadId
   * @param {string} rawId
   * @param {{ initiatorId?: string }} [by]
   */
  removeParticipant(threadId, rawId, by = {}) {
    const state = this.#state(threadId);
    const removed = state.participants.get(rawId);
    if (!removed) return false;
    state.participants.delete(rawId);
    const initiator = identifierFromRawId(by.initiatorId ?? rawId);
    this.#append(state, { type: 'participantRemoved', content: { participants: [copy(removed)], initiatorCommunicationIdentifier: initiator } });
    this.#notify({ kind: 'participants', action: 'removed', threadId, participants: [copy(removed)] });
    return true;
  }

  /**
   * @param {string} threadId
   * @param {{ maxPageSize?: number, skip?: number }} [options]
   */
  listParticipants(threadId, options = {}) {
    const state = this.#state(threadId);
    return page(copy([...state.participants.values()]), options.skip ?? 0, options.maxPageSize);
  }

  // ---- messages ----

  /**
   * Posts a user message (text or html). Teams users' messages come from meetings/ this way.
   * @param {string} threadId
   * @param {{ senderId: string, senderDisplayName?: string, type?: 'text' | 'html', content: { message?: string, attachments?: Attachment[] } | string, metadata?: Record<string, string> }} input
   * @returns {Message}
   */
  postMessage(threadId, input) {
    const state = this.#state(threadId);
    const type = input.type ?? 'text';
    if (type !== 'text' && type !== 'html') throw new HttpError(400, 'BadRequest', 'Only text and html messages can be sent.');
    const content = typeof input.content === 'string' ? { message: input.content } : { ...input.content };
    if (typeof content.message !== 'string') throw new HttpError(400, 'BadRequest', 'content is required.');
    if (content.message.length > 28_000) throw new HttpError(400, 'BadRequest', 'The message is too long.');
    return copy(
      this.#append(state, {
        type,
        content,
        senderDisplayName: input.senderDisplayName,
        senderCommunicationIdentifier: identifierFromRawId(input.senderId),
        ...(input.metadata ? { metadata: { ...input.metadata } } : {}),
      }),
    );
  }

  /** @param {string} threadId @param {string} messageId @returns {Message} */
  getMessage(threadId, messageId) {
    const message = this.#state(threadId).byId.get(messageId);
    if (!message) throw new HttpError(404, 'NotFound', 'Chat message not found.');
    return copy(message);
  }

  /**
   * Edits a message's content (a string or `{message, attachments}`) and/or metadata (merge-patch).
   * @param {string} threadId
   * @param {string} messageId
   * @param {{ content?: string | { message?: string, attachments?: Attachment[] }, metadata?: Record<string, string | null> }} patch
   */
  editMessage(threadId, messageId, patch) {
    const state = this.#state(threadId);
    const message = state.byId.get(messageId);
    if (!message || message.deletedOn) throw new HttpError(404, 'NotFound', 'Chat message not found.');
    if (message.type !== 'text' && message.type !== 'html') throw new HttpError(400, 'BadRequest', 'System messages cannot be edited.');
    if (patch.content !== undefined) {
      const next = typeof patch.content === 'string' ? { message: patch.content } : patch.content;
      message.content = { ...message.content, ...next };
    }
    if (patch.metadata) message.metadata = mergePatch(message.metadata, patch.metadata);
    const time = this.#nextMessageTime();
    message.editedOn = new Date(time).toISOString();
    message.version = String(time);
    this.#notify({ kind: 'message', action: 'edited', threadId, message: copy(message) });
    return copy(message);
  }

  /** Marks a message deleted (it stays in the list with deletedOn, without content). @param {string} threadId @param {string} messageId */
  deleteMessage(threadId, messageId) {
    const state = this.#state(threadId);
    const message = state.byId.get(messageId);
    if (!message) throw new HttpError(404, 'NotFound', 'Chat message not found.');
    if (message.deletedOn) return;
    const time = this.#nextMessageTime();
    message.deletedOn = new Date(time).toISOString();
    message.version = String(time);
    if (message.content) message.content = {};
    this.#notify({ kind: 'message', action: 'deleted', threadId, message: copy(message) });
  }

  /**
   * Messages newest first. `startTime` keeps messages created, edited or deleted at or after it
   * (so a poller sees edits and deletions); `continuation` (from a previous result) continues a
   * listing where it stopped, unaffected by messages posted since.
   * @param {string} threadId
   * @param {{ maxPageSize?: number, startTime?: Date, continuation?: string }} [options]
   * @returns {{ value: Message[], continuation?: string }}
   */
  listMessages(threadId, options = {}) {
    const state = this.#state(threadId);
    const size = clampPageSize(options.maxPageSize);
    const start = options.startTime?.getTime();
    const before = options.continuation !== undefined ? Number(options.continuation) : undefined;
    if (before !== undefined && !Number.isInteger(before)) throw new HttpError(400, 'BadRequest', 'Invalid continuation.');
    /** @type {Message[]} */
    const value = [];
    for (let i = state.messages.length - 1; i >= 0; i--) {
      const m = state.messages[i];
      if (before !== undefined && Number(m.sequenceId) >= before) continue;
      if (start !== undefined) {
        const latest = Math.max(Date.parse(m.createdOn), m.editedOn ? Date.parse(m.editedOn) : 0, m.deletedOn ? Date.parse(m.deletedOn) : 0);
        if (latest < start) continue;
      }
      if (value.length === size) return { value: copy(value), continuation: value[value.length - 1].sequenceId };
      value.push(m);
    }
    return { value: copy(value) };
  }

  // ---- typing and read receipts ----

  /** @param {string} threadId @param {string} rawId @param {string} [senderDisplayName] */
  typing(threadId, rawId, senderDisplayName) {
    this.#state(threadId);
    this.#notify({ kind: 'typing', threadId, userId: rawId, ...(senderDisplayName ? { senderDisplayName } : {}) });
  }

  /** @param {string} threadId @param {string} rawId @param {string} chatMessageId */
  sendReadReceipt(threadId, rawId, chatMessageId) {
    const state = this.#state(threadId);
    if (typeof chatMessageId !== 'string' || !state.byId.has(chatMessageId)) throw new HttpError(404, 'NotFound', 'Chat message not found.');
    const previous = state.receipts.get(rawId);
    if (previous && Number(previous.chatMessageId) >= Number(chatMessageId)) return;
    state.receipts.set(rawId, { chatMessageId, readOn: new Date().toISOString() });
    this.#notify({ kind: 'readReceipt', threadId, userId: rawId, chatMessageId });
  }

  /** Latest receipt per participant. @param {string} threadId @param {{ maxPageSize?: number, skip?: number }} [options] */
  listReadReceipts(threadId, options = {}) {
    const state = this.#state(threadId);
    const items = [...state.receipts].map(([rawId, r]) => ({ senderCommunicationIdentifier: identifierFromRawId(rawId), chatMessageId: r.chatMessageId, readOn: r.readOn }));
    return page(items, options.skip ?? 0, options.maxPageSize);
  }

  // ---- inline images (Teams users paste pictures; ACS users fetch them with their token) ----

  /**
   * Stores an image in a thread. Without bytes, a generated PNG (seeded by name) is used.
   * @param {string} threadId
   * @param {{ id?: string, name?: string, contentType?: string, bytes?: Buffer }} [image]
   * @returns {{ id: string, name: string, contentType: string }}
   */
  addImage(threadId, image = {}) {
    const state = this.#state(threadId);
    const id = image.id ?? crypto.randomUUID();
    const name = image.name ?? 'image.png';
    const generated = !image.bytes;
    const bytes = image.bytes ?? samplePng(`${threadId}/${id}`);
    const contentType = image.contentType ?? 'image/png';
    state.images.set(id, { contentType, bytes, name, ...(generated ? { small: samplePng(`${threadId}/${id}`, 160, 100) } : {}) });
    return { id, name, contentType };
  }

  /**
   * @param {string} threadId
   * @param {string} imageId
   * @param {'original' | 'small'} [view]
   * @returns {{ contentType: string, bytes: Buffer, name: string } | undefined}
   */
  getImage(threadId, imageId, view = 'original') {
    const image = this.#threads.get(threadId)?.images.get(imageId);
    if (!image) return undefined;
    return { contentType: image.contentType, name: image.name, bytes: view === 'small' && image.small ? image.small : image.bytes };
  }
}

/**
 * The attachment for a stored image, with the URLs the ACS service uses for Teams inline images:
 * `{endpoint}chat/threads/{threadId}/images/{imageId}/views/original|small?api-version=…`.
 * Fetching them needs the user's bearer token.
 * @param {string} publicUrl the endpoint, with a trailing slash
 * @param {string} threadId
 * @param {{ id: string, name?: string }} image
 * @returns {Attachment}
 */
export function imageAttachment(publicUrl, threadId, image) {
  const base = `${publicUrl}chat/threads/${threadId}/images/${encodeURIComponent(image.id)}/views`;
  return {
    id: image.id,
    attachmentType: 'image',
    ...(image.name ? { name: image.name } : {}),
    url: `${base}/original?api-version=${CHAT_API_VERSION}`,
    previewUrl: `${base}/small?api-version=${CHAT_API_VERSION}`,
  };
}

/** @param {number | undefined} size */
function clampPageSize(size) {
  if (size === undefined || !Number.isFinite(size)) return 100;
  return Math.min(200, Math.max(1, Math.floor(size)));
}

/**
 * @template T
 * @param {T[]} items
 * @param {number} skip
 * @param {number | undefined} maxPageSize
 * @returns {{ value: T[], nextSkip?: number }}
 */
function page(items, skip, maxPageSize) {
  const size = clampPageSize(maxPageSize);
  const value = items.slice(skip, skip + size);
  return skip + size < items.length ? { value, nextSkip: skip + size } : { value };
}

/**
 * RFC 7396 merge-patch for string maps (null deletes a key).
 * @param {Record<string, string> | undefined} target
 * @param {Record<string, string | null>} patch
 */
function mergePatch(target, patch) {
  /** @type {Record<string, string>} */
  const result = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = String(value);
  }
  if (Object.keys(result).length > METADATA_LIMITS.entries) throw new HttpError(400, 'BadRequest', `metadata has at most ${METADATA_LIMITS.entries} keys.`);
  return result;
}
