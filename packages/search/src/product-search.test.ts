import type { ProductQuery, ProductSearch } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import type { ListingSort, ProductCard } from '@shop/validators';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../core/test/shop';
import { buildSearchDocuments } from './document';
import type { SearchEngine } from './engine';
import { postgresEngine } from './postgres/engine';
import { productSearch } from './product-search';

let tdb: TestDatabase;
let engine: SearchEngine;
let search: ProductSearch;

/** Indexes the given products again (all of them without ids), as the sync would. */
async function reindex(ids?: number[]): Promise<void> {
  if (ids) {
    await engine.upsert(await buildSearchDocuments(tdb.db, { ids }));
    return;
  }
  for (let afterId = 0; ;) {
    const batch = await buildSearchDocuments(tdb.db, { afterId, limit: 25 });
    const last = batch.at(-1);
    if (!last) return;
    await engine.upsert(batch);
    afterId = last.id;
  }
}

beforeAll(async () => {
  tdb = await createTestDatabase('product_search');
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
  engine = postgresEngine(tdb.db);
  search = productSearch(engine, { readDb: tdb.db });
  await reindex();
});
afterAll(async () => {
  await tdb?.drop();
});

type Query = Omit<ProductQuery, 'cursor' | 'limit'>;

/** Every page of a listing, following `nextCursor`, with a hard stop against a loop. */
async function allPages(query: Query, limit: number): Promise<ProductCard[]> {
  const items: ProductCard[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const result = await search.listProducts({ ...query, cursor, limit });
    expect(result.items.length).toBeLessThanOrEqual(limit);
    items.push(...result.items);
    if (!result.nextCursor) return items;
    cursor = result.nextCursor;
  }
  throw new Error('the listing never ended');
}

const rows = <T>(query: SQL) => queryRows<T>(tdb.db, query);
const sortedIds = (items: Array<{ id: number | string }>) =>
  items.map((r) => Number(r.id)).sort((a, b) => a - b);

/** The expected order, computed from the catalog tables: cheapest live USD price, creation, id. */
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
    const [pa, pb] = [a.amount === null ? null : Number(a.amount), b.amount];
    if (pa === null || pb === null) return pa === pb ? byId(a, b) : pa === null ? 1 : -1;
    if (sort === 'price_asc') return pa - Number(pb) || byId(a, b);
    return Number(pb) - pa || byId(b, a);
  });
  return sorted.map((r) => Number(r.id));
}

