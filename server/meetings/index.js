// @ts-check
/**
 * Simulated Teams meetings: the registry of meetings, the chat-access rule the Chat REST emulator
 * asks about (`canChat`), the control API (routes.js) and the browser's WebSocket (socket.js).
 *
 * Any valid Teams link or meeting ID + passcode names a meeting, created on first use with the
 * lobby off, anonymous join allowed and two Teams users present.
 */
import { Meeting } from './meeting.js';
import { classicLink, keys, newMeetingIdAndPasscode, newThreadId, parseLink, stableGuid } from './locator.js';
import { registerMeetingRoutes } from './routes.js';
import { createSocketServer } from './socket.js';

/** @typedef {import('./meeting.js').Participant} Participant */
/** @typedef {import('./meeting.js').EndCode} EndCode */
/** @typedef {import('./locator.js').ParsedLocator} ParsedLocator */

/**
 * @typedef {object} SessionEntry
 * @property {Meeting} meeting
 * @property {string} participantId
 * @property {string} userId
 * @property {EndCode} [end] set once the participant left: a late resume learns why
 * @property {number} at
 */

/**
 * @typedef {object} MeetingsDeps
 * @property {import('../chat/store.js').ChatStore} chat the Chat REST emulator's store
 * @property {import('../tokens.js').TokenIssuer} tokens
 * @property {import('../faults.js').Faults} [faults]
 * @property {string} publicUrl the server's base URL, ending in '/'
 * @property {boolean} [quiet]
 * @property {import('../clock.js').Clock} [clock] breakout rooms' timers (tests inject a fake one)
 */

/**
 * @typedef {object} CreateOptions
 * @property {boolean} [lobby]
 * @property {boolean} [anonymousJoin]
 * @property {boolean} [channel]
 * @property {string} [topic]
 * @property {string} [meetingId]
 * @property {string} [passcode]
 */

/**
 * What the control API and the socket share.
 * @typedef {object} MeetingRegistry
 * @property {Map<string, Meeting>} byThread meetings by chat thread id
 * @property {Map<string, Meeting>} byKey every key (thread, link, id+passcode) → meeting
 * @property {Map<string, SessionEntry>} sessions by session id (resume after a dropped socket)
 * @property {(parsed: ParsedLocator | undefined, options?: CreateOptions) => Meeting} create
 * @property {(parsed: ParsedLocator) => Meeting} getOrCreate the meeting a locator names, created on first use
 * @property {(threadId: string, userId: string) => 'allow' | 'forbidden' | 'no-thread'} canChat
 */

const TENANT_ID = stableGuid('acs-teams-elements emulator tenant');

/**
 * @param {MeetingsDeps} deps
 */
