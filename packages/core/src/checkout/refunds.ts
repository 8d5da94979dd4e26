import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import { addOrderEvent } from '../orders/place';
import type { CheckoutPayments } from './payments-port';

type Row = Record<string, unknown>;

/**
 * Refunds what is left of a payment through its provider (idempotency key per payment, so a
 * retried job cannot refund twice), records it, and mails the shopper. Run by the worker.
 */
export async function refundPayment(
  db: Database,
  params: { paymentId: number; reason: string },
  deps: { payments: CheckoutPayments },
): Promise<{ refunded: number }> {
  const found = await db.execute(sql`
    select p.id, p.provider, p.provider_ref, p.amount, p.refunded_amount, p.currency_code, p.order_id,
           c.snapshot->>'email' as email
      from payments p join checkouts c on c.id = p.checkout_id where p.id = ${params.paymentId}`);
  const p = found.rows[0] as Row | undefined;
  if (!p) return { refunded: 0 };
  const amount = Number(p.amount) - Number(p.refunded_amount);
  if (amount <= 0) return { refunded: 0 };
  const { refundRef } = await deps.payments.refund({
    providerRef: String(p.provider_ref),
    amount,
    idempotencyKey: `refund:${params.paymentId}:${Number(p.refunded_amount)}`,
    reason: params.reason,
  });
  await db.transaction(async (tx) => {
    const updated = await tx.execute(sql`
      update payments set refunded_amount = refunded_amount + ${amount},
             status = case when refunded_amount + ${amount} >= amount then 'refunded'::payment_status else 'partially_refunded'::payment_status end
       where id = ${params.paymentId} and refunded_amount = ${Number(p.refunded_amount)} returning id`);
    if (updated.rows.length === 0) return; // someone else recorded it first
    await tx.execute(sql`
      insert into refunds (payment_id, amount, reason, provider_ref) values (${params.paymentId}, ${amount}, ${params.reason}, ${refundRef})`);
    if (p.order_id !== null) await addOrderEvent(tx, Number(p.order_id), 'refunded', `Refunded ${amount} ${String(p.currency_code)}.`);
    await enqueueJob(tx, 'send-mail', {
      template: 'payment-refunded',
      to: String(p.email),
      data: { amount, currencyCode: String(p.currency_code), reason: params.reason },
    });
  });
  return { refunded: amount };
}
