import type { Cache, Clock } from '@shop/core';
import type { RedisConfig } from './env';
import { createMemoryCache } from './memory';
import { createRedisCache, upstashCommands } from './redis';
import { createRedisClient } from './redis-client';

export interface ConfiguredCacheOptions {
  /** `readRedisEnv().redis`: the Redis driver when set, else the in-process LRU. */
  redis: RedisConfig | null;
  /**
   * The shop's database URL: its database name goes into every Redis key (`shop:<db>:`), so
   * two shops on one Redis (development and the e2e run, say) never read each other's entries,
   * while every process of one shop (storefront, admin, worker), whatever role it connects as,
   * shares them.
   */
  databaseUrl: string;
  clock?: Pick<Clock, 'now'>;
  /** Failure bursts and recoveries of Redis (the Shop's logger, at warn). */
  log?: (message: string) => void;
}

/** The cache port's adapter as configured: Redis when `UPSTASH_REDIS_REST_URL` is set, else the LRU. */
export function createConfiguredCache(options: ConfiguredCacheOptions): Cache {
  if (!options.redis) return createMemoryCache({ clock: options.clock });
  return createRedisCache(upstashCommands(createRedisClient(options.redis)), {
    prefix: `shop:${databaseName(options.databaseUrl)}:`,
    clock: options.clock,
    log: options.log,
  });
}

function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'default';
  } catch {
    return 'default';
  }
}
