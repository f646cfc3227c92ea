/**
 * An in-memory MeetingService for UI tests of <acs-teams-meeting>: the test drives its state with
 * `update()` and reads which commands the element called. Counts live subscriptions so a test can
 * prove the element removes its listeners.
 */
import {
  initialMeetingState,
  type JoinOptions,
  type MeetingListener,
  type MeetingService,
  type MeetingState,
  type ReactionType,
  type VideoView,
} from '../../../src/services/meeting-service.js';

export class FakeMeetingService implements MeetingService {
  state: MeetingState = initialMeetingState();
  readonly listeners = new Set<MeetingListener>();
  readonly calls: { name: string; args: unknown[] }[] = [];
  readonly views = new Set<string>();
  joinOptions?: JoinOptions;
  /** As the real services: join takes the setup preview's camera over. False: a service that does not. */
  takesPreview = true;
  /** The setup preview's camera handed over at Join, until camera off or dispose. */
  preview?: MediaStream;
  disposed = false;
  /** When set, join() rejects with it. */
  joinError?: unknown;

  getState(): MeetingState {
    return this.state;
  }

  subscribe(listener: MeetingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a change and notifies, like a backend event. */
  update(patch: Partial<MeetingState>): void {
    const previous = this.state;
    this.state = { ...previous, ...patch };
    for (const listener of [...this.listeners]) listener(this.state, previous);
  }

  #record(name: string, ...args: unknown[]): Promise<void> {
    this.calls.push({ name, args });
    return Promise.resolve();
  }

  called(name: string): unknown[][] {
    return this.calls.filter((call) => call.name === name).map((call) => call.args);
  }

  async join(options: JoinOptions): Promise<void> {
    this.joinOptions = options;
    // Owns the handed-over preview camera as a real service does: stopped on camera off and dispose.
    this.preview = options.preview;
    this.calls.push({ name: 'join', args: [options] });
    if (this.joinError) throw this.joinError;
    this.update({ phase: 'connecting', displayName: options.displayName, muted: options.muted, cameraOn: options.cameraOn, selfId: 'self' });
  }
  async leave(): Promise<void> {
    await this.#record('leave');
    this.update({ phase: 'ended', end: { reason: 'local', code: 0, subCode: 0 } });
  }
  async setMuted(muted: boolean): Promise<void> {
    await this.#record('setMuted', muted);
    this.update({ muted });
  }
  async setCameraOn(on: boolean): Promise<void> {
    await this.#record('setCameraOn', on);
    if (!on) this.#stopPreview();
    this.update({ cameraOn: on, localVideoStreamId: on ? 'local-video' : undefined });
  }
  startScreenShare = () => this.#record('startScreenShare');
  stopScreenShare = () => this.#record('stopScreenShare');
  async raiseHand(): Promise<void> {
    await this.#record('raiseHand');
    this.update({ handRaised: true });
  }
  async lowerHand(): Promise<void> {
    await this.#record('lowerHand');
    this.update({ handRaised: false });
  }
  async startSpotlight(): Promise<void> {
    await this.#record('startSpotlight');
    const self = this.state.selfId ?? 'self';
    if (!this.state.spotlightedParticipants.includes(self)) this.update({ spotlightedParticipants: [...this.state.spotlightedParticipants, self] });
  }
  async stopSpotlight(): Promise<void> {
    await this.#record('stopSpotlight');
    const self = this.state.selfId ?? 'self';
    this.update({ spotlightedParticipants: this.state.spotlightedParticipants.filter((id) => id !== self) });
  }
  sendReaction = (reaction: ReactionType) => this.#record('sendReaction', reaction);
  startCaptions = (language: string) => this.#record('startCaptions', language);
  stopCaptions = () => this.#record('stopCaptions');
  async grantConsent(): Promise<void> {
    await this.#record('grantConsent');
    this.update({ consentGranted: true });
  }

  async joinBreakoutRoom(): Promise<void> {
    await this.#record('joinBreakoutRoom');
  }

  async returnToMainMeeting(): Promise<void> {
    await this.#record('returnToMainMeeting');
  }
  admit = (id: string) => this.#record('admit', id);
  reject = (id: string) => this.#record('reject', id);
  selectDevices = (devices: JoinOptions['devices']) => this.#record('selectDevices', devices);

  async createView(streamId: string): Promise<VideoView> {
    this.views.add(streamId);
    const element = document.createElement('canvas');
    element.dataset.stream = streamId;
    return {
      element,
      dispose: () => {
        this.views.delete(streamId);
      },
    };
  }

  async dispose(): Promise<void> {
    this.calls.push({ name: 'dispose', args: [] });
    // Listeners are not cleared here: a test can then see whether the element unsubscribed itself.
    this.disposed = true;
    this.#stopPreview();
  }

  #stopPreview(): void {
    this.preview?.getTracks().forEach((track) => track.stop());
    this.preview = undefined;
  }
}
