// @ts-check
/**
 * The meeting WebSocket (`/emulator/ws`) that the browser's simulated meeting service speaks.
 * Protocol reference: docs/emulator-protocol.md. The token travels in the first message, never in
 * the URL, so it cannot end up in access logs; nothing here logs tokens, links or IDs.
 */
import { END, MAX_SPOTLIGHT, newSessionId } from './meeting.js';
import { capabilitiesFor } from './capabilities.js';
import { parseLocator } from './locator.js';
import { BreakoutError } from './breakout.js';
import { BAD_MESSAGE, bool, createSocketEndpoint, parseMessage, protocolError, WsSession } from '../ws-session.js';

/** @typedef {import('./meeting.js').Participant} Participant */
/** @typedef {import('./meeting.js').Meeting} Meeting */
/** @typedef {import('./meeting.js').EndCode} EndCode */

export const SOCKET_PATH = '/emulator/ws';

/**
 * @param {{ tokens: import('../tokens.js').TokenIssuer, faults?: import('../faults.js').Faults, quiet?: boolean, registry: import('./index.js').MeetingRegistry }} deps
 */
export function createSocketServer(deps) {
  const { tokens, faults, registry } = deps;
  /**
   * The meeting fault rule (server/faults.js), as a handle: latency delays every message the
   * server sends; a failing rule fails the next connections/messages (drop → connection killed,
   * status → that command answered with an error).
   */
  function fault() {
    return typeof faults?.for === 'function' ? faults.for('meeting') : undefined;
  }

  class Connection extends WsSession {
    /** @param {import('ws').WebSocket} ws */
    constructor(ws) {
      super(ws, tokens);
      /** @type {Meeting | undefined} */
      this.meeting = undefined;
      /** @type {Participant | undefined} */
      this.participant = undefined;
      /** @type {string | undefined} */
      this.sessionId = undefined;
      this.finished = false;
      /** Outgoing messages keep their order even when a latency fault delays them. */
      this.outbox = Promise.resolve();
      /** @type {import('./meeting.js').Link} */
      this.link = {
        send: (message) => this.send(message),
        close: () => this.finish(1000),
      };
    }

    /** @override */
    rejectUnauthenticated() {
      this.fail(END.unauthenticated, 4401);
    }

    /**
     * Holds outgoing messages back by the fault rule's latency, keeping their order.
     * @param {string} text
     * @override
     */
    sendText(text) {
      const latency = Number(fault()?.latencyMs) || 0;
      if (latency > 0) {
        this.outbox = this.outbox.then(() => new Promise((resolve) => setTimeout(resolve, latency))).then(() => super.sendText(text));
      } else {
        this.outbox = this.outbox.then(() => super.sendText(text));
      }
    }

    /**
     * Ends this socket's call with an end code, then closes.
     * @param {EndCode} end
     * @param {number} closeCode
     */
    fail(end, closeCode = 1000) {
      this.send({ type: 'ended', code: end.code, subCode: end.subCode });
      this.finish(closeCode);
    }

    /** Closes on purpose (after `ended`): the participant is not kept for a reconnect. */
    /** @param {number} closeCode */
    finish(closeCode) {
      this.finished = true;
      this.participant = undefined;
      this.clearTimers();
      this.outbox = this.outbox.then(() => {
        if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(closeCode);
      });
    }

    /** @override */
    onClose() {
      this.clearTimers();
      const p = this.participant;
      if (p && this.meeting && p.link === this.link) this.meeting.disconnected(p);
      this.participant = undefined;
    }

    /**
     * @param {import('ws').RawData} data
     * @param {boolean} isBinary
     * @override
     */
    onMessage(data, isBinary) {
      if (this.finished) return;
      const failure = fault()?.active ? fault()?.take() : null;
      if (failure?.drop) {
        this.ws.terminate();
        return;
      }
      const message = parseMessage(data, isBinary);
      if (!message) {
        this.send(BAD_MESSAGE);
        return;
      }
      if (failure && !failure.drop) {
        const id = message.id;
        this.send({ type: 'error', ...(id === undefined ? {} : { id }), code: failure.code, status: failure.status, message: failure.message });
        return;
      }
      this.answer(message);
    }

    /**
     * After the state broadcast the command caused (queued as a microtask): once a client has the
     * ack, its last state already reflects the command.
     * @param {unknown} id
     * @override
     */
    ack(id) {
      queueMicrotask(() => this.send({ type: 'ack', id }));
    }

    /**
     * @param {any} message
     * @returns {void | 'no-ack'}
     * @override
     */
    command(message) {
      switch (message.type) {
        case 'join':
          this.join(message);
          return 'no-ack';
        case 'lookup':
          this.lookup(message);
          return 'no-ack';
        case 'resume':
          this.resume(message.sessionId);
          return 'no-ack';
        default:
          this.meetingCommand(message);
      }
    }

    /**
     * @param {any} _message
     * @override
     */
    onAuthenticated(_message) {
      this.send({ type: 'ready', userId: this.userId });
    }

    /** @override */
    onTokenExpired() {
      const p = this.participant;
      if (p && this.meeting) this.meeting.depart(p, END.tokenExpired);
      else this.fail(END.tokenExpired, 4401);
    }

    /**
     * Pre-join: what a guest may know of a meeting before joining it (its topic, and whether it
     * admits ACS identities). Never creates a meeting; an unknown one answers `found: false`.
     * @param {any} message
     */
    lookup(message) {
      const parsed = parseLocator(message.locator);
      /** @type {Meeting | undefined} */
      const meeting = parsed ? (registry.byKey.get(parsed.key) ?? registry.byThread.get(parsed.threadId)) : undefined;
      const id = typeof message.id === 'number' ? message.id : undefined;
      if (!meeting) {
        this.send({ type: 'lookup', ...(id === undefined ? {} : { id }), found: false });
        return;
      }
      this.send({
        type: 'lookup',
        ...(id === undefined ? {} : { id }),
        found: true,
        topic: meeting.topic,
        guestsAllowed: this.identity === 'teams' || meeting.anonymousJoin,
      });
    }

    /** @param {any} message */
    join(message) {
      if (this.participant || this.meeting) throw protocolError('AlreadyJoined', 'This socket already joined a meeting.');
      const parsed = parseLocator(message.locator);
      if (!parsed) {
        this.fail(END.notFound);
        return;
      }
      const meeting = registry.getOrCreate(parsed);
      const sessionId = newSessionId();
      /** @type {Participant} */
      let p;
      try {
        p = meeting.join({
          id: this.userId,
          // Teams supplies a Teams user's name (the client sends none); guests bring their own.
          displayName:
            (this.identity === 'teams' && this.userId ? tokens.nameOf(this.userId) : undefined) ??
            (typeof message.displayName === 'string' ? message.displayName.trim() : ''),
          identity: this.identity,
          muted: message.muted !== false,
          video: message.cameraOn === true,
          link: this.link,
          sessionId,
        });
      } catch (error) {
        const end = /** @type {any} */ (error)?.end;
        if (!end) throw error;
        this.fail(end);
        return;
      }
      this.meeting = meeting;
      this.participant = p;
      this.sessionId = sessionId;
      registry.sessions.set(sessionId, { meeting, participantId: p.id, userId: p.id, at: Date.now() });
      this.send({ type: 'joined', sessionId, selfId: p.id, threadId: meeting.threadId });
    }

    /** @param {unknown} sessionId */
    resume(sessionId) {
      if (this.participant) throw protocolError('AlreadyJoined', 'This socket already joined a meeting.');
      const entry = typeof sessionId === 'string' ? registry.sessions.get(sessionId) : undefined;
      if (!entry || entry.userId !== this.userId) {
        this.fail(END.dropped);
        return;
      }
      if (entry.end) {
        this.fail(entry.end);
        return;
      }
      const meeting = entry.meeting;
      const p = meeting.participants.get(entry.participantId);
      if (!p || p.sessionId !== sessionId) {
        this.fail(END.dropped);
        return;
      }
      this.meeting = meeting;
      this.participant = p;
      this.sessionId = /** @type {string} */ (sessionId);
      meeting.resumed(p, this.link);
      this.send({ type: 'joined', sessionId, selfId: p.id, threadId: meeting.threadId, resumed: true });
    }

    /** @param {any} message */
    meetingCommand(message) {
      const p = this.participant;
      const meeting = this.meeting;
      if (!p || !meeting || meeting.participants.get(p.id) !== p) throw protocolError('NotJoined', 'Join a meeting first.');
      const connected = p.state !== 'lobby';
      /** @param {string | undefined} refused */
      const check = (refused) => {
        if (refused === 'ConsentRequired') throw protocolError(refused, 'The meeting requires consent to recording before you unmute or turn on the camera.');
        if (refused) throw protocolError(refused, 'Not allowed.');
      };
      switch (message.type) {
        case 'leave':
          meeting.depart(p, END.local);
          return;
        case 'mute':
          check(meeting.setMedia(p, { muted: bool(message.muted) }, 'self'));
          return;
        case 'camera':
          check(meeting.setMedia(p, { video: bool(message.on) }, 'self'));
          return;
        case 'speaking':
          check(meeting.setMedia(p, { speaking: bool(message.speaking) }, 'self'));
          return;
      }
      if (!connected) throw protocolError('InLobby', 'Not available while waiting in the lobby.');
      switch (message.type) {
        case 'screenShare':
          check(meeting.setMedia(p, { screenSharing: bool(message.on) }, 'self'));
          return;
        case 'raiseHand':
          check(meeting.setMedia(p, { handRaised: bool(message.raised) }, 'self'));
          return;
        case 'reaction':
          if (!meeting.options.reactions) throw protocolError('MeetingRestricted', 'The organizer has turned off reactions.');
          if (!meeting.react(p, message.reaction)) throw protocolError('BadRequest', 'Unknown reaction.');
          return;
        case 'captions':
          meeting.setCaptions(p, bool(message.active), typeof message.spokenLanguage === 'string' ? message.spokenLanguage : undefined);
          return;
        case 'grantConsent':
          meeting.grantConsent(p);
          return;
        case 'spotlight': {
          // Only oneself: others are spotlighted from the organizer console. Leaving it is always allowed.
          const on = bool(message.on);
          if (on && !capabilitiesFor(meeting.options, p).spotlightParticipant.allowed) {
            throw protocolError('RoleRestricted', 'Only organizers and presenters can spotlight.');
          }
          if (meeting.setSpotlight(p, on)) throw protocolError('SpotlightFull', `At most ${MAX_SPOTLIGHT} people can be spotlighted.`);
          return;
        }
        case 'joinBreakoutRoom':
        case 'returnToMainMeeting':
          try {
            if (message.type === 'joinBreakoutRoom') meeting.breakout.join(p);
            else meeting.breakout.returnToMain(p);
          } catch (error) {
            if (error instanceof BreakoutError) throw protocolError(error.code, error.message);
            throw error;
          }
          return;
        case 'admit':
        case 'reject':
        case 'admitAll': {
          if (p.role === 'attendee') throw protocolError('Forbidden', 'Only organizers and presenters manage the lobby.');
          if (message.type === 'admitAll') meeting.admitAll();
          else if (!(message.type === 'admit' ? meeting.admit(String(message.participantId)) : meeting.deny(String(message.participantId)))) {
            throw protocolError('NotFound', 'Nobody with that id is waiting in the lobby.');
          }
          return;
        }
        default:
          throw protocolError('UnknownCommand', 'Unknown message type.');
      }
    }
  }

  return createSocketEndpoint({
    path: SOCKET_PATH,
    maxPayload: 64 * 1024,
    open: (ws) => new Connection(ws),
    refuse(socket) {
      const handle = fault();
      const failure = handle?.active ? handle.take() : null;
      if (!failure) return false;
      if (!failure.drop) socket.write(`HTTP/1.1 ${failure.status} Injected Fault\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return true;
    },
  });
}
