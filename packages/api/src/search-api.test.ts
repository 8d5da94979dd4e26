import { createDb } from '@shop/db/client';
import { seedDemo } from '@shop/db/seed';
import { captureLogger } from '@shop/logger/testing';
import { queryRows } from '@shop/db/query';
import { buildSearchDocuments, postgresEngine } from '@shop/search';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { apiShop } from '../test/shop';
import { BODY_LIMITS, handleTrpcRequest } from './edge';
import { createStorefrontCaller, createStorefrontContext, storefrontApi } from './index';
import { DATABASE_RETRY_SECONDS, DATABASE_UNAVAILABLE_MESSAGE } from './errors';

let tdb: TestDatabase;
let title = '';

const storefront = () => createStorefrontCaller(createStorefrontContext(apiShop(tdb)));
type SearchInput = Parameters<ReturnType<typeof storefront>['storefront']['search']['query']>[0];
const searchQuery = (input: SearchInput) => storefront().storefront.search.query(input);

/** The tRPC code of a failed call and what the shopper is told (the validators' sentences). */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    const message =
      err.cause instanceof ZodError
        ? err.cause.issues.map((i) => i.message).join(' ')
        : err.message;
    return { code: err.code, message };
  }
  throw new Error('expected the call to fail');
}

/** Values that are filter syntax in SQL, Meilisearch filters, LIKE, regex or tsquery. */
const hostile = [
  "x' OR 1=1 --",
  '"a" OR vendor = "b"',
  "Atelier North' OR '1'='1",
  'Atelier North" OR vendor = "Fieldstone',
  'back\\slash \\" \\\\',
  "'; drop table products; --",
  '%',
  'M | L & !S',
];

beforeAll(async () => {
  tdb = await createTestDatabase('search_api');
  await seedDemo(tdb.db, { products: 30 });
  const engine = postgresEngine(tdb.db);
  for (let afterId = 0; ;) {
    const batch = await buildSearchDocuments(tdb.db, { afterId, limit: 50 });
    const last = batch.at(-1);
    if (!last) break;
    await engine.upsert(batch);
    afterId = last.id;
  }
  const [first] = await queryRows<{ title: string }>(
    tdb.db,
    sql`select title from products where status = 'active' order by id limit 1`,
  );
  title = first?.title ?? '';
});
afterAll(async () => {
  await tdb?.drop();
});

