import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import type { SearchSort } from '@shop/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchDocuments, documentChecksum, type SearchDocument } from './document';
import type { EngineFilters, EngineQuery, EngineResult, SearchEngine } from './engine';
import { readIndexSettings } from './settings';

export interface ContractSubject {
  engine: SearchEngine;
  db: Database;
  /** waits until writes are searchable (Meilisearch tasks); optional */
  settle?: () => Promise<void>;
  close?: () => Promise<void>;
}

/**
 * The products the contract writes into the subject's database, beside any it already holds.
 * Handles, categories and the collection start with `sc-`, so no seeded row is mistaken for one.
 * Prices are minor units; `null` is no price in that currency; `onHand: null` is a variant whose
 * stock is not tracked (always sellable).
 */
interface FixtureProduct {
  handle: string;
  title: string;
  status?: 'active' | 'draft' | 'archived';
  vendor: string;
  productType: string;
  tags: string[];
  categories: string[];
  collections?: string[];
  options: Array<{ name: string; values: string[] }>;
  variants: Array<{
    values: string[];
    usd: number | null;
    eur: number | null;
    onHand: number | null;
    archived?: boolean;
  }>;
  /** Days after 2024-01-01 (creation order differs from id order). */
  createdDay: number;
}

/** Every fixture's description holds these words, and no other product's. */
const DESCRIPTION_WORDS = 'zephyr wardrobe staple';

const sizes = (values: string[], usd: number, eur: number | null, onHand: number | null) =>
  values.map((v) => ({ values: [v], usd, eur, onHand }));

