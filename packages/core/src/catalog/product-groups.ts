import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows } from '@shop/db/query';
import { selectCategories, selectCollections } from '@shop/db/queries/catalog';
import type { CatalogGroup } from '@shop/validators';
import { CommerceError } from '../errors';

/** Every category with its path from the root ("Apparel / T-shirts"), in navigation order. */
export async function listCategoriesForAdmin(db: Database): Promise<CatalogGroup[]> {
  const rows = await selectCategories(db);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return rows.map((row) => {
    const names: string[] = [];
    // At most 32 levels, like the storefront's path: a cycle of parents cannot loop forever.
    for (let at: typeof row | undefined = row, depth = 0; at && depth < 32; depth++) {
      names.unshift(at.name);
      at = at.parentId === null ? undefined : byId.get(Number(at.parentId));
    }
    return { id: Number(row.id), handle: row.handle, name: row.name, path: names.join(' / ') };
  });
}

export async function listCollectionsForAdmin(db: Database): Promise<CatalogGroup[]> {
  const rows = await selectCollections(db);
  return rows.map((r) => ({ id: Number(r.id), handle: r.handle, name: r.title, path: r.title }));
}

/** The ids of the product's categories and collections (the editor's checkboxes). */
export async function productGroupIds(
  db: Database,
  productId: number,
): Promise<{ categoryIds: number[]; collectionIds: number[] }> {
  const categories = await queryRows<{ id: number }>(
    db,
    sql`select category_id as id from product_categories where product_id = ${productId} order by 1`,
  );
  const collections = await queryRows<{ id: number }>(
    db,
    sql`select collection_id as id from collection_products where product_id = ${productId} order by 1`,
  );
  return {
    categoryIds: categories.map((r) => Number(r.id)),
    collectionIds: collections.map((r) => Number(r.id)),
  };
}

/**
 * Makes the product a member of exactly these categories and collections. An id that names no
 * category or collection is a 400 naming it. A product joining a collection goes last in its
 * manual order; one staying keeps its place.
 */
export async function setProductGroups(
  tx: Database,
  productId: number,
  groups: { categoryIds?: readonly number[]; collectionIds?: readonly number[] },
): Promise<void> {
  if (groups.categoryIds) {
    const ids = [...new Set(groups.categoryIds)];
    await assertExist(tx, 'categories', 'category', ids);
    await tx.execute(sql`
      delete from product_categories
       where product_id = ${productId} and not (category_id = any(${bigintArray(ids)}))`);
    await tx.execute(sql`
      insert into product_categories (product_id, category_id)
      select ${productId}, unnest(${bigintArray(ids)}) on conflict do nothing`);
  }
  if (groups.collectionIds) {
    const ids = [...new Set(groups.collectionIds)];
    await assertExist(tx, 'collections', 'collection', ids);
    await tx.execute(sql`
      delete from collection_products
       where product_id = ${productId} and not (collection_id = any(${bigintArray(ids)}))`);
    await tx.execute(sql`
      insert into collection_products (collection_id, product_id, position)
      select c.id, ${productId},
             coalesce((select max(position) + 1 from collection_products cp where cp.collection_id = c.id), 0)
        from unnest(${bigintArray(ids)}) as c(id)
      on conflict do nothing`);
  }
}

async function assertExist(
  tx: Database,
  table: 'categories' | 'collections',
  noun: string,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  const found = await queryRows<{ id: number }>(
    tx,
    sql`select id from ${sql.identifier(table)} where id = any(${bigintArray(ids)})`,
  );
  const known = new Set(found.map((r) => Number(r.id)));
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined)
    throw new CommerceError('INVALID_INPUT', `There is no ${noun} with id ${missing}.`);
}
