// @ts-check
/**
 * One simulated Teams meeting: who is in it (Teams users, phone users, ACS users), who waits in
 * the lobby, the meeting policies (lobby, anonymous join, recording, transcription, explicit
 * consent), and the rules that end a participant's call with the real ACS end codes.
 *
 * The meeting knows nothing about sockets or HTTP: an ACS participant may carry a `link`
 * (`send(message)`), and the meeting tells the outside world about chat membership through hooks.
 */
import { randomBytes } from 'node:crypto';
import { stableGuid } from './locator.js';
import { capabilitiesFor, defaultOptions, enforce, patchOptions, refusal } from './capabilities.js';
import { BreakoutRooms } from './breakout.js';
import { systemClock } from '../clock.js';

/** The end codes this emulator produces (see shared call-end-reasons.json). */
export const END = Object.freeze({
  local: { code: 0, subCode: 0 },
  endedForAll: { code: 0, subCode: 4097 },
  removed: { code: 0, subCode: 5000 },
  lobbyDenied: { code: 0, subCode: 5854 },
  lobbyTimeout: { code: 0, subCode: 5855 },
  /** Real ACS reports 403 with no subcode when the tenant or meeting refuses anonymous users. */
  anonymousDisabled: { code: 403, subCode: 0 },
  unauthenticated: { code: 401, subCode: 10009 },
  tokenExpired: { code: 495, subCode: 4507 },
  /** Connection lost and not resumed within the grace period. */
  dropped: { code: 410, subCode: 3101 },
  /** The locator does not name a meeting. */
  notFound: { code: 404, subCode: 4500 },
  /** Another endpoint of the same identity took over this participant. */
  replaced: { code: 0, subCode: 5003 },
});

/** @typedef {{ code: number, subCode: number }} EndCode */
/** @typedef {'teams' | 'acs' | 'phone'} Kind */
/** @typedef {'good' | 'poor' | 'bad'} NetworkLevel */
/** The network levels a participant's connection can be set to (as the SDK grades quality). */
export const NETWORK_LEVELS = /** @type {const} */ (['good', 'poor', 'bad']);
/** @typedef {{ send(message: object): void, close(): void }} Link */

/**
 * @typedef {object} Participant
 * @property {string} id
 * @property {string} displayName
 * @property {Kind} kind
 * @property {'organizer' | 'presenter' | 'attendee'} role
 * @property {'lobby' | 'connected' | 'reconnecting'} state
 * @property {boolean} muted
 * @property {boolean} video
 * @property {boolean} handRaised
 * @property {boolean} speaking
 * @property {boolean} screenSharing
 * @property {boolean} consentGranted
 * @property {NetworkLevel} network the connection quality the organizer console set (the SDK's user-facing diagnostics grade)
 * @property {number} lastSpokeAt
 * @property {number} enteredAt
 * @property {boolean} remote true for ACS users (joined through the socket or the Node join route)
 * @property {boolean} inChat member of the chat thread right now
 * @property {string} [room] the breakout room the participant is in now (rooms.js), else the main meeting
 * @property {Link} [link]
 * @property {string} [sessionId]
 * @property {{ active: boolean, language: string }} captions
 * @property {unknown} [lobbyTimer] a timer of the meeting's clock
 * @property {unknown} [graceTimer] a timer of the meeting's clock
 */

/**
 * @typedef {object} MeetingHooks
 * @property {(meeting: Meeting, participant: Participant, threadId?: string) => void} chatAdd the meeting's thread, or a breakout room's
 * @property {(meeting: Meeting, participant: Participant, threadId?: string) => void} chatRemove
 * @property {(meeting: Meeting, threadId: string, topic: string) => void} roomThread a breakout room's chat thread is created
 * @property {(meeting: Meeting, participant: Participant, end: EndCode) => void} departed
 */

const CAPTION_LINES = [
  'Thanks everyone for joining today.',
  'Let us start with a quick update on the project.',
  'The new release went out on Tuesday and feedback has been good.',
  'Can everyone see my screen?',
  'I will share the notes in the meeting chat afterwards.',
  'Does anyone have questions before we move on?',
  'Let us take the next item on the agenda.',
  'That sounds good to me.',
];

