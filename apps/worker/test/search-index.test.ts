import { countUndispatchedEvents, emitEvent, updateProduct, type ProductSearch } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import { openTestShop, type TestShop } from '@shop/runtime/testing';
import { checkIndex, hasDrift, postgresEngine } from '@shop/search';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeStorefront } from './fake-storefront';
import { killHard, startWorker, waitFor, type WorkerProcess } from './worker-process';

/**
 * The search index kept in step by the real worker process: an admin edit found by search
 * within 5 s, a worker killed while edits stream in losing none of them, and the scheduled check
 * repairing drift made behind the index's back. Each suite has its own seeded database whose
 * index was built at seeding (`openTestShop`), as `pnpm start`'s is.
 */

const secret = 'search-index-test-secret-'.padEnd(48, 'x');
/** The acceptance's bound: an edit must be searchable this soon after it committed. */
const FRESHNESS_MS = 5_000;

async function activeProductIds(shop: TestShop): Promise<number[]> {
  const rows = await queryRows<{ id: string | number }>(
    shop.db,
    sql`select id from products where status = 'active' order by id`,
  );
  return rows.map((r) => Number(r.id));
}

/** What the storefront's search page asks: these words, in the US region, the first page. */
async function searchIds(search: ProductSearch, q: string): Promise<number[]> {
  const response = await search.search({
    region: 'us',
    q,
    filters: {},
    sort: 'relevance',
    cursor: null,
    limit: 24,
    facets: false,
  });
  return response.items.map((i) => i.id);
}

/** Archives a product as the admin's archive does: the status and its event, one transaction. */
async function archiveProduct(shop: TestShop, id: number) {
  await runTransaction(shop.db, async (tx) => {
    const rows = await queryRows<{ handle: string }>(
      tx,
      sql`update products set status = 'archived', updated_at = now() where id = ${id}
          returning handle`,
    );
    const handle = rows[0]?.handle;
    if (handle === undefined) throw new Error(`no product ${id}`);
    await emitEvent(tx, {
      type: 'product.archived',
      version: 1,
      payload: { productId: id, handle },
    });
  });
}

let storefront: Awaited<ReturnType<typeof fakeStorefront>>;
beforeAll(async () => {
  storefront = await fakeStorefront(secret);
});
afterAll(async () => {
  await storefront?.close();
});

function workerEnv(shop: TestShop, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: shop.tdb.url,
    REVALIDATE_SECRET: secret,
    STOREFRONT_URL: storefront.url,
    ...extra,
  };
}

describe('search freshness through the worker', () => {
  let shop: TestShop;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    shop = await openTestShop({ prefix: 'search_fresh', products: 30 });
    worker = startWorker(workerEnv(shop));
    await worker.ready;
  });
  afterAll(async () => {
    await killHard(worker);
    await shop?.close();
  });

  it(`finds an admin's title edit within ${FRESHNESS_MS / 1000} s`, async () => {
    const [id] = await activeProductIds(shop);
    if (id === undefined) throw new Error('no active product');
    const title = 'Zephyrine Quokka Anorak';
    expect(await searchIds(shop.search, 'Zephyrine Quokka')).not.toContain(id);

    await updateProduct(shop.db, { id, title });
    // Polled from the commit on; past the bound the test fails.
    const found = await waitFor(
      async () =>
        (await searchIds(shop.search, 'Zephyrine Quokka')).includes(id) ? true : undefined,
      FRESHNESS_MS,
      `"${title}" to be found by search`,
    );
    expect(found).toBe(true);
  });

  it(`drops an archived product from results within ${FRESHNESS_MS / 1000} s`, async () => {
    const [, id] = await activeProductIds(shop);
    if (id === undefined) throw new Error('no second active product');
    // A title nothing else has, so the search's answer is about this product alone.
    await updateProduct(shop.db, { id, title: 'Obsidian Pangolin Satchel' });
    await waitFor(
      async () =>
        (await searchIds(shop.search, 'Obsidian Pangolin')).includes(id) ? true : undefined,
      FRESHNESS_MS,
      'the renamed product to be found',
    );

    await archiveProduct(shop, id);
    await waitFor(
      async () =>
        (await searchIds(shop.search, 'Obsidian Pangolin')).includes(id) ? undefined : true,
      FRESHNESS_MS,
      'the archived product to be gone from results',
    );
    expect(await searchIds(shop.search, 'Obsidian Pangolin Satchel')).not.toContain(id);
  });
});

