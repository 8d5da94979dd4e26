import { revalidateTag } from 'next/cache';
import { BODY_LIMITS, withRouteBoundary } from '@shop/api/edge';
import { REVALIDATE_SIGNATURE_HEADER, verifyRevalidation } from '@shop/core';
import { env } from '~/env';
import { getLogger, getShop } from '~/server/shop';

export const dynamic = 'force-dynamic';

/**
 * The worker's signed request to refresh cached data and ISR pages after a change commits:
 * the Shop's cache drops the tags' entries, then Next's tags are marked stale.
 * Tags are marked stale with the `max` profile (stale-while-revalidate), not expired: the next
 * request for a tagged page still gets the last good copy at once and starts the regeneration in
 * the background, so the request after it sees the change (well within the 5 s freshness
 * promise). Expiring at once (`expire: 0`) made that next request render while it waited, and
 * answer 500 whenever the database could not be read. A regeneration that fails keeps the old
 * copy and is retried (Next retains the previous entry with a short revalidate); see
 * docs/operations.md.
 */
async function revalidate(request: Request): Promise<Response> {
  const raw = await request.text();
  const result = verifyRevalidation(
    env.REVALIDATE_SECRET,
    raw,
    request.headers.get(REVALIDATE_SIGNATURE_HEADER),
  );
  if (!result.ok) {
    return Response.json({ error: result.reason }, { status: result.status });
  }
  // The Shop's cache first, so the pages regenerated after this read the change: with the LRU
  // it is this process's own (the worker's invalidation cannot reach it); with Redis it repeats
  // the dispatcher's, now that the change's whole batch (its search index too) has committed.
  await getShop().cache.invalidateTags(result.tags);
  for (const tag of result.tags) revalidateTag(tag, 'max');
  return Response.json({ revalidated: result.tags });
}

/** Behind the error boundary, with a 64 KB body limit (a list of cache tags). */
export const POST = withRouteBoundary(
  { name: 'revalidate', maxBodyBytes: BODY_LIMITS.revalidate, logger: getLogger },
  revalidate,
);
