// @ts-check
/**
 * What the emulator's two browser sockets share (the meeting socket, meetings/socket.js, and the
 * 1:1 call socket, calls/socket.js): the token arrives in the first message within
 * AUTH_TIMEOUT_MS (never in the URL), a ping/pong heartbeat drops dead peers, messages are JSON
 * objects with a `type`, a failing command is answered `{type: 'error', id?, code, message}`, and
 * the session ends when its token expires. Each socket's protocol stays in its own module.
 */

import { WebSocketServer } from 'ws';
import { systemClock } from './clock.js';
import { parseTarget } from './http.js';

/** @typedef {{ userId: string, kind?: string, exp?: number }} Claims */
/** @typedef {{ verify(token: unknown): Claims, clock?: import('./clock.js').Clock }} TokenVerifier the issuer (server/tokens.js) */

export const AUTH_TIMEOUT_MS = 10_000;
export const HEARTBEAT_MS = 15_000;
/** Messages a socket may send before it is authenticated (auth and a few pings); more closes it (1008). */
export const MAX_MESSAGES_BEFORE_AUTH = 10;
/**
 * Bytes the server may hold for a client that does not read its socket. Past this the client is
 * cut off (a normal client reads far faster than the server writes: state messages are a few KB).
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** A command id is a string of at most this many characters, or a finite number. */
export const MAX_ID_LENGTH = 128;
/** The answer to anything that is not a JSON object with a string `type` (and a valid `id`, if any). */
export const BAD_MESSAGE = Object.freeze({ type: 'error', code: 'BadMessage', message: 'Messages are JSON objects with a type, and an optional short string or number id.' });

/**
 * One browser socket: liveness for the heartbeat, the auth deadline, the token-expiry timer and the
 * shared part of the protocol (ping, `auth` first, `token` refresh, ack or error per command).
 * Subclasses implement `rejectUnauthenticated`, `onAuthenticated`,
 * `onTokenExpired`, `command` and `onClose`.
 */
