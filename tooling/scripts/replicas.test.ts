/**
 * Every storefront replica shows a product edit. Real processes: the built storefront twice
 * (ports 3400 and 3402, one build, each with its own in-memory cache), the admin and the worker
 * with `STOREFRONT_URLS` naming both, on a Postgres cluster of this file's own. Without the
 * replica list the second storefront would keep serving the old page for its hour.
 *
 * Then the same two replicas sharing one page cache through Redis (a throwaway redis-server and
 * the REST bridge, when redis-server is installed): a page one replica rendered is the other's
 * cache hit, and a revalidation sent to one replica only refreshes both
 * (`@shop/cache/next-cache-handler`).
 *
 * Builds the apps first (Turborepo, cached). It shares the built apps with the end-to-end run:
 * `flock /tmp/shop-e2e.lock pnpm vitest run tooling/scripts/replicas.test.ts`.
 */
import { randomBytes } from 'node:crypto';
import { cacheTags, updateProduct } from '@shop/core';
import type { Db } from '@shop/db/client';
import {
  dedicatedCluster,
  findRedisServer,
  startRedisWithBridge,
  type RedisWithBridge,
} from '@shop/services';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeProduct,
  revalidateOn,
  sleep,
  startShopUnderTest,
  startStorefrontReplica,
  stopShopUnderTest,
  type ShopUnderTest,
} from './lib/harness';
import { escapeHtml } from './lib/html';
import { stopAll, type Managed } from './lib/processes';

const cluster = dedicatedCluster('replicas', 54344);
const PORTS = { storefront: 3400, admin: 3401, secondStorefront: 3402 };
const replicas = [
  `http://localhost:${PORTS.storefront}`,
  `http://localhost:${PORTS.secondStorefront}`,
];
const secret = randomBytes(32).toString('hex');

async function page(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return res.text();
}

/** The stack (admin, worker, the first storefront) and the second storefront replica, on `env`. */
async function startReplicas(shop: Partial<ShopUnderTest>, env: Record<string, string>) {
  const started = await startShopUnderTest(shop, {
    cluster,
    products: 10,
    storefrontPort: PORTS.storefront,
    adminPort: PORTS.admin,
    revalidateSecret: secret,
    quiet: !process.env.REPLICAS_VERBOSE,
    env,
  });
  // The second replica: the same build under the same launcher, on its own port.
  const second = await startStorefrontReplica({
    port: PORTS.secondStorefront,
    databaseUrl: started.url,
    revalidateSecret: secret,
    env,
    quiet: !process.env.REPLICAS_VERBOSE,
  });
  return { db: started.db, second };
}

/** Polls `url` until its page shows `title`; ms after `since`, or Infinity after 15 s. */
async function shows(url: string, title: string, since: number) {
  for (;;) {
    if ((await page(url)).includes(escapeHtml(title))) return Date.now() - since;
    if (Date.now() - since > 15_000) return Number.POSITIVE_INFINITY;
    await sleep(200);
  }
}

describe('storefront replicas', () => {
  const shop: Partial<ShopUnderTest> = {};
  let db: Db;
  let second: Managed;

  beforeAll(async () => {
    ({ db, second } = await startReplicas(shop, { STOREFRONT_URLS: replicas.join(',') }));
  }, 900_000);

  afterAll(async () => {
    if (second) await stopAll([second]);
    await stopShopUnderTest(shop);
  }, 120_000);

  /** The `offset`-th active product, its page rendered and cached on both replicas. */
  async function cachedProduct(offset: number) {
    const product = await activeProduct(db, offset);
    // The second visit is served from the cache.
    for (const base of replicas) {
      for (let i = 0; i < 2; i++)
        expect(await page(`${base}/p/${product.handle}`)).toContain(escapeHtml(product.title));
    }
    return product;
  }

  it('a replica nobody tells keeps serving its cached page (the replicas share no invalidation)', async () => {
    const product = await cachedProduct(1);
    // A change written behind the core's back (no event), then one replica told by hand.
    const title = `Told one replica ${randomBytes(3).toString('hex')}`;
    await db.execute(sql`update products set title = ${title} where id = ${product.id}`);
    expect(await revalidateOn(replicas[0] ?? '', secret, [cacheTags.product(product.id)])).toBe(
      200,
    );
    expect(await shows(`${replicas[0]}/p/${product.handle}`, title, Date.now())).toBeLessThan(
      Number.POSITIVE_INFINITY,
    );
    // The other replica, never told, still has the old page.
    const other = await page(`${replicas[1]}/p/${product.handle}`);
    expect(other).toContain(escapeHtml(product.title));
    expect(other).not.toContain(escapeHtml(title));
  }, 60_000);

  it('two storefront processes on different ports both show the new title within 5 s of one edit', async () => {
    const product = await cachedProduct(0);

    const title = `Renamed on every replica ${randomBytes(3).toString('hex')}`;
    const editedAt = Date.now();
    await updateProduct(db, { id: product.id, title });

    const seenAfter = await Promise.all(
      replicas.map((base) => shows(`${base}/p/${product.handle}`, title, editedAt)),
    );
    for (const ms of seenAfter) expect(ms).toBeLessThanOrEqual(5_000);
  }, 60_000);
});

const redisInstalled = findRedisServer() !== null;

describe.skipIf(!redisInstalled)(
  `storefront replicas sharing one page cache through Redis${redisInstalled ? '' : ' (skipped: redis-server is not installed)'}`,
  () => {
    const shop: Partial<ShopUnderTest> = {};
    let db: Db;
    let second: Managed | undefined;
    let redis: RedisWithBridge | null = null;

    beforeAll(async () => {
      redis = await startRedisWithBridge();
      if (!redis) throw new Error('redis-server is installed but did not start');
      // Only the first replica is ever told of a change: the second learns it through Redis.
      ({ db, second } = await startReplicas(shop, {
        STOREFRONT_URLS: replicas[0] ?? '',
        UPSTASH_REDIS_REST_URL: redis.url,
        UPSTASH_REDIS_REST_TOKEN: redis.token,
      }));
    }, 900_000);

    afterAll(async () => {
      if (second) await stopAll([second]);
      await stopShopUnderTest(shop);
      await redis?.stop();
    }, 120_000);

    it("a page one replica rendered is the other replica's cache hit, and a revalidation sent to one replica only shows the change on both within 5 s", async () => {
      const product = await activeProduct(db, 2);
      const url = `/us/p/${product.handle}`;
      // Rendered (and stored) by the first replica alone...
      for (let i = 0; i < 2; i++)
        expect(await page(`${replicas[0]}${url}`)).toContain(escapeHtml(product.title));
      // ...and served from the shared cache by the second, which never rendered it.
      const first = await fetch(`${replicas[1]}${url}`);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-nextjs-cache')).toBe('HIT');
      expect(await first.text()).toContain(escapeHtml(product.title));

      // A change behind the core's back (no event), then the first replica told by hand.
      const title = `Told one, seen by both ${randomBytes(3).toString('hex')}`;
      await db.execute(sql`update products set title = ${title} where id = ${product.id}`);
      const toldAt = Date.now();
      expect(await revalidateOn(replicas[0] ?? '', secret, [cacheTags.product(product.id)])).toBe(
        200,
      );
      const seenAfter = await Promise.all(
        replicas.map((base) => shows(`${base}${url}`, title, toldAt)),
      );
      for (const ms of seenAfter) expect(ms).toBeLessThanOrEqual(5_000);
    }, 60_000);
  },
);
