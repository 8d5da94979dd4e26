import type { ProductSearch } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import {
  postgresEngine,
  productSearch,
  rebuildIndex,
  RELATED_PRODUCTS_SWITCH,
  setSwitch,
} from '@shop/search';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiShop } from '../../test/shop';
import { budgetGate, createStorefrontCaller, createStorefrontContext } from '../index';

let tdb: TestDatabase;
let productIds: number[];

const storefront = (search?: ProductSearch) =>
  createStorefrontCaller(createStorefrontContext(apiShop(tdb, search ? { search } : {})));

beforeAll(async () => {
  tdb = await createTestDatabase('api_related');
  await seedDemo(tdb.db, { products: 40 });
  await rebuildIndex(tdb.db, [postgresEngine(tdb.db)]);
  const rows = await queryRows<{ id: number | string }>(
    tdb.db,
    sql`select id from products where status = 'active' order by id limit 3`,
  );
  productIds = rows.map((r) => Number(r.id));
  const [a, b, c] = productIds;
  // Affinities as the worker's job would leave them: b and c are bought with a.
  await tdb.db.execute(sql`
    insert into product_affinities (product_id, related_id, score)
    values (${a}, ${b}, 0.75), (${a}, ${c}, 0.25)`);
});
afterAll(async () => {
  await tdb?.drop();
});
afterEach(async () => {
  await setSwitch(tdb.db, RELATED_PRODUCTS_SWITCH, true);
});

function first(): number {
  const id = productIds[0];
  if (id === undefined) throw new Error('no product seeded');
  return id;
}

describe('storefront.related.forProduct', () => {
  it('returns similar items and the ones bought together, priced in the region’s currency', async () => {
    const related = await storefront().storefront.related.forProduct({
      productId: first(),
      region: 'eu',
      limit: 4,
    });
    expect(related.enabled).toBe(true);
    expect(related.similar.length).toBeGreaterThan(0);
    expect(related.similar.map((p) => p.id)).not.toContain(first());
    expect(related.boughtTogether.map((p) => p.id)).toEqual([productIds[1], productIds[2]]);
    for (const card of [...related.similar, ...related.boughtTogether]) {
      expect(card.price?.currencyCode).toBe('EUR');
    }
  });

  it('returns no related block while the related_products switch is off', async () => {
    await setSwitch(tdb.db, RELATED_PRODUCTS_SWITCH, false);
    let asked = 0;
    const base = productSearch(postgresEngine(tdb.db), { readDb: tdb.db });
    const counting: ProductSearch = {
      ...base,
      similar: (...args) => {
        asked++;
        return base.similar?.(...args) ?? Promise.resolve([]);
      },
    };
    const related = await storefront(counting).storefront.related.forProduct({
      productId: first(),
    });
    expect(related).toEqual({ similar: [], boughtTogether: [], enabled: false });
    // Off means the work is not done, not merely hidden.
    expect(asked).toBe(0);

    await setSwitch(tdb.db, RELATED_PRODUCTS_SWITCH, true);
    const back = await storefront(counting).storefront.related.forProduct({ productId: first() });
    expect(back.enabled).toBe(true);
    expect(asked).toBe(1);
  });

  it('answers an unknown product with empty lists', async () => {
    const related = await storefront().storefront.related.forProduct({ productId: 987_654_321 });
    expect(related).toEqual({ similar: [], boughtTogether: [], enabled: true });
  });

  it('refuses a bad id or limit with BAD_REQUEST', async () => {
    for (const input of [
      { productId: -1 },
      { productId: 1.5 },
      { productId: first(), limit: 500 },
    ]) {
      const code = await storefront()
        .storefront.related.forProduct(input)
        .then(
          () => 'resolved',
          (err: unknown) => (err instanceof TRPCError ? err.code : 'other'),
        );
      expect(code).toBe('BAD_REQUEST');
    }
  });

  it('under the storefront’s budget, a slow search leaves the block out instead of waiting', async () => {
    const base = productSearch(postgresEngine(tdb.db), { readDb: tdb.db });
    const slow: ProductSearch = {
      ...base,
      similar: () => new Promise(() => undefined),
    };
    const skipped: string[] = [];
    const gate = budgetGate({
      timeoutMs: 200,
      breakerMs: 30_000,
      onSkip: (reason) => skipped.push(reason),
    });
    const call = () =>
      gate.run(() => storefront(slow).storefront.related.forProduct({ productId: first() }));
    await expect(call()).resolves.toBeNull();
    expect(skipped).toEqual(['timeout']);
    // The breaker is open now: the next request does not wait a budget again.
    await expect(call()).resolves.toBeNull();
    expect(skipped).toEqual(['timeout', 'breaker_open']);
  });
});
