import type { Redis } from '@upstash/redis';
import type { Cache, CacheEntryOptions, Clock } from '@shop/core';
import { createBreaker, type BreakerOptions } from './breaker';
import type { CacheRead } from './memory';
import { singleFlight } from './single-flight';

/**
 * The few Redis commands the driver uses, so that a test can stand a counting or failing fake
 * in for the SDK (`upstashCommands` adapts an `@upstash/redis` client).
 */
export interface RedisCommands {
  /** Values of `keys` in order, null where a key is absent (JSON text, or already parsed). */
  mget(keys: readonly string[]): Promise<readonly unknown[]>;
  /** SET key value PX ttlMs. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  del(key: string): Promise<void>;
  /** INCR of every key, in one round trip. */
  incr(keys: readonly string[]): Promise<void>;
}

/** The commands over an `@upstash/redis` client (`createRedisClient`): MGET, SET PX, DEL, a pipeline of INCRs. */
export function upstashCommands(redis: Redis): RedisCommands {
  return {
    mget: (keys) => redis.mget<unknown[]>(...keys),
    async set(key, value, ttlMs) {
      await redis.set(key, value, { px: ttlMs });
    },
    async del(key) {
      await redis.del(key);
    },
    async incr(keys) {
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.incr(key);
      await pipeline.exec();
    },
  };
}

export interface RedisCacheOptions extends BreakerOptions {
  /** Prefix of every key the driver writes (default `shop:`): entries `<prefix>c:<key>`, tag versions `<prefix>tv:<tag>`. */
  prefix?: string;
  /** The longest any one Redis call may take before it counts as failed (default 150 ms). */
  timeoutMs?: number;
  /**
   * Early refresh: a fresh entry read in the last `earlyRefresh` share of its TTL (default 0.1)
   * is answered and refreshed in the background, so a busy key does not go stale at all.
   * 0 turns it off.
   */
  earlyRefresh?: number;
  /** Where a failure burst and the recovery are reported, once each (the Shop's logger). */
  log?: (message: string) => void;
  clock?: Pick<Clock, 'now'>;
  /** Called once per `wrap` caller with what it got; a read Redis did not answer is a miss. */
  onRead?: (result: CacheRead) => void;
}

/** Every entry implicitly carries this tag: bumping it voids the whole cache (see `invalidateTags`). */
const EVERYTHING = '*';
/** Tags whose invalidation failed and waits to be replayed; past this many, the whole cache is voided instead. */
const MAX_PENDING_TAGS = 10_000;

/** An entry as stored: the value, its fresh-until / stale-until / written-at times (ms) and its tags' versions. */
interface StoredEntry {
  v: unknown;
  f: number;
  s: number;
  w: number;
  t: Record<string, number>;
}

const FAILED = Symbol('redis call failed');
type Outcome<T> = T | typeof FAILED;

/**
 * The shared adapter of the cache port: entries in Redis as JSON under `<prefix>c:<key>`,
 * carrying their own fresh-until and stale-until times so stale-while-revalidate works across
 * processes. Tags are versions (`<prefix>tv:<tag>`, an INCR counter): an entry records the
 * versions of its tags as they were before its value was loaded, and is a miss once any of them
 * moved, so `invalidateTags` is one INCR per tag (no key sets, no scans), and a load that began
 * before an invalidation is stored already void.
 *
 * Redis is never the truth and never fails a request: each call has a timeout, a failed read is
 * a miss that falls through to `load()`, a failed write is dropped, a failed invalidation is
 * kept and replayed before the next read once Redis answers, and a circuit breaker stops
 * calling a Redis that keeps failing (see `createBreaker`). An entry that is not what the driver
 * writes (bad JSON, another shape) is a miss and is overwritten by the next load. Concurrent
 * callers of one key in one process share one read and, on a miss, one `load()`
 * (`singleFlight`); across replicas each process loads once.
 */