export class WsSession {
  /**
   * @param {import('ws').WebSocket} ws
   * @param {TokenVerifier} tokens the issuer tokens are verified by; its clock (if any) judges expiry
   */
  constructor(ws, tokens) {
    this.ws = ws;
    this.tokens = tokens;
    this.clock = tokens.clock ?? systemClock;
    /** The signed-in user, '' until `auth` succeeds. */
    this.userId = '';
    /** @type {'acs' | 'teams'} */
    this.identity = 'acs';
    this.alive = true;
    /** @type {unknown} */
    this.expiryTimer = undefined;
    this.authTimer = setTimeout(() => this.onAuthTimeout(), AUTH_TIMEOUT_MS);
    this.authTimer.unref?.();
    /** Messages received so far while not authenticated (see MAX_MESSAGES_BEFORE_AUTH). */
    this.unauthenticatedMessages = 0;
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      if (!this.authenticated() && ++this.unauthenticatedMessages > MAX_MESSAGES_BEFORE_AUTH) {
        this.clearTimers();
        ws.close(1008, 'Too many messages before auth');
        return;
      }
      // A handler must never throw into the ws library (that would be an uncaught exception).
      try {
        this.onMessage(data, isBinary);
      } catch {
        this.cutOff();
      }
    });
    ws.on('close', () => this.onClose());
    ws.on('error', () => undefined);
  }

  /** Whether the socket has authenticated. */
  authenticated() {
    return this.userId !== '';
  }

  /**
   * Sends a message as JSON, never throwing: a message that cannot be serialized is dropped, and a
   * client that lets more than MAX_BUFFERED_BYTES pile up (it does not read) is cut off.
   * @param {unknown} message
   */
  send(message) {
    let text;
    try {
      text = JSON.stringify(message);
    } catch {
      return;
    }
    this.sendText(text);
  }

  /**
   * Writes one serialized message (a subclass may delay it, then call this).
   * @param {string} text
   */
  sendText(text) {
    const ws = this.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + text.length > MAX_BUFFERED_BYTES) {
      this.cutOff();
      return;
    }
    try {
      ws.send(text);
    } catch {
      this.cutOff();
    }
  }

  /** Drops the connection at once (no close handshake: the peer is not reading). */
  cutOff() {
    this.clearTimers();
    try {
      this.ws.terminate();
    } catch {
      // already gone
    }
  }

  /** No `auth` within AUTH_TIMEOUT_MS (by default, treated like a bad `auth`). */
  onAuthTimeout() {
    this.rejectUnauthenticated();
  }

  /** Answers a first message that is not `auth`, or an `auth` with a bad token (and closes). */
  rejectUnauthenticated() {}

  /**
   * `auth` succeeded: userId and identity are set and expiry is scheduled.
   * @param {any} _message the `auth` message
   */
  onAuthenticated(_message) {}

  /** The token expired (and was not refreshed in time). */
  onTokenExpired() {}

  /**
   * Runs a command of the socket's own protocol (after auth; not ping, auth or token).
   * @param {any} _message
   * @returns {void | 'no-ack'}
   */
  command(_message) {}

  onClose() {}

  /**
   * Parses a message and answers it (see `answer`).
   * @param {import('ws').RawData} data
   * @param {boolean} isBinary
   */
  onMessage(data, isBinary) {
    const message = parseMessage(data, isBinary);
    if (!message) {
      this.send(BAD_MESSAGE);
      return;
    }
    this.answer(message);
  }

  /**
   * Dispatches a parsed message: a command with an id is acked (unless it answered itself), one
   * that throws is answered with `error`.
   * @param {any} message from parseMessage
   */
  answer(message) {
    const id = message.id;
    try {
      const result = this.dispatch(message);
      if (id !== undefined && result !== 'no-ack') this.ack(id);
    } catch (error) {
      this.send(errorReply(id, error));
    }
  }

  /**
   * Acknowledges a command.
   * @param {unknown} id
   */
  ack(id) {
    this.send({ type: 'ack', id });
  }

  /**
   * What both sockets do before their own protocol: ping, `auth` first, `token` refresh.
   * @param {any} message
   * @returns {void | 'no-ack'}
   */
  dispatch(message) {
    if (message.type === 'ping') {
      this.send(pong(message));
      return 'no-ack';
    }
    if (!this.authenticated()) {
      if (message.type === 'auth') this.authenticate(message);
      else this.rejectUnauthenticated();
      return 'no-ack';
    }
    switch (message.type) {
      case 'auth':
        throw protocolError('AlreadyAuthenticated', 'This socket is already authenticated.');
      case 'token': {
        const claims = verifyToken(this.tokens, message.token);
        if (!claims || claims.userId !== this.userId) throw protocolError('Unauthorized', 'The token is not valid for this user.');
        this.expireAt(claims.exp);
        return;
      }
      default:
        return this.command(message);
    }
  }

  /** @param {any} message the `auth` message */
  authenticate(message) {
    clearTimeout(this.authTimer);
    const claims = verifyToken(this.tokens, message.token);
    if (!claims) {
      this.rejectUnauthenticated();
      return;
    }
    this.userId = claims.userId;
    this.identity = claims.kind === 'teams' ? 'teams' : 'acs';
    this.expireAt(claims.exp);
    this.onAuthenticated(message);
  }

  /**
   * Schedules `onTokenExpired` for when the token expires (replacing any earlier schedule).
   * @param {number | undefined} exp seconds since the epoch
   */
  expireAt(exp) {
    this.clock.clearTimeout(this.expiryTimer);
    if (typeof exp !== 'number') return;
    const ms = Math.max(0, exp * 1000 - this.clock.now());
    // setTimeout caps at ~24.8 days; tokens live 24 h at most.
    this.expiryTimer = this.clock.setTimeout(() => this.onTokenExpired(), Math.min(ms, 2_000_000_000));
  }

  /** Called every HEARTBEAT_MS: a peer that did not answer the last ping is cut off. */
  heartbeat() {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    try {
      this.ws.ping();
    } catch {
      // closing already
    }
  }

  clearTimers() {
    clearTimeout(this.authTimer);
    this.clock.clearTimeout(this.expiryTimer);
  }
}

/**
 * Beats every session's heartbeat until `clearInterval`.
 * @param {Iterable<WsSession>} sessions
 */
