import { Redis } from '@upstash/redis';
import type { RedisConfig } from './env';

/**
 * The one way the shop makes an `@upstash/redis` client (cache driver, rate limiter), so both
 * talk to Redis alike: no automatic retries inside the SDK (the callers decide what a failure
 * means: a cache miss, a limiter fallback), and no telemetry header.
 */
export function createRedisClient(config: RedisConfig): Redis {
  return new Redis({
    url: config.url,
    token: config.token,
    retry: false,
    enableTelemetry: false,
  });
}
