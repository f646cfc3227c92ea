/**
 * From meeting snapshots to the DOM events `<acs-teams-meeting>` sends about the meeting itself:
 * given the previous and the next snapshot, which of `acs-joined`, `acs-recording-changed`,
 * `acs-transcription-changed`, `acs-participant-joined`/`-left`, `acs-consent-required`,
 * `acs-capabilities-changed`, `acs-diagnostics-changed`, `acs-spotlight-changed` and `acs-breakout-room-changed` are due,
 * in order. Pure (no DOM, no service): the element dispatches what it returns. Phase events
 * (`acs-state-changed`, `acs-left`) stay with the element, whose phase includes its own setup.
 */
import type { AcsEventDetails } from '../events.js';
import type { BreakoutRoom, CapabilityName, ComplianceStatus, MeetingDiagnostics, MeetingState, ParticipantSnapshot } from '../services/meeting-service.js';

type MeetingEventName =
  | 'acs-joined'
  | 'acs-recording-changed'
  | 'acs-transcription-changed'
  | 'acs-participant-joined'
  | 'acs-participant-left'
  | 'acs-consent-required'
  | 'acs-capabilities-changed'
  | 'acs-diagnostics-changed'
  | 'acs-spotlight-changed'
  | 'acs-breakout-room-changed';

export type MeetingEvent = {
  [K in MeetingEventName]: { name: K; detail: AcsEventDetails[K] };
}[MeetingEventName];

/** Participants in the meeting proper (someone waiting in the lobby has not joined yet). */
export function inMeeting(participants: readonly ParticipantSnapshot[]): ParticipantSnapshot[] {
  return participants.filter((participant) => participant.state !== 'lobby');
}

function pick(participant: ParticipantSnapshot): { id: string; displayName: string; kind: ParticipantSnapshot['kind'] } {
  return { id: participant.id, displayName: participant.displayName, kind: participant.kind };
}

/** What the events so far have told the page: joined or not, who is known, consent announced. */
export class MeetingEvents {
  #joined = false;
  #consentAnnounced = false;
  readonly #known = new Map<string, ParticipantSnapshot>();

  /** The local user has joined (the page got `acs-joined`). */
  get joined(): boolean {
    return this.#joined;
  }

  /** Forgets everything: a new join starts from nothing. */
  reset(): void {
    this.#joined = false;
    this.#consentAnnounced = false;
    this.#known.clear();
  }

  /**
   * The events due for the change from `previous` to `next`. The first `connected` snapshot sends
   * `acs-joined` and the compliance state found (`initial: true`), and counts everyone already
   * there as known (no `acs-participant-joined` for them); after that, each change is sent.
   */
  next(next: MeetingState, previous: MeetingState): MeetingEvent[] {
    const events: MeetingEvent[] = [];
    let spotlightBefore = previous.spotlightedParticipants;
    if (next.phase === 'connected' && !this.#joined) {
      this.#joined = true;
      events.push({ name: 'acs-joined', detail: {} });
      events.push({ name: 'acs-recording-changed', detail: { active: next.recording === 'on', initial: true } });
      events.push({ name: 'acs-transcription-changed', detail: { active: next.transcription === 'on', initial: true } });
      events.push({ name: 'acs-capabilities-changed', detail: { capabilities: next.capabilities, role: next.role, initial: true } });
      for (const participant of inMeeting(next.participants)) this.#known.set(participant.id, participant);
      if (changedDiagnostics(next, NOTHING_REPORTED)) events.push({ name: 'acs-diagnostics-changed', detail: diagnosticsOf(next) });
      spotlightBefore = [];
      if (next.breakoutRoom) events.push({ name: 'acs-breakout-room-changed', detail: { room: next.breakoutRoom } });
    } else if (this.#joined) {
      compliance(events, 'acs-recording-changed', next.recording, previous.recording);
      compliance(events, 'acs-transcription-changed', next.transcription, previous.transcription);
      if (next.role !== previous.role || changedCapabilities(next, previous).length > 0) {
        events.push({ name: 'acs-capabilities-changed', detail: { capabilities: next.capabilities, role: next.role, initial: false } });
      }
      // Into a breakout room or back: other people, none of whom joined or left the meeting.
      if (inRoom(next) !== inRoom(previous)) this.#rebase(next.participants);
      else this.#diffParticipants(events, next.participants);
      if (changedDiagnostics(next, previous)) events.push({ name: 'acs-diagnostics-changed', detail: diagnosticsOf(next) });
      if (changedBreakoutRoom(next.breakoutRoom, previous.breakoutRoom)) events.push({ name: 'acs-breakout-room-changed', detail: { room: next.breakoutRoom } });
    }
    // On join (compared with nobody) only if someone is spotlighted already; then on each change.
    const spotlight = next.spotlightedParticipants;
    if (this.#joined && spotlight.join('\n') !== spotlightBefore.join('\n')) {
      events.push({ name: 'acs-spotlight-changed', detail: { participantIds: [...spotlight] } });
    }
    const consentPending = next.consentRequired && !next.consentGranted;
    if (consentPending && !this.#consentAnnounced) {
      this.#consentAnnounced = true;
      events.push({
        name: 'acs-consent-required',
        detail: { recording: next.recording === 'on', transcription: next.transcription === 'on' },
      });
    } else if (!consentPending) {
      this.#consentAnnounced = false;
    }
    return events;
  }

