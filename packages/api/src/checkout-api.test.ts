import { sql } from 'drizzle-orm';
import { getOrderForCustomer } from '@shop/core';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  address,
  GOOD_CARD,
  openShop,
  variantWithStock,
  type TestShop,
} from '../../core/test/shop';
import { apiShop } from '../test/shop';
import { createStorefrontCaller, createStorefrontContext, memoryCartCookie } from './index';
import { firstRow, queryRows } from '@shop/db/query';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

function shopper(cartId: string | null = null) {
  const cart = memoryCartCookie(cartId);
  const caller = createStorefrontCaller(createStorefrontContext(apiShop(shop), { cart }));
  return { cart, api: caller.storefront };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
  return 'OK';
}

async function shippingOptionId() {
  const r = await queryRows(
    shop.db,
    sql`
    select so.id from shipping_options so join regions r on r.id = so.region_id where r.code = 'us' order by so.position limit 1`,
  );
  return Number((r[0] as { id: number }).id);
}

const lineCount = async (cartId: string | null) =>
  cartId
    ? Number(
        (
          await firstRow<{ n: number }>(
            shop.db,
            sql`select coalesce(sum(quantity),0)::int as n from cart_lines where cart_id = ${cartId}`,
          )
        )?.n,
      )
    : 0;

describe('storefront cart and checkout API', () => {
  it('rejects bad quantities, unknown and archived variants with 400 and writes nothing', async () => {
    const variantId = await variantWithStock(shop.db, 10, 0);
    const { api, cart } = shopper();
    await api.cart.add({ variantId, quantity: 1, region: 'us' });
    const before = await lineCount(cart.get());
    for (const quantity of [0, -1, 1e9, 1.5]) {
      expect(
        await code(api.cart.add({ variantId, quantity, region: 'us' })),
        String(quantity),
      ).toBe('BAD_REQUEST');
    }
    expect(await code(api.cart.add({ variantId: 987_654_321, quantity: 1, region: 'us' }))).toBe(
      'BAD_REQUEST',
    );
    const archived = await variantWithStock(shop.db, 10, 1);
    await shop.db.execute(sql`update product_variants set archived = true where id = ${archived}`);
    expect(await code(api.cart.add({ variantId: archived, quantity: 1, region: 'us' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await lineCount(cart.get())).toBe(before);
  });

  it('bounds quantities by available stock and refuses a sold-out variant', async () => {
    const variantId = await variantWithStock(shop.db, 2, 2);
    const { api } = shopper();
    expect(await code(api.cart.add({ variantId, quantity: 3, region: 'us' }))).toBe('CONFLICT');
    await api.cart.add({ variantId, quantity: 2, region: 'us' });
    const soldOut = await variantWithStock(shop.db, 0, 3);
    expect(await code(api.cart.add({ variantId: soldOut, quantity: 1, region: 'us' }))).toBe(
      'CONFLICT',
    );
  });

  it('rejects a malformed address and a cart id that is not the caller’s', async () => {
    const variantId = await variantWithStock(shop.db, 10, 4);
    const { api, cart } = shopper();
    await api.cart.add({ variantId, quantity: 1, region: 'us' });
    expect(
      await code(api.cart.setDetails({ shippingAddress: { ...address, postalCode: 'ABCDE' } })),
    ).toBe('BAD_REQUEST');
    expect(await code(api.cart.setDetails({ shippingAddress: { ...address, line1: '' } }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await code(
        api.cart.setDetails({
          shippingAddress: { ...address, countryCode: 'DE', postalCode: '10115' },
        }),
      ),
    ).toBe('BAD_REQUEST');
    const other = shopper();
    await other.api.cart.add({ variantId, quantity: 1, region: 'us' });
    const otherCart = other.cart.get();
    if (!otherCart) throw new Error('no cart');
    expect(
      await code(api.cart.add({ cartId: otherCart, variantId, quantity: 1, region: 'us' })),
    ).toBe('BAD_REQUEST');
    expect(await lineCount(otherCart)).toBe(1);
    expect(await lineCount(cart.get())).toBe(1);
  });

  it('ignores prices and totals sent by the browser', async () => {
    const variantId = await variantWithStock(shop.db, 10, 5);
    const { api } = shopper();
    const tampered = { variantId, quantity: 2, region: 'us', price: 1, unitPrice: 1, total: 1 } as {
      variantId: number;
      quantity: number;
      region: string;
    };
    await api.cart.add(tampered);
    const details = {
      email: 'tamper@example.com',
      shippingAddress: address,
      shippingOptionId: await shippingOptionId(),
      total: 1,
      discountTotal: 99_999,
    } as Parameters<typeof api.cart.setDetails>[0];
    const cart = await api.cart.setDetails(details);
    const price = await queryRows(
      shop.db,
      sql`select amount from product_prices where variant_id = ${variantId} and currency_code = 'USD'`,
    );
    const unit = Number((price[0] as { amount: number }).amount);
    expect(cart.lines[0]?.unitPrice).toBe(unit);
    expect(cart.totals.subtotal).toBe(unit * 2);
    const started = await api.checkout.start({ attemptKey: 'tamper-1', total: 1 } as {
      attemptKey: string;
    });
    expect(started.totals.total).toBe(cart.totals.total);
    const order = await api.checkout.pay({
      checkoutId: started.checkoutId,
      cardNumber: GOOD_CARD,
      amount: 1,
    } as { checkoutId: string; cardNumber: string });
    const stored = await queryRows(
      shop.db,
      sql`select total from orders where id = ${order.orderId}`,
    );
    expect(Number((stored[0] as { total: number }).total)).toBe(cart.totals.total);
  });

  it('shows an order only to its owner or to the holder of its token', async () => {
    const variantId = await variantWithStock(shop.db, 10, 6);
    const { api } = shopper();
    await api.cart.add({ variantId, quantity: 1, region: 'us' });
    await api.cart.setDetails({
      email: 'guest@example.com',
      shippingAddress: address,
      shippingOptionId: await shippingOptionId(),
    });
    const started = await api.checkout.start({ attemptKey: 'guest-attempt-1' });
    const order = await api.checkout.pay({ checkoutId: started.checkoutId, cardNumber: GOOD_CARD });
    const seen = await api.orders.byToken({ number: order.number, token: order.accessToken });
    expect(seen.number).toBe(order.number);
    expect(
      await code(
        api.orders.byToken({ number: order.number, token: 'x'.repeat(order.accessToken.length) }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await code(api.orders.byToken({ number: order.number + 100_000, token: order.accessToken })),
    ).toBe('NOT_FOUND');
    await expect(
      getOrderForCustomer(shop.db, { number: order.number, customerId: 'someone-else' }),
    ).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
    });
  });

  it('answers a declined card with 402 and a clear message, and places no order', async () => {
    const variantId = await variantWithStock(shop.db, 10, 7);
    const { api } = shopper();
    await api.cart.add({ variantId, quantity: 1, region: 'us' });
    await api.cart.setDetails({
      email: 'declined@example.com',
      shippingAddress: address,
      shippingOptionId: await shippingOptionId(),
    });
    const started = await api.checkout.start({ attemptKey: 'declined-1' });
    await expect(
      api.checkout.pay({ checkoutId: started.checkoutId, cardNumber: '4000 0000 0000 0002' }),
    ).rejects.toMatchObject({
      code: 'PAYMENT_REQUIRED',
      message: 'Your card was declined.',
    });
    const orders = await queryRows(
      shop.db,
      sql`select 1 from orders where checkout_id = ${started.checkoutId}`,
    );
    expect(orders).toHaveLength(0);
  });
});