const fixtures: FixtureProduct[] = [
  {
    handle: 'sc-denim-jacket',
    title: 'Denim Jacket',
    vendor: 'Northwind',
    productType: 'Jacket',
    tags: ['denim', 'outerwear'],
    categories: ['sc-jackets'],
    collections: ['sc-featured'],
    options: [
      { name: 'Size', values: ['XXS', 'XS', 'S', 'M', 'L', 'XL'] },
      { name: 'Colour', values: ['Indigo'] },
    ],
    variants: [
      // Archived: its cheap price and its size must show nowhere.
      { values: ['XXS', 'Indigo'], usd: 100, eur: 100, onHand: 9, archived: true },
      { values: ['XS', 'Indigo'], usd: 8900, eur: 8200, onHand: 0 },
      { values: ['S', 'Indigo'], usd: 8900, eur: 8200, onHand: 4 },
      { values: ['M', 'Indigo'], usd: 8900, eur: 8200, onHand: 4 },
      { values: ['L', 'Indigo'], usd: 8900, eur: 8200, onHand: 4 },
      { values: ['XL', 'Indigo'], usd: 9400, eur: 8700, onHand: 4 },
    ],
    createdDay: 30,
  },
  {
    handle: 'sc-cotton-t-shirt',
    title: 'Cotton T-Shirt',
    vendor: 'Southpaw',
    productType: 'T-Shirt',
    tags: ['cotton', 'basics'],
    categories: ['sc-t-shirts'],
    collections: ['sc-featured'],
    options: [
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['White', 'Black'] },
    ],
    variants: ['S', 'M', 'L'].flatMap((size) =>
      ['White', 'Black'].map((colour) => ({
        values: [size, colour],
        usd: 1900,
        eur: 2300,
        // Size L is sold out in both colours: in stock, but not in L.
        onHand: size === 'L' ? 0 : 10,
      })),
    ),
    createdDay: 10,
  },
  {
    handle: 'sc-quilted-jacket-liner',
    title: 'Quilted Jacket Liner',
    vendor: 'Northwind',
    productType: 'Jacket',
    tags: ['outerwear'],
    categories: ['sc-jackets'],
    options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
    // Cheaper than the T-shirt in euros, dearer in dollars: the two currencies sort apart.
    variants: sizes(['S', 'M', 'L'], 4900, 1500, 3),
    createdDay: 50,
  },
  {
    handle: 'sc-organic-cotton-hoodie',
    title: 'Organic Cotton Hoodie',
    vendor: 'Eastgate',
    productType: 'Hoodie',
    tags: ['cotton'],
    categories: ['sc-tops'],
    options: [
      { name: 'Size', values: ['M', 'L'] },
      { name: 'Colour', values: ['Black'] },
    ],
    variants: [
      { values: ['M', 'Black'], usd: 5900, eur: 5400, onHand: 0 },
      { values: ['L', 'Black'], usd: 5900, eur: 5400, onHand: 0 },
    ],
    createdDay: 20,
  },
  {
    handle: 'sc-linen-camp-shirt',
    title: 'Linen Camp Shirt',
    vendor: 'Southpaw',
    productType: 'Shirt',
    tags: ['linen'],
    categories: ['sc-tops'],
    options: [{ name: 'Size', values: ['S', 'M'] }],
    // No euro price: last in euros both ways; untracked stock: always sellable.
    variants: sizes(['S', 'M'], 3900, null, null),
    createdDay: 40,
  },
  {
    handle: 'sc-wool-beanie',
    title: 'Wool Beanie',
    vendor: "O'Brien & Co",
    productType: 'Hat',
    tags: ['wool'],
    categories: ['sc-accessories'],
    options: [],
    variants: [{ values: [], usd: 2500, eur: 2500, onHand: 7 }],
    createdDay: 60,
  },
  {
    handle: 'sc-canvas-tote',
    title: 'Canvas Tote',
    vendor: 'Back\\slash "Goods"',
    productType: 'Bag',
    tags: ['canvas'],
    categories: ['sc-accessories'],
    options: [],
    // The beanie's price and creation day: ties broken by id.
    variants: [{ values: [], usd: 2500, eur: 2500, onHand: 7 }],
    createdDay: 60,
  },
  {
    handle: 'sc-cashmere-overcoat',
    title: 'Cashmere Overcoat',
    vendor: 'Northwind',
    productType: 'Coat',
    tags: ['cashmere', 'outerwear'],
    categories: ['sc-jackets'],
    options: [{ name: 'Size', values: ['M', 'L'] }],
    // Above 2^31 minor units.
    variants: sizes(['M', 'L'], 5_000_000_000, 4_800_000_000, 1),
    createdDay: 5,
  },
  {
    handle: 'sc-temporary-parka',
    title: 'Temporary Parka',
    vendor: 'Eastgate',
    productType: 'Parka',
    tags: ['outerwear'],
    categories: ['sc-jackets'],
    options: [],
    variants: [{ values: [], usd: 12000, eur: 11000, onHand: 2 }],
    createdDay: 70,
  },
  {
    handle: 'sc-retired-parka',
    title: 'Retired Parka',
    vendor: 'Eastgate',
    productType: 'Parka',
    tags: ['outerwear'],
    categories: ['sc-jackets'],
    options: [],
    variants: [{ values: [], usd: 13000, eur: 12000, onHand: 2 }],
    createdDay: 71,
  },
  {
    handle: 'sc-archived-denim-jacket',
    title: 'Archived Denim Jacket',
    status: 'archived',
    vendor: 'Northwind',
    productType: 'Jacket',
    tags: ['denim'],
    categories: ['sc-jackets'],
    options: [],
    variants: [{ values: [], usd: 500, eur: 500, onHand: 5 }],
    createdDay: 80,
  },
  {
    handle: 'sc-draft-cotton-t-shirt',
    title: 'Draft Cotton T-Shirt',
    status: 'draft',
    vendor: 'Southpaw',
    productType: 'T-Shirt',
    tags: ['cotton'],
    categories: ['sc-t-shirts'],
    options: [],
    variants: [{ values: [], usd: 500, eur: 500, onHand: 5 }],
    createdDay: 81,
  },
];

const categoryTree = [
  { handle: 'sc-apparel', name: 'SC Apparel', parent: null },
  { handle: 'sc-jackets', name: 'SC Jackets', parent: 'sc-apparel' },
  { handle: 'sc-tops', name: 'SC Tops', parent: 'sc-apparel' },
  { handle: 'sc-t-shirts', name: 'SC T-shirts', parent: 'sc-tops' },
  { handle: 'sc-accessories', name: 'SC Accessories', parent: null },
] as const;

/** Values that are filter syntax somewhere (SQL, Meilisearch, LIKE, regex, tsquery). */
const hostileValues = [
  "x' OR 1=1 --",
  '"a" OR vendor = "b"',
  'Northwind" OR vendor = "Southpaw',
  "Northwind' OR '1'='1",
  'back\\slash',
  '\\',
  '"',
  "'",
  '%',
  '_',
  '.*',
  'M | L',
  'a:* & b',
  'NOT Northwind',
  'Size = M',
];

/**
 * The expectations every search engine meets (`SearchEngine`), run by each engine's own test:
 * `open` gives a fresh subject (the engine, the database whose catalog it indexes, and the
 * engine's own wait and close). The suite writes its fixture products into that database, indexes
 * the whole catalog through the engine and checks ranking, typos, suggestions, filters and facet
 * counts (against SQL over the catalog tables), price sorts per currency, paging, deletes,
 * rebuilds, scans and hostile filter values. With `options.skip` the suite is registered skipped,
 * with the reason in its name, so the run's summary says why.
 */
