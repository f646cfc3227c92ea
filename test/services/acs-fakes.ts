/**
 * Fakes of the calling SDK objects the meeting adapter touches. Each class `implements` a Pick of
 * the SDK's own interface, so when the SDK's shape changes (a renamed property, a new argument)
 * these stop compiling (`npm run typecheck`). Type-only imports: nothing here loads the SDK.
 */
import type {
  AudioDeviceInfo,
  BreakoutRoom,
  BreakoutRoomsCallFeature,
  BreakoutRoomsEventData,
  BreakoutRoomsSettings,
  BreakoutRoomState,
  Call,
  CallAgent,
  CallClient,
  CallEndReason,
  CallFeature,
  CallFeatureFactory,
  CallInfo,
  CallState,
  CapabilitiesChangeInfo,
  CapabilitiesFeature,
  CaptionsCallFeature,
  CaptionsKind,
  CaptionsResultType,
  DeviceAccess,
  DeviceManager,
  DominantSpeakersCallFeature,
  JoinCallOptions,
  LatestMediaDiagnostics,
  LatestNetworkDiagnostics,
  LocalAudioStream,
  LocalVideoStream,
  Lobby,
  MediaDiagnostics,
  MediaStreamType,
  NetworkDiagnostics,
  OptimalVideoCountCallFeature,
  ParticipantCapabilities,
  ParticipantRole,
  RaiseHandCallFeature,
  RaisedHand,
  ReactionCallFeature,
  RecordingCallFeature,
  RemoteDiagnostic,
  RemoteDiagnostics,
  RemoteParticipant,
  RemoteParticipantDiagnosticsData,
  RemoteParticipantState,
  RemoteVideoStream,
  SpotlightCallFeature,
  SpotlightedParticipant,
  TeamsCallAgent,
  TeamsCaptions,
  TranscriptionCallFeature,
  UserFacingDiagnosticsFeature,
  VideoDeviceInfo,
  VideoStreamRenderer,
  VideoStreamRendererView,
} from '@azure/communication-calling';
import type { CommunicationIdentifierKind, CommunicationTokenCredential } from '@azure/communication-common';
import type { CallingFeatures, CallingSdk } from '../../src/services/acs/calling-types.js';
import type { TokenResult, TokenSession } from '../../src/core/token-source.js';

type Listener = (...args: never[]) => void;

/** Counts every listener added to and removed from any fake, to prove dispose removes them all. */
export const listenerLedger = {
  live: new Set<{ emitter: Emitter; event: string; listener: Listener }>(),
  on: 0,
  off: 0,
  reset() {
    this.live.clear();
    this.on = 0;
    this.off = 0;
  },
};

export class Emitter {
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    if (set.has(listener)) return;
    set.add(listener);
    listenerLedger.on++;
    listenerLedger.live.add(this.ledgerKey(event, listener));
  }

  off(event: string, listener: Listener): void {
    if (!this.listeners.get(event)?.delete(listener)) return;
    listenerLedger.off++;
    for (const entry of listenerLedger.live) {
      if (entry.emitter === this && entry.event === event && entry.listener === listener) listenerLedger.live.delete(entry);
    }
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }

  count(event?: string): number {
    if (event) return this.listeners.get(event)?.size ?? 0;
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }

  private ledgerKey(event: string, listener: Listener) {
    return { emitter: this as Emitter, event, listener };
  }
}

export const acsId = (id: string): CommunicationIdentifierKind => ({
  kind: 'communicationUser',
  communicationUserId: `8:acs:res_${id}`,
});
export const teamsId = (id: string): CommunicationIdentifierKind => ({
  kind: 'microsoftTeamsUser',
  microsoftTeamsUserId: id,
  rawId: `8:orgid:${id}`,
  isAnonymous: false,
  cloud: 'public',
});
export const phoneId = (number: string): CommunicationIdentifierKind => ({
  kind: 'phoneNumber',
  phoneNumber: number,
  rawId: `4:${number}`,
});

// --- streams and participants ------------------------------------------------------------------

export class FakeRemoteVideoStream
  extends Emitter
  implements Pick<RemoteVideoStream, 'id' | 'mediaStreamType' | 'isAvailable' | 'on' | 'off'>
{
  constructor(
    readonly id: number,
    readonly mediaStreamType: MediaStreamType,
    public isAvailable = true,
  ) {
    super();
  }

  setAvailable(available: boolean): void {
    this.isAvailable = available;
    this.emit('isAvailableChanged');
  }
}

