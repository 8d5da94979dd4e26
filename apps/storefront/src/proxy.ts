import { NextResponse, type NextRequest } from 'next/server';
import { hasListingParams } from '~/lib/catalog-query';

/**
 * Off the hot path: product pages, plain listings, home and search never pass through here (the
 * region is in the URL, see `lib/region.ts`), and neither do the region-less URLs of before
 * (route handlers redirect those, with the cached region reads).
 *
 * What is left: a listing page that reads `searchParams` is rendered on every request, so the
 * plain URL (`/us/c/tops`) is a static ISR page that never reads its query, and a sorted,
 * filtered or paged view lives at the dynamic twin `/us/c/tops/q?sort=price_asc`. The storefront
 * links straight to the twin (`listingPath`), so its own links need no rewrite. A listing URL
 * with a query but without `/q` (typed by hand, or shared from before) is rewritten to the twin
 * here, and only those: the matcher below sends a request to the proxy only when it carries one
 * of the listing's fixed parameters. Option filters (`?size=M`) have shopper-defined names that
 * a static matcher cannot list: the static page itself moves a bare `?size=M` to the twin in the
 * browser (`ListingQueryForward`), since it knows its options; without JavaScript the shopper
 * sees the unfiltered list, which is what that static URL is.
 */
export function proxy(request: NextRequest) {
  const url = request.nextUrl.clone();
  if (!hasListingParams(url.searchParams)) return NextResponse.next();
  url.pathname = `${url.pathname}/q`;
  return NextResponse.rewrite(url);
}

// The matcher must be literal (Next reads it at build time): one entry per listing page and
// fixed parameter (see `catalog-query.ts`); several entries match when any one does.
export const config = {
  matcher: [
    { source: '/:region/c/:handle', has: [{ type: 'query', key: 'sort' }] },
    { source: '/:region/c/:handle', has: [{ type: 'query', key: 'in_stock' }] },
    { source: '/:region/c/:handle', has: [{ type: 'query', key: 'min' }] },
    { source: '/:region/c/:handle', has: [{ type: 'query', key: 'max' }] },
    { source: '/:region/c/:handle', has: [{ type: 'query', key: 'vendor' }] },
    { source: '/:region/c/:handle', has: [{ type: 'query', key: 'after' }] },
    { source: '/:region/collections/:handle', has: [{ type: 'query', key: 'sort' }] },
    { source: '/:region/collections/:handle', has: [{ type: 'query', key: 'in_stock' }] },
    { source: '/:region/collections/:handle', has: [{ type: 'query', key: 'min' }] },
    { source: '/:region/collections/:handle', has: [{ type: 'query', key: 'max' }] },
    { source: '/:region/collections/:handle', has: [{ type: 'query', key: 'vendor' }] },
    { source: '/:region/collections/:handle', has: [{ type: 'query', key: 'after' }] },
  ],
};
