import {
  cancelCheckoutPayment,
  refundPayment,
  releaseExpiredCheckouts,
  systemClock,
  type CheckoutPayments,
  type Clock,
  type RefundJobPayload,
} from '@shop/core';
import type { Db } from '@shop/runtime';
import { enqueueJob } from '@shop/db/jobs';
import type { Task } from 'graphile-worker';

/** The one key of the checkout-expiry chain: whatever adds it, one run is pending at a time. */
export const RELEASE_JOB_KEY = 'release-expired-checkouts';

/**
 * Schedules the next expiry run `intervalSeconds` from now, under the chain's key. Called by
 * every worker at start and by each run for the next one; `preserve_run_at` means a worker
 * starting (or the crontab net) never pulls a pending run forward or pushes it back, and several
 * workers make one chain, not one each. A run in progress is locked, so the next one it adds is
 * a new job.
 */
export async function scheduleRelease(db: Db, intervalSeconds: number): Promise<void> {
  await enqueueJob(
    db,
    'release-expired-checkouts',
    {},
    { jobKey: RELEASE_JOB_KEY, jobKeyMode: 'preserve_run_at', delayMs: intervalSeconds * 1000 },
  );
}

/**
 * The `release-expired-checkouts` task: releases lapsed checkouts (the core locks each with SKIP
 * LOCKED, so a run overlapping another is safe), then schedules the next run in
 * `intervalSeconds` (`RELEASE_INTERVAL_SECONDS`). A failed release is logged and the chain goes
 * on; should the chain itself break (the database was down when it tried to schedule), the
 * crontab entry (every minute, same key) starts it again.
 */
export function releaseExpiredCheckoutsTask(
  db: Db,
  intervalSeconds: number,
  clock: Clock = systemClock,
): Task {
  return async (_payload, helpers) => {
    try {
      const n = await releaseExpiredCheckouts(db, clock.now());
      if (n > 0) helpers.logger.info(`released ${n} expired checkout${n === 1 ? '' : 's'}`);
    } catch (err) {
      helpers.logger.error(`releasing expired checkouts failed: ${String(err)}`);
    }
    await scheduleRelease(db, intervalSeconds);
  };
}

function isRefundPayload(p: unknown): p is RefundJobPayload {
  if (typeof p !== 'object' || p === null) return false;
  const { paymentId, reason, orderId, amount, lines, restock, staffEmail } = p as Record<
    string,
    unknown
  >;
  // Ids are bigint columns: a fraction or NaN would fail the query on every retry.
  return (
    Number.isSafeInteger(paymentId) &&
    typeof reason === 'string' &&
    (orderId === undefined || Number.isSafeInteger(orderId)) &&
    (amount === undefined || (Number.isSafeInteger(amount) && Number(amount) > 0)) &&
    (lines === undefined || (Array.isArray(lines) && lines.every(isRefundLine))) &&
    (restock === undefined || typeof restock === 'boolean') &&
    (staffEmail === undefined || typeof staffEmail === 'string')
  );
}

function isRefundLine(l: unknown): boolean {
  if (typeof l !== 'object' || l === null) return false;
  const { orderLineId, quantity, amount } = l as Record<string, unknown>;
  return (
    Number.isSafeInteger(orderLineId) &&
    Number.isSafeInteger(quantity) &&
    Number(quantity) > 0 &&
    Number.isSafeInteger(amount)
  );
}

/**
 * Refunds a payment: one the core could not turn into an order (stock gone after a late
 * payment), a second payment for a cart's one order, or an order's refund asked for by staff
 * (all that is left, or an amount and lines, with their restock).
 */
export function refundPaymentTask(db: Db, payments: CheckoutPayments): Task {
  return async (payload, helpers) => {
    if (!isRefundPayload(payload)) {
      helpers.logger.error(
        `refund-payment: malformed payload ${JSON.stringify(payload)}; dropping it`,
      );
      return;
    }
    const { refunded } = await refundPayment(db, payload, { payments });
    helpers.logger.info(`refund-payment ${payload.paymentId}: refunded ${refunded}`);
  };
}

/**
 * Cancels at the provider the payment of a checkout attempt that was superseded, so it can no
 * longer be paid (Stripe: the PaymentIntent is canceled). Retried with backoff while the
 * provider is unreachable; one that had already succeeded is refunded by the core instead.
 */
export function cancelPaymentTask(db: Db, payments: CheckoutPayments): Task {
  return async (payload, helpers) => {
    const checkoutId = (payload as { checkoutId?: unknown } | null)?.checkoutId;
    if (typeof checkoutId !== 'string') {
      helpers.logger.error(
        `cancel-payment: malformed payload ${JSON.stringify(payload)}; dropping it`,
      );
      return;
    }
    const outcome = await cancelCheckoutPayment(db, { checkoutId }, { payments });
    helpers.logger.info(`cancel-payment ${checkoutId}: ${outcome}`);
  };
}