export function searchEngineContract(
  name: string,
  open: () => Promise<ContractSubject>,
  options: { skip?: string } = {},
): void {
  if (options.skip) {
    // The one skip the project allows: an engine whose server cannot be reached here (no
    // Meilisearch without MEILISEARCH_HOST). Vitest reports a skipped suite only if it holds a
    // test, so one stands in for the whole contract, and the reason is in the suite's name, which
    // the run's summary prints.
    describe.skip(`search engine contract: ${name} (skipped: ${options.skip})`, () => {
      it('runs when its engine can be reached', () => undefined);
    });
    return;
  }

  describe(`search engine contract: ${name}`, () => {
    let subject: ContractSubject;
    let engine: SearchEngine;
    let db: Database;
    const ids = new Map<string, number>();
    const id = (handle: string) => {
      const found = ids.get(handle);
      if (found === undefined) throw new Error(`no fixture ${handle}`);
      return found;
    };
    const settle = () => subject.settle?.() ?? Promise.resolve();

    beforeAll(async () => {
      subject = await open();
      ({ engine, db } = subject);
      for (const [handle, productId] of await writeFixtures(db)) ids.set(handle, productId);
      await engine.configure(await readIndexSettings(db));
      for await (const batch of catalogBatches(db)) await engine.upsert(batch);
      await settle();
    });
    afterAll(async () => {
      await subject?.close?.();
    });

    const query = (q: Partial<EngineQuery> & { filters?: EngineFilters } = {}) =>
      engine.query({
        text: '',
        currency: 'USD',
        filters: {},
        sort: 'relevance',
        offset: 0,
        limit: 100,
        facets: false,
        highlight: true,
        ...q,
      });
    const handles = (result: EngineResult) => result.hits.map((h) => h.document.handle);
    const hitIds = (result: EngineResult) => result.hits.map((h) => h.document.id);

    it('ranks an exact title match first, and highlights the words in the title', async () => {
      for (const text of [
        'Denim Jacket',
        'denim jacket',
        'Cotton T-Shirt',
        'quilted jacket liner',
      ]) {
        const result = await query({ text });
        expect(result.hits[0]?.document.title.toLowerCase()).toBe(text.toLowerCase());
        expect(result.approximate).toBe(false);
        expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
      }
      const denim = await query({ text: 'denim' });
      const first = denim.hits.find((h) => h.document.handle === 'sc-denim-jacket');
      expect(first?.highlight?.map((s) => s.text).join('')).toBe('Denim Jacket');
      expect(first?.highlight?.filter((s) => s.match).map((s) => s.text)).toEqual(['Denim']);
    });

    it('finds words of the description, vendor and tags, never hidden products', async () => {
      const described = await query({ text: DESCRIPTION_WORDS });
      expect(new Set(handles(described))).toEqual(new Set(activeHandles()));
      expect(handles(await query({ text: 'northwind' }))).toEqual(
        expect.arrayContaining(['sc-denim-jacket', 'sc-quilted-jacket-liner']),
      );
      for (const text of ['archived denim jacket', 'draft cotton t-shirt', 'denim', 'tshrit']) {
        const hidden = handles(await query({ text }));
        expect(hidden).not.toContain('sc-archived-denim-jacket');
        expect(hidden).not.toContain('sc-draft-cotton-t-shirt');
      }
    });

    it('finds the product behind a query with a typo, and says so', async () => {
      for (const [text, handle] of [
        ['tshrit', 'sc-cotton-t-shirt'],
        ['jakcet', 'sc-denim-jacket'],
        ['denim jakcet', 'sc-denim-jacket'],
      ] as const) {
        const result = await query({ text, limit: 20 });
        expect(handles(result)).toContain(handle);
        expect(result.approximate).toBe(true);
        expect(result.didYouMean).not.toBeNull();
      }
      const exact = await query({ text: 'jacket' });
      expect(exact.approximate).toBe(false);
      expect(exact.didYouMean).toBeNull();
    });

    it('suggests titles for the prefix of a word', async () => {
      const jac = await engine.suggest('jac', 50);
      expect(jac.map((s) => s.handle)).toEqual(
        expect.arrayContaining(['sc-denim-jacket', 'sc-quilted-jacket-liner']),
      );
      const denim = jac.find((s) => s.handle === 'sc-denim-jacket');
      expect(denim?.highlight.map((s) => s.text).join('')).toBe('Denim Jacket');
      expect(denim?.highlight.find((s) => s.match)?.text.toLowerCase()).toMatch(/^jac/);
      expect((await engine.suggest('denim ja', 5))[0]).toMatchObject({
        handle: 'sc-denim-jacket',
        title: 'Denim Jacket',
      });
      expect((await engine.suggest('cotton t-sh', 5)).map((s) => s.handle)).toContain(
        'sc-cotton-t-shirt',
      );
      expect(await engine.suggest('jac', 2)).toHaveLength(2);
      for (const prefix of ['arch', 'draft']) {
        const found = (await engine.suggest(prefix, 50)).map((s) => s.handle);
        expect(found).not.toContain('sc-archived-denim-jacket');
        expect(found).not.toContain('sc-draft-cotton-t-shirt');
      }
    });

    const filterCases = (): Array<[string, EngineFilters]> => [
      ['the scope alone', { categoryHandle: 'sc-apparel' }],
      ['a vendor', { categoryHandle: 'sc-apparel', vendors: ['Northwind'] }],
      ['a size', { categoryHandle: 'sc-apparel', options: { Size: ['L'] } }],
      [
        'a size in stock',
        { categoryHandle: 'sc-apparel', options: { Size: ['L'] }, inStock: true },
      ],
      [
        'two options',
        { categoryHandle: 'sc-apparel', options: { Size: ['M', 'XL'], Colour: ['Black'] } },
      ],
      ['a price range', { categoryHandle: 'sc-apparel', minPrice: 1900, maxPrice: 5900 }],
      [
        'vendors in stock',
        { categoryHandle: 'sc-apparel', vendors: ['Southpaw', 'Eastgate'], inStock: true },
      ],
      ['a collection', { collectionHandle: 'sc-featured', options: { Colour: ['Indigo'] } }],
      ['a vendor with quotes', { categoryHandle: 'sc-accessories', vendors: ["O'Brien & Co"] }],
      [
        'a subcategory, excluding one',
        { categoryHandle: 'sc-tops', excludeIds: [id('sc-organic-cotton-hoodie')] },
      ],
    ];
    const caseNames = [
      'the scope alone',
      'a vendor',
      'a size',
      'a size in stock',
      'two options',
      'a price range',
      'vendors in stock',
      'a collection',
      'a vendor with quotes',
      'a subcategory, excluding one',
    ];

    it.each(caseNames)(
      'filters by %s as the catalog tables do, with facet counts that agree',
      async (caseName) => {
        const filters = new Map(filterCases()).get(caseName);
        if (!filters) throw new Error(`no filter case ${caseName}`);
        const result = await query({ filters, facets: true, sort: 'price_asc' });
        const expected = await catalogIds(db, filters, 'USD');
        expect(expected.length).toBeGreaterThan(0);
        expect(result.total).toBe(expected.length);
        expect(hitIds(result).sort((a, b) => a - b)).toEqual(expected);
        const facets = result.facets;
        if (!facets) throw new Error('no facets');

        // Each value's count is what choosing it would give (the field's own filter replaced).
        for (const v of facets.vendors) {
          expect(v.count).toBe((await catalogIds(db, { ...filters, vendors: [v.value] })).length);
        }
        const vendorsInScope = await catalogVendors(db, { ...filters, vendors: undefined });
        expect(facets.vendors.map((v) => v.value).sort()).toEqual(vendorsInScope);
        for (const o of facets.options) {
          for (const v of o.values) {
            const chosen = { ...filters, options: { ...filters.options, [o.name]: [v.value] } };
            expect([o.name, v.value, v.count]).toEqual([
              o.name,
              v.value,
              (await catalogIds(db, chosen)).length,
            ]);
          }
        }
        expect(facets.inStock).toBe((await catalogIds(db, { ...filters, inStock: true })).length);
        for (const c of facets.categories) {
          const inCategory = { ...filters, categoryHandle: c.value };
          expect([c.value, c.count]).toEqual([c.value, (await catalogIds(db, inCategory)).length]);
        }

        // Price: the range and buckets of the results without the price filter.
        const unbounded = { ...filters, minPrice: undefined, maxPrice: undefined };
        const prices = await catalogPrices(db, unbounded, 'USD');
        expect(facets.price.currencyCode).toBe('USD');
        expect(facets.price.min).toBe(prices.length > 0 ? Math.min(...prices) : null);
        expect(facets.price.max).toBe(prices.length > 0 ? Math.max(...prices) : null);
        let counted = 0;
        for (const [i, b] of facets.price.buckets.entries()) {
          const next = facets.price.buckets[i + 1];
          if (next) expect(b.max).not.toBeNull();
          if (next && b.max !== null) expect(next.min).toBeGreaterThan(b.max);
          const inBucket = prices.filter((p) => p >= b.min && (b.max === null || p <= b.max));
          expect(b.count).toBe(inBucket.length);
          counted += b.count;
        }
        expect(counted).toBe(prices.length);
      },
    );

    it('facets a category scope by itself and its direct children, with their names', async () => {
      const result = await query({ filters: { categoryHandle: 'sc-apparel' }, facets: true });
      expect(result.facets?.categories.map((c) => [c.value, c.label])).toEqual([
        ['sc-apparel', 'SC Apparel'],
        ['sc-jackets', 'SC Jackets'],
        ['sc-tops', 'SC Tops'],
      ]);
      const size = result.facets?.options.find((o) => o.name === 'Size');
      // The merchant's order, and not the size only an archived variant has.
      expect(size?.values.map((v) => v.value)).toEqual(['XS', 'S', 'M', 'L', 'XL']);
    });

    it('chooses another field narrows to exactly the count it showed', async () => {
      const filters: EngineFilters = { categoryHandle: 'sc-apparel', options: { Size: ['L'] } };
      const first = await query({ filters, facets: true });
      for (const vendor of first.facets?.vendors ?? []) {
        const narrowed = await query({ filters: { ...filters, vendors: [vendor.value] } });
        expect(narrowed.total).toBe(vendor.count);
      }
      const narrowed = await query({ filters: { ...filters, inStock: true } });
      expect(narrowed.total).toBe(first.facets?.inStock);
    });

    it.each(['USD', 'EUR'])(
      'sorts by price in %s, unpriced last both ways, ties by id',
      async (currency) => {
        // Accessories are two products of one price: the tie goes by id in the sort's direction.
        for (const categoryHandle of ['sc-apparel', 'sc-accessories']) {
          const filters: EngineFilters = { categoryHandle };
          for (const sort of ['price_asc', 'price_desc'] as const) {
            const result = await query({ filters, sort, currency });
            expect(hitIds(result)).toEqual(await catalogOrder(db, filters, currency, sort));
            for (const hit of result.hits) {
              const listed = await catalogPrices(
                db,
                { ...filters, ids: [hit.document.id] },
                currency,
              );
              expect(hit.document.prices[currency]?.min ?? null).toBe(listed[0] ?? null);
            }
          }
        }
      },
    );

    it('sorts dollars and euros apart (the fixtures price them differently)', async () => {
      const filters: EngineFilters = { categoryHandle: 'sc-apparel' };
      const usd = hitIds(await query({ filters, sort: 'price_asc', currency: 'USD' }));
      const eur = hitIds(await query({ filters, sort: 'price_asc', currency: 'EUR' }));
      expect(usd).not.toEqual(eur);
      expect(eur.at(-1)).toBe(id('sc-linen-camp-shirt'));
    });

    const pagedSorts: Array<[SearchSort, string]> = [
      ['relevance', DESCRIPTION_WORDS],
      ['newest', ''],
      ['price_asc', ''],
      ['price_desc', ''],
      ['best_selling', ''],
    ];
    it.each(pagedSorts)('pages of %s neither repeat nor skip', async (sort, text) => {
      const scoped = text === '' ? { categoryHandle: 'sc-apparel' } : {};
      const whole = await query({ text, sort, filters: scoped });
      expect(whole.total).toBe(whole.hits.length);
      if (sort === 'newest') {
        const created = whole.hits.map((h) => Date.parse(h.document.createdAt));
        expect(created).toEqual([...created].sort((a, b) => b - a));
      }
      for (const limit of [1, 2, 3]) {
        const paged: number[] = [];
        for (let offset = 0; offset < whole.total + limit; offset += limit) {
          const page = await query({ text, sort, filters: scoped, offset, limit });
          expect(page.total).toBe(whole.total);
          paged.push(...hitIds(page));
        }
        expect(paged).toEqual(hitIds(whole));
      }
    });

    it('takes filter syntax in values as plain values: nothing matches, nothing fails', async () => {
      for (const value of hostileValues) {
        const attempts: EngineFilters[] = [
          { vendors: [value] },
          { categoryHandle: value },
          { collectionHandle: value },
          { categoryHandle: 'sc-apparel', options: { Size: [value] } },
          { categoryHandle: 'sc-apparel', options: { [value]: ['M'] } },
          {
            categoryHandle: 'sc-apparel',
            vendors: ['Northwind', value],
            options: { [value]: [value] },
          },
        ];
        for (const filters of attempts) {
          const result = await query({ filters, facets: true });
          expect([value, result.total]).toEqual([value, 0]);
          expect(result.hits).toEqual([]);
        }
        // As words they are only words: no error, no hidden product.
        const words = await query({ text: value, facets: true });
        expect(handles(words)).not.toContain('sc-archived-denim-jacket');
        await engine.suggest(value, 5);
      }
      // Real values with quotes and backslashes still match exactly themselves.
      for (const vendor of ["O'Brien & Co", 'Back\\slash "Goods"']) {
        const result = await query({ filters: { vendors: [vendor] } });
        expect(result.hits.map((h) => h.document.vendor)).toEqual([vendor]);
      }
    });

    it('matches every word of a synonym group for any one of them', async () => {
      await db.execute(
        sql`insert into search_synonyms (terms) values (array['Beanie', 'toque']::text[])`,
      );
      try {
        await engine.configure(await readIndexSettings(db));
        await settle();
        const result = await query({ text: 'toque' });
        expect(handles(result)).toContain('sc-wool-beanie');
        expect(result.approximate).toBe(false);
        const beanie = result.hits.find((h) => h.document.handle === 'sc-wool-beanie');
        expect(beanie?.highlight?.filter((s) => s.match).map((s) => s.text)).toEqual(['Beanie']);
      } finally {
        await db.execute(sql`delete from search_synonyms where 'toque' = any(terms)`);
        await engine.configure(await readIndexSettings(db));
        await settle();
      }
      expect(handles(await query({ text: 'toque' }))).not.toContain('sc-wool-beanie');
    });

    it('scans ids with the checksums of fresh documents', async () => {
      const fresh = new Map<number, string>();
      for await (const batch of catalogBatches(db)) {
        for (const doc of batch) fresh.set(doc.id, documentChecksum(doc));
      }
      const scanned = new Map<number, string>();
      for (let after = 0; ;) {
        const page = await engine.scan(after, 7);
        for (const entry of page) scanned.set(entry.id, entry.checksum);
        const last = page.at(-1);
        if (!last) break;
        expect(page.map((e) => e.id)).toEqual([...page.map((e) => e.id)].sort((a, b) => a - b));
        after = last.id;
      }
      expect(scanned).toEqual(fresh);
    });

    it('forgets deleted and archived products', async () => {
      const [temporary, retired] = [id('sc-temporary-parka'), id('sc-retired-parka')];
      expect(handles(await query({ text: 'parka' }))).toEqual(
        expect.arrayContaining(['sc-temporary-parka', 'sc-retired-parka']),
      );
      await db.execute(sql`delete from products where id = ${temporary}`);
      await db.execute(sql`update products set status = 'archived' where id = ${retired}`);
      // What a sync does: the products have no document any more, so the index drops them.
      expect(await buildSearchDocuments(db, { ids: [temporary, retired] })).toEqual([]);
      await engine.delete([temporary, retired, 2_000_000_000]);
      await settle();
      expect(handles(await query({ text: 'parka' }))).toEqual([]);
      expect(hitIds(await query({ filters: { categoryHandle: 'sc-jackets' } }))).not.toEqual(
        expect.arrayContaining([temporary]),
      );
      expect((await engine.suggest('park', 10)).map((s) => s.handle)).toEqual([]);
      const scanned = await engine.scan(temporary - 1, 1);
      expect(scanned[0]?.id).not.toBe(temporary);
    });

    it('rebuilds into a whole new index, without the products that are gone', async () => {
      const denim = (await buildSearchDocuments(db, { ids: [id('sc-denim-jacket')] }))[0];
      if (!denim) throw new Error('no denim jacket document');
      const ghost: SearchDocument = {
        ...denim,
        id: 1_900_000_000,
        handle: 'sc-ghost-lantern',
        title: 'Ghost Lantern',
      };
      await engine.upsert([ghost]);
      await settle();
      expect(handles(await query({ text: 'ghost lantern' }))).toEqual(['sc-ghost-lantern']);

      await engine.rebuild(catalogBatches(db), await readIndexSettings(db));
      await settle();
      expect(handles(await query({ text: 'ghost lantern' }))).toEqual([]);
      const all = await query({ text: DESCRIPTION_WORDS });
      expect(new Set(handles(all))).toEqual(
        new Set(activeHandles().filter((h) => !h.endsWith('-parka'))),
      );
      const scanned = await engine.scan(0, 100_000);
      expect(scanned.map((e) => e.id)).not.toContain(ghost.id);
    });
  });
}

