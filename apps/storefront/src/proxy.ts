import { NextResponse, type NextRequest } from 'next/server';
import { hasListingParams } from '~/lib/catalog-query';
import { REGION_COOKIE, regionFromCookie } from '~/lib/region';

/**
 * Public URLs carry no region: `/`, `/p/<handle>`, `/c/<handle>`, `/collections/<handle>` and
 * `/search` are rewritten (not redirected) to `/<region>/...`, where the region comes from the `region`
 * cookie or is `default`. Each region then has its own static page in the ISR cache.
 *
 * Listing pages: a page that reads `searchParams` is rendered on every request, so the plain
 * URL (`/c/tops`) goes to a static ISR page that never reads the query, and only a URL with a
 * query (`/c/tops?sort=price_asc`) goes to the dynamic twin `/<region>/c/tops/q`, whose data
 * reads are cached under the normalised query (see `getListing`).
 */
export function proxy(request: NextRequest) {
  const region = regionFromCookie(request.cookies.get(REGION_COOKIE)?.value);
  const url = request.nextUrl.clone();
  const isListing = /^\/(c|collections)\/[^/]+$/.test(url.pathname);
  const suffix = isListing && hasListingParams(url.searchParams) ? '/q' : '';
  url.pathname = url.pathname === '/' ? `/${region}` : `/${region}${url.pathname}${suffix}`;
  return NextResponse.rewrite(url);
}

export const config = {
  // Only the public shopper pages; /api, /_next, /media and metadata files never pass through.
  matcher: ['/', '/p/:handle', '/c/:handle', '/collections/:handle', '/search'],
};
