import { seedDemo } from '@shop/db/seed';
import { queryRows } from '@shop/db/query';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import type { ListingSort, ProductCard } from '@shop/validators';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCommerceError } from '../errors';
import {
  getCategoryByHandle,
  getCollectionByHandle,
  listCategoryTree,
  listFacetOptions,
  listProductsFiltered,
  type ListProductsFilteredParams,
} from './listing';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('listing');
  await seedDemo(tdb.db, { products: 60 });
  // Two products share a timestamp and a price, so ties must be broken by id.
  await tdb.db.execute(sql`
    update products set created_at = '2024-03-01T00:00:00.000001Z'
     where id in (select id from products where status = 'active' order by id limit 2)`);
  // One product above 2^31 minor units and one with no USD price: the unpriced one still sorts
  // last, after the expensive one, both ways.
  await tdb.db.execute(sql`
    update product_prices set amount = 5000000000, compare_at_amount = null
     where currency_code = 'USD' and variant_id in (select v.id from product_variants v
       where v.product_id = (select id from products where status = 'active' order by id offset 2 limit 1))`);
  await tdb.db.execute(sql`
    delete from product_prices
     where currency_code = 'USD' and variant_id in (select v.id from product_variants v
       where v.product_id = (select id from products where status = 'active' order by id offset 3 limit 1))`);
});
afterAll(async () => {
  await tdb?.drop();
});

type Query = Omit<ListProductsFilteredParams, 'cursor' | 'limit'>;

/** Every page of a listing, following `nextCursor`, with a hard stop against a loop. */
async function allPages(query: Query, limit: number): Promise<ProductCard[]> {
  const items: ProductCard[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const result = await listProductsFiltered(tdb.db, { ...query, cursor, limit });
    expect(result.items.length).toBeLessThanOrEqual(limit);
    items.push(...result.items);
    if (!result.nextCursor) return items;
    cursor = result.nextCursor;
  }
  throw new Error('the listing never ended');
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return queryRows<T>(tdb.db, query);
}

/** The expected order, computed independently: cheapest live USD price, creation time, id. */
async function expectedOrder(sort: ListingSort): Promise<number[]> {
  const all = await rows<{ id: number; created_us: number; amount: number | null }>(sql`
    select p.id, (extract(epoch from p.created_at) * 1000000)::bigint as created_us,
           (select min(pp.amount) from product_variants v
              join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
             where v.product_id = p.id and not v.archived) as amount
      from products p where p.status = 'active'`);
  const byId = (a: { id: number }, b: { id: number }) => Number(a.id) - Number(b.id);
  const sorted = [...all].sort((a, b) => {
    if (sort === 'newest') {
      const t = Number(b.created_us) - Number(a.created_us);
      return t !== 0 ? t : byId(b, a);
    }
    const [pa, pb] = [a.amount, b.amount];
    if (pa === null || pb === null) return pa === pb ? byId(a, b) : pa === null ? 1 : -1;
    if (sort === 'price_asc') return pa - pb || byId(a, b);
    return pb - pa || byId(b, a);
  });
  return sorted.map((r) => Number(r.id));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isCommerceError(err)) return err.code;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('listProductsFiltered: keyset pages', () => {
  it.each(['price_asc', 'price_desc', 'newest'] as const)(
    'pages of %s concatenate to the whole sorted list, each product once',
    async (sort) => {
      const paged = await allPages({ region: 'us', sort }, 7);
      const ids = paged.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(await expectedOrder(sort));
      const whole = await listProductsFiltered(tdb.db, { region: 'us', sort, limit: 100 });
      expect(whole.nextCursor).toBeNull();
      expect(whole.items.map((p) => p.id)).toEqual(ids);
    },
  );

  it('shows prices from the price table in the region currency', async () => {
    const usd = await listProductsFiltered(tdb.db, { region: 'us', sort: 'price_asc', limit: 5 });
    const eur = await listProductsFiltered(tdb.db, { region: 'eu', sort: 'price_asc', limit: 5 });
    expect(usd.items.every((p) => p.price?.currencyCode === 'USD')).toBe(true);
    expect(eur.items.every((p) => p.price?.currencyCode === 'EUR')).toBe(true);
    const first = eur.items[0];
    if (!first?.price) throw new Error('no EUR price');
    const [stored] = await rows<{ amount: number }>(sql`
      select min(pp.amount) as amount from product_variants v
        join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'EUR'
       where v.product_id = ${first.id} and not v.archived`);
    expect(first.price.amount).toBe(Number(stored?.amount));
  });

  it('refuses a cursor made for another sort', async () => {
    const page = await listProductsFiltered(tdb.db, { region: 'us', sort: 'newest', limit: 3 });
    if (!page.nextCursor) throw new Error('expected a second page');
    expect(
      await codeOf(
        listProductsFiltered(tdb.db, {
          region: 'us',
          sort: 'price_asc',
          cursor: page.nextCursor,
          limit: 3,
        }),
      ),
    ).toBe('INVALID_INPUT');
    expect(
      await codeOf(
        listProductsFiltered(tdb.db, { region: 'us', sort: 'newest', cursor: 'bm9wZQ', limit: 3 }),
      ),
    ).toBe('INVALID_INPUT');
  });
});

