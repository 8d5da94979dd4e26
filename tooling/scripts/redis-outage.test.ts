/**
 * Redis stops in the middle of a load run and the storefront keeps answering 200, then takes
 * the cache back when Redis returns. Real processes: the built storefront, admin and worker
 * (the supervised stack, as `pnpm start` runs it) configured with `UPSTASH_REDIS_REST_URL` and
 * its token, through the REST bridge (in this process) to a redis-server of this file's own,
 * which is stopped and started again on the same port while the load runs.
 *
 * The load mixes what Redis serves: product pages, listing pages whose queries miss every cache
 * (a new `min` price each time, so each one reads through the caches and writes to them), the
 * catalog over tRPC, and cart writes (rate limited through Redis with `@upstash/ratelimit`).
 * With Redis down the cache's reads fall through to the database, its writes are dropped, the
 * circuit breaker stops waiting on it, and the rate limiter falls back to its in-memory window.
 *
 * Runs whenever redis-server is installed (`.ci/run` installs it). Builds the apps first
 * (Turborepo, cached): `flock /tmp/shop-e2e.lock pnpm vitest run tooling/scripts/redis-outage.test.ts`.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '@shop/db/client';
import { firstRow } from '@shop/db/query';
import {
  dedicatedCluster,
  ensureRedis,
  findRedisServer,
  freePort,
  isRedisAnswering,
  startRedisBridge,
  type RunningBridge,
  type RunningRedis,
} from '@shop/services';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sleep,
  startShopUnderTest,
  stopShopUnderTest,
  waitFor,
  type ShopUnderTest,
} from './lib/harness';

const redisInstalled = findRedisServer() !== null;
const cluster = dedicatedCluster('redis-outage', 54348);
const PORTS = { storefront: 3430, admin: 3431 };
const storefront = `http://localhost:${PORTS.storefront}`;

interface Seen {
  status: number;
  what: string;
  at: number;
}

/** One request of the mix; a network failure counts as status 0. */
async function request(what: string, init?: RequestInit): Promise<Seen> {
  const at = Date.now();
  try {
    const res = await fetch(`${storefront}${what}`, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    return { status: res.status, what, at };
  } catch {
    return { status: 0, what, at };
  }
}

describe.skipIf(!redisInstalled)(
  `the storefront while Redis stops and returns${redisInstalled ? '' : ' (skipped: redis-server is not installed)'}`,
  () => {
    const shop: Partial<ShopUnderTest> = {};
    let db: Db;
    let redisPort: number;
    let redis: RunningRedis | null = null;
    let bridge: RunningBridge | undefined;
    let productHandle: string;
    let categoryHandle: string;
    let variantId: string;

    beforeAll(async () => {
      redisPort = await freePort();
      redis = await ensureRedis({ port: redisPort });
      if (!redis) throw new Error('redis-server did not start');
      bridge = await startRedisBridge({ redisUrl: redis.url });
      const started = await startShopUnderTest(shop, {
        cluster,
        products: 20,
        storefrontPort: PORTS.storefront,
        adminPort: PORTS.admin,
        revalidateSecret: randomBytes(32).toString('hex'),
        quiet: !process.env.REDIS_OUTAGE_VERBOSE,
        env: {
          UPSTASH_REDIS_REST_URL: bridge.url,
          UPSTASH_REDIS_REST_TOKEN: bridge.token,
          // The budget is not what this test measures: every cart write must be let through.
          RATE_LIMIT_CART_CREATE: '100000/1m',
          RATE_LIMIT_CART_WRITE: '100000/1m',
        },
      });
      db = started.db;
      const product = await firstRow<{ handle: string; variant_id: string }>(
        db,
        sql`select p.handle, v.id as variant_id from products p
            join product_variants v on v.product_id = p.id
            where p.status = 'active' order by p.handle limit 1`,
      );
      const category = await firstRow<{ handle: string }>(
        db,
        sql`select handle from categories order by handle limit 1`,
      );
      if (!product || !category) throw new Error('the seeded catalogue has no product or category');
      productHandle = product.handle;
      variantId = product.variant_id;
      categoryHandle = category.handle;
    }, 600_000);

    afterAll(async () => {
      await stopShopUnderTest(shop);
      await bridge?.stop();
      await redis?.stop();
    });

    it('answers 200 to every request while Redis is stopped, and fills Redis again once it is back', async () => {
      const input = encodeURIComponent(JSON.stringify({ json: { handle: productHandle } }));
      let n = 0;
      const mix = (): [string, RequestInit?] => {
        n += 1;
        switch (n % 4) {
          case 0:
            return [`/us/p/${productHandle}`];
          case 1:
            return [`/us/c/${categoryHandle}?min=${(n % 997) + 1}`];
          case 2:
            return [`/api/trpc/storefront.catalog.productByHandle?input=${input}`];
          default:
            return [
              '/api/trpc/storefront.cart.add',
              {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ json: { variantId, quantity: 1, region: 'us' } }),
              },
            ];
        }
      };
      // Every kind answers before the run, so the run measures the outage, not a cold start.
      for (let i = 0; i < 4; i++) {
        const [what, init] = mix();
        expect((await request(what, init)).status, what).toBe(200);
      }

      const seen: Seen[] = [];
      let running = true;
      const loops = Array.from({ length: 4 }, async () => {
        while (running) {
          const [what, init] = mix();
          seen.push(await request(what, init));
        }
      });
      await sleep(2_000);
      const stoppedAt = Date.now();
      await redis?.stop();
      expect(await isRedisAnswering(redisPort)).toBe(false);
      await sleep(4_000);
      redis = await ensureRedis({ port: redisPort });
      const restartedAt = Date.now();
      // Redis came back empty (nothing on disk): keys in it again are the cache's own writes.
      await waitFor(
        'the cache to write to Redis again',
        // The page cache handler's and the Shop cache's entries and tag versions: more than
        // the rate limiter's couple of keys, so the caches (behind their circuit breakers) are
        // writing to Redis again, not only the limiter.
        async () => ((await keysInRedis(bridge)) >= 10 ? true : undefined),
        30_000,
      );
      running = false;
      await Promise.all(loops);

      const during = seen.filter((s) => s.at >= stoppedAt && s.at < restartedAt);
      const failures = seen.filter((s) => s.status !== 200);
      expect(during.length, 'requests made while Redis was stopped').toBeGreaterThan(20);
      // Each kind of the mix was asked while Redis was down (the loops take them in turn).
      const kinds = new Set(during.map((s) => kindOf(s.what)));
      expect(kinds.size).toBe(4);
      expect(failures.slice(0, 5), `${failures.length} of ${seen.length} requests failed`).toEqual(
        [],
      );
    }, 120_000);
  },
);

/** Which of the mix's four kinds a request target is. */
function kindOf(target: string): string {
  const pathname = target.split('?')[0] ?? '';
  return pathname.startsWith('/api/trpc/') ? pathname : (pathname.split('/')[2] ?? pathname);
}

/** DBSIZE through the bridge, as the SDK would send it (`POST /` with the command as JSON). */
async function keysInRedis(bridge: RunningBridge | undefined): Promise<number> {
  if (!bridge) throw new Error('the bridge is not running');
  const res = await fetch(bridge.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${bridge.token}` },
    body: JSON.stringify(['DBSIZE']),
  });
  return res.ok ? ((await res.json()) as { result: number }).result : 0;
}
