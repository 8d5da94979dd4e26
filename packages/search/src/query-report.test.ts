import { CommerceError } from '@shop/core';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordSearchQuery } from './query-log';
import { topQueries, zeroResultQueries } from './query-report';

let tdb: TestDatabase;
const now = new Date('2026-03-31T12:00:00.000Z');
const DAY = 86_400_000;

beforeAll(async () => {
  tdb = await createTestDatabase('search_report');
});
afterAll(async () => {
  await tdb.drop();
});
beforeEach(async () => {
  await tdb.db.execute(sql`delete from search_queries`);
});

/** One logged search, `daysAgo` days before `now` (fractions allowed). */
async function searched(query: string, results: number, daysAgo: number) {
  const at = new Date(now.getTime() - daysAgo * DAY).toISOString();
  await tdb.db.execute(
    sql`insert into search_queries (query, results, created_at) values (${query}, ${results}, ${at}::timestamptz)`,
  );
}

describe('topQueries', () => {
  it('counts searches per query, most searched first, with the last time and latest results', async () => {
    await searched('jacket', 12, 3);
    await searched('jacket', 10, 1);
    await searched('jacket', 11, 2);
    await searched('boots', 4, 0.5);
    await searched('boots', 5, 6);
    await searched('scarf', 0, 0.1);

    const rows = await topQueries(tdb.db, { days: 7, limit: 10, now });
    expect(rows).toEqual([
      {
        query: 'jacket',
        searches: 3,
        lastSearchedAt: new Date(now.getTime() - DAY),
        latestResults: 10,
      },
      {
        query: 'boots',
        searches: 2,
        lastSearchedAt: new Date(now.getTime() - 0.5 * DAY),
        latestResults: 4,
      },
      {
        query: 'scarf',
        searches: 1,
        lastSearchedAt: new Date(now.getTime() - 0.1 * DAY),
        latestResults: 0,
      },
    ]);
  });

  it('counts only the period: 7 days leaves out what 30 days takes in', async () => {
    await searched('jacket', 3, 1);
    await searched('jacket', 3, 10);
    await searched('jacket', 3, 40);
    await searched('gloves', 2, 20);
    await searched('later', 2, -1); // after `now`: not in any period ending now

    expect(await topQueries(tdb.db, { days: 7, limit: 10, now })).toMatchObject([
      { query: 'jacket', searches: 1 },
    ]);
    expect(await topQueries(tdb.db, { days: 30, limit: 10, now })).toMatchObject([
      { query: 'jacket', searches: 2 },
      { query: 'gloves', searches: 1 },
    ]);
    expect(await topQueries(tdb.db, { days: 90, limit: 10, now })).toMatchObject([
      { query: 'jacket', searches: 3 },
      { query: 'gloves', searches: 1 },
    ]);
  });

  it('returns at most `limit` rows, ties broken by the most recent', async () => {
    await searched('older', 1, 3);
    await searched('newer', 1, 1);
    await searched('newest', 1, 0.5);
    expect((await topQueries(tdb.db, { days: 7, limit: 2, now })).map((r) => r.query)).toEqual([
      'newest',
      'newer',
    ]);
  });

  it('reads what recordSearchQuery wrote (lower case, one row per search)', async () => {
    await recordSearchQuery(tdb.db, 'Denim Jacket', 7);
    await recordSearchQuery(tdb.db, 'denim jacket', 6);
    expect(await topQueries(tdb.db, { days: 7, limit: 10 })).toMatchObject([
      { query: 'denim jacket', searches: 2, latestResults: 6 },
    ]);
  });

  it.each([
    [{ days: 0, limit: 10 }, /period/],
    [{ days: 366, limit: 10 }, /period/],
    [{ days: 1.5, limit: 10 }, /period/],
    [{ days: 7, limit: 0 }, /from 1 to 200/],
    [{ days: 7, limit: 201 }, /from 1 to 200/],
  ])('refuses %j with INVALID_INPUT', async (params, message) => {
    const err = await topQueries(tdb.db, params).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommerceError);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(message) });
  });
});

describe('zeroResultQueries', () => {
  it('lists queries whose latest search found nothing, most searched first', async () => {
    await searched('parka', 0, 2);
    await searched('parka', 0, 1);
    await searched('anorak', 0, 0.5);
    await searched('jacket', 5, 1);
    // Found nothing once, then something (a synonym or a new product): no longer a gap.
    await searched('gilet', 0, 3);
    await searched('gilet', 2, 1);
    // Found something once, nothing since (sold out of the index): a gap now.
    await searched('poncho', 4, 3);
    await searched('poncho', 0, 1);

    const rows = await zeroResultQueries(tdb.db, { days: 7, limit: 10, now });
    expect(rows).toEqual([
      {
        query: 'parka',
        searches: 2,
        lastSearchedAt: new Date(now.getTime() - DAY),
        latestResults: 0,
      },
      {
        query: 'poncho',
        searches: 2,
        lastSearchedAt: new Date(now.getTime() - DAY),
        latestResults: 0,
      },
      {
        query: 'anorak',
        searches: 1,
        lastSearchedAt: new Date(now.getTime() - 0.5 * DAY),
        latestResults: 0,
      },
    ]);
  });

  it('judges by the latest search inside the period only', async () => {
    await searched('parka', 0, 20);
    await searched('parka', 3, 40);
    await searched('parka', 3, 100);
    expect(await zeroResultQueries(tdb.db, { days: 7, limit: 10, now })).toEqual([]);
    expect(await zeroResultQueries(tdb.db, { days: 30, limit: 10, now })).toMatchObject([
      { query: 'parka', searches: 1 },
    ]);
    expect(await zeroResultQueries(tdb.db, { days: 90, limit: 10, now })).toMatchObject([
      { query: 'parka', searches: 2, latestResults: 0 },
    ]);
  });
});
