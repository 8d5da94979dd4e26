import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import type { AddressSnapshot } from '@shop/db/schema';
import { queryRows } from '@shop/db/query';
import type { Fulfillment } from '@shop/validators';
import { CommerceError } from '../errors';
import { loadFulfillments } from './fulfillments';

export interface OrderSummary {
  id: number;
  number: number;
  createdAt: Date;
  status: string;
  paymentStatus: string;
  fulfillmentStatus: string;
  currencyCode: string;
  total: number;
  itemCount: number;
}

export interface OrderDetail extends OrderSummary {
  email: string;
  taxInclusive: boolean;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  shippingAddress: AddressSnapshot;
  shippingOptionName: string;
  discountCode: string | null;
  lines: Array<{
    id: number;
    productTitle: string;
    variantTitle: string;
    sku: string;
    unitPrice: number;
    quantity: number;
    subtotal: number;
    discountTotal: number;
    taxTotal: number;
    total: number;
    /** Units shipped so far. */
    fulfilledQuantity: number;
  }>;
  fulfillments: Fulfillment[];
  events: Array<{ type: string; message: string; createdAt: Date }>;
}

type Row = Record<string, unknown>;

function toSummary(r: Row): OrderSummary {
  return {
    id: Number(r.id),
    number: Number(r.number),
    createdAt: new Date(String(r.created_at)),
    status: String(r.status),
    paymentStatus: String(r.payment_status),
    fulfillmentStatus: String(r.fulfillment_status),
    currencyCode: String(r.currency_code),
    total: Number(r.total),
    itemCount: Number(r.item_count ?? 0),
  };
}

/** The customer's orders, newest first, keyset-paged by id. */
export async function listCustomerOrders(
  db: Database,
  params: { customerId: string; cursor?: number | null; limit: number },
): Promise<{ items: OrderSummary[]; nextCursor: number | null }> {
  const rows = await queryRows(
    db,
    sql`
    select o.id, o.number, o.created_at, o.status, o.payment_status, o.fulfillment_status, o.currency_code, o.total,
           (select coalesce(sum(quantity), 0) from order_lines where order_id = o.id) as item_count
      from orders o
     where o.customer_id = ${params.customerId} ${params.cursor ? sql`and o.id < ${params.cursor}` : sql``}
     order by o.id desc limit ${params.limit + 1}`,
  );
  const items = rows.slice(0, params.limit).map(toSummary);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > params.limit && last ? last.id : null };
}

async function loadDetail(
  db: Database,
  where: ReturnType<typeof sql>,
): Promise<(OrderDetail & { customerId: string | null; accessToken: string }) | null> {
  const found = await queryRows(
    db,
    sql`
    select o.*, (select coalesce(sum(quantity), 0) from order_lines where order_id = o.id) as item_count
      from orders o where ${where} limit 1`,
  );
  const r = found[0];
  if (!r) return null;
  const [lines, events] = [
    await queryRows(
      db,
      sql`
      select ol.*, coalesce((select sum(fl.quantity) from fulfillment_lines fl where fl.order_line_id = ol.id), 0) as fulfilled
        from order_lines ol where ol.order_id = ${Number(r.id)} order by ol.id`,
    ),
    // Staff notes are for staff: the shopper's history leaves them out.
    await queryRows(
      db,
      sql`select type, message, created_at from order_events where order_id = ${Number(r.id)} and type <> 'note' order by id`,
    ),
  ];
  const fulfillments = await loadFulfillments(db, Number(r.id));
  return {
    ...toSummary(r),
    customerId: r.customer_id === null ? null : String(r.customer_id),
    accessToken: String(r.access_token),
    email: String(r.email),
    taxInclusive: r.tax_inclusive === true,
    subtotal: Number(r.subtotal),
    discountTotal: Number(r.discount_total),
    shippingTotal: Number(r.shipping_total),
    taxTotal: Number(r.tax_total),
    shippingAddress: r.shipping_address as AddressSnapshot,
    shippingOptionName: String(r.shipping_option_name),
    discountCode: r.discount_code === null ? null : String(r.discount_code),
    lines: lines.map((l) => ({
      id: Number(l.id),
      productTitle: String(l.product_title),
      variantTitle: String(l.variant_title),
      sku: String(l.sku),
      unitPrice: Number(l.unit_price),
      quantity: Number(l.quantity),
      subtotal: Number(l.subtotal),
      discountTotal: Number(l.discount_total),
      taxTotal: Number(l.tax_total),
      total: Number(l.total),
      fulfilledQuantity: Number(l.fulfilled),
    })),
    fulfillments,
    events: events.map((e) => ({
      type: String(e.type),
      message: String(e.message),
      createdAt: new Date(String(e.created_at)),
    })),
  };
}

function strip<T extends { customerId: string | null; accessToken: string }>(
  o: T,
): Omit<T, 'customerId' | 'accessToken'> {
  const { customerId: _c, accessToken: _a, ...rest } = o;
  return rest;
}

const notFound = () => new CommerceError('ORDER_NOT_FOUND', 'We could not find that order.');

/** A customer's own order by number; anyone else's is "not found", never "forbidden". */
export async function getOrderForCustomer(
  db: Database,
  params: { number: number; customerId: string },
): Promise<OrderDetail> {
  const order = await loadDetail(
    db,
    sql`o.number = ${params.number} and o.customer_id = ${params.customerId}`,
  );
  if (!order) throw notFound();
  return strip(order);
}

/**
 * An order by number and the unguessable token from its confirmation mail (the guest's only way
 * in). The token is compared in constant time; a wrong one is "not found".
 */
export async function getOrderByToken(
  db: Database,
  params: { number: number; token: string },
): Promise<OrderDetail> {
  const order = await loadDetail(db, sql`o.number = ${params.number}`);
  if (!order) throw notFound();
  const a = Buffer.from(order.accessToken);
  const b = Buffer.from(params.token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw notFound();
  return strip(order);
}
