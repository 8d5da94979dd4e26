import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cartLedger,
  GOOD_CARD,
  openShop,
  readyCart,
  runPaymentJobs,
  variantWithStock,
  type TestShop,
} from '../../core/test/shop';
import { apiShop } from '../test/shop';
import { createStorefrontCaller, createStorefrontContext, memoryCartCookie } from './index';

/**
 * Two tabs of one shopper press "Place order" at once, through the storefront router (what the
 * server action and /api/trpc run): each tab starts its own attempt and pays it. Every round ends
 * with one order, both tabs told its number, and no error at all — in particular no 5xx from a
 * deadlock (40P01) or a serialization failure reaching the caller.
 */
let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

function tab(cartId: string) {
  return createStorefrontCaller(
    createStorefrontContext(apiShop(shop), { cart: memoryCartCookie(cartId) }),
  ).storefront;
}

async function placeOrder(cartId: string) {
  const api = tab(cartId);
  const started = await api.checkout.start({ attemptKey: randomUUID() });
  if (started.order) return started.order.number;
  const placed = await api.checkout.pay({ checkoutId: started.checkoutId, cardNumber: GOOD_CARD });
  return placed.number;
}

describe('double click of "Place order" in two tabs', () => {
  it('100 rounds: one order per cart, both tabs get it, zero errors', async () => {
    const variantId = await variantWithStock(shop.db, 1, 3);
    const errors: string[] = [];
    for (let round = 0; round < 100; round++) {
      await shop.db.execute(
        sql`update inventory_levels set on_hand = 1, reserved = 0 where variant_id = ${variantId}`,
      );
      const cartId = await readyCart(shop.db, {
        lines: [{ variantId, quantity: 1 }],
        email: `tabs${round}@example.com`,
      });
      const outcomes = await Promise.allSettled([placeOrder(cartId), placeOrder(cartId)]);
      for (const o of outcomes) {
        if (o.status === 'rejected') {
          const e: unknown = o.reason;
          errors.push(e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e));
        }
      }
      const [a, b] = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null));
      expect(a).not.toBeNull();
      expect(b).toBe(a);
      expect((await cartLedger(shop.db, cartId)).orders).toBe(1);
    }
    expect(errors).toEqual([]);
    await runPaymentJobs(shop.db, shop.payments);
  }, 120_000);
});
