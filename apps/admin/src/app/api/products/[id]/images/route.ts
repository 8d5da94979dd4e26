import { handleImageUpload } from '@shop/api/image-upload';
import { getLogger, getShop } from '~/server/shop';
import { getCallerFromHeaders } from '~/server/auth';

/**
 * Uploads one product image: the file is the request body (`handleImageUpload` says what is
 * refused, in which order, and that a refusal stores nothing). The caller is the staff session,
 * or an API token with `products:write`.
 */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const shop = getShop();
  return handleImageUpload(request, id, {
    db: shop.db,
    storage: shop.storage,
    getStaff: () => getCallerFromHeaders(request.headers),
    logger: getLogger,
  });
}