export function startHeartbeat(sessions) {
  const timer = setInterval(() => {
    for (const session of sessions) session.heartbeat();
  }, HEARTBEAT_MS);
  timer.unref?.();
  return timer;
}

/**
 * One socket path of the emulator: upgrades requests for `path` (with or without a trailing slash)
 * into sessions, beats their heartbeat, and counts and closes them.
 * @template {WsSession} S
 * @param {{ path: string, maxPayload: number, open(ws: import('ws').WebSocket): S, refuse?(socket: import('node:stream').Duplex): boolean }} options
 *   `refuse` may answer and destroy the raw socket instead (true when it did)
 */
export function createSocketEndpoint({ path, maxPayload, open, refuse }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  /** @type {Set<S>} */
  const sessions = new Set();
  const heartbeat = startHeartbeat(sessions);
  return {
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:stream').Duplex} socket
     * @param {Buffer} head
     * @returns {boolean} true when the request was for this path (and is handled)
     */
    handleUpgrade(req, socket, head) {
      const target = parseTarget(req, 'http://localhost/')?.pathname;
      if (target !== path && target !== `${path}/`) return false;
      if (refuse?.(socket)) return true;
      wss.handleUpgrade(req, socket, head, (ws) => {
        const session = open(ws);
        sessions.add(session);
        ws.on('close', () => sessions.delete(session));
      });
      return true;
    },
    /** Open sockets and the bytes the server holds for them (what a slow reader costs). */
    stats() {
      let bufferedBytes = 0;
      for (const s of sessions) bufferedBytes += s.ws.bufferedAmount;
      return { connections: sessions.size, bufferedBytes };
    },
    close() {
      clearInterval(heartbeat);
      for (const s of sessions) s.ws.terminate();
      sessions.clear();
      wss.close();
    },
  };
}

/**
 * The message as an object with a string `type`, or undefined (binary, not JSON, no type).
 * @param {import('ws').RawData} data
 * @param {boolean} isBinary
 * @returns {any}
 */
export function parseMessage(data, isBinary) {
  /** @type {any} */
  let message;
  try {
    message = isBinary ? undefined : JSON.parse(data.toString());
  } catch {
    message = undefined;
  }
  if (!message || typeof message !== 'object' || Array.isArray(message) || typeof message.type !== 'string') return undefined;
  return validId(message.id) ? message : undefined;
}

/**
 * Whether `id` may be echoed: absent, a string of at most MAX_ID_LENGTH characters, or a finite number.
 * @param {unknown} id
 */
export function validId(id) {
  return id === undefined || (typeof id === 'string' && id.length <= MAX_ID_LENGTH) || (typeof id === 'number' && Number.isFinite(id));
}

/**
 * The `error` answer to a command that threw (a protocolError's code, else InternalError).
 * @param {unknown} id the command's id, echoed when given
 * @param {unknown} error
 */
export function errorReply(id, error) {
  const e = /** @type {any} */ (error);
  const code = typeof e?.code === 'string' ? e.code : 'InternalError';
  const message = typeof e?.message === 'string' ? e.message : 'Failed.';
  return { type: 'error', ...(validId(id) && id !== undefined ? { id } : {}), code, message };
}

/**
 * The answer to a `ping` (echoing its id).
 * @param {{ id?: unknown }} message
 */
export function pong(message) {
  return { type: 'pong', ...(message.id === undefined || !validId(message.id) ? {} : { id: message.id }) };
}

/**
 * A protocol failure answered to the client with this code.
 * @param {string} code
 * @param {string} message
 */
export function protocolError(code, message) {
  return Object.assign(new Error(message), { code });
}

/**
 * The claims of a valid token, or undefined.
 * @param {TokenVerifier} tokens
 * @param {unknown} token
 * @returns {Claims | undefined}
 */
export function verifyToken(tokens, token) {
  if (typeof token !== 'string' || !token) return undefined;
  try {
    const claims = tokens.verify(token);
    return claims && typeof claims.userId === 'string' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** @param {unknown} value */
export function bool(value) {
  if (typeof value !== 'boolean') throw protocolError('BadRequest', 'Expected a boolean.');
  return value;
}
