// @ts-check
/**
 * The ACS Chat REST API (api-version 2025-03-15, what @azure/communication-chat 1.6 sends), served
 * from the ChatStore: same paths, status codes, body shapes and CommunicationErrorResponse errors,
 * so the real ChatClient / ChatThreadClient run against it unchanged.
 *
 * Access: every route needs `Authorization: Bearer <token>` from the emulator's issuer (401
 * otherwise). A thread is readable/writable by its participants; for a Teams meeting's thread the
 * meetings module decides through `canChat` (an ACS user chats only while joined: 403 before joining
 * and after leaving).
 */
import { HttpError, objectBody, retentionPolicy, sendJson, stringMap } from '../http.js';
import { CHAT_API_VERSION, rawIdOf } from './store.js';

/**
 * @typedef {'allow' | 'forbidden' | 'no-thread'} ChatVerdict
 * @typedef {(threadId: string, userId: string) => ChatVerdict} CanChat
 * @typedef {import('../http.js').Ctx} Ctx
 * @typedef {import('../tokens.js').VerifiedToken} User
 */

const FORBIDDEN = "The initiator doesn't have the permission to perform the requested operation.";

/**
 * @param {import('../http.js').Router} router
 * @param {{ chat: import('./store.js').ChatStore, tokens: { verify(token: unknown): User }, faults?: import('../faults.js').Faults,
 *   publicUrl: string, canChat?: CanChat }} deps
 */
