import { NextResponse, type NextRequest } from 'next/server';
import { REGION_COOKIE, regionFromCookie } from '~/lib/region';

/**
 * Public URLs carry no region: `/` and `/p/<handle>` are rewritten (not redirected) to
 * `/<region>/...`, where the region comes from the `region` cookie or is `default`. Each
 * region then has its own static page in the ISR cache.
 */
export function proxy(request: NextRequest) {
  const region = regionFromCookie(request.cookies.get(REGION_COOKIE)?.value);
  const url = request.nextUrl.clone();
  url.pathname = url.pathname === '/' ? `/${region}` : `/${region}${url.pathname}`;
  return NextResponse.rewrite(url);
}

export const config = {
  // Only the public shopper pages; /api, /_next, /media and metadata files never pass through.
  matcher: ['/', '/p/:handle'],
};
