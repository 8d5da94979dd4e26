import { sql } from 'drizzle-orm';
import { listQueuedJobs } from '@shop/db/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckout } from '../checkout/checkout';
import { payCheckout } from '../checkout/complete';
import { refundPayment, updateOrderPaymentStatus } from '../checkout/refunds';
import { can } from '../staff/permissions';
import {
  codeOf,
  GOOD_CARD,
  openShop,
  readyCart,
  variantWithStock,
  type TestShop,
} from '../../test/shop';
import { getOrderForAdmin, listOrdersForAdmin, requestRefund } from './admin';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

async function placeOrder(email: string, quantity = 2, offset = 0) {
  const variantId = await variantWithStock(shop.db, 10, offset);
  const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity }], email });
  const started = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: 'admin' },
    { payments: shop.payments },
  );
  const placed = await payCheckout(
    shop.db,
    { checkoutId: started.checkoutId, cartId, cardNumber: GOOD_CARD },
    { payments: shop.payments },
  );
  return { ...placed, total: started.totals.total, providerRef: `test_pi_${started.checkoutId}` };
}

/** The queued refund job of a payment, as the worker would receive it. */
async function refundJobPayload(paymentId: number): Promise<{ paymentId: number; reason: string }> {
  const jobs = await listQueuedJobs(shop.db, 'refund-payment');
  const payload = jobs
    .map((j) => j.payload as { paymentId: number; reason: string })
    .find((p) => p.paymentId === paymentId);
  if (!payload) throw new Error(`no refund-payment job queued for payment ${paymentId}`);
  return payload;
}

