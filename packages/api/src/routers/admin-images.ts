import {
  deleteProductImage,
  isStorageKeyInUse,
  listProductImages,
  reorderProductImages,
  updateProductImageAlt,
} from '@shop/core';
import { deleteImage } from '@shop/storage/images';
import {
  zProductImage,
  zProductImageAltInput,
  zProductImageDeleteInput,
  zProductImageReorderInput,
  zProductImagesInput,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/**
 * `admin.products.images.*`: a product's images. Uploads are not here (a file is not JSON):
 * they go to the admin's `POST /api/products/<id>/images` (`handleImageUpload`).
 */
export const adminImagesRouter = router({
  list: staffProcedure('products:read')
    .input(zProductImagesInput)
    .output(z.array(zProductImage))
    .query(({ ctx, input }) => listProductImages(ctx.db, input.productId)),
  /** Every image of the product, in the new order; a stale list (CONFLICT) changes nothing. */
  reorder: staffProcedure('products:write')
    .input(zProductImageReorderInput)
    .output(z.array(zProductImage))
    .mutation(({ ctx, input }) => reorderProductImages(ctx.db, input)),
  setAlt: staffProcedure('products:write')
    .input(zProductImageAltInput)
    .output(zProductImage)
    .mutation(({ ctx, input }) => updateProductImageAlt(ctx.db, input)),
  /**
   * Deletes the row, then (after it committed) the files, unless another row of the shop still
   * names them. A file that cannot be removed is logged and left behind: the image is gone for
   * shoppers either way.
   */
  delete: staffProcedure('products:write')
    .input(zProductImageDeleteInput)
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const { storageKey } = await deleteProductImage(ctx.db, input);
      if (storageKey && ctx.storage && !(await isStorageKeyInUse(ctx.db, storageKey))) {
        await deleteImage(ctx.storage, storageKey).catch((err: unknown) =>
          ctx.logger?.warn({ err, storageKey }, 'could not remove the files of a deleted image'),
        );
      }
      return { deleted: true as const };
    }),
});
