import { fixedClock } from '@shop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
