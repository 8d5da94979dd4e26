import { NextResponse, type NextRequest } from 'next/server';
import { getRegion, isCommerceError } from '@shop/core';
import { getShop } from '~/server/shop';
import { zRegionCode } from '@shop/validators';
import { REGION_COOKIE } from '~/lib/region';

export const dynamic = 'force-dynamic';

const ONE_YEAR_SECONDS = 365 * 24 * 3600;
/** Internal region-prefixed paths (`/eu/p/x`) lead back to their public form (`/p/x`). */
const INTERNAL_PATH = /^\/(?:default|[a-z]{2,8})(?=\/(?:p|c|collections)\/|$)/;

/**
 * The region selector's form posts here (works without JavaScript): the code is checked against
 * the database, stored in the `region` cookie that `proxy.ts` reads, and the shopper is sent back
 * to the page they were on (from `Referer`, same origin only), now in the new region. The
 * cookie is httpOnly: only the proxy reads it.
 */
export async function POST(request: NextRequest) {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== request.nextUrl.origin) {
    return new Response('Cross-site requests cannot change the region.', { status: 403 });
  }
  const back = returnPath(request);
  const form = await request.formData().catch(() => null);
  const code = zRegionCode.safeParse(form?.get('region'));
  const response = NextResponse.redirect(new URL(back, request.nextUrl.origin), 303);
  if (!code.success || code.data === 'default') return response;
  try {
    const region = await getRegion(getShop().readDb, code.data);
    response.cookies.set(REGION_COOKIE, region.code, {
      path: '/',
      maxAge: ONE_YEAR_SECONDS,
      sameSite: 'lax',
      httpOnly: true,
      secure: request.nextUrl.protocol === 'https:',
    });
  } catch (err) {
    // An unknown code changes nothing; anything else is a real failure.
    if (!(isCommerceError(err) && err.code === 'REGION_NOT_FOUND')) throw err;
  }
  return response;
}

function returnPath(request: NextRequest): string {
  const referer = request.headers.get('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    if (url.origin !== request.nextUrl.origin) return '/';
    // A listing cursor holds a price in the old currency: start the list again.
    url.searchParams.delete('after');
    return (url.pathname.replace(INTERNAL_PATH, '') || '/') + url.search;
  } catch {
    return '/';
  }
}
