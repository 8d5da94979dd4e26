import {
  cancelCheckoutPayment,
  refundPayment,
  releaseExpiredCheckouts,
  type CheckoutPayments,
} from '@shop/core';
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

function isRefundPayload(p: unknown): p is { paymentId: number; reason: string; orderId?: number } {
  if (typeof p !== 'object' || p === null) return false;
  const { paymentId, reason, orderId } = p as Record<string, unknown>;
  return (
    typeof paymentId === 'number' &&
    typeof reason === 'string' &&
    (orderId === undefined || typeof orderId === 'number')
  );
}

/**
 * Refunds a payment the core could not turn into an order (stock gone after a late payment) or
 * that was a second payment for a cart's one order.
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
