import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixedClock, type Cache } from '@shop/core';
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from './memory';
import ShopNextCacheHandler, {
  createPageCache,
  type PageCache,
  type PageCacheEntry,
  type PageCacheValue,
} from './next-cache-handler';
import { createRedisCache, upstashCommands } from './redis';
import { createRedisClient } from './redis-client';
import { closedPort, fakeRedis, testRedisBridge } from './testing';

const quiet = { log: () => undefined };
const YEAR = 31_536_000;
const BUILD = 'build-1';

type Clock = ReturnType<typeof fixedClock>;

/** Two replicas' page caches over one store, and a way to write under an entry's key behind their back. */
interface Setup {
  replicas: (options?: { buildId?: string; maxEntryBytes?: number }) => [PageCache, PageCache];
  /** Writes `raw` where the entry of Next's `key` lives: a value (through the port) or, with `text`, raw text. */
  writeRaw: (key: string, raw: { value: unknown } | { text: string }) => Promise<void>;
}

function appPage(title: string, tags = 'product:1,_N_T_/us/p/shirt'): PageCacheValue {
  return {
    kind: 'APP_PAGE',
    html: `<html><h1>${title} — “quoted” ü</h1></html>`,
    rscData: Buffer.from([0, 1, 2, 255, 254]),
    headers: { 'x-next-cache-tags': tags, 'x-custom': ['a', 'b'] },
    postponed: undefined,
    status: 200,
    segmentData: new Map([
      ['/_tree', Buffer.from('tree \u0000 bytes')],
      ['/us/p/shirt.segment', Buffer.from([9, 8, 7])],
    ]),
  };
}

/** The entry's write time as served; a miss fails the test. */
function lastModified(entry: PageCacheEntry | null): number {
  if (!entry) throw new Error('expected an entry, got a miss');
  return entry.lastModified;
}

/** A well-formed stored page, for variants with one field broken. */
function appPageStored() {
  return {
    kind: 'APP_PAGE',
    html: 'PHA+',
    rscData: null,
    headers: null,
    postponed: null,
    status: 200,
    segmentData: null,
  };
}

const pageCtx = { cacheControl: { revalidate: 3600, expire: YEAR } };
const pageGet = { kind: 'APP_PAGE', isFallback: false };

function fetchValue(body: string): PageCacheValue {
  return {
    kind: 'FETCH',
    data: { headers: {}, body, url: '', status: 200 },
    revalidate: 3600,
  };
}