const REACTIONS = new Set(['like', 'heart', 'laugh', 'surprised', 'applause']);

/** Teams spotlights at most this many people at once (the SDK's `maxParticipantsToSpotlight`). */
export const MAX_SPOTLIGHT = 7;
/** Bounds of the optimal video count the console may set (the SDK reports 1 and up). */
export const OPTIMAL_VIDEO_COUNT = Object.freeze({ min: 1, max: 49, initial: 4 });

export class Meeting {
  /**
   * @param {object} init
   * @param {string} init.threadId
   * @param {string} init.meetingLink
   * @param {string} init.meetingId
   * @param {string} init.passcode
   * @param {string} init.tenantId
   * @param {string} init.organizerOid
   * @param {string} [init.topic]
   * @param {boolean} [init.channel]
   * @param {boolean} [init.lobby]
   * @param {boolean} [init.anonymousJoin]
   * @param {import('../clock.js').Clock} [init.clock] the meeting's time: lobby and reconnect timers, the breakout rooms' timer, timestamps
   * @param {MeetingHooks} hooks
   */
  constructor(init, hooks) {
    /** @type {import('../clock.js').Clock} */
    this.clock = init.clock ?? systemClock;
    this.threadId = init.threadId;
    this.meetingLink = init.meetingLink;
    this.meetingId = init.meetingId;
    this.passcode = init.passcode;
    this.tenantId = init.tenantId;
    this.organizerOid = init.organizerOid;
    this.topic = init.topic ?? 'Project sync';
    this.channel = init.channel ?? false;
    this.lobbyEnabled = init.lobby ?? false;
    this.anonymousJoin = init.anonymousJoin ?? true;
    this.recording = false;
    this.transcription = false;
    /** What attendees may do (capabilities.js). */
    this.options = defaultOptions();
    this.consentRequired = false;
    /** Spotlighted participant ids, in the order they were spotlighted. */
    /** @type {string[]} */
    this.spotlight = [];
    /** How many videos a client should render at once (the SDK's optimal video count). */
    /** @type {number} */
    this.optimalVideoCount = OPTIMAL_VIDEO_COUNT.initial;
    this.ended = false;
    this.lobbyTimeoutSeconds = 900;
    this.reconnectGraceSeconds = 20;
    /** Teams people take turns speaking on their own (for demos). */
    this.activity = false;
    this.createdAt = this.clock.now();
    /** @type {Map<string, Participant>} */
    this.participants = new Map();
    /** @type {{ id: string, displayName: string, kind: Kind, code: number, subCode: number, at: number }[]} */
    this.departed = [];
    this.hooks = hooks;
    this.#captionSeq = 0;
    this.breakout = new BreakoutRooms(this.participants, this.clock, {
      createThread: (threadId, topic) => hooks.roomThread(this, threadId, topic),
      chatAdd: (threadId, p) => hooks.chatAdd(this, p, threadId),
      chatRemove: (threadId, p) => hooks.chatRemove(this, p, threadId),
      changed: () => this.changed(),
    });
  }

  #broadcastScheduled = false;
  /** @type {NodeJS.Timeout | undefined} */
  #captionTimer;
  #captionSeq;
  #captionLine = 0;
  /** @type {NodeJS.Timeout | undefined} */
  #activityTimer;
  #activityTurn = 0;

  /** Seats the simulated Teams people every new meeting starts with. */
  seedDefaultParticipants() {
    this.addParticipant({ displayName: 'Adele Vance', kind: 'teams', role: 'organizer', muted: false, video: true, id: `8:orgid:${this.organizerOid}` });
    this.addParticipant({ displayName: 'Alex Wilber', kind: 'teams', muted: true, video: false });
  }

  /** @returns {Participant | undefined} */
  get organizer() {
    for (const p of this.participants.values()) if (p.role === 'organizer') return p;
    return undefined;
  }

  get consentNeeded() {
    return this.consentRequired && (this.recording || this.transcription);
  }

