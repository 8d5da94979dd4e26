import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { runTransaction, sqlState } from '@shop/db/transaction';
import { queryRows } from '@shop/db/query';
import { CommerceError } from '../errors';
import { isUuid } from './attempts';
import { cartOfCheckout, completeWithin } from './complete';
import type { PaymentEvent } from './payments-port';

/**
 * Handles a verified provider event once. Its id goes into `payment_events` under a unique index
 * **in the same transaction** as what it does, so a redelivered event does nothing, and a
 * process or database that dies mid-way leaves neither the id nor the effect (the provider's
 * redelivery then does the work). Success events complete the checkout (itself idempotent per
 * cart, so events that arrive out of order, for a superseded attempt or for an already-paid
 * checkout are harmless).
 *
 * The event row is written first, before the cart lock: a concurrent delivery of the same event
 * waits on that row while holding nothing, then finds it taken.
 */
export async function handlePaymentEvent(
  db: Database,
  event: PaymentEvent,
  deps: { payments: { id: string } },
): Promise<{ handled: boolean; duplicate: boolean }> {
  const success =
    event.kind === 'payment.succeeded' &&
    event.checkoutId &&
    event.providerRef &&
    event.amount !== null &&
    event.currencyCode
      ? {
          checkoutId: event.checkoutId,
          providerRef: event.providerRef,
          amount: event.amount,
          currencyCode: event.currencyCode,
          card: event.card ?? null,
        }
      : null;
  // An event for a checkout this shop does not have (another app on the same provider account,
  // deleted test data) is recorded and ignored rather than failed forever.
  const cartId = success
    ? await cartOfCheckout(db, success.checkoutId).catch((err: unknown) => {
        if (err instanceof CommerceError && err.code === 'CHECKOUT_NOT_FOUND') return null;
        throw err;
      })
    : null;
  return runTransaction(
    db,
    async (tx) => {
      const recorded = await queryRows(
        tx,
        sql`
        insert into payment_events (provider, event_id, type) values (${deps.payments.id}, ${event.id}, ${event.rawType})
        on conflict do nothing returning event_id`,
      );
      if (recorded.length === 0) return { handled: false, duplicate: true };
      if (success && cartId) {
        await completeWithin(tx, cartId, success);
        return { handled: true, duplicate: false };
      }
      if (event.kind === 'payment.failed' && event.checkoutId && isUuid(event.checkoutId)) {
        await tx.execute(sql`
          update checkouts set failure_reason = ${event.failureMessage ?? 'The payment failed.'}, updated_at = now()
           where id = ${event.checkoutId} and status = 'pending'`);
        return { handled: true, duplicate: false };
      }
      return { handled: false, duplicate: false };
    },
    { retryIf: (err) => sqlState(err) === '23505' },
  );
}
