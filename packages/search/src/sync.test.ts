import { updateProduct } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSearchDocuments, documentChecksum, type SearchDocument } from './document';
import type { SearchEngine } from './engine';
import { postgresEngine } from './postgres/engine';
import {
  checkIndex,
  hasDrift,
  rebuildIndex,
  repairIndex,
  lockPostgresSync,
  REPORT_ID_LIMIT,
  syncIndex,
  syncProducts,
  type RebuildProgress,
} from './sync';

let tdb: TestDatabase;
let engine: SearchEngine;

beforeAll(async () => {
  tdb = await createTestDatabase('search_sync');
  await seedDemo(tdb.db, { products: 40 });
  engine = postgresEngine(tdb.db);
});
afterAll(async () => {
  await tdb?.drop();
});
// Every test starts from a whole, clean index (a rebuild also undoes the previous test's drift).
beforeEach(async () => {
  await rebuildIndex(tdb.db, [engine]);
});

/** The document the index holds for a product (the Postgres engine keeps it whole), or null. */
async function indexed(id: number): Promise<SearchDocument | null> {
  const rows = await queryRows<{ document: SearchDocument }>(
    tdb.db,
    sql`select document from search_documents where product_id = ${id}`,
  );
  return rows[0]?.document ?? null;
}

async function activeIds(): Promise<number[]> {
  const rows = await queryRows<{ id: string | number }>(
    tdb.db,
    sql`select id from products where status = 'active' order by id`,
  );
  return rows.map((r) => Number(r.id));
}

async function nthActive(n: number): Promise<number> {
  const id = (await activeIds())[n];
  if (id === undefined) throw new Error(`no active product #${n}`);
  return id;
}

/** A managed, priced variant of the product with its USD price row. */
async function pricedVariant(productId: number) {
  const rows = await queryRows<{ id: string | number; amount: string | number }>(
    tdb.db,
    sql`select v.id, pp.amount from product_variants v
          join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
         where v.product_id = ${productId} and not v.archived
         order by pp.amount, v.id limit 1`,
  );
  const row = rows[0];
  if (!row) throw new Error(`product ${productId} has no USD price`);
  return { variantId: Number(row.id), amount: Number(row.amount) };
}

describe('rebuildIndex', () => {
  it('indexes exactly the active products, each with its checksum, and reports progress', async () => {
    await tdb.db.execute(sql`delete from search_documents`);
    const progress: RebuildProgress[] = [];
    await rebuildIndex(tdb.db, [engine], { onProgress: (p) => progress.push(p) });
    const ids = await activeIds();
    const rows = await queryRows<{ id: string | number; checksum: string }>(
      tdb.db,
      sql`select product_id as id, checksum from search_documents order by product_id`,
    );
    expect(rows.map((r) => Number(r.id))).toEqual(ids);
    const fresh = await buildSearchDocuments(tdb.db, { ids });
    expect(rows.map((r) => r.checksum)).toEqual(fresh.map(documentChecksum));
    expect(progress[0]).toEqual({ engine: 'postgres', done: 0, total: ids.length });
    expect(progress.at(-1)).toEqual({ engine: 'postgres', done: ids.length, total: ids.length });
  });

  it('drops documents of products that are no longer active', async () => {
    const id = await nthActive(0);
    await tdb.db.execute(sql`update products set status = 'draft' where id = ${id}`);
    try {
      await rebuildIndex(tdb.db, [engine]);
      expect(await indexed(id)).toBeNull();
    } finally {
      await tdb.db.execute(sql`update products set status = 'active' where id = ${id}`);
    }
  });
});

