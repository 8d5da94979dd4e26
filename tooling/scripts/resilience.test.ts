/**
 * The shop keeps running when a part fails. Real processes: the built storefront and admin and
 * the worker under the supervised stack (`startStack`, as `pnpm start` runs them), on a Postgres
 * cluster of this file's own (it is stopped and started here, so it cannot be the test cluster
 * that other files use).
 *
 * Builds the apps first (Turborepo, cached) and starts from an empty storefront cache, as the
 * end-to-end setup does. Run it alone with `pnpm vitest run tooling/scripts/resilience.test.ts`.
 */
import { randomBytes } from 'node:crypto';
import { cacheTags, updateProduct } from '@shop/core';
import type { Db } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { dedicatedCluster, ensurePostgres, stopPostgres } from '@shop/services';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  revalidateOn,
  sleep,
  startShopUnderTest,
  stopShopUnderTest,
  waitFor,
  type ShopUnderTest,
} from './lib/harness';
import { escapeHtml } from './lib/html';
import type { Stack } from './lib/stack';

const cluster = dedicatedCluster('resilience', 54340);
const STOREFRONT_PORT = 3210;
const ADMIN_PORT = 3211;
const storefront = `http://localhost:${STOREFRONT_PORT}`;
const secret = randomBytes(32).toString('hex');

interface Answer {
  status: number;
  body: string;
}

async function get(path: string, cookie?: string): Promise<Answer> {
  try {
    const res = await fetch(`${storefront}${path}`, {
      headers: cookie ? { cookie } : {},
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return { status: 0, body: String(err) };
  }
}

/** GETs `path` every ~200 ms until stopped; returns every status seen. */
function keepPolling(path: string) {
  const statuses: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      statuses.push((await get(path)).status);
      await sleep(200);
    }
  })();
  return {
    async stop(): Promise<number[]> {
      running = false;
      await loop;
      return statuses;
    },
  };
}

/** The signed call the worker makes after a change commits. */
const revalidate = (tags: string[]) => revalidateOn(storefront, secret, tags);

