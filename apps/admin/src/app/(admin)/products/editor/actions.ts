'use server';

import { revalidatePath } from 'next/cache';
import type { AdminProduct, ProductCreateInput, ProductUpdateInput } from '@shop/validators';
import { withAdminApi, type Refused } from '~/lib/admin-action';

export type SaveProductResult = { ok: true; product: AdminProduct } | Refused;

/**
 * Creates a product (`admin.products.create`) as the signed-in staff member. A second submit
 * of the same form is refused by the SKUs it already took, so a double click makes one product.
 */
export async function createProductAction(input: ProductCreateInput): Promise<SaveProductResult> {
  return withAdminApi('product create', async (api) => {
    const product = await api.admin.products.create(input);
    revalidatePath('/products');
    return { ok: true as const, product };
  });
}

/** Saves the editor (`admin.products.update`): the whole product, in one transaction. */
export async function saveProductAction(input: ProductUpdateInput): Promise<SaveProductResult> {
  return withAdminApi('product save', async (api) => {
    const product = await api.admin.products.update(input);
    revalidatePath('/products');
    revalidatePath(`/products/${product.id}`);
    return { ok: true as const, product };
  });
}

/** Archives the product: it leaves the storefront and search; orders keep it. Repeatable. */
export async function archiveProductAction(id: number): Promise<SaveProductResult> {
  return withAdminApi('product archive', async (api) => {
    const product = await api.admin.products.archive({ id });
    revalidatePath('/products');
    revalidatePath(`/products/${id}`);
    return { ok: true as const, product };
  });
}
