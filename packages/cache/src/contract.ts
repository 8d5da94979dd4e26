import type { Cache } from '@shop/core';
import { fixedClock } from '@shop/core';
import { describe, expect, it } from 'vitest';

type TestClock = ReturnType<typeof fixedClock>;

/**
 * The expectations every adapter of the cache port meets, run against each one that can run
 * (`memory.test.ts`, `redis.test.ts` over a fake and over Redis through the REST bridge). `make` gets a clock the suite
 * moves by hand, so expiry is tested without sleeping.
 */
export function cacheContract(name: string, make: (clock: TestClock) => Promise<Cache> | Cache) {
  describe(`cache contract: ${name}`, () => {
    const setup = async () => {
      const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
      return { clock, cache: await make(clock) };
    };

    it('stores JSON values and answers a miss with undefined', async () => {
      const { cache } = await setup();
      expect(await cache.get('k')).toBeUndefined();
      await cache.set('k', { a: 1, list: [1, 2] }, { ttlSeconds: 60 });
      expect(await cache.get('k')).toEqual({ a: 1, list: [1, 2] });
      await cache.delete('k');
      expect(await cache.get('k')).toBeUndefined();
    });

    it('a caller changing what it read does not change what the next caller reads', async () => {
      const { cache } = await setup();
      await cache.set('k', { n: 1 }, { ttlSeconds: 60 });
      const first = await cache.get<{ n: number }>('k');
      if (first) first.n = 2;
      expect(await cache.get('k')).toEqual({ n: 1 });
    });

    it('expires entries after their TTL', async () => {
      const { cache, clock } = await setup();
      await cache.set('k', 'v', { ttlSeconds: 10 });
      clock.advance(9_999);
      expect(await cache.get('k')).toBe('v');
      clock.advance(1);
      expect(await cache.get('k')).toBeUndefined();
    });

    it('invalidating a tag drops every entry carrying it and no other', async () => {
      const { cache } = await setup();
      await cache.set('a', 1, { ttlSeconds: 60, tags: ['catalog', 'product:1'] });
      await cache.set('b', 2, { ttlSeconds: 60, tags: ['product:2'] });
      await cache.set('c', 3, { ttlSeconds: 60 });
      await cache.invalidateTags(['product:1']);
      expect(await cache.get('a')).toBeUndefined();
      expect(await cache.get('b')).toBe(2);
      expect(await cache.get('c')).toBe(3);
      await cache.invalidateTags(['catalog', 'product:2']);
      expect(await cache.get('b')).toBeUndefined();
    });

    it('wrap loads once for many concurrent misses of one key', async () => {
      const { cache } = await setup();
      let loads = 0;
      const load = async () => {
        loads++;
        await new Promise((resolve) => setImmediate(resolve));
        return { loads };
      };
      const results = await Promise.all(
        Array.from({ length: 50 }, () => cache.wrap('k', { ttlSeconds: 60 }, load)),
      );
      expect(loads).toBe(1);
      expect(new Set(results.map((r) => r.loads))).toEqual(new Set([1]));
      expect(await cache.wrap('k', { ttlSeconds: 60 }, load)).toEqual({ loads: 1 });
      expect(loads).toBe(1);
    });

    it('wrap does not cache a failed load', async () => {
      const { cache } = await setup();
      await expect(
        cache.wrap('k', { ttlSeconds: 60 }, () => Promise.reject(new Error('db down'))),
      ).rejects.toThrow('db down');
      expect(await cache.wrap('k', { ttlSeconds: 60 }, () => Promise.resolve('ok'))).toBe('ok');
    });

    it('wrap answers a stale entry at once and refreshes it in the background', async () => {
      const { cache, clock } = await setup();
      const opts = { ttlSeconds: 10, staleSeconds: 60 };
      await cache.wrap('k', opts, () => Promise.resolve('old'));
      clock.advance(11_000);
      let refreshed!: () => void;
      const done = new Promise<void>((resolve) => (refreshed = resolve));
      const value = await cache.wrap('k', opts, async () => {
        refreshed();
        return 'new';
      });
      expect(value).toBe('old');
      await done;
      await expect.poll(() => cache.get('k')).toBe('new');
      expect(await cache.wrap('k', opts, () => Promise.resolve('newer'))).toBe('new');
      clock.advance(71_000);
      expect(await cache.get('k')).toBeUndefined();
    });

    it('a value that is not JSON data is answered by wrap and not cached, never an error', async () => {
      const { cache } = await setup();
      let loads = 0;
      const load = () => Promise.resolve({ n: BigInt(++loads) });
      expect(await cache.wrap('k', { ttlSeconds: 60 }, load)).toEqual({ n: 1n });
      expect(await cache.wrap('k', { ttlSeconds: 60 }, load)).toEqual({ n: 2n });
      await cache.set('k', { n: 3n }, { ttlSeconds: 60 });
      expect(await cache.get('k')).toBeUndefined();
    });

    it('a load that began before an invalidation does not put the old value back', async () => {
      const { cache } = await setup();
      let release!: (v: string) => void;
      let started!: () => void;
      const loading = new Promise<void>((resolve) => (started = resolve));
      const pending = cache.wrap(
        'k',
        { ttlSeconds: 60, tags: ['t'] },
        () =>
          new Promise<string>((resolve) => {
            release = resolve;
            started();
          }),
      );
      await loading;
      await cache.invalidateTags(['t']);
      release('before the change');
      expect(await pending).toBe('before the change');
      expect(await cache.get('k')).toBeUndefined();
    });
  });
}

