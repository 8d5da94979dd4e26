import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { queryRows } from '../query';
import { categories, collections, products } from '../schema/index';

/**
 * Typed reads of the catalog's navigation tables: plain data access, no rules. The core builds
 * the tree, decides what "not found" means and shapes what pages show.
 */

export interface CategoryRow {
  id: number;
  parentId: number | null;
  handle: string;
  name: string;
}

export interface CategoryLinkRow {
  id: number;
  handle: string;
  name: string;
}

export interface CollectionRow {
  id: number;
  handle: string;
  title: string;
  description: string;
}

const link = { id: categories.id, handle: categories.handle, name: categories.name };
const collection = {
  id: collections.id,
  handle: collections.handle,
  title: collections.title,
  description: collections.description,
};

/** Every category in navigation order (position, then id). */
export function selectCategories(db: Database): Promise<CategoryRow[]> {
  return db
    .select({ ...link, parentId: categories.parentId })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.id));
}

/**
 * The category with `handle` and its ancestors, root first; empty when no category has the
 * handle. At most 32 levels, so a (schema-permitted) cycle of parents cannot loop forever.
 */
export async function selectCategoryPath(db: Database, handle: string): Promise<CategoryLinkRow[]> {
  const rows = await queryRows<{ id: number | string; handle: string; name: string }>(
    db,
    sql`
    with recursive up as (
      select id, parent_id, handle, name, 0 as depth from categories where handle = ${handle}
      union all
      select c.id, c.parent_id, c.handle, c.name, up.depth + 1
        from categories c join up on c.id = up.parent_id
       where up.depth < 32
    )
    select id, handle, name from up order by depth desc`,
  );
  return rows.map((r) => ({ id: Number(r.id), handle: r.handle, name: r.name }));
}

/** The direct children of a category, in navigation order. */
export function selectChildCategories(db: Database, parentId: number): Promise<CategoryLinkRow[]> {
  return db
    .select(link)
    .from(categories)
    .where(eq(categories.parentId, parentId))
    .orderBy(asc(categories.position), asc(categories.id));
}

export function selectCollections(db: Database): Promise<CollectionRow[]> {
  return db
    .select(collection)
    .from(collections)
    .orderBy(asc(collections.position), asc(collections.id));
}

export async function selectCollectionByHandle(
  db: Database,
  handle: string,
): Promise<CollectionRow | undefined> {
  const [row] = await db
    .select(collection)
    .from(collections)
    .where(eq(collections.handle, handle))
    .limit(1);
  return row;
}

/** Handles for the sitemap: up to `limit` active products (by id), every category and collection. */
export async function selectSitemapHandles(
  db: Database,
  limit: number,
): Promise<{
  products: Array<{ handle: string; updatedAt: Date }>;
  categories: string[];
  collections: string[];
}> {
  const [productRows, categoryRows, collectionRows] = await Promise.all([
    db
      .select({ handle: products.handle, updatedAt: products.updatedAt })
      .from(products)
      .where(eq(products.status, 'active'))
      .orderBy(asc(products.id))
      .limit(limit),
    db
      .select({ handle: categories.handle })
      .from(categories)
      .orderBy(asc(categories.position), asc(categories.id)),
    db
      .select({ handle: collections.handle })
      .from(collections)
      .orderBy(asc(collections.position), asc(collections.id)),
  ]);
  return {
    products: productRows,
    categories: categoryRows.map((r) => r.handle),
    collections: collectionRows.map((r) => r.handle),
  };
}
