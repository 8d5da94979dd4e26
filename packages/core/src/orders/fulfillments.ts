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
