import { createHmac, timingSafeEqual } from 'node:crypto';

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