export class FakeRemoteParticipant
  extends Emitter
  implements
    Pick<RemoteParticipant, 'identifier' | 'displayName' | 'state' | 'isMuted' | 'isSpeaking' | 'videoStreams' | 'role' | 'on' | 'off'>
{
  state: RemoteParticipantState = 'Connected';
  isMuted = false;
  isSpeaking = false;
  role: ParticipantRole = 'Attendee';
  videoStreams: RemoteVideoStream[] = [];

  constructor(
    readonly identifier: CommunicationIdentifierKind,
    public displayName?: string,
  ) {
    super();
  }

  asSdk(): RemoteParticipant {
    return this as unknown as RemoteParticipant;
  }

  set<K extends 'state' | 'isMuted' | 'isSpeaking' | 'displayName'>(key: K, value: this[K]): void {
    this[key] = value;
    const event = { state: 'stateChanged', isMuted: 'isMutedChanged', isSpeaking: 'isSpeakingChanged', displayName: 'displayNameChanged' }[key];
    this.emit(event);
  }

  addStream(stream: FakeRemoteVideoStream): void {
    const sdkStream = stream as unknown as RemoteVideoStream;
    this.videoStreams = [...this.videoStreams, sdkStream];
    this.emit('videoStreamsUpdated', { added: [sdkStream], removed: [] });
  }

  removeStream(stream: FakeRemoteVideoStream): void {
    const sdkStream = stream as unknown as RemoteVideoStream;
    this.videoStreams = this.videoStreams.filter((s) => s !== sdkStream);
    this.emit('videoStreamsUpdated', { added: [], removed: [sdkStream] });
  }
}

export class FakeLocalVideoStream implements Pick<LocalVideoStream, 'source' | 'mediaStreamType' | 'switchSource' | 'dispose'> {
  readonly mediaStreamType: MediaStreamType = 'Video';
  disposed = false;

  constructor(public source: VideoDeviceInfo) {}

  async switchSource(source: VideoDeviceInfo): Promise<void> {
    this.source = source;
  }

  dispose(): void {
    this.disposed = true;
  }
}

export class FakeRenderer implements Pick<VideoStreamRenderer, 'createView' | 'dispose'> {
  disposed = false;
  constructor(readonly stream: unknown) {}

  async createView(): Promise<VideoStreamRendererView> {
    const view = {
      scalingMode: 'Crop',
      isMirrored: false,
      target: { tagName: 'DIV' } as unknown as HTMLElement,
      updateScalingMode: async () => undefined,
      dispose: () => undefined,
    } satisfies VideoStreamRendererView;
    return view;
  }

  dispose(): void {
    this.disposed = true;
  }
}

// --- features ------------------------------------------------------------------------------------

export class FakeRecording
  extends Emitter
  implements Pick<RecordingCallFeature, 'isRecordingActive' | 'isTeamsConsentRequired' | 'grantTeamsConsent' | 'on' | 'off'>
{
  isRecordingActive = false;
  isTeamsConsentRequired = false;
  granted = 0;

  async grantTeamsConsent(): Promise<void> {
    this.granted++;
  }

  setActive(active: boolean): void {
    this.isRecordingActive = active;
    this.emit('isRecordingActiveChanged');
  }
}

export class FakeTranscription
  extends Emitter
  implements Pick<TranscriptionCallFeature, 'isTranscriptionActive' | 'isTeamsConsentRequired' | 'grantTeamsConsent' | 'on' | 'off'>
{
  isTranscriptionActive = false;
  isTeamsConsentRequired = false;
  granted = 0;

  async grantTeamsConsent(): Promise<void> {
    this.granted++;
  }

  setActive(active: boolean): void {
    this.isTranscriptionActive = active;
    this.emit('isTranscriptionActiveChanged');
  }
}

export class FakeRaiseHand
  extends Emitter
  implements Pick<RaiseHandCallFeature, 'raiseHand' | 'lowerHand' | 'getRaisedHands' | 'on' | 'off'>
{
  hands: RaisedHand[] = [];
  async raiseHand(): Promise<void> {}
  async lowerHand(): Promise<void> {}
  getRaisedHands(): RaisedHand[] {
    return this.hands;
  }
}

