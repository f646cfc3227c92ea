/**
 * The seam between `<acs-teams-meeting>` and a meeting backend. Two implementations:
 * `acs/` (the real @azure/communication-calling) and `simulated/` (the local emulator over
 * WebSocket). Elements never import an SDK; they read a plain, serializable snapshot and call
 * commands. Shaped like the ACS UI Library's adapters.
 */
import type { EndInfo } from '../core/end-reasons.js';
import type { TokenSession } from '../core/token-source.js';
import type { VideoView } from './video-view.js';
import type { VideoEffect, VideoEffectsEngine } from './video-effects.js';

export type { EndInfo, LeftReason } from '../core/end-reasons.js';
export type { VideoView } from './video-view.js';

export type MeetingPhase = 'setup' | 'connecting' | 'lobby' | 'connected' | 'reconnecting' | 'ended';

export type ParticipantKind = 'teams' | 'acs' | 'phone' | 'unknown';

export interface ParticipantSnapshot {
  id: string;
  displayName: string;
  kind: ParticipantKind;
  /** Remote participant's connection state, as far as it matters to the UI. */
  state: 'connecting' | 'connected' | 'on-hold' | 'lobby';
  muted: boolean;
  speaking: boolean;
  handRaised: boolean;
  /** Stream id of an available camera stream, for `createView`. */
  videoStreamId?: string;
  /** Stream id of an available screen-share stream, for `createView`. */
  screenShareStreamId?: string;
}

export interface LobbyEntry {
  id: string;
  displayName: string;
}

/**
 * 'off' → never on in this call (or not known); 'on' → active; 'stopped' → was on, now stopped
 * (Teams is saving it). The banner shows 'on' and 'stopped'.
 */
export type ComplianceStatus = 'off' | 'on' | 'stopped';

export interface CaptionEntry {
  id: string;
  speakerName: string;
  text: string;
  final: boolean;
}

export interface ReactionEntry {
  id: string;
  participantId: string;
  reaction: ReactionType;
  at: number;
}

export type ReactionType = 'like' | 'heart' | 'laugh' | 'surprised' | 'applause';

/**
 * What the meeting lets the local user do, from Teams' meeting options and the user's role (the
 * SDK's Capabilities feature). A capability not allowed says why: the user's `role` (e.g. only
 * presenters share), the organizer's `meeting` options (e.g. microphones off for attendees), an
 * organization `policy`, or `unsupported` in this meeting.
 */
export type CapabilityName = 'unmuteMic' | 'turnVideoOn' | 'shareScreen' | 'useReactions' | 'raiseHand' | 'manageLobby' | 'spotlightParticipant';
export type CapabilityReason = 'role' | 'meeting' | 'policy' | 'unsupported';
export interface Capability {
  allowed: boolean;
  reason?: CapabilityReason;
}
export type MeetingCapabilities = Record<CapabilityName, Capability>;
export const CAPABILITY_NAMES: readonly CapabilityName[] = [
  'unmuteMic',
  'turnVideoOn',
  'shareScreen',
  'useReactions',
  'raiseHand',
  'manageLobby',
  'spotlightParticipant',
];

export type MeetingRole = 'organizer' | 'co-organizer' | 'presenter' | 'attendee' | 'unknown';

/** Everything allowed: what a meeting that says nothing (or has not said it yet) means. */
export function allCapabilities(): MeetingCapabilities {
  return Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, { allowed: true }])) as MeetingCapabilities;
}

/**
 * Network quality as the SDK's user-facing diagnostics grade it: 'good', 'poor' (a mild problem:
 * audio may break up), 'bad' (a severe problem, or no network), 'unknown' (nothing reported yet).
 */
export type NetworkLevel = 'good' | 'poor' | 'bad' | 'unknown';
export interface NetworkQuality {
  /** The local user's connection: the worse of sending, receiving and reconnecting. */
  self: NetworkLevel;
  /** Remote participants' connections, by participant id; a participant not listed is 'unknown'. */
  participants: Record<string, NetworkLevel>;
}

export function unknownNetwork(): NetworkQuality {
  return { self: 'unknown', participants: {} };
}

/**
 * What `<acs-teams-meeting>`'s `diagnostics` property and `acs-diagnostics-changed` event report:
 * network quality, and the names of the SDK's user-facing diagnostics that are raised now.
 */
export interface MeetingDiagnostics {
  network: NetworkQuality;
  /** e.g. `networkReconnect`, `noNetwork`, `cameraFreeze`, `microphonePermissionDenied`. */
  issues: string[];
}

