// @ts-check
/**
 * The control API of simulated meetings (`/emulator/meetings/…`): what the organizer console and
 * the tests use to act as the Teams side. Reference: docs/emulator-protocol.md.
 */
import { randomBytes } from 'node:crypto';
import { HttpError, objectBody, optBool, optChoice, optSeconds, optString, sendJson } from '../http.js';
import { parseLink, parseLocator, stableGuid } from './locator.js';
import { imageAttachment } from '../chat/store.js';
import { ROLES } from './capabilities.js';
import { MAX_SPOTLIGHT, NETWORK_LEVELS, OPTIMAL_VIDEO_COUNT } from './meeting.js';
import { BreakoutError, MAX_DURATION_SECONDS } from './breakout.js';

/** @typedef {import('../http.js').Ctx} Ctx */
/** @typedef {import('./meeting.js').Meeting} Meeting */
/** @typedef {import('./meeting.js').Participant} Participant */

const IMAGE_TYPES = new Map([
  ['image/png', 'png'],
  ['image/jpeg', 'jpeg'],
  ['image/gif', 'gif'],
]);

/**
 * @param {import('../http.js').Router} router
 * @param {{ chat: import('../chat/store.js').ChatStore, tokens: import('../tokens.js').TokenIssuer, faults?: import('../faults.js').Faults,
 *   publicUrl: string, registry: import('./index.js').MeetingRegistry }} deps
 */
