import fs from 'node:fs';
import path from 'node:path';
import type { Cache } from '@shop/core';
import { createConfiguredCache } from './configured';
import { readPageCacheEnv } from './env';

/**
 * The page cache shared by the storefront's replicas: a Next.js incremental cache handler
 * (`cacheHandler` in next.config.ts, singular — the ISR pages, route handlers and
 * `unstable_cache` entries; not the `cacheHandlers` of `'use cache'`) over the cache port, so
 * the pages one replica renders are the pages every replica serves, and one `revalidateTag` on
 * any replica makes all of them regenerate.
 *
 * Next loads the file this becomes with a plain `import()` at run time (no TypeScript, no path
 * aliases): `apps/storefront/build-cache-handler.mjs` bundles it to
 * `apps/storefront/dist/next-cache-handler.mjs` before `next build`.
 *
 * What it keeps, under the cache port (`createConfiguredCache`: Redis through @upstash/redis
 * when `UPSTASH_REDIS_REST_URL` and its token are set, else this process's LRU):
 * - `next:<build id>:<Next's key>`: an entry (a page's HTML, RSC payload and segment payloads
 *   as base64, headers and status; a route handler's body; an `unstable_cache` result) with
 *   the time it was written and its cache lifetime. Keyed by build, so a page never meets
 *   another build's scripts during a rolling deploy.
 * - `next-tag:<tag>`: when the tag was last revalidated — stale from (`s`), expired from
 *   (`e`), as Next's own file-system cache keeps them in its tags manifest. Shared by every
 *   build.
 *
 * The semantics are Next's (its `FileSystemCache` and `tags-manifest`): `revalidateTag(tags,
 * { expire })` (the `max` profile the storefront uses) marks the tags stale now and expired
 * `expire` seconds from now; without durations they expire now. On `get`, an entry one of
 * whose tags (a page's `x-next-cache-tags`, an `unstable_cache` call's tags and its page's
 * implicit "soft" tags) expired after it was written is a miss (a blocking render); one marked
 * stale after it was written is answered as stale (Next serves it and regenerates it in the
 * background): its `lastModified` is moved back past its revalidate period, which is how a
 * handler tells Next "stale".
 *
 * A cache is never the truth and never fails a request: an entry that is not what this module
 * writes is a miss and the next render overwrites it; an entry over `maxEntryBytes` is served
 * but not stored; with Redis down (the driver's timeout and circuit breaker) a read is a miss
 * and a write is dropped. A tag revalidation that did not reach the store is kept and tried
 * again before this process's next read.
 */
export interface PageCacheOptions {
  cache: Cache;
  /** The build's id (`.next/BUILD_ID`): entries of other builds are never read. */
  buildId: string;
  /** Milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
  /** Characters of base64 and JSON an entry may take at most (default 768 KiB, under the REST bridge's 1 MiB body). */
  maxEntryBytes?: number;
  log?: (message: string) => void;
}

/** Seconds an entry is kept in the store at most (Next's own `expire` decides when it is served). */
const MAX_KEEP_SECONDS = 7 * 24 * 3600;
/** Seconds a tag's revalidation is remembered: longer than any entry is kept. */
const TAG_KEEP_SECONDS = MAX_KEEP_SECONDS + 24 * 3600;
const TAGS_HEADER = 'x-next-cache-tags';
const FORMAT = 1;

type Headers = Record<string, string | number | string[] | undefined>;
type Revalidate = number | false;
interface CacheControl {
  revalidate: Revalidate;
  expire: number | undefined;
}

