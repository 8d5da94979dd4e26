'use server';

import { revalidatePath } from 'next/cache';
import type { ProductImage } from '@shop/validators';
import { withAdminApi, type Refused } from '~/lib/admin-action';

export type ImageActionResult = { ok: true; images?: ProductImage[]; message: string } | Refused;

const page = (productId: number) => `/products/${productId}/images`;

/** Puts the product's images in this order (every image once; a stale list is refused). */
export async function reorderImagesAction(
  productId: number,
  imageIds: number[],
): Promise<ImageActionResult> {
  return withAdminApi('reorder product images', async (api) => {
    const images = await api.admin.products.images.reorder({ productId, imageIds });
    revalidatePath(page(productId));
    return { ok: true as const, images, message: 'Order saved.' };
  });
}

export async function setImageAltAction(input: {
  productId: number;
  imageId: number;
  alt: string;
}): Promise<ImageActionResult> {
  return withAdminApi('set image alt text', async (api) => {
    await api.admin.products.images.setAlt(input);
    revalidatePath(page(input.productId));
    return { ok: true as const, message: 'Alt text saved.' };
  });
}

export async function deleteImageAction(
  productId: number,
  imageId: number,
): Promise<ImageActionResult> {
  return withAdminApi('delete product image', async (api) => {
    await api.admin.products.images.delete({ productId, imageId });
    revalidatePath(page(productId));
    return { ok: true as const, message: 'Image deleted.' };
  });
}
