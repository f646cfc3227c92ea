// @ts-check
/**
 * Breakout rooms of one simulated Teams meeting, as the organizer runs them in Teams: rooms are
 * created and people assigned while closed; opening them moves the assigned people in (when
 * "automatically move people" is on; else each guest joins with a button), optionally with a
 * timer; closing them (or the timer running out) brings everyone back to the main meeting.
 *
 * Each room has its own chat thread; a participant is a member of it while in the room. The
 * rooms know nothing about sockets: the meeting broadcasts after each change (`changed`).
 */
import { newThreadId } from './locator.js';

/** At most this many rooms per meeting (Teams allows 50). */
export const MAX_ROOMS = 50;
/** The longest timer the organizer can set, in seconds (24 h). */
export const MAX_DURATION_SECONDS = 86_400;

/**
 * @typedef {object} Room
 * @property {string} id
 * @property {string} name
 * @property {string} threadId the room's own chat thread
 * @property {Set<string>} assigned ids of the participants assigned to it
 */

/**
 * @typedef {object} RoomView what one participant sees of its room (the socket's `breakoutRoom`)
 * @property {string} id
 * @property {string} name
 * @property {string} threadId
 * @property {number} [endsAt]
 * @property {boolean} autoJoin
 * @property {boolean} canReturn
 * @property {'assigned' | 'joined'} state
 */

/**
 * @typedef {object} BreakoutHooks
 * @property {(threadId: string, topic: string) => void} createThread
 * @property {(threadId: string, p: import('./meeting.js').Participant) => void} chatAdd
 * @property {(threadId: string, p: import('./meeting.js').Participant) => void} chatRemove
 * @property {() => void} changed
 */

/** A refused breakout command: the socket answers with this code, the control API with a 4xx. */
export class BreakoutError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class BreakoutRooms {
  /**
   * @param {Map<string, import('./meeting.js').Participant>} participants the meeting's participants
   * @param {import('../clock.js').Clock} clock
   * @param {BreakoutHooks} hooks
   */
  constructor(participants, clock, hooks) {
    this.participants = participants;
    this.clock = clock;
    this.hooks = hooks;
    /** @type {Map<string, Room>} */
    this.rooms = new Map();
    this.open = false;
    /** Teams' default: people are moved into their rooms automatically. */
    this.autoMove = true;
    /** Teams' default: participants cannot leave their room before it closes. */
    this.canReturn = false;
    /** @type {number | undefined} */
    this.endsAt = undefined;
    /** @type {unknown} */
    this.timer = undefined;
    this.seq = 0;
  }

  /**
   * @param {string} name
   * @returns {Room}
   */
  create(name) {
    if (this.rooms.size >= MAX_ROOMS) throw new BreakoutError(409, 'TooManyRooms', `A meeting has at most ${MAX_ROOMS} breakout rooms.`);
    const trimmed = name.trim();
    if (!trimmed) throw new BreakoutError(400, 'BadRequest', 'name is required.');
    this.seq += 1;
    /** @type {Room} */
    const room = { id: `room-${this.seq}`, name: trimmed, threadId: newThreadId(false), assigned: new Set() };
    this.rooms.set(room.id, room);
    this.hooks.createThread(room.threadId, room.name);
    this.hooks.changed();
    return room;
  }

