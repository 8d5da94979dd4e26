import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { runTransaction } from '@shop/db/transaction';
import { productImages, products } from '@shop/db/schema';
import {
  MAX_PRODUCT_IMAGES,
  type ProductImage,
  type ProductImageAltInput,
  type ProductImageReorderInput,
} from '@shop/validators';
import { CommerceError } from '../errors';
import { emitEvent } from '../events/emit';

const columns = {
  id: productImages.id,
  url: productImages.url,
  alt: productImages.alt,
  width: productImages.width,
  height: productImages.height,
  position: productImages.position,
  storageKey: productImages.storageKey,
};

/** A product's images in the order the storefront shows them. */
export async function listProductImages(db: Database, productId: number): Promise<ProductImage[]> {
  await findProduct(db, productId);
  return db
    .select(columns)
    .from(productImages)
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.position), asc(productImages.id));
}

/**
 * Throws PRODUCT_NOT_FOUND unless the product exists: the upload route asks before it decodes
 * or stores anything, so an upload to a wrong product leaves no file behind.
 */
export async function assertProductExists(db: Database, productId: number): Promise<void> {
  await findProduct(db, productId);
}

/**
 * Adds an uploaded image (already stored under `storageKey`) as the product's last, in one
 * transaction with its `product.updated` event, so the storefront's pages refresh. The product's
 * row is locked, so two uploads at once get distinct positions; the same file uploaded twice
 * (a double submit: same content hash, same key) is the image already there, not a second row.
 */
export async function addProductImage(
  db: Database,
  params: {
    productId: number;
    storageKey: string;
    url: string;
    width: number;
    height: number;
    alt?: string;
  },
): Promise<{ image: ProductImage; created: boolean }> {
  return runTransaction(db, async (tx) => {
    const product = await findProduct(tx, params.productId, { lock: true });
    const [existing] = await tx
      .select(columns)
      .from(productImages)
      .where(
        and(
          eq(productImages.productId, product.id),
          eq(productImages.storageKey, params.storageKey),
        ),
      )
      .limit(1);
    if (existing) return { image: existing, created: false };

    const [stats] = await tx
      .select({
        count: sql<number>`count(*)::int`,
        next: sql<number>`coalesce(max(${productImages.position}) + 1, 0)::int`,
      })
      .from(productImages)
      .where(eq(productImages.productId, product.id));
    if ((stats?.count ?? 0) >= MAX_PRODUCT_IMAGES) {
      throw new CommerceError(
        'INVALID_INPUT',
        `Product ${product.id} already has ${MAX_PRODUCT_IMAGES} images, the most a product may have: delete one first.`,
      );
    }
    const [image] = await tx
      .insert(productImages)
      .values({
        productId: product.id,
        url: params.url,
        alt: params.alt ?? '',
        width: params.width,
        height: params.height,
        position: stats?.next ?? 0,
        storageKey: params.storageKey,
      })
      .returning(columns);
    if (!image) throw new Error('insert into product_images returned no row');
    await touched(tx, product);
    return { image, created: true };
  });
}

/**
 * Puts the product's images in the given order (positions 0, 1, …), in one transaction. The list
 * must name every image of the product exactly once: a list made from a stale page (an image
 * added or deleted since) is refused with a sentence rather than half-applied.
 */
export async function reorderProductImages(
  db: Database,
  input: ProductImageReorderInput,
): Promise<ProductImage[]> {
  return runTransaction(db, async (tx) => {
    const product = await findProduct(tx, input.productId, { lock: true });
    const current = await tx
      .select({ id: productImages.id })
      .from(productImages)
      .where(eq(productImages.productId, product.id));
    const known = new Set(current.map((r) => r.id));
    const named = new Set(input.imageIds);
    if (known.size !== named.size || input.imageIds.some((id) => !known.has(id))) {
      throw new CommerceError(
        'CONFLICT',
        `The new order must name each of product ${product.id}'s ${known.size} images once; the page may be out of date, reload it.`,
      );
    }
    for (const [position, id] of input.imageIds.entries()) {
      await tx.update(productImages).set({ position }).where(eq(productImages.id, id));
    }
    await touched(tx, product);
    return tx
      .select(columns)
      .from(productImages)
      .where(eq(productImages.productId, product.id))
      .orderBy(asc(productImages.position), asc(productImages.id));
  });
}

/** Sets an image's alt text (trimmed; empty: the storefront says the product's title). */
export async function updateProductImageAlt(
  db: Database,
  input: ProductImageAltInput,
): Promise<ProductImage> {
  return runTransaction(db, async (tx) => {
    const product = await findProduct(tx, input.productId, { lock: true });
    const [image] = await tx
      .update(productImages)
      .set({ alt: input.alt })
      .where(and(eq(productImages.id, input.imageId), eq(productImages.productId, product.id)))
      .returning(columns);
    if (!image) throw imageNotFound(input.imageId, product.id);
    await touched(tx, product);
    return image;
  });
}

/**
 * Deletes the image's row (the others keep their order) and answers the storage key whose
 * objects the caller removes **after** this commits: a rollback then never leaves a row without
 * its files. Deleting an image already gone is NOT_FOUND (a second click says so, changes nothing).
 */
export async function deleteProductImage(
  db: Database,
  input: { productId: number; imageId: number },
): Promise<{ storageKey: string | null }> {
  return runTransaction(db, async (tx) => {
    const product = await findProduct(tx, input.productId, { lock: true });
    const [image] = await tx
      .delete(productImages)
      .where(and(eq(productImages.id, input.imageId), eq(productImages.productId, product.id)))
      .returning({ storageKey: productImages.storageKey });
    if (!image) throw imageNotFound(input.imageId, product.id);
    await touched(tx, product);
    return { storageKey: image.storageKey };
  });
}

/**
 * Whether any image row still names `storageKey`: files are removed only when none does (an
 * upload whose row was refused, a delete racing a re-upload of the same file).
 */
export async function isStorageKeyInUse(db: Database, storageKey: string): Promise<boolean> {
  const [row] = await db
    .select({ id: productImages.id })
    .from(productImages)
    .where(eq(productImages.storageKey, storageKey))
    .limit(1);
  return row !== undefined;
}

async function findProduct(
  db: Database,
  productId: number,
  options: { lock?: boolean } = {},
): Promise<{ id: number; handle: string }> {
  const query = db
    .select({ id: products.id, handle: products.handle })
    .from(products)
    .where(eq(products.id, productId))
    .limit(1);
  const [product] = options.lock ? await query.for('update') : await query;
  if (!product)
    throw new CommerceError('PRODUCT_NOT_FOUND', `Product ${productId} does not exist.`);
  return product;
}

function imageNotFound(imageId: number, productId: number): CommerceError {
  return new CommerceError('NOT_FOUND', `Image ${imageId} of product ${productId} does not exist.`);
}

/** The product changed for shoppers: its `updated_at` and the event that refreshes its pages. */
async function touched(tx: Database, product: { id: number; handle: string }): Promise<void> {
  await tx.update(products).set({ updatedAt: new Date() }).where(eq(products.id, product.id));
  await emitEvent(tx, {
    type: 'product.updated',
    version: 1,
    payload: { productId: product.id, handle: product.handle, fields: ['images'] },
  });
}
