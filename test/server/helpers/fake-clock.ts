/**
 * A manual clock for the emulator (server/clock.js `Clock`): time moves only when a test calls
 * `advance(ms)`, which fires every timer that falls due, in order. It starts at a fixed instant that
 * has nothing to do with today's date, so a test reads the same on any day.
 */
export const FAKE_EPOCH = Date.UTC(2030, 0, 1, 12, 0, 0);

export interface FakeClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
  /** Moves time forward, firing due timers (each sees `now()` at its own due time). */
  advance(ms: number): void;
  /** Timers not yet fired. */
  pending(): number;
}

export function createFakeClock(start = FAKE_EPOCH): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(timer) {
      if (typeof timer === 'number') timers.delete(timer);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}

/**
 * A clock that runs with real time but can be moved forward: `advance(ms)` jumps ahead and fires
 * every timer that falls due at once. For a whole emulator in a suite (startServer({clock})), where
 * rate limits and real SDK clients need time to pass, while a token's expiry is reached by
 * `advance` instead of waiting for it.
 */
export function createShiftableClock(): FakeClock {
  let offset = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void; real: NodeJS.Timeout }>();
  const now = () => Date.now() + offset;
  const fire = (id: number) => {
    const timer = timers.get(id);
    if (!timer) return;
    timers.delete(id);
    clearTimeout(timer.real);
    timer.fn();
  };
  return {
    now,
    setTimeout(fn, ms) {
      const id = ++seq;
      const real = setTimeout(() => fire(id), Math.max(0, ms));
      real.unref();
      timers.set(id, { at: now() + Math.max(0, ms), fn, real });
      return id;
    },
    clearTimeout(timer) {
      if (typeof timer !== 'number') return;
      clearTimeout(timers.get(timer)?.real);
      timers.delete(timer);
    },
    advance(ms) {
      offset += ms;
      const due = [...timers].filter(([, t]) => t.at <= now()).sort((a, b) => a[1].at - b[1].at);
      for (const [id] of due) fire(id);
    },
    pending: () => timers.size,
  };
}
