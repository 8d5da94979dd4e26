import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import type { Fulfillment } from '@shop/validators';

/**
 * An order's shipments, oldest first, each with its lines: what the admin's order page and the
 * customer's order page show (carrier, tracking number and link per shipment).
 */
export async function loadFulfillments(db: Database, orderId: number): Promise<Fulfillment[]> {
  const rows = await queryRows(
    db,
    sql`
    select f.id, f.carrier, f.tracking_number, f.tracking_url, f.created_at,
           coalesce((select jsonb_agg(jsonb_build_object('orderLineId', fl.order_line_id, 'quantity', fl.quantity)
                                      order by fl.order_line_id)
                       from fulfillment_lines fl where fl.fulfillment_id = f.id), '[]'::jsonb) as lines
      from fulfillments f where f.order_id = ${orderId} order by f.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    carrier: String(r.carrier),
    trackingNumber: String(r.tracking_number),
    trackingUrl: r.tracking_url === null ? null : String(r.tracking_url),
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
    lines: (r.lines as { orderLineId: number | string; quantity: number }[]).map((l) => ({
      orderLineId: Number(l.orderLineId),
      quantity: Number(l.quantity),
    })),
  }));
}

/** What the shipment mail says about one fulfilment (`order.fulfilled`'s `fulfillmentId`). */
export interface ShipmentForMail {
  fulfillmentId: number;
  number: number;
  email: string;
  accessToken: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  lines: { title: string; variantTitle: string; sku: string; quantity: number }[];
  /** Units of the order were still to ship once this shipment left (not refunded ones). */
  isPartial: boolean;
}

/**
 * The shipments these fulfilments are, for the mail handler, by fulfilment id. `isPartial` is
 * judged as of the shipment (fulfilments up to it), so a mail sent late does not say "shipped in
 * full" because a later shipment completed the order.
 */
export async function loadShipmentsForMail(
  db: Database,
  fulfillmentIds: readonly number[],
): Promise<Map<number, ShipmentForMail>> {
  const found = new Map<number, ShipmentForMail>();
  if (fulfillmentIds.length === 0) return found;
  const rows = await queryRows(
    db,
    sql`
    select f.id, o.number, o.email, o.access_token, f.carrier, f.tracking_number, f.tracking_url,
           (select jsonb_agg(jsonb_build_object('title', ol.product_title, 'variantTitle', ol.variant_title,
                                                'sku', ol.sku, 'quantity', fl.quantity) order by ol.id)
              from fulfillment_lines fl join order_lines ol on ol.id = fl.order_line_id
             where fl.fulfillment_id = f.id) as lines,
           exists (select 1 from order_lines ol
                    where ol.order_id = o.id
                      and ol.quantity > coalesce((select sum(fl.quantity) from fulfillment_lines fl
                                                    join fulfillments f2 on f2.id = fl.fulfillment_id
                                                   where fl.order_line_id = ol.id and f2.id <= f.id), 0)
                                      + coalesce((select sum(rl.quantity) from refund_lines rl
                                                   where rl.order_line_id = ol.id), 0)) as is_partial
      from fulfillments f join orders o on o.id = f.order_id
     where f.id in (${sql.join(
       fulfillmentIds.map((id) => sql`${id}`),
       sql`, `,
     )})`,
  );
  for (const r of rows) {
    const id = Number(r.id);
    found.set(id, {
      fulfillmentId: id,
      number: Number(r.number),
      email: String(r.email),
      accessToken: String(r.access_token),
      carrier: String(r.carrier),
      trackingNumber: String(r.tracking_number),
      trackingUrl: r.tracking_url === null ? null : String(r.tracking_url),
      lines: (r.lines as ShipmentForMail['lines'] | null) ?? [],
      isPartial: r.is_partial === true,
    });
  }
  return found;
}
