import { cacheTags } from '@shop/core';
import { revalidateOn, sleep } from '@shop/scripts/lib/harness';
import type { Bench } from '../lib/bench';
import { storefrontCatalog } from '../lib/catalog';
import { getRaw } from '../lib/http';
import { measureAt } from '../lib/load';
import { log, round } from '../lib/log';
import { cacheRatio, readCacheCounters } from '../lib/metrics';
import { percentile } from '../lib/stats';
import { startStorefront, type RunningStorefront } from '../lib/storefront';

const CONNECTIONS = [10, 50] as const;
/** How many times each page is made cold again by revalidating the `catalog` tag. */
const REVALIDATIONS = 5;
/** Printed next to the warm p95, never checked (bench/README.md). */
const TARGET_P95_MS = 15;
const CACHE_HEADER = 'x-nextjs-cache';
const POLL_MS = 20;
const REGENERATION_LIMIT_MS = 10_000;

interface TimedGet {
  ms: number;
  cache: string;
}

/** One GET that must answer 200: its time (request to last byte) and its x-nextjs-cache. */
async function timedGet(url: string): Promise<TimedGet> {
  const started = performance.now();
  const res = await getRaw(url);
  const ms = round(performance.now() - started);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status} instead of 200.`);
  const header = res.headers[CACHE_HEADER];
  return { ms, cache: typeof header === 'string' ? header : 'none' };
}

/**
 * The first request after each of `REVALIDATIONS` signed revalidations of `catalog` (every
 * listing's tag): the Shop's data cache has dropped the listing, and Next has marked the page
 * stale, so a cached (ISR) page answers its last copy and renders again in the background, while
 * a dynamic one renders from the database. The request after it shows what that left.
 */
async function afterRevalidation(
  storefront: RunningStorefront,
  url: string,
): Promise<{
  first: number[];
  next: number[];
  regenerated: number[];
  headers: Record<string, number>;
}> {
  const first: number[] = [];
  const next: number[] = [];
  const regenerated: number[] = [];
  const headers: Record<string, number> = {};
  for (let i = 0; i < REVALIDATIONS; i++) {
    const revalidatedAt = performance.now();
    const status = await revalidateOn(storefront.base, storefront.revalidateSecret, [
      cacheTags.catalog,
    ]);
    if (status !== 200) throw new Error(`The signed /api/revalidate answered ${status}.`);
    const a = await timedGet(url);
    let b = await timedGet(url);
    first.push(a.ms);
    next.push(b.ms);
    for (const h of [`first:${a.cache}`, `next:${b.cache}`]) headers[h] = (headers[h] ?? 0) + 1;
    // A cached page served stale renders again in the background: until it answers HIT again.
    if (a.cache === 'STALE') {
      while (b.cache !== 'HIT' && performance.now() - revalidatedAt < REGENERATION_LIMIT_MS) {
        await sleep(POLL_MS);
        b = await timedGet(url);
      }
      if (b.cache === 'HIT') regenerated.push(round(performance.now() - revalidatedAt));
    }
  }
  const sorted = (list: number[]) => list.sort((x, y) => x - y);
  return { first: sorted(first), next: sorted(next), regenerated: sorted(regenerated), headers };
}

/**
 * Listing pages of the storefront: a category page (cached, ISR), the same category sorted by
 * price (a query string: rendered per request from the Shop's data cache) and a search results
 * page (per request, no cache), each cold and warm, with the cache hit ratio the storefront's
 * metrics count during the warm runs.
 */
export const listingBench: Bench = {
  name: 'listing',
  description: 'cold and warm latency of /us/c/<handle>, its ?sort= variant and /us/search',
  uses: ['seconds'],
  async run(options, emit) {
    const seconds = options.seconds ?? 10;
    const { databaseUrl, picks } = await storefrontCatalog('bench_listing', { searchIndex: true });
    const pages = [
      { page: 'category', path: `/us/c/${picks.categoryHandle}` },
      { page: 'category-sorted', path: `/us/c/${picks.categoryHandle}?sort=price_asc` },
      { page: 'search', path: `/us/search?q=${encodeURIComponent(picks.searchWord)}` },
    ];

    const storefront = await startStorefront(databaseUrl, 3200);

    // Cold: each page's first request after the start (empty data cache, no rendered page).
    for (const { page, path } of pages) {
      const first = await timedGet(`${storefront.base}${path}`);
      const second = await timedGet(`${storefront.base}${path}`);
      log(
        `  ${path}: first ${first.ms} ms (${first.cache}), second ${second.ms} ms (${second.cache})`,
      );
      emit({
        page,
        path,
        phase: 'cold-start',
        firstMs: first.ms,
        firstCache: first.cache,
        secondMs: second.ms,
        secondCache: second.cache,
      });
    }
    // Cold again, after the `catalog` tag is revalidated (what an admin edit of the catalogue does).
    for (const { page, path } of pages) {
      const r = await afterRevalidation(storefront, `${storefront.base}${path}`);
      emit({
        page,
        path,
        phase: 'cold-revalidated',
        revalidations: REVALIDATIONS,
        firstP50: percentile(r.first, 50),
        firstMax: r.first[r.first.length - 1] ?? 0,
        nextP50: percentile(r.next, 50),
        nextMax: r.next[r.next.length - 1] ?? 0,
        // Only for a page served stale: from the revalidation to the first HIT (its new render).
        ...(r.regenerated.length > 0
          ? {
              regeneratedP50: percentile(r.regenerated, 50),
              regeneratedMax: r.regenerated[r.regenerated.length - 1] ?? 0,
            }
          : {}),
        [CACHE_HEADER]: r.headers,
      });
    }

    // Warm: each page under load, the cache counters read before and after.
    for (const { page, path } of pages) {
      const before = await readCacheCounters(storefront);
      const figures = await measureAt(page, `${storefront.base}${path}`, seconds, CONNECTIONS, {
        countHeader: CACHE_HEADER,
      });
      const cache = cacheRatio(before, await readCacheCounters(storefront));
      const seen: Record<string, number> = {};
      for (const [connections, f] of figures) {
        const { headerCounts = {}, ...load } = f;
        for (const [value, n] of Object.entries(headerCounts)) seen[value] = (seen[value] ?? 0) + n;
        emit({
          page,
          path,
          phase: 'warm',
          connections,
          ...load,
          targetP95: TARGET_P95_MS,
          [CACHE_HEADER]: headerCounts,
        });
      }
      // Next's own caches (the ISR page, unstable_cache) answer before the Shop's cache is asked,
      // so its counters see only what they miss; the header says what the page cache did.
      const headed = Object.entries(seen).filter(([value]) => value !== 'none');
      const total = headed.reduce((sum, [, n]) => sum + n, 0);
      emit({
        page,
        path,
        phase: 'warm',
        cacheHitRatio: cache.hitRatio,
        cacheReads: cache.reads,
        pageHitRatio: total > 0 ? round((seen.HIT ?? 0) / total, 4) : null,
      });
    }
  },
};