export function registerMeetingRoutes(router, deps) {
  const { chat, faults, publicUrl, registry } = deps;

  /**
   * Wraps a control route: fault injection first, then the handler.
   * @param {(ctx: Ctx) => unknown} handler
   * @returns {(ctx: Ctx) => Promise<void>}
   */
  const route = (handler) => async (ctx) => {
    if (faults && typeof faults.apply === 'function' && (await faults.apply('meeting', ctx.req, ctx.res))) return;
    await handler(ctx);
  };

  /** @param {Ctx} ctx @returns {Meeting} */
  const meetingOf = (ctx) => {
    const meeting = registry.byThread.get(ctx.params.threadId);
    if (!meeting) throw new HttpError(404, 'NotFound', 'No meeting with this thread id.');
    return meeting;
  };

  router.add(
    'GET',
    '/emulator/meetings',
    route(({ res }) => {
      const list = [...registry.byThread.values()].map((/** @type {Meeting} */ m) => ({
        threadId: m.threadId,
        topic: m.topic,
        channel: m.channel,
        ended: m.ended,
        meetingLink: m.meetingLink,
        meetingId: m.meetingId,
        passcode: m.passcode,
        participantCount: [...m.participants.values()].filter((p) => p.state !== 'lobby').length,
        lobbyCount: m.lobbyList().length,
        createdAt: new Date(m.createdAt).toISOString(),
      }));
      sendJson(res, 200, { value: list });
    }),
  );

  router.add(
    'POST',
    '/emulator/meetings',
    route(async (ctx) => {
      const body = await objectBody(ctx);
      const options = {
        lobby: optBool(body, 'lobby'),
        anonymousJoin: optBool(body, 'anonymousJoin'),
        channel: optBool(body, 'channel'),
        topic: optString(body, 'topic', 200),
      };
      let parsed;
      if (body.meetingLink !== undefined) {
        parsed = parseLink(body.meetingLink);
        if (!parsed) throw new HttpError(400, 'InvalidMeetingLink', 'meetingLink is not a Teams meeting link.');
      } else if (body.meetingId !== undefined || body.passcode !== undefined) {
        parsed = parseLocator({ meetingId: body.meetingId, passcode: body.passcode });
        if (!parsed) throw new HttpError(400, 'InvalidMeetingId', 'meetingId needs digits and a passcode.');
      }
      const existing = parsed ? (registry.byKey.get(parsed.key) ?? registry.byThread.get(parsed.threadId)) : undefined;
      const meeting = existing ?? registry.create(parsed, options);
      if (existing) {
        meeting.update({ lobby: options.lobby, anonymousJoin: options.anonymousJoin, topic: options.topic });
      } else if (options.topic) {
        meeting.update({ topic: options.topic });
      }
      sendJson(ctx.res, existing ? 200 : 201, {
        threadId: meeting.threadId,
        meetingLink: meeting.meetingLink,
        meetingId: meeting.meetingId,
        passcode: meeting.passcode,
      });
    }),
  );

  router.add(
    'GET',
    '/emulator/meetings/{threadId}',
    route((ctx) => sendJson(ctx.res, 200, meetingOf(ctx).snapshot())),
  );

  router.add(
    'PATCH',
    '/emulator/meetings/{threadId}',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      const body = await objectBody(ctx);
      meeting.update({
        recording: optBool(body, 'recording'),
        transcription: optBool(body, 'transcription'),
        consentRequired: optBool(body, 'consentRequired'),
        lobby: optBool(body, 'lobby'),
        anonymousJoin: optBool(body, 'anonymousJoin'),
        topic: optString(body, 'topic', 200),
        lobbyTimeoutSeconds: optSeconds(body, 'lobbyTimeoutSeconds'),
        reconnectGraceSeconds: optSeconds(body, 'reconnectGraceSeconds'),
        activity: optBool(body, 'activity'),
        attendeeMic: optBool(body, 'attendeeMic'),
        attendeeCamera: optBool(body, 'attendeeCamera'),
        reactions: optBool(body, 'reactions'),
        whoCanPresent: optChoice(body, 'whoCanPresent', ['everyone', 'organizers']),
        optimalVideoCount: optCount(body, 'optimalVideoCount', OPTIMAL_VIDEO_COUNT),
      });
      if (typeof body.topic === 'string' && !meeting.channel) {
        const topic = body.topic;
        try {
          await chat.updateTopic?.(meeting.threadId, topic);
        } catch {
          // The meeting topic changed; the chat thread's topic is best effort.
        }
      }
      sendJson(ctx.res, 200, meeting.snapshot());
    }),
  );

  router.add(
    'POST',
    '/emulator/meetings/{threadId}/lobby/admit-all',
    route((ctx) => {
      const meeting = meetingOf(ctx);
      sendJson(ctx.res, 200, { admitted: meeting.admitAll() });
    }),
  );

  for (const action of /** @type {const} */ (['admit', 'deny'])) {
    router.add(
      'POST',
      `/emulator/meetings/{threadId}/lobby/{userId}/${action}`,
      route((ctx) => {
        const meeting = meetingOf(ctx);
        const done = action === 'admit' ? meeting.admit(ctx.params.userId) : meeting.deny(ctx.params.userId);
        if (!done) throw new HttpError(404, 'NotFound', 'Nobody with this id is waiting in the lobby.');
        sendJson(ctx.res, 204);
      }),
    );
  }

  router.add(
    'POST',
    '/emulator/meetings/{threadId}/participants',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      if (meeting.ended) throw new HttpError(409, 'MeetingEnded', 'The meeting has ended.');
      const body = await objectBody(ctx);
      const displayName = optString(body, 'displayName', 256);
      if (!displayName) throw new HttpError(400, 'BadRequest', 'displayName is required.');
      const kind = body.kind ?? 'teams';
      if (kind !== 'teams' && kind !== 'phone' && kind !== 'acs') throw new HttpError(400, 'BadRequest', "kind is 'teams', 'phone' or 'acs'.");
      const video = optBool(body, 'video');
      if (kind === 'phone' && video) throw new HttpError(400, 'BadRequest', 'Phone participants have no video.');
      const p = meeting.addParticipant({ displayName, kind, muted: optBool(body, 'muted'), video });
      sendJson(ctx.res, 201, { id: p.id });
    }),
  );

  /** @param {Ctx} ctx @param {Meeting} meeting @returns {Participant} */
  const participantOf = (ctx, meeting) => {
    const p = meeting.participants.get(ctx.params.id);
    if (!p || p.state === 'lobby') throw new HttpError(404, 'NotFound', 'No participant with this id.');
    return p;
  };

  router.add(
    'PATCH',
    '/emulator/meetings/{threadId}/participants/{id}',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      const p = participantOf(ctx, meeting);
      const body = await objectBody(ctx);
      const role = optChoice(body, 'role', ROLES);
      const network = optChoice(body, 'network', NETWORK_LEVELS);
      const spotlight = optBool(body, 'spotlight');
      if (spotlight === true && !meeting.spotlight.includes(p.id) && meeting.spotlight.length >= MAX_SPOTLIGHT) {
        throw new HttpError(409, 'SpotlightFull', `At most ${MAX_SPOTLIGHT} people can be spotlighted.`);
      }
      if (role) meeting.setRole(p, role);
      if (network) meeting.setNetwork(p, network);
      if (spotlight !== undefined) meeting.setSpotlight(p, spotlight);
      const refused = meeting.setMedia(
        p,
        {
          muted: optBool(body, 'muted'),
          video: optBool(body, 'video'),
          handRaised: optBool(body, 'handRaised'),
          speaking: optBool(body, 'speaking'),
          screenSharing: optBool(body, 'screenSharing'),
          displayName: optString(body, 'displayName', 256),
        },
        'organizer',
      );
      if (refused) throw new HttpError(400, refused, 'This participant cannot do that.');
      sendJson(ctx.res, 200, meeting.snapshot().participants.find((x) => x.id === p.id));
    }),
  );

  router.add(
    'DELETE',
    '/emulator/meetings/{threadId}/participants/{id}',
    route((ctx) => {
      const meeting = meetingOf(ctx);
      if (!meeting.remove(ctx.params.id)) throw new HttpError(404, 'NotFound', 'No participant with this id.');
      sendJson(ctx.res, 204);
    }),
  );

  router.add(
    'POST',
    '/emulator/meetings/{threadId}/participants/{id}/reactions',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      const p = participantOf(ctx, meeting);
      const body = await objectBody(ctx);
      if (!meeting.react(p, String(body.reaction))) throw new HttpError(400, 'BadRequest', 'reaction is like, heart, laugh, surprised or applause.');
      sendJson(ctx.res, 204);
    }),
  );

  router.add(
    'POST',
    '/emulator/meetings/{threadId}/join',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      const body = await objectBody(ctx);
      const userId = optString(body, 'userId', 512);
      if (!userId) throw new HttpError(400, 'BadRequest', 'userId is required.');
      const identity = userId.startsWith('8:orgid:') ? 'teams' : 'acs';
      try {
        const p = meeting.join({
          id: userId,
          displayName: optString(body, 'displayName', 256) ?? 'Guest',
          identity,
          muted: optBool(body, 'muted') ?? true,
          video: optBool(body, 'video') ?? false,
        });
        sendJson(ctx.res, 201, { id: p.id, state: p.state });
      } catch (error) {
        const end = /** @type {any} */ (error)?.end;
        if (!end) throw error;
        throw new HttpError(403, 'Forbidden', 'Anonymous users cannot join this meeting.');
      }
    }),
  );

  router.add(
    'POST',
    '/emulator/meetings/{threadId}/messages',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      if (meeting.channel) throw new HttpError(409, 'ChatUnavailable', 'Channel meetings have no chat for ACS users.');
      const body = await objectBody(ctx);
      const threadId = chatThreadOf(meeting, body);
      const sender = senderOf(meeting, body);
      const content = messageContent(meeting, body, threadId);
      const result = await chat.postMessage(threadId, {
        senderId: sender.id,
        senderDisplayName: sender.displayName,
        ...content,
      });
      sendJson(ctx.res, 201, { id: result.id });
    }),
  );

  // The organizer console's view of the meeting chat (guests' messages included): the latest 50,
  // newest first, without attachments' bytes. Emulator control surface, like the routes around it.
  router.add(
    'GET',
    '/emulator/meetings/{threadId}/messages',
    route((ctx) => {
      const meeting = meetingOf(ctx);
      if (meeting.channel) throw new HttpError(409, 'ChatUnavailable', 'Channel meetings have no chat for ACS users.');
      /** @type {{ value: import('../chat/store.js').Message[] }} */
      const { value } = chat.listMessages(meeting.threadId, { maxPageSize: 50 });
      sendJson(ctx.res, 200, {
        value: value
          .filter((m) => m.type === 'text' || m.type === 'html')
          .map((m) => ({
            id: m.id,
            type: m.type,
            senderDisplayName: m.senderDisplayName ?? '',
            senderKind: m.senderCommunicationIdentifier?.kind ?? 'unknown',
            createdOn: m.createdOn,
            ...(m.deletedOn ? { deletedOn: m.deletedOn } : { content: m.content?.message ?? '' }),
            ...(m.editedOn ? { editedOn: m.editedOn } : {}),
          })),
      });
    }),
  );

  router.add(
    'PATCH',
    '/emulator/meetings/{threadId}/messages/{id}',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      if (meeting.channel) throw new HttpError(409, 'ChatUnavailable', 'Channel meetings have no chat for ACS users.');
      const body = await objectBody(ctx);
      const content = messageContent(meeting, body);
      await chat.editMessage(meeting.threadId, ctx.params.id, { content: content.content });
      sendJson(ctx.res, 204);
    }),
  );

  router.add(
    'DELETE',
    '/emulator/meetings/{threadId}/messages/{id}',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      if (meeting.channel) throw new HttpError(409, 'ChatUnavailable', 'Channel meetings have no chat for ACS users.');
      await chat.deleteMessage(meeting.threadId, ctx.params.id);
      sendJson(ctx.res, 204);
    }),
  );

  /**
   * Runs a breakout-room change, answering a refused one with its 4xx.
   * @template T
   * @param {() => T} change
   * @returns {T}
   */
  const breakout = (change) => {
    try {
      return change();
    } catch (error) {
      if (error instanceof BreakoutError) throw new HttpError(error.status, error.code, error.message);
      throw error;
    }
  };

  router.add(
    'GET',
    '/emulator/meetings/{threadId}/breakout-rooms',
    route((ctx) => sendJson(ctx.res, 200, meetingOf(ctx).breakout.snapshot())),
  );

  router.add(
    'POST',
    '/emulator/meetings/{threadId}/breakout-rooms',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      if (meeting.ended) throw new HttpError(409, 'MeetingEnded', 'The meeting has ended.');
      const body = await objectBody(ctx);
      const name = optString(body, 'name', 100);
      if (!name) throw new HttpError(400, 'BadRequest', 'name is required.');
      const room = breakout(() => meeting.breakout.create(name));
      sendJson(ctx.res, 201, { id: room.id, name: room.name, threadId: room.threadId });
    }),
  );

  // Settings, and opening or closing every room (with an optional timer when opening).
  router.add(
    'PATCH',
    '/emulator/meetings/{threadId}/breakout-rooms',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      const body = await objectBody(ctx);
      const open = optBool(body, 'open');
      const durationSeconds = body.durationSeconds;
      if (durationSeconds !== undefined && (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS)) {
        throw new HttpError(400, 'BadRequest', `durationSeconds must be a whole number from 1 to ${MAX_DURATION_SECONDS}.`);
      }
      if (durationSeconds !== undefined && open !== true) throw new HttpError(400, 'BadRequest', 'durationSeconds goes with open: true.');
      const settings = { autoMove: optBool(body, 'autoMove'), canReturn: optBool(body, 'canReturn') };
      if (open && meeting.ended) throw new HttpError(409, 'MeetingEnded', 'The meeting has ended.');
      breakout(() => {
        meeting.breakout.settings(settings);
        if (open === true) meeting.breakout.openRooms(durationSeconds);
        if (open === false) meeting.breakout.closeRooms();
      });
      sendJson(ctx.res, 200, meeting.breakout.snapshot());
    }),
  );

  router.add(
    'POST',
    '/emulator/meetings/{threadId}/breakout-rooms/{roomId}/assign',
    route(async (ctx) => {
      const meeting = meetingOf(ctx);
      const body = await objectBody(ctx);
      const participantId = optString(body, 'participantId', 512);
      if (!participantId) throw new HttpError(400, 'BadRequest', 'participantId is required.');
      breakout(() => meeting.breakout.assign(ctx.params.roomId, participantId));
      sendJson(ctx.res, 200, meeting.breakout.snapshot());
    }),
  );

  router.add(
    'POST',
    '/emulator/meetings/{threadId}/end',
    route((ctx) => {
      const meeting = meetingOf(ctx);
      meeting.end();
      sendJson(ctx.res, 200, meeting.snapshot());
    }),
  );

  /**
   * The thread a Teams message goes to: a breakout room's (`roomId`), else the meeting's.
   * @param {Meeting} meeting
   * @param {Record<string, any>} body
   */
  function chatThreadOf(meeting, body) {
    const roomId = optString(body, 'roomId', 64);
    if (roomId === undefined) return meeting.threadId;
    const room = meeting.breakout.rooms.get(roomId);
    if (!room) throw new HttpError(404, 'NotFound', 'No breakout room with this id.');
    return room.threadId;
  }

  /**
   * Who sends a Teams message: a participant by id, a Teams user by name, else the organizer.
   * @param {Meeting} meeting
   * @param {Record<string, any>} body
   */
  function senderOf(meeting, body) {
    if (typeof body.participantId === 'string') {
      const p = meeting.participants.get(body.participantId);
      if (!p) throw new HttpError(404, 'NotFound', 'No participant with this id.');
      return { id: p.id, displayName: p.displayName };
    }
    const displayName = optString(body, 'displayName', 256);
    if (displayName) {
      for (const p of meeting.participants.values()) if (p.kind === 'teams' && p.displayName === displayName) return { id: p.id, displayName };
      return { id: `8:orgid:${stableGuid(`${meeting.threadId}/chat/${displayName}`)}`, displayName };
    }
    const organizer = meeting.organizer;
    return { id: organizer?.id ?? `8:orgid:${meeting.organizerOid}`, displayName: organizer?.displayName ?? 'Organizer' };
  }

  /**
   * Teams' message content: html (paragraphs, links, mentions) with inline images as attachments.
   * @param {Meeting} meeting
   * @param {Record<string, any>} body
   * @param {string} [threadId] the thread the images go with (the meeting's by default)
   * @returns {{ type: 'html' | 'text', content: { message: string, attachments?: import('../chat/store.js').Attachment[] } }}
   */
  function messageContent(meeting, body, threadId = meeting.threadId) {
    const html = optString(body, 'html', 28_000);
    const text = optString(body, 'text', 28_000);
    const images = body.images === undefined ? [] : body.images;
    if (!Array.isArray(images) || images.length > 5) throw new HttpError(400, 'BadRequest', 'images is an array of at most 5.');
    if (!html && !text && images.length === 0) throw new HttpError(400, 'BadRequest', 'html, text or images is required.');
    if (text && images.length === 0) return { type: 'text', content: { message: text } };
    let message = html ?? (text ? `<p>${escapeHtml(text)}</p>` : '');
    /** @type {import('../chat/store.js').Attachment[]} */
    const attachments = [];
    for (const image of images) {
      if (!image || typeof image !== 'object') throw new HttpError(400, 'BadRequest', 'An image is {contentType?, data? (base64), name?, width?, height?}.');
      const contentType = image.contentType ?? 'image/png';
      const extension = IMAGE_TYPES.get(contentType);
      if (!extension) throw new HttpError(400, 'BadRequest', 'Inline images are image/png, image/jpeg or image/gif.');
      /** @type {Buffer | undefined} */
      let bytes;
      if (image.data !== undefined) {
        if (typeof image.data !== 'string') throw new HttpError(400, 'BadRequest', 'image data is base64.');
        bytes = Buffer.from(image.data, 'base64');
        if (bytes.length === 0) throw new HttpError(400, 'BadRequest', 'Empty image.');
      }
      // Without data, the chat store draws a picture (handy for the organizer console).
      const stored = chat.addImage(threadId, {
        id: randomBytes(24).toString('base64url'),
        name: typeof image.name === 'string' ? image.name.slice(0, 200) : `image.${extension}`,
        contentType: bytes ? contentType : 'image/png',
        ...(bytes ? { bytes } : {}),
      });
      const width = Number.isInteger(image.width) ? image.width : bytes ? 250 : 320;
      const height = Number.isInteger(image.height) ? image.height : bytes ? 250 : 200;
      const itemscope = IMAGE_TYPES.get(stored.contentType) ?? 'png';
      message += `<p><img alt="image" src="" itemscope="${itemscope}" width="${width}" height="${height}" id="${stored.id}" style="vertical-align:bottom"></p>`;
      attachments.push(imageAttachment(publicUrl, threadId, stored));
    }
    return { type: 'html', content: attachments.length ? { message, attachments } : { message } };
  }
}

/**
 * An optional whole number within `bounds`.
 * @param {Record<string, any>} body
 * @param {string} name
 * @param {{ min: number, max: number }} bounds
 * @returns {number | undefined}
 */
function optCount(body, name, bounds) {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new HttpError(400, 'BadRequest', `${name} must be a whole number from ${bounds.min} to ${bounds.max}.`);
  }
  return value;
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
