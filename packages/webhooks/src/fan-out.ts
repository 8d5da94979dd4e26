import type { StoredDomainEvent } from '@shop/core';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { sql } from 'drizzle-orm';
import { wakeEndpoint } from './endpoints';

/**
 * What orders an event's deliveries: per endpoint, deliveries with the same key are sent one
 * after another, oldest first (an order's `order.placed` before its `order.refunded`), while
 * different keys go out in parallel. The key is the resource the event is about.
 */
export function resourceKeyOf(event: StoredDomainEvent): string {
  switch (event.type) {
    case 'product.created':
    case 'product.updated':
    case 'product.archived':
    case 'prices.changed':
      return `product:${event.payload.productId}`;
    // Stock moves of many products in one event: one sequence for all of them.
    case 'stock.changed':
      return 'stock';
    // One batch of an import: the products of a file, in file order.
    case 'catalog.imported':
      return 'catalog-import';
    case 'order.placed':
    case 'order.paid':
    case 'order.fulfilled':
    case 'order.cancelled':
      return `order:${event.payload.orderId}`;
    case 'order.refunded':
      return event.payload.orderId === null
        ? `payment:${event.payload.paymentId}`
        : `order:${event.payload.orderId}`;
    case 'customer.created':
      return `customer:${event.payload.customerId}`;
    case 'checkout.expired':
      return `checkout:${event.payload.checkoutId}`;
  }
}

/**
 * Turns a dispatcher batch into deliveries, in the batch's transaction: one per (enabled
 * endpoint subscribed to the event's type, event), in event order, and one wake-up job per
 * endpoint that got any. `ON CONFLICT DO NOTHING` on (endpoint, event) makes a batch dispatched
 * twice (the dispatcher is at least once) add nothing the second time. A disabled endpoint gets
 * no deliveries for the events of the time it is disabled; the ones it had wait for it.
 * Returns the endpoints woken.
 */
export async function fanOutEvents(
  tx: Database,
  events: readonly StoredDomainEvent[],
): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => ({ id: e.id, type: e.type, key: resourceKeyOf(e) }));
  const touched = await queryRows<{ endpoint_id: number }>(
    tx,
    sql`
    with ev as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(id bigint, type text, key text)
    ), added as (
      insert into webhook_deliveries (endpoint_id, event_id, event_type, resource_key)
      select w.id, ev.id, ev.type, ev.key
        from ev join webhook_endpoints w on w.enabled and ev.type = any(w.events)
       order by ev.id, w.id
      on conflict (endpoint_id, event_id) do nothing
      returning endpoint_id
    )
    select distinct endpoint_id::int as endpoint_id from added order by 1`,
  );
  const ids = touched.map((t) => Number(t.endpoint_id));
  for (const id of ids) await wakeEndpoint(tx, id);
  return ids;
}
