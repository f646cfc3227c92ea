// @ts-check
/**
 * The emulator's one source of time. Everything that reads the time or waits for a token to expire
 * goes through a Clock, so tests can inject a fake one (test/server/helpers/fake-clock.ts) instead of
 * racing the real clock or depending on today's date.
 */

/**
 * @typedef {object} Clock
 * @property {() => number} now milliseconds since the epoch
 * @property {(fn: () => void, ms: number) => unknown} setTimeout a timer that never keeps the process alive
 * @property {(timer: unknown) => void} clearTimeout
 */

/** @type {Clock} */
export const systemClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return timer;
  },
  clearTimeout: (timer) => clearTimeout(/** @type {NodeJS.Timeout | undefined} */ (timer)),
});

/**
 * A clock from options: a whole Clock, or only `now` (timers stay real).
 * @param {{ clock?: Clock, now?: () => number }} [options]
 * @returns {Clock}
 */
export function clockFrom(options = {}) {
  if (options.clock) return options.clock;
  if (options.now) return { ...systemClock, now: options.now };
  return systemClock;
}
