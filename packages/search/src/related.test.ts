import { startCheckout } from '@shop/core';
import type { Database, Db } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
// The core's checkout test helpers (a test-only import: @shop/core never depends on search).
import { cardProvider, paidByProvider, readyCart } from '../../core/test/shop';
import { buildSearchDocuments, type SearchDocument } from './document';
import type { EngineQuery, EngineResult, SearchEngine } from './engine';
import { postgresEngine } from './postgres/engine';
import { productSearch } from './product-search';
import {
  boughtTogether,
  budgetGate,
  computeAffinities,
  isSwitchOn,
  readSwitch,
  RELATED_PRODUCTS_SWITCH,
  setSwitch,
  similarProducts,
} from './related';
import { rebuildIndex } from './sync';

/** A document with only what similarity looks at set; the rest is filler. */
function doc(
  id: number,
  fields: { tags?: string[]; size?: string[]; colour?: string[]; popularity?: number } = {},
): SearchDocument {
  const options = [
    ...(fields.size ? [{ name: 'Size', values: fields.size }] : []),
    ...(fields.colour ? [{ name: 'Colour', values: fields.colour }] : []),
  ];
  return {
    id,
    handle: `product-${id}`,
    title: `Product ${id}`,
    description: '',
    vendor: 'Fieldstone',
    productType: 'Tee',
    tags: fields.tags ?? [],
    categoryHandles: ['apparel', 't-shirts', 'tops'],
    categoryPath: ['Apparel', 'Tops', 'T-shirts'],
    collectionHandles: [],
    options,
    inStockOptions: options,
    prices: { USD: { min: 2000, max: 2000, compareAt: null } },
    inStock: true,
    image: null,
    createdAt: '2024-01-01T00:00:00.000000Z',
    popularity: fields.popularity ?? 0,
  };
}

/**
 * An engine over a fixed list: answers every query with `hits` (in that order), counts by
 * category from `totals`, and records what it was asked.
 */
function listEngine(hits: SearchDocument[], totals: Record<string, number> = {}) {
  const queries: EngineQuery[] = [];
  const engine: SearchEngine = {
    name: 'list',
    configure: () => Promise.resolve(),
    upsert: () => Promise.resolve(),
    delete: () => Promise.resolve(),
    query: (q): Promise<EngineResult> => {
      queries.push(q);
      const total = q.filters.categoryHandle ? (totals[q.filters.categoryHandle] ?? 0) : 0;
      return Promise.resolve({
        hits: q.limit === 0 ? [] : hits.map((document) => ({ document, highlight: null })),
        total,
        approximate: false,
        didYouMean: null,
        facets: null,
      });
    },
    suggest: () => Promise.resolve([]),
    scan: () => Promise.resolve([]),
    rebuild: () => Promise.resolve(),
  };
  return { engine, queries };
}

