import { randomUUID } from 'node:crypto';
import { fixedClock } from '@shop/core';
import { describe, expect, it } from 'vitest';
import { cacheContract, sharedCacheContract } from './contract';
import { closedPort, fakeRedis, testRedisBridge } from './testing';
import { createRedisCache, upstashCommands, type RedisCacheOptions } from './redis';
import { createRedisClient } from './redis-client';
import { createMemoryCache, type CacheRead } from './memory';

const quiet = { log: () => undefined };

/** One fake Redis per setup, the prefix given, `twin` a second driver over it. */
function overFake(clock: ReturnType<typeof fixedClock>) {
  const redis = fakeRedis(() => clock.now().getTime());
  const make = () => createRedisCache(redis.commands, { clock, ...quiet });
  return {
    cache: make(),
    twin: make,
    writeRaw: async (key: string, text: string) => {
      redis.store.set(`shop:c:${key}`, { value: text, expiresAt: Infinity });
    },
  };
}

cacheContract('redis over a fake', (clock) => overFake(clock).cache);
sharedCacheContract('redis over a fake', overFake);

/**
 * The real SDK against a real redis-server through the local REST bridge, whose URL and token
 * the test services export (tooling/services, started by the test command when redis-server
 * is installed). Each setup writes under a key prefix of its own.
 */
const bridge = testRedisBridge();

function overBridge(clock: ReturnType<typeof fixedClock>) {
  if (!bridge) throw new Error('no bridge');
  const client = createRedisClient(bridge);
  const prefix = `test:${randomUUID()}:`;
  const make = () =>
    createRedisCache(upstashCommands(client), { clock, prefix, timeoutMs: 2_000, ...quiet });
  return {
    cache: make(),
    twin: make,
    writeRaw: async (key: string, text: string) => {
      await client.set(`${prefix}c:${key}`, text);
    },
  };
}

describe.skipIf(!bridge)(
  'redis through the REST bridge (skipped only when SHOP_TEST_REDIS_REST_URL is unset: redis-server is not installed)',
  () => {
    cacheContract('redis through the bridge', (clock) => overBridge(clock).cache);
    sharedCacheContract('redis through the bridge', overBridge);
  },
);

