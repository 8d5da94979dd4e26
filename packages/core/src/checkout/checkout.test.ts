import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommerceError } from '../errors';
import { fixedClock } from '../ports/clock';
import { releaseExpiredCheckouts, startCheckout } from './checkout';
import { payCheckout } from './complete';
import { handlePaymentEvent } from './events';
import { refundPayment } from './refunds';
import {
  codeOf,
  DECLINED_CARD,
  GOOD_CARD,
  openShop,
  readyCart,
  stockInvariants,
  variantWithStock,
  type TestShop,
  paidByProvider,
} from '../../test/shop';
import { firstRow, queryRows } from '@shop/db/query';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

const count = async (q: ReturnType<typeof sql>) =>
  Number((await firstRow<{ n: number }>(shop.db, q))?.n);

describe('checkout', () => {
  it('sells the last unit exactly once to 100 parallel buyers', async () => {
    const variantId = await variantWithStock(shop.db, 1, 0);
    const carts = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        readyCart(shop.db, { lines: [{ variantId, quantity: 1 }], email: `buyer${i}@example.com` }),
      ),
    );
    const outcomes = await Promise.all(
      carts.map(async (cartId) => {
        try {
          const c = await startCheckout(
            shop.db,
            { cartId, customerId: null, attemptKey: 'a' },
            { payments: shop.payments },
          );
          await payCheckout(
            shop.db,
            { checkoutId: c.checkoutId, cartId, cardNumber: GOOD_CARD },
            { payments: shop.payments },
          );
          return 'ordered';
        } catch (err) {
          if (err instanceof CommerceError && err.code === 'OUT_OF_STOCK') return 'sold-out';
          throw err;
        }
      }),
    );
    expect(outcomes.filter((o) => o === 'ordered')).toHaveLength(1);
    expect(
      await count(sql`select count(*)::int as n from order_lines where variant_id = ${variantId}`),
    ).toBe(1);
    expect(
      await count(sql`select on_hand as n from inventory_levels where variant_id = ${variantId}`),
    ).toBe(0);
    expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
  });

  it('places one order when the same payment is submitted twice at once', async () => {
    const variantId = await variantWithStock(shop.db, 5, 1);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 2 }] });
    const [a, b] = await Promise.all([
      startCheckout(
        shop.db,
        { cartId, customerId: null, attemptKey: 'same' },
        { payments: shop.payments },
      ),
      startCheckout(
        shop.db,
        { cartId, customerId: null, attemptKey: 'same' },
        { payments: shop.payments },
      ).catch(() => null),
    ]);
    const checkoutId = a.checkoutId;
    if (b) expect(b.checkoutId).toBe(checkoutId);
    const orders = await Promise.all([
      payCheckout(
        shop.db,
        { checkoutId, cartId, cardNumber: GOOD_CARD },
        { payments: shop.payments },
      ),
      payCheckout(
        shop.db,
        { checkoutId, cartId, cardNumber: GOOD_CARD },
        { payments: shop.payments },
      ),
    ]);
    expect(orders[0].orderId).toBe(orders[1].orderId);
    expect(
      await count(sql`select count(*)::int as n from orders where checkout_id = ${checkoutId}`),
    ).toBe(1);
    expect(
      await count(sql`select on_hand as n from inventory_levels where variant_id = ${variantId}`),
    ).toBe(3);
  });

  it('keeps a declined card from ordering, and releases its reservation after expiry', async () => {
    const variantId = await variantWithStock(shop.db, 3, 2);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 2 }] });
    const c = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'x', reservationMs: 60_000 },
      { payments: shop.payments },
    );
    expect(
      await count(sql`select reserved as n from inventory_levels where variant_id = ${variantId}`),
    ).toBe(2);
    expect(
      await codeOf(
        payCheckout(
          shop.db,
          { checkoutId: c.checkoutId, cartId, cardNumber: DECLINED_CARD },
          { payments: shop.payments },
        ),
      ),
    ).toBe('PAYMENT_DECLINED');
    expect(
      await count(sql`select count(*)::int as n from orders where checkout_id = ${c.checkoutId}`),
    ).toBe(0);
    expect(
      await count(sql`select reserved as n from inventory_levels where variant_id = ${variantId}`),
    ).toBe(2);
    await releaseExpiredCheckouts(shop.db, new Date(Date.now() + 61_000));
    expect(
      await count(sql`select reserved as n from inventory_levels where variant_id = ${variantId}`),
    ).toBe(0);
    expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
  });

  it("judges the hold's expiry and the discount's dates by the clock it is given", async () => {
    const at = new Date(Date.now() + 3_600_000);
    const clock = fixedClock(at);
    const variantId = await variantWithStock(shop.db, 3, 3);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const c = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'clock', reservationMs: 60_000 },
      { payments: shop.payments, clock },
    );
    expect(c.expiresAt.getTime()).toBe(at.getTime() + 60_000);
    clock.advance(30_000);
    await releaseExpiredCheckouts(shop.db, clock.now());
    expect(
      await count(sql`select reserved as n from inventory_levels where variant_id = ${variantId}`),
    ).toBe(1);
    clock.advance(31_000);
    await releaseExpiredCheckouts(shop.db, clock.now());
    expect(
      await count(sql`select reserved as n from inventory_levels where variant_id = ${variantId}`),
    ).toBe(0);

    // A code that is live now but has ended by the clock's time is refused at checkout.
    await shop.db.execute(
      sql`insert into discounts (code, type, value, ends_at) values ('SOON', 'percentage', 1000, now() + interval '30 minutes')`,
    );
    const withCode = await readyCart(shop.db, {
      lines: [{ variantId, quantity: 1 }],
      discountCode: 'SOON',
    });
    expect(
      await codeOf(
        startCheckout(
          shop.db,
          { cartId: withCode, customerId: null, attemptKey: 'late' },
          { payments: shop.payments, clock: fixedClock(at) },
        ),
      ),
    ).toBe('DISCOUNT_INVALID');
  });

  it('re-reserves for a payment that arrives after its reservation lapsed, or refunds it when stock is gone', async () => {
    const variantId = await variantWithStock(shop.db, 1, 3);
    const late = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const c1 = await startCheckout(
      shop.db,
      { cartId: late, customerId: null, attemptKey: 'l', reservationMs: 1000 },
      { payments: shop.payments },
    );
    await releaseExpiredCheckouts(shop.db, new Date(Date.now() + 5_000));
    // Stock still there: the late payment takes it again.
    const ok = await paidByProvider(shop.db, c1);
    expect(ok.status).toBe('placed');

    await shop.db.execute(
      sql`update inventory_levels set on_hand = 1 where variant_id = ${variantId}`,
    );
    const slow = await readyCart(shop.db, {
      lines: [{ variantId, quantity: 1 }],
      email: 'slow@example.com',
    });
    const c2 = await startCheckout(
      shop.db,
      { cartId: slow, customerId: null, attemptKey: 's', reservationMs: 1000 },
      { payments: shop.payments },
    );
    await releaseExpiredCheckouts(shop.db, new Date(Date.now() + 5_000));
    const fast = await readyCart(shop.db, {
      lines: [{ variantId, quantity: 1 }],
      email: 'fast@example.com',
    });
    const c3 = await startCheckout(
      shop.db,
      { cartId: fast, customerId: null, attemptKey: 'f' },
      { payments: shop.payments },
    );
    await payCheckout(
      shop.db,
      { checkoutId: c3.checkoutId, cartId: fast, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    const refunded = await paidByProvider(shop.db, c2);
    expect(refunded.status).toBe('refunded');
    expect(
      await count(sql`select count(*)::int as n from orders where checkout_id = ${c2.checkoutId}`),
    ).toBe(0);
    const [job] = await queryRows<{ payload: { paymentId: number; reason: string } }>(
      shop.db,
      sql`
      select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'refund-payment' order by j.id desc limit 1`,
    );
    if (!job) throw new Error('no refund job');
    await refundPayment(shop.db, job.payload, { payments: shop.payments });
    await refundPayment(shop.db, job.payload, { payments: shop.payments });
    expect(
      shop.payments.refunds.filter((r) => r.providerRef === `test_pi_${c2.checkoutId}`),
    ).toHaveLength(1);
    expect(
      await count(
        sql`select count(*)::int as n from refunds r join payments p on p.id = r.payment_id where p.checkout_id = ${c2.checkoutId}`,
      ),
    ).toBe(1);
    expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
  });

  it('turns a webhook event delivered three times, and out of order, into one order and one payment', async () => {
    const variantId = await variantWithStock(shop.db, 10, 4);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const c = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'w' },
      { payments: shop.payments },
    );
    const base = {
      rawType: 'payment_intent.succeeded',
      providerRef: `pi_${c.checkoutId}`,
      checkoutId: c.checkoutId,
      amount: c.totals.total,
      currencyCode: 'USD',
      failureMessage: null,
    };
    const failed = {
      ...base,
      id: 'evt_failed',
      kind: 'payment.failed' as const,
      rawType: 'payment_intent.payment_failed',
      failureMessage: 'Card declined',
    };
    const succeeded = { ...base, id: 'evt_ok', kind: 'payment.succeeded' as const };
    const stripe = { id: 'test' };
    const results = await Promise.all([
      handlePaymentEvent(shop.db, succeeded, { payments: stripe }),
      handlePaymentEvent(shop.db, succeeded, { payments: stripe }),
      handlePaymentEvent(shop.db, failed, { payments: stripe }),
      handlePaymentEvent(shop.db, succeeded, { payments: stripe }),
    ]);
    expect(results.filter((r) => r.duplicate)).toHaveLength(2);
    expect(
      await count(sql`select count(*)::int as n from orders where checkout_id = ${c.checkoutId}`),
    ).toBe(1);
    expect(
      await count(sql`select count(*)::int as n from payments where checkout_id = ${c.checkoutId}`),
    ).toBe(1);
  });
});

