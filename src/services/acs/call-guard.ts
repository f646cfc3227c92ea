/**
 * Pieces the call and meeting adapters share around one SDK call: the timer that ends a
 * start/join stuck in Connecting, hanging up the call it abandons, and "the call unless it ended".
 */
import type { CallingClient } from './calling-client.js';
import type { AnyCall } from './calling-types.js';

/** A start or join still in None/Connecting after this long is ended as a network failure. */
export const CONNECT_TIMEOUT_MS = 60_000;
/** Synthetic end code for a start or join that timed out on our side (HTTP 408: request timeout). */
export const CONNECT_TIMEOUT_CODE = 408;

/** One pending timeout at a time: arming it again replaces the previous one. */
export class ConnectGuard {
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly timeoutMs: number) {}

  arm(onTimeout: () => void): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      onTimeout();
    }, this.timeoutMs);
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Hangs up a call the adapter has already given up on (marked as a media change for the dispose margin). */
export function hangUpAbandoned(calling: CallingClient, call: AnyCall | undefined): void {
  if (!call) return;
  calling.markMediaChange();
  void call.hangUp().catch(() => undefined);
}

/** The call, unless it is absent or already Disconnected. */
export function liveCall(call: AnyCall | undefined): AnyCall | undefined {
  return call && call.state !== 'Disconnected' ? call : undefined;
}
