import { z } from 'zod';
import { zId } from './common';

/** A product's image as the admin sees it: `storageKey` is null for a URL the shop does not store (demo placeholders). */
export const zProductImage = z.object({
  id: z.number().int(),
  url: z.string(),
  alt: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  position: z.number().int(),
  storageKey: z.string().nullable(),
});
export type ProductImage = z.infer<typeof zProductImage>;

/** Alt text: what a screen reader says for the image; empty means "the product's title". */
export const zImageAlt = z
  .string()
  .trim()
  .max(300, { message: 'Alt text is at most 300 characters: describe the image in a sentence.' });

/** The most images one product may have (uploads beyond are refused with a sentence). */
export const MAX_PRODUCT_IMAGES = 50;

/** Uploads larger than this many bytes are refused (413) before anything is decoded or stored. */
export const MAX_IMAGE_UPLOAD_BYTES = 10 * 1024 * 1024;

export const zProductImagesInput = z.object({ productId: zId });

export const zProductImageAltInput = z.object({ productId: zId, imageId: zId, alt: zImageAlt });
export type ProductImageAltInput = z.infer<typeof zProductImageAltInput>;

/** The product's images in their new order, each exactly once. */
export const zProductImageReorderInput = z.object({
  productId: zId,
  imageIds: z
    .array(zId)
    .min(1, { message: 'Name the images in their new order.' })
    .max(MAX_PRODUCT_IMAGES, { message: `A product has at most ${MAX_PRODUCT_IMAGES} images.` })
    .refine((ids) => new Set(ids).size === ids.length, {
      message: 'Name each image once in the new order.',
    }),
});
export type ProductImageReorderInput = z.infer<typeof zProductImageReorderInput>;

export const zProductImageDeleteInput = z.object({ productId: zId, imageId: zId });
