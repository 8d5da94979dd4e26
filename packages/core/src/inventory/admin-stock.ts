import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import type { StockLevelsPage, StockSetResult } from '@shop/validators';
import { CommerceError } from '../errors';
import { noteStockChanged } from './stock-events';
import { levelKey, lockLevels } from './stock-ledger';

/**
 * Stock as integrations see it: absolute on-hand counts per SKU and location, read and set by
 * the admin's `stock.*` procedures (an ERP's nightly sync, a stock take). Setting a count never
 * touches `reserved` (units held by live checkouts), so a count below what is held is refused
 * rather than taken from a shopper mid-checkout.
 */

/** Variants keyset-paged by id, each with its level at every location (code order). */
export async function listStockLevels(
  db: Database,
  params: { skus?: readonly string[]; cursor?: number | null; limit: number },
): Promise<StockLevelsPage> {
  const variants = await queryRows<{
    id: number;
    product_id: number;
    sku: string;
    manage_inventory: boolean;
  }>(
    db,
    sql`
    select id, product_id, sku, manage_inventory from product_variants
     where id > ${params.cursor ?? 0}
       ${params.skus ? sql`and sku in ${skuList(params.skus)}` : sql``}
     order by id limit ${params.limit + 1}`,
  );
  const page = variants.slice(0, params.limit);
  const levelsOf = await levelsByVariant(
    db,
    page.map((v) => Number(v.id)),
  );
  const items = page.map((v) => ({
    variantId: Number(v.id),
    productId: Number(v.product_id),
    sku: v.sku,
    manageInventory: v.manage_inventory,
    levels: levelsOf.get(Number(v.id)) ?? [],
  }));
  const last = items.at(-1);
  return { items, nextCursor: variants.length > params.limit && last ? last.variantId : null };
}

/** The levels of these variants at every location (location code order), by variant id. */
export async function levelsByVariant(
  db: Database,
  variantIds: readonly number[],
): Promise<Map<number, StockLevelsPage['items'][number]['levels']>> {
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
     where il.variant_id = any(${bigintArray(variantIds)})
     order by il.variant_id, l.code`,
  );
  const levelsOf = new Map<number, StockLevelsPage['items'][number]['levels']>();
  for (const l of levels) {
    const list = levelsOf.get(Number(l.variant_id)) ?? [];
    const onHand = Number(l.on_hand);
    const reserved = Number(l.reserved);
    list.push({ location: l.code, onHand, reserved, available: onHand - reserved });
    levelsOf.set(Number(l.variant_id), list);
  }
  return levelsOf;
}

/**
 * SKUs as one bound parameter (a JSON array), so no SKU text is ever spliced into SQL. A SKU with
 * a NUL character cannot exist (Postgres text has none) and is left out: jsonb would refuse it,
 * a 500 where the caller deserves "does not exist".
 */
function skuList(skus: readonly string[]) {
  const storable = skus.filter((s) => !s.includes('\u0000'));
  return sql`(select jsonb_array_elements_text(${JSON.stringify(storable)}::jsonb))`;
}

interface Target {
  sku: string;
  location: string;
  variantId: number;
  productId: number;
  locationId: number;
  onHand: number;
}

/** A list of names for a sentence: `"A"`, `"A" and "B"`, `"A", "B" and 3 more`. */
function named(values: readonly string[]): string {
  const quoted = values.slice(0, 3).map((v) => `"${v}"`);
  const more = values.length - quoted.length;
  if (more > 0) return `${quoted.join(', ')} and ${more} more`;
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`
    : (quoted[0] ?? '');
}

/**
 * Each SKU's variant and each location's id, or INVALID_INPUT naming what is unknown. A line
 * without a location counts at the default location: the shop's first (lowest id), which is the
 * only one until the admin manages locations.
 */
async function resolveTargets(
  tx: Database,
  items: ReadonlyArray<{ sku: string; location?: string; onHand: number }>,
): Promise<Target[]> {
  const skus = [...new Set(items.map((i) => i.sku))];
  const variants = await queryRows<{ id: number; product_id: number; sku: string }>(
    tx,
    sql`select id, product_id, sku from product_variants
         where sku in ${skuList(skus)}`,
  );
  const variantOf = new Map(variants.map((v) => [v.sku, v]));
  const unknown = skus.filter((s) => !variantOf.has(s));
  if (unknown.length > 0)
    throw new CommerceError(
      'INVALID_INPUT',
      `${unknown.length === 1 ? 'SKU' : 'SKUs'} ${named(unknown)} ${unknown.length === 1 ? 'does' : 'do'} not exist; nothing was changed.`,
    );
  const locations = await queryRows<{ id: number; code: string }>(
    tx,
    sql`select id, code from stock_locations order by id`,
  );
  const fallback = locations[0];
  const locationOf = new Map(locations.map((l) => [l.code, l]));
  const targets = items.map((item) => {
    const variant = variantOf.get(item.sku);
    const location = item.location === undefined ? fallback : locationOf.get(item.location);
    if (!location)
      throw new CommerceError(
        'INVALID_INPUT',
        item.location === undefined
          ? 'The shop has no stock location to count SKUs at; nothing was changed.'
          : `Stock location "${item.location}" (for SKU "${item.sku}") does not exist; nothing was changed.`,
      );
    if (!variant) throw new Error(`SKU ${item.sku} was resolved but not found`);
    return {
      sku: item.sku,
      location: location.code,
      variantId: Number(variant.id),
      productId: Number(variant.product_id),
      locationId: Number(location.id),
      onHand: item.onHand,
    };
  });
  assertOneCountPerLevel(targets);
  return targets;
}

