/**
 * One token session per token source: every element asks for its session here with its current
 * `token-url`, `token-credentials` and `tokenProvider`, and gets the same session (and so the same
 * cached token) until one of them changes, or the element resets it (e.g. a new identity).
 * Tokens stay in memory, in the session; nothing here stores or logs them.
 */
import { createTokenSession } from '../core/token-session.js';
import type { TokenProvider, TokenSession } from '../core/token-source.js';

export interface TokenSourceInputs {
  url?: string;
  credentials?: RequestCredentials;
  provider?: TokenProvider;
}

export class TokenSessionCache {
  #session?: TokenSession;
  #inputs?: TokenSourceInputs;

  /** The session for these inputs. @throws AcsError `missing-token-source` when there is neither url nor provider. */
  session(inputs: TokenSourceInputs): TokenSession {
    const same =
      this.#inputs !== undefined &&
      this.#inputs.url === inputs.url &&
      this.#inputs.credentials === inputs.credentials &&
      this.#inputs.provider === inputs.provider;
    if (!this.#session || !same) {
      this.#session = createTokenSession({
        url: inputs.url || undefined,
        credentials: inputs.credentials ?? 'same-origin',
        provider: inputs.provider,
      });
      this.#inputs = { ...inputs };
    }
    return this.#session;
  }

  /** The session last handed out, if any (for sharing it, e.g. with the meeting chat). */
  get current(): TokenSession | undefined {
    return this.#session;
  }

  /** Forgets the session: the next `session()` builds a new one. */
  reset(): void {
    this.#session = undefined;
    this.#inputs = undefined;
  }
}
