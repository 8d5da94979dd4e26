import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommerceError } from '../errors';
import { cancelCheckout, releaseExpiredCheckouts, startCheckout } from './checkout';
import { completeCheckout, payCheckout } from './complete';
import {
  GOOD_CARD,
  openShop,
  readyCart,
  stockInvariants,
  variantWithStock,
  type TestShop,
} from '../../test/shop';

/**
 * Random interleavings of reserve / pay / expire / cancel / late payment across several carts.
 * After every step: stock is never negative, `reserved` equals the live reservations, and the
 * units that left stock equal the units in orders.
 */
let shop: TestShop;
let variants: number[] = [];
beforeAll(async () => {
  shop = await openShop();
  variants = [await variantWithStock(shop.db, 3, 0), await variantWithStock(shop.db, 3, 1)];
});
afterAll(async () => {
  await shop.close();
});

const op = fc.oneof(
  fc.record({ kind: fc.constant('start' as const), cart: fc.nat(3) }),
  fc.record({ kind: fc.constant('pay' as const), cart: fc.nat(3) }),
  fc.record({ kind: fc.constant('cancel' as const), cart: fc.nat(3) }),
  fc.record({ kind: fc.constant('expire' as const), cart: fc.constant(0) }),
  fc.record({ kind: fc.constant('late-pay' as const), cart: fc.nat(3) }),
);

const expected = new Set([
  'OUT_OF_STOCK',
  'CHECKOUT_EXPIRED',
  'CART_NOT_FOUND',
  'CHECKOUT_NOT_FOUND',
]);

async function sold(variantId: number) {
  const r = await shop.db.execute(
    sql`select coalesce(sum(quantity), 0)::int as n from order_lines where variant_id = ${variantId}`,
  );
  return Number((r.rows[0] as { n: number }).n);
}
async function onHand(variantId: number) {
  const r = await shop.db.execute(
    sql`select on_hand as n from inventory_levels where variant_id = ${variantId}`,
  );
  return Number((r.rows[0] as { n: number }).n);
}

describe('reservations under random interleavings', () => {
  it('keeps stock, reservations and orders consistent', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ variant: fc.nat(1), quantity: fc.integer({ min: 1, max: 2 }) }), {
          minLength: 4,
          maxLength: 4,
        }),
        fc.array(op, { minLength: 3, maxLength: 10 }),
        async (cartLines, ops) => {
          runs++;
          // A fresh round: nothing pending, 3 units of each variant, baseline of sold units.
          await releaseExpiredCheckouts(shop.db, new Date(Date.now() + 3_600_000));
          for (const v of variants)
            await shop.db.execute(
              sql`update inventory_levels set on_hand = 3 where variant_id = ${v}`,
            );
          const baseline = await Promise.all(
            variants.map(async (v) => ({ v, sold: await sold(v), onHand: await onHand(v) })),
          );

          const carts = await Promise.all(
            cartLines.map((l, i) =>
              readyCart(shop.db, {
                lines: [{ variantId: variants[l.variant] ?? 0, quantity: l.quantity }],
                email: `p${i}@example.com`,
              }),
            ),
          );
          const checkouts: Array<{ id: string; total: number } | undefined> = [];
          let attempt = 0;
          for (const o of ops) {
            const cartId = carts[o.cart] ?? '';
            try {
              if (o.kind === 'start') {
                const c = await startCheckout(
                  shop.db,
                  { cartId, customerId: null, attemptKey: `k${attempt++}` },
                  { payments: shop.payments },
                );
                checkouts[o.cart] = { id: c.checkoutId, total: c.totals.total };
              } else if (o.kind === 'pay' && checkouts[o.cart]) {
                await payCheckout(
                  shop.db,
                  { checkoutId: checkouts[o.cart]?.id ?? '', cartId, cardNumber: GOOD_CARD },
                  { payments: shop.payments },
                );
              } else if (o.kind === 'cancel' && checkouts[o.cart]) {
                await cancelCheckout(shop.db, { checkoutId: checkouts[o.cart]?.id ?? '', cartId });
              } else if (o.kind === 'expire') {
                await releaseExpiredCheckouts(shop.db, new Date(Date.now() + 3_600_000));
              } else if (o.kind === 'late-pay' && checkouts[o.cart]) {
                const c = checkouts[o.cart];
                if (c)
                  await completeCheckout(shop.db, {
                    checkoutId: c.id,
                    providerRef: `test_pi_${c.id}`,
                    amount: c.total,
                    currencyCode: 'USD',
                  });
              }
            } catch (err) {
              if (!(err instanceof CommerceError && expected.has(err.code))) throw err;
            }
            const { mismatched } = await stockInvariants(shop.db);
            expect(mismatched).toEqual([]);
            for (const b of baseline) {
              const soldNow = (await sold(b.v)) - b.sold;
              const left = await onHand(b.v);
              expect(left).toBeGreaterThanOrEqual(0);
              expect(b.onHand - left).toBe(soldNow);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(runs).toBeGreaterThanOrEqual(200);
  }, 600_000);
});
