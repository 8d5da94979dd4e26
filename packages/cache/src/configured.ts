import type { Cache, Clock } from '@shop/core';
import type { RedisConfig } from './env';
import { createMemoryCache, type CacheRead } from './memory';
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
  /** Each `wrap` caller's hit, miss or stale (`metrics.cacheHit('data')` …). */
  onRead?: (result: CacheRead) => void;
  /**
   * Which of the process's caches (default `data`, the Shop's): the storefront's page cache
   * (`pages`, `next-cache-handler.ts`) has an instance of its own, so its large entries never
   * push the catalog's out of the LRU, and its own breaker. Both share the Redis key prefix.
   */
  scope?: 'data' | 'pages';
}

/**
 * The cache port's adapter as configured: Redis when `UPSTASH_REDIS_REST_URL` is set, else the
 * LRU. One per database and process: a Next app bundles its pages and its route handlers
 * apart, each with its own copy of the modules and so its own Shop, and the LRU that
 * /api/revalidate invalidates must be the one the pages read. The instances are kept on
 * `globalThis`, which every bundle of the process shares.
 */
export function createConfiguredCache(options: ConfiguredCacheOptions): Cache {
  const name = databaseName(options.databaseUrl);
  const id = JSON.stringify([
    options.redis?.url ?? null,
    options.databaseUrl,
    options.scope ?? 'data',
  ]);
  const existing = processCaches.get(id);
  if (existing) return existing;
  const cache = options.redis
    ? createRedisCache(upstashCommands(createRedisClient(options.redis)), {
        prefix: `shop:${name}:`,
        clock: options.clock,
        log: options.log,
        onRead: options.onRead,
      })
    : createMemoryCache({ clock: options.clock, onRead: options.onRead });
  processCaches.set(id, cache);
  return cache;
}

const registry = globalThis as { [key: symbol]: Map<string, Cache> | undefined };
const processCaches = (registry[Symbol.for('@shop/cache:process-caches')] ??= new Map());

function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'default';
  } catch {
    return 'default';
  }
}
