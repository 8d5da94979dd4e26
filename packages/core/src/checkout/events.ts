import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { completeCheckout } from './complete';
import type { PaymentEvent } from './payments-port';

/**
 * Handles a verified provider event once: its id goes into `payment_events` under a unique
 * index, so a redelivered event does nothing. Success events complete the checkout (itself
 * idempotent, so events that arrive out of order or for an already-paid checkout are harmless).
 */
export async function handlePaymentEvent(
  db: Database,
  event: PaymentEvent,
  deps: { payments: { id: string } },
): Promise<{ handled: boolean; duplicate: boolean }> {
  const recorded = await db.execute(sql`
    insert into payment_events (provider, event_id, type) values (${deps.payments.id}, ${event.id}, ${event.rawType})
    on conflict do nothing returning event_id`);
  if (recorded.rows.length === 0) return { handled: false, duplicate: true };
  try {
    if (
      event.kind === 'payment.succeeded' &&
      event.checkoutId &&
      event.providerRef &&
      event.amount !== null &&
      event.currencyCode
    ) {
      await completeCheckout(db, {
        checkoutId: event.checkoutId,
        providerRef: event.providerRef,
        amount: event.amount,
        currencyCode: event.currencyCode,
      });
      return { handled: true, duplicate: false };
    }
    if (event.kind === 'payment.failed' && event.checkoutId) {
      await db.execute(sql`
        update checkouts set failure_reason = ${event.failureMessage ?? 'The payment failed.'}, updated_at = now()
         where id = ${event.checkoutId} and status = 'pending'`);
      return { handled: true, duplicate: false };
    }
    return { handled: false, duplicate: false };
  } catch (err) {
    // Let the provider deliver it again: forget that we saw it.
    await db.execute(
      sql`delete from payment_events where provider = ${deps.payments.id} and event_id = ${event.id}`,
    );
    throw err;
  }
}