describe('listProductsFiltered: filters', () => {
  it('in stock: only products with a sellable variant, and none of those left out', async () => {
    // Sell out every variant of three products.
    const soldOut = await rows<{ id: number }>(sql`
      select id from products where status = 'active' order by id desc limit 3`);
    const soldOutIds = soldOut.map((r) => Number(r.id));
    await tdb.db.execute(sql`
      update inventory_levels set reserved = 0, on_hand = 0
       where variant_id in (select id from product_variants
                             where product_id in (${sql.join(soldOutIds, sql`, `)}))`);
    await tdb.db.execute(sql`
      update product_variants set manage_inventory = true
       where product_id in (${sql.join(soldOutIds, sql`, `)})`);

    const all = await allPages({ region: 'us', sort: 'newest' }, 50);
    const inStock = await allPages({ region: 'us', sort: 'newest', inStock: true }, 7);
    expect(inStock.every((p) => p.inStock)).toBe(true);
    expect(inStock.map((p) => p.id)).toEqual(all.filter((p) => p.inStock).map((p) => p.id));
    for (const id of soldOutIds) {
      expect(all.find((p) => p.id === id)?.inStock).toBe(false);
      expect(inStock.some((p) => p.id === id)).toBe(false);
    }
  });

  it('price range: bounds on the listed price, inclusive, in minor units', async () => {
    const all = await allPages({ region: 'us', sort: 'price_asc' }, 100);
    const prices = all.flatMap((p) => (p.price ? [p.price.amount] : []));
    const minPrice = prices[Math.floor(prices.length / 4)] ?? 0;
    const maxPrice = prices[Math.floor((prices.length * 3) / 4)] ?? 0;
    const inRange = await allPages({ region: 'us', sort: 'price_desc', minPrice, maxPrice }, 5);
    expect(inRange.length).toBeGreaterThan(0);
    expect(
      inRange.every((p) => p.price && p.price.amount >= minPrice && p.price.amount <= maxPrice),
    ).toBe(true);
    expect(inRange.length).toBe(prices.filter((a) => a >= minPrice && a <= maxPrice).length);
  });

  it('option values: one variant must match every option; values of one option are alternatives', async () => {
    const options = { Size: ['M'], Colour: ['Black', 'Navy'] };
    const listed = await allPages({ region: 'us', sort: 'newest', options }, 5);
    const expected = await rows<{ id: number }>(sql`
      select distinct v.product_id as id from product_variants v
        join products p on p.id = v.product_id and p.status = 'active'
       where not v.archived
         and exists (select 1 from variant_option_values vov
                       join product_option_values ov on ov.id = vov.option_value_id
                       join product_options o on o.id = ov.option_id
                      where vov.variant_id = v.id and o.name = 'Size' and ov.value = 'M')
         and exists (select 1 from variant_option_values vov
                       join product_option_values ov on ov.id = vov.option_value_id
                       join product_options o on o.id = ov.option_id
                      where vov.variant_id = v.id and o.name = 'Colour'
                        and ov.value in ('Black', 'Navy'))`);
    expect(expected.length).toBeGreaterThan(0);
    expect(listed.map((p) => p.id).sort((a, b) => a - b)).toEqual(
      expected.map((r) => Number(r.id)).sort((a, b) => a - b),
    );
    const none = await listProductsFiltered(tdb.db, {
      region: 'us',
      sort: 'newest',
      options: { Size: ['no-such-size'] },
      limit: 10,
    });
    expect(none.items).toEqual([]);
  });
});

