import { refundPayment, releaseExpiredCheckouts, type CheckoutPayments } from '@shop/core';
import type { Db } from '@shop/db/client';
import type { Task } from 'graphile-worker';

/**
 * Releases lapsed checkouts every `intervalMs`. Several workers may run it at once: the core
 * locks each checkout with SKIP LOCKED. Returns a stop function.
 */
export function startReleasingExpiredCheckouts(
  db: Db,
  intervalMs: number,
  log: (m: string) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    releaseExpiredCheckouts(db)
      .then((n) => {
        if (n > 0) log(`released ${n} expired checkout${n === 1 ? '' : 's'}`);
      })
      .catch((err: unknown) => log(`releasing expired checkouts failed: ${String(err)}`))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function isRefundPayload(p: unknown): p is { paymentId: number; reason: string } {
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof (p as { paymentId?: unknown }).paymentId === 'number' &&
    typeof (p as { reason?: unknown }).reason === 'string'
  );
}

/** Refunds a payment the core could not turn into an order (stock gone after a late payment). */
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
