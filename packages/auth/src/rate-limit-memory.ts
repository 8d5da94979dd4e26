import type { RateLimiter, RateRule } from './rate-limit';

/**
 * A sliding-window limiter in this process's memory, with the algorithm `@upstash/ratelimit`'s
 * `slidingWindow` runs in Redis: each rule's time is cut into windows of `windowSeconds`
 * (aligned to the epoch), and a hit counts the current window's hits plus the previous window's
 * weighted by how much of it still overlaps the last `windowSeconds`. So a budget spent in a
 * burst comes back gradually as the burst slides out of view, not all at once at a boundary.
 * A refused hit is not counted (as in Redis).
 *
 * It is the Redis limiter's stand-in while Redis cannot answer (`rate-limit-redis.ts`): counts
 * are per process then, not shared by replicas. Memory is bounded: at most `maxKeys` counters;
 * windows that can no longer matter are dropped first, then the oldest counters.
 */

export interface MemoryRateLimiterOptions {
  /** Milliseconds since the epoch; `Date.now` unless a test moves time itself. */
  now?: () => number;
  /** Counters kept at most (one per rule and client); 50,000 by default. */
  maxKeys?: number;
}

interface Counter {
  /** The window the counts belong to: `floor(now / windowMs)`. */
  window: number;
  current: number;
  previous: number;
}

export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? (() => Date.now());
  const maxKeys = options.maxKeys ?? 50_000;
  const counters = new Map<string, Counter>();

  /** The key's counter moved to the window of `at`, or a fresh one (not stored yet). */
  const read = (key: string, windowMs: number, at: number): Counter => {
    const window = Math.floor(at / windowMs);
    const counter = counters.get(key);
    if (!counter || counter.window < window - 1) return { window, current: 0, previous: 0 };
    if (counter.window === window - 1) return { window, current: 0, previous: counter.current };
    return counter;
  };

  const store = (key: string, counter: Counter, windowMs: number, at: number) => {
    if (!counters.has(key) && counters.size >= maxKeys) evict(windowMs, at);
    counters.delete(key);
    counters.set(key, counter);
  };

  /** Drops counters whose windows are over, else the least recently written one. */
  const evict = (windowMs: number, at: number) => {
    const window = Math.floor(at / windowMs);
    for (const [key, counter] of counters) {
      if (counter.window < window - 1) counters.delete(key);
    }
    if (counters.size >= maxKeys) {
      const oldest = counters.keys().next();
      if (!oldest.done) counters.delete(oldest.value);
    }
  };

  const keyOf = (rule: RateRule, subject: string) =>
    `${rule.name}:${rule.windowSeconds}:${subject}`;

  return {
    hit(rule, subject) {
      const at = now();
      const windowMs = rule.windowSeconds * 1000;
      const key = keyOf(rule, subject);
      const counter = read(key, windowMs, at);
      const overlap = 1 - (at % windowMs) / windowMs;
      const used = Math.floor(counter.previous * overlap) + counter.current;
      const allowed = used < rule.max;
      if (allowed) store(key, { ...counter, current: counter.current + 1 }, windowMs, at);
      const reset = (counter.window + 1) * windowMs;
      return Promise.resolve({
        allowed,
        retryAfterSeconds: Math.max(1, Math.ceil((reset - at) / 1000)),
      });
    },

    forgive(rule, subject) {
      const at = now();
      const windowMs = rule.windowSeconds * 1000;
      const key = keyOf(rule, subject);
      const counter = read(key, windowMs, at);
      if (counter.current > 0)
        store(key, { ...counter, current: counter.current - 1 }, windowMs, at);
      return Promise.resolve();
    },
  };
}