describe('categories and collections', () => {
  it('a category lists the products of all its descendants', async () => {
    const apparel = await getCategoryByHandle(tdb.db, { handle: 'apparel' });
    expect(apparel.ancestors).toEqual([]);
    expect(apparel.children.map((c) => c.handle)).toEqual(
      expect.arrayContaining(['tops', 'bottoms']),
    );
    const tshirts = await getCategoryByHandle(tdb.db, { handle: 't-shirts' });
    expect(tshirts.ancestors.map((c) => c.handle)).toEqual(['apparel', 'tops']);

    const expected = await rows<{ id: number }>(sql`
      select distinct pc.product_id as id from product_categories pc
        join products p on p.id = pc.product_id and p.status = 'active'
        join categories leaf on leaf.id = pc.category_id
        left join categories parent on parent.id = leaf.parent_id
        left join categories grand on grand.id = parent.parent_id
       where 'apparel' in (leaf.handle, parent.handle, grand.handle)`);
    expect(expected.length).toBeGreaterThan(0);
    const listed = await allPages(
      { region: 'us', sort: 'price_asc', categoryHandle: 'apparel' },
      6,
    );
    expect(listed.map((p) => p.id).sort((a, b) => a - b)).toEqual(
      expected.map((r) => Number(r.id)).sort((a, b) => a - b),
    );
  });

  it('the tree nests categories three levels deep', async () => {
    const tree = await listCategoryTree(tdb.db);
    const apparel = tree.find((c) => c.handle === 'apparel');
    const tops = apparel?.children.find((c) => c.handle === 'tops');
    expect(tops?.children.map((c) => c.handle)).toContain('t-shirts');
  });

  it('a collection lists exactly its active products', async () => {
    const featured = await getCollectionByHandle(tdb.db, { handle: 'featured' });
    const expected = await rows<{ id: number }>(sql`
      select cp.product_id as id from collection_products cp
        join products p on p.id = cp.product_id and p.status = 'active'
       where cp.collection_id = ${featured.id}`);
    const listed = await allPages(
      { region: 'eu', sort: 'newest', collectionHandle: 'featured' },
      3,
    );
    expect(listed.map((p) => p.id).sort((a, b) => a - b)).toEqual(
      expected.map((r) => Number(r.id)).sort((a, b) => a - b),
    );
  });

  it('facets list the option values present, sizes in their natural order', async () => {
    const facets = await listFacetOptions(tdb.db, { categoryHandle: 'apparel' });
    const size = facets.options.find((o) => o.name === 'Size');
    expect(size?.values.filter((v) => ['S', 'M', 'L'].includes(v))).toEqual(['S', 'M', 'L']);
    expect(facets.options.map((o) => o.name)).toContain('Colour');
    const home = await listFacetOptions(tdb.db, { categoryHandle: 'candles' });
    expect(home.options.some((o) => o.name === 'Size')).toBe(false);
  });

  it('unknown handles are NOT_FOUND', async () => {
    expect(await codeOf(getCategoryByHandle(tdb.db, { handle: 'no-such-category' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(getCollectionByHandle(tdb.db, { handle: 'no-such-collection' }))).toBe(
      'NOT_FOUND',
    );
    expect(
      await codeOf(
        listProductsFiltered(tdb.db, {
          region: 'us',
          sort: 'newest',
          categoryHandle: 'no-such-category',
          limit: 5,
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await codeOf(
        listProductsFiltered(tdb.db, {
          region: 'us',
          sort: 'newest',
          collectionHandle: 'no-such-collection',
          limit: 5,
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(await codeOf(listFacetOptions(tdb.db, { categoryHandle: 'no-such-category' }))).toBe(
      'NOT_FOUND',
    );
  });
});
