/**
 * The call features a Teams meeting needs (recording and transcription with Teams consent, raise
 * hand, reactions, captions, dominant speakers, user-facing diagnostics, optimal video count),
 * tracked into plain values. Type-only SDK imports: the feature factories come from the injected
 * `CallingFeatures`.
 */
import type {
  CapabilitiesFeature,
  CaptionsCommon,
  CaptionsInfo,
  Captions,
  DiagnosticChangedEventArgs,
  LatestDiagnosticValue,
  MediaDiagnosticChangedEventArgs,
  NetworkDiagnosticChangedEventArgs,
  RaisedHandChangedEvent,
  ReactionEventPayload,
  RecordingCallFeature,
  TeamsCaptions,
  TeamsCaptionsInfo,
  TranscriptionCallFeature,
} from '@azure/communication-calling';
import { unknownNetwork, type CaptionEntry, type ComplianceStatus, type MeetingCapabilities, type NetworkQuality, type ReactionEntry, type ReactionType } from '../meeting-service.js';
import { capabilitiesFrom } from './calling-capabilities.js';
import type { AnyCall, CallingFeatures } from './calling-types.js';
import { identifierId } from './calling-participants.js';
import { Listeners } from './calling-listeners.js';
import { NetworkQualityTracker } from './calling-network.js';

/** How long a reaction stays in the snapshot, and how many are kept at most. */
export const REACTION_LIFETIME_MS = 8_000;
const MAX_REACTIONS = 30;
/** Captions kept in the snapshot (the UI shows the last few lines). */
export const MAX_CAPTIONS = 8;

export interface FeatureSnapshot {
  recording: ComplianceStatus;
  transcription: ComplianceStatus;
  consentRequired: boolean;
  raisedHands: ReadonlySet<string>;
  dominantSpeakers: string[];
  captions: { active: boolean; entries: CaptionEntry[] };
  reactions: ReactionEntry[];
  diagnostics: string[];
  /** `networkReconnect` reports a reconnect in progress (or failed). */
  networkReconnecting: boolean;
  /** Own and remote network quality (remote ids are raw ids, possibly of people who left). */
  network: NetworkQuality;
  optimalVideoCount: number | undefined;
  capabilities: MeetingCapabilities;
}

const QUALITY_POOR = 2;

function isBad(value: LatestDiagnosticValue | DiagnosticChangedEventArgs | undefined): boolean {
  if (!value) return false;
  if (value.valueType === 'DiagnosticFlag') return value.value === true;
  // DiagnosticQuality is a numeric enum (Good 1, Poor 2, Bad 3) only declared in the typings.
  return typeof value.value === 'number' && Number(value.value) >= QUALITY_POOR;
}

function nextStatus(previous: ComplianceStatus, active: boolean): ComplianceStatus {
  if (active) return 'on';
  return previous === 'off' ? 'off' : 'stopped';
}

export class CallFeatures {
  private readonly listeners = new Listeners();
  private readonly captionListeners = new Listeners();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private recordingFeature?: RecordingCallFeature;
  private transcriptionFeature?: TranscriptionCallFeature;
  private recording: ComplianceStatus = 'off';
  private transcription: ComplianceStatus = 'off';
  private raisedHands = new Set<string>();
  private dominantSpeakers: string[] = [];
  private captionsActive = false;
  private captionEntries: CaptionEntry[] = [];
  /** Caption entry id → speaker id, to find a speaker's open (partial) line. */
  private readonly captionSpeakers = new Map<string, string>();
  private reactions: ReactionEntry[] = [];
  private badDiagnostics = new Set<string>();
  private network?: NetworkQualityTracker;
  private optimalVideoCount: number | undefined;
  private capabilitiesFeature?: CapabilitiesFeature;
  private nextEntryId = 1;
  private disposed = false;