/**
 * The breakout room the organizer assigned the local user to, while rooms are open: 'assigned'
 * (the user may join with `joinBreakoutRoom()`), 'joining' (moving in, automatically or on
 * request), 'joined' (in the room: its call and its chat thread). Rooms closing (or the user
 * returning) set it back to null.
 */
export interface BreakoutRoom {
  id: string;
  name: string;
  /** The room's own chat thread (the meeting chat switches to it while the user is in the room). */
  threadId: string;
  /** When the organizer's timer closes the room (ms since the epoch), when one is set. */
  endsAt?: number;
  /** The room's settings move the user in on their own (no Join button). */
  autoJoin: boolean;
  /** The user may go back to the main meeting before the room closes. */
  canReturn: boolean;
  state: 'assigned' | 'joining' | 'joined';
}

/** The chat thread the user talks in now: the breakout room's while in one, else the meeting's. */
export function currentThreadId(state: Pick<MeetingState, 'threadId' | 'breakoutRoom'>): string | undefined {
  return state.breakoutRoom?.state === 'joined' ? state.breakoutRoom.threadId : state.threadId;
}

export interface DeviceInfo {
  id: string;
  name: string;
}

export interface MeetingState {
  phase: MeetingPhase;
  /** Set once phase is 'ended'. */
  end?: EndInfo;
  /** The meeting chat thread, from the call once connected. */
  threadId?: string;
  selfId?: string;
  displayName?: string;
  muted: boolean;
  cameraOn: boolean;
  screenSharing: boolean;
  handRaised: boolean;
  /** Stream id of the local camera (for `createView`) while the camera is on. */
  localVideoStreamId?: string;
  recording: ComplianceStatus;
  transcription: ComplianceStatus;
  /** Teams demands explicit consent before the user may unmute or turn the camera on. */
  consentRequired: boolean;
  consentGranted: boolean;
  participants: ParticipantSnapshot[];
  lobby: LobbyEntry[];
  /** The local user may admit or reject lobby participants (organizer/presenter). */
  canManageLobby: boolean;
  dominantSpeakers: string[];
  captions: { active: boolean; entries: CaptionEntry[] };
  reactions: ReactionEntry[];
  /** Network or media problems the SDK reports (user-facing diagnostics), by name. */
  diagnostics: string[];
  /** Own and remote participants' network quality. */
  network: NetworkQuality;
  /**
   * How many remote video streams the backend renders at once (the SDK's optimal video count);
   * beyond it, avatars and an overflow tile.
   */
  maxRemoteVideoStreams: number;
  /**
   * Who is spotlighted for everyone (by the organizer, or themselves), in spotlight order: raw
   * participant ids, the local user's `selfId` included when the user is spotlighted.
   */
  spotlightedParticipants: string[];
  /** The local user's role in the meeting. */
  role: MeetingRole;
  /** What the meeting lets the local user do now. */
  capabilities: MeetingCapabilities;
  /** The breakout room the user is assigned to (or in) while rooms are open; else null. */
  breakoutRoom: BreakoutRoom | null;
  /** The background effect on the local camera (kept for the next camera start). */
  videoEffect: VideoEffect;
  /** Noise suppression on the microphone is on. */
  noiseSuppression: boolean;
}

export type MeetingLocator = { meetingLink: string } | { meetingId: string; passcode: string };

export interface JoinOptions {
  locator: MeetingLocator;
  /** Shown to Teams for a guest; ignored for Teams identities. */
  displayName: string;
  muted: boolean;
  cameraOn: boolean;
  devices: { cameraId?: string; microphoneId?: string; speakerId?: string };
  /** The background effect picked on the setup screen (default 'none'). */
  videoEffect?: VideoEffect;
  /** Noise suppression picked in the device settings (default off). */
  noiseSuppression?: boolean;
  /**
   * The setup preview's live camera (one video track, of `devices.cameraId` when one is chosen),
   * handed over so the camera is not stopped and opened again at Join. The service owns it from
   * the call on: it sends it (or holds it until its own camera stream runs) and stops it on every
   * way out — camera off, another camera, end, dispose, a failed join. Absent with the camera off.
   */
  preview?: MediaStream;
}

export type MeetingListener = (state: MeetingState, previous: MeetingState) => void;