  /**
   * Adds a Teams or phone user (or an ACS user without a browser) straight into the meeting.
   * @param {{ displayName: string, kind: Kind, id?: string, role?: Participant['role'], muted?: boolean, video?: boolean }} spec
   */
  addParticipant(spec) {
    const id =
      spec.id ??
      (spec.kind === 'phone'
        ? `4:+1425555${String(Math.floor(1000 + Math.random() * 9000))}`
        : spec.kind === 'teams'
          ? `8:orgid:${stableGuid(`${this.threadId}/${spec.displayName}/${this.participants.size}/${this.clock.now()}`)}`
          : `8:acs:emulator_${stableGuid(`${this.threadId}/${spec.displayName}/${Math.random()}`)}`);
    const existing = this.participants.get(id);
    if (existing) return existing;
    /** @type {Participant} */
    const p = {
      id,
      displayName: spec.displayName,
      kind: spec.kind,
      role: spec.role ?? (spec.kind === 'teams' ? 'presenter' : 'attendee'),
      state: 'connected',
      muted: spec.muted ?? spec.kind !== 'phone',
      video: spec.kind === 'phone' ? false : (spec.video ?? false),
      handRaised: false,
      speaking: false,
      screenSharing: false,
      consentGranted: spec.kind !== 'acs',
      network: 'good',
      lastSpokeAt: 0,
      enteredAt: this.clock.now(),
      remote: spec.kind === 'acs',
      inChat: false,
      captions: { active: false, language: 'en-us' },
    };
    this.participants.set(id, p);
    this.#enforceConsent(p);
    this.#enterChat(p);
    this.changed();
    return p;
  }

  /**
   * An ACS user (or a Teams-identity user) asks to join. Throws `{end}` when refused.
   * @param {{ id: string, displayName: string, identity: 'acs' | 'teams', muted: boolean, video: boolean, link?: Link, sessionId?: string }} request
   * @returns {Participant}
   */
  join(request) {
    if (this.ended) this.reopen();
    const anonymous = request.identity === 'acs';
    if (anonymous && !this.anonymousJoin) throw { end: END.anonymousDisabled };
    const previous = this.participants.get(request.id);
    if (previous) this.depart(previous, END.replaced);
    /** @type {Participant} */
    const p = {
      id: request.id,
      displayName: (request.displayName || 'Guest').slice(0, 256),
      kind: anonymous ? 'acs' : 'teams',
      role: anonymous ? 'attendee' : 'presenter',
      state: anonymous && this.lobbyEnabled ? 'lobby' : 'connected',
      muted: request.muted,
      video: request.video,
      handRaised: false,
      speaking: false,
      screenSharing: false,
      consentGranted: false,
      network: 'good',
      lastSpokeAt: 0,
      enteredAt: this.clock.now(),
      remote: true,
      inChat: false,
      link: request.link,
      sessionId: request.sessionId,
      captions: { active: false, language: 'en-us' },
    };
    this.participants.set(p.id, p);
    if (p.state === 'lobby') this.#startLobbyTimer(p);
    else this.#enterChat(p);
    this.#enforceConsent(p);
    this.changed();
    return p;
  }

  /** A meeting joined after it ended starts again, with its Teams people back. */
  reopen() {
    this.ended = false;
    this.recording = false;
    this.transcription = false;
    this.spotlight = [];
    this.participants.clear();
    this.seedDefaultParticipants();
  }

