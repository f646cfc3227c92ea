// @ts-check
/**
 * One simulated 1:1 call between two parties. A party is either a browser endpoint signed in on
 * the call socket (`connection`) or a simulated one (a directory callee, or the caller of
 * `POST /emulator/calls/incoming`). The end codes are the real ACS `callEndReason` codes
 * (shared/call-end-reasons.json), seen from each side.
 */
import crypto from 'node:crypto';
import { AUTO_ATTENDANT_MENU } from './directory.js';

/** @typedef {import('./directory.js').CalleeSpec} CalleeSpec */
/** @typedef {{ code: number, subCode: number }} EndCode */
/**
 * An endpoint on the call socket, as the call sees it.
 * @typedef {object} Endpoint
 * @property {string} userId
 * @property {string} displayName
 * @property {'teams' | 'acs'} identity
 * @property {Call | undefined} call
 * @property {(message: object) => void} send
 */

export const CALL_END = Object.freeze({
  local: { code: 0, subCode: 0 },
  /** The other side hung up a VoIP call. */
  remoteHungUp: { code: 0, subCode: 5003 },
  /** The other side (a phone) hung up. */
  remotePhoneHungUp: { code: 0, subCode: 560000 },
  /** The callee declined (the caller's view). */
  declined: { code: 603, subCode: 0 },
  /** This endpoint declined an incoming call. */
  locallyDeclined: { code: 0, subCode: 4501 },
  /** Nobody answered before the ring timeout (Teams users; the callee's endpoints see the same). */
  noAnswer: { code: 487, subCode: 10004 },
  /** A phone did not answer. */
  phoneNoAnswer: { code: 408, subCode: 560408 },
  busy: { code: 486, subCode: 560486 },
  /** The caller gave up before anyone answered (the callee's view). */
  callerCanceled: { code: 487, subCode: 0 },
  /** Another endpoint of the same user answered. */
  answeredElsewhere: { code: 487, subCode: 10003 },
  /** The address is none of the accepted forms. */
  invalidAddress: { code: 484, subCode: 560484 },
  /** An ACS identity called a phone without an alternate caller id. */
  callerIdMissing: { code: 403, subCode: 560403 },
  tokenExpired: { code: 495, subCode: 4507 },
});

/**
 * @typedef {object} Party
 * @property {string} id
 * @property {string} displayName
 * @property {'teams' | 'acs' | 'phone' | 'app'} kind
 * @property {boolean} muted
 * @property {boolean} video
 * @property {Endpoint} [endpoint] the browser endpoint in this call (set once it placed or answered it)
 * @property {Set<Endpoint>} [ringing] endpoints being rung (incoming)
 * @property {CalleeSpec} [spec] a simulated callee
 */

export class Call {
  /**
   * @param {{ caller: Party, callee: Party, direction: 'outgoing' | 'incoming', onEnd: (call: Call) => void }} init
   */
  constructor(init) {
    this.id = crypto.randomUUID();
    this.caller = init.caller;
    this.callee = init.callee;
    /** Whom the caller dialed (the callee's id changes when a voice app hands the call to a person). */
    this.dialed = init.callee.id;
    /** Seen from the browser: 'outgoing' was placed by an endpoint, 'incoming' came from the control API. */
    this.direction = init.direction;
    /** @type {'connecting' | 'ringing' | 'connected' | 'ended'} */
    this.state = 'connecting';
    this.createdAt = Date.now();
    /** @type {number | undefined} */
    this.connectedAt = undefined;
    /** @type {number | undefined} */
    this.endedAt = undefined;
    /** The end as the caller saw it. @type {EndCode | undefined} */
    this.end = undefined;
    this.dtmf = '';
    /** A voice app (queue, auto attendant) holds the call. */
    this.waiting = false;
    /** @type {string | undefined} the auto attendant's last announcement */
    this.prompt = undefined;
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set();
    this.onEnd = init.onEnd;
  }

