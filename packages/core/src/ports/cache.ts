/**
 * The cache port: a shared store for read results, keyed by string and invalidated by tag (the
 * same tags the storefront's pages carry: `catalog`, `product:<id>`, `product-handle:<h>`, …,
 * see `cacheTagsForEvent`). Adapters: the in-process LRU of `@shop/cache` (the default); Redis
 * through @upstash/redis joins as a second adapter.
 *
 * The contract every adapter keeps: a cache is never the truth. A failing cache reads as a miss
 * and drops writes; it never fails the caller. Values are plain JSON data.
 */
export interface Cache {
  /** The stored value, or undefined on a miss (also when the entry is stale or the cache fails). */
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, options: CacheEntryOptions): Promise<void>;
  delete(key: string): Promise<void>;
  /** Drops every entry carrying any of `tags`; the next read of each is a miss. */
  invalidateTags(tags: readonly string[]): Promise<void>;
  /**
   * Read-through: the cached value when fresh; on a miss, `load()` once per key however many
   * callers ask at the same time (one miss under load is one database read), stored with
   * `options`. A stale entry (past `ttlSeconds`, within `staleSeconds`) is answered at once
   * while one background `load()` refreshes it. A `load()` that throws is not cached.
   */
  wrap<T>(key: string, options: CacheEntryOptions, load: () => Promise<T>): Promise<T>;
}

export interface CacheEntryOptions {
  /** Seconds an entry is fresh. */
  ttlSeconds: number;
  /** Seconds after that during which the entry is still served while it refreshes (default 0). */
  staleSeconds?: number;
  /** Tags that `invalidateTags` drops the entry by. */
  tags?: readonly string[];
}
