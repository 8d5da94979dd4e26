import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from '@shop/db/client';
import { products } from '@shop/db/schema';
import { inArray } from 'drizzle-orm';
import { cacheTags, edgeKeys } from './cache-tags';

/**
 * The worker asks the storefront to revalidate cache tags with a signed POST. The body is JSON
 * `{ tags, timestamp }`; the header `x-shop-signature` is `sha256=<hex HMAC-SHA256(secret, body)>`.
 * A request older than `maxAgeMs` is refused so that a captured request cannot be replayed later.
 */
export const REVALIDATE_SIGNATURE_HEADER = 'x-shop-signature';
const MAX_AGE_MS = 5 * 60_000;
const MAX_TAGS = 128;

export interface RevalidationRequest {
  tags: string[];
  timestamp: number;
}

export function signRevalidation(
  secret: string,
  tags: string[],
  now = Date.now(),
): { body: string; signature: string } {
  const body = JSON.stringify({ tags, timestamp: now } satisfies RevalidationRequest);
  return { body, signature: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
}

export type VerifyResult =
  { ok: true; tags: string[] } | { ok: false; status: 400 | 401; reason: string };

export function verifyRevalidation(
  secret: string,
  rawBody: string,
  signature: string | null,
  now = Date.now(),
): VerifyResult {
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`,
  );
  const given = Buffer.from(signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, status: 401, reason: 'The signature is missing or does not match.' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return { ok: false, status: 400, reason: 'The body is not JSON.' };
  }
  if (typeof parsed !== 'object' || parsed === null)
    return { ok: false, status: 400, reason: 'The body must be an object.' };
  const { tags, timestamp } = parsed as Partial<RevalidationRequest>;
  if (typeof timestamp !== 'number' || Math.abs(now - timestamp) > MAX_AGE_MS) {
    return { ok: false, status: 401, reason: 'The request has expired; sign it again.' };
  }
  if (
    !Array.isArray(tags) ||
    tags.length === 0 ||
    tags.length > MAX_TAGS ||
    !tags.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 256)
  ) {
    return {
      ok: false,
      status: 400,
      reason: `tags must be a list of 1 to ${MAX_TAGS} non-empty strings.`,
    };
  }
  return { ok: true, tags };
}

/**
 * A purge of the edge (Varnish with xkey, docs/deploy.md) is signed the same way: the keys go
 * in `xkey-purge` (space-separated), the time in `x-shop-purge-timestamp`, and
 * `x-shop-signature` signs the revalidation body `{ tags: <the keys>, timestamp }`. The edge
 * asks the storefront (/api/edge/purge-check) to verify it before it purges anything.
 */
export const EDGE_PURGE_KEYS_HEADER = 'xkey-purge';
export const EDGE_PURGE_TIMESTAMP_HEADER = 'x-shop-purge-timestamp';

export function signEdgePurge(
  secret: string,
  keys: string[],
  now = Date.now(),
): Record<string, string> {
  const { signature } = signRevalidation(secret, keys, now);
  return {
    [EDGE_PURGE_KEYS_HEADER]: keys.join(' '),
    [EDGE_PURGE_TIMESTAMP_HEADER]: String(now),
    [REVALIDATE_SIGNATURE_HEADER]: signature,
  };
}

export function verifyEdgePurge(
  secret: string,
  headers: { get(name: string): string | null },
  now = Date.now(),
): VerifyResult {
  const keys = headers.get(EDGE_PURGE_KEYS_HEADER) ?? '';
  const timestamp = headers.get(EDGE_PURGE_TIMESTAMP_HEADER) ?? '';
  if (keys === '' || !/^\d{1,16}$/.test(timestamp)) {
    return { ok: false, status: 401, reason: 'The purge names no keys or no timestamp.' };
  }
  const body = JSON.stringify({
    tags: keys.split(' '),
    timestamp: Number(timestamp),
  } satisfies RevalidationRequest);
  return verifyRevalidation(secret, body, headers.get(REVALIDATE_SIGNATURE_HEADER), now);
}

/**
 * The edge keys to purge for a change's cache tags. Pages at the edge carry `catalog` and one
 * key of their own (`product-handle:<handle>` on a product page, `listing` on lists and search;
 * see the storefront's next.config.ts), so: `catalog` and handle tags stay as they are, and
 * `product:<id>` (a stock change names nothing else) becomes the product's page under its
 * current handle plus every listing, whose cards show stock. Keys are sorted, without repeats,
 * and never contain a space or a comma (the edge's separators).
 */
export async function edgePurgeKeys(db: Database, tags: readonly string[]): Promise<string[]> {
  const keys = new Set<string>();
  const ids: number[] = [];
  for (const tag of tags) {
    const id = /^product:(\d+)$/.exec(tag)?.[1];
    if (id !== undefined) ids.push(Number(id));
    else keys.add(tag);
  }
  if (ids.length > 0) {
    keys.add(edgeKeys.listing);
    const rows = await db
      .select({ handle: products.handle })
      .from(products)
      .where(inArray(products.id, ids));
    for (const row of rows) keys.add(cacheTags.productHandle(row.handle));
  }
  return [...keys].filter((k) => k.length > 0 && !/[\s,]/.test(k)).sort();
}
