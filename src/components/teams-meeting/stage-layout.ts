/**
 * Who goes where in the meeting view. The stage holds the spotlighted participants (in spotlight
 * order), then the one the user pinned locally; the gallery holds everyone else, the dominant
 * speakers first when not everyone fits. At most `maxRemoteVideoStreams` remote videos play at
 * once (the SDK's optimal video count), the stage's first: other tiles show their avatar, and
 * the gallery puts anyone beyond that count behind an overflow tile. A screen share takes the
 * stage itself: the spotlighted and pinned then lead the gallery. Pure; part of the in-call chunk.
 */
import type { MeetingState, ParticipantSnapshot } from '../../services/meeting-service.js';

export interface StageLayout {
  /** Spotlighted, then pinned participants, on the stage (empty during a screen share). */
  stage: ParticipantSnapshot[];
  /** The gallery's tiles, in order. */
  gallery: ParticipantSnapshot[];
  /** People in neither, behind the overflow tile. */
  overflow: number;
  /** Tiles (stage or gallery) that show an avatar instead of their video. */
  withoutVideo: ReadonlySet<string>;
}

type LayoutInput = Pick<MeetingState, 'participants' | 'dominantSpeakers' | 'spotlightedParticipants' | 'maxRemoteVideoStreams'>;

export function arrangeStage(state: LayoutInput, pinned: string | undefined, screenShare: boolean): StageLayout {
  const remote = state.participants.filter((participant) => participant.state !== 'lobby');
  const byId = new Map(remote.map((participant) => [participant.id, participant]));
  const featured = [...new Set([...state.spotlightedParticipants, ...(pinned ? [pinned] : [])])].filter((id) => byId.has(id));
  const limit = Math.max(1, state.maxRemoteVideoStreams);
  const withoutVideo = new Set<string>();

  const stage = screenShare ? [] : featured.map((id) => byId.get(id) as ParticipantSnapshot);
  stage.forEach((participant, index) => {
    if (index >= limit) withoutVideo.add(participant.id);
  });
  const onStage = new Set(stage.map((participant) => participant.id));
  const rest = remote.filter((participant) => !onStage.has(participant.id));
  const priority = screenShare ? [...featured, ...state.dominantSpeakers] : state.dominantSpeakers;

  let gallery = pickVisible(rest, priority, limit);
  // One hidden person: show them (their avatar) rather than a "+1" tile that hides a face.
  if (rest.length - gallery.length === 1) gallery = rest;
  if (screenShare && featured.length > 0) gallery = leading(gallery, featured);

  // The videos the stage leaves go to the gallery's most important tiles; the others show avatars.
  const budget = Math.max(0, limit - stage.length);
  for (const participant of leading(gallery, priority).slice(budget)) withoutVideo.add(participant.id);

  return { stage, gallery, overflow: rest.length - gallery.length, withoutVideo };
}

/** `limit` participants, those named in `priority` first; in their original order. */
export function pickVisible(participants: ParticipantSnapshot[], priority: readonly string[], limit: number): ParticipantSnapshot[] {
  if (participants.length <= limit) return participants;
  const chosen = new Set<string>();
  for (const id of priority) {
    if (chosen.size >= limit) break;
    if (participants.some((participant) => participant.id === id)) chosen.add(id);
  }
  for (const participant of participants) {
    if (chosen.size >= limit) break;
    chosen.add(participant.id);
  }
  return participants.filter((participant) => chosen.has(participant.id));
}

/** The participants named in `first` (in that order), then the others in their order. */
function leading(participants: ParticipantSnapshot[], first: readonly string[]): ParticipantSnapshot[] {
  const rank = (participant: ParticipantSnapshot) => {
    const index = first.indexOf(participant.id);
    return index < 0 ? first.length : index;
  };
  return participants
    .map((participant, index) => ({ participant, index }))
    .sort((a, b) => rank(a.participant) - rank(b.participant) || a.index - b.index)
    .map((entry) => entry.participant);
}
