/**
 * What the meeting and call loaders share: check the token kind, then import the simulated backend
 * (the token endpoint says it is the local emulator) or the real SDK adapter, each a lazy chunk,
 * so a production page never downloads the simulated one. A failed import is `sdk-load-failed`.
 */
import { AcsError, toAcsError } from '../core/errors.js';
import type { TokenSession } from '../core/token-source.js';

export interface BackendOptions {
  session: TokenSession;
  identity: 'acs' | 'teams';
}

type Create<O, S> = (options: O) => S | Promise<S>;

export interface Backends<O, S> {
  /** What is loaded, for the error message ("The meeting service could not be loaded"). */
  name: string;
  simulated: () => Promise<Create<O, S>>;
  acs: () => Promise<Create<O, S>>;
}

export async function loadBackend<O extends BackendOptions, S>(options: O, backends: Backends<O, S>): Promise<S> {
  const token = await options.session.current();
  let kind: typeof import('./token-kind.js');
  try {
    // The JWT reader loads here, not with the script-tag entry.
    kind = await import('./token-kind.js');
  } catch (error) {
    throw new AcsError('sdk-load-failed', `The ${backends.name} could not be loaded`, { recoverable: true, cause: error });
  }
  // Before the SDK: it answers a token of the wrong kind with a bare 403/40231.
  kind.assertTokenKind(token.token, options.identity);
  let create: Create<O, S>;
  try {
    create = token.emulator ? await backends.simulated() : await backends.acs();
  } catch (error) {
    throw new AcsError('sdk-load-failed', `The ${backends.name} could not be loaded`, { recoverable: true, cause: error });
  }
  try {
    return await create(options);
  } catch (error) {
    throw toAcsError(error, 'sdk-load-failed');
  }
}