describe('similarProducts', () => {
  const product = doc(1, {
    tags: ['organic cotton', 'classic', 't-shirts'],
    size: ['S', 'M', 'L'],
    colour: ['Navy'],
  });

  it('ranks by shared tags (worth two) and shared option values, ties by popularity', async () => {
    const candidates = [
      doc(10, { tags: ['hemp', 'urban', 't-shirts'], size: ['XL'], popularity: 90 }), // 2
      doc(11, { tags: ['organic cotton', 'classic', 't-shirts'], size: ['XS'], popularity: 1 }), // 6
      doc(12, { tags: ['hemp', 't-shirts'], size: ['S', 'M'], colour: ['Navy'], popularity: 5 }), // 5
      doc(13, { tags: ['organic cotton', 't-shirts'], size: ['S'], popularity: 3 }), // 5
      doc(14, { tags: ['ORGANIC COTTON', 't-shirts'], colour: ['Black'], popularity: 2 }), // 4
    ];
    const { engine, queries } = listEngine(candidates);
    const similar = await similarProducts(engine, product, {
      currency: 'USD',
      limit: 4,
      categoryHandle: 't-shirts',
    });
    // 12 and 13 both score 5: the more popular (12) comes first. 10 (score 2) is cut by the limit.
    expect(similar.map((d) => d.id)).toEqual([11, 12, 13, 14]);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({
      text: '',
      currency: 'USD',
      filters: { categoryHandle: 't-shirts', excludeIds: [1] },
      sort: 'best_selling',
      facets: false,
    });
    expect(queries[0]?.limit).toBeGreaterThanOrEqual(4);
  });

  it('never returns the product itself, even from an engine that ignores excludeIds', async () => {
    const { engine } = listEngine([product, doc(20, { tags: ['classic'] })]);
    const similar = await similarProducts(engine, product, {
      currency: 'USD',
      limit: 4,
      categoryHandle: 't-shirts',
    });
    expect(similar.map((d) => d.id)).toEqual([20]);
  });

  it('without a category from the caller, looks in the one of its categories with the fewest products', async () => {
    const { engine, queries } = listEngine([doc(30)], { apparel: 900, tops: 400, 't-shirts': 120 });
    await similarProducts(engine, product, { currency: 'EUR', limit: 2 });
    const search = queries.find((q) => q.limit > 0);
    expect(search?.filters.categoryHandle).toBe('t-shirts');
    expect(search?.currency).toBe('EUR');
  });
});

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('search_related');
  await seedDemo(tdb.db, { products: 40 });
});
afterAll(async () => {
  await tdb?.drop();
});

describe('similar items on the Postgres engine', () => {
  it('are other active products of the product’s own leaf category', async () => {
    const engine = postgresEngine(tdb.db);
    await rebuildIndex(tdb.db, [engine]);
    const search = productSearch(engine, { readDb: tdb.db });
    const [first] = await activeProductIds(1);
    if (first === undefined) throw new Error('no active product');
    const [product] = await buildSearchDocuments(tdb.db, { ids: [first] });
    const leaf = await leafOf(first);

    const cards = await search.similar?.(first, { region: 'eu', limit: 4 });
    expect(cards).toBeDefined();
    expect(cards?.length).toBeGreaterThan(0);
    for (const card of cards ?? []) {
      expect(card.id).not.toBe(first);
      expect(await leafOf(card.id)).toBe(leaf);
      expect(card.price?.currencyCode).toBe('EUR');
    }
    expect(product?.categoryHandles).toContain(leaf);
  });
});

async function activeProductIds(count: number): Promise<number[]> {
  const rows = await queryRows<{ id: number | string }>(
    tdb.db,
    sql`select id from products where status = 'active' order by id limit ${count}`,
  );
  return rows.map((r) => Number(r.id));
}

async function leafOf(productId: number): Promise<string> {
  const rows = await queryRows<{ handle: string }>(
    tdb.db,
    sql`select c.handle from product_categories pc join categories c on c.id = pc.category_id
         where pc.product_id = ${productId}`,
  );
  if (rows.length !== 1 || !rows[0]) throw new Error(`product ${productId} is not in one category`);
  return rows[0].handle;
}

/** A variant of the product with a USD price and stock to sell. */
async function sellableVariant(db: Database, productId: number): Promise<number> {
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`select v.id from product_variants v
          join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
         where v.product_id = ${productId} and not v.archived
         order by v.id limit 1`,
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`product ${productId} has no USD variant`);
  await db.execute(
    sql`update inventory_levels set on_hand = 1000, reserved = 0 where variant_id = ${id}`,
  );
  return Number(id);
}

/** Places one real order (cart, checkout, payment) holding one unit of each product. */
async function order(db: Db, productIds: number[]): Promise<number> {
  const lines = [];
  for (const productId of productIds) {
    lines.push({ variantId: await sellableVariant(db, productId), quantity: 1 });
  }
  const cartId = await readyCart(db, { lines });
  const started = await startCheckout(
    db,
    { cartId, customerId: null, attemptKey: 'a1' },
    { payments: cardProvider() },
  );
  await paidByProvider(db, started);
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`select id from orders where cart_id = ${cartId}`,
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('the order was not placed');
  return Number(id);
}