export class FakeReaction extends Emitter implements Pick<ReactionCallFeature, 'sendReaction' | 'on' | 'off'> {
  sent: string[] = [];
  async sendReaction(message: { reactionType: 'like' | 'heart' | 'laugh' | 'surprised' | 'applause' }): Promise<void> {
    this.sent.push(message.reactionType);
  }
}

export class FakeTeamsCaptions
  extends Emitter
  implements Pick<TeamsCaptions, 'kind' | 'isCaptionsFeatureActive' | 'startCaptions' | 'stopCaptions' | 'on' | 'off'>
{
  isCaptionsFeatureActive = false;
  started: string[] = [];
  constructor(readonly kind: CaptionsKind = 'TeamsCaptions') {
    super();
  }
  async startCaptions(options?: { spokenLanguage: string }): Promise<void> {
    this.started.push(options?.spokenLanguage ?? '');
    this.isCaptionsFeatureActive = true;
    this.emit('CaptionsActiveChanged');
  }
  async stopCaptions(): Promise<void> {
    this.isCaptionsFeatureActive = false;
    this.emit('CaptionsActiveChanged');
  }
  receive(speaker: { displayName: string; identifier: CommunicationIdentifierKind }, text: string, resultType: CaptionsResultType): void {
    const base = { resultType, speaker, spokenLanguage: 'en-us', spokenText: text, timestamp: new Date() };
    this.emit('CaptionsReceived', this.kind === 'TeamsCaptions' ? { ...base, captionText: text, captionLanguage: 'en-us' } : base);
  }
}

export class FakeCaptionsFeature extends Emitter implements Pick<CaptionsCallFeature, 'captions' | 'on' | 'off'> {
  captionsObject = new FakeTeamsCaptions();
  get captions(): CaptionsCallFeature['captions'] {
    return this.captionsObject as unknown as CaptionsCallFeature['captions'];
  }
  switchKind(kind: CaptionsKind): void {
    this.captionsObject = new FakeTeamsCaptions(kind);
    this.emit('CaptionsKindChanged');
  }
}

export class FakeDominantSpeakers
  extends Emitter
  implements Pick<DominantSpeakersCallFeature, 'dominantSpeakers' | 'on' | 'off'>
{
  dominantSpeakers: DominantSpeakersCallFeature['dominantSpeakers'] = { speakersList: [], timestamp: new Date(0) };
  set(list: CommunicationIdentifierKind[]): void {
    this.dominantSpeakers = { speakersList: list, timestamp: new Date() };
    this.emit('dominantSpeakersChanged');
  }
}

export class FakeNetworkDiagnostics extends Emitter implements Pick<NetworkDiagnostics, 'getLatest' | 'on' | 'off'> {
  latest: LatestNetworkDiagnostics = {};
  getLatest(): LatestNetworkDiagnostics {
    return this.latest;
  }
}

export class FakeMediaDiagnostics extends Emitter implements Pick<MediaDiagnostics, 'getLatest' | 'on' | 'off'> {
  latest: LatestMediaDiagnostics = {};
  getLatest(): LatestMediaDiagnostics {
    return this.latest;
  }
}

/** Remote participants' diagnostics, as their own clients share them. */
export class FakeRemoteDiagnostics
  extends Emitter
  implements Pick<RemoteDiagnostics, 'isSendingDiagnosticsEnabled' | 'startSendingDiagnostics' | 'stopSendingDiagnostics' | 'getLatest' | 'on' | 'off'>
{
  isSendingDiagnosticsEnabled = false;
  latest: RemoteDiagnostic[] = [];
  startSendingDiagnostics(): void {
    this.isSendingDiagnosticsEnabled = true;
  }
  stopSendingDiagnostics(): void {
    this.isSendingDiagnosticsEnabled = false;
  }
  getLatest(): RemoteParticipantDiagnosticsData {
    return { diagnostics: [...this.latest] };
  }
  /** Reports changed diagnostics as the SDK's `diagnosticChanged` does. */
  report(diagnostics: RemoteDiagnostic[]): void {
    this.latest = [...this.latest.filter((old) => !diagnostics.some((d) => d.rawId === old.rawId && d.diagnostic === old.diagnostic)), ...diagnostics];
    const data: RemoteParticipantDiagnosticsData = { diagnostics };
    this.emit('diagnosticChanged', data);
  }
}

