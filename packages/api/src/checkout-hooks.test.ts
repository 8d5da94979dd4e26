import { randomUUID } from 'node:crypto';
import { systemClock } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { captureLogger } from '@shop/logger/testing';
import { definePlugin, pluginHost } from '@shop/plugins';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, readyCart, variantWithStock, type TestShop } from '../../core/test/shop';
import { apiShop } from '../test/shop';
import { createStorefrontCaller, createStorefrontContext, memoryCartCookie } from './index';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop(3);
});
afterAll(async () => {
  await shop.close();
});

const gate = definePlugin({
  name: 'gate',
  checkout: (attempt) =>
    attempt.email.endsWith('@blocked.test') ? { veto: 'We cannot ship to you.' } : undefined,
});

describe('storefront.checkout.start with checkout hooks', () => {
  it('a veto is a 422 with the plugin sentence and its domain code; nothing is written', async () => {
    const checkoutHooks = pluginHost([gate()], {
      db: shop.db,
      logger: captureLogger().logger,
      clock: systemClock,
    });
    const variantId = await variantWithStock(shop.db, 5, 1);
    const cartId = await readyCart(shop.db, {
      lines: [{ variantId, quantity: 1 }],
      email: 'eve@blocked.test',
    });
    const api = createStorefrontCaller(
      createStorefrontContext(apiShop(shop, { checkoutHooks }), {
        cart: memoryCartCookie(cartId),
      }),
    ).storefront;
    const err = await api.checkout.start({ attemptKey: randomUUID() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    if (!(err instanceof TRPCError)) return;
    expect(getHTTPStatusCodeFromError(err)).toBe(422);
    expect(err.message).toBe('We cannot ship to you.');
    expect(err.cause).toMatchObject({ code: 'CHECKOUT_REFUSED' });
    const rows = await queryRows<{ n: number }>(
      shop.db,
      sql`select count(*)::int as n from checkouts where cart_id = ${cartId}`,
    );
    expect(rows[0]?.n).toBe(0);
  });
});