/** The values Next hands a cache handler (`IncrementalCacheValue`), as far as this handler reads them. */
export type PageCacheValue =
  | {
      kind: 'APP_PAGE';
      html: string;
      rscData: Buffer | undefined;
      headers: Headers | undefined;
      postponed: string | undefined;
      status: number | undefined;
      segmentData: Map<string, Buffer> | undefined;
    }
  | {
      kind: 'PAGES';
      html: string;
      pageData: object;
      headers: Headers | undefined;
      status: number | undefined;
    }
  | { kind: 'APP_ROUTE'; body: Buffer; status: number; headers: Headers }
  | {
      kind: 'FETCH';
      data: { headers: Record<string, string>; body: string; url: string; status?: number };
      tags?: string[];
      revalidate: Revalidate;
    }
  | { kind: 'REDIRECT'; props: object };

export interface PageCacheGetContext {
  kind: string;
  /** Fetch entries: the revalidate period of this call, its tags and its page's implicit tags. */
  revalidate?: Revalidate;
  tags?: string[];
  softTags?: string[];
}

export interface PageCacheSetContext {
  fetchCache?: boolean;
  cacheControl?: CacheControl;
  tags?: string[];
}

export interface PageCacheEntry {
  lastModified: number;
  value: PageCacheValue | null;
  cacheControl?: CacheControl;
}

/** When a tag was revalidated: stale from `s`, expired from `e` (ms). */
interface TagState {
  s?: number;
  e?: number;
}

/** An entry as stored: plain JSON data, every byte string as base64. */
interface StoredPage {
  f: typeof FORMAT;
  at: number;
  cc?: CacheControl;
  v: Record<string, unknown> | null;
}

export interface PageCache {
  get(key: string, ctx: PageCacheGetContext): Promise<PageCacheEntry | null>;
  set(key: string, data: PageCacheValue | null, ctx: PageCacheSetContext): Promise<void>;
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>;
  resetRequestCache(): void;
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const { cache } = options;
  const now = options.now ?? Date.now;
  const maxEntryBytes = options.maxEntryBytes ?? 768 * 1024;
  const log = options.log ?? ((message: string) => console.warn(message));
  const entryKey = (key: string) => `next:${options.buildId}:${key}`;
  const tagKey = (tag: string) => `next-tag:${tag}`;
  /** Revalidations not yet seen in the store, replayed before reads; this process honours them meanwhile. */
  const pending = new Map<string, TagState>();
  let warnedSize = false;

  async function writeTag(tag: string, state: TagState): Promise<boolean> {
    await cache.set(tagKey(tag), state, { ttlSeconds: TAG_KEEP_SECONDS });
    // The port drops a failed write without a word: read it back to know it landed.
    const stored = toTagState(await cache.get(tagKey(tag)));
    return stored?.s === state.s && stored?.e === state.e;
  }

  async function flushPending(): Promise<void> {
    for (const [tag, state] of [...pending]) {
      if (await writeTag(tag, state)) pending.delete(tag);
      else return;
    }
  }

  async function tagStates(tags: readonly string[]): Promise<TagState[]> {
    const states = await Promise.all(
      tags.map(async (tag) => toTagState(await cache.get(tagKey(tag)))),
    );
    return tags.map((tag, i) => mergeTagStates(states[i], pending.get(tag)));
  }

