import { ConfigError, createShopEnv } from '@shop/env';
import { z } from 'zod';

/**
 * Redis over Upstash's REST protocol (`@upstash/redis`): the cache's shared driver and the rate
 * limiter's store. Both variables or neither: without them the shop runs on its in-process
 * defaults. In development and tests the URL is the local REST bridge in front of redis-server
 * (`tooling/services`); in production Upstash's endpoint or the serverless-redis-http image.
 */
export function readRedisEnv(source: Record<string, string | undefined> = process.env) {
  const env = createShopEnv(
    {
      UPSTASH_REDIS_REST_URL: z
        .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
        .optional(),
      UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
    },
    source,
  );
  const url = env.UPSTASH_REDIS_REST_URL;
  const token = env.UPSTASH_REDIS_REST_TOKEN;
  if ((url === undefined) !== (token === undefined))
    throw new ConfigError(
      'Set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN together (or neither, for the in-process cache).',
    );
  return { redis: url && token ? { url, token } : null };
}

/**
 * The storefront's page cache handler's settings (`next-cache-handler.ts`, which Next loads
 * outside the app's env module): Redis as above, and the shop's database URL, whose database
 * name scopes its Redis keys as it does the Shop's data cache's.
 */
export function readPageCacheEnv(source: Record<string, string | undefined> = process.env) {
  return { ...readRedisEnv(source), databaseUrl: source.DATABASE_URL ?? '' };
}

export type RedisConfig = NonNullable<ReturnType<typeof readRedisEnv>['redis']>;

/**
 * Tests only: the local REST bridge in front of a real redis-server that the test services
 * start when redis-server is installed (`SHOP_TEST_REDIS_REST_URL` and `_TOKEN`), or null when
 * this run has none. The Redis suites run whenever it is there.
 */
export function readTestRedisBridge(
  source: Record<string, string | undefined> = process.env,
): RedisConfig | null {
  const url = source.SHOP_TEST_REDIS_REST_URL;
  const token = source.SHOP_TEST_REDIS_REST_TOKEN;
  return url && token ? { url, token } : null;
}
