import { handleImportReport } from '@shop/api/csv-files';
import { getLogger, getShop } from '~/server/shop';
import { getCallerFromHeaders } from '~/server/auth';

/** The rejected rows of an import as CSV (line, handle, SKU, reason). */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const shop = getShop();
  return handleImportReport(request, id, {
    db: shop.db,
    storage: shop.storage,
    getStaff: () => getCallerFromHeaders(request.headers),
    logger: getLogger,
  });
}
