import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows, rowCount } from '@shop/db/query';
import type {
  StockAdminPage,
  StockAdminRow,
  StockHistoryPage,
  StockLocation,
} from '@shop/validators';
import { CommerceError } from '../errors';
import { levelsByVariant } from './admin-stock';
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
    sql`${variantSelect}
     where s.id > ${params.cursor ?? 0}
       ${words ? sql`and (s.sku ilike ${pattern} or s.product_title ilike ${pattern} or s.variant_title ilike ${pattern})` : sql``}
       ${params.lowStock ? sql`and s.low_stock_threshold is not null and s.available <= s.low_stock_threshold` : sql``}
     order by s.id limit ${params.limit + 1}`,
  );
  const page = variants.slice(0, params.limit);
  const items = await withLevels(db, page);
  const last = items.at(-1);
  return { items, nextCursor: variants.length > params.limit && last ? last.variantId : null };
}

/** Variants with their product's title and the units available over every location. */
const variantSelect = sql`
  select s.* from (
    select v.id, v.product_id, v.sku, v.title as variant_title, p.title as product_title,
           v.manage_inventory, v.low_stock_threshold,
           coalesce((select sum(il.on_hand - il.reserved) from inventory_levels il
                      where il.variant_id = v.id), 0)::int as available
      from product_variants v join products p on p.id = v.product_id) s`;

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
  const levelsOf = await levelsByVariant(
    db,
    variants.map((v) => Number(v.id)),
  );
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
    sql`${variantSelect} where s.id = ${params.variantId}`,
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
