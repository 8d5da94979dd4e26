import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, updatedAt } from './columns';
import { productVariants } from './catalog';

export const stockLocations = pgTable(
  'stock_locations',
  {
    id: id(),
    code: text().notNull(),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('stock_locations_code_key').on(t.code)],
);

/**
 * Units of one variant at one location. `reserved` counts units held by live checkouts; the
 * CHECKs make overselling impossible whatever the application does: available stock
 * (`on_hand - reserved`) can never go below zero.
 */
export const inventoryLevels = pgTable(
  'inventory_levels',
  {
    variantId: ref()
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    locationId: ref()
      .notNull()
      .references(() => stockLocations.id, { onDelete: 'restrict' }),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.locationId] }),
    index('inventory_levels_location_id_idx').on(t.locationId),
    check('inventory_levels_on_hand_nonnegative', sql`${t.onHand} >= 0`),
    check('inventory_levels_reserved_nonnegative', sql`${t.reserved} >= 0`),
    check('inventory_levels_reserved_within_on_hand', sql`${t.reserved} <= ${t.onHand}`),
  ],
);
