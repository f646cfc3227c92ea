/**
 * What the meeting and call adapters share around one SDK call, as a base class: the SDK plumbing
 * built in the constructor (`setUpCalling`), the attempt counter that tells a stale async step it
 * was superseded, the guard that ends a start/join stuck in Connecting, the handling of an agent
 * that could not be created, and the small helpers both use ("the live call", "refresh from the
 * call or else patch the snapshot", "throw once disposed").
 */
import type { TokenSession } from '../../core/token-source.js';
import { AcsError, isAcsError } from '../../core/errors.js';
import { SnapshotService } from '../snapshot-store.js';
import { CONNECT_TIMEOUT_CODE, CONNECT_TIMEOUT_MS, ConnectGuard, hangUpAbandoned, liveCall } from './call-guard.js';
import { callEndCode, type CallingAgent, type CallWatch } from './calling-agent.js';
import type { CallingClient } from './calling-client.js';
import { agentError, errorCode } from './calling-errors.js';
import { StreamIds } from './calling-participants.js';
import { setUpCalling, type CallingSetupOptions } from './calling-setup.js';
import type { AnyCall, CallingSdk } from './calling-types.js';
import type { LocalVideo, VideoViews } from './calling-views.js';

/** The snapshot fields the shared steps read and write. */
export interface CallingSnapshot {
  phase: string;
  muted: boolean;
}

export interface CallingAdapterOptions {
  session: TokenSession;
  identity: 'acs' | 'teams';
}

/** What the page or a test injects (both adapters' `deps` carry these). */
export interface CallingAdapterDeps {
  sdk: CallingSdk;
  /** Margin between the last media change and `callClient.dispose()` (default `defaultDisposeGraceMs`). */
  disposeGraceMs?: number;
  now?: () => number;
}

/** What each adapter sets. */
export interface CallingAdapterSetup {
  /** "call" or "meeting", for the error once disposed. */
  noun: string;
  /** Guard for a start/join stuck in Connecting (default `CONNECT_TIMEOUT_MS`). */
  connectTimeoutMs: number | undefined;
  defaultDisposeGraceMs: number;
  /** The agent and call watch hooks of the adapter (`setUpCalling`). */
  agent: CallingSetupOptions['agent'];
  watch: CallingSetupOptions['watch'];
}

export abstract class AcsCallingAdapter<S extends CallingSnapshot> extends SnapshotService<S> {
  protected readonly sdk: CallingSdk;
  protected readonly now: () => number;
  protected readonly identity: 'acs' | 'teams';
  /** The CallClient, its device manager and the dispose margin after media changes. */
  protected readonly calling: CallingClient;
  protected readonly agent: CallingAgent;
  protected readonly views: VideoViews;
  protected readonly local: LocalVideo;
  protected readonly watch: CallWatch;
  protected readonly streamIds = new StreamIds();
  protected call?: AnyCall;
  /** Increases with every start/join, end and leave, so a stale async step knows it was superseded. */
  protected attempt = 0;
  protected disposing?: Promise<void>;
  private readonly connectGuard: ConnectGuard;
  private readonly supersededWaiters = new Set<() => void>();
  private readonly noun: string;

  constructor(initial: S, options: CallingAdapterOptions, deps: CallingAdapterDeps, setup: CallingAdapterSetup) {
    // Rebuilt from the SDK on every event: a rebuild that changes nothing notifies no one.
    super(initial, { skipUnchanged: true });
    this.sdk = deps.sdk;
    this.now = deps.now ?? Date.now;
    this.identity = options.identity;
    this.noun = setup.noun;
    this.connectGuard = new ConnectGuard(setup.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
    ({ calling: this.calling, agent: this.agent, views: this.views, local: this.local, watch: this.watch } = setUpCalling({
      sdk: this.sdk,
      session: options.session,
      identity: options.identity,
      disposeGraceMs: deps.disposeGraceMs ?? setup.defaultDisposeGraceMs,
      now: this.now,
      streamIds: this.streamIds,
      assertAlive: () => this.assertAlive(),
      agent: setup.agent,
      watch: setup.watch,
    }));
  }

  /** Rebuilds the snapshot from the live call (`refresh` has checked it has not ended). */
  protected abstract rebuild(call: AnyCall): void;

  /** The SDK says the call ended with `code`/`subCode`. */
  protected abstract callEnded(code: number, subCode: number): void;

  /** Ends the current attempt as a network failure (`reason: 'network'`). */
  protected abstract endAsNetworkFailure(code: number, subCode: number): void;

  protected abstract disposeInOrder(): Promise<void>;

  dispose(): Promise<void> {
    this.disposing ??= this.disposeInOrder();
    return this.disposing;
  }

  /** Rebuilds the snapshot from the call, or ends the attempt when the call has ended. */
  protected refresh(): void {
    const call = this.call;
    if (!call) return;
    const ended = callEndCode(call);
    if (ended) this.callEnded(ended.code, ended.subCode);
    else this.rebuild(call);
  }

  // --- attempts and the connect guard ------------------------------------------------------------

  /** Starts a new attempt: async steps of the previous one see they are stale and stop. */
  protected supersede(): number {
    this.attempt++;
    for (const resolve of this.supersededWaiters) resolve();
    this.supersededWaiters.clear();
    return this.attempt;
  }

  /** Resolves (with nothing) once `attempt` is superseded. */
  protected whenSuperseded(attempt: number): Promise<undefined> {
    if (attempt !== this.attempt) return Promise.resolve(undefined);
    return new Promise((resolve) => this.supersededWaiters.add(() => resolve(undefined)));
  }

  /** Ends attempt `attempt` as a network failure if it is still connecting after the timeout, and hangs up its call. */
  protected armConnectGuard(attempt: number): void {
    this.connectGuard.arm(() => {
      if (attempt !== this.attempt || this.state.phase !== 'connecting') return;
      this.supersede();
      const call = this.call;
      this.endAsNetworkFailure(CONNECT_TIMEOUT_CODE, 0);
      hangUpAbandoned(this.calling, call);
    });
  }

  protected clearConnectGuard(): void {
    this.connectGuard.clear();
  }

  /**
   * An agent that could not be created: a network failure ends the attempt; anything else (token,
   * media, load problems) puts back `restore`, where the user or the page can fix it. Returns the
   * error to throw.
   */
  protected agentFailed(error: unknown, restore: S): AcsError {
    this.clearConnectGuard();
    const failure = isAcsError(error) ? error : agentError(error, this.identity);
    if (failure.code === 'join-failed') {
      const { code = 0, subCode = 0 } = errorCode(failure.cause ?? error);
      this.endAsNetworkFailure(code, subCode);
    } else {
      this.store.replace(restore);
    }
    return failure;
  }

  // --- helpers -------------------------------------------------------------------------------------

  /** The call, unless it is absent or already Disconnected. */
  protected activeCall(): AnyCall | undefined {
    return liveCall(this.call);
  }

  /** With a live call the snapshot comes from it; without one, `patch` is the user's choice for the next call. */
  protected refreshOr(patch: Partial<S>): void {
    if (this.activeCall()) this.refresh();
    else this.store.set(patch);
  }

  protected assertAlive(): void {
    if (this.disposing) throw new AcsError('operation-failed', `The ${this.noun} service was disposed`);
  }
}
