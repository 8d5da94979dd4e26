import { revalidateTag } from 'next/cache';
import { REVALIDATE_SIGNATURE_HEADER, verifyRevalidation } from '@shop/core';
import { env } from '~/env';

export const dynamic = 'force-dynamic';

/**
 * The worker's signed request to refresh cached data and ISR pages after a change commits.
 * Tags expire at once (`expire: 0`): the next request for a tagged page renders it afresh
 * instead of being served the stale copy.
 */
export async function POST(request: Request) {
  const raw = await request.text();
  const result = verifyRevalidation(
    env.REVALIDATE_SECRET,
    raw,
    request.headers.get(REVALIDATE_SIGNATURE_HEADER),
  );
  if (!result.ok) {
    return Response.json({ error: result.reason }, { status: result.status });
  }
  for (const tag of result.tags) revalidateTag(tag, { expire: 0 });
  return Response.json({ revalidated: result.tags });
}
