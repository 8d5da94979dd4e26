import type http from 'node:http';
import { ConfigError } from '@shop/env';

/**
 * A short-lived copy of the shared pages in front of Next, inside the production server
 * (`serve-next.ts`): the same response bytes Next sent for a public, `s-maxage` page, answered
 * again for up to `ttlMs` (1 s by default) without entering Next's request pipeline, which costs
 * more than the page itself (see the origin figures in docs/deploy.md).
 *
 * What it keeps, and only that: a `GET` without any of Next's router headers (`RSC`,
 * `Next-Router-*`, `Next-Action`, `Next-Url`), `Authorization` or `Range`, outside `/api` and
 * `/_next`, answered 200 with `Cache-Control` public `s-maxage`, no `Set-Cookie`, a `Vary`
 * naming only those router headers and `Accept-Encoding` (which is part of the key), and not
 * Next's `STALE` answer (the old page it sends once while it renders the new one). Every page
 * that qualifies is a function of its URL alone, which the edge relies on as well.
 *
 * Freshness: a successful `POST /api/revalidate` (the worker's, after any change) empties it
 * before its answer leaves, so a revalidated page is never served from here; anything else is
 * at most `ttlMs` old. Bounded by `maxEntries` and `maxBytes` (oldest used first out).
 */
export interface PageMicrocacheOptions {
  /** How long a copy is answered, in ms; 0 turns the cache off. */
  ttlMs: number;
  maxEntries?: number;
  /** All bodies together. */
  maxBytes?: number;
  /** One body; a larger page is not kept. */
  maxBodyBytes?: number;
  now?: () => number;
}

export interface PageMicrocache {
  /** Wraps a request handler: answers hits itself, records what qualifies, clears on revalidation. */
  wrap(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): typeof handler;
  readonly size: number;
  clear(): void;
  readonly stats: { hits: number; misses: number; stored: number; cleared: number };
}

interface Entry {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
  expires: number;
}

/** The request headers that make Next answer something else than the page's HTML. */
const ROUTER_HEADERS = [
  'rsc',
  'next-router-state-tree',
  'next-router-prefetch',
  'next-router-segment-prefetch',
  'next-action',
  'next-url',
  'authorization',
  'range',
];
/** What a kept response may vary on: the headers above (absent from every kept request) and the encoding. */
const KEYED_VARY = new Set([...ROUTER_HEADERS, 'accept-encoding']);
/** Hop-by-hop or per-answer headers, set afresh on a hit. */
const DROPPED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export function isCacheableRequest(req: http.IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = req.url ?? '/';
  const pathname = url.split('?')[0] ?? '/';
  if (pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/_next/')) {
    return false;
  }
  if (/[?&]_rsc=/.test(url)) return false;
  return ROUTER_HEADERS.every((h) => req.headers[h] === undefined);
}