export function createRedisCache(commands: RedisCommands, options: RedisCacheOptions = {}): Cache {
  const prefix = options.prefix ?? 'shop:';
  const timeoutMs = options.timeoutMs ?? 150;
  const earlyRefresh = options.earlyRefresh ?? 0.1;
  const now = () => (options.clock ? options.clock.now().getTime() : Date.now());
  const log = options.log ?? ((message: string) => console.warn(message));
  const breaker = createBreaker({ ...options, now, log });
  const flights = singleFlight();
  /** Per key, bumped by delete: a load in flight when its key is deleted is not stored. */
  const generation = new Map<string, number>();
  const pendingTags = new Set<string>();

  const entryKey = (key: string) => `${prefix}c:${key}`;
  const versionKey = (tag: string) => `${prefix}tv:${tag}`;

  /** One Redis call under the breaker and the timeout; FAILED instead of throwing. */
  async function call<T>(operation: string, run: () => Promise<T>): Promise<Outcome<T>> {
    if (!breaker.allow()) return FAILED;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      breaker.succeeded();
      return result;
    } catch (err) {
      breaker.failed(operation, err);
      return FAILED;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Replays invalidations that failed; false while they still cannot be made. */
  async function flushPending(): Promise<boolean> {
    if (pendingTags.size === 0) return true;
    const tags = [...pendingTags];
    const done = await call('invalidate', () => commands.incr(tags.map(versionKey)));
    if (done === FAILED) return false;
    for (const tag of tags) pendingTags.delete(tag);
    return true;
  }

  /** The entry and the current versions of `tags` (plus the entry's own tags), in one round trip when they match. */
  async function read(
    key: string,
    tags: readonly string[],
  ): Promise<Outcome<{ entry: StoredEntry | null; versions: Record<string, number> }>> {
    // Invalidations this process could not make come first: nothing they void may be served.
    if (!(await flushPending())) return FAILED;
    const wanted = [EVERYTHING, ...new Set(tags)];
    const values = await call('read', () =>
      commands.mget([entryKey(key), ...wanted.map(versionKey)]),
    );
    if (values === FAILED) return FAILED;
    const versions: Record<string, number> = {};
    wanted.forEach((tag, i) => (versions[tag] = toVersion(values[i + 1])));
    const entry = parseEntry(values[0]);
    if (!entry) return { entry: null, versions };
    const missing = Object.keys(entry.t).filter((tag) => !(tag in versions));
    if (missing.length > 0) {
      const more = await call('read', () => commands.mget(missing.map(versionKey)));
      if (more === FAILED) return FAILED;
      missing.forEach((tag, i) => (versions[tag] = toVersion(more[i])));
    }
    const current = Object.entries(entry.t).every(([tag, version]) => versions[tag] === version);
    return { entry: current && now() < entry.s ? entry : null, versions };
  }

  async function write(
    key: string,
    value: unknown,
    opts: CacheEntryOptions,
    versions: Record<string, number>,
  ): Promise<void> {
    const at = now();
    const fresh = at + opts.ttlSeconds * 1000;
    const stale = fresh + (opts.staleSeconds ?? 0) * 1000;
    const t: Record<string, number> = { [EVERYTHING]: versions[EVERYTHING] ?? 0 };
    for (const tag of opts.tags ?? []) t[tag] = versions[tag] ?? 0;
    let json: string;
    try {
      json = JSON.stringify({ v: value, f: fresh, s: stale, w: at, t } satisfies StoredEntry);
    } catch {
      // Not JSON data (a bigint, a cycle): served, not cached, and what was there is dropped.
      await call('delete', () => commands.del(entryKey(key)));
      return;
    }
    if (stale <= at) return;
    await call('write', () => commands.set(entryKey(key), json, stale - at));
  }

  /** Loads, and stores the value under the versions read before loading (unless the key was deleted meanwhile). */
  async function loadAndStore<T>(
    key: string,
    opts: CacheEntryOptions,
    versions: Record<string, number>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const started = generation.get(key) ?? 0;
    const value = await fn();
    if ((generation.get(key) ?? 0) === started) await write(key, value, opts, versions);
    return value;
  }

  return {
    async get<T>(key: string) {
      const found = await read(key, []);
      if (found === FAILED || !found.entry || now() >= found.entry.f) return undefined;
      return found.entry.v as T;
    },
    async set(key, value, opts) {
      generation.set(key, (generation.get(key) ?? 0) + 1);
      const found = await read(key, opts.tags ?? []);
      if (found !== FAILED) await write(key, value, opts, found.versions);
    },
    async delete(key) {
      generation.set(key, (generation.get(key) ?? 0) + 1);
      await call('delete', () => commands.del(entryKey(key)));
    },
    async invalidateTags(tags) {
      if (tags.length === 0) return;
      for (const tag of tags) pendingTags.add(tag);
      if (pendingTags.size > MAX_PENDING_TAGS) {
        pendingTags.clear();
        pendingTags.add(EVERYTHING);
      }
      // In-process loads of those tags that are in flight are voided by the versions they read.
      await flushPending();
    },
    async wrap<T>(key: string, opts: CacheEntryOptions, fn: () => Promise<T>): Promise<T> {
      // Concurrent callers of one key share the read and, on a miss, the load.
      const { value, result } = await flights.run(
        `read:${key}`,
        async (): Promise<{ value: T; result: CacheRead }> => {
          const found = await read(key, opts.tags ?? []);
          // Redis did not answer: load without storing (the entry could not be checked against
          // invalidations made while Redis was away).
          if (found === FAILED) return { value: await fn(), result: 'miss' };
          const { entry, versions } = found;
          if (!entry) return { value: await loadAndStore(key, opts, versions, fn), result: 'miss' };
          const at = now();
          const refreshFrom = entry.f - (entry.f - entry.w) * earlyRefresh;
          if (at >= entry.f || (earlyRefresh > 0 && at >= refreshFrom)) {
            // Stale, or about to be: answer now and refresh once in the background; a failed
            // refresh keeps the entry.
            void flights
              .run(`refresh:${key}`, () => loadAndStore(key, opts, versions, fn))
              .catch(() => undefined);
          }
          return { value: entry.v as T, result: at >= entry.f ? 'stale' : 'hit' };
        },
      );
      options.onRead?.(result);
      return value;
    },
  };
}

function toVersion(raw: unknown): number {
  const n = Number(raw ?? 0);
  return Number.isSafeInteger(n) ? n : -1;
}

/** What the driver wrote, or null for anything else (absent, bad JSON, another shape). */
function parseEntry(raw: unknown): StoredEntry | null {
  if (raw === null || raw === undefined) return null;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null || !('v' in value)) return null;
  const e = value as Partial<StoredEntry>;
  const times = [e.f, e.s, e.w].every((n) => typeof n === 'number' && Number.isFinite(n));
  const tags =
    typeof e.t === 'object' &&
    e.t !== null &&
    Object.values(e.t).every((n) => typeof n === 'number');
  return times && tags ? (e as StoredEntry) : null;
}