  /**
   * Assigns a participant to a room (taking them out of any other); while rooms are open, the
   * move happens at once for people Teams moves on its own.
   * @param {string} roomId
   * @param {string} participantId
   */
  assign(roomId, participantId) {
    const room = this.#room(roomId);
    const p = this.participants.get(participantId);
    if (!p || p.state === 'lobby') throw new BreakoutError(404, 'NotFound', 'No participant with this id.');
    for (const other of this.rooms.values()) other.assigned.delete(p.id);
    room.assigned.add(p.id);
    if (p.room && p.room !== room.id) this.#exit(p);
    if (this.open && this.#movesItself(p)) this.#enter(p, room);
    this.hooks.changed();
  }

  /** @param {{ autoMove?: boolean, canReturn?: boolean }} patch */
  settings(patch) {
    if (patch.autoMove !== undefined) this.autoMove = patch.autoMove;
    if (patch.canReturn !== undefined) this.canReturn = patch.canReturn;
    this.hooks.changed();
  }

  /**
   * Opens every room; with a duration, the rooms close on their own when it runs out.
   * @param {number} [durationSeconds]
   */
  openRooms(durationSeconds) {
    if (this.rooms.size === 0) throw new BreakoutError(409, 'NoRooms', 'Create a breakout room first.');
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.endsAt = undefined;
    if (durationSeconds !== undefined && durationSeconds > 0) {
      this.endsAt = this.clock.now() + durationSeconds * 1000;
      this.timer = this.clock.setTimeout(() => this.closeRooms(), durationSeconds * 1000);
    }
    this.open = true;
    for (const room of this.rooms.values()) {
      for (const id of room.assigned) {
        const p = this.participants.get(id);
        if (p && p.state !== 'lobby' && this.#movesItself(p)) this.#enter(p, room);
      }
    }
    this.hooks.changed();
  }

  /** Closes every room: everyone in one goes back to the main meeting. */
  closeRooms() {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.endsAt = undefined;
    this.open = false;
    for (const p of this.participants.values()) if (p.room) this.#exit(p);
    this.hooks.changed();
  }

  /**
   * The participant's own "Join room".
   * @param {import('./meeting.js').Participant} p
   */
  join(p) {
    const room = this.assignedRoom(p);
    if (!room || !this.open) throw new BreakoutError(409, 'NoBreakoutRoom', 'No open breakout room is assigned to you.');
    if (p.room === room.id) return;
    this.#enter(p, room);
    this.hooks.changed();
  }

  /**
   * The participant's own "Return to main meeting".
   * @param {import('./meeting.js').Participant} p
   */
  returnToMain(p) {
    if (!p.room) throw new BreakoutError(409, 'NotInBreakoutRoom', 'You are not in a breakout room.');
    if (!this.canReturn) throw new BreakoutError(403, 'ReturnNotAllowed', 'The organizer has not allowed returning before the rooms close.');
    this.#exit(p);
    this.hooks.changed();
  }

  /**
   * Someone left the meeting: out of their room and its chat, and no longer assigned.
   * @param {import('./meeting.js').Participant} p
   */
  forget(p) {
    if (p.room) this.#exit(p);
    for (const room of this.rooms.values()) room.assigned.delete(p.id);
  }

  /** @param {import('./meeting.js').Participant} p */
  assignedRoom(p) {
    for (const room of this.rooms.values()) if (room.assigned.has(p.id)) return room;
    return undefined;
  }

  /**
   * What the participant sees: its room while rooms are open (or while it is still in one).
   * @param {import('./meeting.js').Participant} p
   * @returns {RoomView | null}
   */
  viewFor(p) {
    const room = p.room ? this.rooms.get(p.room) : this.open ? this.assignedRoom(p) : undefined;
    if (!room) return null;
    return {
      id: room.id,
      name: room.name,
      threadId: room.threadId,
      ...(this.endsAt === undefined ? {} : { endsAt: this.endsAt }),
      autoJoin: this.autoMove,
      canReturn: this.canReturn,
      state: p.room === room.id ? 'joined' : 'assigned',
    };
  }

  /** @param {string} threadId */
  roomOfThread(threadId) {
    for (const room of this.rooms.values()) if (room.threadId === threadId) return room;
    return undefined;
  }

  /** The control API's view. */
  snapshot() {
    return {
      open: this.open,
      autoMove: this.autoMove,
      canReturn: this.canReturn,
      ...(this.endsAt === undefined ? {} : { endsAt: new Date(this.endsAt).toISOString() }),
      rooms: [...this.rooms.values()].map((room) => ({
        id: room.id,
        name: room.name,
        threadId: room.threadId,
        assigned: [...room.assigned],
        present: [...this.participants.values()].filter((p) => p.room === room.id).map((p) => p.id),
      })),
    };
  }

  close() {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Simulated people (Teams, phone) always go; a guest goes on its own only with auto-move on. */
  /** @param {import('./meeting.js').Participant} p */
  #movesItself(p) {
    return !p.remote || this.autoMove;
  }

  /** @param {string} roomId */
  #room(roomId) {
    const room = this.rooms.get(roomId);
    if (!room) throw new BreakoutError(404, 'NotFound', 'No breakout room with this id.');
    return room;
  }

  /**
   * @param {import('./meeting.js').Participant} p
   * @param {Room} room
   */
  #enter(p, room) {
    if (p.room === room.id) return;
    if (p.room) this.#exit(p);
    p.room = room.id;
    p.handRaised = false;
    p.screenSharing = false;
    this.hooks.chatAdd(room.threadId, p);
  }

  /** @param {import('./meeting.js').Participant} p */
  #exit(p) {
    const room = p.room ? this.rooms.get(p.room) : undefined;
    p.room = undefined;
    p.handRaised = false;
    p.screenSharing = false;
    if (room) this.hooks.chatRemove(room.threadId, p);
  }
}
