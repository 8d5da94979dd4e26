import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  dropDatabase,
  ensurePostgres,
  testCluster,
  type RunningPostgres,
} from '../../../../tooling/services/src/index';
import { createDb, type Db } from '../client';
import { queryRows } from '../query';
import { migrate } from '../migrate';
import { isSeeded, seedDemo, type SeedProgress, type SeedSummary } from './index';

const PRODUCTS = 50;
let counter = 0;
const created: string[] = [];
let cluster: RunningPostgres | undefined;
const pools: Db[] = [];

/** The embedded test cluster, or the server that TEST_DATABASE_ADMIN_URL names (as in CI). */
async function connectServer(): Promise<RunningPostgres> {
  const given = process.env.TEST_DATABASE_ADMIN_URL;
  if (!given) return ensurePostgres(testCluster);
  const urlFor = (db: string) => {
    const url = new URL(given);
    url.pathname = `/${db}`;
    return url.toString();
  };
  return { adminUrl: given, urlFor, release: async () => undefined };
}

async function freshDatabase(running: RunningPostgres): Promise<Db> {
  const name = `seedtest_${process.pid}_${++counter}`;
  // A database left behind by a killed run with the same pid is rebuilt, never reused.
  await dropDatabase(running.adminUrl, name);
  await createDatabase(running.adminUrl, name);
  created.push(name);
  await migrate(running.urlFor(name));
  const db = createDb(running.urlFor(name), 2);
  pools.push(db);
  return db;
}

async function rows<T>(db: Db, text: string): Promise<T[]> {
  return queryRows<T>(db, sql.raw(text));
}

let a: Db;
let b: Db;
let summaryA: SeedSummary;
let summaryB: SeedSummary;
let wasSeededBefore: boolean;
const progress: SeedProgress[] = [];

beforeAll(async () => {
  cluster = await connectServer();
  a = await freshDatabase(cluster);
  b = await freshDatabase(cluster);
  wasSeededBefore = await isSeeded(a);
  summaryA = await seedDemo(a, { products: PRODUCTS });
  // A different batch size must not change the data: only the seed and the count do.
  summaryB = await seedDemo(b, {
    products: PRODUCTS,
    batchSize: 7,
    onProgress: (p) => progress.push(p),
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(pools.map((db) => db.$client.end()));
  if (cluster) {
    for (const name of created) await dropDatabase(cluster.adminUrl, name);
    await cluster.release();
  }
}, 60_000);

describe('seedDemo', () => {
  it('loads the requested number of products and reports what it wrote', async () => {
    const [counts] = await rows<{
      products: number;
      variants: number;
      prices: number;
      images: number;
    }>(
      a,
      `select (select count(*) from products) as products, (select count(*) from product_variants) as variants,
              (select count(*) from product_prices) as prices, (select count(*) from product_images) as images`,
    );
    expect(counts).toEqual({
      products: PRODUCTS,
      variants: summaryA.variants,
      prices: summaryA.prices,
      images: summaryA.images,
    });
    expect(summaryA.variants).toBeGreaterThanOrEqual(PRODUCTS);
  });

  it('is deterministic: same handles, SKUs and prices in two databases', async () => {
    const handles = `select handle, title, description, status, created_at from products order by handle`;
    const skus = `select p.handle, v.sku, v.title from product_variants v join products p on p.id = v.product_id order by v.sku`;
    const prices = `select v.sku, pp.currency_code, pp.amount, pp.compare_at_amount
                    from product_prices pp join product_variants v on v.id = pp.variant_id order by 1, 2`;
    expect(await rows(b, handles)).toEqual(await rows(a, handles));
    expect(await rows(b, skus)).toEqual(await rows(a, skus));
    expect(await rows(b, prices)).toEqual(await rows(a, prices));
    expect({ ...summaryB, ms: 0 }).toEqual({ ...summaryA, ms: 0 });
  });

  it('reports progress after each batch', () => {
    expect(progress.map((p) => p.products)).toEqual([7, 14, 21, 28, 35, 42, 49, 50]);
  });

  it('gives every variant a unique SKU', async () => {
    const [row] = await rows<{ total: number; distinct: number }>(
      a,
      `select count(*) as total, count(distinct sku) as distinct from product_variants`,
    );
    expect(row?.distinct).toBe(row?.total);
  });

  it('prices every variant in USD and EUR, with sale prices above the amount', async () => {
    const missing = await rows(
      a,
      `select v.sku from product_variants v
       where (select array_agg(currency_code::text order by currency_code) from product_prices where variant_id = v.id)
             is distinct from array['EUR', 'USD']`,
    );
    expect(missing).toEqual([]);
    const [sale] = await rows<{ bad: number; onSale: number }>(
      a,
      `select count(*) filter (where compare_at_amount <= amount) as bad,
              count(*) filter (where compare_at_amount is not null) as "onSale"
       from product_prices`,
    );
    expect(sale?.bad).toBe(0);
    expect(sale?.onSale).toBeGreaterThan(0);
  });

  it('stocks every variant at the main warehouse, never below zero', async () => {
    const unstocked = await rows(
      a,
      `select v.sku from product_variants v
       where not exists (select 1 from inventory_levels il join stock_locations l on l.id = il.location_id
                         where il.variant_id = v.id and l.code = 'main')`,
    );
    expect(unstocked).toEqual([]);
    const [stock] = await rows<{ negative: number; reserved: number }>(
      a,
      `select count(*) filter (where on_hand < 0) as negative, coalesce(sum(reserved), 0) as reserved from inventory_levels`,
    );
    expect(stock).toEqual({ negative: 0, reserved: 0 });
  });

  it('puts each product in exactly one leaf category and keeps handles URL-safe', async () => {
    const misplaced = await rows(
      a,
      `select p.handle from products p
       where (select count(*) from product_categories pc
              where pc.product_id = p.id
                and not exists (select 1 from categories child where child.parent_id = pc.category_id)) <> 1
          or (select count(*) from product_categories pc where pc.product_id = p.id) <> 1
          or p.handle !~ '^[a-z0-9]+(-[a-z0-9]+)*$'`,
    );
    expect(misplaced).toEqual([]);
  });

  it('loads the two regions with their countries', async () => {
    const regions = await rows(
      a,
      `select r.code, r.currency_code, r.tax_inclusive, r.tax_rate_bp, r.is_default, count(rc.*)::int as countries
       from regions r left join region_countries rc on rc.region_id = r.id group by r.id order by r.code`,
    );
    expect(regions).toEqual([
      {
        code: 'eu',
        currency_code: 'EUR',
        tax_inclusive: true,
        tax_rate_bp: 2000,
        is_default: false,
        countries: 8,
      },
      {
        code: 'us',
        currency_code: 'USD',
        tax_inclusive: false,
        tax_rate_bp: 0,
        is_default: true,
        countries: 2,
      },
    ]);
  });

  it('refuses to seed a catalog that already has products', async () => {
    expect(wasSeededBefore).toBe(false);
    expect(await isSeeded(a)).toBe(true);
    await expect(seedDemo(a, { products: PRODUCTS })).rejects.toThrow(/already has products/);
    const [row] = await rows<{ products: number }>(a, `select count(*) as products from products`);
    expect(row?.products).toBe(PRODUCTS);
  });
});
