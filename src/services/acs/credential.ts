/**
 * The SDK credential for a token session: starts from the token already fetched, refreshes through
 * the session (the host's token URL or function) before it expires. The token stays in memory.
 */
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import type { TokenResult, TokenSession } from '../../core/token-source.js';

export function createCredential(session: TokenSession, initial: TokenResult): AzureCommunicationTokenCredential {
  return new AzureCommunicationTokenCredential({
    token: initial.token,
    refreshProactively: true,
    tokenRefresher: async (abortSignal) => (await session.refresh(abortSignal as AbortSignal | undefined)).token,
  });
}
