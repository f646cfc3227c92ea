// @ts-check
/**
 * Fault injection for the emulator: slow, failing or dropped requests on demand, so the elements'
 * retry, error and reconnect paths can be exercised (and tested) without a flaky network.
 *
 * A rule is set per target ('token' | 'chat' | 'meeting'):
 * - `latencyMs`: every matching request waits this long first (then continues or fails).
 * - `status` (+ `retryAfterSeconds`): the request is answered with this status and an ACS-shaped
 *   `{error: {code, message}}` body (and a `Retry-After` header when given).
 * - `drop`: the connection is destroyed without an answer.
 * - Which requests fail: `count` = the next N requests, then the failure part of the rule expires;
 *   `failRate` = that fraction of requests, spread evenly and deterministically (0.5 fails every
 *   second request, 0.25 every fourth), so tests can rely on it. Neither = every request.
 * - `status` defaults to 503 when the rule says that requests fail (`count`, `failRate` or
 *   `retryAfterSeconds` given) without saying how.
 */
import { HttpError, sendJson } from './http.js';

/** @typedef {'token' | 'chat' | 'meeting'} FaultTarget */
/**
 * @typedef {object} FaultSpec
 * @property {FaultTarget} target
 * @property {number} [latencyMs]
 * @property {number} [failRate] 0..1
 * @property {number} [status] 400..599
 * @property {number} [retryAfterSeconds]
 * @property {boolean} [drop]
 * @property {number} [count] fail only the next N requests
 */
/**
 * @typedef {{ drop: true } | { drop: false, status: number, code: string, message: string, retryAfterSeconds?: number }} Failure
 */

export const FAULT_TARGETS = /** @type {const} */ (['token', 'chat', 'meeting']);

/** ACS-style error codes for injected statuses. */
const CODES = /** @type {Record<number, string>} */ ({
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  408: 'RequestTimeout',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
});

class FaultRule {
  /** @param {FaultSpec} spec */
  constructor(spec) {
    this.target = spec.target;
    this.latencyMs = spec.latencyMs ?? 0;
    this.drop = spec.drop === true;
    this.retryAfterSeconds = spec.retryAfterSeconds;
    const failing = this.drop || spec.status !== undefined || spec.count !== undefined || spec.failRate !== undefined || spec.retryAfterSeconds !== undefined;
    /** @type {number | undefined} */
    this.status = this.drop ? undefined : (spec.status ?? (failing ? 503 : undefined));
    this.failing = failing;
    this.failRate = spec.failRate;
    /** @type {number | undefined} remaining failures when count-based */
    this.remaining = spec.count;
    this.seen = 0;
    /** Requests this rule failed, in all and by HTTP method ('WS' for socket messages): tests wait on these instead of guessing a time. @type {Record<string, number>} */
    this.failures = { total: 0 };
  }

  /**
   * Decides (and counts) whether the current request fails.
   * @param {string} [method] the request's method, for the failure counts
   * @returns {Failure | null}
   */
  take(method) {
    const failure = this.#decide();
    if (failure) {
      this.failures.total += 1;
      if (method) this.failures[method] = (this.failures[method] ?? 0) + 1;
    }
    return failure;
  }

  /** @returns {Failure | null} */
  #decide() {
    if (!this.failing) return null;
    if (this.remaining !== undefined) {
      if (this.remaining <= 0) return null;
      if (!this.#rateSays()) return null;
      this.remaining -= 1;
    } else if (!this.#rateSays()) {
      return null;
    }
    if (this.drop) return { drop: true };
    const status = /** @type {number} */ (this.status);
    return {
      drop: false,
      status,
      code: CODES[status] ?? (status >= 500 ? 'ServiceUnavailable' : 'BadRequest'),
      message: `Injected fault (emulator): ${status}.`,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }

  /** Evenly spread: request n fails when floor((n+1)·rate) > floor(n·rate). */
  #rateSays() {
    const n = this.seen++;
    if (this.failRate === undefined) return true;
    return Math.floor((n + 1) * this.failRate) > Math.floor(n * this.failRate);
  }

  toJSON() {
    return {
      target: this.target,
      latencyMs: this.latencyMs,
      ...(this.failRate !== undefined ? { failRate: this.failRate } : {}),
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      ...(this.drop ? { drop: true } : {}),
      ...(this.remaining !== undefined ? { remaining: this.remaining } : {}),
      failures: { ...this.failures },
    };
  }
}

/**
 * Validates a fault spec from the control API (throws HttpError 400).
 * @param {any} body
 * @returns {FaultSpec}
 */
