/**
 * A fixed-window rate limit per key (a client address, an award id) for the
 * claim inbox: at most `limit` hits per key in each `windowMs`. Memory is
 * bounded: at most `maxKeys` keys are tracked; past that the oldest window is
 * forgotten first. Pure: the caller passes the time.
 */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Counts a hit for `key` at `now` (ms) and says whether it is within the limit. */
  hit(key: string, now: number): RateDecision;
  /** How many keys are tracked (for tests). */
  readonly size: number;
}

export function rateLimiter({ limit, windowMs, maxKeys = 10_000 }: RateLimitOptions): RateLimiter {
  // Insertion order is the order windows started: the first entry is the oldest.
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, now) {
      let entry = windows.get(key);
      if (!entry || now - entry.start >= windowMs) {
        windows.delete(key);
        entry = { start: now, count: 0 };
        windows.set(key, entry);
        while (windows.size > maxKeys) windows.delete(windows.keys().next().value!);
      }
      entry.count += 1;
      return entry.count <= limit ? { ok: true } : { ok: false, retryAfterMs: entry.start + windowMs - now };
    },
    get size() {
      return windows.size;
    },
  };
}
