import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { listQueuedJobs } from '@shop/db/jobs';
import { firstRow, queryRows } from '@shop/db/query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommerceError } from '../errors';
import { listDomainEvents } from '../events/emit';
import { startCheckout } from './checkout';
import { payCheckout } from './complete';
import {
  cartLedger,
  GOOD_CARD,
  openShop,
  readyCart,
  runPaymentJobs,
  stockInvariants,
  variantWithStock,
  type TestShop,
  paidByProvider,
} from '../../test/shop';

/**
 * One cart places at most one order, whatever the number of attempts and payments: a second
 * tab (a new attempt key) supersedes the first attempt, and when both get paid anyway the first
 * payment to arrive places the order and the other is refunded.
 */
let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

const count = async (q: ReturnType<typeof sql>) =>
  Number((await firstRow<{ n: number }>(shop.db, q))?.n);

async function twoAttempts(stock: number, offset: number) {
  const variantId = await variantWithStock(shop.db, stock, offset);
  const cartId = await readyCart(shop.db, {
    lines: [{ variantId, quantity: 1 }],
    email: `two-${randomUUID()}@example.com`,
  });
  const a = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: 'tab-a' },
    { payments: shop.payments },
  );
  const b = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: 'tab-b' },
    { payments: shop.payments },
  );
  return { variantId, cartId, a, b };
}

const paid = (c: { checkoutId: string; totals: { total: number } }) => paidByProvider(shop.db, c);

async function expectOneOrder(cartId: string, variantId: number, stockBefore: number) {
  await runPaymentJobs(shop.db, shop.payments);
  const ledger = await cartLedger(shop.db, cartId);
  expect(ledger.orders).toBe(1);
  expect(ledger.captured - ledger.refunded).toBe(ledger.ordered);
  expect(
    await count(sql`select on_hand as n from inventory_levels where variant_id = ${variantId}`),
  ).toBe(stockBefore - 1);
  expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
  return ledger;
}

