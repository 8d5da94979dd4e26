import { sql } from 'drizzle-orm';
import { handlePaymentEvent, startCheckout } from '@shop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cartLedger,
  openShop,
  readyCart,
  runPaymentJobs,
  stockInvariants,
  variantWithStock,
  type TestShop,
} from '../../../core/test/shop';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe-server';
import { createStripeProvider } from './stripe-provider';
import { firstRow, queryRows } from '@shop/db/query';

/**
 * The Stripe path end to end, offline: the checkout creates a PaymentIntent on a local server
 * that answers like Stripe's API, and signed webhook events (signed by the SDK) place the order.
 */
const webhookSecret = 'whsec_test_checkout_flow_secret';
let shop: TestShop;
let fake: FakeStripe;

beforeAll(async () => {
  shop = await openShop();
  fake = await startFakeStripe();
});
afterAll(async () => {
  await fake.close();
  await shop.close();
});

/** The Stripe adapter pointed at the local fake. */
function fakeStripeProvider() {
  return createStripeProvider({
    secretKey: fake.secretKey,
    webhookSecret,
    host: fake.host,
    port: fake.port,
    protocol: fake.protocol,
    maxNetworkRetries: 0,
  });
}

/** The PaymentIntent id a checkout attempt created. */
async function intentOf(checkoutId: string): Promise<string> {
  const r = await queryRows(
    shop.db,
    sql`select provider_ref from checkouts where id = ${checkoutId}`,
  );
  return String((r[0] as { provider_ref: string }).provider_ref);
}

const count = async (q: ReturnType<typeof sql>) =>
  Number((await firstRow<{ n: number }>(shop.db, q))?.n);

describe('Stripe checkout', () => {
  it('creates one PaymentIntent per checkout attempt and places one order for redelivered, out-of-order events', async () => {
    const stripe = fakeStripeProvider();
    const variantId = await variantWithStock(shop.db, 5, 0);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 2 }] });
    const first = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'stripe-attempt' },
      { payments: stripe },
    );
    const again = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'stripe-attempt' },
      { payments: stripe },
    );
    expect(again.checkoutId).toBe(first.checkoutId);
    expect(first.clientSecret).toMatch(/^pi_.+_secret_/);
    expect(fake.paymentIntents.size).toBe(1);
    const [intent] = [...fake.paymentIntents.values()];
    if (!intent) throw new Error('no intent');
    expect(intent.amount).toBe(first.totals.total);

    const failed = fake.createWebhook('payment_intent.payment_failed', intent.id, webhookSecret);
    fake.succeed(intent.id);
    const succeeded = fake.createWebhook('payment_intent.succeeded', intent.id, webhookSecret);
    const deliver = (w: { payload: string; signature: string }) => {
      const event = stripe.parseWebhook?.(w.payload, w.signature);
      if (!event) throw new Error('no parseWebhook');
      return handlePaymentEvent(shop.db, event, { payments: stripe });
    };
    // Success first, the earlier failure after it, and the success three times over.
    await Promise.all([deliver(succeeded), deliver(succeeded)]);
    await deliver(failed);
    await deliver(succeeded);

    expect(
      await count(
        sql`select count(*)::int as n from orders where checkout_id = ${first.checkoutId}`,
      ),
    ).toBe(1);
    expect(
      await count(
        sql`select count(*)::int as n from payments where checkout_id = ${first.checkoutId}`,
      ),
    ).toBe(1);
    expect(
      await count(sql`select on_hand as n from inventory_levels where variant_id = ${variantId}`),
    ).toBe(3);
  });

  for (const order of ['newer first', 'superseded first', 'at once'] as const) {
    it(`two attempts whose PaymentIntents both succeed (${order}): one order, the other refunded at Stripe, the superseded one's cancel asked for`, async () => {
      const stripe = fakeStripeProvider();
      const variantId = await variantWithStock(shop.db, 1, 1);
      const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
      const a = await startCheckout(
        shop.db,
        { cartId, customerId: null, attemptKey: 'tab-a' },
        { payments: stripe },
      );
      const b = await startCheckout(
        shop.db,
        { cartId, customerId: null, attemptKey: 'tab-b' },
        { payments: stripe },
      );
      const [piA, piB] = [await intentOf(a.checkoutId), await intentOf(b.checkoutId)];
      // Both tabs confirmed before the worker got to cancel A's PaymentIntent.
      fake.succeed(piA);
      fake.succeed(piB);
      const deliver = (pi: string) => {
        const w = fake.createWebhook('payment_intent.succeeded', pi, webhookSecret);
        const event = stripe.parseWebhook?.(w.payload, w.signature);
        if (!event) throw new Error('no parseWebhook');
        return handlePaymentEvent(shop.db, event, { payments: stripe });
      };
      if (order === 'newer first') {
        await deliver(piB);
        await deliver(piA);
      } else if (order === 'superseded first') {
        await deliver(piA);
        await deliver(piB);
      } else {
        await Promise.all([deliver(piA), deliver(piB), deliver(piA)]);
      }
      await runPaymentJobs(shop.db, stripe);

      const ledger = await cartLedger(shop.db, cartId);
      expect(ledger.orders).toBe(1);
      expect(ledger.payments).toBe(2);
      expect(ledger.captured - ledger.refunded).toBe(ledger.ordered);
      const refunded = [...fake.refunds.values()].filter(
        (r) => r.payment_intent === piA || r.payment_intent === piB,
      );
      expect(refunded).toHaveLength(1);
      // The first success to arrive wins; the loser's PaymentIntent was asked to cancel (too late:
      // it had succeeded) and was refunded instead.
      const won = await queryRows(
        shop.db,
        sql`select c.provider_ref from orders o join checkouts c on c.id = o.checkout_id where o.cart_id = ${cartId}`,
      );
      const winner = String((won[0] as { provider_ref: string }).provider_ref);
      if (order === 'newer first') expect(winner).toBe(piB);
      if (order === 'superseded first') expect(winner).toBe(piA);
      const loser = winner === piA ? piB : piA;
      expect(refunded[0]?.payment_intent).toBe(loser);
      const cancels = fake.requests.filter((r) => r.path === `/v1/payment_intents/${loser}/cancel`);
      expect(cancels.length).toBeGreaterThan(0);
      expect(
        fake.requests.filter((r) => r.path === `/v1/payment_intents/${winner}/cancel`),
      ).toHaveLength(0);
      expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
    });
  }

  it('cancels the superseded PaymentIntent before it is paid, so it can no longer be confirmed', async () => {
    const stripe = fakeStripeProvider();
    const variantId = await variantWithStock(shop.db, 5, 2);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const a = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'tab-a' },
      { payments: stripe },
    );
    await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'tab-b' },
      { payments: stripe },
    );
    const piA = await intentOf(a.checkoutId);
    const { cancellations } = await runPaymentJobs(shop.db, stripe);
    expect(cancellations).toBeGreaterThan(0);
    expect(fake.paymentIntents.get(piA)?.status).toBe('canceled');
    expect(() => fake.succeed(piA)).toThrow(/canceled/);
  });

  it('refuses a forged event', () => {
    const stripe = createStripeProvider({
      secretKey: fake.secretKey,
      webhookSecret,
      host: fake.host,
      port: fake.port,
      protocol: fake.protocol,
    });
    const [intent] = [...fake.paymentIntents.values()];
    if (!intent) throw new Error('no intent');
    const forged = fake.createWebhook('payment_intent.succeeded', intent.id, 'whsec_not_ours');
    expect(() => stripe.parseWebhook?.(forged.payload, forged.signature)).toThrow();
  });
});
