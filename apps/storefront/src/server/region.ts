import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import type { NextRequest } from 'next/server';
import type { Region } from '@shop/core';
import { REGION_COOKIE, chooseRegion, isRegionCode, legacyTarget } from '../lib/region';
import { getCurrentRegion, getRegionDirectory } from './catalog';

/**
 * The region of a `[region]` page: the segment must name one of the shop's regions, or the page
 * is a 404 (`/zz/p/x`, and `/default/...`, which was only ever an internal rewrite target, so no
 * two URLs show the same page). Both reads are cached under `catalog`.
 */
export async function requireRegion(code: string): Promise<Region> {
  if (!isRegionCode(await getRegionDirectory(), code)) notFound();
  return getCurrentRegion(code);
}

/**
 * The shopper's region on pages outside the region tree (account, cart, checkout), for their
 * header and their links into the catalog: the `region` cookie when it names a region, else the
 * default. Reads the cookie, so only for pages rendered per request.
 */
export async function shopperRegion(): Promise<string> {
  const cookie = (await cookies()).get(REGION_COOKIE)?.value;
  const directory = await getRegionDirectory();
  return isRegionCode(directory, cookie) ? cookie : directory.defaultCode;
}

/**
 * The answer to a region-less URL of before (`/`, `/p/<h>`, `/c/<h>`, `/collections/<h>`,
 * `/search`): a temporary redirect to the same page in the shopper's region (cookie, then
 * `Accept-Language`, then the default; see `chooseRegion`), keeping the query. It depends on
 * the request's headers, so it is private and varies on them: no shared cache may keep one
 * shopper's redirect for another.
 */
export async function regionRedirect(request: NextRequest): Promise<Response> {
  const region = chooseRegion(await getRegionDirectory(), {
    cookie: request.cookies.get(REGION_COOKIE)?.value,
    acceptLanguage: request.headers.get('accept-language'),
  });
  const { pathname, searchParams } = request.nextUrl;
  return new Response(null, {
    status: 307,
    headers: {
      Location: legacyTarget(region, pathname, searchParams),
      Vary: 'Cookie, Accept-Language',
      'Cache-Control': 'private, no-store',
    },
  });
}
