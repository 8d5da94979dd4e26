import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows, rowCount } from '@shop/db/query';
import type {
  StockAdminPage,
  StockAdminRow,
  StockHistoryPage,
  StockLocation,
} from '@shop/validators';
import { CommerceError } from '../errors';
import { listStockAdjustments } from './stock-ledger';

/**
 * The admin's stock page: variants with their levels at every location, searched by SKU or
 * title, optionally only those at or below their low-stock threshold. Keyset-paged by variant
 * id. "Low" compares the units shoppers can buy (on hand less reserved, over every location)
 * with the variant's threshold; a variant without a threshold is never low.
 */
export async function listStockForAdmin(
  db: Database,
  params: { query?: string; lowStock?: boolean; cursor?: number | null; limit: number },
): Promise<StockAdminPage> {
  const words = params.query?.replaceAll('\u0000', '').trim() ?? '';
  const pattern = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const variants = await queryRows<VariantRow>(
    db,
    sql`
    select v.id, v.product_id, v.sku, v.title as variant_title, p.title as product_title,
           v.manage_inventory, v.low_stock_threshold,
           coalesce((select sum(il.on_hand - il.reserved) from inventory_levels il
                      where il.variant_id = v.id), 0)::int as available
      from product_variants v join products p on p.id = v.product_id
     where v.id > ${params.cursor ?? 0}
       ${words ? sql`and (v.sku ilike ${pattern} or p.title ilike ${pattern} or v.title ilike ${pattern})` : sql``}
       ${
         params.lowStock
           ? sql`and v.low_stock_threshold is not null and coalesce((select sum(il.on_hand - il.reserved)
                   from inventory_levels il where il.variant_id = v.id), 0) <= v.low_stock_threshold`
           : sql``
       }
     order by v.id limit ${params.limit + 1}`,
  );
  const page = variants.slice(0, params.limit);
  const items = await withLevels(db, page);
  const last = items.at(-1);
  return { items, nextCursor: variants.length > params.limit && last ? last.variantId : null };
}

interface VariantRow {
  id: number;
  product_id: number;
  sku: string;
  variant_title: string;
  product_title: string;
  manage_inventory: boolean;
  low_stock_threshold: number | null;
  available: number;
}

async function withLevels(db: Database, variants: readonly VariantRow[]): Promise<StockAdminRow[]> {
  const levels = await queryRows<{
    variant_id: number;
    code: string;
    on_hand: number;
    reserved: number;
  }>(
    db,
    sql`
    select il.variant_id, l.code, il.on_hand, il.reserved
      from inventory_levels il join stock_locations l on l.id = il.location_id
     where il.variant_id = any(${bigintArray(variants.map((v) => Number(v.id)))})
     order by il.variant_id, l.code`,
  );
  const levelsOf = new Map<number, StockAdminRow['levels']>();
  for (const l of levels) {
    const list = levelsOf.get(Number(l.variant_id)) ?? [];
    const onHand = Number(l.on_hand);
    const reserved = Number(l.reserved);
    list.push({ location: l.code, onHand, reserved, available: onHand - reserved });
    levelsOf.set(Number(l.variant_id), list);
  }
  return variants.map((v) => {
    const threshold = v.low_stock_threshold === null ? null : Number(v.low_stock_threshold);
    const available = Number(v.available);
    return {
      variantId: Number(v.id),
      productId: Number(v.product_id),
      sku: v.sku,
      productTitle: v.product_title,
      variantTitle: v.variant_title,
      manageInventory: v.manage_inventory,
      lowStockThreshold: threshold,
      available,
      isLow: threshold !== null && available <= threshold,
      levels: levelsOf.get(Number(v.id)) ?? [],
    };
  });
}

/** One variant's row of the stock page and its history (newest first), or VARIANT_NOT_FOUND. */
export async function getStockHistory(
  db: Database,
  params: { variantId: number; cursor?: number | null; limit: number },
): Promise<StockHistoryPage> {
  const rows = await queryRows<VariantRow>(
    db,
    sql`
    select v.id, v.product_id, v.sku, v.title as variant_title, p.title as product_title,
           v.manage_inventory, v.low_stock_threshold,
           coalesce((select sum(il.on_hand - il.reserved) from inventory_levels il
                      where il.variant_id = v.id), 0)::int as available
      from product_variants v join products p on p.id = v.product_id
     where v.id = ${params.variantId}`,
  );
  const [variant] = await withLevels(db, rows);
  if (!variant)
    throw new CommerceError('VARIANT_NOT_FOUND', `Variant ${params.variantId} does not exist.`);
  return { variant, ...(await listStockAdjustments(db, params)) };
}

/**
 * Sets (or, with null, clears) the units at or below which a variant shows as low on the stock
 * page. Setting the value it already has is a no-op, so a double submit is harmless.
 */
export async function setLowStockThreshold(
  db: Database,
  params: { variantId: number; threshold: number | null },
): Promise<void> {
  const updated = await rowCount(
    db,
    sql`update product_variants set low_stock_threshold = ${params.threshold}
         where id = ${params.variantId}`,
  );
  if (updated === 0)
    throw new CommerceError('VARIANT_NOT_FOUND', `Variant ${params.variantId} does not exist.`);
}

/** Every stock location, in id order (the first is where counts without a location go). */
export async function listStockLocations(db: Database): Promise<StockLocation[]> {
  const rows = await queryRows<{ id: number; code: string; name: string }>(
    db,
    sql`select id, code, name from stock_locations order by id`,
  );
  return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name }));
}
