/**
 * Who goes where (stage-layout.ts): spotlighted before pinned on the stage, the dominant speakers
 * first in the gallery, at most the optimal video count of videos (the stage's first), and a
 * screen share keeping the stage while the spotlighted and pinned lead the strip.
 */
import { expect } from '@open-wc/testing';
import { arrangeStage } from '../../src/components/teams-meeting/stage-layout.js';
import { initialMeetingState, type MeetingState, type ParticipantSnapshot } from '../../src/services/meeting-service.js';

function person(id: string, extra: Partial<ParticipantSnapshot> = {}): ParticipantSnapshot {
  return { id, displayName: id.toUpperCase(), kind: 'teams', state: 'connected', muted: false, speaking: false, handRaised: false, videoStreamId: `v-${id}`, ...extra };
}

function state(patch: Partial<MeetingState>): MeetingState {
  return { ...initialMeetingState(), phase: 'connected', ...patch };
}

const ids = (list: ParticipantSnapshot[]) => list.map((participant) => participant.id);

describe('arrangeStage', () => {
  it('puts the spotlighted (in spotlight order), then the pinned, on the stage; the rest in the gallery', () => {
    const layout = arrangeStage(
      state({ participants: [person('a'), person('b'), person('c'), person('d')], spotlightedParticipants: ['c', 'a'], maxRemoteVideoStreams: 9 }),
      'd',
      false,
    );
    expect(ids(layout.stage)).to.deep.equal(['c', 'a', 'd']);
    expect(ids(layout.gallery)).to.deep.equal(['b']);
    expect([...layout.withoutVideo]).to.deep.equal([]);
  });

  it('ignores a spotlight or a pin of someone not in the meeting (left, or still in the lobby)', () => {
    const layout = arrangeStage(
      state({ participants: [person('a'), person('l', { state: 'lobby' })], spotlightedParticipants: ['gone', 'l', 'self'] }),
      'gone-too',
      false,
    );
    expect(layout.stage).to.deep.equal([]);
    expect(ids(layout.gallery)).to.deep.equal(['a']);
  });

  it('plays at most the optimal video count: the stage first, then the dominant speakers; the rest are avatars', () => {
    const participants = [person('a'), person('b'), person('c'), person('d'), person('e')];
    const layout = arrangeStage(state({ participants, spotlightedParticipants: ['d'], dominantSpeakers: ['c'], maxRemoteVideoStreams: 2 }), undefined, false);
    expect(ids(layout.stage)).to.deep.equal(['d']);
    // Two tiles, the dominant speaker's among them; two people wait behind "+2". The stage took one
    // of the two videos: the dominant speaker gets the other.
    expect(ids(layout.gallery)).to.deep.equal(['a', 'c']);
    expect(layout.overflow).to.equal(2);
    expect([...layout.withoutVideo]).to.deep.equal(['a']);
  });

  it('one person beyond the count is shown (as an avatar) rather than hidden behind "+1"', () => {
    const participants = [person('a'), person('b'), person('c')];
    const layout = arrangeStage(state({ participants, dominantSpeakers: ['c'], maxRemoteVideoStreams: 2 }), undefined, false);
    expect(ids(layout.gallery)).to.deep.equal(['a', 'b', 'c']);
    expect(layout.overflow).to.equal(0);
    expect([...layout.withoutVideo]).to.deep.equal(['b']);
  });

  it('a stage longer than the video count shows the later ones as avatars', () => {
    const layout = arrangeStage(state({ participants: [person('a'), person('b'), person('c')], spotlightedParticipants: ['a', 'b', 'c'], maxRemoteVideoStreams: 2 }), undefined, false);
    expect(ids(layout.stage)).to.deep.equal(['a', 'b', 'c']);
    expect([...layout.withoutVideo]).to.deep.equal(['c']);
  });

  it('during a screen share the stage stays empty and the spotlighted, then pinned, lead the gallery', () => {
    const layout = arrangeStage(
      state({ participants: [person('a'), person('b'), person('c'), person('s', { screenShareStreamId: 'screen' })], spotlightedParticipants: ['c'], maxRemoteVideoStreams: 9 }),
      'b',
      true,
    );
    expect(layout.stage).to.deep.equal([]);
    expect(ids(layout.gallery)).to.deep.equal(['c', 'b', 'a', 's']);
  });
});
