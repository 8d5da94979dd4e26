import { createRedisClient } from '@shop/cache';
import type { Database } from '@shop/db/client';
import type { RateLimitEnv, RateLimitOverrides } from './env';
import { createRateLimiter, type RateLimiter, type RateRule } from './rate-limit';
import { createMemoryRateLimiter } from './rate-limit-memory';
import { createRedisRateLimiter } from './rate-limit-redis';

/**
 * The process's rate limiter, as the Shop builds it (`@shop/runtime`'s `createShop`):
 *
 * - Redis configured (`UPSTASH_REDIS_REST_URL`): sliding windows in Redis, shared by every
 *   replica; while Redis fails, each hit is counted by an in-memory sliding window instead.
 * - Otherwise the `rate_limits` table (fixed windows), shared by every replica too: a shop
 *   without Redis still has one Postgres, and limits held per process would let N replicas
 *   grant N budgets.
 *
 * Either way the rules' numbers can be set from the environment (`overrides`, see `env.ts`).
 */
export function createShopRateLimiter(
  db: Database,
  env: RateLimitEnv,
  log: { warn(message: string): void; info(message: string): void },
): RateLimiter {
  const store = env.redis
    ? createRedisRateLimiter({
        redis: createRedisClient(env.redis),
        fallback: createMemoryRateLimiter(),
        timeoutMs: env.RATE_LIMIT_REDIS_TIMEOUT_MS,
        onUnavailable: (err) =>
          log.warn(
            `rate limiter: Redis is not answering (${err instanceof Error ? err.message : String(err)}); counting in this process until it is back`,
          ),
        onRecovered: () => log.info('rate limiter: Redis answers again'),
      })
    : createRateLimiter(db);
  return withRuleOverrides(store, env.overrides);
}

/** `limiter` with the configured numbers in place of the rules' own, matched by rule name. */
export function withRuleOverrides(
  limiter: RateLimiter,
  overrides: RateLimitOverrides,
): RateLimiter {
  const byName = new Map<string, { max: number; windowSeconds: number }>(Object.entries(overrides));
  if (byName.size === 0) return limiter;
  const apply = (rule: RateRule): RateRule => {
    const set = byName.get(rule.name);
    return set ? { ...rule, ...set } : rule;
  };
  return {
    hit: (rule, subject) => limiter.hit(apply(rule), subject),
    forgive: (rule, subject) => limiter.forgive(apply(rule), subject),
  };
}