function activeHandles(): string[] {
  return fixtures.filter((f) => (f.status ?? 'active') === 'active').map((f) => f.handle);
}

/** The whole catalog's documents, 50 at a time, as the reindex walks it. */
async function* catalogBatches(db: Database): AsyncGenerator<SearchDocument[]> {
  for (let afterId = 0; ;) {
    const batch = await buildSearchDocuments(db, { afterId, limit: 50 });
    if (batch.length === 0) return;
    yield batch;
    afterId = batch[batch.length - 1]?.id ?? afterId;
  }
}

/** Writes the fixtures (categories, collection, regions in both currencies, stock) once. */
async function writeFixtures(db: Database): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  await db.transaction(async (tx) => {
    for (const [code, currency] of [
      ['scusd', 'USD'],
      ['sceur', 'EUR'],
    ] as const) {
      await tx.execute(sql`insert into regions (code, name, currency_code)
        values (${code}, ${`Contract ${currency}`}, ${currency}) on conflict do nothing`);
    }
    const [location] = await queryRows<{ id: number }>(
      tx,
      sql`insert into stock_locations (code, name) values ('sc-contract', 'Contract stock')
          on conflict (code) do update set name = excluded.name returning id`,
    );
    for (const [position, c] of categoryTree.entries()) {
      await tx.execute(sql`insert into categories (parent_id, handle, name, position)
        values ((select id from categories where handle = ${c.parent}), ${c.handle}, ${c.name}, ${position})`);
    }
    await tx.execute(
      sql`insert into collections (handle, title) values ('sc-featured', 'Contract featured')`,
    );
    for (const f of fixtures) {
      const createdAt = new Date(Date.UTC(2024, 0, 1 + f.createdDay)).toISOString();
      const [product] = await queryRows<{ id: number | string }>(
        tx,
        sql`insert into products (handle, title, description, status, vendor, product_type, tags, created_at, updated_at)
            values (${f.handle}, ${f.title}, ${`The ${f.title.toLowerCase()}: a ${DESCRIPTION_WORDS}.`},
                    ${f.status ?? 'active'}, ${f.vendor}, ${f.productType},
                    array(select jsonb_array_elements_text(${JSON.stringify(f.tags)}::jsonb)),
                    ${createdAt}, ${createdAt})
            returning id`,
      );
      const productId = Number(product?.id);
      ids.set(f.handle, productId);
      for (const handle of f.categories) {
        await tx.execute(sql`insert into product_categories (product_id, category_id)
          select ${productId}, id from categories where handle = ${handle}`);
      }
      for (const handle of f.collections ?? []) {
        await tx.execute(sql`insert into collection_products (collection_id, product_id)
          select id, ${productId} from collections where handle = ${handle}`);
      }
      const valueIds = new Map<string, number>();
      for (const [position, option] of f.options.entries()) {
        const [row] = await queryRows<{ id: number | string }>(
          tx,
          sql`insert into product_options (product_id, name, position)
              values (${productId}, ${option.name}, ${position}) returning id`,
        );
        for (const [valuePosition, value] of option.values.entries()) {
          const [v] = await queryRows<{ id: number | string }>(
            tx,
            sql`insert into product_option_values (option_id, value, position)
                values (${Number(row?.id)}, ${value}, ${valuePosition}) returning id`,
          );
          valueIds.set(`${option.name}:${value}`, Number(v?.id));
        }
      }
      for (const [position, variant] of f.variants.entries()) {
        const [v] = await queryRows<{ id: number | string }>(
          tx,
          sql`insert into product_variants (product_id, sku, title, position, manage_inventory, archived)
              values (${productId}, ${`${f.handle}-${position}`}, ${variant.values.join(' / ') || 'Default'},
                      ${position}, ${variant.onHand !== null}, ${variant.archived ?? false})
              returning id`,
        );
        const variantId = Number(v?.id);
        for (const [i, value] of variant.values.entries()) {
          const optionName = f.options[i]?.name ?? '';
          await tx.execute(sql`insert into variant_option_values (variant_id, option_value_id)
            values (${variantId}, ${valueIds.get(`${optionName}:${value}`) ?? null})`);
        }
        for (const [currency, amount] of [
          ['USD', variant.usd],
          ['EUR', variant.eur],
        ] as const) {
          if (amount === null) continue;
          await tx.execute(sql`insert into product_prices (variant_id, currency_code, amount)
            values (${variantId}, ${currency}, ${amount})`);
        }
        if (variant.onHand !== null) {
          await tx.execute(sql`insert into inventory_levels (variant_id, location_id, on_hand, reserved)
            values (${variantId}, ${Number(location?.id)}, ${variant.onHand}, 0)`);
        }
      }
    }
  });
  return ids;
}