  #rebase(participants: readonly ParticipantSnapshot[]): void {
    this.#known.clear();
    for (const participant of inMeeting(participants)) this.#known.set(participant.id, participant);
  }

  #diffParticipants(events: MeetingEvent[], participants: readonly ParticipantSnapshot[]): void {
    const current = new Map(inMeeting(participants).map((participant) => [participant.id, participant]));
    for (const [id, participant] of current) {
      if (this.#known.has(id)) continue;
      this.#known.set(id, participant);
      events.push({ name: 'acs-participant-joined', detail: { participant: pick(participant) } });
    }
    for (const [id, participant] of this.#known) {
      if (current.has(id)) continue;
      this.#known.delete(id);
      events.push({ name: 'acs-participant-left', detail: { participant: pick(participant) } });
    }
  }
}

function compliance(
  events: MeetingEvent[],
  name: 'acs-recording-changed' | 'acs-transcription-changed',
  next: ComplianceStatus,
  previous: ComplianceStatus,
): void {
  const active = next === 'on';
  if (active !== (previous === 'on')) events.push({ name, detail: { active, initial: false } });
}

/** The capabilities whose `allowed` differs between two snapshots (a reason change alone is not news). */
export function changedCapabilities(next: Pick<MeetingState, 'capabilities'>, previous: Pick<MeetingState, 'capabilities'>): CapabilityName[] {
  return (Object.keys(next.capabilities) as CapabilityName[]).filter(
    (name) => next.capabilities[name].allowed !== previous.capabilities[name]?.allowed,
  );
}

function inRoom(state: Pick<MeetingState, 'breakoutRoom'>): boolean {
  return state.breakoutRoom?.state === 'joined';
}

/**
 * The assigned breakout room, its state, name or end time changed. Snapshots are rebuilt, so values
 * are compared; both backends build the room with its fields in one order.
 */
export function changedBreakoutRoom(next: BreakoutRoom | null, previous: BreakoutRoom | null): boolean {
  return JSON.stringify(next) !== JSON.stringify(previous);
}

/** The page's view of the meeting's diagnostics (the element's `diagnostics` property). */
export function diagnosticsOf(state: Pick<MeetingState, 'network' | 'diagnostics'>): MeetingDiagnostics {
  return { network: state.network, issues: state.diagnostics };
}

const NOTHING_REPORTED: Pick<MeetingState, 'network' | 'diagnostics'> = { network: { self: 'unknown', participants: {} }, diagnostics: [] };

/** Network quality or the raised diagnostics differ (snapshots are rebuilt, so compare values). */
export function changedDiagnostics(next: Pick<MeetingState, 'network' | 'diagnostics'>, previous: Pick<MeetingState, 'network' | 'diagnostics'>): boolean {
  if (next.network.self !== previous.network.self) return true;
  if (next.diagnostics.join('\n') !== previous.diagnostics.join('\n')) return true;
  const ids = new Set([...Object.keys(next.network.participants), ...Object.keys(previous.network.participants)]);
  return [...ids].some((id) => next.network.participants[id] !== previous.network.participants[id]);
}
