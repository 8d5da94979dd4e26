import { describe, expect, it } from 'vitest';
import { cacheContract } from './contract';
import { createMemoryCache } from './memory';

cacheContract('memory', (clock) => createMemoryCache({ clock }));

describe('memory cache', () => {
  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, { ttlSeconds: 60 });
    await cache.set('b', 2, { ttlSeconds: 60 });
    await cache.get('a');
    await cache.set('c', 3, { ttlSeconds: 60 });
    expect(cache.size()).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
  });

  it('keeps at most maxChars of JSON, dropping the least recently used', async () => {
    const cache = createMemoryCache({ maxChars: 25 });
    await cache.set('a', 'x'.repeat(8), { ttlSeconds: 60 });
    await cache.set('b', 'y'.repeat(8), { ttlSeconds: 60 });
    await cache.set('c', 'z'.repeat(8), { ttlSeconds: 60 });
    expect(cache.size()).toBe(2);
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('huge', 'h'.repeat(100), { ttlSeconds: 60 });
    expect(await cache.get('huge')).toBeUndefined();
    expect(await cache.get('c')).toBe('z'.repeat(8));
  });
});
