import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import {
  selectCategories,
  selectCategoryPath,
  selectChildCategories,
  selectCollectionByHandle,
  selectCollections,
  selectSitemapHandles,
} from '@shop/db/queries/catalog';
import type {
  CategoryDetail,
  CategoryLink,
  CategoryNode,
  Collection,
  Listing,
} from '@shop/validators';
import { CommerceError } from '../errors';
import { getRegion } from '../regions/regions';
import { selectProductCards } from './storefront';

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

/** Every collection in the merchant's order (position, then id). */
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

/** A manual-order cursor: the last card's position in the collection and its product id. */
function encodeManualCursor(position: number, productId: number): string {
  return Buffer.from(`${position}.${productId}`).toString('base64url');
}

function decodeManualCursor(cursor: string): { position: number; productId: number } {
  const match = /^(\d{1,9})\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new CommerceError('INVALID_INPUT', 'This page link is not valid any more.');
  return { position: Number(match[1]), productId: Number(match[2]) };
}

/**
 * A collection's active products in the merchant's order (their position in the collection,
 * then product id), one page at a time: what the collection page shows before a shopper sorts
 * or filters it. Cards as every list has them (price in the region's currency, stock).
 * `cursor` is the previous page's `nextCursor`; an unknown handle is NOT_FOUND.
 */
export async function listCollectionProducts(
  db: Database,
  params: { handle: string; region: string; cursor?: string | null; limit: number },
): Promise<Listing> {
  const collection = await getCollectionByHandle(db, { handle: params.handle });
  const region = await getRegion(db, params.region, { fallback: true });
  const after = params.cursor ? decodeManualCursor(params.cursor) : null;
  const rows = await selectProductCards(db, {
    currencyCode: region.currencyCode,
    from: sql`collection_products cp join products p on p.id = cp.product_id`,
    where: after
      ? sql`cp.collection_id = ${collection.id}
            and (cp.position, cp.product_id) > (${after.position}::int, ${after.productId}::bigint)`
      : sql`cp.collection_id = ${collection.id}`,
    order: sql`cp.position, cp.product_id`,
    key: sql`cp.position`,
    limit: params.limit + 1,
  });
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.card),
    nextCursor:
      rows.length > params.limit && last
        ? encodeManualCursor(Number(last.row.cursor_key), last.card.id)
        : null,
  };
}
