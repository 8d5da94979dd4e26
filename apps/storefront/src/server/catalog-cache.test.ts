import { randomUUID } from 'node:crypto';
import { createStorefrontCaller, createStorefrontContext } from '@shop/api';
import {
  createMemoryCache,
  createRedisCache,
  createRedisClient,
  upstashCommands,
} from '@shop/cache';
import { fakeRedis, testRedisBridge } from '@shop/cache/testing';
import { cacheTags, listSitemapEntries, type Cache } from '@shop/core';
import { createDb, type Db } from '@shop/db/client';
import { openTestShop, type TestShop } from '@shop/runtime/testing';
import { ensureRedis, findRedisServer, startRedisBridge } from '@shop/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throughShopCache } from './catalog-cache';

/**
 * Acceptance: under 200 concurrent requests for one uncached product, the database sees one
 * read for it; and with Redis stopped in the middle of a run of reads every read still answers,
 * and the cache recovers when Redis returns (the last suite). The product is read as `getProduct` reads it (the storefront router's
 * `productByHandle` through `throughShopCache`, under its key and tags) by 200 concurrent
 * callers, against a real database whose every statement is counted, with each driver.
 */
let shop: TestShop;
let counted: Db & { driver: 'pg' };
let statements = 0;
let handles: string[];

beforeAll(async () => {
  shop = await openTestShop({ prefix: 'storefront_cache', products: 6 });
  const db = createDb(shop.tdb.url, 20, 'pg');
  if (db.driver !== 'pg') throw new Error('expected the node-postgres driver');
  const query = db.$client.query.bind(db.$client) as (...args: unknown[]) => unknown;
  // Every statement the catalog read sends goes through the pool's query().
  (db.$client as unknown as { query: (...args: unknown[]) => unknown }).query = (
    ...args: unknown[]
  ) => {
    statements++;
    return query(...args);
  };
  counted = db;
  handles = (await listSitemapEntries(shop.readDb, { limit: 10 })).products.map((p) => p.handle);
});

afterAll(async () => {
  await counted?.$client.end();
  await shop?.close();
});

/** A guest's caller, as `catalog.ts` makes one per read, with catalog reads on the counted pool. */
const caller = () => {
  const { db, search, logger, clock, payments, rateLimiter } = shop;
  return createStorefrontCaller(
    createStorefrontContext({ db, readDb: counted, search, logger, clock, payments, rateLimiter }),
  );
};

const readProduct = (cache: Cache, handle: string) =>
  throughShopCache(
    cache,
    ['storefront', 'product', 'us', handle],
    [cacheTags.productHandle(handle), cacheTags.catalog],
    () => caller().storefront.catalog.productByHandle({ handle, region: 'us' }),
  );

/** Statements one uncached read of `handle` costs. */
async function statementsOfOneRead(handle: string): Promise<number> {
  const before = statements;
  await caller().storefront.catalog.productByHandle({ handle, region: 'us' });
  return statements - before;
}

const bridge = testRedisBridge();

/** A cache over the test bridge's Redis; caches made with one prefix share their entries. */
function overBridge(prefix = `test:${randomUUID()}:`): Cache {
  if (!bridge) throw new Error('no bridge');
  return createRedisCache(upstashCommands(createRedisClient(bridge)), {
    prefix,
    timeoutMs: 2_000,
  });
}

const drivers: Array<[string, () => Cache]> = [
  ['the in-process LRU', () => createMemoryCache()],
  ['the Redis driver (over a fake Redis)', () => createRedisCache(fakeRedis().commands)],
];
// The real SDK and redis-server whenever the test setup runs them (see the suite below).
if (bridge) drivers.push(['the Redis driver (through the REST bridge)', () => overBridge()]);

