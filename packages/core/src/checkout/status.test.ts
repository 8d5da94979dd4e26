import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelCheckout, startCheckout } from './checkout';
import { completeCheckout, payCheckout } from './complete';
import { getCheckoutStatus } from './status';
import {
  codeOf,
  DECLINED_CARD,
  GOOD_CARD,
  openShop,
  readyCart,
  variantWithStock,
  type TestShop,
} from '../../test/shop';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

async function startedCheckout(offset: number) {
  const variantId = await variantWithStock(shop.db, 5, offset);
  const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
  const { checkoutId, totals } = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: randomUUID() },
    { payments: shop.payments },
  );
  return { cartId, checkoutId, totals };
}

describe('getCheckoutStatus', () => {
  it('shows the owner a pending checkout, then the declined attempt, then the order once paid', async () => {
    const { cartId, checkoutId } = await startedCheckout(0);
    expect(await getCheckoutStatus(shop.db, { checkoutId, cartId })).toEqual({
      status: 'pending',
      failureReason: null,
      order: null,
    });

    await expect(
      payCheckout(
        shop.db,
        { checkoutId, cartId, cardNumber: DECLINED_CARD },
        { payments: shop.payments },
      ),
    ).rejects.toThrow('Your card was declined.');
    expect(await getCheckoutStatus(shop.db, { checkoutId, cartId })).toEqual({
      status: 'pending',
      failureReason: 'Your card was declined.',
      order: null,
    });

    const placed = await payCheckout(
      shop.db,
      { checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    expect(await getCheckoutStatus(shop.db, { checkoutId, cartId })).toEqual({
      status: 'completed',
      failureReason: null,
      order: { number: placed.number, accessToken: placed.accessToken },
    });
  });

  it('shows the cart’s one order on either attempt when the shopper paid in another tab', async () => {
    const { cartId, checkoutId: first } = await startedCheckout(5);
    const second = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: randomUUID() },
      { payments: shop.payments },
    );
    const placed = await payCheckout(
      shop.db,
      { checkoutId: second.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    for (const checkoutId of [first, second.checkoutId]) {
      expect(await getCheckoutStatus(shop.db, { checkoutId, cartId })).toEqual({
        status: 'completed',
        failureReason: null,
        order: { number: placed.number, accessToken: placed.accessToken },
      });
    }
  });

  it('answers CHECKOUT_NOT_FOUND to another cart, whatever the checkout status', async () => {
    const { cartId, checkoutId } = await startedCheckout(1);
    const other = await startedCheckout(2);

    expect(await codeOf(getCheckoutStatus(shop.db, { checkoutId, cartId: other.cartId }))).toBe(
      'CHECKOUT_NOT_FOUND',
    );
    await payCheckout(
      shop.db,
      { checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    // Completed: the answer would carry the order's access token, so it must stay the owner's.
    expect(await codeOf(getCheckoutStatus(shop.db, { checkoutId, cartId: other.cartId }))).toBe(
      'CHECKOUT_NOT_FOUND',
    );
    expect((await getCheckoutStatus(shop.db, { checkoutId, cartId })).status).toBe('completed');
  });

  it('answers CHECKOUT_NOT_FOUND for an unknown id or one that is not a UUID', async () => {
    const { cartId } = await startedCheckout(3);
    expect(await codeOf(getCheckoutStatus(shop.db, { checkoutId: randomUUID(), cartId }))).toBe(
      'CHECKOUT_NOT_FOUND',
    );
    expect(await codeOf(getCheckoutStatus(shop.db, { checkoutId: 'not-a-uuid', cartId }))).toBe(
      'CHECKOUT_NOT_FOUND',
    );
  });

  it('gives the reason when a late payment could not become an order', async () => {
    const { cartId, checkoutId, totals } = await startedCheckout(4);
    // A payment whose amount differs from the total fails the checkout and is refunded.
    const result = await completeCheckout(shop.db, {
      checkoutId,
      providerRef: `test_pi_${checkoutId}`,
      amount: totals.total + 1,
      currencyCode: totals.currencyCode,
    });
    expect(result.status).toBe('refunded');
    expect(await getCheckoutStatus(shop.db, { checkoutId, cartId })).toEqual({
      status: 'failed',
      failureReason: 'The amount paid does not match the order total.',
      order: null,
    });
  });

  it('reports a checkout the shopper abandoned as expired, with the reason', async () => {
    const { cartId, checkoutId } = await startedCheckout(5);
    await cancelCheckout(shop.db, { checkoutId, cartId });
    expect(await getCheckoutStatus(shop.db, { checkoutId, cartId })).toEqual({
      status: 'expired',
      failureReason: 'Canceled by the shopper.',
      order: null,
    });
  });
});
