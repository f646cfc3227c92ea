/**
 * The token handler's state: which ACS identity a site user has (an `IdentityStore`, in-memory LRU
 * by default) and how many requests a key has left (a token bucket per key). Web-standard only.
 */

/**
 * Where the handler remembers the ACS identity of each site user (`userKey` → ACS user id), so a
 * token refresh gives the same identity. Replace the default (one process's memory) with your
 * own store — a database table, Redis — when several instances serve tokens.
 */
export interface IdentityStore {
  get(userKey: string): string | undefined | Promise<string | undefined>;
  set(userKey: string, communicationUserId: string): void | Promise<void>;
}

/** An in-memory `IdentityStore` that keeps the `maxEntries` most recently used keys (default 10 000). */
export function createMemoryIdentityStore(maxEntries = 10_000): IdentityStore {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('createMemoryIdentityStore: maxEntries must be a positive integer.');
  const map = new Map<string, string>();
  return {
    get(userKey) {
      const id = map.get(userKey);
      if (id !== undefined) {
        // Most recently used last: Map iteration order is insertion order.
        map.delete(userKey);
        map.set(userKey, id);
      }
      return id;
    },
    set(userKey, communicationUserId) {
      map.delete(userKey);
      map.set(userKey, communicationUserId);
      while (map.size > maxEntries) map.delete(map.keys().next().value as string);
    },
  };
}

/**
 * Token bucket per key: `perMinute` requests, refilled continuously. `take` returns 0 when the
 * request may go on, else the seconds to wait. Memory is bounded: full buckets are dropped first,
 * then the oldest, past `maxKeys`.
 */
export function createRateLimiter(perMinute: number, now: () => number, maxKeys = 100_000) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  const prune = (t: number) => {
    for (const [k, b] of buckets) if (b.tokens + (t - b.at) * ratePerMs >= perMinute) buckets.delete(k);
    while (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
  };
  return {
    take(key: string): number {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) prune(t);
        bucket = { tokens: perMinute, at: t };
      } else {
        buckets.delete(key); // re-inserted below: oldest-first eviction
      }
      bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, t - bucket.at) * ratePerMs);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
    },
  };
}
