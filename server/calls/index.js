// @ts-check
/**
 * Simulated 1:1 calls for `<acs-teams-call>`: the callee directory (directory.js), the calls
 * (call.js), the control API (`/emulator/callees`, `/emulator/calls/…`) and the browser's call
 * socket (`/emulator/call-ws`). Reference: docs/teams-identity-and-calls.md.
 *
 * The token travels in the socket's first message, never in the URL; nothing here logs tokens.
 */
import crypto from 'node:crypto';
import { WebSocketServer } from 'ws';
import { HttpError, parseTarget, sendJson } from '../http.js';
import { Call, CALL_END } from './call.js';
import { Directory, parseCalleeId } from './directory.js';
import { BAD_MESSAGE, bool, errorReply, parseMessage, pong, protocolError, startHeartbeat, verifyToken, WsSession } from '../ws-session.js';

/** @typedef {import('./call.js').Party} Party */
/** @typedef {import('./call.js').Endpoint} Endpoint */
/** @typedef {import('../http.js').Ctx} Ctx */

export const CALL_SOCKET_PATH = '/emulator/call-ws';
const KEEP_ENDED = 200;
const DTMF = /^[0-9*#]$/;

/**
 * @param {{ tokens: any, faults?: any, publicUrl: string, quiet?: boolean }} deps
 */
export function createCalls(deps) {
  const { tokens } = deps;
  const directory = new Directory();
  /** @type {Map<string, Call>} newest last */
  const calls = new Map();
  /** @type {Map<string, Set<Connection>>} signed-in endpoints by user id */
  const endpoints = new Map();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  /** @type {Set<Connection>} */
  const connections = new Set();

  /** @param {Call} call */
  function onEnd(call) {
    // Keep ended calls for the control API, up to a bound.
    const ended = [...calls.values()].filter((c) => c.state === 'ended');
    for (const old of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) calls.delete(old.id);
    void call;
  }

  /** @param {string} userId */
  function freeEndpointsOf(userId) {
    return [...(endpoints.get(userId) ?? [])].filter((c) => c.ready && !c.call);
  }

  /**
   * Rings the given endpoints with an incoming call.
   * @param {Call} call
   * @param {Connection[]} ring
   * @param {number} ringTimeoutMs
   */
  function ringEndpoints(call, ring, ringTimeoutMs) {
    call.callee.ringing = new Set(ring);
    for (const endpoint of ring) {
      endpoint.call = call;
      endpoint.send({
        type: 'incoming',
        callId: call.id,
        caller: { id: call.caller.id, displayName: call.caller.displayName, kind: call.caller.kind },
        video: call.caller.video,
      });
    }
    call.setRinging();
    call.later(() => call.timeOut(), ringTimeoutMs);
  }

  /**
   * An endpoint places a call.
   * @param {Connection} connection
   * @param {any} message
   */
  function placeCall(connection, message) {
    if (connection.call) throw protocolError('Busy', 'This endpoint is already in a call.');
    const name = typeof message.displayName === 'string' ? message.displayName.trim().slice(0, 256) : '';
    /** @type {Party} */
    const caller = {
      id: connection.userId,
      displayName: name || connection.displayName,
      kind: connection.identity,
      muted: message.muted === true,
      video: message.video === true,
      endpoint: connection,
    };
    const parsed = parseCalleeId(message.callee);
    const spec = parsed ? directory.get(parsed.id) : undefined;
    const signedIn = parsed?.type === 'teams-user' ? freeEndpointsOf(parsed.id).filter((c) => c !== connection) : [];
    /** @type {Party} */
    const callee = {
      id: parsed?.id ?? String(message.callee ?? ''),
      displayName: signedIn[0]?.displayName ?? spec?.displayName ?? '',
      kind: parsed?.type === 'phone' ? 'phone' : parsed?.type === 'teams-app' ? 'app' : 'teams',
      muted: false,
      video: false,
      ...(signedIn.length || !spec ? {} : { spec }),
    };
    const call = new Call({ caller, callee, direction: 'outgoing', onEnd });
    calls.set(call.id, call);
    connection.call = call;
    connection.send({ type: 'call', callId: call.id });
    call.broadcast();

    if (!parsed) {
      call.finish({ caller: CALL_END.invalidAddress, callee: CALL_END.invalidAddress });
      return;
    }
    const callerId = typeof message.callerId === 'string' ? message.callerId.replace(/^4:/, '') : undefined;
    if (parsed.type === 'phone' && connection.identity === 'acs' && !(callerId && /^\+[1-9]\d{6,14}$/.test(callerId))) {
      call.finish({ caller: CALL_END.callerIdMissing, callee: CALL_END.callerIdMissing });
      return;
    }
    if (signedIn.length) {
      ringEndpoints(call, signedIn, spec?.ringTimeoutMs ?? 30_000);
      return;
    }
    const s = /** @type {import('./directory.js').CalleeSpec} */ (spec);
    call.later(() => call.setRinging(), 150);
    switch (s.behavior) {
      case 'busy':
        call.later(() => call.finish({ caller: CALL_END.busy, callee: CALL_END.local }), Math.min(s.answerAfterMs, 500));
        return;
      case 'decline':
        call.later(() => call.decline(), Math.max(200, s.answerAfterMs));
        return;
      case 'no-answer':
      case 'manual':
        call.later(() => call.timeOut(), s.ringTimeoutMs);
        return;
      default:
        call.later(() => call.answerSimulated(), Math.max(200, s.answerAfterMs));
    }
  }

  class Connection extends WsSession {
    /** @param {import('ws').WebSocket} ws */
    constructor(ws) {
      super(ws);
      this.userId = '';
      this.displayName = '';
      /** @type {'acs' | 'teams'} */
      this.identity = 'acs';
      this.ready = false;
      /** @type {Call | undefined} */
      this.call = undefined;
    }

    /** @override */
    onAuthTimeout() {
      this.close(4401);
    }

    /** @override */
    authenticated() {
      return this.ready;
    }

    /** @param {object} message */
    send(message) {
      this.sendJson(message);
    }

    /** @param {number} code */
    close(code) {
      this.clearTimers();
      if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code);
    }

    /** @override */
    onClose() {
      connections.delete(this);
      this.clearTimers();
      const set = endpoints.get(this.userId);
      set?.delete(this);
      if (set && set.size === 0) endpoints.delete(this.userId);
      this.leaveCall();
    }

    /** Whatever call this endpoint is in or rung by ends as if it hung up. */
    leaveCall() {
      const call = this.call;
      if (!call) return;
      const party = call.partyOf(this);
      if (party) call.hangUp(party);
      else if (call.callee.ringing?.has(this)) {
        call.callee.ringing.delete(this);
        this.call = undefined;
        if (call.callee.ringing.size === 0) call.timeOut();
      }
    }

    /**
     * @param {import('ws').RawData} data
     * @param {boolean} isBinary
     * @override
     */
    onMessage(data, isBinary) {
      const message = parseMessage(data, isBinary);
      if (!message) {
        this.send(BAD_MESSAGE);
        return;
      }
      const id = message.id;
      try {
        const result = this.dispatch(message);
        if (id !== undefined && result !== 'no-ack') this.send({ type: 'ack', id });
      } catch (error) {
        this.send(errorReply(id, error));
      }
    }

    /**
     * @param {any} message
     * @returns {void | 'no-ack'}
     */
    dispatch(message) {
      if (message.type === 'ping') {
        this.send(pong(message));
        return 'no-ack';
      }
      if (!this.ready) {
        if (message.type !== 'auth') {
          this.send({ type: 'ended', code: 401, subCode: 10009 });
          this.close(4401);
          return 'no-ack';
        }
        this.authenticate(message);
        return 'no-ack';
      }
      switch (message.type) {
        case 'auth':
          throw protocolError('AlreadyAuthenticated', 'This socket is already authenticated.');
        case 'token': {
          const claims = verify(message.token);
          if (!claims || claims.userId !== this.userId) throw protocolError('Unauthorized', 'The token is not valid for this user.');
          this.expireAt(claims.exp);
          return;
        }
        case 'call':
          placeCall(this, message);
          return;
        case 'accept': {
          const call = this.call;
          if (!call || call.id !== message.callId || !call.accept(this, { video: message.video === true, muted: message.muted === true })) {
            throw protocolError('NotFound', 'No such incoming call is ringing here.');
          }
          return;
        }
        case 'decline': {
          const call = this.call;
          if (!call || call.id !== message.callId || !call.callee.ringing?.has(this)) throw protocolError('NotFound', 'No such incoming call is ringing here.');
          call.decline(this);
          return;
        }
      }
      const call = this.call;
      const party = call?.partyOf(this);
      if (!call || !party) throw protocolError('NotInCall', 'No call.');
      switch (message.type) {
        case 'hangup':
          call.hangUp(party);
          return;
        case 'mute':
          party.muted = bool(message.muted);
          call.broadcast();
          return;
        case 'camera':
          party.video = bool(message.on);
          call.broadcast();
          return;
        case 'dtmf':
          if (typeof message.tone !== 'string' || !DTMF.test(message.tone)) throw protocolError('BadRequest', 'A tone is one of 0-9, * and #.');
          if (call.state !== 'connected') throw protocolError('NotConnected', 'Tones can be sent once the call is connected.');
          call.tone(party, message.tone);
          call.broadcast();
          return;
        default:
          throw protocolError('UnknownCommand', 'Unknown message type.');
      }
    }

    /** @param {any} message */
    authenticate(message) {
      clearTimeout(this.authTimer);
      const claims = verify(message.token);
      if (!claims) {
        this.send({ type: 'ended', code: 401, subCode: 10009 });
        this.close(4401);
        return;
      }
      this.userId = claims.userId;
      this.identity = claims.kind === 'teams' ? 'teams' : 'acs';
      const name = typeof message.displayName === 'string' ? message.displayName.trim().slice(0, 256) : '';
      // Teams supplies a Teams user's name; the emulator knows the names of its stand-in Entra users.
      const known = this.identity === 'teams' && typeof tokens.nameOf === 'function' ? tokens.nameOf(this.userId) : undefined;
      this.displayName = name || known || (this.identity === 'teams' ? 'Teams user' : 'Guest');
      this.ready = true;
      this.expireAt(claims.exp);
      let set = endpoints.get(this.userId);
      if (!set) endpoints.set(this.userId, (set = new Set()));
      set.add(this);
      this.send({ type: 'ready', userId: this.userId, identity: this.identity });
    }

    /** @param {number | undefined} exp */
    expireAt(exp) {
      this.scheduleExpiry(exp, () => {
        const call = this.call;
        const party = call?.partyOf(this);
        if (call && party) {
          const other = call.other(party);
          call.finish(party === call.caller ? { caller: CALL_END.tokenExpired, callee: call.hangUpCode(party) } : { caller: call.hangUpCode(party), callee: CALL_END.tokenExpired });
          void other;
        }
        this.send({ type: 'ended', code: CALL_END.tokenExpired.code, subCode: CALL_END.tokenExpired.subCode });
        this.close(4401);
      });
    }
  }

  /**
   * @param {unknown} token
   * @returns {{ userId: string, kind?: string, exp?: number } | undefined}
   */
  function verify(token) {
    return verifyToken(tokens, token);
  }

  const heartbeat = startHeartbeat(connections);

  /** @param {Ctx} ctx @returns {Promise<Record<string, any>>} */
  const bodyOf = async (ctx) => {
    const body = await ctx.body();
    if (body === undefined) return {};
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'BadRequest', 'Expected a JSON object.');
    return body;
  };

  /** @param {Ctx} ctx */
  const callOf = (ctx) => {
    const call = calls.get(ctx.params.callId);
    if (!call) throw new HttpError(404, 'NotFound', 'No call with this id.');
    return call;
  };

  /** The simulated side of a call (the one without a browser endpoint). @param {Call} call */
  const simulatedSide = (call) => (call.direction === 'incoming' ? call.caller : call.callee);

  return {
    directory,
    calls,
    /** @param {import('../http.js').Router} router */
    registerRoutes(router) {
      router.add('GET', '/emulator/callees', ({ res }) => sendJson(res, 200, { value: directory.list() }));
      router.add('POST', '/emulator/callees', async (ctx) => {
        const body = await bodyOf(ctx);
        try {
          const { callee, created } = directory.upsert(body);
          sendJson(ctx.res, created ? 201 : 200, callee);
        } catch (error) {
          const e = /** @type {any} */ (error);
          throw new HttpError(e?.status ?? 400, e?.code ?? 'BadRequest', e?.message ?? 'Bad request.');
        }
      });
      router.add('DELETE', '/emulator/callees', ({ res }) => {
        directory.seed();
        res.writeHead(204).end();
      });
      router.add('DELETE', '/emulator/callees/{id}', (ctx) => {
        if (!directory.delete(ctx.params.id)) throw new HttpError(404, 'NotFound', 'No such callee.');
        ctx.res.writeHead(204).end();
      });
      router.add('GET', '/emulator/calls', ({ res }) => sendJson(res, 200, { value: [...calls.values()].map((c) => c.toJSON()) }));
      router.add('POST', '/emulator/calls/incoming', async (ctx) => {
        const body = await bodyOf(ctx);
        const to = typeof body.to === 'string' ? (parseCalleeId(body.to)?.id ?? body.to.trim()) : '';
        if (!to || to.startsWith('+')) throw new HttpError(400, 'BadRequest', 'to must be the id of a user signed in on the call socket (8:orgid:<guid>, 8:acs:…).');
        const from = body.from ?? {};
        if (typeof from !== 'object' || Array.isArray(from)) throw new HttpError(400, 'BadRequest', 'from must be an object.');
        const displayName = typeof from.displayName === 'string' && from.displayName.trim() ? from.displayName.trim().slice(0, 256) : 'Teams user';
        const fromId = parseCalleeId(from.id);
        if (!endpoints.get(to)?.size) throw new HttpError(404, 'NotSignedIn', 'Nobody with this id is signed in on the call socket.');
        const ring = freeEndpointsOf(to);
        if (!ring.length) throw new HttpError(409, 'Busy', 'Every endpoint of this user is in a call.');
        const ringTimeoutMs = numberOr(body.ringTimeoutMs, 30_000);
        /** @type {Party} */
        const caller = {
          id: fromId?.id ?? `8:orgid:${crypto.randomUUID()}`,
          displayName,
          kind: fromId?.type === 'phone' ? 'phone' : 'teams',
          muted: false,
          video: body.video === true,
        };
        if (body.hangUpAfterMs !== undefined) caller.spec = { ...directory.get(caller.id), displayName, hangUpAfterMs: numberOr(body.hangUpAfterMs, 0) };
        /** @type {Party} */
        const callee = { id: to, displayName: ring[0]?.displayName ?? '', kind: 'teams', muted: false, video: false };
        const call = new Call({ caller, callee, direction: 'incoming', onEnd });
        calls.set(call.id, call);
        ringEndpoints(call, ring, ringTimeoutMs);
        sendJson(ctx.res, 201, { callId: call.id, ringing: ring.length });
      });
      router.add('GET', '/emulator/calls/{callId}', (ctx) => sendJson(ctx.res, 200, callOf(ctx).toJSON()));
      router.add('POST', '/emulator/calls/{callId}/answer', (ctx) => {
        const call = callOf(ctx);
        if (call.direction !== 'outgoing' || !call.callee.spec || call.state === 'connected' || call.state === 'ended') {
          throw new HttpError(409, 'Conflict', 'Only a ringing call to a simulated callee can be answered here.');
        }
        call.answerSimulated();
        sendJson(ctx.res, 200, call.toJSON());
      });
      router.add('POST', '/emulator/calls/{callId}/decline', (ctx) => {
        const call = callOf(ctx);
        if (call.direction !== 'outgoing' || !call.callee.spec || call.state === 'connected' || call.state === 'ended') {
          throw new HttpError(409, 'Conflict', 'Only a ringing call to a simulated callee can be declined here.');
        }
        call.decline();
        sendJson(ctx.res, 200, call.toJSON());
      });
      router.add('POST', '/emulator/calls/{callId}/hangup', (ctx) => {
        const call = callOf(ctx);
        if (call.state === 'ended') throw new HttpError(409, 'Conflict', 'The call already ended.');
        call.hangUp(simulatedSide(call));
        sendJson(ctx.res, 200, call.toJSON());
      });
    },
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:stream').Duplex} socket
     * @param {Buffer} head
     * @returns {boolean} true when the request was for the call socket (and is handled)
     */
    handleUpgrade(req, socket, head) {
      const path = parseTarget(req, 'http://localhost/')?.pathname;
      if (path !== CALL_SOCKET_PATH && path !== `${CALL_SOCKET_PATH}/`) return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        connections.add(new Connection(ws));
      });
      return true;
    },
    /** Open call sockets and the bytes the server holds for them (what a slow reader costs). */
    stats() {
      let bufferedBytes = 0;
      for (const c of connections) bufferedBytes += c.ws.bufferedAmount;
      return { connections: connections.size, bufferedBytes };
    },
    close() {
      clearInterval(heartbeat);
      for (const call of calls.values()) for (const timer of call.timers) clearTimeout(timer);
      for (const c of connections) c.ws.terminate();
      connections.clear();
      wss.close();
    },
  };
}

/** @param {unknown} value @param {number} fallback */
function numberOr(value, fallback) {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 3_600_000 ? value : fallback;
}