  return {
    async get(key, ctx) {
      if (pending.size > 0) await flushPending();
      const entry = decodeEntry(await cache.get(entryKey(key)));
      if (!entry) return null;
      const { value } = entry;
      let tags: string[];
      if (value?.kind === 'FETCH') {
        if (ctx.kind !== 'FETCH') return null;
        tags = [...(ctx.tags ?? []), ...(ctx.softTags ?? []), ...(value.tags ?? [])];
      } else {
        if (ctx.kind === 'FETCH') return null;
        const header = value && 'headers' in value ? value.headers?.[TAGS_HEADER] : undefined;
        tags = typeof header === 'string' ? header.split(',') : [];
      }
      tags = [...new Set(tags.filter(Boolean))];
      if (tags.length === 0) return entry;
      const at = now();
      const states = await tagStates(tags);
      // Next's `areTagsExpired` and `areTagsStale`, against this entry's write time.
      if (states.some((s) => s.e !== undefined && s.e <= at && s.e > entry.lastModified))
        return null;
      if (!states.some((s) => s.s !== undefined && s.s > entry.lastModified)) return entry;
      // Stale: Next serves it and regenerates it in the background once its revalidate period
      // has passed, so the entry says it was written just before that.
      const revalidate =
        value?.kind === 'FETCH'
          ? ctx.revalidate || value.revalidate
          : entry.cacheControl?.revalidate;
      if (typeof revalidate !== 'number' || !(revalidate > 0)) return null;
      return { ...entry, lastModified: Math.min(entry.lastModified, at - revalidate * 1000 - 1) };
    },

    async set(key, data, ctx) {
      const cacheControl = ctx.fetchCache ? undefined : ctx.cacheControl;
      let encoded: Record<string, unknown> | null;
      if (data === null) encoded = null;
      else {
        const value = encodeValue(data, ctx);
        if (!value) return; // A kind this handler does not keep (an image): Next renders it each time.
        encoded = value;
      }
      const stored: StoredPage = {
        f: FORMAT,
        at: now(),
        ...(cacheControl && { cc: cacheControl }),
        v: encoded,
      };
      const size = JSON.stringify(stored).length;
      if (size > maxEntryBytes) {
        if (!warnedSize) {
          warnedSize = true;
          log(
            `page cache: ${key} takes ${size} bytes, over the ${maxEntryBytes}-byte limit; it is served but not stored (logged once).`,
          );
        }
        await cache.delete(entryKey(key));
        return;
      }
      const expire = cacheControl?.expire;
      const ttlSeconds =
        typeof expire === 'number' && expire > 0
          ? Math.min(expire, MAX_KEEP_SECONDS)
          : MAX_KEEP_SECONDS;
      await cache.set(entryKey(key), stored, { ttlSeconds });
    },

    async revalidateTag(tags, durations) {
      const list = [...new Set(typeof tags === 'string' ? [tags] : tags)];
      if (list.length === 0) return;
      const at = now();
      const previous = await tagStates(list);
      await Promise.all(
        list.map(async (tag, i) => {
          const state: TagState = { ...previous[i] };
          if (durations) {
            state.s = at;
            if (durations.expire !== undefined) state.e = at + durations.expire * 1000;
          } else state.e = at;
          pending.set(tag, state);
          if (await writeTag(tag, state)) pending.delete(tag);
        }),
      );
      if (pending.size > 0)
        log(
          `page cache: the revalidation of ${pending.size} tag(s) did not reach the cache store; this replica honours it and retries before its next read.`,
        );
    },

    resetRequestCache() {},
  };
}

function toTagState(raw: unknown): TagState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { s, e } = raw as Record<string, unknown>;
  const state: TagState = {};
  if (typeof s === 'number' && Number.isFinite(s)) state.s = s;
  if (typeof e === 'number' && Number.isFinite(e)) state.e = e;
  return state;
}

/** The later of two states (a pending local revalidation and what the store holds). */
function mergeTagStates(a: TagState | undefined, b: TagState | undefined): TagState {
  if (!b) return a ?? {};
  if (!a) return b;
  return (b.s ?? 0) >= (a.s ?? 0) && (b.e ?? 0) >= (a.e ?? 0) ? b : { ...a, ...b };
}

const b64 = (buffer: Buffer | Uint8Array) => Buffer.from(buffer).toString('base64');