describe('redis cache when Redis fails', () => {
  const setup = (options: RedisCacheOptions = {}) => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const redis = fakeRedis(() => clock.now().getTime());
    const lines: string[] = [];
    const cache = createRedisCache(redis.commands, {
      clock,
      timeoutMs: 50,
      failureThreshold: 3,
      cooldownMs: 5_000,
      log: (line) => lines.push(line),
      ...options,
    });
    return { clock, redis, cache, lines };
  };

  it('with the SDK pointed at a closed port, every call answers: reads fall through to load, writes and invalidations are dropped', async () => {
    const port = await closedPort();
    const client = createRedisClient({ url: `http://127.0.0.1:${port}`, token: 'unused' });
    const lines: string[] = [];
    const cache = createRedisCache(upstashCommands(client), {
      timeoutMs: 250,
      log: (line) => lines.push(line),
    });
    let loads = 0;
    const started = performance.now();
    expect(await cache.wrap('k', { ttlSeconds: 60 }, async () => ++loads)).toBe(1);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 1, { ttlSeconds: 60 });
    await cache.invalidateTags(['catalog']);
    await cache.delete('k');
    expect(await cache.wrap('k', { ttlSeconds: 60 }, async () => ++loads)).toBe(2);
    expect(performance.now() - started).toBeLessThan(6 * 250);
    expect(lines[0]).toMatch(/^redis cache: .* failed .*reads fall through to the database/);
  });

  it('a Redis that does not answer costs each read at most the timeout', async () => {
    const { redis, cache } = setup();
    redis.setMode('hang');
    const started = performance.now();
    expect(await cache.wrap('k', { ttlSeconds: 60 }, () => Promise.resolve('loaded'))).toBe(
      'loaded',
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('opens after N consecutive failures: later calls do not reach Redis until the cooldown, then one probe closes it', async () => {
    const { clock, redis, cache, lines } = setup();
    await cache.wrap('k', { ttlSeconds: 60 }, () => Promise.resolve('cached'));
    redis.setMode('down');
    const before = redis.calls;
    for (let i = 0; i < 10; i++)
      expect(await cache.wrap('k', { ttlSeconds: 60 }, () => Promise.resolve('db'))).toBe('db');
    // Three failed reads opened the breaker; the other seven never called Redis.
    expect(redis.calls - before).toBe(3);
    expect(lines).toHaveLength(2);

    clock.advance(4_999);
    await cache.get('k');
    expect(redis.calls - before).toBe(3);

    // After the cooldown one probe goes through; while Redis is still down it reopens.
    clock.advance(1);
    await Promise.all([cache.get('k'), cache.get('k'), cache.get('k')]);
    expect(redis.calls - before).toBe(4);
    await cache.get('k');
    expect(redis.calls - before).toBe(4);

    // Redis is back: the next probe closes the breaker and the entry is served again.
    redis.setMode('up');
    clock.advance(5_000);
    expect(await cache.wrap('k', { ttlSeconds: 60 }, () => Promise.resolve('db'))).toBe('cached');
    expect(lines.at(-1)).toMatch(/answers again/);
    const afterRecovery = redis.calls;
    await cache.get('k');
    expect(redis.calls).toBeGreaterThan(afterRecovery);
  });

  it('logs a failure burst once, not once per call', async () => {
    const { redis, cache, lines } = setup({ failureThreshold: 1_000 });
    redis.setMode('down');
    for (let i = 0; i < 50; i++) await cache.set(`k${i}`, i, { ttlSeconds: 60 });
    expect(lines).toHaveLength(1);
    redis.setMode('up');
    await cache.get('k');
    redis.setMode('down');
    await cache.get('k');
    expect(lines).toHaveLength(3);
  });

  it('an invalidation made while Redis was down is replayed before anything is served again', async () => {
    const { clock, redis, cache } = setup();
    const opts = { ttlSeconds: 600, tags: ['product:1'] };
    await cache.wrap('p', opts, () => Promise.resolve('old price'));
    redis.setMode('down');
    await cache.invalidateTags(['product:1']);
    redis.setMode('up');
    clock.advance(10_000);
    expect(await cache.wrap('p', opts, () => Promise.resolve('new price'))).toBe('new price');
    // Another process, which never saw the invalidation, reads the new entry too.
    const other = createRedisCache(redis.commands, { clock, ...quiet });
    expect(await other.get('p')).toBe('new price');
  });

  it('while Redis is down, concurrent misses of one key still make one load per process', async () => {
    const { redis, cache } = setup();
    redis.setMode('down');
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 'db';
    };
    const values = await Promise.all(
      Array.from({ length: 200 }, () => cache.wrap('k', { ttlSeconds: 60 }, load)),
    );
    expect(new Set(values)).toEqual(new Set(['db']));
    expect(loads).toBe(1);
  });

  it('Redis stopped in the middle of a run of reads: every read answers, and hits return once Redis is back', async () => {
    const { clock, redis, cache } = setup();
    let loads = 0;
    const read = (i: number) =>
      cache.wrap(`product:${i % 5}`, { ttlSeconds: 60, tags: ['catalog'] }, async () => {
        loads++;
        return { id: i % 5 };
      });
    const phase = async (rounds: number) => {
      const before = loads;
      for (let i = 0; i < rounds; i++) expect(await read(i)).toEqual({ id: i % 5 });
      return loads - before;
    };
    expect(await phase(50)).toBe(5); // warm: one load per key
    redis.setMode('down');
    expect(await phase(50)).toBe(50); // every read falls through, none fails
    redis.setMode('up');
    clock.advance(5_000); // the cooldown passes
    expect(await phase(50)).toBe(0); // the entries written before the outage are served again
    await cache.invalidateTags(['catalog']);
    expect(await phase(50)).toBe(5);
  });

  it('early refresh: a fresh entry read near the end of its TTL is answered and refreshed in the background', async () => {
    const { clock, cache } = setup({ earlyRefresh: 0.2 });
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    await cache.wrap('k', { ttlSeconds: 10 }, load);
    clock.advance(7_000);
    expect(await cache.wrap('k', { ttlSeconds: 10 }, load)).toBe(1);
    expect(loads).toBe(1);
    clock.advance(1_500);
    expect(await cache.wrap('k', { ttlSeconds: 10 }, load)).toBe(1);
    await expect.poll(() => cache.get('k')).toBe(2);
  });
});

describe.each([
  [
    'memory',
    (onRead: (r: CacheRead) => void, clock: ReturnType<typeof fixedClock>) =>
      createMemoryCache({ clock, onRead }),
  ],
  [
    'redis over a fake',
    (onRead: (r: CacheRead) => void, clock: ReturnType<typeof fixedClock>) =>
      createRedisCache(fakeRedis(() => clock.now().getTime()).commands, {
        clock,
        onRead,
        ...quiet,
      }),
  ],
])('onRead with the %s driver', (_name, make) => {
  it("reports each wrap caller's miss, hit or stale, concurrent callers included", async () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const seen: CacheRead[] = [];
    const cache = make((r) => seen.push(r), clock);
    const opts = { ttlSeconds: 10, staleSeconds: 60 };
    await Promise.all([1, 2, 3].map(() => cache.wrap('k', opts, () => Promise.resolve(1))));
    await cache.wrap('k', opts, () => Promise.resolve(2));
    clock.advance(11_000);
    await cache.wrap('k', opts, () => Promise.resolve(3));
    expect(seen).toEqual(['miss', 'miss', 'miss', 'hit', 'stale']);
  });
});
