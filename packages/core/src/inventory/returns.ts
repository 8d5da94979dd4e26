import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { noteStockChanged } from './stock-events';

/** Units of an order line going back on the shelf. */
export interface ReturnedUnits {
  variantId: number;
  quantity: number;
}

/**
 * Puts units of an order back in stock, inside the caller's transaction (the order row already
 * locked): `on_hand` rises at the location the order's sale took them from (its converted
 * reservations), or at the default location (the shop's first) when that is unknown. Each level
 * changed gets a `stock_adjustments` row with `reason` (`cancel`: a cancelled order's unshipped
 * units; `returned`: units refunded with restock) and the actor, and the variants are noted as
 * one `stock.changed` (`restock`). Levels are locked in (variant, location) order, as
 * reservations take them.
 */
export async function returnToStock(
  tx: Database,
  params: {
    orderId: number;
    units: readonly ReturnedUnits[];
    reason: 'cancel' | 'returned';
    actor: string;
    note?: string;
  },
): Promise<void> {
  const units = params.units.filter((u) => u.quantity > 0);
  if (units.length === 0) return;
  // Where each variant goes back: where the sale took it from, else the default location.
  const placed = await queryRows<{ variantId: number; locationId: number; quantity: number }>(
    tx,
    sql`
    select w.variant_id as "variantId", w.quantity,
           coalesce((select r.location_id from reservations r join orders o on o.checkout_id = r.checkout_id
                      where o.id = ${params.orderId} and r.variant_id = w.variant_id and r.status = 'converted'
                      order by r.id limit 1),
                    (select min(id) from stock_locations)) as "locationId"
      from (select variant_id, sum(quantity)::int as quantity
              from jsonb_to_recordset(${JSON.stringify(
                units.map((u) => ({ variant_id: u.variantId, quantity: u.quantity })),
              )}::jsonb) as x(variant_id bigint, quantity int)
             group by variant_id) w
     order by w.variant_id`,
  );
  const rows = JSON.stringify(
    placed.map((p) => ({
      variant_id: Number(p.variantId),
      location_id: Number(p.locationId),
      quantity: Number(p.quantity),
    })),
  );
  await tx.execute(sql`
    select 1 from inventory_levels il
      join jsonb_to_recordset(${rows}::jsonb) as p(variant_id bigint, location_id bigint, quantity int)
        on p.variant_id = il.variant_id and p.location_id = il.location_id
     order by il.variant_id, il.location_id
       for update of il`);
  const changed = await queryRows<{ variantId: number; productId: number }>(
    tx,
    sql`
    with p as (
      select * from jsonb_to_recordset(${rows}::jsonb) as p(variant_id bigint, location_id bigint, quantity int)
    ), levels as (
      insert into inventory_levels (variant_id, location_id, on_hand)
      select variant_id, location_id, quantity from p
      on conflict (variant_id, location_id)
      do update set on_hand = inventory_levels.on_hand + excluded.on_hand, updated_at = now()
      returning variant_id, location_id, on_hand
    ), logged as (
      insert into stock_adjustments (variant_id, location_id, delta, on_hand_after, reason, note, actor)
      select l.variant_id, l.location_id, p.quantity, l.on_hand, ${params.reason}, ${params.note ?? ''}, ${params.actor}
        from levels l join p on p.variant_id = l.variant_id
      returning variant_id
    )
    select v.id as "variantId", v.product_id as "productId"
      from product_variants v where v.id in (select variant_id from logged)`,
  );
  await noteStockChanged(
    tx,
    'restock',
    changed.map((c) => ({ variantId: Number(c.variantId), productId: Number(c.productId) })),
  );
}