describe.each(drivers)('200 concurrent reads of one uncached product, %s', (_name, make) => {
  it('the database sees one read, and every caller gets the product', async () => {
    const handle = handles[0];
    if (!handle) throw new Error('no product seeded');
    const oneRead = await statementsOfOneRead(handle);
    expect(oneRead).toBeGreaterThan(0);
    const cache = make();
    const before = statements;
    const results = await Promise.all(
      Array.from({ length: 200 }, () => readProduct(cache, handle)),
    );
    expect(statements - before).toBe(oneRead);
    expect(new Set(results.map((p) => p.handle))).toEqual(new Set([handle]));
    // Warm: no statement at all; after the product's tag is invalidated, one read again.
    await Promise.all(Array.from({ length: 50 }, () => readProduct(cache, handle)));
    expect(statements - before).toBe(oneRead);
    await cache.invalidateTags([cacheTags.productHandle(handle)]);
    await Promise.all(Array.from({ length: 50 }, () => readProduct(cache, handle)));
    expect(statements - before).toBe(2 * oneRead);
  });
});

describe.skipIf(!bridge)(
  'replicas on one Redis behind the REST bridge (skipped only when SHOP_TEST_REDIS_REST_URL is unset: redis-server is not installed)',
  () => {
    it('a second replica (another cache over the same Redis) reads it without the database, until the dispatcher invalidates its tag', async () => {
      const handle = handles[2];
      if (!handle) throw new Error('no product seeded');
      const oneRead = await statementsOfOneRead(handle);
      const prefix = `test:${randomUUID()}:`;
      const [first, second, worker] = [overBridge(prefix), overBridge(prefix), overBridge(prefix)];
      const before = statements;
      await readProduct(first, handle);
      expect(statements - before).toBe(oneRead);
      expect((await readProduct(second, handle)).handle).toBe(handle);
      expect(statements - before).toBe(oneRead);
      await worker.invalidateTags([cacheTags.catalog]);
      await readProduct(second, handle);
      expect(statements - before).toBe(2 * oneRead);
    });
  },
);

describe.skipIf(!findRedisServer())(
  'the catalog with its Redis stopped in the middle of a run of reads (skipped only when redis-server is not installed)',
  () => {
    it('every read answers while Redis is down, from the database, and reads are cache hits again once Redis is back', async () => {
      const handle = handles[3];
      if (!handle) throw new Error('no product seeded');
      const oneRead = await statementsOfOneRead(handle);
      // A Redis of this test's own on a free port, behind a bridge of its own: it is stopped and
      // started again on the same port, as a restarted server would be.
      const first = await ensureRedis();
      if (!first) throw new Error('redis-server did not start');
      const bridge = await startRedisBridge({ redisUrl: first.url });
      let redis = first;
      try {
        const cache = createRedisCache(
          upstashCommands(createRedisClient({ url: bridge.url, token: bridge.token })),
          { prefix: `outage:${randomUUID()}:`, timeoutMs: 500, cooldownMs: 200 },
        );
        const run = (reads: number) =>
          Promise.all(Array.from({ length: reads }, () => readProduct(cache, handle)));

        let before = statements;
        await run(20);
        expect(statements - before).toBe(oneRead);

        await redis.stop();
        before = statements;
        // Sequential rounds, as a load run's requests keep coming: each answers the product.
        for (let round = 0; round < 10; round++) {
          const products = await run(5);
          expect(products.map((p) => p.handle)).toEqual(Array(5).fill(handle));
        }
        // The reads fell through to the database (nothing cached to answer from).
        expect(statements - before).toBeGreaterThan(0);

        const again = await ensureRedis({ port: first.port });
        if (!again) throw new Error('redis-server did not start again');
        redis = again;
        // Once the breaker's probe finds Redis again, one read refills the entry and the next
        // ones are hits: two rounds in a row without a statement.
        await expect
          .poll(
            async () => {
              await run(5);
              const mark = statements;
              await run(5);
              return statements - mark;
            },
            { timeout: 10_000, interval: 250 },
          )
          .toBe(0);
      } finally {
        await bridge.stop();
        await redis.stop();
      }
    }, 30_000);
  },
);