/** A cache over a shared store, as `sharedCacheContract` needs it. */
export interface SharedCacheSetup {
  cache: Cache;
  /** A second cache instance (another process) over the same store and key prefix. */
  twin: () => Cache;
  /** Writes `text` as is under the store key that `key` is cached at (a corrupt entry). */
  writeRaw: (key: string, text: string) => Promise<void>;
}

/** What a cache shared by processes (Redis) also promises, beyond `cacheContract`. */
export function sharedCacheContract(
  name: string,
  make: (clock: TestClock) => Promise<SharedCacheSetup> | SharedCacheSetup,
) {
  describe(`shared cache contract: ${name}`, () => {
    const setup = async () => {
      const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
      return { clock, ...(await make(clock)) };
    };

    it('a malformed entry (bad JSON, another shape) is a miss that the next load overwrites', async () => {
      const { cache, writeRaw } = await setup();
      for (const text of ['{"v": [1, 2', '"just a string"', '{"v":1,"f":"soon"}', '42']) {
        await writeRaw('k', text);
        expect(await cache.get('k')).toBeUndefined();
        let loads = 0;
        const load = () => Promise.resolve({ loads: ++loads });
        expect(await cache.wrap('k', { ttlSeconds: 60 }, load)).toEqual({ loads: 1 });
        expect(await cache.wrap('k', { ttlSeconds: 60 }, load)).toEqual({ loads: 1 });
        expect(await cache.get('k')).toEqual({ loads: 1 });
      }
    });

    it('an entry one instance writes is read by another, and a tag invalidated by either drops it for both', async () => {
      const { cache, twin } = await setup();
      const other = twin();
      const opts = { ttlSeconds: 60, tags: ['catalog', 'product:1'] };
      await cache.wrap('a', opts, () => Promise.resolve('from one'));
      await cache.wrap('b', { ttlSeconds: 60, tags: ['product:2'] }, () => Promise.resolve('b'));
      expect(await other.wrap('a', opts, () => Promise.resolve('from two'))).toBe('from one');
      await other.invalidateTags(['product:1']);
      expect(await cache.get('a')).toBeUndefined();
      expect(await cache.get('b')).toBe('b');
      expect(await cache.wrap('a', opts, () => Promise.resolve('reloaded'))).toBe('reloaded');
      await cache.invalidateTags(['catalog']);
      expect(await other.get('a')).toBeUndefined();
      expect(await other.get('b')).toBe('b');
    });

    it("stale-while-revalidate works across instances: one's entry is served stale by the other while it refreshes", async () => {
      const { cache, twin, clock } = await setup();
      const other = twin();
      const opts = { ttlSeconds: 10, staleSeconds: 60 };
      await cache.wrap('k', opts, () => Promise.resolve('old'));
      clock.advance(11_000);
      let refreshed!: () => void;
      const done = new Promise<void>((resolve) => (refreshed = resolve));
      expect(
        await other.wrap('k', opts, () => {
          refreshed();
          return Promise.resolve('new');
        }),
      ).toBe('old');
      await done;
      await expect.poll(() => cache.get('k')).toBe('new');
    });
  });
}
