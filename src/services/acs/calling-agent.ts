/**
 * The call agent's lifecycle, shared by the meeting and the 1:1 call adapters: one agent per
 * service (CallAgent for ACS identities, TeamsCallAgent for Teams users), created on first need
 * from the token session, its SDK listeners recorded, and disposed before the CallClient.
 *
 * An agent still being created (7-14 s offline) need not be waited for at disposal: the client may
 * go meanwhile (seen in Chromium: the creation then rejects, nothing unhandled), and should it
 * resolve after all, it is disposed then.
 * Type-only SDK imports: the SDK itself arrives through the injected `CallingSdk`.
 */
import type { CallAgent, CallAgentOptions, RemoteParticipant, RemoteVideoStream, TeamsCallAgent } from '@azure/communication-calling';
import { isAcsError } from '../../core/errors.js';
import type { TokenResult, TokenSession } from '../../core/token-source.js';
import type { CallingClient } from './calling-client.js';
import { settle, SETTLE_TIMEOUT_MS } from './calling-client.js';
import { agentError } from './calling-errors.js';
import { Listeners } from './calling-listeners.js';
import type { AnyCall, CallingSdk } from './calling-types.js';
import type { VideoViews } from './calling-views.js';

export type Agent = { identity: 'acs'; agent: CallAgent } | { identity: 'teams'; agent: TeamsCallAgent };

export interface CallingAgentOptions {
  sdk: CallingSdk;
  calling: CallingClient;
  session: TokenSession;
  identity: 'acs' | 'teams';
  /** Runs on the first token, before the SDK sees it (e.g. its kind); a throw fails the creation. */
  checkToken?: (token: TokenResult) => void;
  /** Subscribes to the new agent's events; each `off` goes into `listeners`. */
  watch: (agent: Agent, listeners: Listeners) => void;
}

/** Subscribes `handler` to one agent event, whichever kind of agent it is, and records the `off`. */
export function onAgentEvent<A>(created: Agent, listeners: Listeners, event: 'connectionStateChanged' | 'incomingCall', handler: (args: A) => void): void {
  // Both agents declare the same event names with matching argument shapes; the SDK's overloads
  // cannot be called on their union, hence the one cast.
  const agent = created.agent as unknown as {
    on(event: string, handler: (args: A) => void): void;
    off(event: string, handler: (args: A) => void): void;
  };
  agent.on(event, handler);
  listeners.add(() => agent.off(event, handler));
}

export class CallingAgent {
  /** The agent's SDK listeners (for leak checks: `listeners.size`). */
  readonly listeners = new Listeners();
  #pending?: Promise<Agent>;
  /** The agent promise has resolved (disposal need not wait for a creation in flight). */
  #ready = false;
  #displayName?: string;
  #initial?: TokenResult;

  constructor(private readonly options: CallingAgentOptions) {}

  /** The first token the agent was created with (its `userId` is the local user's id). */
  get initial(): TokenResult | undefined {
    return this.#initial;
  }

