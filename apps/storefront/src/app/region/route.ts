import { NextResponse, type NextRequest } from 'next/server';
import { zRegionCode } from '@shop/validators';
import { REGION_COOKIE, isRegionCode, switchRegionPath, type RegionDirectory } from '~/lib/region';
import { getRegionDirectory } from '~/server/catalog';

export const dynamic = 'force-dynamic';

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The region selector's form posts here (works without JavaScript): the code is checked against
 * the shop's regions (a cached read), stored in the `region` cookie (which the region-less
 * URLs' redirects and the pages outside the region tree read), and the shopper is sent to the
 * page they were on (from `Referer`, same origin only) in the new region: `/us/p/x` ->
 * `/eu/p/x`. An unknown code changes nothing and sends them back where they were.
 */
export async function POST(request: NextRequest) {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== request.nextUrl.origin) {
    return new Response('Cross-site requests cannot change the region.', { status: 403 });
  }
  const form = await request.formData().catch(() => null);
  const code = zRegionCode.safeParse(form?.get('region'));
  const directory = await getRegionDirectory();
  const chosen = code.success && isRegionCode(directory, code.data) ? code.data : null;
  const response = NextResponse.redirect(
    new URL(returnPath(request, directory, chosen), request.nextUrl.origin),
    303,
  );
  if (chosen === null) return response;
  response.cookies.set(REGION_COOKIE, chosen, {
    path: '/',
    maxAge: ONE_YEAR_SECONDS,
    sameSite: 'lax',
    httpOnly: true,
    secure: request.nextUrl.protocol === 'https:',
  });
  return response;
}

/** The page to go to: the referring page in region `to` (or unchanged when no region was set). */
function returnPath(request: NextRequest, directory: RegionDirectory, to: string | null): string {
  const region = to ?? directory.defaultCode;
  const referer = request.headers.get('referer');
  if (!referer) return `/${region}`;
  try {
    const url = new URL(referer);
    if (url.origin !== request.nextUrl.origin) return `/${region}`;
    if (to === null) return url.pathname + url.search;
    return switchRegionPath(directory, url.pathname, url.searchParams, to);
  } catch {
    return `/${region}`;
  }
}