describe('search sync survives a killed worker', () => {
  let shop: TestShop;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    shop = await openTestShop({ prefix: 'search_kill', products: 40 });
  });
  afterEach(async () => {
    await killHard(worker);
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('loses none of 300 edits when the worker is SIGKILLed while they stream in', async () => {
    const ids = await activeProductIds(shop);
    const EDITS = 300;
    const finalTitle = new Map<number, string>();
    const dispatched = async () =>
      (
        await queryRows<{ n: number }>(
          shop.db,
          sql`select count(*)::int as n from domain_events where dispatched_at is not null`,
        )
      )[0]?.n ?? 0;
    const before = await dispatched();

    worker = startWorker(workerEnv(shop));
    await worker.ready;

    // The edits stream in while the worker dispatches them; it is killed (no shutdown at all)
    // as soon as the first of them was dispatched, and the stream goes on while it is dead.
    let made = 0;
    let madeAtKill = -1;
    const killer = (async () => {
      await waitFor(
        async () => ((await dispatched()) > before ? true : undefined),
        30_000,
        'the first edit to be dispatched',
      );
      madeAtKill = made;
      await killHard(worker);
    })();
    for (let k = 0; k < EDITS; k++) {
      const id = ids[k % ids.length] as number;
      const title = `Streamed Edit ${k} of product ${id}`;
      await updateProduct(shop.db, { id, title });
      finalTitle.set(id, title);
      made = k + 1;
    }
    await killer;
    // The kill fell in the middle: some edits were dispatched before it, some came after it.
    expect(madeAtKill).toBeGreaterThan(0);
    expect(madeAtKill).toBeLessThan(EDITS);
    expect(await countUndispatchedEvents(shop.db)).toBeGreaterThan(0);

    worker = startWorker(workerEnv(shop));
    await worker.ready;
    await waitFor(
      async () => ((await countUndispatchedEvents(shop.db)) === 0 ? true : undefined),
      30_000,
      'the outbox to be empty',
    );

    const report = await checkIndex(shop.db, postgresEngine(shop.db));
    expect(report.counts).toEqual({ missing: 0, stale: 0, extra: 0 });
    expect(report.catalog).toBe(ids.length);
    const indexed = await queryRows<{ id: string | number; title: string }>(
      shop.db,
      sql`select product_id as id, document->>'title' as title from search_documents`,
    );
    const titles = new Map(indexed.map((r) => [Number(r.id), r.title]));
    for (const [id, title] of finalTitle) expect(titles.get(id)).toBe(title);
  });
});

describe('the scheduled search check', () => {
  let shop: TestShop;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    shop = await openTestShop({ prefix: 'search_check', products: 30 });
  });
  afterAll(async () => {
    await killHard(worker);
    await shop?.close();
  });

  it('repairs drift made behind the index, and logs it', async () => {
    const engine = postgresEngine(shop.db);
    const [stale, missing, extra] = await activeProductIds(shop);
    if (extra === undefined) throw new Error('too few active products');
    // No events: the dispatcher never hears of any of this; only the check can find it.
    await shop.db.execute(sql`update products set title = 'Behind The Back' where id = ${stale}`);
    await shop.db.execute(sql`delete from search_documents where product_id = ${missing}`);
    await shop.db.execute(sql`update products set status = 'archived' where id = ${extra}`);
    const drifted = await checkIndex(shop.db, engine);
    expect(drifted.counts).toEqual({ missing: 1, stale: 1, extra: 1 });

    worker = startWorker(workerEnv(shop, { SEARCH_CHECK_SECONDS: '1' }));
    await worker.ready;
    await waitFor(
      async () => (hasDrift(await checkIndex(shop.db, engine)) ? undefined : true),
      20_000,
      'the scheduled check to repair the index',
    );
    expect(await searchIds(shop.search, 'Behind The Back')).toContain(stale);
    const log = worker.output();
    expect(log).toContain('search index drifted');
    expect(log).toMatch(/1 missing \(\d+\), 1 stale \(\d+\), 1 extra \(\d+\)/);
  });
});
