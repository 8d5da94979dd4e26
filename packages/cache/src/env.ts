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

export type RedisConfig = NonNullable<ReturnType<typeof readRedisEnv>['redis']>;
