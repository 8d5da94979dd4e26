import { jobQueueHealth, type Cache } from '@shop/core';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { sql } from 'drizzle-orm';
import { readObservabilityEnv } from './env';
import type { ReadyCheck } from './ready';

/** What the checks need of a Shop (`@shop/runtime`'s), so tests can hand in their own. */
export interface ReadyDependencies {
  db: Database;
  cache: Cache;
  /** The search indexes the catalog is kept in (`shop.searchIndexes`): each is probed. */
  searchIndexes: readonly {
    name: string;
    scan(afterId: number, limit: number): Promise<unknown>;
  }[];
  /**
   * Redis over REST when the shop uses it; by default read from `UPSTASH_REDIS_REST_URL` and
   * `UPSTASH_REDIS_REST_TOKEN` (validated, both or neither, by `@shop/cache`'s env at start).
   */
  redis?: { url: string; token: string } | null;
}

/** Redis' own answer to PING over the REST protocol (Upstash's, and the local bridge's). */
async function pingRedis(redis: { url: string; token: string }): Promise<void> {
  const res = await fetch(redis.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${redis.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(['PING']),
    signal: AbortSignal.timeout(2_000),
  });
  const body = (await res.json().catch(() => null)) as { result?: unknown } | null;
  if (!res.ok || body?.result !== 'PONG')
    throw Object.assign(new Error('redis did not answer PONG'), { code: res.status });
}

/**
 * The shop's readiness checks: `database` (one `select 1`) and `queue` (graphile-worker's jobs,
 * through the dashboard's `jobQueueHealth`), which the process cannot serve without; `cache`
 * (Redis' PING when Redis is configured, else a round trip through the in-process cache) and
 * `search` (one entry read from every index) are optional, since the shop falls back from both
 * (the cache to the database, Meilisearch to Postgres): their failure is `degraded`, not 503.
 */
export function shopReadyChecks(deps: ReadyDependencies): Record<string, ReadyCheck> {
  const redis = deps.redis === undefined ? readObservabilityEnv().redis : deps.redis;
  return {
    database: {
      run: async () => {
        await queryRows(deps.db, sql`select 1`);
      },
    },
    queue: {
      run: async () => {
        const queue = await jobQueueHealth(deps.db);
        return { ready: queue.ready, oldestReadyAgeSeconds: queue.oldestReadyAgeSeconds };
      },
    },
    cache: {
      required: false,
      run: async () => {
        if (redis) {
          await pingRedis(redis);
          return { driver: 'redis' };
        }
        const key = 'ready:probe';
        const value = Date.now();
        await deps.cache.set(key, value, { ttlSeconds: 5 });
        if ((await deps.cache.get(key)) !== value)
          throw new Error('cache round trip lost the value');
        return { driver: 'memory' };
      },
    },
    search: {
      required: false,
      run: async () => {
        await Promise.all(deps.searchIndexes.map((index) => index.scan(0, 1)));
        return { engines: deps.searchIndexes.map((index) => index.name) };
      },
    },
  };
}