describe('storefront.search.query', () => {
  it('finds a product by its title, exact match first', async () => {
    const result = await searchQuery({ q: title, region: 'us' });
    expect(result.items[0]?.title).toBe(title);
    expect(result.engine).toBe('postgres');
    expect(result.facets?.vendors.length).toBeGreaterThan(0);
  });

  it('answers an empty query with an empty result', async () => {
    for (const q of ['', '   ']) {
      const result = await searchQuery({ q });
      expect(result).toMatchObject({ items: [], total: 0, nextCursor: null, approximate: false });
    }
  });

  it("records a worded search's first page for the report, in the words the search read", async () => {
    // Two words of the title most titles share, so there is a second page.
    const [common] = await queryRows<{ words: string }>(
      tdb.db,
      sql`select split_part(title, ' ', 2) || ' ' || split_part(title, ' ', 3) as words
            from products where status = 'active' group by 1 order by count(*) desc, 1 limit 1`,
    );
    const words = common?.words ?? '';
    await tdb.db.execute(sql`delete from search_queries`);
    const q = `  ${words.toUpperCase().replace(' ', '   ')} `;
    const first = await searchQuery({ q, limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    await searchQuery({ q, limit: 1, cursor: first.nextCursor });
    await searchQuery({ q: '   ', filters: { category: 'apparel' } });
    const recorded = () =>
      queryRows<{ query: string; results: number }>(
        tdb.db,
        sql`select query, results from search_queries order by id`,
      );
    await vi.waitFor(async () => expect(await recorded()).toHaveLength(1));
    expect(await recorded()).toEqual([{ query: words.toLowerCase(), results: first.total }]);
  });

  it('refuses a 10,000-character query with BAD_REQUEST and a sentence', async () => {
    const refused = await failure(searchQuery({ q: 'jacket '.repeat(1500).slice(0, 10_000) }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/^A search can be at most 200 characters long/);
    const suggest = await failure(
      storefront().storefront.search.suggest({ q: 'j'.repeat(10_000) }),
    );
    expect(suggest.code).toBe('BAD_REQUEST');
  });

  it('answers unknown option names with an empty result', async () => {
    const found = await searchQuery({ q: title });
    expect(found.total).toBeGreaterThan(0);
    const result = await searchQuery({ q: title, filters: { options: { Sleeve: ['Long'] } } });
    expect(result).toMatchObject({ items: [], total: 0, nextCursor: null });
    const browse = await searchQuery({
      filters: { category: 'apparel', options: { 'No such option': ['M'] } },
    });
    expect(browse.total).toBe(0);
  });

  it('refuses a price range with the minimum above the maximum', async () => {
    const refused = await failure(
      searchQuery({ q: title, filters: { minPrice: 5000, maxPrice: 1000 } }),
    );
    expect(refused).toEqual({
      code: 'BAD_REQUEST',
      message: 'The minimum price must not be above the maximum',
    });
  });

  it('refuses a limit of 1000', async () => {
    const refused = await failure(searchQuery({ q: title, limit: 1000 }));
    expect(refused).toEqual({ code: 'BAD_REQUEST', message: 'limit must be at most 100' });
  });

  it('takes filter syntax in values as plain values: an empty result, never a 500', async () => {
    const browse = { category: 'apparel' } as const;
    expect((await searchQuery({ filters: browse })).total).toBeGreaterThan(0);
    for (const value of hostile) {
      const attempts: Array<NonNullable<SearchInput['filters']>> = [
        { ...browse, vendor: [value] },
        { ...browse, options: { Size: [value] } },
        { ...browse, options: { [value]: ['M'] } },
        { collection: 'featured', options: { Colour: [value], [value]: [value] } },
      ];
      for (const filters of attempts) {
        const result = await searchQuery({ filters });
        expect([value, result.total, result.items]).toEqual([value, 0, []]);
      }
      // As words they are only words.
      await searchQuery({ q: value });
      await storefront().storefront.search.suggest({ q: value });
      // As a category handle they are not a handle: a 400 with the handle's rule.
      expect((await failure(searchQuery({ filters: { category: value } }))).code).toBe(
        'BAD_REQUEST',
      );
    }
  });
});

describe('storefront.search while the database is down', () => {
  it('answers 503 with the database sentence and a request id, no driver text, and logs the cause', async () => {
    const down = createDb('postgres://postgres:postgres@127.0.0.1:1/shop', 1);
    const logs = captureLogger({ name: 'api' });
    try {
      const input = encodeURIComponent(JSON.stringify({ json: { q: title, region: 'us' } }));
      const res = await handleTrpcRequest({
        req: new Request(`http://shop.test/api/trpc/storefront.search.query?input=${input}`),
        router: storefrontApi,
        maxBodyBytes: BODY_LIMITS.storefrontApi,
        logger: () => logs.logger,
        createContext: () =>
          createStorefrontContext(apiShop(tdb, { db: down, readDb: down }), { clientKey: null }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe(String(DATABASE_RETRY_SECONDS));
      const text = await res.text();
      expect(text).not.toMatch(/ECONNREFUSED|select|Failed query|search_documents|regions/);
      expect(text).toContain(DATABASE_UNAVAILABLE_MESSAGE);
      expect(text).toMatch(/"requestId":"[0-9a-f]{16}"/);
      expect(logs.lines.some((l) => l.where === 'storefront.search.query')).toBe(true);
    } finally {
      await down.$client.end();
    }
  });
});
