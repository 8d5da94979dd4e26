'use server';

import { revalidatePath } from 'next/cache';
import type {
  CollectionCreateInput,
  CollectionUpdateInput,
  GroupPlacement,
} from '@shop/validators';
import { withAdminApi, type Refused } from '~/lib/admin-action';

/** What a collection action answers: a sentence to announce (and the collection), or a refusal. */
export type CollectionActionResult = { ok: true; id: number; message: string } | Refused;

function done(id: number, message: string) {
  revalidatePath('/collections');
  revalidatePath(`/collections/${id}`);
  return { ok: true as const, id, message };
}

/** Creates a collection (`admin.collections.create`); a second submit meets "already exists". */
export async function createCollectionAction(
  input: CollectionCreateInput,
): Promise<CollectionActionResult> {
  return withAdminApi('collection create', async (api) => {
    const c = await api.admin.collections.create(input);
    return done(c.id, `Collection ${c.title} created (handle ${c.handle}).`);
  });
}

export async function updateCollectionAction(
  input: CollectionUpdateInput,
): Promise<CollectionActionResult> {
  return withAdminApi('collection update', async (api) => {
    const c = await api.admin.collections.update(input);
    return done(c.id, `Collection ${c.title} saved.`);
  });
}

export async function deleteCollectionAction(id: number): Promise<CollectionActionResult> {
  return withAdminApi('collection delete', async (api) => {
    await api.admin.collections.delete({ id });
    return done(id, 'Collection deleted.');
  });
}

/** Moves a collection in the list (the buttons send the target position). */
export async function reorderCollectionAction(
  id: number,
  to: GroupPlacement,
): Promise<CollectionActionResult> {
  return withAdminApi('collection reorder', async (api) => {
    const c = await api.admin.collections.reorder({ id, to });
    return done(id, `${c.title} is now number ${c.position + 1}.`);
  });
}

export async function addCollectionProductAction(
  collectionId: number,
  productId: number,
): Promise<CollectionActionResult> {
  return withAdminApi('collection add product', async (api) => {
    const c = await api.admin.collections.addProduct({ collectionId, productId });
    const added = c.products.find((p) => p.productId === productId);
    return done(
      collectionId,
      `${added?.title ?? 'The product'} added, last of ${c.products.length}.`,
    );
  });
}

export async function removeCollectionProductAction(
  collectionId: number,
  productId: number,
): Promise<CollectionActionResult> {
  return withAdminApi('collection remove product', async (api) => {
    await api.admin.collections.removeProduct({ collectionId, productId });
    return done(collectionId, 'Product removed from the collection.');
  });
}

/** Moves a product within the collection's order (the buttons send the target position). */
export async function reorderCollectionProductAction(
  collectionId: number,
  productId: number,
  to: GroupPlacement,
): Promise<CollectionActionResult> {
  return withAdminApi('collection reorder product', async (api) => {
    const c = await api.admin.collections.reorderProduct({ collectionId, productId, to });
    const moved = c.products.find((p) => p.productId === productId);
    return done(
      collectionId,
      `${moved?.title ?? 'The product'} is now number ${(moved?.position ?? 0) + 1}.`,
    );
  });
}