// ---- the catalog's own answers, in SQL over the catalog tables (not the index) ----

type CatalogFilters = EngineFilters & { ids?: number[] };

const jsonTexts = (values: readonly string[]) =>
  sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/**
 * Active products passing `filters` over the catalog tables: in the category or below it, in
 * the collection, by one of the vendors, for each option a live variant in one of its values
 * (sellable, with `inStock`), a sellable variant with `inStock`, the cheapest live price in
 * `currency` within the bounds.
 */
function catalogWhere(filters: CatalogFilters, currency: string): SQL {
  const conditions: SQL[] = [sql`p.status = 'active'`];
  if (filters.categoryHandle !== undefined) {
    conditions.push(sql`exists (
      with recursive scope as (
        select id from categories where handle = ${filters.categoryHandle}
        union select c.id from categories c join scope s on c.parent_id = s.id)
      select 1 from product_categories pc
       where pc.product_id = p.id and pc.category_id in (select id from scope))`);
  }
  if (filters.collectionHandle !== undefined) {
    conditions.push(sql`exists (select 1 from collection_products cp
      join collections c on c.id = cp.collection_id
      where cp.product_id = p.id and c.handle = ${filters.collectionHandle})`);
  }
  if (filters.vendors) conditions.push(sql`p.vendor = any(${jsonTexts(filters.vendors)})`);
  if (filters.ids)
    conditions.push(sql`p.id = any(${jsonTexts(filters.ids.map(String))}::bigint[])`);
  const sellable = sql`(not v.manage_inventory or coalesce((select sum(il.on_hand - il.reserved)
      from inventory_levels il where il.variant_id = v.id), 0) > 0)`;
  for (const [name, values] of Object.entries(filters.options ?? {})) {
    conditions.push(sql`exists (select 1 from product_variants v
      join variant_option_values vov on vov.variant_id = v.id
      join product_option_values ov on ov.id = vov.option_value_id
      join product_options o on o.id = ov.option_id
     where v.product_id = p.id and not v.archived and o.name = ${name}
       and ov.value = any(${jsonTexts(values)}) and ${filters.inStock ? sellable : sql`true`})`);
  }
  if (filters.inStock) {
    conditions.push(sql`exists (select 1 from product_variants v
      where v.product_id = p.id and not v.archived and ${sellable})`);
  }
  const price = listedPrice(currency);
  if (filters.minPrice !== undefined) conditions.push(sql`${price} >= ${filters.minPrice}`);
  if (filters.maxPrice !== undefined) conditions.push(sql`${price} <= ${filters.maxPrice}`);
  if (filters.excludeIds?.length) {
    conditions.push(sql`not (p.id = any(${jsonTexts(filters.excludeIds.map(String))}::bigint[]))`);
  }
  return sql.join(conditions, sql` and `);
}

