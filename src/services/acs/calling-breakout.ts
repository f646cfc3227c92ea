/**
 * The calling SDK's BreakoutRooms feature as the seam's `breakoutRoom`, and the call moves it
 * brings. Type-only SDK imports: the feature factory comes from the injected `CallingFeatures`.
 *
 * What the SDK does (Microsoft Learn, "Breakout rooms", and the 2.0 typings): `breakoutRoomsUpdated`
 * brings `assignedBreakoutRooms` (the room assigned, `open` or `closed`, with
 * `autoMoveParticipantToBreakoutRoom`), `join` (the room's call, once the user is in it: moved
 * automatically, or after `room.join()`), and `breakoutRoomsSettings` (the room's end time and
 * whether returning early is allowed, known once in the room). Joining a room takes the user out of
 * the main meeting: the room's call replaces it, and the room's own BreakoutRooms feature reports
 * what follows (rooms closing, a new assignment). `room.returnToMainMeeting()` resolves with the
 * main meeting's call; newer SDKs also announce the way back when rooms close
 * (`rejoinMainMeeting`), which 2.0 does not declare, so it is read defensively.
 */
import type { BreakoutRoom as SdkBreakoutRoom, BreakoutRoomsCallFeature, BreakoutRoomsEventData, BreakoutRoomsSettings } from '@azure/communication-calling';
import type { BreakoutRoom } from '../meeting-service.js';
import { Listeners } from './calling-listeners.js';
import type { AnyCall, CallingFeatures } from './calling-types.js';

export interface BreakoutHooks {
  /** The snapshot may have changed. */
  changed(): void;
  /** The user is now in `call` (a room's, or the main meeting's again): the adapter follows it. */
  moveTo(call: AnyCall): void;
}

/**
 * The room's end time as milliseconds since the epoch. The typings say `TimestampInfo`
 * (`{attemptTimestamp}` or `{deltaTimeInMs}` from now); the docs show a Date: all are read.
 */
export function endTimeOf(value: unknown, now: number): number | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  if (value && typeof value === 'object') {
    const info = value as { attemptTimestamp?: unknown; deltaTimeInMs?: unknown };
    if (typeof info.attemptTimestamp === 'number' && info.attemptTimestamp > 0) return info.attemptTimestamp;
    if (typeof info.deltaTimeInMs === 'number' && Number.isFinite(info.deltaTimeInMs)) return now + info.deltaTimeInMs;
  }
  return undefined;
}

export class BreakoutTracker {
  private readonly listeners = new Listeners();
  /** The room assigned, as the SDK last reported it. */
  private room?: SdkBreakoutRoom;
  private settings?: BreakoutRoomsSettings;
  private endsAt?: number;
  /** The user is in the room's call (not the main meeting's). */
  private inRoom = false;
  /** A move is under way: the user's `join()`, or Teams' automatic move. */
  private joining = false;
  /** A move back to the main meeting is under way. */
  private returning = false;
  private current?: AnyCall;

  constructor(
    private readonly features: Pick<CallingFeatures, 'BreakoutRooms'>,
    private readonly hooks: BreakoutHooks,
    private readonly now: () => number = Date.now,
  ) {}

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** True while the user is in a breakout room's call. */
  get inBreakoutRoom(): boolean {
    return this.inRoom;
  }

  /**
   * A move between calls is under way (into a room, automatically or on request, or back): the
   * call being left may end before the next one is announced, and that end is not the meeting's.
   */
  get moving(): boolean {
    const room = this.room;
    const autoMove = !this.inRoom && room?.state === 'open' && room.autoMoveParticipantToBreakoutRoom === true;
    return this.joining || this.returning || autoMove;
  }

  /**
   * Follows the BreakoutRooms feature of `call` (the main meeting's, or a room's once the user is
   * in it). What the feature already knows is read at once; no event comes for it.
   */
  attach(call: AnyCall): void {
    this.listeners.clear();
    this.current = call;
    let feature: BreakoutRoomsCallFeature;
    try {
      feature = call.feature(this.features.BreakoutRooms);
    } catch {
      return; // Not a Teams meeting, or an SDK without the feature: no rooms.
    }
    const onUpdate = (event: BreakoutRoomsEventData) => this.onUpdate(call, event);
    feature.on('breakoutRoomsUpdated', onUpdate);
    this.listeners.add(() => feature.off('breakoutRoomsUpdated', onUpdate));
    if (feature.assignedBreakoutRooms) this.room = feature.assignedBreakoutRooms;
    if (feature.breakoutRoomsSettings) this.setSettings(feature.breakoutRoomsSettings);
  }

