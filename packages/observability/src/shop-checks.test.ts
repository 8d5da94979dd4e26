import { createServer } from 'node:net';
import { createMemoryCache } from '@shop/cache';
import { createDb } from '@shop/db/client';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyChecks, readyResponse } from './ready';
import { shopReadyChecks } from './shop-checks';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('ready');
});
afterAll(async () => {
  await tdb.drop();
});

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

const index = (name: string, fail = false) => ({
  name,
  scan: () => (fail ? Promise.reject(new Error(`${name} down`)) : Promise.resolve([])),
});

describe('the shop ready checks', () => {
  it('against a real database: ok, with the queue read through jobQueueHealth', async () => {
    const report = await readyChecks(
      shopReadyChecks({
        db: tdb.db,
        cache: createMemoryCache(),
        searchIndexes: [index('postgres')],
        redis: null,
      }),
    );
    expect(report.status).toBe('ok');
    expect(report.checks.database?.ok).toBe(true);
    expect(report.checks.queue).toMatchObject({ ok: true, ready: 0, oldestReadyAgeSeconds: null });
    expect(report.checks.cache).toMatchObject({ ok: true, driver: 'memory', required: false });
    expect(report.checks.search).toMatchObject({ ok: true, engines: ['postgres'] });
  });

  it('a search engine down is degraded (the shop falls back to Postgres), still 200', async () => {
    const report = await readyChecks(
      shopReadyChecks({
        db: tdb.db,
        cache: createMemoryCache(),
        searchIndexes: [index('postgres'), index('meilisearch', true)],
        redis: null,
      }),
    );
    expect(report).toMatchObject({ status: 'degraded', failed: ['search'] });
    expect(readyResponse(report).status).toBe(200);
  });

  it('a database on a closed port: 503 naming the database (and the queue it holds)', async () => {
    const port = await closedPort();
    const dead = createDb(`postgres://postgres:postgres@127.0.0.1:${port}/shop`, 1, tdb.db.driver);
    try {
      const report = await readyChecks(
        shopReadyChecks({
          db: dead,
          cache: createMemoryCache(),
          searchIndexes: [],
          redis: null,
        }),
      );
      expect(report.status).toBe('fail');
      expect(report.failed).toEqual(expect.arrayContaining(['database', 'queue']));
      expect(report.checks.database?.ok).toBe(false);
      expect(report.checks.cache?.ok).toBe(true);
      const response = readyResponse(report);
      expect(response.status).toBe(503);
      expect((await response.json()) as { failed: string[] }).toMatchObject({
        failed: expect.arrayContaining(['database']),
      });
    } finally {
      await dead.$client.end();
    }
  });

  it('Redis configured but unreachable: the cache check fails, degraded', async () => {
    const port = await closedPort();
    const report = await readyChecks(
      shopReadyChecks({
        db: tdb.db,
        cache: createMemoryCache(),
        searchIndexes: [],
        redis: { url: `http://127.0.0.1:${port}`, token: 't' },
      }),
    );
    expect(report).toMatchObject({ status: 'degraded', failed: ['cache'] });
  });
});
