/**
 * Keeps an emulator socket's token fresh, for the simulated meeting and call services: a fresh
 * token from the session is sent over the socket ahead of expiry, again for each new token. A
 * refresh belongs to the socket it was scheduled for: one that resolves after `cancel()` or a
 * newer `schedule()` (the socket closed, the call ended, a new socket took over) is dropped, so an
 * old call's refresh never reaches a new socket. Never logs a token.
 */
import type { TokenSession } from '../../core/token-source.js';

export interface TokenSink {
  sendRaw(message: { type: 'token'; token: string }): void;
}

/**
 * How long until a token should be refreshed: with a quarter of its lifetime (at most a minute)
 * left, capped for setTimeout; undefined once it has expired.
 */
export function tokenRefreshDelay(expiresOn: Date, now = Date.now()): number | undefined {
  const lifetime = expiresOn.getTime() - now;
  if (!(lifetime > 0)) return undefined;
  return Math.min(Math.max(0, lifetime - Math.min(60_000, lifetime / 4)), 2_000_000_000);
}

export class TokenRefresh {
  #timer?: ReturnType<typeof setTimeout>;
  #generation = 0;

  constructor(
    private readonly session: TokenSession,
    private readonly now: () => number = Date.now,
  ) {}

  /** From now on, refreshes the token for `socket` (and only for it) before `expiresOn`. */
  schedule(socket: TokenSink, expiresOn: Date): void {
    this.cancel();
    const generation = this.#generation;
    const delay = tokenRefreshDelay(expiresOn, this.now());
    if (delay === undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.session
        .refresh()
        .then((fresh) => {
          if (generation !== this.#generation) return;
          socket.sendRaw({ type: 'token', token: fresh.token });
          this.schedule(socket, fresh.expiresOn);
        })
        .catch(() => {
          // The server ends the call with 495/4507 when the old token expires.
        });
    }, delay);
  }

  /** Stops refreshing; a refresh already under way is dropped when it resolves. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#generation++;
  }
}