function pageCacheContract(name: string, makeSetup: (clock: Clock) => Setup) {
  describe(`page cache over ${name}`, () => {
    const start = () => {
      const clock = fixedClock(new Date('2026-06-01T00:00:00Z'));
      return { clock, ...makeSetup(clock) };
    };

    it('a page one replica stores is served by the other, bytes, segments, headers and lifetime intact', async () => {
      const { clock, replicas } = start();
      const [a, b] = replicas();
      const value = appPage('Shirt');
      await a.set('/route-cache/app-page/x/$/us/p/shirt', value, pageCtx);
      clock.advance(1_000);
      const got = await b.get('/route-cache/app-page/x/$/us/p/shirt', pageGet);
      expect(got).toEqual({
        lastModified: clock.now().getTime() - 1_000,
        cacheControl: pageCtx.cacheControl,
        value,
      });
      expect(got?.value?.kind === 'APP_PAGE' && Buffer.isBuffer(got.value.rscData)).toBe(true);
      expect(await b.get('/other', pageGet)).toBeNull();
    });

    it("revalidateTag(tag, 'max') on one replica makes the other's page stale (served, regenerated), and the regenerated page fresh on both", async () => {
      const { clock, replicas } = start();
      const [a, b] = replicas();
      await a.set('/p', appPage('Old'), pageCtx);
      clock.advance(1_000);
      await a.revalidateTag('product:1', { expire: YEAR });
      clock.advance(1_000);
      const now = clock.now().getTime();
      const stale = await b.get('/p', pageGet);
      // Stale for Next: written longer ago than its revalidate period, still within expire.
      expect(stale?.value).toEqual(appPage('Old'));
      expect(lastModified(stale) + 3600 * 1000).toBeLessThan(now);
      expect(lastModified(stale) + YEAR * 1000).toBeGreaterThan(now);
      // B regenerates it in the background: from then on both serve the new page as fresh.
      await b.set('/p', appPage('New'), pageCtx);
      clock.advance(1_000);
      for (const replica of [a, b]) {
        const fresh = await replica.get('/p', pageGet);
        expect(fresh?.value).toEqual(appPage('New'));
        expect(lastModified(fresh)).toBe(now);
      }
      // A tag the page does not carry changes nothing.
      await b.revalidateTag('product:2', { expire: YEAR });
      expect(lastModified(await a.get('/p', pageGet))).toBe(now);
    });

    it('revalidateTag without durations (or expire 0) expires at once: the next get on any replica is a miss; a later expiry turns stale, then a miss', async () => {
      const { clock, replicas } = start();
      const [a, b] = replicas();
      await a.set('/p', appPage('Old'), pageCtx);
      await a.set('/q', appPage('Old'), pageCtx);
      await a.set('/r', appPage('Old', 'collection:3'), pageCtx);
      clock.advance(1_000);
      await a.revalidateTag(['_N_T_/us/p/shirt']);
      expect(await b.get('/p', pageGet)).toBeNull();
      expect(await a.get('/q', pageGet)).toBeNull();
      await b.set('/p', appPage('New'), pageCtx);
      clock.advance(1_000);
      expect((await a.get('/p', pageGet))?.value).toEqual(appPage('New'));

      await b.revalidateTag('collection:3', { expire: 0 });
      expect(await a.get('/r', pageGet)).toBeNull();

      await a.set('/r', appPage('Again', 'collection:3'), pageCtx);
      clock.advance(1_000);
      await b.revalidateTag('collection:3', { expire: 10 });
      clock.advance(1_000);
      const stale = await a.get('/r', pageGet);
      expect(lastModified(stale) + 3600 * 1000).toBeLessThan(clock.now().getTime());
      clock.advance(10_000);
      expect(await a.get('/r', pageGet)).toBeNull();
    });

    it("unstable_cache entries: their own tags and the page's soft tags given at get decide, on every replica", async () => {
      const { clock, replicas } = start();
      const [a, b] = replicas();
      const fetchGet = {
        kind: 'FETCH',
        revalidate: 3600,
        tags: ['catalog'],
        softTags: ['_N_T_/layout', '_N_T_/us/p/shirt'],
      };
      await a.set('k1', fetchValue('"one"'), { fetchCache: true, tags: ['catalog'] });
      clock.advance(1_000);
      const got = await b.get('k1', fetchGet);
      expect(got?.value).toEqual({ ...fetchValue('"one"'), tags: ['catalog'] });
      expect(lastModified(got)).toBe(clock.now().getTime() - 1_000);
      // Read as a page, a data entry is a miss (and the other way round).
      expect(await b.get('k1', pageGet)).toBeNull();
      await a.set('/p', appPage('x'), pageCtx);
      expect(await b.get('/p', fetchGet)).toBeNull();

      await a.revalidateTag('_N_T_/us/p/shirt', { expire: YEAR });
      clock.advance(1_000);
      const stale = await b.get('k1', fetchGet);
      expect(stale?.value).toEqual({ ...fetchValue('"one"'), tags: ['catalog'] });
      expect((clock.now().getTime() - lastModified(stale)) / 1000).toBeGreaterThan(3600);
      // The same entry read without that soft tag (another page's call) is still fresh.
      expect(lastModified(await b.get('k1', { ...fetchGet, softTags: [] }))).toBe(
        lastModified(got),
      );
      await b.revalidateTag('_N_T_/layout');
      expect(await a.get('k1', fetchGet)).toBeNull();
      // The entry's stored tags count even when the caller names none.
      await a.set('k2', fetchValue('"two"'), { fetchCache: true, tags: ['catalog'] });
      clock.advance(1_000);
      await b.revalidateTag('catalog');
      expect(await a.get('k2', { kind: 'FETCH', revalidate: 3600 })).toBeNull();
    });

    it('a malformed entry is a miss, never a throw, and the next render overwrites it', async () => {
      const { replicas, writeRaw } = start();
      const [a, b] = replicas();
      const bad: ({ value: unknown } | { text: string })[] = [
        { value: 'a string' },
        { value: { f: 1, at: 'yesterday', v: null } },
        { value: { f: 2, at: 1, v: null } },
        { value: { f: 1, at: 1, v: { kind: 'APP_PAGE', html: 'not base64!', headers: {} } } },
        {
          value: { f: 1, at: 1, v: { kind: 'APP_ROUTE', body: 'AAAA', status: 'ok', headers: {} } },
        },
        { value: { f: 1, at: 1, v: { kind: 'IMAGE', buffer: 'AAAA' } } },
        {
          value: { f: 1, at: 1, v: { kind: 'APP_ROUTE', body: 'ab*d', status: 200, headers: {} } },
        },
        {
          value: {
            f: 1,
            at: 1,
            v: { ...appPageStored(), segmentData: [['/_tree', 'AA==AA==']] },
          },
        },
        {
          value: { f: 1, at: 1, v: { kind: 'FETCH', data: { body: 1 }, tags: [], revalidate: 1 } },
        },
        { text: '{"v": not json' },
      ];
      for (const raw of bad) {
        await writeRaw('/p', raw);
        await expect(b.get('/p', pageGet)).resolves.toBeNull();
        await expect(b.get('/p', { kind: 'FETCH', revalidate: 60 })).resolves.toBeNull();
        await a.set('/p', appPage('Rendered'), pageCtx);
        expect((await b.get('/p', pageGet))?.value).toEqual(appPage('Rendered'));
      }
    });

    it('a route handler body and a not-found (null) entry round-trip; an entry over the size limit is served but not stored', async () => {
      const { replicas } = start();
      const [a, b] = replicas({ maxEntryBytes: 4_096 });
      const route: PageCacheValue = {
        kind: 'APP_ROUTE',
        body: Buffer.from('{"ok":true}'),
        status: 201,
        headers: { 'content-type': 'application/json' },
      };
      await a.set('/api/x', route, pageCtx);
      expect((await b.get('/api/x', { kind: 'APP_ROUTE' }))?.value).toEqual(route);
      await a.set('/missing', null, pageCtx);
      expect((await b.get('/missing', pageGet))?.value).toBeNull();

      await a.set('/big', appPage('small'), pageCtx);
      expect(await b.get('/big', pageGet)).not.toBeNull();
      await a.set('/big', appPage('x'.repeat(5_000)), pageCtx);
      expect(await b.get('/big', pageGet)).toBeNull();
    });

    it("another build's entries are never read (a rolling deploy), but tag revalidations reach every build", async () => {
      const { clock, replicas } = start();
      const [a] = replicas();
      const [next] = replicas({ buildId: 'build-2' });
      await a.set('/p', appPage('Old build'), pageCtx);
      expect(await next.get('/p', pageGet)).toBeNull();
      await next.set('/p', appPage('New build'), pageCtx);
      clock.advance(1_000);
      await next.revalidateTag('product:1');
      expect(await a.get('/p', pageGet)).toBeNull();
    });
  });
}

