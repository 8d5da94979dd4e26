import type { Database } from '@shop/db/client';
import {
  selectCategories,
  selectCategoryPath,
  selectChildCategories,
  selectCollectionByHandle,
  selectCollections,
  selectSitemapHandles,
} from '@shop/db/queries/catalog';
import type { CategoryDetail, CategoryLink, CategoryNode, Collection } from '@shop/validators';
import { CommerceError } from '../errors';

/**
 * Categories and collections change rarely and are read under the `catalog` cache tag, like
 * every list; products are tagged `product:<id>` by whoever shows them.
 */
export async function listCategoryTree(db: Database): Promise<CategoryNode[]> {
  const rows = await selectCategories(db);
  const nodes = new Map<number, CategoryNode>();
  for (const r of rows) nodes.set(r.id, { id: r.id, handle: r.handle, name: r.name, children: [] });
  const roots: CategoryNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id);
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    if (node) (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** One category with its ancestors (root first, for breadcrumbs) and direct children. */
export async function getCategoryByHandle(
  db: Database,
  params: { handle: string },
): Promise<CategoryDetail> {
  const links: CategoryLink[] = await selectCategoryPath(db, params.handle);
  const self = links.pop();
  if (!self) throw new CommerceError('NOT_FOUND', `No category has the handle "${params.handle}".`);
  return { ...self, ancestors: links, children: await selectChildCategories(db, self.id) };
}

export function listCollections(db: Database): Promise<Collection[]> {
  return selectCollections(db);
}

export async function getCollectionByHandle(
  db: Database,
  params: { handle: string },
): Promise<Collection> {
  const row = await selectCollectionByHandle(db, params.handle);
  if (!row)
    throw new CommerceError('NOT_FOUND', `No collection has the handle "${params.handle}".`);
  return row;
}

/** Handles for the sitemap: every category and collection and up to `limit` active products. */
export function listSitemapEntries(db: Database, params: { limit: number }) {
  return selectSitemapHandles(db, params.limit);
}
