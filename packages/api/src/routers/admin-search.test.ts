import type { ProductSearch, StaffMember } from '@shop/core';
import { products } from '@shop/db/schema';
import { seedDemo } from '@shop/db/seed';
import {
  postgresEngine,
  rebuildIndex,
  recordSearchQuery,
  type IndexSettings,
  type SearchEngine,
} from '@shop/search';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { TRPCError } from '@trpc/server';
import type { SearchParams } from '@shop/validators';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiShop } from '../../test/shop';
import { createAdminCaller, createAdminContext, type ApiShop } from '../index';

let tdb: TestDatabase;

const member = (role: StaffMember['role']): StaffMember => ({
  id: `staff-${role}`,
  email: `${role}@shop.local`,
  name: role,
  role,
});
const owner = member('owner');
const manager = member('manager');
const clerk = member('support');

const admin = (staff: StaffMember | null, overrides: Partial<ApiShop> = {}) =>
  createAdminCaller(
    createAdminContext(apiShop(tdb, overrides), { getStaff: () => Promise.resolve(staff) }),
  );

/** The error of a call that must fail: its tRPC code and sentence. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** An index that records the settings it is configured with; `fails`: it refuses them. */
function recordingIndex(name: string, fails = false) {
  const configured: IndexSettings[] = [];
  const notUsed = () => Promise.reject(new Error(`${name}: not used by this test`));
  const engine: SearchEngine = {
    name,
    configure: (settings) => {
      configured.push(settings);
      return fails ? Promise.reject(new Error(`${name} is unreachable`)) : Promise.resolve();
    },
    upsert: notUsed,
    delete: notUsed,
    query: notUsed,
    suggest: notUsed,
    scan: notUsed,
    rebuild: notUsed,
  };
  return { engine, configured };
}

beforeAll(async () => {
  tdb = await createTestDatabase('api_admin_search');
  await seedDemo(tdb.db, { products: 30 });
});
afterAll(async () => {
  await tdb.drop();
});

describe('admin.products.list with a status', () => {
  it('lists only products of that status, any status without one', async () => {
    const first = await tdb.db
      .select({ id: products.id })
      .from(products)
      .orderBy(asc(products.id))
      .limit(3);
    const [a, b, c] = first.map((p) => p.id);
    if (!a || !b || !c) throw new Error('seed too small');
    await tdb.db.update(products).set({ status: 'draft' }).where(eq(products.id, a));
    await tdb.db
      .update(products)
      .set({ status: 'archived' })
      .where(inArray(products.id, [b, c]));

    const drafts = await admin(clerk).admin.products.list({ status: 'draft', limit: 100 });
    const archived = await admin(clerk).admin.products.list({ status: 'archived', limit: 100 });
    const all = await admin(clerk).admin.products.list({ limit: 100 });
    const draftIds = await tdb.db
      .select({ id: products.id })
      .from(products)
      .where(eq(products.status, 'draft'))
      .orderBy(asc(products.id));
    expect(drafts.items.map((p) => p.id)).toEqual(draftIds.map((p) => p.id));
    expect(drafts.items.map((p) => p.id)).toContain(a);
    expect(drafts.items.every((p) => p.status === 'draft')).toBe(true);
    expect(archived.items.map((p) => p.id)).toEqual(expect.arrayContaining([b, c]));
    expect(archived.items.every((p) => p.status === 'archived')).toBe(true);
    expect(all.items).toHaveLength(30);
  });

  it('refuses an unknown status with BAD_REQUEST', async () => {
    const err = await failure(
      admin(clerk).admin.products.list({ status: 'deleted' as 'draft', limit: 5 }),
    );
    expect(err.code).toBe('BAD_REQUEST');
  });
});

