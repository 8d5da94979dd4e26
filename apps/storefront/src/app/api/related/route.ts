import { zId, zRegionCode } from '@shop/validators';
import { getRelated } from '~/server/related';

export const dynamic = 'force-dynamic';

/**
 * The product page's related blocks as JSON, for the browser (`ProductRelated`). Short-lived in
 * shared caches, so a switch turned off takes effect within seconds. Degraded (switch off, slow
 * or failing engine) it answers `{ similar: [], boughtTogether: [] }` with 200: the page simply
 * shows no block. A bad product id or region is a 400.
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const productId = zId.safeParse(Number(params.get('product') ?? ''));
  const region = zRegionCode.safeParse(params.get('region') ?? 'default');
  if (!productId.success || !region.success) {
    return Response.json(
      { error: 'Ask for ?product=<id>&region=<code>, with a product id and a region code.' },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const related = await getRelated(productId.data, region.data);
  return Response.json(
    {
      similar: related?.similar ?? [],
      boughtTogether: related?.boughtTogether ?? [],
    },
    { headers: { 'Cache-Control': 'public, max-age=0, s-maxage=5' } },
  );
}