describe('a webhook whose processing dies half-way', () => {
  it('records neither the event nor its effect, so the redelivery places the order', async () => {
    const variantId = await variantWithStock(shop.db, 10, 5);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const c = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'dies' },
      { payments: shop.payments },
    );
    const event = {
      id: `evt_dies_${c.checkoutId}`,
      kind: 'payment.succeeded' as const,
      rawType: 'payment_intent.succeeded',
      providerRef: `pi_dies_${c.checkoutId}`,
      checkoutId: c.checkoutId,
      amount: c.totals.total,
      currencyCode: 'USD',
      failureMessage: null,
    };
    // The database refuses the order row this time (as if it died while writing it).
    await shop.db.execute(sql`
      create function refuse_order() returns trigger language plpgsql as $$
      begin raise exception 'the database went away'; end $$`);
    await shop.db.execute(
      sql`create trigger refuse_order before insert on orders for each row execute function refuse_order()`,
    );
    try {
      await expect(
        handlePaymentEvent(shop.db, event, { payments: { id: 'stripe' } }),
      ).rejects.toThrow();
    } finally {
      await shop.db.execute(sql`drop trigger refuse_order on orders`);
      await shop.db.execute(sql`drop function refuse_order()`);
    }
    expect(
      await count(sql`select count(*)::int as n from payment_events where event_id = ${event.id}`),
    ).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from payments where checkout_id = ${c.checkoutId}`),
    ).toBe(0);
    expect(await handlePaymentEvent(shop.db, event, { payments: { id: 'stripe' } })).toEqual({
      handled: true,
      duplicate: false,
    });
    expect(
      await count(sql`select count(*)::int as n from orders where checkout_id = ${c.checkoutId}`),
    ).toBe(1);
    expect(await handlePaymentEvent(shop.db, event, { payments: { id: 'stripe' } })).toEqual({
      handled: false,
      duplicate: true,
    });
  });

  it('records and ignores a success for a checkout this shop does not have', async () => {
    const unknown = {
      id: 'evt_unknown_checkout',
      kind: 'payment.succeeded' as const,
      rawType: 'payment_intent.succeeded',
      providerRef: 'pi_other_app',
      checkoutId: '00000000-0000-4000-8000-000000000000',
      amount: 100,
      currencyCode: 'USD',
      failureMessage: null,
    };
    expect(await handlePaymentEvent(shop.db, unknown, { payments: { id: 'stripe' } })).toEqual({
      handled: false,
      duplicate: false,
    });
  });
});

describe('discounts under concurrency', () => {
  it('lets 50 parallel checkouts use a code with a limit of 5 exactly 5 times', async () => {
    await shop.db.execute(
      sql`insert into discounts (code, type, value, usage_limit) values ('LIMIT5', 'percentage', 1000, 5)`,
    );
    const variantId = await variantWithStock(shop.db, 1000, 5);
    const carts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        readyCart(shop.db, {
          lines: [{ variantId, quantity: 1 }],
          email: `d${i}@example.com`,
          discountCode: 'limit5',
        }),
      ),
    );
    const outcomes = await Promise.all(
      carts.map(async (cartId) => {
        try {
          const c = await startCheckout(
            shop.db,
            { cartId, customerId: null, attemptKey: 'd' },
            { payments: shop.payments },
          );
          await payCheckout(
            shop.db,
            { checkoutId: c.checkoutId, cartId, cardNumber: GOOD_CARD },
            { payments: shop.payments },
          );
          return 'ordered';
        } catch (err) {
          if (err instanceof CommerceError && err.code === 'DISCOUNT_INVALID') return 'refused';
          throw err;
        }
      }),
    );
    expect(outcomes.filter((o) => o === 'ordered')).toHaveLength(5);
    expect(
      await count(sql`select count(*)::int as n from orders where discount_code = 'LIMIT5'`),
    ).toBe(5);
    expect(await count(sql`select usage_count as n from discounts where code = 'LIMIT5'`)).toBe(5);
  });

  it('holds a once-per-customer code to one use per shopper, even in parallel', async () => {
    await shop.db.execute(
      sql`insert into discounts (code, type, value, once_per_customer) values ('ONCE', 'percentage', 500, true)`,
    );
    const variantId = await variantWithStock(shop.db, 1000, 5);
    const carts = await Promise.all(
      Array.from({ length: 6 }, () =>
        readyCart(shop.db, {
          lines: [{ variantId, quantity: 1 }],
          email: 'same@example.com',
          discountCode: 'ONCE',
        }),
      ),
    );
    const outcomes = await Promise.all(
      carts.map((cartId) =>
        codeOf(
          startCheckout(
            shop.db,
            { cartId, customerId: null, attemptKey: 'o' },
            { payments: shop.payments },
          ),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
  });

  it('refuses unknown, expired and exhausted codes', async () => {
    await shop.db.execute(
      sql`insert into discounts (code, type, value, ends_at) values ('OLD', 'percentage', 1000, now() - interval '1 day')`,
    );
    await shop.db.execute(
      sql`insert into discounts (code, type, value, usage_limit, usage_count) values ('GONE', 'percentage', 1000, 1, 1)`,
    );
    const variantId = await variantWithStock(shop.db, 10, 6);
    for (const code of ['NOPE', 'OLD', 'GONE']) {
      expect(
        await codeOf(
          readyCart(shop.db, { lines: [{ variantId, quantity: 1 }], discountCode: code }),
        ),
        code,
      ).toBe('DISCOUNT_INVALID');
    }
  });
});

describe('lock ordering', () => {
  it('completes parallel orders of the same variants without deadlocks', async () => {
    // A stress test: deadlocks between conversions are timing-dependent, so several rounds of
    // 30 shoppers whose carts list three shared variants in different orders.
    const ids = [
      await variantWithStock(shop.db, 1000, 8),
      await variantWithStock(shop.db, 1000, 9),
      await variantWithStock(shop.db, 1000, 10),
    ];
    for (let round = 0; round < 3; round++) {
      const carts = await Promise.all(
        Array.from({ length: 30 }, (_, i) => {
          const order =
            i % 3 === 0
              ? ids
              : i % 3 === 1
                ? [...ids].reverse()
                : [ids[1] ?? 0, ids[0] ?? 0, ids[2] ?? 0];
          return readyCart(shop.db, {
            lines: order.map((variantId) => ({ variantId, quantity: 1 })),
            email: `lock${round}-${i}@example.com`,
          });
        }),
      );
      await Promise.all(
        carts.map(async (cartId) => {
          const c = await startCheckout(
            shop.db,
            { cartId, customerId: null, attemptKey: `lock-${round}` },
            { payments: shop.payments },
          );
          await payCheckout(
            shop.db,
            { checkoutId: c.checkoutId, cartId, cardNumber: GOOD_CARD },
            { payments: shop.payments },
          );
        }),
      );
    }
    for (const id of ids)
      expect(
        await count(sql`select on_hand as n from inventory_levels where variant_id = ${id}`),
      ).toBe(910);
  });
});

describe('a new attempt on the same cart', () => {
  it('does not count the cart’s own holds against it (last unit, last use of a code)', async () => {
    await shop.db.execute(
      sql`insert into discounts (code, type, value, usage_limit) values ('LASTUSE', 'percentage', 1000, 1)`,
    );
    const variantId = await variantWithStock(shop.db, 1, 11);
    const cartId = await readyCart(shop.db, {
      lines: [{ variantId, quantity: 1 }],
      discountCode: 'LASTUSE',
    });
    const first = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'first-attempt' },
      { payments: shop.payments },
    );
    expect(
      await codeOf(
        payCheckout(
          shop.db,
          { checkoutId: first.checkoutId, cartId, cardNumber: DECLINED_CARD },
          { payments: shop.payments },
        ),
      ),
    ).toBe('PAYMENT_DECLINED');
    // The cart still shows its unit as available and its code as applying.
    const { loadCart } = await import('../cart/cart');
    const view = await loadCart(shop.db, { cartId, customerId: null });
    expect(view.lines[0]?.available).toBe(1);
    expect(view.discountProblem).toBeNull();
    // A second attempt (new page render) takes over the holds and can pay.
    const second = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'second-attempt' },
      { payments: shop.payments },
    );
    const order = await payCheckout(
      shop.db,
      { checkoutId: second.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    expect(order.number).toBeGreaterThan(0);
    expect(await count(sql`select usage_count as n from discounts where code = 'LASTUSE'`)).toBe(1);
    expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
  });
});