export function createMeetings(deps) {
  const { chat } = deps;
  /** @type {Map<string, Meeting>} every key (thread, link, id+passcode) → meeting */
  const byKey = new Map();
  /** @type {Map<string, Meeting>} */
  const byThread = new Map();
  /** @type {Map<string, SessionEntry>} */
  const sessions = new Map();
  /** @type {Map<string, Meeting>} breakout rooms' chat threads → their meeting */
  const roomThreads = new Map();

  /** @param {string} what @param {unknown} error */
  function warn(what, error) {
    if (!deps.quiet) console.warn(`[meetings] ${what}:`, error instanceof Error ? error.message : error);
  }

  /**
   * Calls the chat store, which may be sync or async, and never lets its failure break a meeting.
   * @param {string} what
   * @param {() => unknown} call
   */
  function chatCall(what, call) {
    try {
      const result = call();
      if (result && typeof (/** @type {any} */ (result).then) === 'function') {
        /** @type {Promise<unknown>} */ (result).catch((error) => warn(what, error));
      }
    } catch (error) {
      warn(what, error);
    }
  }

  /** @type {import('./meeting.js').MeetingHooks} */
  const hooks = {
    chatAdd(meeting, p, threadId = meeting.threadId) {
      chatCall('chat add', () => chat.addParticipants(threadId, [{ id: p.id, displayName: p.displayName, kind: p.kind }]));
    },
    chatRemove(meeting, p, threadId = meeting.threadId) {
      chatCall('chat remove', () => chat.removeParticipant(threadId, p.id));
    },
    roomThread(meeting, threadId, topic) {
      roomThreads.set(threadId, meeting);
      chatCall('room thread', () => chat.createThread({ threadId, topic, participants: [] }));
    },
    departed(_meeting, p, end) {
      const entry = p.sessionId ? sessions.get(p.sessionId) : undefined;
      if (entry) {
        entry.end = end;
        entry.at = Date.now();
      }
    },
  };

  /**
   * Creates a meeting (and its chat thread) for a parsed locator, or a brand-new one.
   * @param {ParsedLocator | undefined} parsed
   * @param {CreateOptions} [options]
   */
  function create(parsed, options = {}) {
    const channel = parsed ? parsed.channel : Boolean(options.channel);
    const threadId = parsed?.threadId ?? newThreadId(channel);
    let organizerOid = stableGuid(`${threadId}/organizer`);
    if (parsed?.meetingLink) {
      const context = new URL(parsed.meetingLink).searchParams.get('context');
      try {
        const oid = context ? JSON.parse(context).Oid : undefined;
        if (typeof oid === 'string' && /^[0-9a-f-]{36}$/i.test(oid)) organizerOid = oid.toLowerCase();
      } catch {
        // A link without a readable context still names a meeting.
      }
    }
    const generated = newMeetingIdAndPasscode();
    const meeting = new Meeting(
      {
        threadId,
        meetingLink: parsed?.meetingLink ?? classicLink(threadId, TENANT_ID, organizerOid),
        meetingId: parsed?.meetingId ?? options.meetingId ?? generated.meetingId,
        passcode: parsed?.passcode ?? options.passcode ?? generated.passcode,
        tenantId: TENANT_ID,
        organizerOid,
        topic: options.topic,
        channel,
        lobby: options.lobby,
        anonymousJoin: options.anonymousJoin,
        clock: deps.clock,
      },
      hooks,
    );
    if (!channel) {
      chatCall('chat thread', () => chat.createThread({ threadId, topic: meeting.topic, participants: [] }));
    }
    meeting.seedDefaultParticipants();
    byThread.set(threadId, meeting);
    byKey.set(keys.thread(threadId), meeting);
    byKey.set(keys.id(meeting.meetingId, meeting.passcode), meeting);
    if (parsed) byKey.set(parsed.key, meeting);
    const linkKey = parseLink(meeting.meetingLink)?.key;
    if (linkKey) byKey.set(linkKey, meeting);
    return meeting;
  }

  /**
   * The meeting a locator names, created on first use.
   * @param {ParsedLocator} parsed
   */
  function getOrCreate(parsed) {
    return byKey.get(parsed.key) ?? byKey.get(keys.thread(parsed.threadId)) ?? create(parsed);
  }

  /**
   * The Chat REST emulator asks before every operation on a thread.
   * 'no-thread': not a meeting thread (ordinary chat rules apply); 'forbidden': a meeting thread
   * this user may not use now (not in the meeting, in the lobby, or a channel meeting).
   * @param {string} threadId
   * @param {string} userId
   * @returns {'allow' | 'forbidden' | 'no-thread'}
   */
  function canChat(threadId, userId) {
    const host = roomThreads.get(threadId);
    if (host) {
      // A breakout room's chat: for the people in the room now.
      const room = host.breakout.roomOfThread(threadId);
      const p = host.participants.get(userId);
      return room && p && p.room === room.id ? 'allow' : 'forbidden';
    }
    const meeting = byThread.get(threadId);
    if (!meeting) return 'no-thread';
    if (meeting.channel) return 'forbidden';
    const p = meeting.participants.get(userId);
    return p && p.inChat ? 'allow' : 'forbidden';
  }

  /** @type {MeetingRegistry} */
  const registry = { byThread, byKey, sessions, create, getOrCreate, canChat };
  const socketServer = createSocketServer({ ...deps, registry });

  // Forget finished sessions after a while (a late resume then just gets "dropped").
  const sweeper = setInterval(() => {
    const cutoff = Date.now() - 10 * 60_000;
    for (const [id, entry] of sessions) if (entry.end && entry.at < cutoff) sessions.delete(id);
  }, 60_000);
  sweeper.unref?.();

  return {
    /** @param {import('../http.js').Router} router */
    registerRoutes(router) {
      registerMeetingRoutes(router, { ...deps, registry });
    },
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:stream').Duplex} socket
     * @param {Buffer} head
     * @returns {boolean} true when the request was for the meeting socket (and is handled)
     */
    handleUpgrade(req, socket, head) {
      return socketServer.handleUpgrade(req, socket, head);
    },
    canChat,
    /** The meeting socket's open connections and buffered bytes. */
    stats() {
      return socketServer.stats();
    },
    /** Meeting by thread id (for tests and the server's own tools). */
    get(/** @type {string} */ threadId) {
      return byThread.get(threadId);
    },
    close() {
      clearInterval(sweeper);
      socketServer.close();
      for (const meeting of byThread.values()) meeting.close();
    },
  };
}