/** Each `replicas()` call: two page caches, each over its own driver instance when `twin` makes one. */
function setupOver(clock: Clock, store: () => Cache, writeRaw: Setup['writeRaw']): Setup {
  return {
    replicas: (options = {}) => {
      const make = () =>
        createPageCache({
          cache: store(),
          buildId: options.buildId ?? BUILD,
          now: () => clock.now().getTime(),
          ...options,
          ...quiet,
        });
      return [make(), make()];
    },
    writeRaw,
  };
}

pageCacheContract('one in-process LRU', (clock) => {
  const lru = createMemoryCache({ clock });
  return setupOver(
    clock,
    () => lru,
    async (key, raw) => {
      await lru.set(`next:${BUILD}:${key}`, 'value' in raw ? raw.value : raw.text, {
        ttlSeconds: 60,
      });
    },
  );
});

const bridge = testRedisBridge();

describe.skipIf(!bridge)(
  'page cache over redis through the REST bridge (skipped only when SHOP_TEST_REDIS_REST_URL is unset: redis-server is not installed)',
  () => {
    pageCacheContract('redis through the REST bridge, one driver per replica', (clock) => {
      if (!bridge) throw new Error('no bridge');
      const prefix = `test:${randomUUID()}:`;
      const driver = () =>
        createRedisCache(upstashCommands(createRedisClient(bridge)), {
          clock,
          prefix,
          timeoutMs: 2_000,
          ...quiet,
        });
      const raw = createRedisClient(bridge);
      const writer = driver();
      return setupOver(clock, driver, async (key, value) => {
        if ('text' in value) await raw.set(`${prefix}c:next:${BUILD}:${key}`, value.text);
        else await writer.set(`next:${BUILD}:${key}`, value.value, { ttlSeconds: 60 });
      });
    });
  },
);