describe('one order per cart', () => {
  it('supersedes the first attempt when a second starts, and cancels its payment', async () => {
    const { cartId, a, b } = await twoAttempts(5, 0);
    expect(b.checkoutId).not.toBe(a.checkoutId);
    const statuses = await queryRows<{ status: string }>(
      shop.db,
      sql`select id, status from checkouts where cart_id = ${cartId} order by created_at`,
    );
    expect(statuses.map((r) => r.status)).toEqual(['expired', 'pending']);
    const jobs = await listQueuedJobs(shop.db, 'cancel-payment');
    expect(jobs.map((j) => j.payload)).toContainEqual({ checkoutId: a.checkoutId });
    await runPaymentJobs(shop.db, shop.payments);
    expect(shop.payments.cancellations).toContain(`test_pi_${a.checkoutId}`);
    expect(shop.payments.cancellations).not.toContain(`test_pi_${b.checkoutId}`);
  });

  it('pays B then A: one order, A is not even charged', async () => {
    const { variantId, cartId, a, b } = await twoAttempts(5, 1);
    const orderB = await payCheckout(
      shop.db,
      { checkoutId: b.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    const orderA = await payCheckout(
      shop.db,
      { checkoutId: a.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    expect(orderA.number).toBe(orderB.number);
    const ledger = await expectOneOrder(cartId, variantId, 5);
    expect(ledger.payments).toBe(1);
  });

  for (const order of ['B then A', 'A then B', 'both at once'] as const) {
    it(`both attempts paid at the provider (${order}): one order, the other payment refunded with a timeline line and a mail`, async () => {
      const { variantId, cartId, a, b } = await twoAttempts(5, 2);
      const refundsBefore = shop.payments.refunds.length;
      const results =
        order === 'B then A'
          ? [await paid(b), await paid(a)]
          : order === 'A then B'
            ? [await paid(a), await paid(b)]
            : await Promise.all([paid(a), paid(b)]);
      // Both callers are told about the one order.
      const numbers = results.map((r) => (r.status === 'placed' ? r.order.number : null));
      expect(numbers[0]).not.toBeNull();
      expect(numbers[1]).toBe(numbers[0]);
      expect(results.filter((r) => r.status === 'placed' && r.refunded)).toHaveLength(1);

      const [lastEvent] = (await listDomainEvents(shop.db)).slice(-1);
      const ledger = await expectOneOrder(cartId, variantId, 5);
      expect(ledger.payments).toBe(2);
      expect(ledger.refunded).toBe(ledger.ordered);
      expect(shop.payments.refunds.length).toBe(refundsBefore + 1);
      // The shopper is told: the refund event the dispatcher turns into the refund mail.
      const refunds = await listDomainEvents(shop.db, {
        type: 'order.refunded',
        afterId: lastEvent?.id ?? 0,
      });
      expect(refunds.map((e) => e.payload)).toContainEqual(
        expect.objectContaining({ duplicate: true, email: expect.any(String) }),
      );
      const events = await queryRows<{ type: string }>(
        shop.db,
        sql`
        select e.type from order_events e join orders o on o.id = e.order_id
         where o.cart_id = ${cartId} order by e.id`,
      );
      expect(events.map((e) => e.type)).toEqual([
        'placed',
        'paid',
        'duplicate_payment',
        'duplicate_refunded',
      ]);
      // Every amount on the timeline carries its currency (the admin renders it from the data).
      const amounts = await queryRows<{ type: string; currency: string | null }>(
        shop.db,
        sql`
        select e.type, e.data->>'currencyCode' as currency from order_events e
          join orders o on o.id = e.order_id
         where o.cart_id = ${cartId} and e.data ? 'amount' order by e.id`,
      );
      for (const row of amounts) expect(row, row.type).toEqual({ type: row.type, currency: 'USD' });
      // The order's own payment status is untouched by the other payment's refund.
      expect(
        await count(
          sql`select count(*)::int as n from orders where cart_id = ${cartId} and payment_status = 'paid'`,
        ),
      ).toBe(1);
      // A redelivered success of the refunded payment changes nothing.
      const again = await paid(order === 'A then B' ? b : a);
      expect(again.status).toBe('placed');
      await runPaymentJobs(shop.db, shop.payments);
      expect(shop.payments.refunds.length).toBe(refundsBefore + 1);
      expect((await cartLedger(shop.db, cartId)).refunded).toBe(ledger.refunded);
    });
  }

  it('a superseded attempt paid first wins even when the newer one holds the last unit', async () => {
    const { variantId, cartId, a, b } = await twoAttempts(1, 3);
    const first = await paid(a);
    expect(first.status).toBe('placed');
    expect(
      await count(
        sql`select count(*)::int as n from checkouts where id = ${b.checkoutId} and status = 'expired'`,
      ),
    ).toBe(1);
    const second = await paid(b);
    expect(second.status === 'placed' && second.refunded).toBe(true);
    await expectOneOrder(cartId, variantId, 1);
  });

  it('starting again after the order is placed returns that order instead of a new attempt', async () => {
    const { cartId, b } = await twoAttempts(5, 4);
    const placed = await payCheckout(
      shop.db,
      { checkoutId: b.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    const late = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'tab-c' },
      { payments: shop.payments },
    );
    expect(late.order).toEqual({ number: placed.number, accessToken: placed.accessToken });
    expect(late.checkoutId).toBe(b.checkoutId);
    const paidLate = await payCheckout(
      shop.db,
      { checkoutId: late.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    expect(paidLate.number).toBe(placed.number);
    expect(
      await count(sql`select count(*)::int as n from checkouts where cart_id = ${cartId}`),
    ).toBe(2);
  });

  it('100 rounds of two concurrent "place order" calls on one cart: one order, no error', async () => {
    const variantId = await variantWithStock(shop.db, 1, 5);
    const failures: unknown[] = [];
    for (let round = 0; round < 100; round++) {
      await shop.db.execute(
        sql`update inventory_levels set on_hand = 1, reserved = 0 where variant_id = ${variantId}`,
      );
      const cartId = await readyCart(shop.db, {
        lines: [{ variantId, quantity: 1 }],
        email: `race${round}@example.com`,
      });
      const placeOrder = async () => {
        const started = await startCheckout(
          shop.db,
          { cartId, customerId: null, attemptKey: randomUUID() },
          { payments: shop.payments },
        );
        return payCheckout(
          shop.db,
          { checkoutId: started.checkoutId, cartId, cardNumber: GOOD_CARD },
          { payments: shop.payments },
        );
      };
      const outcomes = await Promise.allSettled([placeOrder(), placeOrder()]);
      for (const o of outcomes) if (o.status === 'rejected') failures.push(o.reason);
      const numbers = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.number : null));
      expect(numbers[1]).toBe(numbers[0]);
      const ledger = await cartLedger(shop.db, cartId);
      expect(ledger.orders).toBe(1);
    }
    expect(
      failures.map((f) => (f instanceof CommerceError ? `${f.code}: ${f.message}` : String(f))),
    ).toEqual([]);
    await runPaymentJobs(shop.db, shop.payments);
    expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
  }, 120_000);
});
