import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows } from '@shop/db/query';
import { noteStockChanged, type StockChange, type StockChangeReason } from './stock-events';

/**
 * Stock reservations. Each function runs inside the caller's transaction and keeps the invariant
 * `inventory_levels.reserved = Σ active reservations` for every level it touches. Availability is
 * decided by one conditional UPDATE per line, never by a read followed by a write, so concurrent
 * checkouts cannot both take the last unit. A function that changes available stock notes it
 * (`noteStockChanged`): the transaction's one `stock.changed` event names the variants.
 */
export interface ReserveLine {
  variantId: number;
  quantity: number;
}

/**
 * Reserves `quantity` of the variant at one location that has enough available
 * (`on_hand - reserved >= quantity`), trying locations with the most available first. Returns the
 * location id, or null when no location can hold the whole quantity.
 */
async function reserveOne(tx: Database, line: ReserveLine): Promise<number | null> {
  // The common case, in one statement: the location with the most available stock.
  const first = await queryRows(
    tx,
    sql`
    update inventory_levels il
       set reserved = il.reserved + ${line.quantity}, updated_at = now()
      from (select location_id from inventory_levels
             where variant_id = ${line.variantId} and on_hand - reserved >= ${line.quantity}
             order by on_hand - reserved desc, location_id limit 1) best
     where il.variant_id = ${line.variantId} and il.location_id = best.location_id
       and il.on_hand - il.reserved >= ${line.quantity}
     returning il.location_id`,
  );
  const row = first[0];
  if (row) return Number(row.location_id);
  // Lost a race for that location (or none has enough): try every location that still might.
  const candidates = await queryRows(
    tx,
    sql`
    select location_id from inventory_levels
     where variant_id = ${line.variantId} and on_hand - reserved >= ${line.quantity}
     order by on_hand - reserved desc, location_id`,
  );
  for (const c of candidates) {
    const updated = await queryRows(
      tx,
      sql`
      update inventory_levels
         set reserved = reserved + ${line.quantity}, updated_at = now()
       where variant_id = ${line.variantId} and location_id = ${Number(c.location_id)}
         and on_hand - reserved >= ${line.quantity}
       returning location_id`,
    );
    const hit = updated[0];
    if (hit) return Number(hit.location_id);
  }
  return null;
}

/**
 * Reserves every line for the checkout until `expiresAt`. Lines of variants that do not manage
 * inventory are skipped. Returns the variant ids that could not be reserved; when the list is not
 * empty the caller must roll the transaction back (nothing is undone here). `reason` is the
 * `stock.changed` reason (a checkout start, or a payment taking lapsed holds again).
 */
export async function reserveStock(
  tx: Database,
  checkoutId: string,
  lines: readonly ReserveLine[],
  expiresAt: Date,
  reason: Extract<StockChangeReason, 'checkout_started' | 'order_placed'>,
): Promise<number[]> {
  const managed = await queryRows<{ id: number; product_id: number }>(
    tx,
    sql`
    select id, product_id from product_variants
     where id = any(${bigintArray(lines.map((l) => l.variantId))})
       and manage_inventory`,
  );
  const productOf = new Map(managed.map((r) => [Number(r.id), Number(r.product_id)]));
  const managedIds = new Set(productOf.keys());
  const failed: number[] = [];
  // A stable order (by variant id) so that two checkouts never wait on each other's rows in
  // opposite orders.
  const sorted = [...lines]
    .filter((l) => managedIds.has(l.variantId))
    .sort((a, b) => a.variantId - b.variantId);
  const held: Array<{ variant_id: number; location_id: number; quantity: number }> = [];
  for (const line of sorted) {
    const locationId = await reserveOne(tx, line);
    if (locationId === null) failed.push(line.variantId);
    else
      held.push({ variant_id: line.variantId, location_id: locationId, quantity: line.quantity });
  }
  if (held.length > 0 && failed.length === 0) {
    await tx.execute(sql`
      insert into reservations (checkout_id, variant_id, location_id, quantity, expires_at)
      select ${checkoutId}, h.variant_id, h.location_id, h.quantity, ${expiresAt.toISOString()}
        from jsonb_to_recordset(${JSON.stringify(held)}::jsonb) as h(variant_id bigint, location_id bigint, quantity int)`);
    await noteStockChanged(
      tx,
      reason,
      held.flatMap((h) => {
        const productId = productOf.get(h.variant_id);
        return productId === undefined ? [] : [{ variantId: h.variant_id, productId }];
      }),
    );
  }
  return failed;
}