export interface MeetingService {
  getState(): MeetingState;
  subscribe(listener: MeetingListener): () => void;
  /** Resolves once the join request is under way; state follows through `subscribe`. */
  join(options: JoinOptions): Promise<void>;
  /**
   * Optional: true when `join` takes `JoinOptions.preview` over (and so stops it). A service
   * without it (e.g. a page's own, through `serviceFactory`) never gets one: the element stops
   * the preview itself, and the camera is never left on.
   */
  readonly takesPreview?: boolean;
  leave(): Promise<void>;
  setMuted(muted: boolean): Promise<void>;
  setCameraOn(on: boolean): Promise<void>;
  startScreenShare(): Promise<void>;
  stopScreenShare(): Promise<void>;
  raiseHand(): Promise<void>;
  lowerHand(): Promise<void>;
  /** Spotlights the local user for everyone (needs the `spotlightParticipant` capability). */
  startSpotlight(): Promise<void>;
  /** Takes the local user out of the spotlight (always allowed; nothing happens when not spotlighted). */
  stopSpotlight(): Promise<void>;
  sendReaction(reaction: ReactionType): Promise<void>;
  startCaptions(spokenLanguage: string): Promise<void>;
  stopCaptions(): Promise<void>;
  grantConsent(): Promise<void>;
  admit(participantId: string): Promise<void>;
  reject(participantId: string): Promise<void>;
  selectDevices(devices: JoinOptions['devices']): Promise<void>;
  createView(streamId: string): Promise<VideoView>;
  /** Moves the user into the assigned breakout room (when the room does not move them itself). */
  joinBreakoutRoom(): Promise<void>;
  /** Takes the user from the breakout room back to the main meeting. */
  returnToMainMeeting(): Promise<void>;
  /** Leaves if needed, stops every track, removes every listener. Idempotent. */
  dispose(): Promise<void>;
  /**
   * Optional: starts, in the background, whatever a join would otherwise wait for (the real SDK:
   * its call agent, when the identity or the known display name allows). Never throws; a failure
   * is met again, and reported, by `join`.
   */
  prepare?(hints: { displayName?: string }): void;
  /**
   * Optional: what the backend can tell about a meeting before joining it (the emulator can; the
   * real SDK has no pre-join API). Resolves undefined when it cannot tell; never rejects.
   */
  lookup?(locator: MeetingLocator): Promise<MeetingPreview | undefined>;
  /**
   * Optional: the backend's effects engine, loaded on first call (its own chunk; the SDK adapter
   * brings in @azure/communication-calling-effects). Only the effects picker calls it.
   */
  videoEffects?(): Promise<VideoEffectsEngine>;
  /** Optional: puts `effect` on the local camera now (and on every later camera start). */
  setVideoEffect?(effect: VideoEffect): Promise<void>;
  /** Optional: turns noise suppression on the microphone on or off. */
  setNoiseSuppression?(on: boolean): Promise<void>;
}

/** What is known of a meeting before joining it (see `MeetingService.lookup`). */
export interface MeetingPreview {
  /** The meeting's subject, when the backend knows it. */
  topic?: string;
  /** False when the meeting refuses guests (ACS identities): a join would end 403. */
  guestsAllowed?: boolean;
}

export interface MeetingServiceOptions {
  session: TokenSession;
  identity: 'acs' | 'teams';
}

export function initialMeetingState(): MeetingState {
  return {
    phase: 'setup',
    muted: false,
    cameraOn: false,
    screenSharing: false,
    handRaised: false,
    recording: 'off',
    transcription: 'off',
    consentRequired: false,
    consentGranted: false,
    participants: [],
    lobby: [],
    canManageLobby: false,
    dominantSpeakers: [],
    captions: { active: false, entries: [] },
    reactions: [],
    diagnostics: [],
    network: unknownNetwork(),
    maxRemoteVideoStreams: 4,
    spotlightedParticipants: [],
    role: 'unknown',
    capabilities: allCapabilities(),
    breakoutRoom: null,
    videoEffect: 'none',
    noiseSuppression: false,
  };
}

/** What a meeting shows only while it runs: each goes back to its initial value when it ends. */
const IN_MEETING: ReadonlyArray<keyof MeetingState> = [
  'screenSharing',
  'handRaised',
  'participants',
  'lobby',
  'canManageLobby',
  'dominantSpeakers',
  'captions',
  'reactions',
  'diagnostics',
  'network',
  'role',
  'capabilities',
  'spotlightedParticipants',
  'breakoutRoom',
];

/**
 * The snapshot once the meeting ended: the in-meeting fields reset from `initialMeetingState()`;
 * who the user was, the chat thread and the last compliance state stay (the end screen and the
 * chat's history read them); `local` says what is left of the local media.
 */
export function endedMeetingState(
  previous: MeetingState,
  end: EndInfo,
  local: Pick<MeetingState, 'cameraOn' | 'localVideoStreamId'> & Partial<Pick<MeetingState, 'muted'>>,
): MeetingState {
  const initial = initialMeetingState();
  const reset = Object.fromEntries(IN_MEETING.map((key) => [key, initial[key]])) as Partial<MeetingState>;
  return { ...previous, ...reset, ...local, phase: 'ended', end };
}
