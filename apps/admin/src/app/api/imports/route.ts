import { handleImportUpload } from '@shop/api/csv-files';
import { getLogger, getShop } from '~/server/shop';
import { getCallerFromHeaders } from '~/server/auth';

/**
 * Uploads a product CSV for import: the file is the request body, streamed to storage with a
 * size limit (`handleImportUpload` says what is refused, in which order). The caller is the staff
 * session, or an API token with `products:write`. Answers the new job (its dry run is queued).
 */
export async function POST(request: Request) {
  const shop = getShop();
  return handleImportUpload(request, {
    db: shop.db,
    storage: shop.storage,
    getStaff: () => getCallerFromHeaders(request.headers),
    logger: getLogger,
  });
}
