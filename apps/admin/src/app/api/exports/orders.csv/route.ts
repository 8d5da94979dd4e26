import { handleOrdersExport } from '@shop/api/csv-files';
import { getLogger, getShop } from '~/server/shop';
import { getCallerFromHeaders } from '~/server/auth';

/** Orders placed in `?from=` … `?to=` (dates, `to` excluded) as CSV, one row per line, streamed. */
export async function GET(request: Request) {
  const shop = getShop();
  return handleOrdersExport(request, {
    db: shop.db,
    storage: shop.storage,
    getStaff: () => getCallerFromHeaders(request.headers),
    logger: getLogger,
  });
}
