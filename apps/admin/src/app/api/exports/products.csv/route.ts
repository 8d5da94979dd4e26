import { handleProductsExport } from '@shop/api/csv-files';
import { getLogger, getShop } from '~/server/shop';
import { getCallerFromHeaders } from '~/server/auth';

/** The catalog as a product CSV (the import's layout), streamed. */
export async function GET(request: Request) {
  const shop = getShop();
  return handleProductsExport(request, {
    db: shop.db,
    storage: shop.storage,
    getStaff: () => getCallerFromHeaders(request.headers),
    logger: getLogger,
  });
}