  constructor(
    private readonly call: AnyCall,
    private readonly features: CallingFeatures,
    private readonly changed: () => void,
    /** The local user's raw id, so raising or lowering one's own hand shows at once. */
    private readonly selfId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.attach('recording', () => this.attachRecording());
    this.attach('transcription', () => this.attachTranscription());
    this.attach('raise hand', () => this.attachRaiseHand());
    this.attach('reactions', () => this.attachReactions());
    this.attach('captions', () => this.attachCaptions());
    this.attach('dominant speakers', () => this.attachDominantSpeakers());
    this.attach('diagnostics', () => this.attachDiagnostics());
    this.attach('network quality', () => this.attachNetworkQuality());
    this.attach('optimal video count', () => this.attachOptimalVideoCount());
    this.attach('capabilities', () => this.attachCapabilities());
  }

  /** Number of SDK listeners currently attached (for leak checks). */
  get listenerCount(): number {
    return this.listeners.size + this.captionListeners.size;
  }

  snapshot(): FeatureSnapshot {
    return {
      recording: this.recording,
      transcription: this.transcription,
      consentRequired: this.consentRequired(),
      raisedHands: new Set(this.raisedHands),
      dominantSpeakers: [...this.dominantSpeakers],
      captions: { active: this.captionsActive, entries: [...this.captionEntries] },
      reactions: [...this.reactions],
      diagnostics: [...this.badDiagnostics].sort(),
      networkReconnecting: this.badDiagnostics.has('networkReconnect'),
      network: this.network?.snapshot() ?? unknownNetwork(),
      optimalVideoCount: this.optimalVideoCount,
      capabilities: capabilitiesFrom(this.capabilitiesFeature?.capabilities),
    };
  }

  // --- commands -------------------------------------------------------------------------------

  async raiseHand(): Promise<void> {
    await this.call.feature(this.features.RaiseHand).raiseHand();
    this.raisedHands.add(this.selfId);
    this.changed();
  }

  async lowerHand(): Promise<void> {
    await this.call.feature(this.features.RaiseHand).lowerHand();
    this.raisedHands.delete(this.selfId);
    this.changed();
  }

  async sendReaction(reaction: ReactionType): Promise<void> {
    await this.call.feature(this.features.Reaction).sendReaction({ reactionType: reaction });
  }

  async startCaptions(spokenLanguage: string): Promise<void> {
    const captions = this.call.feature(this.features.Captions).captions;
    await captions.startCaptions({ spokenLanguage });
  }

  async stopCaptions(): Promise<void> {
    const captions = this.call.feature(this.features.Captions).captions;
    await captions.stopCaptions();
    this.captionsActive = false;
    this.changed();
  }

