import { describe, expect, it } from 'vitest';
import { createConfiguredCache } from './configured';

describe('createConfiguredCache', () => {
  it('is the in-process LRU without Redis', async () => {
    const cache = createConfiguredCache({ redis: null, databaseUrl: 'postgres://x/shop' });
    expect('size' in cache).toBe(true);
    expect(await cache.wrap('k', { ttlSeconds: 60 }, async () => 1)).toBe(1);
  });

  it('is one instance per database in a process (every bundle of a Next app shares it), another for another database', () => {
    const one = createConfiguredCache({ redis: null, databaseUrl: 'postgres://x/one' });
    expect(createConfiguredCache({ redis: null, databaseUrl: 'postgres://x/one' })).toBe(one);
    expect(createConfiguredCache({ redis: null, databaseUrl: 'postgres://x/two' })).not.toBe(one);
  });

  it("is the Redis driver with Redis, keyed by the database's name (a dead Redis still answers)", async () => {
    const calls: string[] = [];
    const fetchBefore = globalThis.fetch;
    globalThis.fetch = (async (_url: unknown, init?: RequestInit) => {
      calls.push(String(init?.body));
      throw new Error('connect ECONNREFUSED');
    }) as typeof fetch;
    try {
      const cache = createConfiguredCache({
        redis: { url: 'http://127.0.0.1:1', token: 't' },
        databaseUrl: 'postgres://u:p@db:5432/shop_e2e?sslmode=disable',
        log: () => undefined,
      });
      expect('size' in cache).toBe(false);
      expect(await cache.wrap('k', { ttlSeconds: 60 }, async () => 'db')).toBe('db');
      expect(calls[0]).toContain('shop:shop_e2e:c:k');
    } finally {
      globalThis.fetch = fetchBefore;
    }
  });
});