function headerText(value: http.OutgoingHttpHeader | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Seconds of `s-maxage` when the response may be kept, else null. */
export function cacheableFor(status: number, headers: http.OutgoingHttpHeaders): number | null {
  if (status !== 200 || headers['set-cookie'] !== undefined) return null;
  const cacheControl = headerText(headers['cache-control']).toLowerCase();
  if (/\b(private|no-store|no-cache)\b/.test(cacheControl)) return null;
  const sMaxage = /\bs-maxage=(\d+)/.exec(cacheControl);
  if (!sMaxage || Number(sMaxage[1]) <= 0) return null;
  if (headerText(headers['x-nextjs-cache']).toUpperCase() === 'STALE') return null;
  const vary = headerText(headers.vary)
    .toLowerCase()
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (!vary.every((v) => KEYED_VARY.has(v))) return null;
  return Number(sMaxage[1]);
}

function keyOf(req: http.IncomingMessage): string {
  return `${req.url ?? '/'}\n${headerText(req.headers['accept-encoding'])}`;
}

function isRevalidation(req: http.IncomingMessage): boolean {
  return req.method === 'POST' && (req.url ?? '').split('?')[0] === '/api/revalidate';
}

type Chunk = string | Buffer | Uint8Array;

function toBuffer(chunk: Chunk, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') {
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export function createPageMicrocache(options: PageMicrocacheOptions): PageMicrocache {
  const maxEntries = options.maxEntries ?? 1000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const maxBodyBytes = options.maxBodyBytes ?? 2 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  // Bumped by every clear: a response begun before one is not kept after it.
  let generation = 0;
  const stats = { hits: 0, misses: 0, stored: 0, cleared: 0 };

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= entry.body.length;
    entries.delete(key);
  };
  const clear = () => {
    entries.clear();
    bytes = 0;
    generation++;
    stats.cleared++;
  };
  const store = (key: string, entry: Entry) => {
    remove(key);
    entries.set(key, entry);
    bytes += entry.body.length;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      remove(oldest);
    }
    stats.stored++;
  };

  /** Copies what Next sends on `res` and keeps it when the response qualifies. */
  function record(key: string, res: http.ServerResponse): void {
    const started = generation;
    const chunks: Buffer[] = [];
    let size = 0;
    let unusable = false;
    const collect = (chunk: unknown, encoding: unknown) => {
      if (unusable || chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer = toBuffer(chunk as Chunk, encoding);
      size += buffer.length;
      if (size > maxBodyBytes) unusable = true;
      else chunks.push(buffer);
    };
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      // Headers handed to writeHead are not kept where getHeaders() finds them: move them there.
      const headers = typeof rest[0] === 'string' ? rest[1] : rest[0];
      if (Array.isArray(headers)) unusable = true;
      else if (headers && typeof headers === 'object') {
        for (const [name, value] of Object.entries(headers as http.OutgoingHttpHeaders)) {
          if (value !== undefined) res.setHeader(name, value);
        }
      }
      return typeof rest[0] === 'string' ? writeHead(status, rest[0]) : writeHead(status);
    }) as typeof res.writeHead;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as typeof res.write;
    const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as typeof res.end;
    // Kept once the whole answer has left: a response cut short (the client went away, the
    // render failed mid-stream) never finishes, so a truncated page is never kept.
    res.once('finish', () => {
      if (unusable || started !== generation) return;
      const headers = { ...res.getHeaders() };
      const seconds = cacheableFor(res.statusCode, headers);
      if (seconds === null) return;
      for (const name of DROPPED) delete headers[name];
      store(key, {
        status: res.statusCode,
        headers,
        body: Buffer.concat(chunks),
        expires: now() + Math.min(options.ttlMs, seconds * 1000),
      });
    });
  }

  function wrap(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
    if (options.ttlMs <= 0) return handler;
    return (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (isRevalidation(req)) {
        // Emptied before the answer leaves: once the worker hears 200, no old copy is served.
        const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
        res.end = ((...args: unknown[]) => {
          if (res.statusCode >= 200 && res.statusCode < 300) clear();
          return end(...args);
        }) as typeof res.end;
        handler(req, res);
        return;
      }
      if (!isCacheableRequest(req)) {
        handler(req, res);
        return;
      }
      const key = keyOf(req);
      const entry = entries.get(key);
      if (entry && entry.expires > now()) {
        stats.hits++;
        entries.delete(key);
        entries.set(key, entry);
        const headers: http.OutgoingHttpHeaders = { ...entry.headers, 'x-origin-cache': 'HIT' };
        // Kept from Next's first answer (often MISS); what this answer is, is a cached page.
        if (headers['x-nextjs-cache'] !== undefined) headers['x-nextjs-cache'] = 'HIT';
        res.writeHead(entry.status, headers);
        res.end(req.method === 'HEAD' ? undefined : entry.body);
        return;
      }
      if (entry) remove(key);
      stats.misses++;
      if (req.method === 'GET') record(key, res);
      handler(req, res);
    };
  }

  return {
    wrap,
    clear,
    stats,
    get size() {
      return entries.size;
    },
  };
}

/** `ORIGIN_PAGE_CACHE_MS`: unset means 1000; 0 turns it off; anything else is refused. */
export function readMicrocacheTtl(value: string | undefined): number {
  if (value === undefined || value === '') return 1000;
  if (!/^\d+$/.test(value) || Number(value) > 60_000) {
    throw new ConfigError(
      `ORIGIN_PAGE_CACHE_MS must be a whole number of milliseconds from 0 to 60000 (got "${value}").`,
    );
  }
  return Number(value);
}
