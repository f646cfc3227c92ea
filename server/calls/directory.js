// @ts-check
/**
 * Who answers simulated 1:1 calls: a directory of callees with a behaviour each. Seeded with one
 * callee per behaviour (documented in docs/teams-identity-and-calls.md); tests and the demo change
 * or add callees with `POST /emulator/callees`. An id that is not in the directory still answers,
 * with defaults for its kind.
 */

/** @typedef {'teams' | 'queue' | 'auto-attendant' | 'phone'} CalleeKind */
/** @typedef {'answer' | 'decline' | 'no-answer' | 'busy' | 'manual'} Behavior */

/**
 * @typedef {object} CalleeSpec
 * @property {string} id raw id: `8:orgid:<guid>`, `28:orgid:<guid>` or `+E.164`
 * @property {string} displayName
 * @property {CalleeKind} kind
 * @property {Behavior} behavior answer, decline, no-answer (ring until the timeout), busy (phones: 486), manual (ring until the control API answers)
 * @property {number} answerAfterMs ring this long before answering or declining
 * @property {number} ringTimeoutMs an unanswered call ends after this long (487/10004; phones 408/560408)
 * @property {boolean} video Teams users: camera on once connected
 * @property {number} waitMs call queues: "waiting" this long before an agent takes the call
 * @property {string} agentName call queues: the agent who answers
 * @property {number} [hangUpAfterMs] the callee hangs up this long after connecting
 * @property {boolean} seeded
 */

export const SEEDED_IDS = Object.freeze({
  answers: '8:orgid:11111111-1111-4111-8111-111111111111',
  declines: '8:orgid:22222222-2222-4222-8222-222222222222',
  noAnswer: '8:orgid:33333333-3333-4333-8333-333333333333',
  queue: '28:orgid:44444444-4444-4444-8444-444444444444',
  autoAttendant: '28:orgid:55555555-5555-4555-8555-555555555555',
  phone: '+14255550123',
  phoneBusy: '+14255550199',
});

/** The auto attendant's menu: tone → where the call goes. */
export const AUTO_ATTENDANT_MENU = Object.freeze({
  prompt: 'Thank you for calling Contoso. For sales, press 1. For support, press 2. For the operator, press 0.',
  options: /** @type {Record<string, { displayName: string, id: string }>} */ ({
    1: { displayName: 'Lee Gu (Sales)', id: '8:orgid:66666666-6666-4666-8666-666666666661' },
    2: { displayName: 'Diego Siciliani (Support)', id: '8:orgid:66666666-6666-4666-8666-666666666662' },
    0: { displayName: 'Operator', id: '8:orgid:66666666-6666-4666-8666-666666666660' },
  }),
  invalid: 'Sorry, that is not a valid choice.',
});

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TEAMS_USER = new RegExp(`^8:(orgid|gcch|dod):${GUID}$`, 'i');
const TEAMS_APP = new RegExp(`^28:(orgid|gcch|dod):${GUID}$`, 'i');
const E164 = /^\+[1-9]\d{6,14}$/;
const BEHAVIORS = ['answer', 'decline', 'no-answer', 'busy', 'manual'];
const KINDS = ['teams', 'queue', 'auto-attendant', 'phone'];

/**
 * Normalizes a raw callee id (`4:+1…` is accepted for phones). Undefined when it is none of the forms.
 * @param {unknown} id
 * @returns {{ id: string, type: 'teams-user' | 'teams-app' | 'phone' } | undefined}
 */
export function parseCalleeId(id) {
  if (typeof id !== 'string') return undefined;
  const text = id.trim();
  if (TEAMS_USER.test(text)) return { id: text.toLowerCase(), type: 'teams-user' };
  if (TEAMS_APP.test(text)) return { id: text.toLowerCase(), type: 'teams-app' };
  const phone = text.replace(/^4:/, '');
  if (E164.test(phone)) return { id: phone, type: 'phone' };
  return undefined;
}

/**
 * @param {string} id
 * @param {Partial<CalleeSpec>} [spec]
 * @returns {CalleeSpec}
 */
function withDefaults(id, spec = {}) {
  const parsed = parseCalleeId(id);
  const kind = spec.kind ?? (parsed?.type === 'phone' ? 'phone' : parsed?.type === 'teams-app' ? 'queue' : 'teams');
  return {
    id,
    displayName: spec.displayName ?? (kind === 'phone' ? id : kind === 'teams' ? 'Teams user' : 'Contoso Support'),
    kind,
    behavior: spec.behavior ?? 'answer',
    answerAfterMs: spec.answerAfterMs ?? (kind === 'teams' ? 1500 : 500),
    ringTimeoutMs: spec.ringTimeoutMs ?? 15_000,
    video: spec.video ?? false,
    waitMs: spec.waitMs ?? 3000,
    agentName: spec.agentName ?? 'Megan Bowen',
    ...(spec.hangUpAfterMs === undefined ? {} : { hangUpAfterMs: spec.hangUpAfterMs }),
    seeded: spec.seeded ?? false,
  };
}