  /** @param {Participant} p */
  #startLobbyTimer(p) {
    this.clock.clearTimeout(p.lobbyTimer);
    const remaining = Math.max(0, p.enteredAt + this.lobbyTimeoutSeconds * 1000 - this.clock.now());
    p.lobbyTimer = this.clock.setTimeout(() => {
      if (this.participants.get(p.id) === p && p.state === 'lobby') this.depart(p, END.lobbyTimeout);
    }, remaining);
  }

  /** @param {string} id */
  admit(id) {
    const p = this.participants.get(id);
    if (!p || p.state !== 'lobby') return false;
    this.clock.clearTimeout(p.lobbyTimer);
    p.state = p.link || !p.sessionId ? 'connected' : 'reconnecting';
    p.enteredAt = this.clock.now();
    this.#enterChat(p);
    this.changed();
    return true;
  }

  /** @param {string} id */
  deny(id) {
    const p = this.participants.get(id);
    if (!p || p.state !== 'lobby') return false;
    this.depart(p, END.lobbyDenied);
    return true;
  }

  admitAll() {
    let count = 0;
    for (const p of [...this.participants.values()]) if (p.state === 'lobby' && this.admit(p.id)) count += 1;
    return count;
  }

  /** @param {Participant} p */
  #enterChat(p) {
    if (p.inChat || p.state === 'lobby' || this.channel) return;
    p.inChat = true;
    this.hooks.chatAdd(this, p);
  }

  /** @param {Participant} p */
  #leaveChat(p) {
    if (!p.inChat) return;
    p.inChat = false;
    this.hooks.chatRemove(this, p);
  }

  /**
   * Takes a participant out of the meeting and tells it why (ACS users get the end code).
   * @param {Participant} p
   * @param {EndCode} end
   */
  depart(p, end) {
    if (this.participants.get(p.id) !== p) return;
    this.participants.delete(p.id);
    this.spotlight = this.spotlight.filter((id) => id !== p.id);
    this.clock.clearTimeout(p.lobbyTimer);
    this.clock.clearTimeout(p.graceTimer);
    this.breakout.forget(p);
    this.#leaveChat(p);
    this.departed.push({ id: p.id, displayName: p.displayName, kind: p.kind, code: end.code, subCode: end.subCode, at: this.clock.now() });
    if (this.departed.length > 50) this.departed.shift();
    if (p.link) {
      const link = p.link;
      p.link = undefined;
      link.send({ type: 'ended', code: end.code, subCode: end.subCode });
      link.close();
    }
    this.hooks.departed(this, p, end);
    this.changed();
  }

  /**
   * Removes anyone by id (organizer's "Remove from meeting"): an ACS user ends with 0/5000.
   * @param {string} id
   */
  remove(id) {
    const p = this.participants.get(id);
    if (!p) return false;
    this.depart(p, p.state === 'lobby' ? END.lobbyDenied : END.removed);
    return true;
  }

  /** Ends the meeting for everyone (0/4097). */
  end() {
    for (const p of [...this.participants.values()]) this.depart(p, END.endedForAll);
    if (this.breakout.open) this.breakout.closeRooms();
    this.ended = true;
    this.recording = false;
    this.transcription = false;
    this.spotlight = [];
    this.#stopCaptions();
    this.#setActivity(false);
    this.changed();
  }

  /**
   * Meeting options from the organizer.
   * @param {{ recording?: boolean, transcription?: boolean, consentRequired?: boolean, lobby?: boolean, anonymousJoin?: boolean, topic?: string, lobbyTimeoutSeconds?: number, reconnectGraceSeconds?: number, activity?: boolean, optimalVideoCount?: number } & Partial<import('./capabilities.js').MeetingOptions>} patch
   */
  update(patch) {
    if (patchOptions(this.options, patch)) for (const p of this.participants.values()) enforce(this.options, p);
    if (patch.topic !== undefined) this.topic = patch.topic;
    if (patch.recording !== undefined) this.recording = patch.recording;
    if (patch.transcription !== undefined) this.transcription = patch.transcription;
    if (patch.consentRequired !== undefined) this.consentRequired = patch.consentRequired;
    if (patch.lobby !== undefined) this.lobbyEnabled = patch.lobby;
    if (patch.anonymousJoin !== undefined) this.anonymousJoin = patch.anonymousJoin;
    if (patch.reconnectGraceSeconds !== undefined) this.reconnectGraceSeconds = patch.reconnectGraceSeconds;
    if (patch.activity !== undefined) this.#setActivity(patch.activity);
    if (patch.optimalVideoCount !== undefined) this.optimalVideoCount = patch.optimalVideoCount;
    if (patch.lobbyTimeoutSeconds !== undefined) {
      this.lobbyTimeoutSeconds = patch.lobbyTimeoutSeconds;
      for (const p of this.participants.values()) if (p.state === 'lobby') this.#startLobbyTimer(p);
    }
    for (const p of this.participants.values()) this.#enforceConsent(p);
    this.changed();
  }

  /** @param {boolean} on */
  #setActivity(on) {
    this.activity = on;
    clearInterval(this.#activityTimer);
    this.#activityTimer = undefined;
    if (!on) {
      for (const p of this.participants.values()) if (!p.remote) p.speaking = false;
      return;
    }
    const turn = () => {
      const speakers = [...this.participants.values()].filter((p) => !p.remote && p.state === 'connected' && !p.muted);
      const next = speakers.length ? speakers[this.#activityTurn++ % speakers.length] : undefined;
      for (const p of this.participants.values()) {
        if (p.remote) continue;
        const speaking = p === next;
        if (p.speaking !== speaking) this.setMedia(p, { speaking }, 'organizer');
      }
    };
    this.#activityTimer = setInterval(turn, 2000);
    this.#activityTimer.unref?.();
    const first = setTimeout(turn, 200);
    first.unref?.();
  }

  /**
   * Until an ACS user consents, explicit-consent meetings keep them muted, camera off, not sharing.
   * @param {Participant} p
   */
  #enforceConsent(p) {
    if (p.kind === 'acs' && this.consentNeeded && !p.consentGranted) {
      p.muted = true;
      p.video = false;
      p.screenSharing = false;
      p.speaking = false;
    }
  }

  /**
   * Media and hand changes, from the organizer (any participant) or from the participant itself.
   * Returns an error code when the change is refused.
   * @param {Participant} p
   * @param {{ muted?: boolean, video?: boolean, handRaised?: boolean, speaking?: boolean, screenSharing?: boolean, displayName?: string }} patch
   * @param {'self' | 'organizer'} by
   * @returns {string | undefined}
   */
  setMedia(p, patch, by) {
    const blockedByConsent = p.kind === 'acs' && this.consentNeeded && !p.consentGranted;
    if (by === 'self' && blockedByConsent && (patch.muted === false || patch.video === true || patch.screenSharing === true)) {
      return 'ConsentRequired';
    }
    if (p.kind === 'phone' && (patch.video || patch.screenSharing)) return 'NotSupported';
    const restricted = by === 'self' ? refusal(this.options, p, patch) : undefined;
    if (restricted) return restricted;
    if (patch.muted !== undefined) p.muted = patch.muted;
    if (patch.video !== undefined) p.video = patch.video;
    if (patch.screenSharing !== undefined) {
      // One screen on stage per call: the main meeting's, or a breakout room's.
      if (patch.screenSharing) for (const other of this.participants.values()) if (other.room === p.room) other.screenSharing = false;
      p.screenSharing = patch.screenSharing;
    }
    if (patch.handRaised !== undefined) p.handRaised = patch.handRaised;
    if (patch.displayName) p.displayName = patch.displayName.slice(0, 256);
    if (patch.speaking !== undefined) {
      p.speaking = patch.speaking && !p.muted;
      if (p.speaking) p.lastSpokeAt = this.clock.now();
    }
    if (p.muted) p.speaking = false;
    this.changed();
    return undefined;
  }

  /**
   * The organizer makes someone a presenter, an attendee or an organizer; Teams applies the
   * attendee restrictions at once.
   * @param {Participant} p
   * @param {Participant['role']} role
   */
  setRole(p, role) {
    p.role = role;
    enforce(this.options, p);
    this.changed();
  }

  /**
   * The organizer console degrades (or restores) someone's connection; every ACS user hears of it
   * in its next `state` message, as the SDK's user-facing diagnostics would report it.
   * @param {Participant} p
   * @param {NetworkLevel} level
   */
  setNetwork(p, level) {
    if (p.network === level) return;
    p.network = level;
    this.changed();
  }

  /**
   * Puts someone in the spotlight for everyone, or takes them out (the organizer from the console,
   * or a presenter for themself). Returns `SpotlightFull` when `MAX_SPOTLIGHT` are already in it.
   * @param {Participant} p
   * @param {boolean} on
   * @returns {'SpotlightFull' | undefined}
   */
  setSpotlight(p, on) {
    const spotlighted = this.spotlight.includes(p.id);
    if (on === spotlighted) return undefined;
    if (on && this.spotlight.length >= MAX_SPOTLIGHT) return 'SpotlightFull';
    this.spotlight = on ? [...this.spotlight, p.id] : this.spotlight.filter((id) => id !== p.id);
    this.changed();
    return undefined;
  }

  /** @param {Participant} p */
  grantConsent(p) {
    p.consentGranted = true;
    this.changed();
  }

  /**
   * The participant's socket dropped: keep its seat for the grace period.
   * @param {Participant} p
   */
  disconnected(p) {
    if (this.participants.get(p.id) !== p) return;
    p.link = undefined;
    if (p.state === 'connected') p.state = 'reconnecting';
    p.speaking = false;
    this.clock.clearTimeout(p.graceTimer);
    p.graceTimer = this.clock.setTimeout(() => this.depart(p, END.dropped), this.reconnectGraceSeconds * 1000);
    this.changed();
  }

  /**
   * The same session came back within the grace period.
   * @param {Participant} p
   * @param {Link} link
   */
  resumed(p, link) {
    this.clock.clearTimeout(p.graceTimer);
    p.graceTimer = undefined;
    if (p.link && p.link !== link) p.link.close();
    p.link = link;
    if (p.state === 'reconnecting') p.state = 'connected';
    this.changed();
  }

  /**
   * @param {Participant} p
   * @param {string} reaction
   */
  react(p, reaction) {
    if (!REACTIONS.has(reaction) || !this.options.reactions) return false;
    const message = { type: 'reaction', participantId: p.id, reaction, at: this.clock.now() };
    for (const other of this.participants.values()) {
      if (other !== p && other.state !== 'lobby' && other.room === p.room) other.link?.send(message);
    }
    return true;
  }

  /**
   * @param {Participant} p
   * @param {boolean} active
   * @param {string} [language]
   */
  setCaptions(p, active, language) {
    p.captions = { active, language: language || p.captions.language };
    if ([...this.participants.values()].some((x) => x.captions.active)) this.#startCaptions();
    else this.#stopCaptions();
    this.changed();
  }

  #startCaptions() {
    if (this.#captionTimer) return;
    this.#captionTimer = setInterval(() => this.#emitCaption(), 2500);
    this.#captionTimer.unref?.();
    const first = setTimeout(() => this.#emitCaption(), 300);
    first.unref?.();
  }

  #stopCaptions() {
    clearInterval(this.#captionTimer);
    this.#captionTimer = undefined;
  }

  /** Teams speakers "say" a line: a partial caption, then the final one. */
  #emitCaption() {
    const speakers = [...this.participants.values()].filter((p) => !p.remote && p.state === 'connected' && !p.muted);
    const speaker = speakers.find((p) => p.speaking) ?? speakers[0];
    if (!speaker) return;
    const text = CAPTION_LINES[this.#captionLine++ % CAPTION_LINES.length];
    this.#captionSeq += 1;
    const id = `caption-${this.#captionSeq}`;
    const words = text.split(' ');
    const send = (/** @type {string} */ partText, /** @type {boolean} */ final) => {
      const message = { type: 'caption', caption: { id, speakerId: speaker.id, speakerName: speaker.displayName, text: partText, final } };
      for (const p of this.participants.values()) if (p.captions.active && p.state === 'connected') p.link?.send(message);
    };
    send(words.slice(0, Math.ceil(words.length / 2)).join(' '), false);
    const t = setTimeout(() => send(text, true), 900);
    t.unref?.();
  }

  /** Ids of the participants who spoke last, the current speakers first. */
  dominantSpeakers() {
    return [...this.participants.values()]
      .filter((p) => p.state !== 'lobby' && p.lastSpokeAt > 0)
      .sort((a, b) => Number(b.speaking) - Number(a.speaking) || b.lastSpokeAt - a.lastSpokeAt)
      .slice(0, 4)
      .map((p) => p.id);
  }

  /** Tells every connected ACS user the new state, once per tick however many changes happened. */
  changed() {
    if (this.#broadcastScheduled) return;
    this.#broadcastScheduled = true;
    queueMicrotask(() => {
      this.#broadcastScheduled = false;
      for (const p of this.participants.values()) p.link?.send({ type: 'state', state: this.viewFor(p) });
    });
  }

  /**
   * What one ACS participant sees (the socket protocol's `state` message).
   * @param {Participant} self
   */
  viewFor(self) {
    const inLobby = self.state === 'lobby';
    const canManageLobby = self.role !== 'attendee';
    return {
      phase: inLobby ? 'lobby' : 'connected',
      threadId: this.threadId,
      topic: this.topic,
      selfId: self.id,
      displayName: self.displayName,
      role: self.role,
      capabilities: capabilitiesFor(this.options, self),
      muted: self.muted,
      video: self.video,
      screenSharing: self.screenSharing,
      handRaised: self.handRaised,
      network: self.network,
      recording: !inLobby && this.recording,
      transcription: !inLobby && this.transcription,
      consentRequired: !inLobby && this.consentNeeded,
      consentGranted: self.consentGranted,
      canManageLobby,
      lobby: canManageLobby && !inLobby ? this.lobbyList() : [],
      participants: inLobby
        ? []
        : [...this.participants.values()].filter((p) => p !== self && p.state !== 'lobby' && p.room === self.room).map(publicParticipant),
      breakoutRoom: inLobby ? null : this.breakout.viewFor(self),
      dominantSpeakers: inLobby ? [] : this.dominantSpeakers().filter((id) => this.participants.get(id)?.room === self.room),
      spotlight: inLobby ? [] : [...this.spotlight],
      optimalVideoCount: this.optimalVideoCount,
      captions: self.captions,
    };
  }

  lobbyList() {
    return [...this.participants.values()].filter((p) => p.state === 'lobby').map((p) => ({ id: p.id, displayName: p.displayName }));
  }

  /** The control API's view (`GET /emulator/meetings/{threadId}`). */
  snapshot() {
    return {
      threadId: this.threadId,
      topic: this.topic,
      meetingLink: this.meetingLink,
      meetingId: this.meetingId,
      passcode: this.passcode,
      channel: this.channel,
      recording: this.recording,
      transcription: this.transcription,
      consentRequired: this.consentRequired,
      lobbyEnabled: this.lobbyEnabled,
      anonymousJoin: this.anonymousJoin,
      lobbyTimeoutSeconds: this.lobbyTimeoutSeconds,
      reconnectGraceSeconds: this.reconnectGraceSeconds,
      activity: this.activity,
      optimalVideoCount: this.optimalVideoCount,
      spotlight: [...this.spotlight],
      ...this.options,
      ended: this.ended,
      lobby: this.lobbyList(),
      participants: [...this.participants.values()]
        .filter((p) => p.state !== 'lobby')
        .map((p) => ({ ...publicParticipant(p), role: p.role, consentGranted: p.consentGranted, captions: p.captions.active })),
      departed: this.departed.slice(-20),
      breakoutRooms: this.breakout.snapshot(),
    };
  }

  /** Stops every timer and closes every link (server shutdown). */
  close() {
    this.breakout.close();
    this.#stopCaptions();
    clearInterval(this.#activityTimer);
    for (const p of this.participants.values()) {
      this.clock.clearTimeout(p.lobbyTimer);
      this.clock.clearTimeout(p.graceTimer);
      p.link?.close();
      p.link = undefined;
    }
  }
}

/** @param {Participant} p */
function publicParticipant(p) {
  return {
    id: p.id,
    displayName: p.displayName,
    kind: p.kind,
    state: p.state === 'reconnecting' ? 'connecting' : 'connected',
    muted: p.muted,
    video: p.video,
    handRaised: p.handRaised,
    speaking: p.speaking,
    screenSharing: p.screenSharing,
    network: p.network,
    ...(p.room ? { room: p.room } : {}),
  };
}

/** A random id for a socket session (the resume secret). */
export function newSessionId() {
  return randomBytes(18).toString('base64url');
}