export class FakeDiagnostics implements Pick<UserFacingDiagnosticsFeature, 'network' | 'media' | 'remote'> {
  readonly networkFake = new FakeNetworkDiagnostics();
  readonly mediaFake = new FakeMediaDiagnostics();
  readonly remoteFake = new FakeRemoteDiagnostics();
  /** Some call kinds have no remote diagnostics: reading them throws, as an unsupported feature does. */
  remoteUnsupported = false;
  get remote(): RemoteDiagnostics {
    if (this.remoteUnsupported) throw new Error('Remote diagnostics are not supported');
    return this.remoteFake;
  }
  get network(): NetworkDiagnostics {
    return this.networkFake;
  }
  get media(): MediaDiagnostics {
    return this.mediaFake;
  }
}

export class FakeOptimalVideoCount
  extends Emitter
  implements Pick<OptimalVideoCountCallFeature, 'optimalVideoCount' | 'on' | 'off'>
{
  optimalVideoCount = 0;
}

export class FakeCapabilities extends Emitter implements Pick<CapabilitiesFeature, 'capabilities' | 'on' | 'off'> {
  /** Starts as the SDK does before the meeting answered: nothing resolved. */
  capabilities = {} as ParticipantCapabilities;
  /** Changes some capabilities and emits `capabilitiesChanged` as the SDK does. */
  change(newValue: Partial<ParticipantCapabilities>, reason: CapabilitiesChangeInfo['reason'] = 'MeetingOptionOrOrganizerPolicyChanged'): void {
    const oldValue: Partial<ParticipantCapabilities> = {};
    for (const name of Object.keys(newValue) as Array<keyof ParticipantCapabilities>) oldValue[name] = this.capabilities[name];
    this.capabilities = { ...this.capabilities, ...newValue };
    const info: CapabilitiesChangeInfo = { oldValue, newValue, reason };
    this.emit('capabilitiesChanged', info);
  }
}

/**
 * Spotlight as the SDK keeps it: `startSpotlight()` without participants spotlights the local user
 * (`self`), and every change emits `spotlightChanged {added, removed}`. The SDK's `order` is
 * assigned as Teams publishes it.
 */
export class FakeSpotlight
  extends Emitter
  implements Pick<SpotlightCallFeature, 'maxParticipantsToSpotlight' | 'startSpotlight' | 'stopSpotlight' | 'stopAllSpotlight' | 'getSpotlightedParticipants' | 'on' | 'off'>
{
  maxParticipantsToSpotlight = 7;
  spotlighted: SpotlightedParticipant[] = [];
  /** When set, start/stop reject with it (as the SDK does when Teams refuses). */
  error: unknown = undefined;
  calls: { name: 'start' | 'stop'; participants?: CommunicationIdentifierKind[] }[] = [];
  private nextOrder = 1;

  constructor(private readonly self: CommunicationIdentifierKind = acsId('self')) {
    super();
  }

  getSpotlightedParticipants(): SpotlightedParticipant[] {
    return [...this.spotlighted];
  }

  async startSpotlight(participants?: CommunicationIdentifierKind[]): Promise<void> {
    this.calls.push({ name: 'start', participants });
    if (this.error) throw this.error;
    this.add(participants ?? [this.self]);
  }

  async stopSpotlight(participants?: CommunicationIdentifierKind[]): Promise<void> {
    this.calls.push({ name: 'stop', participants });
    if (this.error) throw this.error;
    this.remove(participants ?? [this.self]);
  }

  async stopAllSpotlight(): Promise<void> {
    this.remove(this.spotlighted.map((entry) => entry.identifier as CommunicationIdentifierKind));
  }

  /** Teams spotlights someone (the organizer did it). */
  add(identifiers: CommunicationIdentifierKind[], order?: number): void {
    const added = identifiers.map((identifier) => ({ identifier, order: order ?? this.nextOrder++ }));
    this.spotlighted = [...this.spotlighted, ...added];
    this.emit('spotlightChanged', { added, removed: [] });
  }

  remove(identifiers: CommunicationIdentifierKind[]): void {
    const keys = new Set(identifiers.map((identifier) => JSON.stringify(identifier)));
    const removed = this.spotlighted.filter((entry) => keys.has(JSON.stringify(entry.identifier)));
    this.spotlighted = this.spotlighted.filter((entry) => !keys.has(JSON.stringify(entry.identifier)));
    this.emit('spotlightChanged', { added: [], removed });
  }
}