const fourDigits = (n: number) => Math.round(n * 10_000) / 10_000;

async function affinities(): Promise<
  Array<{ productId: number; relatedId: number; score: number }>
> {
  const rows = await queryRows<{
    product_id: number | string;
    related_id: number | string;
    score: number;
  }>(
    tdb.db,
    sql`select product_id, related_id, score from product_affinities order by product_id, score desc, related_id`,
  );
  return rows.map((r) => ({
    productId: Number(r.product_id),
    relatedId: Number(r.related_id),
    // `real` comes back as text on one driver and as a double on the other: four digits suffice.
    score: fourDigits(Number(r.score)),
  }));
}

describe('computeAffinities and boughtTogether', () => {
  it('score pairs by the share of a product’s orders that held the other, leave canceled orders out, and replace the table', async () => {
    const [a, b, c, d] = await activeProductIds(4);
    if (a === undefined || b === undefined || c === undefined || d === undefined)
      throw new Error('need four active products');
    await order(tdb.db, [a, b]);
    await order(tdb.db, [a, b]);
    await order(tdb.db, [a, c]);
    await order(tdb.db, [b, c]);
    const canceled = await order(tdb.db, [a, d]);
    await tdb.db.execute(sql`update orders set status = 'canceled' where id = ${canceled}`);
    // A leftover of an earlier run, for a pair no order has: the rebuild must drop it.
    await tdb.db.execute(
      sql`insert into product_affinities (product_id, related_id, score) values (${d}, ${c}, 1)`,
    );

    const summary = await computeAffinities(tdb.db);
    expect(summary).toMatchObject({ products: 3, pairs: 6 });
    const third = (n: number) => fourDigits(n / 3);
    expect(await affinities()).toEqual(
      [
        // a is in 3 orders: with b in 2, with c in 1.
        { productId: a, relatedId: b, score: third(2) },
        { productId: a, relatedId: c, score: third(1) },
        // b is in 3 orders: with a in 2, with c in 1.
        { productId: b, relatedId: a, score: third(2) },
        { productId: b, relatedId: c, score: third(1) },
        // c is in 2 orders: one with a, one with b; a and b are each in 3 orders (a tie), so the lower id.
        { productId: c, relatedId: Math.min(a, b), score: 0.5 },
        { productId: c, relatedId: Math.max(a, b), score: 0.5 },
      ].sort((x, y) => x.productId - y.productId || y.score - x.score || x.relatedId - y.relatedId),
    );

    // Run again: the same rows, not twice as many.
    await computeAffinities(tdb.db);
    expect(await affinities()).toHaveLength(6);

    // Only the best `perProduct` are kept.
    await computeAffinities(tdb.db, { perProduct: 1 });
    const kept = await affinities();
    expect(kept).toHaveLength(3);
    expect(kept.find((r) => r.productId === a)?.relatedId).toBe(b);

    await computeAffinities(tdb.db);
    const together = await boughtTogether(tdb.db, a, 4);
    expect(together.map((p) => p.id)).toEqual([b, c]);
    expect(await boughtTogether(tdb.db, a, 1)).toHaveLength(1);

    // An archived product is no longer offered, though its affinities stay until the next run.
    await tdb.db.execute(sql`update products set status = 'archived' where id = ${b}`);
    expect((await boughtTogether(tdb.db, a, 4)).map((p) => p.id)).toEqual([c]);
    await tdb.db.execute(sql`update products set status = 'active' where id = ${b}`);
  });

  it('refuses a perProduct that is not a positive whole number', async () => {
    await expect(computeAffinities(tdb.db, { perProduct: 0 })).rejects.toThrow(/positive integer/);
  });
});

