import { z } from 'zod';
import { zHandle, zId } from './common';
import { zProductStatus } from './product-edit';

/**
 * The admin's category tree and collections: what staff create, rename, move and order. The
 * storefront lists both in the order kept here (categories by position among their siblings,
 * collections by position, a collection's products by their position in it; ties by id).
 */

const zGroupName = (noun: string) =>
  z
    .string()
    .trim()
    .min(1, `A ${noun} needs a name`)
    .max(200, `A ${noun}'s name can be at most 200 characters long`);

/** A handle typed by staff; empty (or absent) means "make one from the name". */
const zOptionalHandle = z
  .union([z.literal(''), zHandle])
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/**
 * Where an item goes among its siblings: one place up or down, or a position counted from 0
 * (past the end: last). A position is what a double submit repeats harmlessly.
 */
export const zGroupPlacement = z.union([
  z.enum(['up', 'down']),
  z
    .number({ message: 'The position must be a number' })
    .int('The position must be a whole number')
    .min(0, 'The position must be 0 or more')
    .max(100_000, 'The position must be at most 100000'),
]);
export type GroupPlacement = z.infer<typeof zGroupPlacement>;

// ---- categories ----

export const zCategoryCreateInput = z.object({
  name: zGroupName('category'),
  handle: zOptionalHandle,
  /** The parent; null or absent: a top-level category. It goes last among its siblings. */
  parentId: zId.nullable().default(null),
});
export type CategoryCreateInput = z.input<typeof zCategoryCreateInput>;

export const zCategoryUpdateInput = z.object({
  id: zId,
  name: zGroupName('category').optional(),
  /** A new handle; absent: unchanged. */
  handle: zHandle.optional(),
});
export type CategoryUpdateInput = z.input<typeof zCategoryUpdateInput>;

export const zCategoryMoveInput = z.object({
  id: zId,
  /** The new parent, or null for the top level. */
  parentId: zId.nullable(),
  /** Where among the new siblings; absent: last. */
  position: z.number().int().min(0).max(100_000).optional(),
});
export type CategoryMoveInput = z.input<typeof zCategoryMoveInput>;

export const zCategoryReorderInput = z.object({ id: zId, to: zGroupPlacement });
export type CategoryReorderInput = z.input<typeof zCategoryReorderInput>;

/** One category as the admin's tree shows it; the list is the tree, depth first, in order. */
export const zAdminCategory = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  handle: z.string(),
  name: z.string(),
  /** Its place among its siblings, from 0. */
  position: z.number().int(),
  /** 0 for a top-level category. */
  depth: z.number().int(),
  /** Names from the root ("Apparel / Tops"). */
  path: z.string(),
  childCount: z.number().int(),
  /** Products linked to it directly. */
  productCount: z.number().int(),
});
export type AdminCategory = z.infer<typeof zAdminCategory>;

// ---- collections ----

const zCollectionTitle = z
  .string()
  .trim()
  .min(1, 'A collection needs a title')
  .max(200, "A collection's title can be at most 200 characters long");
const zCollectionDescription = z
  .string()
  .trim()
  .max(5000, "A collection's description can be at most 5000 characters long");

export const zCollectionCreateInput = z.object({
  title: zCollectionTitle,
  handle: zOptionalHandle,
  description: zCollectionDescription.default(''),
});
export type CollectionCreateInput = z.input<typeof zCollectionCreateInput>;

export const zCollectionUpdateInput = z.object({
  id: zId,
  title: zCollectionTitle.optional(),
  handle: zHandle.optional(),
  description: zCollectionDescription.optional(),
});
export type CollectionUpdateInput = z.input<typeof zCollectionUpdateInput>;

export const zCollectionReorderInput = z.object({ id: zId, to: zGroupPlacement });

export const zCollectionProductInput = z.object({ collectionId: zId, productId: zId });
export type CollectionProductInput = z.input<typeof zCollectionProductInput>;

export const zCollectionProductReorderInput = zCollectionProductInput.extend({
  to: zGroupPlacement,
});

export const zAdminCollection = z.object({
  id: z.number().int(),
  handle: z.string(),
  title: z.string(),
  description: z.string(),
  position: z.number().int(),
  productCount: z.number().int(),
});
export type AdminCollection = z.infer<typeof zAdminCollection>;

/** A product in a collection, in the collection's order. */
export const zCollectionMember = z.object({
  productId: z.number().int(),
  handle: z.string(),
  title: z.string(),
  status: zProductStatus,
  position: z.number().int(),
});
export type CollectionMember = z.infer<typeof zCollectionMember>;

export const zAdminCollectionDetail = zAdminCollection.extend({
  products: z.array(zCollectionMember),
});
export type AdminCollectionDetail = z.infer<typeof zAdminCollectionDetail>;

export const zGroupIdInput = z.object({ id: zId });