export class Directory {
  constructor() {
    /** @type {Map<string, CalleeSpec>} */
    this.callees = new Map();
    this.seed();
  }

  seed() {
    this.callees.clear();
    /** @type {Partial<CalleeSpec>[]} */
    const seeds = [
      { id: SEEDED_IDS.answers, displayName: 'Adele Vance', kind: 'teams', behavior: 'answer', video: true },
      { id: SEEDED_IDS.declines, displayName: 'Alex Wilber', kind: 'teams', behavior: 'decline' },
      { id: SEEDED_IDS.noAnswer, displayName: 'Isaiah Langer', kind: 'teams', behavior: 'no-answer' },
      { id: SEEDED_IDS.queue, displayName: 'Contoso Support', kind: 'queue', behavior: 'answer', agentName: 'Megan Bowen' },
      { id: SEEDED_IDS.autoAttendant, displayName: 'Contoso main line', kind: 'auto-attendant', behavior: 'answer' },
      { id: SEEDED_IDS.phone, displayName: '+1 425 555 0123', kind: 'phone', behavior: 'answer' },
      { id: SEEDED_IDS.phoneBusy, displayName: '+1 425 555 0199', kind: 'phone', behavior: 'busy' },
    ];
    for (const seed of seeds) this.callees.set(/** @type {string} */ (seed.id), withDefaults(/** @type {string} */ (seed.id), { ...seed, seeded: true }));
  }

  /** @param {string} id normalized id */
  get(id) {
    return this.callees.get(id) ?? withDefaults(id);
  }

  list() {
    return [...this.callees.values()];
  }

  /**
   * Adds or changes a callee. Throws `{status, code, message}` for bad input.
   * @param {Record<string, unknown>} body
   * @returns {{ callee: CalleeSpec, created: boolean }}
   */
  upsert(body) {
    const parsed = parseCalleeId(body.id);
    if (!parsed) throw badRequest('id must be 8:orgid:<guid>, 28:orgid:<guid> or +E.164.');
    /** @type {Partial<CalleeSpec>} */
    const spec = {};
    const previous = this.callees.get(parsed.id);
    if (body.behavior !== undefined) {
      if (!BEHAVIORS.includes(/** @type {string} */ (body.behavior))) throw badRequest(`behavior must be one of ${BEHAVIORS.join(', ')}.`);
      spec.behavior = /** @type {Behavior} */ (body.behavior);
    }
    if (body.kind !== undefined) {
      if (!KINDS.includes(/** @type {string} */ (body.kind))) throw badRequest(`kind must be one of ${KINDS.join(', ')}.`);
      const kind = /** @type {CalleeKind} */ (body.kind);
      const fits = parsed.type === 'phone' ? kind === 'phone' : parsed.type === 'teams-user' ? kind === 'teams' : kind === 'queue' || kind === 'auto-attendant';
      if (!fits) throw badRequest('kind does not fit the id (8: teams, 28: queue or auto-attendant, + phone).');
      spec.kind = kind;
    }
    for (const key of /** @type {const} */ (['displayName', 'agentName'])) {
      const value = body[key];
      if (value === undefined) continue;
      if (typeof value !== 'string' || !value.trim() || value.length > 256) throw badRequest(`${key} must be a non-empty string of at most 256 characters.`);
      spec[key] = value.trim();
    }
    for (const key of /** @type {const} */ (['answerAfterMs', 'ringTimeoutMs', 'waitMs', 'hangUpAfterMs'])) {
      const value = body[key];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 3_600_000) throw badRequest(`${key} must be a number of milliseconds (0 to 3600000).`);
      spec[key] = value;
    }
    if (body.video !== undefined) {
      if (typeof body.video !== 'boolean') throw badRequest('video must be a boolean.');
      spec.video = body.video;
    }
    const base = previous ? { ...previous } : {};
    const callee = withDefaults(parsed.id, { ...base, ...spec, seeded: previous?.seeded ?? false });
    this.callees.set(parsed.id, callee);
    return { callee, created: !previous };
  }

  /** @param {string} id */
  delete(id) {
    const parsed = parseCalleeId(id);
    return parsed ? this.callees.delete(parsed.id) : false;
  }
}

/** @param {string} message */
function badRequest(message) {
  return Object.assign(new Error(message), { status: 400, code: 'BadRequest' });
}