  snapshot(): BreakoutRoom | null {
    const room = this.room;
    if (!room || (room.state !== 'open' && !this.inRoom)) return null;
    const autoJoin = room.autoMoveParticipantToBreakoutRoom === true;
    return {
      id: room.threadId,
      name: room.displayName ?? '',
      threadId: room.threadId,
      ...(this.inRoom && this.endsAt !== undefined ? { endsAt: this.endsAt } : {}),
      autoJoin,
      canReturn: this.inRoom && this.settings?.disableReturnToMainMeeting !== true,
      state: this.inRoom ? 'joined' : this.joining || autoJoin ? 'joining' : 'assigned',
    };
  }

  /** The user's "Join room" (the room does not move people in by itself). */
  async join(): Promise<void> {
    const room = this.room;
    if (!room || room.state !== 'open') throw new Error('No open breakout room is assigned');
    if (this.inRoom) return;
    this.joining = true;
    this.hooks.changed();
    try {
      const call = await room.join();
      this.enterRoom(call);
    } finally {
      this.joining = false;
      this.hooks.changed();
    }
  }

  /** The user's "Return to main meeting". */
  async returnToMain(): Promise<void> {
    const room = this.room;
    if (!room || !this.inRoom) return;
    this.returning = true;
    try {
      this.backToMain(await room.returnToMainMeeting());
    } finally {
      this.returning = false;
      this.hooks.changed();
    }
  }

  /** The meeting is over for this user: forget every room. */
  reset(): void {
    this.listeners.clear();
    this.room = undefined;
    this.settings = undefined;
    this.endsAt = undefined;
    this.inRoom = false;
    this.joining = false;
    this.returning = false;
    this.current = undefined;
  }

  private onUpdate(call: AnyCall, event: BreakoutRoomsEventData | { type: string; data?: unknown }): void {
    if (call !== this.current) return;
    switch (event.type) {
      case 'assignedBreakoutRooms': {
        const room = event.data as SdkBreakoutRoom | undefined;
        const wasIn = this.inRoom;
        const previous = this.room;
        this.room = room;
        if (wasIn && (!room || room.state === 'closed' || room.threadId !== previous?.threadId)) {
          // The room being left: as the SDK reports it now, or as it was before another was assigned.
          this.leaveClosedRoom(room && room.threadId === previous?.threadId ? room : (previous ?? room));
        }
        break;
      }
      case 'join':
        this.enterRoom(event.data as AnyCall);
        break;
      case 'rejoinMainMeeting':
        if (event.data) this.backToMain(event.data as AnyCall);
        break;
      case 'breakoutRoomsSettings':
        this.setSettings(event.data as BreakoutRoomsSettings | undefined);
        break;
      default:
      // 'breakoutRooms' (every room) is for managers; a guest's UI does not list rooms.
    }
    this.hooks.changed();
  }

  private setSettings(settings: BreakoutRoomsSettings | undefined): void {
    this.settings = settings;
    this.endsAt = endTimeOf(settings?.roomEndTime, this.now());
  }

  private enterRoom(call: AnyCall): void {
    if (this.inRoom && call === this.current) return;
    this.inRoom = true;
    this.joining = false;
    this.hooks.moveTo(call);
  }

  private backToMain(call: AnyCall): void {
    if (!this.inRoom) return;
    this.inRoom = false;
    this.settings = undefined;
    this.endsAt = undefined;
    this.hooks.moveTo(call);
  }

  /**
   * The room closed (or another was assigned) while the user was in it: back to the main meeting.
   * SDKs that move the user themselves announce it (`rejoinMainMeeting`); with 2.0 the room's
   * `returnToMainMeeting()` does it, and a failure leaves the room's call to end on its own.
   */
  private leaveClosedRoom(room: SdkBreakoutRoom | undefined): void {
    if (!room || this.returning) return;
    this.returning = true;
    room.returnToMainMeeting().then(
      (main) => {
        this.returning = false;
        this.backToMain(main);
        this.hooks.changed();
      },
      () => {
        this.returning = false;
        this.hooks.changed();
      },
    );
  }
}
