import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCommerceError } from '../errors';
import { searchContract, searchFixtures } from '../ports/search-contract';
import { postgresProductSearch } from './listing';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('search');
  await seedDemo(tdb.db, { products: 40 });
  const fixtures = [
    ...searchFixtures.active.map((p) => ({ ...p, status: 'active' })),
    ...searchFixtures.hidden.map((p) => ({ ...p, priceUsd: 1000, priceEur: 900 })),
  ];
  // A seeded product with a fixture's title would tie with it: the fixtures' titles are theirs.
  await tdb.db.execute(sql`
    update products set title = title || ' Classic'
     where lower(title) in (${sql.join(
       fixtures.map((p) => sql`${p.title.toLowerCase()}`),
       sql`, `,
     )})`);
  for (const p of fixtures) {
    await tdb.db.execute(sql`
      with product as (
        insert into products (handle, title, description, status)
        values (${p.handle}, ${p.title}, ${`The ${p.title.toLowerCase()}: a ${searchFixtures.descriptionWords}.`},
                ${p.status}::product_status)
        returning id
      ), variant as (
        insert into product_variants (product_id, sku, title)
        select id, ${`SEARCH-${p.handle}`}, 'Default' from product returning id
      )
      insert into product_prices (variant_id, currency_code, amount)
      select id, 'USD', ${p.priceUsd}::bigint from variant
      union all select id, 'EUR', ${p.priceEur}::bigint from variant`);
  }
});
afterAll(async () => {
  await tdb?.drop();
});

searchContract('postgres', () => postgresProductSearch(tdb.db));

describe('postgres text search', () => {
  it('keeps search_vector in step with the title', async () => {
    const engine = postgresProductSearch(tdb.db);
    await tdb.db.execute(
      sql`update products set title = 'Marigold Jacket' where handle = 'denim-jacket'`,
    );
    try {
      const result = await engine.search({ text: 'marigold', region: 'us', limit: 5 });
      expect(result.items[0]?.handle).toBe('denim-jacket');
    } finally {
      await tdb.db.execute(
        sql`update products set title = 'Denim Jacket' where handle = 'denim-jacket'`,
      );
    }
  });

  it('applies the listing filters', async () => {
    const engine = postgresProductSearch(tdb.db);
    const cheap = await engine.search({ text: 'jacket', region: 'us', maxPrice: 5000, limit: 100 });
    expect(cheap.items.every((item) => (item.price?.amount ?? Infinity) <= 5000)).toBe(true);
    expect(cheap.items.map((item) => item.handle)).toContain('quilted-jacket-liner');
    expect(cheap.items.map((item) => item.handle)).not.toContain('denim-jacket');
  });

  it('rejects a cursor that is not its own', async () => {
    const engine = postgresProductSearch(tdb.db);
    const error = await engine
      .search({ text: 'jacket', region: 'us', cursor: 'bm90LWEtY3Vyc29y', limit: 5 })
      .catch((e: unknown) => e);
    expect(isCommerceError(error) && error.code).toBe('INVALID_INPUT');
  });

  it('cuts a very long query instead of failing', async () => {
    const engine = postgresProductSearch(tdb.db);
    const result = await engine.search({ text: 'jacket '.repeat(2000), region: 'us', limit: 5 });
    expect(result.items.length).toBeGreaterThan(0);
  });
});
