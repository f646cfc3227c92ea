// @ts-check
/**
 * The browser's call socket (`/emulator/call-ws`) that the simulated call service speaks: sign in
 * (the token in the first message, never in the URL), place, accept, decline and hang up calls,
 * mute, camera and DTMF. Reference: docs/teams-identity-and-calls.md. Nothing here logs tokens.
 */
import { Call, CALL_END } from './call.js';
import { parseCalleeId } from './directory.js';
import { bool, createSocketEndpoint, protocolError, WsSession } from '../ws-session.js';

/** @typedef {import('./call.js').Party} Party */
/** @typedef {import('./index.js').CallRegistry} CallRegistry */

export const CALL_SOCKET_PATH = '/emulator/call-ws';
const DTMF = /^[0-9*#]$/;

/**
 * @param {{ tokens: import('../tokens.js').TokenIssuer, registry: CallRegistry }} deps
 */
export function createCallSocketServer(deps) {
  const { tokens, registry } = deps;
  const { directory, calls, endpoints, onEnd, freeEndpointsOf, ringEndpoints } = registry;
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
      super(ws, tokens);
      this.displayName = '';
      /** @type {Call | undefined} */
      this.call = undefined;
    }

    /** @override */
    onAuthTimeout() {
      this.close(4401);
    }

    /** @override */
    rejectUnauthenticated() {
      this.send({ type: 'ended', code: 401, subCode: 10009 });
      this.close(4401);
    }

    /** @param {number} code */
    close(code) {
      this.clearTimers();
      if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code);
    }

    /** @override */
    onClose() {
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
     * @param {any} message
     * @returns {void | 'no-ack'}
     * @override
     */
    command(message) {
      switch (message.type) {
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

    /**
     * @param {any} message
     * @override
     */
    onAuthenticated(message) {
      const name = typeof message.displayName === 'string' ? message.displayName.trim().slice(0, 256) : '';
      // Teams supplies a Teams user's name; the emulator knows the names of its stand-in Entra users.
      const known = this.identity === 'teams' && typeof tokens.nameOf === 'function' ? tokens.nameOf(this.userId) : undefined;
      this.displayName = name || known || (this.identity === 'teams' ? 'Teams user' : 'Guest');
      let set = endpoints.get(this.userId);
      if (!set) endpoints.set(this.userId, (set = new Set()));
      set.add(this);
      this.send({ type: 'ready', userId: this.userId, identity: this.identity });
    }

    /** @override */
    onTokenExpired() {
      const call = this.call;
      const party = call?.partyOf(this);
      if (call && party) {
        call.finish(party === call.caller ? { caller: CALL_END.tokenExpired, callee: call.hangUpCode(party) } : { caller: call.hangUpCode(party), callee: CALL_END.tokenExpired });
      }
      this.send({ type: 'ended', code: CALL_END.tokenExpired.code, subCode: CALL_END.tokenExpired.subCode });
      this.close(4401);
    }
  }

  return createSocketEndpoint({ path: CALL_SOCKET_PATH, maxPayload: 16 * 1024, open: (ws) => new Connection(ws) });
}
