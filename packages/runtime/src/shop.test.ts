import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock } from '@shop/core';
import { captureLogger } from '@shop/logger/testing';
import { renderMetrics } from '@shop/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readShopEnv } from './env';
import { createShop } from './shop';
import { openTestShop, type TestShop } from './testing';

describe('createShop', () => {
  let shop: TestShop;
  const clock = fixedClock(new Date('2026-06-01T12:00:00Z'));
  beforeAll(async () => {
    shop = await openTestShop({ prefix: 'runtime', products: 4, clock });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it("counts the cache port's reads for /api/metrics (hits, misses)", async () => {
    const count = async (result: string) => {
      const { body } = await renderMetrics();
      const line = body
        .split('\n')
        .find((l) => l.startsWith(`cache_requests_total{layer="data",result="${result}"}`));
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const [hits, misses] = [await count('hit'), await count('miss')];
    const key = `metrics-${Date.now()}`;
    await shop.cache.wrap(key, { ttlSeconds: 60 }, async () => 1);
    await shop.cache.wrap(key, { ttlSeconds: 60 }, async () => 1);
    expect(await count('miss')).toBe(misses + 1);
    expect(await count('hit')).toBe(hits + 1);
  });

  it('wires every port once: search over the read handle, cache, clock, payments', async () => {
    expect(shop.readDb).toBe(shop.db);
    expect(shop.search.engine).toBe('postgres');
    const page = await shop.search.listProducts({ region: 'us', sort: 'newest', limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const next = await shop.search.listProducts({
      region: 'us',
      sort: 'newest',
      limit: 10,
      cursor: page.nextCursor,
    });
    const ids = [...page.items, ...next.items].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(shop.clock.now().toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(shop.payments.id).toBe('test');
    expect(await shop.cache.wrap('k', { ttlSeconds: 60, tags: ['catalog'] }, async () => 1)).toBe(
      1,
    );
    await shop.cache.invalidateTags(['catalog']);
    expect(await shop.cache.get('k')).toBeUndefined();
  });

  it('builds the mail transport on first use only, once', () => {
    const first = shop.mail;
    expect(shop.mail).toBe(first);
    expect(first.describe).toMatch(/files in|SMTP/);
  });
});

describe('createShop with MEILISEARCH_HOST', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop({ prefix: 'runtime_meili', products: 4 });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('keeps both indexes in step and answers from Postgres while Meilisearch is unreachable', async () => {
    // A port the system gave out and took back: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const { logger, lines } = captureLogger();
    const env = readShopEnv({
      ...process.env,
      DATABASE_URL: shop.tdb.url,
      MEILISEARCH_HOST: `http://127.0.0.1:${port}`,
      SEARCH_TIMEOUT_MS: '500',
    });
    const withMeili = createShop(env, { poolMax: 2, logger });
    try {
      expect(withMeili.searchIndexes.map((e) => e.name)).toEqual(['postgres', 'meilisearch']);
      expect(withMeili.search.engine).toBe('meilisearch');
      const [first] = (await shop.search.listProducts({ region: 'us', sort: 'newest', limit: 1 }))
        .items;
      const response = await withMeili.search.search({
        region: 'us',
        q: first?.title ?? '',
        filters: {},
        sort: 'relevance',
        limit: 5,
        facets: false,
      });
      expect(response.engine).toBe('postgres');
      expect(response.items.map((i) => i.id)).toContain(first?.id);
      expect(lines.some((l) => /answered by postgres: meilisearch failed/.test(l.msg ?? ''))).toBe(
        true,
      );
    } finally {
      await withMeili.close();
    }
  });

  it('without it (or empty), Postgres alone', async () => {
    const env = readShopEnv({ ...process.env, DATABASE_URL: shop.tdb.url, MEILISEARCH_HOST: '' });
    const postgresOnly = createShop(env, { poolMax: 1, logger: captureLogger().logger });
    try {
      expect(postgresOnly.searchIndexes.map((e) => e.name)).toEqual(['postgres']);
      expect(postgresOnly.search.engine).toBe('postgres');
    } finally {
      await postgresOnly.close();
    }
  });
});