describe('the related_products switch', () => {
  afterEach(async () => {
    await tdb.db.execute(sql`delete from shop_switches`);
  });

  it('is on without a row, off once set off, and cached for its max age', async () => {
    expect(await readSwitch(tdb.db, RELATED_PRODUCTS_SWITCH)).toBe(true);
    let clock = 1_000_000;
    const now = () => clock;
    expect(await isSwitchOn(tdb.db, RELATED_PRODUCTS_SWITCH, { now })).toBe(true);

    // Set behind this process's back (another process's script): seen once the cache is old.
    await tdb.db.execute(
      sql`insert into shop_switches (name, enabled) values (${RELATED_PRODUCTS_SWITCH}, false)`,
    );
    clock += 1_000;
    expect(await isSwitchOn(tdb.db, RELATED_PRODUCTS_SWITCH, { now })).toBe(true);
    clock += 5_000;
    expect(await isSwitchOn(tdb.db, RELATED_PRODUCTS_SWITCH, { now })).toBe(false);

    // Set by this process: seen at once.
    await setSwitch(tdb.db, RELATED_PRODUCTS_SWITCH, true);
    expect(await isSwitchOn(tdb.db, RELATED_PRODUCTS_SWITCH, { now })).toBe(true);
    expect(await readSwitch(tdb.db, RELATED_PRODUCTS_SWITCH)).toBe(true);
  });
});

describe('budgetGate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives up on a call past its budget, then skips calls while the breaker is open', async () => {
    vi.useFakeTimers();
    const skipped: string[] = [];
    const gate = budgetGate({
      timeoutMs: 150,
      breakerMs: 10_000,
      onSkip: (reason) => skipped.push(reason),
    });
    let calls = 0;
    const slow = () => {
      calls++;
      return new Promise<string>((resolve) => setTimeout(() => resolve('late'), 5_000));
    };

    const first = gate.run(slow);
    await vi.advanceTimersByTimeAsync(149);
    let settled = false;
    void first.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(first).resolves.toBeNull();
    expect(skipped).toEqual(['timeout']);
    expect(gate.isOpen()).toBe(true);

    // While open, the work is not even started.
    await expect(gate.run(slow)).resolves.toBeNull();
    expect(calls).toBe(1);
    expect(skipped).toEqual(['timeout', 'breaker_open']);

    // Once the period is over, the next call is tried again (and a fast one answers).
    await vi.advanceTimersByTimeAsync(10_000);
    expect(gate.isOpen()).toBe(false);
    await expect(gate.run(() => Promise.resolve('fresh'))).resolves.toBe('fresh');
  });

  it('turns a failing call into nothing and opens the breaker', async () => {
    const errors: unknown[] = [];
    const gate = budgetGate({
      timeoutMs: 1_000,
      breakerMs: 60_000,
      onSkip: (reason, error) => errors.push([reason, error]),
    });
    const failure = new Error('engine down');
    await expect(gate.run(() => Promise.reject(failure))).resolves.toBeNull();
    expect(errors).toEqual([['error', failure]]);
    expect(gate.isOpen()).toBe(true);
  });

  it('leaves out similar items when the engine is slower than the budget', async () => {
    const never = new Promise<EngineResult>(() => undefined);
    let asked = 0;
    const slowEngine: SearchEngine = {
      ...postgresEngine(tdb.db),
      name: 'slow',
      query: () => {
        asked++;
        return never;
      },
    };
    const search = productSearch(slowEngine, { readDb: tdb.db });
    const [first] = await activeProductIds(1);
    if (first === undefined) throw new Error('no active product');
    const gate = budgetGate({ timeoutMs: 300, breakerMs: 30_000 });

    const similar = search.similar?.bind(search);
    if (!similar) throw new Error('the Postgres search has no similar()');
    const result = await gate.run(() => similar(first, { region: 'us', limit: 4 }));
    expect(result).toBeNull();
    expect(asked).toBeGreaterThan(0);
    expect(gate.isOpen()).toBe(true);
  });
});
