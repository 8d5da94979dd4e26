import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { runTransaction } from '@shop/db/transaction';
import { queryRows } from '@shop/db/query';
import { emitEvent } from '../events/emit';
import { addOrderEvent } from '../orders/place';
import type { CheckoutPayments } from './payments-port';

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
 * Refunds what is left of a payment through its provider (idempotency key per payment, so a
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
  const amount = Number(p.amount) - Number(p.refunded_amount);
  if (amount <= 0) return { refunded: 0 };
  const { refundRef } = await deps.payments.refund({
    providerRef: String(p.provider_ref),
    amount,
    idempotencyKey: `refund:${params.paymentId}:${Number(p.refunded_amount)}`,
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
    await tx.execute(sql`
      insert into refunds (payment_id, amount, reason, provider_ref) values (${params.paymentId}, ${amount}, ${params.reason}, ${refundRef})`);
    if (p.order_id !== null) {
      const orderId = Number(p.order_id);
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
