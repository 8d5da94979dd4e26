import type { Cache } from '@shop/core';

/** Matches the pages' `revalidate`: a page and its data age out together. */
export const REVALIDATE_SECONDS = 3600;

/**
 * A catalog read through the Shop's cache (the cache port: Redis shared by every replica when
 * configured, else this process's LRU), under the same key and tags as the `unstable_cache`
 * around it: concurrent misses of one key make one database read per process, and a replica
 * whose page cache is cold reads what another replica already loaded. Invalidated by tag from
 * the dispatcher and, in this process, by /api/revalidate before it marks the pages stale.
 */
export function throughShopCache<T>(
  cache: Pick<Cache, 'wrap'>,
  key: readonly string[],
  tags: readonly string[],
  read: () => Promise<T>,
): Promise<T> {
  return cache.wrap(JSON.stringify(key), { ttlSeconds: REVALIDATE_SECONDS, tags }, read);
}