function encodeValue(
  data: PageCacheValue,
  ctx: PageCacheSetContext,
): Record<string, unknown> | null {
  switch (data.kind) {
    case 'APP_PAGE':
      return {
        kind: data.kind,
        html: b64(Buffer.from(data.html, 'utf8')),
        rscData: data.rscData ? b64(data.rscData) : null,
        headers: data.headers ?? null,
        postponed: data.postponed ?? null,
        status: data.status ?? null,
        segmentData: data.segmentData
          ? [...data.segmentData].map(([segment, buffer]) => [segment, b64(buffer)])
          : null,
      };
    case 'PAGES':
      return {
        kind: data.kind,
        html: b64(Buffer.from(data.html, 'utf8')),
        pageData: data.pageData,
        headers: data.headers ?? null,
        status: data.status ?? null,
      };
    case 'APP_ROUTE':
      return { kind: data.kind, body: b64(data.body), status: data.status, headers: data.headers };
    case 'FETCH':
      return {
        kind: data.kind,
        data: data.data,
        tags: ctx.fetchCache ? (ctx.tags ?? []) : [],
        revalidate: data.revalidate,
      };
    case 'REDIRECT':
      return { kind: data.kind, props: data.props };
    default:
      return null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * The bytes of a base64 string, or null when it is not one. Node's decoder skips characters
 * outside the alphabet instead of failing, so a string with any is caught by the decoded length
 * falling short of what its length promises (cheaper than a regular expression over ~100 KB).
 */
function bytes(v: unknown): Buffer | null {
  if (typeof v !== 'string' || v.length % 4 !== 0) return null;
  const decoded = Buffer.from(v, 'base64');
  const padding = v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0;
  return decoded.length === (v.length / 4) * 3 - padding ? decoded : null;
}
const optional = <T>(v: unknown, check: (v: unknown) => v is T): v is T | null =>
  v === null || check(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isRevalidate = (v: unknown): v is Revalidate => v === false || isNumber(v);
const isCacheControl = (v: unknown): v is CacheControl =>
  isRecord(v) && isRevalidate(v.revalidate) && (v.expire === undefined || isNumber(v.expire));
const isHeaders = (v: unknown): v is Headers => isRecord(v);
const undef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** What `set` wrote, back as Next's values; null for anything else (a miss, overwritten by the next render). */
export function decodeEntry(raw: unknown): PageCacheEntry | null {
  if (!isRecord(raw) || raw.f !== FORMAT || !isNumber(raw.at)) return null;
  if (raw.cc !== undefined && !isCacheControl(raw.cc)) return null;
  const base = { lastModified: raw.at, ...(raw.cc !== undefined && { cacheControl: raw.cc }) };
  if (raw.v === null) return { ...base, value: null };
  const value = decodeValue(raw.v);
  return value ? { ...base, value } : null;
}

function decodeValue(v: unknown): PageCacheValue | null {
  if (!isRecord(v)) return null;
  switch (v.kind) {
    case 'APP_PAGE': {
      const html = bytes(v.html);
      const rscData = v.rscData === null ? undefined : bytes(v.rscData);
      let segmentData: Map<string, Buffer> | undefined;
      if (v.segmentData !== null) {
        if (!Array.isArray(v.segmentData)) return null;
        segmentData = new Map();
        for (const pair of v.segmentData as unknown[]) {
          const segment = Array.isArray(pair) && pair.length === 2 ? pair[0] : undefined;
          const data = Array.isArray(pair) ? bytes(pair[1]) : null;
          if (!isString(segment) || !data) return null;
          segmentData.set(segment, data);
        }
      }
      if (
        !html ||
        rscData === null ||
        !optional(v.headers, isHeaders) ||
        !optional(v.postponed, isString) ||
        !optional(v.status, isNumber)
      )
        return null;
      return {
        kind: 'APP_PAGE',
        html: html.toString('utf8'),
        rscData,
        headers: undef(v.headers),
        postponed: undef(v.postponed),
        status: undef(v.status),
        segmentData,
      };
    }
    case 'PAGES': {
      const html = bytes(v.html);
      if (
        !html ||
        !isRecord(v.pageData) ||
        !optional(v.headers, isHeaders) ||
        !optional(v.status, isNumber)
      )
        return null;
      return {
        kind: 'PAGES',
        html: html.toString('utf8'),
        pageData: v.pageData,
        headers: undef(v.headers),
        status: undef(v.status),
      };
    }
    case 'APP_ROUTE': {
      const body = bytes(v.body);
      if (!body || !isNumber(v.status) || !isHeaders(v.headers)) return null;
      return { kind: 'APP_ROUTE', body, status: v.status, headers: v.headers };
    }
    case 'FETCH': {
      const data = v.data;
      if (
        !isRecord(data) ||
        !isString(data.body) ||
        !isString(data.url) ||
        !isRecord(data.headers) ||
        !(data.status === undefined || isNumber(data.status)) ||
        !Array.isArray(v.tags) ||
        !v.tags.every(isString) ||
        !isRevalidate(v.revalidate)
      )
        return null;
      return {
        kind: 'FETCH',
        data: data as {
          headers: Record<string, string>;
          body: string;
          url: string;
          status?: number;
        },
        tags: v.tags,
        revalidate: v.revalidate,
      };
    }
    case 'REDIRECT':
      return isRecord(v.props) ? { kind: 'REDIRECT', props: v.props } : null;
    default:
      return null;
  }
}

/** The build's id from `<distDir>/BUILD_ID` beside Next's server folder; `development` when there is none yet. */
function readBuildId(serverDistDir: string | undefined): string {
  if (!serverDistDir) return 'development';
  try {
    const id = fs.readFileSync(path.join(serverDistDir, '..', 'BUILD_ID'), 'utf8').trim();
    return id || 'development';
  } catch {
    return 'development';
  }
}

/** What Next passes the handler's constructor (`CacheHandlerContext`), as far as it is read here. */
export interface NextCacheHandlerContext {
  serverDistDir?: string;
  revalidatedTags?: string[];
}

/** One page cache per build directory and process (Next makes a handler per request). */
const registry = globalThis as { [key: symbol]: Map<string, PageCache> | undefined };
const processPageCaches = (registry[Symbol.for('@shop/cache:page-caches')] ??= new Map());

function processPageCache(serverDistDir: string | undefined): PageCache {
  const id = serverDistDir ?? '';
  let pages = processPageCaches.get(id);
  if (!pages) {
    pages = createPageCache({
      cache: createConfiguredCache({ ...readPageCacheEnv(), scope: 'pages' }),
      // Read once: a process serves one build (a new build is a new process).
      buildId: readBuildId(serverDistDir),
    });
    processPageCaches.set(id, pages);
  }
  return pages;
}

/**
 * The class Next instantiates (`cacheHandler` in next.config.ts). Next makes one per request;
 * they share one page cache per process. Configured from the environment:
 * `UPSTASH_REDIS_REST_URL` / `_TOKEN` (both or neither) and `DATABASE_URL` (its database name
 * scopes the Redis keys, as for the Shop's data cache).
 */
export default class ShopNextCacheHandler {
  private readonly pages: PageCache;
  private readonly revalidatedTags: ReadonlySet<string>;

  constructor(ctx: NextCacheHandlerContext = {}) {
    this.pages = processPageCache(ctx.serverDistDir);
    this.revalidatedTags = new Set(ctx.revalidatedTags ?? []);
  }

  async get(key: string, ctx: PageCacheGetContext): Promise<PageCacheEntry | null> {
    const entry = await this.pages.get(key, ctx);
    // Minimal mode: the fetch entries of tags this request was told were revalidated are misses.
    if (entry?.value?.kind === 'FETCH' && this.revalidatedTags.size > 0) {
      const tags = [...(ctx.tags ?? []), ...(ctx.softTags ?? []), ...(entry.value.tags ?? [])];
      if (tags.some((tag) => this.revalidatedTags.has(tag))) return null;
    }
    return entry;
  }
  set(key: string, data: PageCacheValue | null, ctx: PageCacheSetContext): Promise<void> {
    return this.pages.set(key, data, ctx);
  }
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void> {
    return this.pages.revalidateTag(tags, durations);
  }
  resetRequestCache(): void {}
}
