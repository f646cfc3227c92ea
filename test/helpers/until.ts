/**
 * The one way tests wait: poll a condition until it holds, never a fixed sleep that races the code
 * under test. Used by the Node suites and (through test/browser/helpers/wait.ts) every browser suite.
 * The deadline only turns a hang into a readable failure; a passing test never waits for it.
 * Resolves with the condition's (truthy) value, so `const el = await until(() => query(), 'el')`.
 * A condition that returns a promise is awaited: to wait for a promise to *exist*, return a
 * boolean (`() => Boolean(service.disposing)`), not the promise (it resolves to undefined: a hang).
 */
export async function until<T>(condition: () => T | Promise<T>, what: string, timeoutMs = 8000, pollMs = 20): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as Exclude<T, false | 0 | '' | null | undefined>;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * For "X must not happen" checks: lets every task already queued run (timers due now, I/O
 * callbacks, microtasks) before the test looks, without waiting a guessed number of milliseconds.
 */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
