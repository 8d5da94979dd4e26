import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { isUuid } from './attempts';
import type { CheckoutPayments } from './payments-port';

export type CancelPaymentOutcome = 'canceled' | 'succeeded' | 'skipped';

/**
 * Cancels, at the provider, the payment of a checkout attempt that was closed without becoming
 * an order (superseded by a newer attempt, or another attempt of the cart was paid first). Run
 * by the worker from the `cancel-payment` job the closing transaction enqueued. Skips attempts
 * that became the order after all (a late payment may win) and attempts whose payment was never
 * created. A payment that had already succeeded cannot be cancelled; it is refunded when its
 * success reaches `completeCheckout`. A checkout id that is no UUID (a malformed job) is skipped,
 * so the job is not retried for ever.
 */
export async function cancelCheckoutPayment(
  db: Database,
  params: { checkoutId: string },
  deps: { payments: CheckoutPayments },
): Promise<CancelPaymentOutcome> {
  if (!isUuid(params.checkoutId)) return 'skipped';
  const found = await queryRows(
    db,
    sql`select status, provider, provider_ref from checkouts where id = ${params.checkoutId}`,
  );
  const c = found[0];
  if (!c || c.provider_ref === null || c.status === 'completed') return 'skipped';
  if (String(c.provider) !== deps.payments.id) return 'skipped';
  const { status } = await deps.payments.cancelPayment({
    providerRef: String(c.provider_ref),
    idempotencyKey: `cancel:${params.checkoutId}`,
  });
  return status;
}
