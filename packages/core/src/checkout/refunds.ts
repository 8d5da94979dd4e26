import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { runTransaction } from '@shop/db/transaction';
import { queryRows } from '@shop/db/query';
import { emitEvent } from '../events/emit';
import { addOrderEvent } from '../orders/place';
import type { CheckoutPayments } from './payments-port';
import { returnToStock } from '../inventory/returns';
import type { RefundJobLine } from '../orders/refund-queue';

/**
 * Sets the order's payment status from the sum of its payments: 'refunded' once everything
 * captured is refunded, 'partially_refunded' once anything is, else 'paid'. Call it in the
 * transaction that changed a payment, with the order row locked.
 */
export async function updateOrderPaymentStatus(tx: Database, orderId: number): Promise<void> {
  await tx.execute(sql`
    update orders o
       set payment_status = case
             when s.refunded > 0 and s.refunded >= s.captured then 'refunded'
             when s.refunded > 0 then 'partially_refunded'
             else 'paid'
           end::order_payment_status
      from (select coalesce(sum(amount), 0) as captured, coalesce(sum(refunded_amount), 0) as refunded
              from payments where order_id = ${orderId}) s
     where o.id = ${orderId}`);
}

/**
 * The lines a refund covered, and (with `restock`) their units back in stock at the location they
 * were sold from, in the refund's transaction: recorded once, with the refund row.
 */
async function recordRefundLines(
  tx: Database,
  orderId: number,
  refundId: number,
  params: { lines?: readonly RefundJobLine[]; restock?: boolean; staffEmail?: string },
): Promise<void> {
  const lines = params.lines ?? [];
  const restock = params.restock === true;
  const recorded = await queryRows<{ variantId: number | null; quantity: number }>(
    tx,
    sql`
    insert into refund_lines (refund_id, order_line_id, quantity, restocked, amount)
    select ${refundId}, ol.id, l.quantity, case when ${restock} then l.quantity else 0 end, l.amount
      from jsonb_to_recordset(${JSON.stringify(
        lines.map((l) => ({
          order_line_id: l.orderLineId,
          quantity: l.quantity,
          amount: l.amount,
        })),
      )}::jsonb) as l(order_line_id bigint, quantity int, amount bigint)
      join order_lines ol on ol.id = l.order_line_id and ol.order_id = ${orderId}
    returning (select variant_id from order_lines where id = refund_lines.order_line_id) as "variantId", quantity`,
  );
  if (!restock) return;
  await returnToStock(tx, {
    orderId,
    reason: 'returned',
    actor: params.staffEmail ?? 'system',
    units: recorded.flatMap((r) =>
      r.variantId === null
        ? []
        : [{ variantId: Number(r.variantId), quantity: Number(r.quantity) }],
    ),
  });
}

/**
 * Refunds what is left of a payment (or `amount` of it) through its provider (idempotency key per payment, so a
 * retried job cannot refund twice), records it with an order event, brings the order's payment
 * status up to date and emits `order.refunded` (the dispatcher mails the shopper) in the same
 * transaction. Run by the worker.
 */
export async function refundPayment(
  db: Database,
  params: {
    paymentId: number;
    reason: string;
    /** The cart's order, when this payment was a second one for it (it gets the timeline line). */
    orderId?: number;
    /** A partial refund's amount (at most what is left); absent: everything left. */
    amount?: number;
    /** The order lines a partial refund covers, recorded as `refund_lines`. */
    lines?: readonly RefundJobLine[];
    /** Put the lines' units back in stock (`stock_adjustments` reason `returned`). */
    restock?: boolean;
    staffEmail?: string;
  },
  deps: { payments: CheckoutPayments },
): Promise<{ refunded: number }> {
  const found = await queryRows(
    db,
    sql`
    select p.id, p.provider, p.provider_ref, p.amount, p.refunded_amount, p.currency_code, p.order_id,
           c.snapshot->>'email' as email
      from payments p join checkouts c on c.id = p.checkout_id where p.id = ${params.paymentId}`,
  );
  const p = found[0];
  if (!p) return { refunded: 0 };
  const left = Number(p.amount) - Number(p.refunded_amount);
  const amount = Math.min(left, params.amount ?? left);
  if (amount <= 0) return { refunded: 0 };
  const { refundRef } = await deps.payments.refund({
    providerRef: String(p.provider_ref),
    amount,
    // A retry of this refund (same payment, same refunded so far, same amount) is the same
    // request to the provider; a partial one names its amount, since a re-queued job may differ.
    idempotencyKey:
      amount === left
        ? `refund:${params.paymentId}:${Number(p.refunded_amount)}`
        : `refund:${params.paymentId}:${Number(p.refunded_amount)}:${amount}`,
    reason: params.reason,
  });
  await runTransaction(db, async (tx) => {
    // Lock the order first (as `requestRefund` does), so that refunds of two payments of one order
    // recording at once cannot both read the other's payment as unrefunded below.
    if (p.order_id !== null)
      await tx.execute(sql`select id from orders where id = ${Number(p.order_id)} for update`);
    const updated = await queryRows(
      tx,
      sql`
      update payments set refunded_amount = refunded_amount + ${amount},
             status = case when refunded_amount + ${amount} >= amount then 'refunded'::payment_status else 'partially_refunded'::payment_status end
       where id = ${params.paymentId} and refunded_amount = ${Number(p.refunded_amount)} returning id`,
    );
    if (updated.length === 0) return; // someone else recorded it first
    const [refund] = await queryRows<{ id: number }>(
      tx,
      sql`
      insert into refunds (payment_id, amount, reason, provider_ref) values (${params.paymentId}, ${amount}, ${params.reason}, ${refundRef})
      returning id`,
    );
    if (p.order_id !== null) {
      const orderId = Number(p.order_id);
      if (refund && params.lines && params.lines.length > 0)
        await recordRefundLines(tx, orderId, Number(refund.id), params);
      await addOrderEvent(tx, orderId, 'refunded', 'Payment refunded.', {
        paymentId: params.paymentId,
        amount,
        currencyCode: String(p.currency_code),
        refundRef,
      });
      await updateOrderPaymentStatus(tx, orderId);
    } else if (params.orderId !== undefined) {
      // Not the order's own payment: its figures stay as they are; the timeline says what happened.
      await addOrderEvent(
        tx,
        params.orderId,
        'duplicate_refunded',
        'The second payment for this order was refunded in full.',
        { paymentId: params.paymentId, amount, currencyCode: String(p.currency_code), refundRef },
      );
    }
    await emitEvent(tx, {
      type: 'order.refunded',
      version: 1,
      payload: {
        orderId: p.order_id !== null ? Number(p.order_id) : (params.orderId ?? null),
        paymentId: params.paymentId,
        amount,
        currencyCode: String(p.currency_code),
        reason: params.reason,
        email: String(p.email),
        duplicate: p.order_id === null && params.orderId !== undefined,
      },
    });
  });
  return { refunded: amount };
}
