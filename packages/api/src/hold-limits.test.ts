import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, readyCart, variantWithStock, type TestShop } from '../../core/test/shop';
import { apiShop } from '../test/shop';
import { createStorefrontCaller, createStorefrontContext, memoryCartCookie } from './index';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

/** A shopper whose context carries the storefront's hold limits and its client key. */
function shopper(cartId: string | null, clientKey: string) {
  return createStorefrontCaller(
    createStorefrontContext(apiShop(shop), {
      cart: memoryCartCookie(cartId),
      clientKey,
      checkoutLimits: { maxUnitsPerVariant: 2, maxHoldsPerClient: 1 },
    }),
  ).storefront;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('hold limits from the context', () => {
  it('refuses more units of one variant than CHECKOUT_MAX_UNITS_PER_VARIANT with 409 and a sentence', async () => {
    const variantId = await variantWithStock(shop.db, 20, 0);
    const api = shopper(null, 'client-units');
    await api.cart.add({ variantId, quantity: 2, region: 'us' });
    expect(await failure(api.cart.add({ variantId, quantity: 1, region: 'us' }))).toEqual({
      code: 'CONFLICT',
      message: 'You can buy at most 2 of one item per order.',
    });
    const line = (await api.cart.get())?.lines[0];
    if (!line) throw new Error('the cart should have its line');
    expect((await failure(api.cart.updateLine({ lineId: line.id, quantity: 3 }))).message).toMatch(
      /at most 2/,
    );
  });

  it('refuses a checkout beyond CHECKOUT_MAX_HOLDS_PER_CLIENT for the same client key with 429', async () => {
    const variantId = await variantWithStock(shop.db, 20, 1);
    const first = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const second = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    await shopper(first, 'client-holds').checkout.start({ attemptKey: 'attempt-first-1' });
    const refused = await failure(
      shopper(second, 'client-holds').checkout.start({ attemptKey: 'attempt-second' }),
    );
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(/checkouts holding stock/);
    // Another client is not affected.
    await shopper(second, 'client-other').checkout.start({ attemptKey: 'attempt-other-1' });
  });
});