  /** @param {() => void} fn @param {number} ms */
  later(fn, ms) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.state !== 'ended') fn();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  /** The side that is not `party`. @param {Party} party */
  other(party) {
    return party === this.caller ? this.callee : this.caller;
  }

  /** @param {Endpoint} endpoint @returns {Party | undefined} */
  partyOf(endpoint) {
    if (this.caller.endpoint === endpoint) return this.caller;
    if (this.callee.endpoint === endpoint) return this.callee;
    return undefined;
  }

  /** Sends each connected endpoint its view of the call. */
  broadcast() {
    for (const party of [this.caller, this.callee]) {
      const endpoint = party.endpoint;
      if (!endpoint) continue;
      const remote = this.other(party);
      endpoint.send({
        type: 'call-state',
        callId: this.id,
        state: this.state,
        remote: { id: remote.id, displayName: remote.displayName, kind: remote.kind, muted: remote.muted, video: remote.video },
        waiting: this.waiting,
      });
    }
  }

  setRinging() {
    if (this.state !== 'connecting') return;
    this.state = 'ringing';
    this.broadcast();
  }

  connect() {
    if (this.state === 'ended' || this.state === 'connected') return;
    this.state = 'connected';
    this.connectedAt = Date.now();
    this.broadcast();
  }

  /**
   * Ends the call. `byParty` hung up (or declined); each side gets its own end code.
   * @param {{ caller: EndCode, callee: EndCode, ringing?: EndCode }} codes
   */
  finish(codes) {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endedAt = Date.now();
    this.end = codes.caller;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    /** @param {Party} party @param {EndCode} code */
    const tell = (party, code) => {
      const endpoint = party.endpoint;
      if (endpoint && endpoint.call === this) {
        endpoint.call = undefined;
        endpoint.send({ type: 'ended', callId: this.id, code: code.code, subCode: code.subCode });
      }
    };
    tell(this.caller, codes.caller);
    tell(this.callee, codes.callee);
    for (const endpoint of this.callee.ringing ?? []) {
      if (endpoint.call !== this) continue;
      endpoint.call = undefined;
      const code = codes.ringing ?? codes.callee;
      endpoint.send({ type: 'ended', callId: this.id, code: code.code, subCode: code.subCode });
    }
    this.callee.ringing?.clear();
    this.onEnd(this);
  }

  /** The code the other side sees when `party` hangs up a connected call. @param {Party} party */
  hangUpCode(party) {
    return party.kind === 'phone' ? CALL_END.remotePhoneHungUp : CALL_END.remoteHungUp;
  }

  /**
   * `party` hangs up (or cancels while ringing).
   * @param {Party} party
   */
  hangUp(party) {
    if (this.state === 'ended') return;
    const connected = this.state === 'connected';
    const otherCode = connected ? this.hangUpCode(party) : CALL_END.callerCanceled;
    if (party === this.caller) this.finish({ caller: CALL_END.local, callee: otherCode, ringing: CALL_END.callerCanceled });
    else this.finish({ caller: connected ? this.hangUpCode(party) : CALL_END.declined, callee: CALL_END.local });
  }

  /** The callee did not answer in time. */
  timeOut() {
    const code = this.callee.kind === 'phone' ? CALL_END.phoneNoAnswer : CALL_END.noAnswer;
    this.finish({ caller: code, callee: CALL_END.noAnswer, ringing: CALL_END.noAnswer });
  }

  /** The callee declined. @param {Endpoint} [by] the endpoint that declined */
  decline(by) {
    if (this.state === 'ended' || this.state === 'connected') return;
    if (by) {
      // The decliner sees "locally declined"; the user's other endpoints stop ringing.
      by.call = undefined;
      by.send({ type: 'ended', callId: this.id, code: CALL_END.locallyDeclined.code, subCode: CALL_END.locallyDeclined.subCode });
      this.callee.ringing?.delete(by);
    }
    this.finish({ caller: CALL_END.declined, callee: CALL_END.locallyDeclined, ringing: CALL_END.callerCanceled });
  }

  /**
   * An endpoint answers an incoming call: it becomes the callee's endpoint; the others stop ringing.
   * @param {Endpoint} endpoint
   * @param {{ video: boolean, muted: boolean }} media
   */
  accept(endpoint, media) {
    if (this.state === 'ended' || this.state === 'connected') return false;
    const ringing = this.callee.ringing ?? new Set();
    if (!ringing.has(endpoint)) return false;
    ringing.delete(endpoint);
    for (const other of ringing) {
      if (other.call !== this) continue;
      other.call = undefined;
      other.send({ type: 'ended', callId: this.id, code: CALL_END.answeredElsewhere.code, subCode: CALL_END.answeredElsewhere.subCode });
    }
    ringing.clear();
    this.callee.endpoint = endpoint;
    this.callee.video = media.video;
    this.callee.muted = media.muted;
    this.connect();
    if (this.caller.spec?.hangUpAfterMs !== undefined) this.later(() => this.hangUp(this.caller), this.caller.spec.hangUpAfterMs);
    return true;
  }

  /** A simulated callee answers: Teams user, queue (waiting, then an agent), auto attendant, phone. */
  answerSimulated() {
    const spec = this.callee.spec;
    if (!spec || this.state === 'ended') return;
    if (spec.kind === 'queue') {
      this.waiting = true;
      this.connect();
      this.later(() => this.transfer({ displayName: spec.agentName, id: agentIdOf(spec) }), spec.waitMs);
    } else if (spec.kind === 'auto-attendant') {
      this.waiting = true;
      this.prompt = AUTO_ATTENDANT_MENU.prompt;
      this.connect();
    } else {
      this.callee.video = spec.kind === 'teams' && spec.video;
      this.connect();
    }
    if (spec.hangUpAfterMs !== undefined) this.later(() => this.hangUp(this.callee), spec.hangUpAfterMs);
  }

  /** A voice app hands the call to a person. @param {{ displayName: string, id: string }} agent */
  transfer(agent) {
    this.waiting = false;
    this.prompt = undefined;
    this.callee.id = agent.id;
    this.callee.displayName = agent.displayName;
    this.callee.kind = 'teams';
    this.callee.muted = false;
    this.broadcast();
  }

  /**
   * A DTMF tone from `party`: recorded; an auto attendant acts on it.
   * @param {Party} party
   * @param {string} tone
   */
  tone(party, tone) {
    this.dtmf += tone;
    const other = this.other(party);
    if (other.spec?.kind !== 'auto-attendant' || !this.waiting) return;
    const option = AUTO_ATTENDANT_MENU.options[tone];
    if (option) this.transfer(option);
    else this.prompt = AUTO_ATTENDANT_MENU.invalid;
  }

  toJSON() {
    /** @param {Party} p */
    const party = (p) => ({ id: p.id, displayName: p.displayName, kind: p.kind, muted: p.muted, video: p.video });
    return {
      callId: this.id,
      direction: this.direction,
      state: this.state,
      caller: party(this.caller),
      callee: party(this.callee),
      dialed: this.dialed,
      waiting: this.waiting,
      ...(this.prompt ? { prompt: this.prompt } : {}),
      dtmf: this.dtmf,
      createdAt: this.createdAt,
      ...(this.connectedAt ? { connectedAt: this.connectedAt } : {}),
      ...(this.endedAt ? { endedAt: this.endedAt } : {}),
      ...(this.end ? { end: this.end } : {}),
    };
  }
}

/** @param {CalleeSpec} spec */
function agentIdOf(spec) {
  const hex = crypto.createHash('sha256').update(`${spec.id}/${spec.agentName}`).digest('hex');
  return `8:orgid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
