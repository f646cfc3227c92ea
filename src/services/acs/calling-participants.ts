/**
 * Maps the SDK's participants, identifiers and video streams to the plain snapshot types.
 * Type-only SDK imports; `getIdentifierRawId` comes from communication-common (pure, tiny).
 */
import type { RemoteParticipant, RemoteParticipantState, RemoteVideoStream } from '@azure/communication-calling';
import { getIdentifierRawId, type CommunicationIdentifier, type CommunicationIdentifierKind } from '@azure/communication-common';
import type { CallRemote } from '../call-service.js';
import type { ParticipantKind, ParticipantSnapshot } from '../meeting-service.js';

/** A stable string id for any identifier (its rawId). */
export function identifierId(identifier: CommunicationIdentifier): string {
  return getIdentifierRawId(identifier);
}

/** What kind of party an identifier names (a Teams app is a call queue or auto attendant). */
export function identifierKind(identifier: CommunicationIdentifierKind | undefined): CallRemote['kind'] {
  switch (identifier?.kind) {
    case 'microsoftTeamsUser':
      return 'teams';
    case 'microsoftTeamsApp':
      return 'app';
    case 'communicationUser':
      return 'acs';
    case 'phoneNumber':
      return 'phone';
    default:
      return 'unknown';
  }
}

/** A meeting participant's kind: meetings know no app participants, so an app is `unknown`. */
export function participantKind(identifier: CommunicationIdentifierKind): ParticipantKind {
  const kind = identifierKind(identifier);
  return kind === 'app' ? 'unknown' : kind;
}

export function participantState(state: RemoteParticipantState): ParticipantSnapshot['state'] {
  switch (state) {
    case 'Connected':
      return 'connected';
    case 'Hold':
      return 'on-hold';
    case 'InLobby':
      return 'lobby';
    default:
      return 'connecting';
  }
}

/** Gives every SDK video stream object one string id for the life of the service. */
export class StreamIds {
  private readonly ids = new WeakMap<object, string>();
  private next = 1;

  idFor(stream: object, prefix: string): string {
    let id = this.ids.get(stream);
    if (id === undefined) {
      id = `${prefix}-${this.next++}`;
      this.ids.set(stream, id);
    }
    return id;
  }
}

export interface ParticipantContext {
  streamIds: StreamIds;
  /** Filled with the id → stream of every available remote stream, for `createView`. */
  streams: Map<string, RemoteVideoStream>;
  raisedHands: ReadonlySet<string>;
}

export function participantSnapshot(participant: RemoteParticipant, context: ParticipantContext): ParticipantSnapshot {
  const id = identifierId(participant.identifier);
  const snapshot: ParticipantSnapshot = {
    id,
    displayName: participant.displayName ?? '',
    kind: participantKind(participant.identifier),
    state: participantState(participant.state),
    muted: participant.isMuted,
    speaking: participant.isSpeaking,
    handRaised: context.raisedHands.has(id),
  };
  for (const stream of participant.videoStreams) {
    if (!stream.isAvailable) continue;
    if (stream.mediaStreamType === 'Video' && snapshot.videoStreamId === undefined) {
      snapshot.videoStreamId = context.streamIds.idFor(stream, 'video');
      context.streams.set(snapshot.videoStreamId, stream);
    } else if (stream.mediaStreamType === 'ScreenSharing' && snapshot.screenShareStreamId === undefined) {
      snapshot.screenShareStreamId = context.streamIds.idFor(stream, 'screen');
      context.streams.set(snapshot.screenShareStreamId, stream);
    }
  }
  return snapshot;
}