describe('orders admin', () => {
  it('lists orders newest first, finds one by number or email, and pages by keyset', async () => {
    const first = await placeOrder('Grace.Hopper@Example.com', 2, 0);
    const second = await placeOrder('alan.turing@example.com', 1, 1);

    const byNumber = await listOrdersForAdmin(shop.db, { limit: 10, query: `#${first.number}` });
    expect(byNumber.items).toHaveLength(1);
    expect(byNumber.items[0]).toMatchObject({
      number: first.number,
      email: 'grace.hopper@example.com',
      itemCount: 2,
      total: first.total,
      currencyCode: 'USD',
      paymentStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
    });
    expect(
      (await listOrdersForAdmin(shop.db, { limit: 10, query: String(second.number) })).items.map(
        (o) => o.number,
      ),
    ).toEqual([second.number]);
    // Email search is a case-insensitive prefix; LIKE wildcards in the text are literal.
    expect(
      (await listOrdersForAdmin(shop.db, { limit: 10, query: 'Grace.Hopper@' })).items.map(
        (o) => o.number,
      ),
    ).toEqual([first.number]);
    expect((await listOrdersForAdmin(shop.db, { limit: 10, query: '%' })).items).toEqual([]);
    expect(
      (await listOrdersForAdmin(shop.db, { limit: 10, query: 'nobody@example.com' })).items,
    ).toEqual([]);

    const page1 = await listOrdersForAdmin(shop.db, { limit: 1 });
    expect(page1.items.map((o) => o.number)).toEqual([second.number]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await listOrdersForAdmin(shop.db, { limit: 1, cursor: page1.nextCursor });
    expect(page2.items.map((o) => o.number)).toEqual([first.number]);

    expect(
      (await listOrdersForAdmin(shop.db, { limit: 10, paymentStatus: 'refunded' })).items,
    ).toEqual([]);
  });

  it('shows an order with lines, totals, address, timeline and payments', async () => {
    const placed = await placeOrder('detail@example.com', 3, 2);
    const order = await getOrderForAdmin(shop.db, { number: placed.number });
    expect(order).toMatchObject({
      number: placed.number,
      email: 'detail@example.com',
      total: placed.total,
      itemCount: 3,
    });
    expect(order.lines).toHaveLength(1);
    expect(order.lines[0]?.quantity).toBe(3);
    expect(
      order.subtotal +
        order.shippingTotal -
        order.discountTotal +
        (order.taxInclusive ? 0 : order.taxTotal),
    ).toBe(order.total);
    expect(order.shippingAddress).toMatchObject({ lastName: 'Lovelace', countryCode: 'US' });
    expect(order.events.map((e) => e.type)).toEqual(['placed', 'paid']);
    expect(order.payments).toHaveLength(1);
    expect(order.payments[0]).toMatchObject({
      amount: placed.total,
      refundedAmount: 0,
      status: 'succeeded',
      refundJob: null,
      refunds: [],
    });
    expect(order.refundableAmount).toBe(placed.total);

    expect(await codeOf(getOrderForAdmin(shop.db, { number: 999_999_999 }))).toBe(
      'ORDER_NOT_FOUND',
    );
  });

  it('refunds an order once, through the queued job, and then refuses to refund it again', async () => {
    const placed = await placeOrder('refund-me@example.com', 1, 3);
    const before = await getOrderForAdmin(shop.db, { number: placed.number });
    const paymentId = before.payments[0]?.id;
    if (paymentId === undefined) throw new Error('the order has no payment');

    const requested = await requestRefund(shop.db, {
      number: placed.number,
      reason: '  Arrived damaged ',
      staffEmail: 'owner@example.com',
    });
    expect(requested).toEqual({
      number: placed.number,
      paymentIds: [paymentId],
      amount: placed.total,
      currencyCode: 'USD',
    });

    // Queued, not yet refunded: the detail says so, and a second request does not queue again.
    const queued = await getOrderForAdmin(shop.db, { number: placed.number });
    expect(queued.paymentStatus).toBe('paid');
    expect(queued.payments[0]?.refundJob).toMatchObject({ isFailed: false });
    expect(queued.refundableAmount).toBe(0);
    expect(queued.events.at(-1)).toMatchObject({ type: 'refund_requested' });
    expect(queued.events.at(-1)?.message).toContain('owner@example.com');
    expect(queued.events.at(-1)?.message).toContain('Arrived damaged');
    expect(
      await codeOf(
        requestRefund(shop.db, {
          number: placed.number,
          reason: 'again',
          staffEmail: 'owner@example.com',
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      (await listQueuedJobs(shop.db, 'refund-payment')).filter(
        (j) => (j.payload as { paymentId: number }).paymentId === paymentId,
      ),
    ).toHaveLength(1);

    // The worker runs the job; a retry of the same job refunds nothing more.
    const payload = await refundJobPayload(paymentId);
    expect(payload).toEqual({ paymentId, reason: 'Arrived damaged' });
    expect(await refundPayment(shop.db, payload, { payments: shop.payments })).toEqual({
      refunded: placed.total,
    });
    expect(await refundPayment(shop.db, payload, { payments: shop.payments })).toEqual({
      refunded: 0,
    });
    expect(shop.payments.refunds.filter((r) => r.providerRef === placed.providerRef)).toEqual([
      expect.objectContaining({ amount: placed.total }),
    ]);

    const after = await getOrderForAdmin(shop.db, { number: placed.number });
    expect(after.paymentStatus).toBe('refunded');
    expect(after.payments[0]).toMatchObject({
      refundedAmount: placed.total,
      status: 'refunded',
      refundJob: null,
    });
    expect(after.payments[0]?.refunds).toEqual([
      expect.objectContaining({ amount: placed.total, reason: 'Arrived damaged' }),
    ]);
    expect(after.refundableAmount).toBe(0);
    expect(after.events.map((e) => e.type)).toEqual([
      'placed',
      'paid',
      'refund_requested',
      'refunded',
    ]);
    // The admin renders the timeline from this data: every amount comes with the order's
    // currency, also where the stored entry has none (refund_requested, refunded).
    expect(after.events.map((e) => e.data)).toEqual([
      null,
      expect.objectContaining({ amount: placed.total, currencyCode: 'USD' }),
      {
        amount: placed.total,
        currencyCode: 'USD',
        staffEmail: 'owner@example.com',
        reason: 'Arrived damaged',
      },
      { amount: placed.total, currencyCode: 'USD' },
    ]);
    expect(
      (await listOrdersForAdmin(shop.db, { limit: 10, paymentStatus: 'refunded' })).items.map(
        (o) => o.number,
      ),
    ).toContain(placed.number);

    expect(
      await codeOf(
        requestRefund(shop.db, {
          number: placed.number,
          reason: 'again',
          staffEmail: 'owner@example.com',
        }),
      ),
    ).toBe('INVALID_INPUT');
    expect(
      await codeOf(
        requestRefund(shop.db, {
          number: 999_999_999,
          reason: 'x',
          staffEmail: 'owner@example.com',
        }),
      ),
    ).toBe('ORDER_NOT_FOUND');
    expect(
      await codeOf(
        requestRefund(shop.db, {
          number: placed.number,
          reason: '   ',
          staffEmail: 'owner@example.com',
        }),
      ),
    ).toBe('INVALID_INPUT');
  });

  it('marks an order partially refunded while part of what it captured is refunded', async () => {
    const placed = await placeOrder('partial@example.com', 1, 4);
    const order = await getOrderForAdmin(shop.db, { number: placed.number });
    const paymentId = order.payments[0]?.id;
    if (paymentId === undefined) throw new Error('the order has no payment');
    // A partial refund made outside the shop (e.g. in the provider's dashboard) and recorded.
    await shop.db.transaction(async (tx) => {
      await tx.execute(
        sql`update payments set refunded_amount = 100, status = 'partially_refunded' where id = ${paymentId}`,
      );
      await updateOrderPaymentStatus(tx, order.id);
    });
    expect((await getOrderForAdmin(shop.db, { number: placed.number })).paymentStatus).toBe(
      'partially_refunded',
    );

    // A refund request then asks for the rest only.
    const requested = await requestRefund(shop.db, {
      number: placed.number,
      reason: 'Rest of it',
      staffEmail: 'admin@example.com',
    });
    expect(requested.amount).toBe(placed.total - 100);
    await refundPayment(shop.db, await refundJobPayload(paymentId), { payments: shop.payments });
    expect(
      shop.payments.refunds
        .filter((r) => r.providerRef === placed.providerRef)
        .map((r) => r.amount),
    ).toEqual([placed.total - 100]);
    expect((await getOrderForAdmin(shop.db, { number: placed.number })).paymentStatus).toBe(
      'refunded',
    );
  });

  it('lets every role read orders and refund but only owners and managers hold them', () => {
    for (const role of ['owner', 'manager', 'support'] as const) {
      expect(can(role, 'orders:read')).toBe(true);
      expect(can(role, 'orders:refund')).toBe(true);
    }
    expect(can('owner', 'orders:write')).toBe(true);
    expect(can('manager', 'orders:write')).toBe(true);
    expect(can('support', 'orders:write')).toBe(false);
  });
});