describe('the shop keeps running when a part fails', () => {
  const shop: Partial<ShopUnderTest> = {};
  let db: Db;
  let stack: Stack;
  const supervisorLog: string[] = [];

  beforeAll(async () => {
    ({ db, stack } = await startShopUnderTest(shop, {
      cluster,
      products: 20,
      storefrontPort: STOREFRONT_PORT,
      adminPort: ADMIN_PORT,
      revalidateSecret: secret,
      quiet: !process.env.RESILIENCE_VERBOSE,
      log: (m) => supervisorLog.push(m),
      env: { HEARTBEAT_SECONDS: '1' },
    }));
  }, 900_000);

  afterAll(() => stopShopUnderTest(shop), 120_000);

  function service(name: string) {
    const found = stack.services.find((s) => s.name === name);
    if (!found) throw new Error(`no ${name} in the stack`);
    return found;
  }

  /** `name` was killed and restarted once, logged both times; `/` answered 200 throughout. */
  function expectOneRestart(name: string, statuses: number[]) {
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(supervisorLog).toContainEqual(
      expect.stringMatching(`^${name} exited \\(signal SIGKILL\\)`),
    );
    expect(supervisorLog).toContainEqual(
      expect.stringMatching(`^${name} restarted \\(pid \\d+, restart 1\\)$`),
    );
    expect(service(name).restarts()).toBe(1);
    expect(service('storefront').restarts()).toBe(0);
  }

  it('restarts a SIGKILLed worker within 10 s while the storefront keeps answering 200', async () => {
    expect((await get('/us')).status).toBe(200);
    const polling = keepPolling('/us');
    await sleep(1_000);

    const worker = service('worker');
    const killed = worker.current();
    const killedAt = Date.now();
    killed.child.kill('SIGKILL');
    // Back means: a new process wrote its heartbeat row (it does so before taking jobs).
    const deadline = killedAt + 10_000;
    const pid = await waitFor(
      'a new worker process',
      () => (worker.current() !== killed ? worker.current().child.pid : undefined),
      deadline - Date.now(),
    );
    await waitFor(
      `a heartbeat from worker pid ${pid}`,
      async () => {
        const beats = await queryRows(
          db,
          sql`select 1 from worker_heartbeats where process_id like ${`%-${pid}-%`}`,
        );
        return beats.length > 0 ? true : undefined;
      },
      deadline - Date.now(),
    );
    await sleep(1_000);
    const statuses = await polling.stop();

    expect(statuses.length).toBeGreaterThan(5);
    expectOneRestart('worker', statuses);
  }, 60_000);

  it('restarts a crashed admin while the storefront keeps answering 200', async () => {
    const polling = keepPolling('/us');
    const admin = service('admin');
    const killed = admin.current();
    killed.child.kill('SIGKILL');
    await waitFor(
      'the restarted admin to answer',
      async () => {
        if (admin.current() === killed) return undefined;
        const res = await fetch(`http://localhost:${ADMIN_PORT}/sign-in`, {
          signal: AbortSignal.timeout(10_000),
        }).catch(() => null);
        return res?.status === 200 ? true : undefined;
      },
      60_000,
    );
    const statuses = await polling.stop();

    expectOneRestart('admin', statuses);
  }, 90_000);

  it('serves cached pages through a 10 s database outage, shows a readable cart message, and recovers without a restart', async () => {
    const rows = await queryRows<{
      id: number;
      handle: string;
      title: string;
      variant_id: number;
      category: string;
      category_name: string;
      collection: string;
      collection_title: string;
    }>(
      db,
      sql`select p.id, p.handle, p.title,
              (select min(v.id) from product_variants v
                 join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
                where v.product_id = p.id and not v.archived) as variant_id,
              c.handle as category, c.name as category_name,
              k.handle as collection, k.title as collection_title
         from products p,
              (select handle, name from categories order by id limit 1) c,
              (select handle, title from collections order by id limit 1) k
        where p.status = 'active'
          and exists (select 1 from product_variants v
                        join inventory_levels il on il.variant_id = v.id
                       where v.product_id = p.id and not v.archived and il.on_hand > 0)
        order by p.id limit 1`,
    );
    const product = rows[0];
    if (!product) throw new Error('the seed produced no product');
    const appRestarts = () => [service('storefront').restarts(), service('admin').restarts()];
    const restartsBefore = appRestarts();
    const pages: Array<[string, string]> = [
      ['/us', 'New arrivals'],
      [`/us/p/${product.handle}`, escapeHtml(product.title)],
      [`/us/c/${product.category}`, escapeHtml(product.category_name)],
      [`/us/collections/${product.collection}`, escapeHtml(product.collection_title)],
    ];
    // Rendered once and cached: the last good copies the outage must keep serving.
    for (const [path, text] of pages) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.body, path).toContain(text);
    }

    const added = await fetch(`${storefront}/api/trpc/storefront.cart.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { variantId: product.variant_id, quantity: 1, region: 'us' } }),
    });
    expect(added.status).toBe(200);
    const cartCookie = added.headers
      .getSetCookie()
      .find((c) => c.startsWith('cart_id='))
      ?.split(';')[0];
    if (!cartCookie) throw new Error('cart.add set no cart_id cookie');
    expect((await get('/cart', cartCookie)).body).toContain(escapeHtml(product.title));

    expect(await stopPostgres(cluster)).toBe(true);
    const downAt = Date.now();
    try {
      // The pages' tags are invalidated while nothing can be read: each page's next request
      // starts a regeneration that fails, and must still be answered from the last good copy.
      expect(
        await revalidate([
          cacheTags.catalog,
          cacheTags.product(product.id),
          cacheTags.productHandle(product.handle),
        ]),
      ).toBe(200);
      let rounds = 0;
      while (Date.now() - downAt < 10_000) {
        for (const [path, text] of pages) {
          const page = await get(path);
          expect(page.status, `${path} while the database is down`).toBe(200);
          expect(page.body, path).toContain(text);
        }
        rounds += 1;
        await sleep(200);
      }
      expect(rounds).toBeGreaterThan(3);

      const cart = await get('/cart', cartCookie);
      expect(cart.body).toContain('show your cart right now');
      expect(cart.body).toContain('Try again');
      const count = await get('/cart/count', cartCookie);
      expect(count.status).toBe(503);
      expect(count.body).toMatch(/reference [0-9a-f]+/);
      expect(count.body).not.toMatch(/Failed query|ECONNREFUSED/);
      // Rendered by the page itself, not the framework's error document.
      expect(cart.body).not.toMatch(/__next_error__|Failed query|ECONNREFUSED|at async/);
    } finally {
      shop.pg = await ensurePostgres(cluster);
    }

    // The apps' pools reconnect by themselves: the cart reads again…
    await waitFor(
      'the cart page to work again',
      async () =>
        (await get('/cart', cartCookie)).body.includes(escapeHtml(product.title))
          ? true
          : undefined,
      30_000,
    );
    // …and an edit reaches the storefront (worker → signed revalidation → regeneration).
    const title = `Back after the outage ${Date.now()}`;
    await updateProduct(db, { id: product.id, title });
    await waitFor(
      'the edited title on the product page',
      async () => ((await get(`/us/p/${product.handle}`)).body.includes(title) ? true : undefined),
      30_000,
    );
    expect((await get('/us')).status).toBe(200);
    // Nothing was restarted to get here.
    expect(appRestarts()).toEqual(restartsBefore);
  }, 180_000);
});