/** Feature factories: distinct objects shaped like the SDK's `Features.*`. */
function factory<T extends CallFeature>(name: string): CallFeatureFactory<T> {
  return { callApiCtor: class {}, name } as unknown as CallFeatureFactory<T>;
}

export const fakeFeatures: CallingFeatures = {
  Recording: factory<RecordingCallFeature>('Recording'),
  Transcription: factory<TranscriptionCallFeature>('Transcription'),
  RaiseHand: factory<RaiseHandCallFeature>('RaiseHand'),
  Reaction: factory<ReactionCallFeature>('Reaction'),
  Captions: factory<CaptionsCallFeature>('Captions'),
  DominantSpeakers: factory<DominantSpeakersCallFeature>('DominantSpeakers'),
  UserFacingDiagnostics: factory<UserFacingDiagnosticsFeature>('UserFacingDiagnostics'),
  OptimalVideoCount: factory<OptimalVideoCountCallFeature>('OptimalVideoCount'),
  Capabilities: factory<CapabilitiesFeature>('Capabilities'),
  Spotlight: factory<SpotlightCallFeature>('Spotlight'),
  BreakoutRooms: factory<BreakoutRoomsCallFeature>('BreakoutRooms'),
};

/** A room the organizer assigned: `join` and `returnToMainMeeting` resolve with the calls the test scripts. */
export class FakeBreakoutRoom
  implements Pick<BreakoutRoom, 'threadId' | 'displayName' | 'state' | 'autoMoveParticipantToBreakoutRoom' | 'join' | 'returnToMainMeeting'>
{
  joins = 0;
  returns = 0;
  constructor(
    public threadId: string,
    public displayName: string,
    public state: BreakoutRoomState,
    public autoMoveParticipantToBreakoutRoom: boolean,
    /** What `join()` resolves with (the room's call). */
    public roomCall: () => FakeCall,
    /** What `returnToMainMeeting()` resolves with (the main meeting's call). */
    public mainCall: () => FakeCall,
  ) {}
  async join(): Promise<Call> {
    this.joins++;
    return this.roomCall() as unknown as Call;
  }
  async returnToMainMeeting(): Promise<Call> {
    this.returns++;
    return this.mainCall() as unknown as Call;
  }
  /** As the SDK hands it out (its typings declare more than the adapter reads). */
  asSdk(): BreakoutRoom {
    return this as unknown as BreakoutRoom;
  }
}

export class FakeBreakoutRooms extends Emitter implements Pick<BreakoutRoomsCallFeature, 'assignedBreakoutRooms' | 'breakoutRoomsSettings' | 'on' | 'off'> {
  assignedBreakoutRooms: BreakoutRoom | undefined = undefined;
  breakoutRoomsSettings: BreakoutRoomsSettings | undefined = undefined;
  update(event: BreakoutRoomsEventData): void {
    if (event.type === 'assignedBreakoutRooms') this.assignedBreakoutRooms = event.data;
    if (event.type === 'breakoutRoomsSettings') this.breakoutRoomsSettings = event.data;
    this.emit('breakoutRoomsUpdated', event);
  }
}

// --- call --------------------------------------------------------------------------------------

export class FakeLobby extends Emitter implements Pick<Lobby, 'participants' | 'admit' | 'reject' | 'on' | 'off'> {
  participants: RemoteParticipant[] = [];
  admitted: string[] = [];
  rejected: string[] = [];
  async admit(identifier: Parameters<Lobby['admit']>[0]): Promise<void> {
    this.admitted.push(JSON.stringify(identifier));
  }
  async reject(identifier: Parameters<Lobby['reject']>[0]): Promise<void> {
    this.rejected.push(JSON.stringify(identifier));
  }
  update(participants: FakeRemoteParticipant[]): void {
    const added = participants.map((p) => p.asSdk());
    this.participants = added;
    this.emit('lobbyParticipantsUpdated', { added, removed: [] });
  }
}

