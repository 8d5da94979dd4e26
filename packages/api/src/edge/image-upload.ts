import {
  addProductImage,
  assertProductExists,
  isStorageKeyInUse,
  type StaffMember,
} from '@shop/core';
import type { Database } from '@shop/db/client';
import type { Logger } from '@shop/logger';
import type { Storage } from '@shop/storage';
import { deleteImage, NotAnImageError, processImage, storeImage } from '@shop/storage/images';
import { MAX_IMAGE_UPLOAD_BYTES, zId, zImageAlt, type ProductImage } from '@shop/validators';
import { readLimitedBody } from './body';
import { newRequestId, REQUEST_ID_HEADER, runWithRequestId } from './request-id';
import { answerRouteError, authorizeStaff, fail } from './staff-route';

export interface ImageUploadDeps {
  db: Database;
  storage: Storage;
  /** The caller: session or API token (may throw UNAUTHORIZED for a bad token); null: nobody. */
  getStaff: () => Promise<StaffMember | null>;
  logger: () => Logger;
  /** Bytes accepted (`MAX_IMAGE_UPLOAD_BYTES`, 10 MB, unless a test says less). */
  maxBytes?: number;
}

/** What the upload answers: the image (201 when new, 200 when this file was already the product's). */
export interface ImageUploadResult {
  image: ProductImage;
  created: boolean;
}

/**
 * `POST /api/products/<id>/images` with the file itself as the body (so the browser can report
 * progress and nothing parses multipart) and the alt text, if any, in `x-image-alt` (URL-encoded).
 * In order, each step writing nothing when it refuses: the caller (401) and `products:write` (403),
 * the product (404), the size while the body streams in (413, cut off at the limit), the decode
 * (400: not an image), then the files are stored under the content hash and the row added
 * (`addProductImage`, which emits `product.updated`). Files stored for a row that then fails to
 * be written are removed again unless another row of the product has them.
 */
export async function handleImageUpload(
  req: Request,
  productIdText: string,
  deps: ImageUploadDeps,
): Promise<Response> {
  const requestId = newRequestId();
  return runWithRequestId(requestId, async () => {
    try {
      const staff = await authorizeStaff(deps.getStaff, 'products:write', requestId);
      if (staff instanceof Response) return staff;

      const productId = zId.safeParse(
        /^\d{1,15}$/.test(productIdText) ? Number(productIdText) : NaN,
      );
      if (!productId.success)
        return fail(
          404,
          'NOT_FOUND',
          `Product ${productIdText.slice(0, 40)} does not exist.`,
          requestId,
        );
      const alt = zImageAlt.safeParse(decodeAlt(req.headers.get('x-image-alt')));
      if (!alt.success)
        return fail(
          400,
          'BAD_REQUEST',
          alt.error.issues[0]?.message ?? 'The alt text is not valid.',
          requestId,
        );
      await assertProductExists(deps.db, productId.data);

      const bytes = Buffer.from(
        await readLimitedBody(req, deps.maxBytes ?? MAX_IMAGE_UPLOAD_BYTES),
      );
      if (bytes.byteLength === 0)
        return fail(
          400,
          'BAD_REQUEST',
          'The upload is empty: send the image file as the request body.',
          requestId,
        );
      const image = await processImage(bytes, `products/${productId.data}`);
      await storeImage(deps.storage, image);
      const largest = image.renditions[0];
      if (!largest) throw new Error('processImage returned no rendition');
      const result = await addProductImage(deps.db, {
        productId: productId.data,
        storageKey: image.original.key,
        url: `/media/${largest.key}`,
        width: largest.width,
        height: largest.height,
        alt: alt.data,
      }).catch(async (err: unknown) => {
        // No row came of it (the product was deleted meanwhile, or is full): take the files back.
        if (!(await isStorageKeyInUse(deps.db, image.original.key))) {
          await deleteImage(deps.storage, image.original.key).catch((cleanup: unknown) =>
            deps
              .logger()
              .warn(
                { err: cleanup, key: image.original.key },
                'could not remove the files of a refused upload',
              ),
          );
        }
        throw err;
      });
      const body: ImageUploadResult = result;
      return Response.json(body, {
        status: result.created ? 201 : 200,
        headers: { [REQUEST_ID_HEADER]: requestId },
      });
    } catch (err) {
      if (err instanceof NotAnImageError) return fail(400, 'BAD_REQUEST', err.message, requestId);
      return answerRouteError(
        err,
        deps.logger,
        `image upload ${new URL(req.url).pathname}`,
        requestId,
      );
    }
  });
}

function decodeAlt(header: string | null): string {
  if (!header) return '';
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}