/**
 * Locks the inventory rows a checkout's active reservations point at, in (variant, location)
 * order — the same order `reserveStock` takes them in — so that converting or releasing two
 * checkouts that share variants cannot deadlock.
 */
async function lockReservedLevels(tx: Database, checkoutId: string): Promise<void> {
  await tx.execute(sql`
    select 1 from inventory_levels il
     where (il.variant_id, il.location_id) in (
       select variant_id, location_id from reservations where checkout_id = ${checkoutId} and status = 'active')
     order by il.variant_id, il.location_id
     for update`);
}

/**
 * Turns the checkout's active reservations into a sale: the units leave `on_hand` and `reserved`
 * together, so available stock does not change (it did when they were reserved) and no
 * `stock.changed` is noted. Returns how many reservations were converted (0 when there were
 * none to convert, e.g. they had been released).
 */
export async function convertReservations(tx: Database, checkoutId: string): Promise<number> {
  await lockReservedLevels(tx, checkoutId);
  const converted = await queryRows(
    tx,
    sql`
    with r as (
      update reservations set status = 'converted', updated_at = now()
       where checkout_id = ${checkoutId} and status = 'active'
       returning variant_id, location_id, quantity
    ), totals as (
      select variant_id, location_id, sum(quantity)::int as quantity from r group by variant_id, location_id
    )
    update inventory_levels il
       set on_hand = il.on_hand - totals.quantity,
           reserved = il.reserved - totals.quantity,
           updated_at = now()
      from totals
     where il.variant_id = totals.variant_id and il.location_id = totals.location_id
    returning il.variant_id`,
  );
  return converted.length;
}

/**
 * Gives the checkout's active reservations back to available stock, noting `stock.changed` for
 * their variants with `reason` (lapsed holds, or an attempt cancelled, replaced or failed).
 * Returns how many inventory levels were given units back.
 */
export async function releaseReservations(
  tx: Database,
  checkoutId: string,
  reason: Extract<StockChangeReason, 'checkout_expired' | 'checkout_closed'>,
): Promise<number> {
  await lockReservedLevels(tx, checkoutId);
  const released = await queryRows<StockChange>(
    tx,
    sql`
    with r as (
      update reservations set status = 'released', updated_at = now()
       where checkout_id = ${checkoutId} and status = 'active'
       returning variant_id, location_id, quantity
    ), totals as (
      select variant_id, location_id, sum(quantity)::int as quantity from r group by variant_id, location_id
    )
    update inventory_levels il
       set reserved = il.reserved - totals.quantity, updated_at = now()
      from totals join product_variants pv on pv.id = totals.variant_id
     where il.variant_id = totals.variant_id and il.location_id = totals.location_id
    returning il.variant_id as "variantId", pv.product_id as "productId"`,
  );
  await noteStockChanged(tx, reason, released);
  return released.length;
}

/** Units available to sell now, per variant (summed over locations). */
export async function availableStock(
  db: Database,
  variantIds: readonly number[],
): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  if (variantIds.length === 0) return map;
  const rows = await queryRows(
    db,
    sql`
    select v.id, v.manage_inventory, coalesce(sum(il.on_hand - il.reserved), 0)::int as available
      from product_variants v
      left join inventory_levels il on il.variant_id = v.id
     where v.id = any(${bigintArray(variantIds)})
     group by v.id`,
  );
  for (const r of rows) {
    map.set(
      Number(r.id),
      r.manage_inventory === false ? Number.MAX_SAFE_INTEGER : Number(r.available),
    );
  }
  return map;
}
