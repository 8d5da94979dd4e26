import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { emitEvents } from '../events/emit';
import type { CheckoutSnapshot, PlacedOrder } from './types';
import { convertReservations } from '../inventory/reservations';
import { applyCheckoutReview } from './flags';

type Row = Record<string, unknown>;

/**
 * Writes the order for a paid checkout, inside the completion transaction: lines snapshot title,
 * SKU and price; reservations become a sale; the discount claim passes to the order; the cart
 * closes; and `order.placed` and `order.paid` are emitted in the same transaction (the
 * dispatcher turns them into the confirmation mail). No `stock.changed`: the sale takes units
 * that were already reserved, so available stock stays what it was since the checkout started.
 */
export async function createOrderFromCheckout(
  tx: Database,
  params: {
    checkoutId: string;
    paymentId: number;
    snapshot: CheckoutSnapshot;
    currencyCode: string;
    discountId: number | null;
    accessToken: string;
  },
): Promise<PlacedOrder> {
  const s = params.snapshot;
  const totals = await queryRows(
    tx,
    sql`
    select cart_id, subtotal, discount_total, shipping_total, tax_total, total, review from checkouts where id = ${params.checkoutId}`,
  );
  const t = totals[0] as Row;
  const inserted = await queryRows(
    tx,
    sql`
    insert into orders (checkout_id, cart_id, customer_id, email, access_token, region_id, currency_code, tax_inclusive,
                        subtotal, discount_total, shipping_total, tax_total, total, shipping_address,
                        shipping_option_name, discount_code, discount_id)
    values (${params.checkoutId}, ${String(t.cart_id)}, ${s.customerId}, ${s.email}, ${params.accessToken}, ${s.regionId},
            ${params.currencyCode}, ${s.taxInclusive}, ${Number(t.subtotal)}, ${Number(t.discount_total)},
            ${Number(t.shipping_total)}, ${Number(t.tax_total)}, ${Number(t.total)}, ${JSON.stringify(s.shippingAddress)}::jsonb,
            ${s.shippingOptionName}, ${s.discountCode}, ${params.discountId})
    returning id, number`,
  );
  const order = inserted[0] as Row;
  const orderId = Number(order.id);
  const number = Number(order.number);

  // All lines in one statement (one round trip however long the order).
  await tx.execute(sql`
    insert into order_lines (order_id, product_id, variant_id, product_title, variant_title, sku, unit_price, quantity,
                             subtotal, discount_total, tax_total, total)
    select ${orderId}, l.product_id, l.variant_id, l.product_title, l.variant_title, l.sku, l.unit_price, l.quantity,
           l.subtotal, l.discount_total, l.tax_total, l.total
      from jsonb_to_recordset(${JSON.stringify(
        s.lines.map((l) => ({
          product_id: l.productId,
          variant_id: l.variantId,
          product_title: l.productTitle,
          variant_title: l.variantTitle,
          sku: l.sku,
          unit_price: l.unitPrice,
          quantity: l.quantity,
          subtotal: l.subtotal,
          discount_total: l.discountTotal,
          tax_total: l.taxTotal,
          total: l.total,
        })),
      )}::jsonb) as l(product_id bigint, variant_id bigint, product_title text, variant_title text, sku text,
                      unit_price bigint, quantity int, subtotal bigint, discount_total bigint, tax_total bigint, total bigint)`);
  // The bookkeeping that closes the checkout, in one round trip.
  await tx.execute(sql`
    with p as (update payments set order_id = ${orderId} where id = ${params.paymentId}),
         d as (update discount_redemptions set order_id = ${orderId}
                where checkout_id = ${params.checkoutId} and not released),
         c as (update checkouts set status = 'completed', updated_at = now() where id = ${params.checkoutId}),
         k as (update carts set status = 'completed', updated_at = now() where id = ${String(t.cart_id)})
    insert into order_events (order_id, type, message, data)
    values (${orderId}, 'placed', ${`Order #${number} placed by ${s.email}.`}, null),
           (${orderId}, 'paid', 'Payment captured.',
            ${JSON.stringify({ paymentId: params.paymentId, amount: Number(t.total), currencyCode: params.currencyCode })}::jsonb)`);

  // The checkout hooks' flags and hold, with the order (exists iff the order does).
  await applyCheckoutReview(tx, orderId, t.review);

  // Late: the hot stock rows stay locked only from here to the commit, so concurrent buyers of
  // the same variant wait for two statements, not for the whole order to be written.
  await convertReservations(tx, params.checkoutId);
  // The events last, with everything they describe known.
  await emitEvents(tx, [
    {
      type: 'order.placed',
      version: 1,
      payload: {
        orderId,
        number,
        email: s.email,
        customerId: s.customerId,
        currencyCode: params.currencyCode,
        taxInclusive: s.taxInclusive,
        lines: s.lines.map((l) => ({
          productId: l.productId,
          variantId: l.variantId,
          title: l.productTitle,
          variantTitle: l.variantTitle,
          sku: l.sku,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          total: l.total,
        })),
        subtotal: Number(t.subtotal),
        discountTotal: Number(t.discount_total),
        shippingTotal: Number(t.shipping_total),
        taxTotal: Number(t.tax_total),
        total: Number(t.total),
        shippingAddress: s.shippingAddress,
        shippingOptionName: s.shippingOptionName,
      },
    },
    {
      type: 'order.paid',
      version: 1,
      payload: {
        orderId,
        paymentId: params.paymentId,
        amount: Number(t.total),
        currencyCode: params.currencyCode,
      },
    },
  ]);
  return { orderId, number, accessToken: params.accessToken, email: s.email };
}

export async function addOrderEvent(
  tx: Database,
  orderId: number,
  type: string,
  message: string,
  data: Record<string, unknown> | null = null,
): Promise<void> {
  await tx.execute(sql`
    insert into order_events (order_id, type, message, data)
    values (${orderId}, ${type}, ${message}, ${data === null ? null : JSON.stringify(data)}::jsonb)`);
}
