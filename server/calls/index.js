// @ts-check
/**
 * Simulated 1:1 calls for `<acs-teams-call>`: the callee directory (directory.js), the calls
 * (call.js), the control API (routes.js: `/emulator/callees`, `/emulator/calls/…`) and the
 * browser's call socket (socket.js: `/emulator/call-ws`), sharing one registry. Reference:
 * docs/teams-identity-and-calls.md.
 */
import { Directory } from './directory.js';
import { registerCallRoutes } from './routes.js';
import { createCallSocketServer } from './socket.js';

/** @typedef {import('./call.js').Call} Call */
/**
 * An endpoint signed in on the call socket, as the registry sees it.
 * @typedef {import('./call.js').Endpoint & { authenticated(): boolean }} SignedInEndpoint
 */
/**
 * What the routes and the socket share.
 * @typedef {object} CallRegistry
 * @property {Directory} directory the simulated callees
 * @property {Map<string, Call>} calls every call by id, newest last (ended ones up to a bound)
 * @property {Map<string, Set<SignedInEndpoint>>} endpoints signed-in endpoints by user id
 * @property {(call: Call) => void} onEnd told when a call ends
 * @property {(userId: string) => SignedInEndpoint[]} freeEndpointsOf the user's signed-in endpoints not in a call
 * @property {(call: Call, ring: SignedInEndpoint[], ringTimeoutMs: number) => void} ringEndpoints rings endpoints with an incoming call
 */

const KEEP_ENDED = 200;

/**
 * @param {{ tokens: import('../tokens.js').TokenIssuer, faults?: import('../faults.js').Faults, publicUrl: string, quiet?: boolean }} deps
 */
export function createCalls(deps) {
  const directory = new Directory();
  /** @type {Map<string, Call>} newest last */
  const calls = new Map();
  /** @type {Map<string, Set<SignedInEndpoint>>} signed-in endpoints by user id */
  const endpoints = new Map();

  /** @param {Call} call */
  function onEnd(call) {
    // Keep ended calls for the control API, up to a bound.
    const ended = [...calls.values()].filter((c) => c.state === 'ended');
    for (const old of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) calls.delete(old.id);
    void call;
  }

  /** @param {string} userId */
  function freeEndpointsOf(userId) {
    return [...(endpoints.get(userId) ?? [])].filter((c) => c.authenticated() && !c.call);
  }

  /**
   * Rings the given endpoints with an incoming call.
   * @param {Call} call
   * @param {SignedInEndpoint[]} ring
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

  /** @type {CallRegistry} */
  const registry = { directory, calls, endpoints, onEnd, freeEndpointsOf, ringEndpoints };
  const socketServer = createCallSocketServer({ tokens: deps.tokens, registry });

  return {
    directory,
    calls,
    /** @param {import('../http.js').Router} router */
    registerRoutes(router) {
      registerCallRoutes(router, registry);
    },
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:stream').Duplex} socket
     * @param {Buffer} head
     * @returns {boolean} true when the request was for the call socket (and is handled)
     */
    handleUpgrade(req, socket, head) {
      return socketServer.handleUpgrade(req, socket, head);
    },
    /** Open call sockets and the bytes the server holds for them (what a slow reader costs). */
    stats() {
      return socketServer.stats();
    },
    close() {
      socketServer.close();
      for (const call of calls.values()) for (const timer of call.timers) clearTimeout(timer);
    },
  };
}