const listedPrice = (currency: string) => sql`(select min(pp.amount) from product_variants v
    join product_prices pp on pp.variant_id = v.id and pp.currency_code = ${currency}
   where v.product_id = p.id and not v.archived)`;

async function catalogIds(
  db: Database,
  filters: CatalogFilters,
  currency = 'USD',
): Promise<number[]> {
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`select p.id from products p where ${catalogWhere(filters, currency)} order by p.id`,
  );
  return rows.map((r) => Number(r.id));
}

async function catalogVendors(db: Database, filters: CatalogFilters): Promise<string[]> {
  const rows = await queryRows<{ vendor: string }>(
    db,
    sql`select distinct p.vendor from products p
         where ${catalogWhere(filters, 'USD')} and p.vendor <> '' order by p.vendor`,
  );
  return rows.map((r) => r.vendor).sort();
}

async function catalogPrices(
  db: Database,
  filters: CatalogFilters,
  currency: string,
): Promise<number[]> {
  const rows = await queryRows<{ amount: number | string | null }>(
    db,
    sql`select ${listedPrice(currency)} as amount from products p
         where ${catalogWhere(filters, currency)} order by p.id`,
  );
  return rows.flatMap((r) => (r.amount === null ? [] : [Number(r.amount)]));
}

/** Cheapest live price in `currency`; unpriced last both ways; ties by id in the sort's direction. */
async function catalogOrder(
  db: Database,
  filters: CatalogFilters,
  currency: string,
  sort: 'price_asc' | 'price_desc',
): Promise<number[]> {
  const direction = sort === 'price_asc' ? sql`asc` : sql`desc`;
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`select p.id from products p where ${catalogWhere(filters, currency)}
         order by ${listedPrice(currency)} is null, ${listedPrice(currency)} ${direction}, p.id ${direction}`,
  );
  return rows.map((r) => Number(r.id));
}
