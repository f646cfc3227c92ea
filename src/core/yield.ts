/**
 * Gives the browser a turn (input, rendering) between slices of long work: `scheduler.yield()`
 * where available (the continuation keeps its priority), else a fresh macrotask through a
 * MessageChannel (not clamped like nested timeouts), else a timeout.
 */
interface YieldingScheduler {
  yield(): Promise<void>;
}

export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<YieldingScheduler> }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(undefined);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Maps `items` in slices of at most `maxItems` items or `budgetMs` of work, yielding to the browser
 * between slices, so a long list never becomes one long task. `undefined` results are dropped.
 */
export async function mapInSlices<T, R>(
  items: readonly T[],
  map: (item: T) => R | undefined,
  options: { maxItems?: number; budgetMs?: number; signal?: AbortSignal } = {},
): Promise<R[]> {
  const maxItems = options.maxItems ?? 8;
  const budgetMs = options.budgetMs ?? 4;
  const out: R[] = [];
  let sliceStart = performance.now();
  let inSlice = 0;
  for (const item of items) {
    if (inSlice >= maxItems || performance.now() - sliceStart >= budgetMs) {
      await yieldToBrowser();
      options.signal?.throwIfAborted();
      sliceStart = performance.now();
      inSlice = 0;
    }
    const result = map(item);
    inSlice++;
    if (result !== undefined) out.push(result);
  }
  return out;
}

/**
 * Runs `task` once the browser has painted and is idle (at most `timeoutMs` later), for work
 * that must not compete with showing the first content; a timeout where there are no frames.
 */
export function whenIdleAfterPaint(task: () => void, timeoutMs = 2_000): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(task, 0);
    return;
  }
  requestAnimationFrame(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout: timeoutMs });
    else setTimeout(task, 0);
  });
}
