import type { Cache, CacheEntryOptions, Clock } from '@shop/core';

interface Entry {
  /** The value as JSON text: a caller can never change what another caller reads. */
  json: string;
  freshUntil: number;
  staleUntil: number;
  tags: readonly string[];
}

export interface MemoryCacheOptions {
  /** Entries kept at most; the least recently used goes first (default 10,000). */
  maxEntries?: number;
  /** Characters of JSON kept at most, over all entries (default 32 Mi, about 64 MiB of strings). */
  maxChars?: number;
  clock?: Pick<Clock, 'now'>;
  /** Called once per `wrap` caller with what it got (the cache hit ratio, `@shop/observability`). */
  onRead?: (result: CacheRead) => void;
}

/** What a `wrap` caller got: a fresh entry, nothing (a load), or a stale entry being refreshed. */
export type CacheRead = 'hit' | 'miss' | 'stale';

/**
 * The in-process adapter of the cache port (the default): a least-recently-used map with TTL,
 * stale-while-revalidate, tags and one load per key at a time. Each process has its own, so an
 * invalidation reaches only the process that makes it; a cache shared by replicas is the Redis
 * adapter's job.
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache & { size(): number } {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxChars = options.maxChars ?? 32 * 1024 * 1024;
  let chars = 0;
  const now = () => (options.clock ? options.clock.now().getTime() : Date.now());
  const entries = new Map<string, Entry>();
  const byTag = new Map<string, Set<string>>();
  const loading = new Map<string, Promise<unknown>>();
  /** Tags of the loads in flight, so an invalidation also voids a load that has not landed. */
  const loadingTags = new Map<string, readonly string[]>();
  /** Bumped per key by delete and invalidation, so a load that started before one is not stored. */
  const generation = new Map<string, number>();

  const forget = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    chars -= entry.json.length;
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  };
  const bump = (key: string) => generation.set(key, (generation.get(key) ?? 0) + 1);

  const read = (key: string): { entry: Entry; fresh: boolean } | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    const at = now();
    if (at >= entry.staleUntil) {
      forget(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks the entry most recently used.
    entries.delete(key);
    entries.set(key, entry);
    return { entry, fresh: at < entry.freshUntil };
  };

  const write = (key: string, value: unknown, opts: CacheEntryOptions) => {
    forget(key);
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      return; // Not JSON data (a bigint, a cycle): served, not cached; the cache never fails a caller.
    }
    if (json === undefined || json.length > maxChars) return;
    const at = now();
    const freshUntil = at + opts.ttlSeconds * 1000;
    const tags = [...new Set(opts.tags ?? [])];
    entries.set(key, {
      json,
      freshUntil,
      staleUntil: freshUntil + (opts.staleSeconds ?? 0) * 1000,
      tags,
    });
    for (const tag of tags) {
      let keys = byTag.get(tag);
      if (!keys) byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    chars += json.length;
    while (entries.size > maxEntries || chars > maxChars) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      forget(oldest);
    }
  };

  /** One load per key; stores the result unless the key was deleted or invalidated meanwhile. */
  const load = <T>(key: string, opts: CacheEntryOptions, fn: () => Promise<T>): Promise<T> => {
    const running = loading.get(key);
    if (running) return running as Promise<T>;
    const started = generation.get(key) ?? 0;
    loadingTags.set(key, opts.tags ?? []);
    const promise = (async () => {
      try {
        const value = await fn();
        if ((generation.get(key) ?? 0) === started) write(key, value, opts);
        return value;
      } finally {
        loading.delete(key);
        loadingTags.delete(key);
      }
    })();
    loading.set(key, promise);
    return promise;
  };

  return {
    size: () => entries.size,
    get<T>(key: string) {
      const hit = read(key);
      return Promise.resolve(hit?.fresh ? (JSON.parse(hit.entry.json) as T) : undefined);
    },
    set(key, value, opts) {
      bump(key);
      write(key, value, opts);
      return Promise.resolve();
    },
    delete(key) {
      bump(key);
      forget(key);
      return Promise.resolve();
    },
    invalidateTags(tags) {
      const dropped = new Set(tags);
      for (const tag of dropped) {
        for (const key of [...(byTag.get(tag) ?? [])]) {
          bump(key);
          forget(key);
        }
      }
      for (const [key, keyTags] of loadingTags) {
        if (keyTags.some((tag) => dropped.has(tag))) bump(key);
      }
      return Promise.resolve();
    },
    async wrap<T>(key: string, opts: CacheEntryOptions, fn: () => Promise<T>): Promise<T> {
      const hit = read(key);
      options.onRead?.(hit ? (hit.fresh ? 'hit' : 'stale') : 'miss');
      if (hit) {
        if (!hit.fresh) {
          // Stale: answer now, refresh once in the background; a failed refresh keeps the entry.
          void load(key, opts, fn).catch(() => undefined);
        }
        return JSON.parse(hit.entry.json) as T;
      }
      return load(key, opts, fn);
    },
  };
}
