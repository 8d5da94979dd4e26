import type { CheckoutPayments } from '@shop/core';
import type { Db } from '@shop/runtime';
import type { JobHelpers } from 'graphile-worker';
import { describe, expect, it, vi } from 'vitest';
import { cancelPaymentTask, refundPaymentTask } from '../src/tasks/checkouts';

/**
 * A malformed payload is dropped with a log line, never handed to the database (where it would
 * fail the same way on each of graphile-worker's retries). Neither the database nor the provider
 * is touched: both are absent here.
 */
function helpers() {
  const logger = { error: vi.fn(), info: vi.fn(), warn: vi.fn(), debug: vi.fn() };
  return { logger } as unknown as JobHelpers & { logger: typeof logger };
}
const noDb = null as unknown as Db;
const noPayments = null as unknown as CheckoutPayments;

describe('payment tasks with a malformed payload', () => {
  it.each([
    null,
    {},
    { paymentId: '1', reason: 'x' },
    { paymentId: 1.5, reason: 'x' },
    { paymentId: Number.NaN, reason: 'x' },
    { paymentId: 1, reason: 'x', orderId: 2.5 },
  ])('refund-payment drops %j', async (payload) => {
    const h = helpers();
    await expect(refundPaymentTask(noDb, noPayments)(payload, h)).resolves.toBeUndefined();
    expect(h.logger.error).toHaveBeenCalledOnce();
  });

  it.each([null, {}, { checkoutId: 42 }])('cancel-payment drops %j', async (payload) => {
    const h = helpers();
    await expect(cancelPaymentTask(noDb, noPayments)(payload, h)).resolves.toBeUndefined();
    expect(h.logger.error).toHaveBeenCalledOnce();
  });
});
