// @ts-check
/**
 * The control API of simulated calls (`/emulator/callees`, `/emulator/calls/…`): the callee
 * directory, incoming calls to signed-in endpoints, and the Teams side of a call (answer, decline,
 * hang up). Reference: docs/teams-identity-and-calls.md.
 */
import crypto from 'node:crypto';
import { HttpError, objectBody, sendJson } from '../http.js';
import { Call } from './call.js';
import { parseCalleeId } from './directory.js';

/** @typedef {import('./call.js').Party} Party */
/** @typedef {import('../http.js').Ctx} Ctx */
/** @typedef {import('./index.js').CallRegistry} CallRegistry */

/**
 * @param {import('../http.js').Router} router
 * @param {CallRegistry} registry
 */
export function registerCallRoutes(router, registry) {
  const { directory, calls, endpoints, onEnd, freeEndpointsOf, ringEndpoints } = registry;

  /** @param {Ctx} ctx */
  const callOf = (ctx) => {
    const call = calls.get(ctx.params.callId);
    if (!call) throw new HttpError(404, 'NotFound', 'No call with this id.');
    return call;
  };

  /** The simulated side of a call (the one without a browser endpoint). @param {Call} call */
  const simulatedSide = (call) => (call.direction === 'incoming' ? call.caller : call.callee);
  router.add('GET', '/emulator/callees', ({ res }) => sendJson(res, 200, { value: directory.list() }));
  router.add('POST', '/emulator/callees', async (ctx) => {
    const body = await objectBody(ctx);
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
    const body = await objectBody(ctx);
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
  /**
   * Answers or declines, for the simulated callee, a call still ringing it.
   * @param {'answer' | 'decline'} action
   */
  const ringingSimulated = (action) => (/** @type {import('../http.js').Ctx} */ ctx) => {
    const call = callOf(ctx);
    if (call.direction !== 'outgoing' || !call.callee.spec || call.state === 'connected' || call.state === 'ended') {
      throw new HttpError(409, 'Conflict', `Only a ringing call to a simulated callee can be ${action === 'answer' ? 'answered' : 'declined'} here.`);
    }
    if (action === 'answer') call.answerSimulated();
    else call.decline();
    sendJson(ctx.res, 200, call.toJSON());
  };
  router.add('POST', '/emulator/calls/{callId}/answer', ringingSimulated('answer'));
  router.add('POST', '/emulator/calls/{callId}/decline', ringingSimulated('decline'));
  router.add('POST', '/emulator/calls/{callId}/hangup', (ctx) => {
    const call = callOf(ctx);
    if (call.state === 'ended') throw new HttpError(409, 'Conflict', 'The call already ended.');
    call.hangUp(simulatedSide(call));
    sendJson(ctx.res, 200, call.toJSON());
  });
}


/** @param {unknown} value @param {number} fallback */
function numberOr(value, fallback) {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 3_600_000 ? value : fallback;
}