  /** Grants Teams consent on every feature that asks for it. */
  async grantConsent(): Promise<void> {
    const pending: Promise<void>[] = [];
    if (this.recordingFeature?.isTeamsConsentRequired) pending.push(this.recordingFeature.grantTeamsConsent());
    if (this.transcriptionFeature?.isTeamsConsentRequired) {
      pending.push(this.transcriptionFeature.grantTeamsConsent());
    }
    await Promise.all(pending);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.captionListeners.clear();
    this.listeners.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // --- subscriptions --------------------------------------------------------------------------

  /** A feature the call does not support (e.g. reactions in some call kinds) must not stop the rest. */
  private attach(_name: string, attachFeature: () => void): void {
    try {
      attachFeature();
    } catch {
      // Unsupported here: the snapshot keeps that feature's neutral value.
    }
  }

  private consentRequired(): boolean {
    return Boolean(this.recordingFeature?.isTeamsConsentRequired || this.transcriptionFeature?.isTeamsConsentRequired);
  }

  private attachRecording(): void {
    const feature = this.call.feature(this.features.Recording);
    this.recordingFeature = feature;
    this.recording = nextStatus('off', feature.isRecordingActive);
    const onChange = () => {
      this.recording = nextStatus(this.recording, feature.isRecordingActive);
      this.changed();
    };
    feature.on('isRecordingActiveChanged', onChange);
    this.listeners.add(() => feature.off('isRecordingActiveChanged', onChange));
  }

  private attachTranscription(): void {
    const feature = this.call.feature(this.features.Transcription);
    this.transcriptionFeature = feature;
    this.transcription = nextStatus('off', feature.isTranscriptionActive);
    const onChange = () => {
      this.transcription = nextStatus(this.transcription, feature.isTranscriptionActive);
      this.changed();
    };
    feature.on('isTranscriptionActiveChanged', onChange);
    this.listeners.add(() => feature.off('isTranscriptionActiveChanged', onChange));
  }

  private attachRaiseHand(): void {
    const feature = this.call.feature(this.features.RaiseHand);
    this.raisedHands = new Set(feature.getRaisedHands().map((hand) => identifierId(hand.identifier)));
    const onRaised = (event: RaisedHandChangedEvent) => {
      this.raisedHands.add(identifierId(event.identifier));
      this.changed();
    };
    const onLowered = (event: RaisedHandChangedEvent) => {
      this.raisedHands.delete(identifierId(event.identifier));
      this.changed();
    };
    feature.on('raisedHandEvent', onRaised);
    feature.on('loweredHandEvent', onLowered);
    this.listeners.add(() => feature.off('raisedHandEvent', onRaised));
    this.listeners.add(() => feature.off('loweredHandEvent', onLowered));
  }

  private attachReactions(): void {
    const feature = this.call.feature(this.features.Reaction);
    const onReaction = (event: ReactionEventPayload) => {
      const at = this.now();
      this.reactions = [
        ...this.reactions.filter((entry) => at - entry.at < REACTION_LIFETIME_MS),
        {
          id: `reaction-${this.nextEntryId++}`,
          participantId: identifierId(event.identifier),
          reaction: event.reactionMessage.reactionType,
          at,
        },
      ].slice(-MAX_REACTIONS);
      this.expireReactionsLater();
      this.changed();
    };
    feature.on('reaction', onReaction);
    this.listeners.add(() => feature.off('reaction', onReaction));
  }

  private expireReactionsLater(): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const at = this.now();
      const kept = this.reactions.filter((entry) => at - entry.at < REACTION_LIFETIME_MS);
      if (kept.length !== this.reactions.length) {
        this.reactions = kept;
        this.changed();
      }
    }, REACTION_LIFETIME_MS);
    this.timers.add(timer);
  }

  private attachCaptions(): void {
    const feature = this.call.feature(this.features.Captions);
    const onKindChanged = () => {
      this.subscribeCaptions(feature.captions);
      this.changed();
    };
    feature.on('CaptionsKindChanged', onKindChanged);
    this.listeners.add(() => feature.off('CaptionsKindChanged', onKindChanged));
    this.subscribeCaptions(feature.captions);
  }

  /** The captions object changes when Teams switches kinds: listen to the current one only. */
  private subscribeCaptions(captions: CaptionsCommon): void {
    this.captionListeners.clear();
    this.captionsActive = captions.isCaptionsFeatureActive;
    const onActive = () => {
      this.captionsActive = captions.isCaptionsFeatureActive;
      this.changed();
    };
    if (captions.kind === 'TeamsCaptions') {
      const teams = captions as TeamsCaptions;
      const onReceived = (data: TeamsCaptionsInfo) => this.addCaption(data.speaker, data.captionText || data.spokenText, data.resultType);
      teams.on('CaptionsReceived', onReceived);
      teams.on('CaptionsActiveChanged', onActive);
      this.captionListeners.add(() => teams.off('CaptionsReceived', onReceived));
      this.captionListeners.add(() => teams.off('CaptionsActiveChanged', onActive));
    } else {
      const plain = captions as Captions;
      const onReceived = (data: CaptionsInfo) => this.addCaption(data.speaker, data.spokenText, data.resultType);
      plain.on('CaptionsReceived', onReceived);
      plain.on('CaptionsActiveChanged', onActive);
      this.captionListeners.add(() => plain.off('CaptionsReceived', onReceived));
      this.captionListeners.add(() => plain.off('CaptionsActiveChanged', onActive));
    }
  }

  /** A partial result replaces the speaker's previous partial line; a final one closes it. */
  private addCaption(
    speaker: { displayName?: string; identifier?: Parameters<typeof identifierId>[0] },
    text: string,
    resultType: 'Partial' | 'Final',
  ): void {
    const speakerId = speaker.identifier ? identifierId(speaker.identifier) : '';
    const entries = [...this.captionEntries];
    const openIndex = entries.findLastIndex((entry) => !entry.final && this.captionSpeakers.get(entry.id) === speakerId);
    const final = resultType === 'Final';
    if (openIndex >= 0) {
      const open = entries[openIndex];
      entries[openIndex] = { ...open, text, final };
    } else {
      const id = `caption-${this.nextEntryId++}`;
      this.captionSpeakers.set(id, speakerId);
      entries.push({ id, speakerName: speaker.displayName ?? '', text, final });
    }
    const kept = entries.slice(-MAX_CAPTIONS);
    for (const id of this.captionSpeakers.keys()) {
      if (!kept.some((entry) => entry.id === id)) this.captionSpeakers.delete(id);
    }
    this.captionEntries = kept;
    this.captionsActive = true;
    this.changed();
  }

  private attachDominantSpeakers(): void {
    const feature = this.call.feature(this.features.DominantSpeakers);
    const read = () => {
      this.dominantSpeakers = feature.dominantSpeakers.speakersList.map((identifier) => identifierId(identifier));
    };
    read();
    const onChange = () => {
      read();
      this.changed();
    };
    feature.on('dominantSpeakersChanged', onChange);
    this.listeners.add(() => feature.off('dominantSpeakersChanged', onChange));
  }

  private attachDiagnostics(): void {
    const feature = this.call.feature(this.features.UserFacingDiagnostics);
    const latest = { ...feature.network.getLatest(), ...feature.media.getLatest() };
    for (const [name, value] of Object.entries(latest) as Array<[string, LatestDiagnosticValue | undefined]>) {
      if (isBad(value)) this.badDiagnostics.add(name);
    }
    const onDiagnostic = (event: NetworkDiagnosticChangedEventArgs | MediaDiagnosticChangedEventArgs) => {
      const had = this.badDiagnostics.has(event.diagnostic);
      if (isBad(event)) this.badDiagnostics.add(event.diagnostic);
      else this.badDiagnostics.delete(event.diagnostic);
      if (had !== this.badDiagnostics.has(event.diagnostic)) this.changed();
    };
    feature.network.on('diagnosticChanged', onDiagnostic);
    feature.media.on('diagnosticChanged', onDiagnostic);
    this.listeners.add(() => feature.network.off('diagnosticChanged', onDiagnostic));
    this.listeners.add(() => feature.media.off('diagnosticChanged', onDiagnostic));
  }

  private attachNetworkQuality(): void {
    this.network = new NetworkQualityTracker(this.call.feature(this.features.UserFacingDiagnostics), this.listeners, this.changed);
  }

  private attachOptimalVideoCount(): void {
    const feature = this.call.feature(this.features.OptimalVideoCount);
    const read = () => {
      this.optimalVideoCount = feature.optimalVideoCount > 0 ? feature.optimalVideoCount : undefined;
    };
    read();
    const onChange = () => {
      read();
      this.changed();
    };
    feature.on('optimalVideoCountChanged', onChange);
    this.listeners.add(() => feature.off('optimalVideoCountChanged', onChange));
  }

  /** Read on each snapshot (the feature keeps the current set); a change only asks for a rebuild. */
  private attachCapabilities(): void {
    const feature = this.call.feature(this.features.Capabilities);
    this.capabilitiesFeature = feature;
    const onChange = () => this.changed();
    feature.on('capabilitiesChanged', onChange);
    this.listeners.add(() => feature.off('capabilitiesChanged', onChange));
  }
}
