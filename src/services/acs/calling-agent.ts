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
import type { CallAgent, CallAgentOptions, TeamsCallAgent } from '@azure/communication-calling';
import { isAcsError } from '../../core/errors.js';
import type { TokenResult, TokenSession } from '../../core/token-source.js';
import type { CallingClient } from './calling-client.js';
import { settle, SETTLE_TIMEOUT_MS } from './calling-client.js';
import { agentError } from './calling-errors.js';
import { Listeners } from './calling-listeners.js';
import type { CallingSdk } from './calling-types.js';

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
