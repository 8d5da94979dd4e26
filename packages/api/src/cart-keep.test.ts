import type { Database } from '@shop/db/client';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, variantWithStock, type TestShop } from '../../core/test/shop';
import { apiShop } from '../test/shop';
import { createStorefrontCaller, createStorefrontContext, memoryCartCookie } from './index';

/**
 * `cart.add` starts a new cart only when the cookie's cart is really gone (finished, unknown,
 * another shopper's). A database that fails while the cart is looked up is not such an answer:
 * the call fails and the shopper keeps the cart they had, instead of being handed a new empty one.
 */
let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

/** `db` whose next `execute` fails as a dropped connection would; every later one goes through. */
function failingOnce(db: Database): Database {
  const flaky = Object.create(db) as Database & { execute: Database['execute'] };
  let failed = false;
  flaky.execute = ((...args: Parameters<Database['execute']>) => {
    if (failed) return db.execute(...args);
    failed = true;
    return Promise.reject(new Error('Connection terminated unexpectedly'));
  }) as Database['execute'];
  return flaky;
}

describe('cart.add with the database failing mid-call', () => {
  it('fails the call and keeps the cart, without creating another one', async () => {
    const variantId = await variantWithStock(shop.db, 50, 3);
    const cart = memoryCartCookie();
    const api = createStorefrontCaller(createStorefrontContext(apiShop(shop), { cart })).storefront;
    await api.cart.add({ variantId, quantity: 1, region: 'us' });
    const cartId = cart.get();
    expect(cartId).not.toBeNull();

    const flakyApi = createStorefrontCaller(
      createStorefrontContext(apiShop(shop, { db: failingOnce(shop.db) }), { cart }),
    ).storefront;
    const error = await flakyApi.cart.add({ variantId, quantity: 1, region: 'us' }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(TRPCError);
    // A dropped connection is the database being unavailable: 503 with Retry-After, not 500.
    expect((error as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
    expect(cart.get()).toBe(cartId);

    const view = await api.cart.add({ variantId, quantity: 1, region: 'us' });
    expect(cart.get()).toBe(cartId);
    expect(view.lines.reduce((n, l) => n + l.quantity, 0)).toBe(2);
  });
});
