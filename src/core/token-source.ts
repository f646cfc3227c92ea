/**
 * Token source: fetches and refreshes ACS access tokens from the host's `token-url` (or a host
 * function). Pure TypeScript over `fetch`; no SDK. The token lives only in memory.
 *
 * CONTRACT (implementation pending in this file; other modules depend only on these types):
 */

/** What a token endpoint (or a `tokenProvider` function) returns, normalized. */
export interface TokenResult {
  token: string;
  expiresOn: Date;
  /** `8:acs:…` (ACS) or the Teams user's id; from `userId` or `user.communicationUserId`. */
  userId?: string;
  /** ACS resource endpoint, e.g. `https://x.communication.azure.com/` or the local emulator. */
  endpoint?: string;
  /** True when the endpoint is the local emulator: pick the simulated meeting service. */
  emulator: boolean;
}

/** A host-supplied function that returns a token (instead of `token-url`). */
export type TokenProvider = (options: { signal?: AbortSignal }) => Promise<TokenResult | RawTokenResponse>;

/** The token endpoint's JSON: ours (`userId`) or the ACS identity SDK's (`user`). */
export interface RawTokenResponse {
  token: string;
  expiresOn: string | number | Date;
  userId?: string;
  user?: { communicationUserId: string };
  endpoint?: string;
  emulator?: boolean;
}

/** Holds the current token in memory and refreshes it; shared by the meeting and its chat. */
export interface TokenSession {
  /** The first token (fetched once). Later calls return the cached token while still valid. */
  current(signal?: AbortSignal): Promise<TokenResult>;
  /** Always fetches a fresh token (used as the SDK credential's `tokenRefresher`). */
  refresh(signal?: AbortSignal): Promise<TokenResult>;
}

/** Where tokens come from: the element's `token-url` (+ `token-credentials`) or a host function. */
export interface TokenSourceOptions {
  url?: string;
  /** `same-origin` by default; `include` when the element has `token-credentials="include"`. */
  credentials?: RequestCredentials;
  provider?: TokenProvider;
  /** For tests and non-browser hosts. */
  fetch?: typeof fetch;
}
