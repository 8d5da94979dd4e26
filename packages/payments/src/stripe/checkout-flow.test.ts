import { sql } from 'drizzle-orm';
import { handlePaymentEvent, startCheckout } from '@shop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, readyCart, variantWithStock, type TestShop } from '../../../core/test/shop';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe-server';
import { createStripeProvider } from './stripe-provider';

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

const count = async (q: ReturnType<typeof sql>) =>
  Number(((await shop.db.execute(q)).rows[0] as { n: number }).n);

describe('Stripe checkout', () => {
  it('creates one PaymentIntent per checkout attempt and places one order for redelivered, out-of-order events', async () => {
    const stripe = createStripeProvider({
      secretKey: fake.secretKey,
      webhookSecret,
      host: fake.host,
      port: fake.port,
      protocol: fake.protocol,
      maxNetworkRetries: 0,
    });
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