export class FakeCallInfo
  implements Pick<CallInfo, 'threadId' | 'participantId' | 'onCallInfoChanged' | 'offCallInfoChanged'>
{
  threadId: string | undefined = undefined;
  participantId = 'participant-self';
  readonly emitter = new Emitter();
  onCallInfoChanged(event: 'callInfoChanged', listener: () => void): void {
    this.emitter.on(event, listener);
  }
  offCallInfoChanged(event: 'callInfoChanged', listener: () => void): void {
    this.emitter.off(event, listener);
  }
}

type CallKeys =
  | 'state'
  | 'callEndReason'
  | 'isMuted'
  | 'isLocalVideoStarted'
  | 'isScreenSharingOn'
  | 'localAudioStreams'
  | 'remoteParticipants'
  | 'role'
  | 'lobby'
  | 'info'
  | 'feature'
  | 'hangUp'
  | 'mute'
  | 'unmute'
  | 'startVideo'
  | 'stopVideo'
  | 'startScreenSharing'
  | 'stopScreenSharing'
  | 'on'
  | 'off';

export class FakeCall extends Emitter implements Pick<Call, CallKeys> {
  state: CallState = 'None';
  callEndReason: CallEndReason | undefined = undefined;
  isMuted = false;
  isLocalVideoStarted = false;
  isScreenSharingOn = false;
  role: ParticipantRole = 'Attendee';
  remoteParticipants: RemoteParticipant[] = [];
  readonly lobbyFake = new FakeLobby();
  readonly infoFake = new FakeCallInfo();
  readonly recording = new FakeRecording();
  readonly transcription = new FakeTranscription();
  readonly raiseHandFeature = new FakeRaiseHand();
  readonly reaction = new FakeReaction();
  readonly captionsFeature = new FakeCaptionsFeature();
  readonly dominant = new FakeDominantSpeakers();
  readonly diagnostics = new FakeDiagnostics();
  readonly optimal = new FakeOptimalVideoCount();
  readonly capabilitiesFeature = new FakeCapabilities();
  readonly spotlight = new FakeSpotlight();
  readonly breakoutRooms = new FakeBreakoutRooms();
  hangUps = 0;
  screenShareError: unknown = undefined;
  startedVideo: unknown[] = [];
  /** The call's microphone stream (noise suppression goes on it); a marker object, nothing reads it but the effects adapter. */
  localAudioStreams: readonly LocalAudioStream[] = [{ marker: 'call-microphone' } as unknown as LocalAudioStream];

  constructor(readonly joinOptions?: JoinCallOptions) {
    super();
    this.isMuted = joinOptions?.audioOptions?.muted ?? false;
    this.isLocalVideoStarted = (joinOptions?.videoOptions?.localVideoStreams?.length ?? 0) > 0;
  }

  get lobby(): Lobby {
    return this.lobbyFake as unknown as Lobby;
  }

  get info(): CallInfo {
    return this.infoFake as unknown as CallInfo;
  }

  /** Features this call kind does not offer: `feature()` throws for them, as the SDK does. */
  readonly unsupported = new Set<CallFeatureFactory<CallFeature>>();

  feature<T extends CallFeature>(featureFactory: CallFeatureFactory<T>): T {
    if (this.unsupported.has(featureFactory)) throw new Error('feature not supported in this call');
    const byFactory = new Map<unknown, unknown>([
      [fakeFeatures.Recording, this.recording],
      [fakeFeatures.Transcription, this.transcription],
      [fakeFeatures.RaiseHand, this.raiseHandFeature],
      [fakeFeatures.Reaction, this.reaction],
      [fakeFeatures.Captions, this.captionsFeature],
      [fakeFeatures.DominantSpeakers, this.dominant],
      [fakeFeatures.UserFacingDiagnostics, this.diagnostics],
      [fakeFeatures.OptimalVideoCount, this.optimal],
      [fakeFeatures.Capabilities, this.capabilitiesFeature],
      [fakeFeatures.Spotlight, this.spotlight],
      [fakeFeatures.BreakoutRooms, this.breakoutRooms],
    ]);
    const found = byFactory.get(featureFactory);
    if (!found) throw new Error('unknown feature');
    return found as T;
  }