describe('syncProducts', () => {
  it('takes a title edit made through the admin function', async () => {
    const id = await nthActive(1);
    await updateProduct(tdb.db, { id, title: 'Glacier Sync Parka' });
    expect((await indexed(id))?.title).not.toBe('Glacier Sync Parka');
    expect(await syncProducts(tdb.db, [engine], [id])).toEqual({ upserted: 1, deleted: 0 });
    expect((await indexed(id))?.title).toBe('Glacier Sync Parka');
    // The engine's own columns follow the document (they are what queries filter and rank on).
    const [row] = await queryRows<{ title: string }>(
      tdb.db,
      sql`select title from search_documents where product_id = ${id}`,
    );
    expect(row?.title).toBe('Glacier Sync Parka');
  });

  it('takes a price change, in the document and in the price table', async () => {
    const id = await nthActive(2);
    const { variantId, amount } = await pricedVariant(id);
    const cheaper = Math.max(1, amount - 700);
    await updateProduct(tdb.db, {
      id,
      prices: [{ variantId, currencyCode: 'USD', amount: cheaper, compareAtAmount: amount }],
    });
    await syncProducts(tdb.db, [engine], [id]);
    expect((await indexed(id))?.prices.USD).toMatchObject({ min: cheaper, compareAt: amount });
    const [price] = await queryRows<{ min_amount: string | number }>(
      tdb.db,
      sql`select min_amount from search_document_prices
           where product_id = ${id} and currency_code = 'USD'`,
    );
    expect(Number(price?.min_amount)).toBe(cheaper);
  });

  it('takes a stock change: sold out, then back in stock', async () => {
    const id = await nthActive(3);
    await tdb.db.execute(sql`
      update product_variants set manage_inventory = true where product_id = ${id}`);
    await tdb.db.execute(sql`
      update inventory_levels set on_hand = 0, reserved = 0
       where variant_id in (select id from product_variants where product_id = ${id})`);
    await syncProducts(tdb.db, [engine], [id]);
    expect(await indexed(id)).toMatchObject({ inStock: false, inStockOptions: [] });

    await tdb.db.execute(sql`
      update inventory_levels set on_hand = 5
       where variant_id in (select id from product_variants where product_id = ${id})`);
    await syncProducts(tdb.db, [engine], [id]);
    expect((await indexed(id))?.inStock).toBe(true);
  });

  it('deletes archived, draft and deleted products, and ignores unknown ids', async () => {
    const [archived, draft, deleted] = [await nthActive(4), await nthActive(5), await nthActive(6)];
    await tdb.db.execute(sql`update products set status = 'archived' where id = ${archived}`);
    await tdb.db.execute(sql`update products set status = 'draft' where id = ${draft}`);
    // A product is deleted with everything of it; nothing in the catalog points at it then.
    await tdb.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from products where id = ${deleted}`);
    });
    const result = await syncProducts(tdb.db, [engine], [archived, draft, deleted, 999_999_999]);
    expect(result).toEqual({ upserted: 0, deleted: 4 });
    for (const id of [archived, draft, deleted]) expect(await indexed(id)).toBeNull();
    // And the rest of the index is untouched: the only difference is the three ids.
    const report = await checkIndex(tdb.db, engine);
    expect(hasDrift(report)).toBe(false);
    await tdb.db.execute(
      sql`update products set status = 'active' where id in (${archived}, ${draft})`,
    );
    await syncProducts(tdb.db, [engine], [archived, draft]);
    expect((await indexed(archived))?.id).toBe(archived);
  });

  it('writes every engine it is given, and several chunks of ids', async () => {
    const written: number[][] = [];
    const deleted: number[][] = [];
    const recorder: SearchEngine = {
      ...engine,
      name: 'recorder',
      upsert: async (docs) => void written.push(docs.map((d) => d.id)),
      delete: async (ids) => void deleted.push([...ids]),
    };
    const ids = await activeIds();
    const missing = Array.from({ length: 600 }, (_, i) => 2_000_000 + i);
    await syncProducts(tdb.db, [engine, recorder], [...missing, ...ids, ...ids.slice(0, 1)]);
    // Sorted and deduplicated, in chunks of 500: the real ids with the first unknown ones, then
    // the rest of the unknown ones (deleted on every engine, as the real ones are upserted).
    expect(written.flat()).toEqual(ids);
    expect(written.length).toBe(2);
    expect(deleted.flat()).toEqual(missing);
  });
});

describe('syncIndex', () => {
  it('waits for a sync holding the Postgres index, then writes what the catalog holds', async () => {
    const id = await nthActive(3);
    // A dispatch batch mid-sync: its transaction holds the index's sync lock until it commits.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const batch = tdb.db.transaction(async (tx) => {
      await lockPostgresSync(tx);
      locked();
      await held;
    });
    await lockTaken;
    // An edit commits meanwhile, and a second sync of the product starts.
    await tdb.db.execute(sql`update products set title = 'Waited For Title' where id = ${id}`);
    const second = syncIndex(tdb.db, engine, [id]);
    let settled = false;
    void second.finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    // It waits for the batch instead of writing beside it (its build could land in either order).
    expect(settled).toBe(false);
    expect((await indexed(id))?.title).not.toBe('Waited For Title');
    release();
    await batch;
    expect(await second).toEqual({ upserted: 1, deleted: 0 });
    expect((await indexed(id))?.title).toBe('Waited For Title');
  });
});

describe('checkIndex and repairIndex', () => {
  it('finds nothing on a fresh index', async () => {
    const report = await checkIndex(tdb.db, engine);
    const n = (await activeIds()).length;
    expect(report).toEqual({
      engine: 'postgres',
      catalog: n,
      indexed: n,
      missing: [],
      stale: [],
      extra: [],
      counts: { missing: 0, stale: 0, extra: 0 },
    });
  });

  it('reports drift made behind the index, by kind, and the repair removes it', async () => {
    const [stale, missing, extra, tampered] = [
      await nthActive(7),
      await nthActive(8),
      await nthActive(9),
      await nthActive(10),
    ];
    // The catalog changed with raw SQL (no event, so no sync): the index is stale.
    await tdb.db.execute(sql`update products set title = 'Behind The Back' where id = ${stale}`);
    // An index row lost, and one left behind by a product archived without an event.
    await tdb.db.execute(sql`delete from search_documents where product_id = ${missing}`);
    await tdb.db.execute(sql`update products set status = 'archived' where id = ${extra}`);
    // An index row rewritten behind the engine's back (its document and checksum).
    await tdb.db.execute(sql`
      update search_documents
         set title = 'x', document = jsonb_set(document, '{title}', '"x"'), checksum = md5('x')
       where product_id = ${tampered}`);

    const n = (await activeIds()).length;
    const report = await checkIndex(tdb.db, engine);
    expect(report).toEqual({
      engine: 'postgres',
      catalog: n,
      indexed: n, // one missing, one extra
      missing: [missing],
      stale: [stale, tampered].sort((a, b) => a - b),
      extra: [extra],
      counts: { missing: 1, stale: 2, extra: 1 },
    });
    expect(hasDrift(report)).toBe(true);

    expect(await repairIndex(tdb.db, engine, report)).toEqual({ repaired: 4, rebuilt: false });
    const after = await checkIndex(tdb.db, engine);
    expect(hasDrift(after)).toBe(false);
    expect(after.catalog).toBe(n);
    expect((await indexed(stale))?.title).toBe('Behind The Back');
    expect((await indexed(tampered))?.title).not.toBe('x');
    expect(await indexed(extra)).toBeNull();
    await tdb.db.execute(sql`update products set status = 'active' where id = ${extra}`);
  });

  it('caps the id lists but keeps the counts exact; the repair then rebuilds', async () => {
    const ids = await activeIds();
    const model = await nthActive(0);
    const extras = Array.from({ length: REPORT_ID_LIMIT + 5 }, (_, i) => 5_000_000 + i);
    // Index rows for products that do not exist, copied from a real one.
    await tdb.db.execute(sql`
      insert into search_documents (product_id, handle, title, description, vendor, product_type,
             tags, keywords, category_handles, collection_handles, option_tokens,
             in_stock_option_tokens, in_stock, created_at, popularity, document, checksum)
      select g.id, d.handle || '-' || g.id, d.title, d.description, d.vendor, d.product_type,
             d.tags, d.keywords, d.category_handles, d.collection_handles, d.option_tokens,
             d.in_stock_option_tokens, d.in_stock, d.created_at, d.popularity, d.document, d.checksum
        from search_documents d, unnest(${`{${extras.join(',')}}`}::bigint[]) as g(id)
       where d.product_id = ${model}`);
    const report = await checkIndex(tdb.db, engine);
    expect(report.counts).toEqual({ missing: 0, stale: 0, extra: extras.length });
    expect(report.extra).toEqual(extras.slice(0, REPORT_ID_LIMIT));
    expect(report.indexed).toBe(ids.length + extras.length);
    expect(await repairIndex(tdb.db, engine, report)).toEqual({
      repaired: extras.length,
      rebuilt: true,
    });
    expect(hasDrift(await checkIndex(tdb.db, engine))).toBe(false);
  });
});