describe('page cache when Redis is down', () => {
  it('with the SDK pointed at a closed port: gets are misses, sets and revalidations are dropped, nothing throws', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const pages = createPageCache({
      cache: createRedisCache(
        upstashCommands(createRedisClient({ url: `http://127.0.0.1:${port}`, token: 'unused' })),
        { timeoutMs: 250, log: () => undefined },
      ),
      buildId: BUILD,
      log: (line) => lines.push(line),
    });
    const started = performance.now();
    await expect(pages.set('/p', appPage('x'), pageCtx)).resolves.toBeUndefined();
    await expect(pages.get('/p', pageGet)).resolves.toBeNull();
    await expect(pages.revalidateTag('product:1', { expire: YEAR })).resolves.toBeUndefined();
    await expect(pages.get('/p', pageGet)).resolves.toBeNull();
    expect(performance.now() - started).toBeLessThan(10 * 250);
    expect(lines.join('\n')).toMatch(/did not reach the cache store/);
  });

  it('a revalidation made while Redis is down is replayed once it answers, so the other replica sees it then', async () => {
    const clock = fixedClock(new Date('2026-06-01T00:00:00Z'));
    const redis = fakeRedis(() => clock.now().getTime());
    const driver = () =>
      createRedisCache(redis.commands, { clock, failureThreshold: 100, ...quiet });
    const now = () => clock.now().getTime();
    const a = createPageCache({ cache: driver(), buildId: BUILD, now, ...quiet });
    const b = createPageCache({ cache: driver(), buildId: BUILD, now, ...quiet });
    await b.set('/p', appPage('Old'), pageCtx);
    clock.advance(1_000);
    redis.setMode('down');
    await a.revalidateTag('product:1');
    expect(await b.get('/p', pageGet)).toBeNull(); // Redis down: a miss anyway.
    redis.setMode('up');
    // Before A's next read reaches the store, B still has the old page: the tag never got there.
    expect(await b.get('/p', pageGet)).not.toBeNull();
    await a.get('/anything', pageGet);
    expect(await b.get('/p', pageGet)).toBeNull();
  });
});

describe('the class Next instantiates', () => {
  it('makes one page cache per process and build (Next makes a handler per request), keyed by .next/BUILD_ID, and honours the revalidated tags of its request', async () => {
    const dist = await fs.mkdtemp(path.join(os.tmpdir(), 'next-dist-'));
    await fs.mkdir(path.join(dist, 'server'));
    await fs.writeFile(path.join(dist, 'BUILD_ID'), `build-${randomUUID()}\n`);
    const serverDistDir = path.join(dist, 'server');
    const first = new ShopNextCacheHandler({ serverDistDir });
    await first.set('/p', appPage('Shared'), pageCtx);
    await first.set('k', fetchValue('"data"'), { fetchCache: true, tags: ['catalog'] });
    const second = new ShopNextCacheHandler({ serverDistDir });
    expect((await second.get('/p', pageGet))?.value).toEqual(appPage('Shared'));
    const fetchGet = { kind: 'FETCH', revalidate: 60, tags: ['catalog'] };
    expect(await second.get('k', fetchGet)).not.toBeNull();
    const told = new ShopNextCacheHandler({ serverDistDir, revalidatedTags: ['catalog'] });
    expect(await told.get('k', fetchGet)).toBeNull();
    expect(await told.get('/p', pageGet)).not.toBeNull();
    // Another build directory (another build id) sees none of it.
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'next-dist-'));
    await fs.writeFile(path.join(other, 'BUILD_ID'), 'another-build');
    expect(
      await new ShopNextCacheHandler({ serverDistDir: path.join(other, 'server') }).get(
        '/p',
        pageGet,
      ),
    ).toBeNull();
    await fs.rm(dist, { recursive: true });
    await fs.rm(other, { recursive: true });
  });
});
