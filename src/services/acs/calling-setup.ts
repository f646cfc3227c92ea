/**
 * The SDK plumbing both ACS adapters build in their constructors, in one place: the CallClient
 * wrapper (dispose margin), the call agent, the renderers, the local camera and the call watch.
 */
import type { TokenSession } from '../../core/token-source.js';
import { CallingAgent, CallWatch, type CallingAgentOptions, type CallWatchOptions } from './calling-agent.js';
import { CallingClient } from './calling-client.js';
import type { StreamIds } from './calling-participants.js';
import type { CallingSdk } from './calling-types.js';
import { LocalVideo, VideoViews } from './calling-views.js';

export interface CallingSetupOptions {
  sdk: CallingSdk;
  session: TokenSession;
  identity: 'acs' | 'teams';
  disposeGraceMs: number;
  now: () => number;
  streamIds: StreamIds;
  /** Throws once the adapter is disposed. */
  assertAlive: () => void;
  agent: Pick<CallingAgentOptions, 'checkToken' | 'watch'>;
  /** The call watch, but for the views and the local stream id, which come from this setup. */
  watch: Omit<CallWatchOptions, 'views' | 'localId'>;
}

export interface CallingSetup {
  calling: CallingClient;
  agent: CallingAgent;
  views: VideoViews;
  local: LocalVideo;
  watch: CallWatch;
}

export function setUpCalling(options: CallingSetupOptions): CallingSetup {
  const { sdk, now, assertAlive } = options;
  const calling = new CallingClient({ sdk, disposeGraceMs: options.disposeGraceMs, now, assertAlive });
  const agent = new CallingAgent({ sdk, calling, session: options.session, identity: options.identity, ...options.agent });
  const views = new VideoViews(sdk);
  const local = new LocalVideo(views, options.streamIds);
  const watch = new CallWatch({ ...options.watch, views, localId: () => local.id });
  return { calling, agent, views, local, watch };
}
