import { createHmac } from 'node:crypto';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { sql } from 'drizzle-orm';

/**
 * The rate limiter port and its Postgres store: fixed windows counted in the `rate_limits`
 * table, so every replica of every app shares the counts (the store when no Redis is
 * configured; `rate-limit-store.ts` chooses, `rate-limit-redis.ts` is the Redis one). Used by the tRPC procedures (cart creation, checkout, guest order
 * lookup; `@shop/api` declares the port), by better-auth's per-request ceilings (its
 * `rateLimit.customStorage`) and by the failed sign-in throttle (`throttle.ts`, which reserves a
 * hit per attempt and forgives it when the sign-in succeeds).
 */

export interface RateRule {
  /** Names the counter (`cart-create`); part of the stored key. */
  name: string;
  /** Hits allowed per window; the next one is refused. */
  max: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window ends (when a refused caller may try again); at least 1. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit of `subject` (already a hash, never a raw address) against `rule`. */
  hit(rule: RateRule, subject: string): Promise<RateDecision>;
  /**
   * Takes back one hit of `subject` against `rule` (never below 0), for a hit that turned out
   * not to count (a sign-in that succeeded). Only the live window is touched: once the window
   * has expired there is nothing to take back, and its row is left to restart at the next hit.
   */
  forgive(rule: RateRule, subject: string): Promise<void>;
}

/**
 * Expired rows are overwritten by their next hit; this sweeps the others now and then, in the
 * background (a hit never waits for the sweep, and a failed sweep changes nothing).
 */
const SWEEP_PROBABILITY = 0.01;

/**
 * Each hit is one atomic statement: insert the key's row, or bump it; a row whose window has
 * expired starts a new window at 1. Concurrent hits on one key serialise on its row, so N
 * parallel requests count N (no read-then-write gap to slip through).
 */
export function createRateLimiter(db: Database): RateLimiter {
  return {
    async hit(rule, subject) {
      const key = rateLimitKey(rule, subject);
      const result = await queryRows<{ hits: number; ttl_ms: number }>(
        db,
        sql`
        insert into rate_limits (key, hits, window_started_at, expires_at)
        values (${key}, 1, now(), now() + make_interval(secs => ${rule.windowSeconds}))
        on conflict (key) do update set
          hits = case when rate_limits.expires_at <= now() then 1 else rate_limits.hits + 1 end,
          window_started_at = case when rate_limits.expires_at <= now() then now()
                                   else rate_limits.window_started_at end,
          expires_at = case when rate_limits.expires_at <= now() then excluded.expires_at
                            else rate_limits.expires_at end
        returning hits, (extract(epoch from (expires_at - now())) * 1000)::float8 as ttl_ms`,
      );
      const row = result[0];
      if (!row) throw new Error('rate_limits upsert returned no row');
      // Housekeeping, off the request's path: the hit that draws it does not wait for it.
      if (Math.random() < SWEEP_PROBABILITY) {
        void db
          .execute(sql`delete from rate_limits where expires_at < now()`)
          .catch(() => undefined);
      }
      return {
        allowed: Number(row.hits) <= rule.max,
        retryAfterSeconds: Math.max(1, Math.ceil(Number(row.ttl_ms) / 1000)),
      };
    },

    async forgive(rule, subject) {
      await db.execute(sql`
        update rate_limits set hits = greatest(hits - 1, 0)
        where key = ${rateLimitKey(rule, subject)} and expires_at > now()`);
    },
  };
}

function rateLimitKey(rule: RateRule, subject: string): string {
  return `${rule.name}:${subject}`;
}

/**
 * A client identity as the limiter stores it: an HMAC-SHA256 of `identity` keyed with the auth
 * secret (the first 128 bits, hex), so no address reaches the table.
 */
export function hashRateLimitSubject(identity: string, secret: string): string {
  return createHmac('sha256', secret).update(identity).digest('hex').slice(0, 32);
}

/**
 * better-auth's rate-limit storage over the limiter. better-auth keys by `<ip>|<path>`; the key
 * is hashed with the auth secret before it is stored, so no address reaches the table. Each
 * path's hits are counted under the rule `ruleName(path)` names (so its numbers can be
 * configured by that name, see `env.ts`).
 */
export function betterAuthRateLimitStorage(
  limiter: RateLimiter,
  secret: string,
  ruleName: (path: string) => string,
) {
  return {
    async consume(key: string, rule: { window: number; max: number }) {
      const path = key.slice(key.indexOf('|') + 1);
      const decision = await limiter.hit(
        { name: ruleName(path), max: rule.max, windowSeconds: rule.window },
        hashRateLimitSubject(key, secret),
      );
      return {
        allowed: decision.allowed,
        retryAfter: decision.allowed ? null : decision.retryAfterSeconds,
      };
    },
  };
}