  setState(state: CallState, endReason?: CallEndReason): void {
    this.state = state;
    if (endReason) this.callEndReason = endReason;
    this.emit('stateChanged');
  }

  async hangUp(): Promise<void> {
    this.hangUps++;
    this.setState('Disconnecting');
    this.setState('Disconnected', { code: 0, subCode: 0 });
  }

  async mute(): Promise<void> {
    this.isMuted = true;
    this.emit('isMutedChanged');
  }

  async unmute(): Promise<void> {
    this.isMuted = false;
    this.emit('isMutedChanged');
  }

  async startVideo(stream: LocalVideoStream): Promise<void> {
    this.startedVideo.push(stream);
    this.isLocalVideoStarted = true;
    this.emit('isLocalVideoStartedChanged');
  }

  async stopVideo(): Promise<void> {
    this.isLocalVideoStarted = false;
    this.emit('isLocalVideoStartedChanged');
  }

  async startScreenSharing(): Promise<void> {
    if (this.screenShareError) throw this.screenShareError;
    this.isScreenSharingOn = true;
    this.emit('isScreenSharingOnChanged');
  }

  async stopScreenSharing(): Promise<void> {
    this.isScreenSharingOn = false;
    this.emit('isScreenSharingOnChanged');
  }

  addParticipant(participant: FakeRemoteParticipant): void {
    this.remoteParticipants = [...this.remoteParticipants, participant.asSdk()];
    this.emit('remoteParticipantsUpdated', { added: [participant.asSdk()], removed: [] });
  }

  removeParticipant(participant: FakeRemoteParticipant): void {
    this.remoteParticipants = this.remoteParticipants.filter((p) => p !== participant.asSdk());
    this.emit('remoteParticipantsUpdated', { added: [], removed: [participant.asSdk()] });
  }

  /** Every fake emitter this call owns, for listener counts. */
  emitters(): Emitter[] {
    return [
      this,
      this.lobbyFake,
      this.infoFake.emitter,
      this.recording,
      this.transcription,
      this.raiseHandFeature,
      this.reaction,
      this.captionsFeature,
      this.captionsFeature.captionsObject,
      this.dominant,
      this.diagnostics.networkFake,
      this.diagnostics.mediaFake,
      this.diagnostics.remoteFake,
      this.optimal,
      this.capabilitiesFeature,
      this.spotlight,
      this.breakoutRooms,
    ];
  }
}

// --- agent, client, devices ---------------------------------------------------------------------

export class FakeCallAgent extends Emitter implements Pick<CallAgent, 'connectionState' | 'join' | 'dispose' | 'on' | 'off'> {
  connectionState: CallAgent['connectionState'] = 'Disconnected';
  /** Made by createTeamsCallAgent. */
  teams = false;
  disposed = false;
  readonly calls: FakeCall[] = [];
  joinError: unknown = undefined;
  /** What the next join sees, so a test can script the call before it starts. */
  onJoin: (call: FakeCall) => void = () => undefined;
  readonly locators: unknown[] = [];

  constructor(readonly displayName?: string) {
    super();
  }