  /** Which agent kind was created, once it is (for tests). */
  async kind(): Promise<'acs' | 'teams' | undefined> {
    return (await this.#pending?.catch(() => undefined))?.identity;
  }

  /**
   * The agent, created on first use. An ACS guest's display name is fixed at creation: with
   * `renameable`, a new name disposes the agent and creates another. A failed creation is not
   * kept: the next call tries again.
   */
  async ensure(displayName: string | undefined, agentOptions: CallAgentOptions, renameable = false): Promise<Agent> {
    if (renameable && this.#pending && this.options.identity === 'acs' && this.#displayName !== displayName) {
      const previous = await this.#pending.catch(() => undefined);
      this.listeners.clear();
      this.#pending = undefined;
      if (previous) await previous.agent.dispose().catch(() => undefined);
    }
    if (!this.#pending) {
      this.#displayName = displayName;
      const pending = this.#create(agentOptions);
      this.#pending = pending;
      this.#ready = false;
      pending.then(
        () => {
          if (this.#pending === pending) this.#ready = true;
        },
        () => {
          if (this.#pending === pending) this.#pending = undefined;
        },
      );
    }
    return this.#pending;
  }

  async #create(agentOptions: CallAgentOptions): Promise<Agent> {
    const { sdk, calling, session, identity } = this.options;
    const client = calling.ensure();
    let credential;
    try {
      this.#initial = await session.current();
      this.options.checkToken?.(this.#initial);
      credential = sdk.createCredential(session, this.#initial);
    } catch (error) {
      throw isAcsError(error) ? error : agentError(error, identity);
    }
    try {
      const created: Agent =
        identity === 'teams'
          ? { identity: 'teams', agent: await client.createTeamsCallAgent(credential) }
          : { identity: 'acs', agent: await client.createCallAgent(credential, agentOptions) };
      this.options.watch(created, this.listeners);
      return created;
    } catch (error) {
      throw agentError(error, identity);
    }
  }

  /**
   * Removes the agent's listeners and disposes it (bounded). With `waitForPending`, an agent still
   * being created is waited for; without, it is disposed whenever it arrives.
   */
  async dispose(waitForPending: boolean): Promise<void> {
    this.listeners.clear();
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending && (this.#ready || waitForPending)) {
      const agent = await settle(pending, SETTLE_TIMEOUT_MS);
      this.listeners.clear();
      if (agent) await settle(agent.agent.dispose(), SETTLE_TIMEOUT_MS);
    } else if (pending) {
      pending
        .then(
          (agent) => {
            this.listeners.clear();
            return agent.agent.dispose();
          },
          () => undefined,
        )
        .catch(() => undefined);
    }
    this.listeners.clear();
  }
}

/** Subscribes `handler` to an SDK object's event and records the `off` (one cast for the SDK's overloads). */
function onSdkEvent<A>(target: object, listeners: Listeners, event: string, handler: (args: A) => void): () => void {
  const emitter = target as { on(event: string, handler: (args: A) => void): void; off(event: string, handler: (args: A) => void): void };
  emitter.on(event, handler);
  return listeners.add(() => emitter.off(event, handler));
}

/** The call events both adapters rebuild their snapshot on. */
type CallEvent = 'stateChanged' | 'isMutedChanged' | 'isLocalVideoStartedChanged' | 'localVideoStreamsUpdated' | 'isScreenSharingOnChanged' | 'roleChanged';
type ParticipantEvent = 'stateChanged' | 'isMutedChanged' | 'displayNameChanged' | 'isSpeakingChanged' | 'roleChanged';

export interface CallWatchOptions {
  /** Rebuilds the adapter's snapshot. */
  refresh: () => void;
  callEvents: readonly CallEvent[];
  participantEvents: readonly ParticipantEvent[];
  /** The renderers: a detached call takes its remote views (every view but `localId()`'s). */
  views: VideoViews;
  localId: () => string | undefined;
  /** More subscriptions on the call (lobby, call info, features); each `off` goes into `listeners`. */
  watchCall?: (call: AnyCall, listeners: Listeners) => void;
  /** A remote video stream went (its participant left, or it was removed): drop its views. */
  onStreamGone?: (stream: RemoteVideoStream) => void;
}

/**
 * The current call's SDK subscriptions, shared by both adapters: the call's events, each remote
 * participant's and each of their video streams' `isAvailableChanged`, all recorded so a detach
 * (or a participant leaving) removes exactly what was added.
 */
export class CallWatch {
  readonly #callListeners = new Listeners();
  readonly #participants = new Map<RemoteParticipant, Listeners>();

  constructor(private readonly options: CallWatchOptions) {}

  /** SDK listeners currently attached, for leak checks. */
  get size(): number {
    let count = this.#callListeners.size;
    for (const listeners of this.#participants.values()) count += listeners.size;
    return count;
  }

  attach(call: AnyCall): void {
    const { refresh } = this.options;
    const onParticipants = (args: { added: RemoteParticipant[]; removed: RemoteParticipant[] }) => {
      for (const participant of args.removed) this.#detachParticipant(participant);
      for (const participant of args.added) this.#attachParticipant(participant);
      refresh();
    };
    for (const event of this.options.callEvents) onSdkEvent(call, this.#callListeners, event, refresh);
    onSdkEvent(call, this.#callListeners, 'remoteParticipantsUpdated', onParticipants);
    this.options.watchCall?.(call, this.#callListeners);
    for (const participant of call.remoteParticipants) this.#attachParticipant(participant);
  }

  /** Unsubscribes everything of the call and disposes its remote views. */
  detach(): void {
    this.#callListeners.clear();
    for (const listeners of this.#participants.values()) listeners.clear();
    this.#participants.clear();
    const localId = this.options.localId();
    this.options.views.disposeWhere((streamId) => streamId !== localId);
  }

  #attachParticipant(participant: RemoteParticipant): void {
    if (this.#participants.has(participant)) return;
    const listeners = new Listeners();
    this.#participants.set(participant, listeners);
    const { refresh } = this.options;
    const streamOffs = new Map<RemoteVideoStream, () => void>();
    const watchStream = (stream: RemoteVideoStream) => streamOffs.set(stream, onSdkEvent(stream, listeners, 'isAvailableChanged', refresh));
    const onStreams = (args: { added: RemoteVideoStream[]; removed: RemoteVideoStream[] }) => {
      for (const stream of args.removed) {
        streamOffs.get(stream)?.();
        streamOffs.delete(stream);
        this.options.onStreamGone?.(stream);
      }
      for (const stream of args.added) watchStream(stream);
      refresh();
    };
    for (const event of this.options.participantEvents) onSdkEvent(participant, listeners, event, refresh);
    onSdkEvent(participant, listeners, 'videoStreamsUpdated', onStreams);
    for (const stream of participant.videoStreams) watchStream(stream);
  }

  #detachParticipant(participant: RemoteParticipant): void {
    this.#participants.get(participant)?.clear();
    this.#participants.delete(participant);
    for (const stream of participant.videoStreams) this.options.onStreamGone?.(stream);
  }
}

/** The call's end code when it is over (`Disconnected`), else undefined: both adapters then end. */
export function callEndCode(call: AnyCall): { code: number; subCode: number } | undefined {
  if (call.state !== 'Disconnected') return undefined;
  const reason = call.callEndReason;
  return { code: reason?.code ?? 0, subCode: reason?.subCode ?? 0 };
}
