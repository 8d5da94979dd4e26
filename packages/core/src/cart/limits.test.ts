import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelCheckout, startCheckout } from '../checkout/checkout';
import { CommerceError } from '../errors';
import { codeOf, openShop, readyCart, variantWithStock, type TestShop } from '../../test/shop';
import { addToCart, createCart, updateCartLine } from './cart';
import { firstRow, queryRows } from '@shop/db/query';

/** Hold limits: one shopper cannot sit on more than their share of a sale's stock. */
let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

const start = (cartId: string, clientKey: string | null, maxHoldsPerClient?: number) =>
  startCheckout(
    shop.db,
    {
      cartId,
      customerId: null,
      attemptKey: randomUUID(),
      clientKey,
      ...(maxHoldsPerClient === undefined ? {} : { limits: { maxHoldsPerClient } }),
    },
    { payments: shop.payments },
  );

describe('hold limits', () => {
  it('caps the units of one variant in a cart at 10 by default, and at the configured figure', async () => {
    const variantId = await variantWithStock(shop.db, 100, 0);
    const cartId = await createCart(shop.db, { region: 'us' });
    await addToCart(shop.db, { cartId, customerId: null, variantId, quantity: 10 });
    let refused: unknown = null;
    try {
      await addToCart(shop.db, { cartId, customerId: null, variantId, quantity: 1 });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(CommerceError);
    expect((refused as CommerceError).code).toBe('QUANTITY_LIMIT');
    expect((refused as CommerceError).message).toBe(
      'You can buy at most 10 of one item per order.',
    );
    const line = await queryRows(
      shop.db,
      sql`select id, quantity from cart_lines where cart_id = ${cartId}`,
    );
    const row = line[0] as { id: number; quantity: number };
    expect(Number(row.quantity)).toBe(10);
    expect(
      await codeOf(
        updateCartLine(shop.db, { cartId, customerId: null, lineId: Number(row.id), quantity: 11 }),
      ),
    ).toBe('QUANTITY_LIMIT');
    expect(
      await codeOf(
        updateCartLine(shop.db, {
          cartId,
          customerId: null,
          lineId: Number(row.id),
          quantity: 20,
          maxUnitsPerVariant: 25,
        }),
      ),
    ).toBe('OK');
  });

  it('refuses to start a checkout for a cart over the per-variant limit', async () => {
    const variantId = await variantWithStock(shop.db, 100, 1);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 8 }] });
    expect(
      await codeOf(
        startCheckout(
          shop.db,
          {
            cartId,
            customerId: null,
            attemptKey: 'over',
            limits: { maxUnitsPerVariant: 5 },
          },
          { payments: shop.payments },
        ),
      ),
    ).toBe('QUANTITY_LIMIT');
    expect(
      Number(
        (
          await firstRow<{ reserved: number }>(
            shop.db,
            sql`select reserved from inventory_levels where variant_id = ${variantId}`,
          )
        )?.reserved,
      ),
    ).toBe(0);
  });

  it('lets one client hold at most 3 live checkouts of other carts; a new attempt on a held cart is fine', async () => {
    const variantId = await variantWithStock(shop.db, 100, 2);
    const client = `client-${randomUUID()}`;
    const carts = await Promise.all(
      Array.from({ length: 4 }, () => readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] })),
    );
    const [c0, c1, c2, c3] = carts as [string, string, string, string];
    const first = await start(c0, client);
    await start(c1, client);
    await start(c2, client);
    let refused: unknown = null;
    try {
      await start(c3, client);
    } catch (err) {
      refused = err;
    }
    expect((refused as CommerceError).code).toBe('RATE_LIMITED');
    expect((refused as CommerceError).message).toMatch(/finish or cancel one/);
    // Another client, or no client key (in-process callers), is not affected.
    expect(await codeOf(start(c3, `other-${randomUUID()}`))).toBe('OK');
    // A second tab of a held cart replaces its attempt instead of adding a hold.
    expect(await codeOf(start(c0, client))).toBe('OK');
    await cancelCheckout(shop.db, { checkoutId: first.checkoutId, cartId: c0 });
    const held = await queryRows(
      shop.db,
      sql`select count(*)::int as n from checkouts where client_key = ${client} and status = 'pending'`,
    );
    expect(Number((held[0] as { n: number }).n)).toBe(3);
  });

  it('holds the per-client limit when many carts of one client start at once', async () => {
    const variantId = await variantWithStock(shop.db, 100, 3);
    const client = `burst-${randomUUID()}`;
    const carts = await Promise.all(
      Array.from({ length: 8 }, () => readyCart(shop.db, { lines: [{ variantId, quantity: 10 }] })),
    );
    const outcomes = await Promise.all(carts.map((c) => codeOf(start(c, client))));
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(5);
    // So one client holds at most 3 × 10 of a sale's 100 units.
    const reserved = await queryRows(
      shop.db,
      sql`select reserved from inventory_levels where variant_id = ${variantId}`,
    );
    expect(Number((reserved[0] as { reserved: number }).reserved)).toBe(30);
  });
});