export function parseFaultSpec(body) {
  if (!body || typeof body !== 'object') throw new HttpError(400, 'BadRequest', 'Expected a JSON object.');
  const { target, latencyMs, failRate, status, retryAfterSeconds, drop, count } = body;
  if (!FAULT_TARGETS.includes(target)) throw new HttpError(400, 'BadRequest', `target must be one of ${FAULT_TARGETS.join(', ')}.`);
  /** @param {unknown} v @param {string} name @param {number} min @param {number} max */
  const num = (v, name, min, max) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new HttpError(400, 'BadRequest', `${name} must be a number between ${min} and ${max}.`);
    }
    return v;
  };
  if (drop !== undefined && typeof drop !== 'boolean') throw new HttpError(400, 'BadRequest', 'drop must be a boolean.');
  const spec = {
    target,
    latencyMs: num(latencyMs, 'latencyMs', 0, 120_000),
    failRate: num(failRate, 'failRate', 0, 1),
    status: num(status, 'status', 400, 599),
    retryAfterSeconds: num(retryAfterSeconds, 'retryAfterSeconds', 0, 3600),
    drop,
    count: num(count, 'count', 0, 1_000_000),
  };
  if (spec.status !== undefined && !Number.isInteger(spec.status)) throw new HttpError(400, 'BadRequest', 'status must be an integer.');
  return spec;
}

/** The fault rules of one server (one rule per target; setting a target replaces its rule). */
export class Faults {
  /** @type {Map<FaultTarget, FaultRule>} */
  #rules = new Map();

  /** @param {FaultSpec} spec */
  set(spec) {
    const rule = new FaultRule(parseFaultSpec(spec));
    this.#rules.set(rule.target, rule);
    return rule.toJSON();
  }

  /** Clears every rule, or only the given target's. @param {FaultTarget} [target] */
  clear(target) {
    if (target) this.#rules.delete(target);
    else this.#rules.clear();
  }

  /** The active rules, as JSON. */
  list() {
    return [...this.#rules.values()].map((r) => r.toJSON());
  }

  /**
   * A handle for code that is not a plain HTTP route (the meetings WebSocket): read the latency,
   * wait it out, and ask whether the next message/connection fails.
   * @param {FaultTarget} target
   */
  for(target) {
    const rules = this.#rules;
    return {
      get active() {
        return rules.has(target);
      },
      get latencyMs() {
        return rules.get(target)?.latencyMs ?? 0;
      },
      /** Waits for the configured latency (resolves at once when there is none). */
      delay() {
        const ms = rules.get(target)?.latencyMs ?? 0;
        return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
      },
      /** Counts one request/message; returns how it fails, or null. @param {string} [method] @returns {Failure | null} */
      take(method) {
        return rules.get(target)?.take(method) ?? null;
      },
    };
  }

  /**
   * Applies the target's rule to an HTTP request. Resolves true when the fault answered (or
   * dropped) the request, false when the route should go on (possibly after a delay).
   * @param {FaultTarget} target
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async apply(target, req, res) {
    const handle = this.for(target);
    if (!handle.active) return false;
    await handle.delay();
    const failure = handle.take(req.method);
    if (!failure) return false;
    if (failure.drop) {
      req.socket.destroy();
      return true;
    }
    /** @type {Record<string, string>} */
    const headers = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
    sendJson(res, failure.status, { error: { code: failure.code, message: failure.message } }, headers);
    return true;
  }
}

/**
 * The control API: `POST /emulator/faults` (set one target's rule), `GET /emulator/faults`,
 * `DELETE /emulator/faults` (all, or `?target=chat`).
 * @param {import('./http.js').Router} router
 * @param {Faults} faults
 */
export function registerFaultRoutes(router, faults) {
  router.add('POST', '/emulator/faults', async ({ res, body }) => {
    const rule = faults.set(parseFaultSpec(await body()));
    sendJson(res, 201, rule);
  });
  router.add('GET', '/emulator/faults', ({ res }) => sendJson(res, 200, { value: faults.list() }));
  router.add('DELETE', '/emulator/faults', ({ res, url }) => {
    const target = url.searchParams.get('target');
    if (target !== null && !FAULT_TARGETS.includes(/** @type {any} */ (target))) {
      throw new HttpError(400, 'BadRequest', `target must be one of ${FAULT_TARGETS.join(', ')}.`);
    }
    faults.clear(/** @type {FaultTarget | undefined} */ (target ?? undefined));
    sendJson(res, 204);
  });
}