describe('admin.products.search', () => {
  it('asks the search port, as a shopper would, for the words (default region, no facets)', async () => {
    const asked: SearchParams[] = [];
    const search: ProductSearch = {
      engine: 'fake',
      listProducts: () => Promise.reject(new Error('not used')),
      facets: () => Promise.reject(new Error('not used')),
      suggest: () => Promise.reject(new Error('not used')),
      search: (params) => {
        asked.push(params);
        return Promise.resolve({
          items: [
            {
              id: 7,
              handle: 'denim-jacket',
              title: 'Denim Jacket',
              thumbnail: null,
              price: { amount: 4_900, currencyCode: 'USD' },
              compareAtPrice: null,
              inStock: true,
              highlight: [
                { text: 'Denim ', match: false },
                { text: 'Jacket', match: true },
              ],
            },
          ],
          total: 31,
          nextCursor: 'next-page',
          approximate: true,
          didYouMean: 'jacket',
          facets: null,
          engine: 'fake',
        });
      },
    };
    const result = await admin(clerk, { search }).admin.products.search({
      q: '  jakcet ',
      limit: 1,
    });
    expect(asked).toEqual([
      {
        region: 'default',
        q: 'jakcet',
        filters: {},
        sort: 'relevance',
        cursor: undefined,
        limit: 1,
        facets: false,
      },
    ]);
    expect(result).toEqual({
      items: [expect.objectContaining({ id: 7, title: 'Denim Jacket' })],
      total: 31,
      nextCursor: 'next-page',
      approximate: true,
      didYouMean: 'jacket',
      engine: 'fake',
    });
  });

  it('refuses empty and over-long words and unsigned callers', async () => {
    expect(await failure(admin(clerk).admin.products.search({ q: '   ' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Type a word to search for'),
    });
    expect(
      (await failure(admin(clerk).admin.products.search({ q: 'x'.repeat(10_000) }))).code,
    ).toBe('BAD_REQUEST');
    expect((await failure(admin(null).admin.products.search({ q: 'jacket' }))).code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('finds a seeded product by its title through the Postgres engine', async () => {
    await rebuildIndex(tdb.db, [postgresEngine(tdb.db)]);
    const [product] = await tdb.db
      .select({ id: products.id, title: products.title })
      .from(products)
      .where(eq(products.status, 'active'))
      .orderBy(asc(products.id))
      .limit(1);
    if (!product) throw new Error('no active product seeded');
    const result = await admin(clerk).admin.products.search({ q: product.title });
    expect(result.engine).toBe('postgres');
    expect(result.items[0]?.id).toBe(product.id);
  });
});

describe('admin.search.synonyms', () => {
  beforeEach(async () => {
    await tdb.db.execute(sql`delete from search_synonyms`);
  });

  it('saves, lists, edits and deletes groups, configuring every index after each change', async () => {
    const postgres = recordingIndex('postgres');
    const meili = recordingIndex('meilisearch');
    const caller = admin(owner, { searchIndexes: [postgres.engine, meili.engine] });

    const saved = await caller.admin.search.synonyms.save({ terms: ['Sneakers', 'trainers'] });
    expect(saved).toEqual({
      group: {
        id: expect.any(Number),
        terms: ['sneakers', 'trainers'],
        createdAt: expect.any(Date),
      },
      notApplied: [],
    });
    await caller.admin.search.synonyms.save({
      id: saved.group.id,
      terms: ['sneakers', 'trainers', 'kicks'],
    });
    expect((await caller.admin.search.synonyms.list()).map((g) => g.terms)).toEqual([
      ['sneakers', 'trainers', 'kicks'],
    ]);
    await caller.admin.search.synonyms.delete({ id: saved.group.id });
    expect(await caller.admin.search.synonyms.list()).toEqual([]);

    // Each index was told after each of the three changes, with the synonyms as they then were.
    for (const index of [postgres, meili]) {
      expect(index.configured.map((s) => s.synonyms)).toEqual([
        [['sneakers', 'trainers']],
        [['sneakers', 'trainers', 'kicks']],
        [],
      ]);
    }
  });

  it('saves the change when an index is down, names it, and logs it', async () => {
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => void warnings.push(args) } as ApiShop['logger'];
    const down = recordingIndex('meilisearch', true);
    const caller = admin(manager, {
      searchIndexes: [recordingIndex('postgres').engine, down.engine],
      logger,
    });
    const saved = await caller.admin.search.synonyms.save({ terms: ['hoodie', 'hoody'] });
    expect(saved.notApplied).toEqual(['meilisearch']);
    expect(warnings).toHaveLength(1);
    expect(await caller.admin.search.synonyms.list()).toHaveLength(1);
  });

  it('refuses bad groups with BAD_REQUEST and a sentence, and a taken word with CONFLICT', async () => {
    const caller = admin(owner, { searchIndexes: [recordingIndex('postgres').engine] });
    expect(await failure(caller.admin.search.synonyms.save({ terms: ['alone'] }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'A synonym group needs at least 2 different words.',
    });
    expect(
      await failure(caller.admin.search.synonyms.save({ terms: ['tee shirt', 'tshirt'] })),
    ).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/has a space in it/) });
    expect(
      await failure(caller.admin.search.synonyms.save({ terms: ['x'.repeat(51), 'y'] })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/at most 50 characters/),
    });

    await caller.admin.search.synonyms.save({ terms: ['sneakers', 'trainers'] });
    expect(
      await failure(caller.admin.search.synonyms.save({ terms: ['trainers', 'runners'] })),
    ).toEqual({
      code: 'CONFLICT',
      message:
        '“trainers” is already in the group “sneakers, trainers”; a word can be in one group only.',
    });
    expect((await failure(caller.admin.search.synonyms.delete({ id: 987_654 }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('answers a replayed delete with NOT_FOUND and a sentence, and refuses oversized groups', async () => {
    const caller = admin(owner, { searchIndexes: [recordingIndex('postgres').engine] });
    const { group } = await caller.admin.search.synonyms.save({ terms: ['parka', 'anorak'] });
    await caller.admin.search.synonyms.delete({ id: group.id });
    expect(await failure(caller.admin.search.synonyms.delete({ id: group.id }))).toEqual({
      code: 'NOT_FOUND',
      message: `Synonym group ${group.id} does not exist (deleted meanwhile?).`,
    });
    for (const terms of [
      Array.from({ length: 101 }, (_, i) => `w${i}`),
      ['x'.repeat(100_000), 'y'],
    ]) {
      expect((await failure(caller.admin.search.synonyms.save({ terms }))).code).toBe(
        'BAD_REQUEST',
      );
    }
    expect(await caller.admin.search.synonyms.list()).toEqual([]);
  });

  it('lets owners and managers change synonyms; other staff may only read them', async () => {
    const index = recordingIndex('postgres');
    const err = await failure(
      admin(clerk, { searchIndexes: [index.engine] }).admin.search.synonyms.save({
        terms: ['sneakers', 'trainers'],
      }),
    );
    expect(err).toEqual({ code: 'FORBIDDEN', message: 'Your role does not allow settings:write.' });
    expect(index.configured).toEqual([]);
    expect(await admin(clerk).admin.search.synonyms.list()).toEqual([]);
    expect((await failure(admin(null).admin.search.synonyms.list())).code).toBe('UNAUTHORIZED');
  });
});

describe('admin.search.report', () => {
  beforeEach(async () => {
    await tdb.db.execute(sql`delete from search_queries`);
  });

  it('lists the most frequent queries and those whose latest search found nothing', async () => {
    await recordSearchQuery(tdb.db, 'Jacket', 12);
    await recordSearchQuery(tdb.db, 'jacket', 11);
    await recordSearchQuery(tdb.db, 'parka', 0);
    await tdb.db.execute(
      sql`insert into search_queries (query, results, created_at) values ('anorak', 0, now() - interval '40 days')`,
    );

    const week = await admin(clerk).admin.search.report({ days: 7 });
    expect(week.top).toMatchObject([
      { query: 'jacket', searches: 2, latestResults: 11 },
      { query: 'parka', searches: 1, latestResults: 0 },
    ]);
    expect(week.zeroResults).toMatchObject([{ query: 'parka', searches: 1 }]);
    const quarter = await admin(clerk).admin.search.report({ days: 90 });
    expect(quarter.zeroResults.map((r) => r.query)).toEqual(['parka', 'anorak']);
  });

  it('refuses a period outside 1 to 365 days and more than 200 rows with BAD_REQUEST', async () => {
    for (const days of [0, 366, 2.5]) {
      expect((await failure(admin(clerk).admin.search.report({ days }))).code).toBe('BAD_REQUEST');
    }
    for (const limit of [0, 201, 1e9]) {
      expect((await failure(admin(clerk).admin.search.report({ days: 7, limit }))).code).toBe(
        'BAD_REQUEST',
      );
    }
    expect((await failure(admin(null).admin.search.report({ days: 7 }))).code).toBe('UNAUTHORIZED');
  });
});