describe('listProducts: pages', () => {
  it.each(['price_asc', 'price_desc', 'newest'] as const)(
    'pages of %s concatenate to the whole sorted list, each product once',
    async (sort) => {
      const paged = await allPages({ region: 'us', sort }, 7);
      const ids = paged.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(await expectedOrder(sort));
      const whole = await search.listProducts({ region: 'us', sort, limit: 100 });
      expect(whole.nextCursor).toBeNull();
      expect(whole.items.map((p) => p.id)).toEqual(ids);
    },
  );

  it('keeps a price above 2^31 exact and lists unpriced products last, without a price', async () => {
    const asc = await allPages({ region: 'us', sort: 'price_asc' }, 100);
    const expensive = asc.find((p) => p.price?.amount === 5_000_000_000);
    expect(expensive).toBeDefined();
    expect(asc.at(-1)?.price).toBeNull();
    expect(asc.at(-2)?.id).toBe(expensive?.id);
    const desc = await allPages({ region: 'us', sort: 'price_desc' }, 100);
    expect(desc[0]?.id).toBe(expensive?.id);
    expect(desc.at(-1)?.price).toBeNull();
  });

  it('shows prices from the price table in the region currency', async () => {
    const usd = await search.listProducts({ region: 'us', sort: 'price_asc', limit: 5 });
    const eur = await search.listProducts({ region: 'eu', sort: 'price_asc', limit: 5 });
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

  it('refuses a cursor of another query, or one tampered with', async () => {
    const page = await search.listProducts({ region: 'us', sort: 'newest', limit: 3 });
    if (!page.nextCursor) throw new Error('expected a second page');
    const next = { region: 'us', limit: 3, cursor: page.nextCursor } as const;
    expect(await codeOf(search.listProducts({ ...next, sort: 'price_asc' }))).toBe('INVALID_INPUT');
    expect(
      await codeOf(search.listProducts({ ...next, sort: 'newest', categoryHandle: 'apparel' })),
    ).toBe('INVALID_INPUT');
    expect(await codeOf(search.listProducts({ ...next, sort: 'newest', cursor: 'bm9wZQ' }))).toBe(
      'INVALID_INPUT',
    );
    const [key] = JSON.parse(Buffer.from(page.nextCursor, 'base64url').toString()) as [string];
    const tampered = Buffer.from(JSON.stringify([key, -5])).toString('base64url');
    expect(await codeOf(search.listProducts({ ...next, sort: 'newest', cursor: tampered }))).toBe(
      'INVALID_INPUT',
    );
    // The real second page follows on from the first.
    const second = await search.listProducts({ ...next, sort: 'newest' });
    expect(second.items.map((p) => p.id)).toEqual((await expectedOrder('newest')).slice(3, 6));
  });
});

describe('listProducts: filters', () => {
  it('in stock: only products with a sellable variant, and none of those left out', async () => {
    const soldOut = await rows<{ id: number }>(sql`
      select id from products where status = 'active' order by id desc limit 3`);
    const soldOutIds = soldOut.map((r) => Number(r.id));
    const list = sql.join(soldOutIds, sql`, `);
    await tdb.db.execute(sql`
      update inventory_levels set reserved = 0, on_hand = 0
       where variant_id in (select id from product_variants where product_id in (${list}))`);
    await tdb.db.execute(
      sql`update product_variants set manage_inventory = true where product_id in (${list})`,
    );
    await reindex(soldOutIds);

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

  it('option values: every option must match, values of one option are alternatives', async () => {
    // Per product, as every engine indexes it: a live variant in one of the values of each option.
    const options = { Size: ['M'], Colour: ['Black', 'Navy'] };
    const listed = await allPages({ region: 'us', sort: 'newest', options }, 5);
    const hasValue = (name: string, values: string[]) => sql`exists (
      select 1 from product_variants v
        join variant_option_values vov on vov.variant_id = v.id
        join product_option_values ov on ov.id = vov.option_value_id
        join product_options o on o.id = ov.option_id
       where v.product_id = p.id and not v.archived and o.name = ${name}
         and ov.value in (${sql.join(
           values.map((value) => sql`${value}`),
           sql`, `,
         )}))`;
    const expected = await rows<{ id: number }>(sql`
      select p.id from products p
       where p.status = 'active' and ${hasValue('Size', ['M'])}
         and ${hasValue('Colour', ['Black', 'Navy'])}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(sortedIds(listed)).toEqual(sortedIds(expected));
    const none = await search.listProducts({
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
    expect(sortedIds(listed)).toEqual(sortedIds(expected));
  });

  it('a collection lists exactly its active products', async () => {
    const expected = await rows<{ id: number }>(sql`
      select cp.product_id as id from collection_products cp
        join collections c on c.id = cp.collection_id and c.handle = 'featured'
        join products p on p.id = cp.product_id and p.status = 'active'`);
    expect(expected.length).toBeGreaterThan(0);
    const listed = await allPages(
      { region: 'eu', sort: 'newest', collectionHandle: 'featured' },
      3,
    );
    expect(sortedIds(listed)).toEqual(sortedIds(expected));
  });

  it('facets list the option values present, sizes in the merchant order', async () => {
    const facets = await search.facets({ categoryHandle: 'apparel' });
    const size = facets.options.find((o) => o.name === 'Size');
    const scale = ['XS', 'S', 'M', 'L', 'XL'];
    const sizes = size?.values.filter((v) => scale.includes(v)) ?? [];
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes).toEqual(scale.filter((v) => sizes.includes(v)));
    expect(facets.options.map((o) => o.name)).toContain('Colour');
    const home = await search.facets({ categoryHandle: 'candles' });
    expect(home.options.some((o) => o.name === 'Size')).toBe(false);
  });

  it('unknown handles are NOT_FOUND', async () => {
    const listing = { region: 'us', sort: 'newest', limit: 5 } as const;
    expect(
      await codeOf(search.listProducts({ ...listing, categoryHandle: 'no-such-category' })),
    ).toBe('NOT_FOUND');
    expect(
      await codeOf(search.listProducts({ ...listing, collectionHandle: 'no-such-collection' })),
    ).toBe('NOT_FOUND');
    expect(await codeOf(search.facets({ categoryHandle: 'no-such-category' }))).toBe('NOT_FOUND');
  });

  it('unknown handles are NOT_FOUND with words, filters or a foreign cursor too', async () => {
    const page = await search.listProducts({ region: 'us', sort: 'newest', limit: 3 });
    const unknown = { region: 'us', sort: 'newest', categoryHandle: 'no-such-category' } as const;
    expect(
      await codeOf(search.listProducts({ ...unknown, limit: 3, cursor: page.nextCursor })),
    ).toBe('NOT_FOUND');
    expect(await codeOf(search.listProducts({ ...unknown, limit: 3, inStock: true }))).toBe(
      'NOT_FOUND',
    );
    const words = {
      region: 'us',
      sort: 'relevance',
      cursor: null,
      limit: 5,
      facets: true,
    } as const;
    expect(
      await codeOf(search.search({ ...words, q: 'jacket', filters: { collection: 'no-such' } })),
    ).toBe('NOT_FOUND');
  });
});

describe('search', () => {
  const params = {
    region: 'us',
    q: '',
    filters: {},
    sort: 'relevance',
    cursor: null,
    limit: 24,
    facets: true,
  } as const;

  it('answers nothing for no words and no scope, without asking the engine', async () => {
    expect(await search.search(params)).toEqual({
      items: [],
      total: 0,
      nextCursor: null,
      approximate: false,
      didYouMean: null,
      facets: null,
      engine: 'postgres',
    });
  });

  it('browses a category without words, newest first, with its facets', async () => {
    const result = await search.search({ ...params, filters: { category: 'apparel' } });
    const listed = await allPages({ region: 'us', sort: 'newest', categoryHandle: 'apparel' }, 50);
    expect(result.total).toBe(listed.length);
    expect(result.items.map((i) => i.id)).toEqual(listed.slice(0, 24).map((p) => p.id));
    expect(result.facets?.categories[0]?.value).toBe('apparel');
    expect(result.items.every((i) => i.highlight === null)).toBe(true);
  });

  it('pages a worded search through every match once, with highlights', async () => {
    const [word] = await rows<{ w: string }>(sql`
      select lower(split_part(title, ' ', 3)) as w from products where status = 'active'
       group by 1 order by count(*) desc, 1 limit 1`);
    const q = word?.w ?? '';
    const whole = await search.search({ ...params, q, limit: 100, facets: false });
    expect(whole.total).toBeGreaterThan(3);
    const ids: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const result = await search.search({ ...params, q, cursor, limit: 2, facets: false });
      ids.push(...result.items.map((i) => i.id));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    expect(ids).toEqual(whole.items.map((i) => i.id));
    for (const item of whole.items) {
      expect(item.highlight?.map((s) => s.text).join('')).toBe(item.title);
    }
  });
});