/**
 * The schema refuses a SKU listed twice for one location, but a line without a location and one
 * naming the default location are one level too: two counts for one row would leave whichever
 * the UPDATE met last, while the answer reported both.
 */
function assertOneCountPerLevel(targets: readonly Target[]): void {
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.variantId}:${t.locationId}`;
    if (seen.has(key))
      throw new CommerceError(
        'INVALID_INPUT',
        `SKU "${t.sku}" is listed twice for location ${t.location} (a line without a location counts there); send one count per SKU and location. Nothing was changed.`,
      );
    seen.add(key);
  }
}

/**
 * Sets absolute on-hand counts (validated by `zStockSetInput`: 1..500 lines, whole numbers, one
 * per SKU and location), all or nothing, in one transaction. Refused with a sentence naming the
 * SKU, and nothing written: an unknown SKU or location, or a count below what live checkouts
 * hold there. The levels are locked in (variant, location) order, the order the reservations
 * take them in, so a sync running beside checkouts (or another sync) waits instead of
 * deadlocking, and each count is judged against the reserved units at that moment.
 *
 * Only lines whose count moves are written, and they are noted as one `stock.changed`
 * (`adjusted`), so pages and search refresh; replaying the same call changes nothing and emits
 * nothing. Each moved count is a stock history row (reason `sync`, the caller's `reason` text as
 * its note, `actor` as who), written in the same transaction.
 */
export async function setStockLevels(
  db: Database,
  params: {
    items: ReadonlyArray<{ sku: string; location?: string; onHand: number }>;
    reason?: string;
    actor?: string;
  },
): Promise<StockSetResult> {
  return runTransaction(db, async (tx) => {
    const targets = await resolveTargets(tx, params.items);
    // Rows a variant never had at a location are created at 0 first; all locked in order.
    const levelOf = await lockLevels(tx, targets);
    const changed: Array<Target & { from: number }> = [];
    for (const t of targets) {
      const level = levelOf.get(levelKey(t.variantId, t.locationId));
      if (!level) throw new Error(`inventory level ${t.variantId}:${t.locationId} was not created`);
      if (t.onHand < level.reserved)
        throw new CommerceError(
          'INVALID_INPUT',
          `SKU "${t.sku}" has ${level.reserved} units held by checkouts at ${t.location}; its on-hand count cannot be set below ${level.reserved}. Nothing was changed.`,
        );
      if (t.onHand !== level.onHand) changed.push({ ...t, from: level.onHand });
    }
    if (changed.length > 0) {
      const rows = JSON.stringify(
        changed.map((c) => ({
          variant_id: c.variantId,
          location_id: c.locationId,
          on_hand: c.onHand,
        })),
      );
      await tx.execute(sql`
        update inventory_levels il set on_hand = c.on_hand, updated_at = now()
          from jsonb_to_recordset(${rows}::jsonb) as c(variant_id bigint, location_id bigint, on_hand int)
         where il.variant_id = c.variant_id and il.location_id = c.location_id`);
      const history = JSON.stringify(
        changed.map((c) => ({
          variant_id: c.variantId,
          location_id: c.locationId,
          delta: c.onHand - c.from,
          on_hand_after: c.onHand,
        })),
      );
      await tx.execute(sql`
        insert into stock_adjustments (variant_id, location_id, delta, on_hand_after, reason, note, actor)
        select h.variant_id, h.location_id, h.delta, h.on_hand_after, 'sync',
               ${params.reason ?? ''}, ${params.actor ?? 'api'}
          from jsonb_to_recordset(${history}::jsonb)
            as h(variant_id bigint, location_id bigint, delta int, on_hand_after int)`);
      await noteStockChanged(
        tx,
        'adjusted',
        changed.map((c) => ({ variantId: c.variantId, productId: c.productId })),
      );
    }
    return {
      changed: changed.map((c) => ({
        sku: c.sku,
        location: c.location,
        from: c.from,
        to: c.onHand,
      })),
      unchanged: targets.length - changed.length,
    };
  });
}
