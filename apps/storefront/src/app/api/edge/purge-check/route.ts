import { BODY_LIMITS, withRouteBoundary } from '@shop/api/edge';
import { verifyEdgePurge } from '@shop/core';
import { env } from '~/env';
import { getLogger } from '~/server/shop';

export const dynamic = 'force-dynamic';

/**
 * The edge's question before it purges (docs/deploy.md, "The edge"): Varnish has no HMAC of its
 * own, so a PURGE it receives is sent here first with its headers (`xkey-purge`, the timestamp,
 * `x-shop-signature`), and the keys are purged only when this answers 204 with
 * `X-Edge-Purge: verified`: a signature of the worker's (`EDGE_PURGE_SECRET`, by default
 * `REVALIDATE_SECRET`) over exactly these keys, at most five minutes old. Anything else is a
 * 401/400 with the reason, and the edge answers 403 and purges nothing. It reads no database and
 * changes nothing here.
 */
async function check(request: Request): Promise<Response> {
  const result = verifyEdgePurge(env.EDGE_PURGE_SECRET ?? env.REVALIDATE_SECRET, request.headers);
  if (!result.ok) return Response.json({ error: result.reason }, { status: result.status });
  return new Response(null, {
    status: 204,
    headers: { 'x-edge-purge': 'verified', 'cache-control': 'no-store' },
  });
}

/** Behind the error boundary; the body is not read beyond the revalidation limit. */
export const POST = withRouteBoundary(
  { name: 'edge/purge-check', maxBodyBytes: BODY_LIMITS.revalidate, logger: getLogger },
  check,
);