  join(locator: unknown, options?: JoinCallOptions): Call {
    if (this.joinError) throw this.joinError;
    this.locators.push(locator);
    const call = new FakeCall(options);
    this.calls.push(call);
    this.onJoin(call);
    return call as unknown as Call;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  setConnection(state: CallAgent['connectionState']): void {
    const oldValue = this.connectionState;
    this.connectionState = state;
    this.emit('connectionStateChanged', { newValue: state, oldValue, reason: 'connectionIssue' });
  }
}

// Ids as the SDK forms them: the browser's deviceId with a kind prefix.
export const fakeCamera: VideoDeviceInfo = { id: 'camera:cam1', name: 'fake_device_0', deviceType: 'UsbCamera' };
export const fakeCamera2: VideoDeviceInfo = { id: 'camera:cam2', name: 'fake_device_1', deviceType: 'UsbCamera' };
export const fakeMicrophones: AudioDeviceInfo[] = [
  { id: 'microphone:default', name: 'Fake mic 1', isSystemDefault: true, deviceType: 'Microphone' },
  { id: 'microphone:mic2', name: 'Fake mic 2', isSystemDefault: false, deviceType: 'Microphone' },
];
export const fakeSpeakers: AudioDeviceInfo[] = [
  { id: 'speaker:spk1', name: 'Fake speaker 1', isSystemDefault: true, deviceType: 'Speaker' },
];

export class FakeDeviceManager
  implements
    Pick<
      DeviceManager,
      'isSpeakerSelectionAvailable' | 'getCameras' | 'getMicrophones' | 'getSpeakers' | 'selectMicrophone' | 'selectSpeaker' | 'askDevicePermission'
    >
{
  isSpeakerSelectionAvailable = true;
  cameras: VideoDeviceInfo[] = [fakeCamera, fakeCamera2];
  access: DeviceAccess = { audio: true, video: true };
  selectedMicrophone?: AudioDeviceInfo;
  selectedSpeaker?: AudioDeviceInfo;
  async getCameras(): Promise<VideoDeviceInfo[]> {
    return this.cameras;
  }
  async getMicrophones(): Promise<AudioDeviceInfo[]> {
    return fakeMicrophones;
  }
  async getSpeakers(): Promise<AudioDeviceInfo[]> {
    return fakeSpeakers;
  }
  async selectMicrophone(device: AudioDeviceInfo): Promise<void> {
    this.selectedMicrophone = device;
  }
  async selectSpeaker(device: AudioDeviceInfo): Promise<void> {
    this.selectedSpeaker = device;
  }
  async askDevicePermission(): Promise<DeviceAccess> {
    return this.access;
  }
}

export class FakeCallClient
  implements Pick<CallClient, 'createCallAgent' | 'createTeamsCallAgent' | 'getDeviceManager' | 'dispose'>
{
  readonly deviceManager = new FakeDeviceManager();
  readonly agents: FakeCallAgent[] = [];
  agentError: unknown = undefined;
  /** Resolves agent creation; replace to delay it like the real SDK (7-14 s offline). */
  agentDelay: () => Promise<void> = async () => undefined;
  disposed = false;
  onAgent: (agent: FakeCallAgent) => void = () => undefined;

  async createCallAgent(_credential: CommunicationTokenCredential, options?: { displayName?: string }): Promise<CallAgent> {
    return (await this.makeAgent(options?.displayName)) as unknown as CallAgent;
  }

  async createTeamsCallAgent(): Promise<TeamsCallAgent> {
    const agent = await this.makeAgent(undefined);
    agent.teams = true;
    return agent as unknown as TeamsCallAgent;
  }

  async getDeviceManager(): Promise<DeviceManager> {
    return this.deviceManager as unknown as DeviceManager;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private async makeAgent(displayName: string | undefined): Promise<FakeCallAgent> {
    await this.agentDelay();
    if (this.agentError) throw this.agentError;
    const agent = new FakeCallAgent(displayName);
    this.agents.push(agent);
    this.onAgent(agent);
    return agent;
  }
}

export interface FakeSdk extends CallingSdk {
  client: FakeCallClient;
  localStreams: FakeLocalVideoStream[];
  renderers: FakeRenderer[];
  credentials: number;
}

export function createFakeSdk(): FakeSdk {
  const client = new FakeCallClient();
  const sdk: FakeSdk = {
    client,
    localStreams: [],
    renderers: [],
    credentials: 0,
    createCallClient: () => client as unknown as CallClient,
    createLocalVideoStream: (camera) => {
      const stream = new FakeLocalVideoStream(camera);
      sdk.localStreams.push(stream);
      return stream as unknown as LocalVideoStream;
    },
    createRenderer: (stream) => {
      const renderer = new FakeRenderer(stream);
      sdk.renderers.push(renderer);
      return renderer as unknown as VideoStreamRenderer;
    },
    createCredential: () => {
      sdk.credentials++;
      const credential: CommunicationTokenCredential = {
        getToken: async () => ({ token: 'fake', expiresOnTimestamp: Date.now() + 3_600_000 }),
        dispose: () => undefined,
      };
      return credential;
    },
    Features: fakeFeatures,
  };
  return sdk;
}

export function fakeSession(userId = '8:acs:res_self'): TokenSession & { calls: number } {
  const result: TokenResult = { token: 'fake-token', expiresOn: new Date(Date.now() + 3_600_000), userId, emulator: false };
  const session = {
    calls: 0,
    async current() {
      session.calls++;
      return result;
    },
    async refresh() {
      return result;
    },
  };
  return session;
}