export function registerChatRoutes(router, { chat, tokens, faults, publicUrl, canChat }) {
  /**
   * Wraps a handler: api-version, faults, then the bearer token.
   * @param {(ctx: Ctx, user: User) => void | Promise<void>} handler
   * @returns {import('../http.js').Handler}
   */
  const route = (handler) => async (ctx) => {
    if (!ctx.url.searchParams.get('api-version')) {
      throw new HttpError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    }
    if (faults && (await faults.apply('chat', ctx.req, ctx.res))) return;
    const header = ctx.req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'Unauthorized', 'The request has no bearer access token.');
    const user = tokens.verify(match[1]);
    await handler(ctx, user);
  };

  /**
   * Throws unless the user may use the thread.
   * @param {string} threadId
   * @param {User} user
   * @returns {ChatVerdict | undefined} the meeting's verdict (undefined: not a meeting thread)
   */
  const authorize = (threadId, user) => {
    const verdict = canChat?.(threadId, user.userId);
    if (verdict === 'forbidden') throw new HttpError(403, 'Forbidden', FORBIDDEN);
    if (!chat.hasThread(threadId)) throw new HttpError(404, 'NotFound', 'Chat thread not found.');
    if (verdict === 'allow') return verdict;
    if (!chat.isParticipant(threadId, user.userId)) throw new HttpError(403, 'Forbidden', FORBIDDEN);
    return undefined;
  };
  const isMeetingThread = (/** @type {string} */ threadId, /** @type {User} */ user) => {
    const verdict = canChat?.(threadId, user.userId);
    return verdict === 'allow' || verdict === 'forbidden';
  };

  /** @param {URL} url */
  const pageSize = (url) => {
    const raw = url.searchParams.get('maxPageSize');
    if (raw === null) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new HttpError(400, 'BadRequest', 'maxPageSize must be a positive integer.');
    return n;
  };
  /** @param {URL} url */
  const skipOf = (url) => {
    const raw = url.searchParams.get('skip');
    if (raw === null) return 0;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new HttpError(400, 'BadRequest', 'skip must be a non-negative integer.');
    return n;
  };
  /** @param {URL} url */
  const startTimeOf = (url) => {
    const raw = url.searchParams.get('startTime');
    if (raw === null) return undefined;
    const date = new Date(raw);
    if (Number.isNaN(date.getTime())) throw new HttpError(400, 'BadRequest', 'startTime must be an ISO 8601 date-time.');
    return date;
  };
  /**
   * An absolute next link with the query the SDK follows verbatim.
   * @param {string} path without a leading slash
   * @param {Record<string, string | number | undefined>} query
   */
  const nextLink = (path, query) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    params.set('api-version', CHAT_API_VERSION);
    return `${publicUrl}${path}?${params}`;
  };
  const threadPath = (/** @type {string} */ threadId) => `chat/threads/${encodeURIComponent(threadId)}`;
  /** A flat map of short strings: nested or huge metadata would be stored and break every later read. @param {unknown} metadata */
  const checkMetadata = (metadata) => stringMap(metadata, 'metadata', { allowNull: true });
  /** Metadata of something new (no merge-patch: no nulls). @param {unknown} metadata */
  const newMetadata = (metadata) => /** @type {Record<string, string> | undefined} */ (stringMap(metadata, 'metadata'));
  /** @param {any[] | undefined} list */
  const participantInputs = (list) => {
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw new HttpError(400, 'BadRequest', 'participants must be an array.');
    return list.map((p) => {
      const rawId = rawIdOf(p?.communicationIdentifier);
      if (!rawId) throw new HttpError(400, 'BadRequest', 'Each participant needs a communicationIdentifier.');
      return { id: rawId, displayName: p.displayName, shareHistoryTime: p.shareHistoryTime, metadata: newMetadata(p.metadata) };
    });
  };

  // ---- threads ----

  router.add('POST', '/chat/threads', route(async (ctx, user) => {
    const body = await objectBody(ctx);
    if (typeof body.topic !== 'string' || !body.topic) throw new HttpError(400, 'BadRequest', 'topic is required.');
    const requestId = ctx.req.headers['repeatability-request-id'];
    const thread = chat.createThread({
      topic: body.topic,
      createdBy: user.userId,
      participants: participantInputs(body.participants),
      metadata: newMetadata(body.metadata),
      retentionPolicy: retentionPolicy(body.retentionPolicy) ?? undefined,
      requestId: typeof requestId === 'string' ? requestId : undefined,
    });
    sendJson(ctx.res, 201, { chatThread: thread }, { location: `${publicUrl}${threadPath(thread.id)}` });
  }));

  router.add('GET', '/chat/threads', route((ctx, user) => {
    const maxPageSize = pageSize(ctx.url);
    const startTime = startTimeOf(ctx.url);
    const { value, nextSkip } = chat.listThreads(user.userId, { maxPageSize, startTime, skip: skipOf(ctx.url) });
    sendJson(ctx.res, 200, {
      value,
      ...(nextSkip !== undefined ? { nextLink: nextLink('chat/threads', { skip: nextSkip, maxPageSize, startTime: startTime?.toISOString() }) } : {}),
    });
  }));

  router.add('GET', '/chat/threads/{threadId}', route(({ res, params }, user) => {
    authorize(params.threadId, user);
    sendJson(res, 200, chat.getThread(params.threadId));
  }));

  router.add('PATCH', '/chat/threads/{threadId}', route(async (ctx, user) => {
    const { threadId } = ctx.params;
    authorize(threadId, user);
    const body = await objectBody(ctx);
    if (body.topic !== undefined && typeof body.topic !== 'string') throw new HttpError(400, 'BadRequest', 'topic must be a string.');
    chat.updateThread(threadId, { topic: body.topic, metadata: checkMetadata(body.metadata), retentionPolicy: retentionPolicy(body.retentionPolicy, { allowNull: true }) }, { initiatorId: user.userId });
    sendJson(ctx.res, 204);
  }));

  router.add('DELETE', '/chat/threads/{threadId}', route(({ res, params }, user) => {
    if (isMeetingThread(params.threadId, user)) throw new HttpError(403, 'Forbidden', 'A meeting chat cannot be deleted.');
    authorize(params.threadId, user);
    chat.deleteThread(params.threadId);
    sendJson(res, 204);
  }));

  // ---- messages ----

  router.add('POST', '/chat/threads/{threadId}/messages', route(async (ctx, user) => {
    const { threadId } = ctx.params;
    authorize(threadId, user);
    const body = await objectBody(ctx);
    if (typeof body.content !== 'string') throw new HttpError(400, 'BadRequest', 'content is required.');
    if (body.type !== undefined && body.type !== 'text' && body.type !== 'html') throw new HttpError(400, 'BadRequest', 'type must be text or html.');
    if (body.senderDisplayName !== undefined && typeof body.senderDisplayName !== 'string') throw new HttpError(400, 'BadRequest', 'senderDisplayName must be a string.');
    const message = chat.postMessage(threadId, {
      senderId: user.userId,
      senderDisplayName: body.senderDisplayName,
      type: body.type ?? 'text',
      content: { message: body.content },
      metadata: newMetadata(body.metadata),
    });
    sendJson(ctx.res, 201, { id: message.id }, { location: `${publicUrl}${threadPath(threadId)}/messages/${message.id}` });
  }));

  router.add('GET', '/chat/threads/{threadId}/messages', route(({ res, url, params }, user) => {
    const { threadId } = params;
    authorize(threadId, user);
    const maxPageSize = pageSize(url);
    const startTime = startTimeOf(url);
    const syncState = url.searchParams.get('syncState') ?? undefined;
    let continuation;
    if (syncState !== undefined) {
      continuation = Buffer.from(syncState, 'base64url').toString('utf8').replace(/^seq:/, '');
    }
    const result = chat.listMessages(threadId, { maxPageSize, startTime, continuation });
    sendJson(res, 200, {
      value: result.value,
      ...(result.continuation !== undefined
        ? {
            nextLink: nextLink(`${threadPath(threadId)}/messages`, {
              syncState: Buffer.from(`seq:${result.continuation}`).toString('base64url'),
              startTime: startTime?.toISOString(),
              maxPageSize,
            }),
          }
        : {}),
    });
  }));

  router.add('GET', '/chat/threads/{threadId}/messages/{messageId}', route(({ res, params }, user) => {
    authorize(params.threadId, user);
    sendJson(res, 200, chat.getMessage(params.threadId, params.messageId));
  }));

  /** Only the sender may change or delete a message. @param {string} threadId @param {string} messageId @param {User} user */
  const ownMessage = (threadId, messageId, user) => {
    const message = chat.getMessage(threadId, messageId);
    if (message.senderCommunicationIdentifier?.rawId !== user.userId) throw new HttpError(403, 'Forbidden', 'Only the sender can change a message.');
    return message;
  };

  router.add('PATCH', '/chat/threads/{threadId}/messages/{messageId}', route(async (ctx, user) => {
    const { threadId, messageId } = ctx.params;
    authorize(threadId, user);
    ownMessage(threadId, messageId, user);
    const body = await objectBody(ctx);
    if (body.content !== undefined && typeof body.content !== 'string') throw new HttpError(400, 'BadRequest', 'content must be a string.');
    chat.editMessage(threadId, messageId, { content: body.content, metadata: checkMetadata(body.metadata) });
    sendJson(ctx.res, 204);
  }));

  router.add('DELETE', '/chat/threads/{threadId}/messages/{messageId}', route(({ res, params }, user) => {
    authorize(params.threadId, user);
    ownMessage(params.threadId, params.messageId, user);
    chat.deleteMessage(params.threadId, params.messageId);
    sendJson(res, 204);
  }));

  // ---- participants ----

  router.add('GET', '/chat/threads/{threadId}/participants', route(({ res, url, params }, user) => {
    const { threadId } = params;
    authorize(threadId, user);
    const maxPageSize = pageSize(url);
    const { value, nextSkip } = chat.listParticipants(threadId, { maxPageSize, skip: skipOf(url) });
    sendJson(res, 200, {
      value,
      ...(nextSkip !== undefined ? { nextLink: nextLink(`${threadPath(threadId)}/participants`, { skip: nextSkip, maxPageSize }) } : {}),
    });
  }));

  router.add('POST', '/chat/threads/{threadId}/participants/:add', route(async (ctx, user) => {
    const { threadId } = ctx.params;
    if (isMeetingThread(threadId, user)) {
      authorize(threadId, user);
      throw new HttpError(403, 'Forbidden', 'Participants of a meeting chat are managed by the meeting.');
    }
    authorize(threadId, user);
    const body = await objectBody(ctx);
    if (!Array.isArray(body.participants) || body.participants.length === 0) throw new HttpError(400, 'BadRequest', 'participants is required.');
    const result = chat.addParticipants(threadId, participantInputs(body.participants), { initiatorId: user.userId });
    sendJson(ctx.res, 201, result);
  }));

  router.add('POST', '/chat/threads/{threadId}/participants/:remove', route(async (ctx, user) => {
    const { threadId } = ctx.params;
    authorize(threadId, user);
    const rawId = rawIdOf(await ctx.body());
    if (!rawId) throw new HttpError(400, 'BadRequest', 'Expected a communication identifier.');
    if (isMeetingThread(threadId, user) && rawId !== user.userId) {
      throw new HttpError(403, 'Forbidden', 'Participants of a meeting chat are managed by the meeting.');
    }
    chat.removeParticipant(threadId, rawId, { initiatorId: user.userId });
    sendJson(ctx.res, 204);
  }));

  // ---- typing and read receipts ----

  router.add('POST', '/chat/threads/{threadId}/typing', route(async (ctx, user) => {
    const { threadId } = ctx.params;
    authorize(threadId, user);
    const body = await objectBody(ctx);
    chat.typing(threadId, user.userId, typeof body.senderDisplayName === 'string' ? body.senderDisplayName : undefined);
    sendJson(ctx.res, 200);
  }));

  router.add('POST', '/chat/threads/{threadId}/readReceipts', route(async (ctx, user) => {
    const { threadId } = ctx.params;
    authorize(threadId, user);
    const body = await objectBody(ctx);
    if (typeof body.chatMessageId !== 'string') throw new HttpError(400, 'BadRequest', 'chatMessageId is required.');
    chat.sendReadReceipt(threadId, user.userId, body.chatMessageId);
    sendJson(ctx.res, 200);
  }));

  router.add('GET', '/chat/threads/{threadId}/readReceipts', route(({ res, url, params }, user) => {
    const { threadId } = params;
    authorize(threadId, user);
    const maxPageSize = pageSize(url);
    const { value, nextSkip } = chat.listReadReceipts(threadId, { maxPageSize, skip: skipOf(url) });
    sendJson(res, 200, {
      value,
      ...(nextSkip !== undefined ? { nextLink: nextLink(`${threadPath(threadId)}/readReceipts`, { skip: nextSkip, maxPageSize }) } : {}),
    });
  }));

  // ---- inline images of Teams messages ----

  router.add('GET', '/chat/threads/{threadId}/images/{imageId}/views/{view}', route(({ res, params }, user) => {
    authorize(params.threadId, user);
    const view = params.view === 'small' ? 'small' : params.view === 'original' ? 'original' : undefined;
    const image = view && chat.getImage(params.threadId, params.imageId, view);
    if (!image) throw new HttpError(404, 'NotFound', 'Image not found.');
    const { bytes, contentType } = image;
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': String(bytes.length),
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    });
    res.end(bytes);
  }));

  // ---- realtime notifications ----
  // The browser SDK asks for its realtime (Trouter) configuration before it opens a socket to
  // Microsoft hosts. The emulator has no realtime service: answering 404 makes
  // startRealtimeNotifications() reject at once, and clients fall back to polling listMessages.
  router.add('GET', '/chat/config/realTimeNotifications', route(() => {
    throw new HttpError(404, 'NotFound', 'Realtime notifications are not emulated: poll listMessages with startTime.');
  }));
}
