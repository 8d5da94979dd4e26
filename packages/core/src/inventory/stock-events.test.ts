import { firstRow } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireCheckout } from '../checkout/attempts';
import { cancelCheckout, releaseExpiredCheckouts, startCheckout } from '../checkout/checkout';
import { payCheckout } from '../checkout/complete';
import { listDomainEvents } from '../events/emit';
import {
  GOOD_CARD,
  openShop,
  readyCart,
  variantWithStock,
  type TestShop,
  paidByProvider,
} from '../../test/shop';
import { reserveStock } from './reservations';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

/** The id of the newest outbox row: what a step emits is what comes after it. */
async function mark(): Promise<number> {
  const row = await firstRow<{ id: number | null }>(
    shop.db,
    sql`select max(id) as id from domain_events`,
  );
  return Number(row?.id ?? 0);
}

async function productOf(variantId: number): Promise<number> {
  const row = await firstRow<{ product_id: number }>(
    shop.db,
    sql`select product_id from product_variants where id = ${variantId}`,
  );
  return Number(row?.product_id);
}

async function start(cartId: string, attemptKey: string) {
  return startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey },
    { payments: shop.payments },
  );
}

describe('stock.changed and checkout.expired', () => {
  it('a checkout start emits exactly one stock.changed for the variants it holds', async () => {
    const variantId = await variantWithStock(shop.db, 5, 0);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 2 }] });
    const before = await mark();
    await start(cartId, 'a');
    const events = await listDomainEvents(shop.db, { afterId: before });
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      [
        'stock.changed',
        {
          reason: 'checkout_started',
          variantIds: [variantId],
          productIds: [await productOf(variantId)],
        },
      ],
    ]);
  });

  it('cancelling a checkout gives the stock back: stock.changed and checkout.expired', async () => {
    const variantId = await variantWithStock(shop.db, 5, 1);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const { checkoutId } = await start(cartId, 'a');
    const before = await mark();
    await cancelCheckout(shop.db, { checkoutId, cartId });
    const events = await listDomainEvents(shop.db, { afterId: before });
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      [
        'stock.changed',
        {
          reason: 'checkout_closed',
          variantIds: [variantId],
          productIds: [await productOf(variantId)],
        },
      ],
      ['checkout.expired', { checkoutId, reason: 'Canceled by the shopper.' }],
    ]);
  });

  it('a new attempt replacing the old one is one stock.changed, each variant named once', async () => {
    const a = await variantWithStock(shop.db, 5, 2);
    const b = await variantWithStock(shop.db, 5, 3);
    const cartId = await readyCart(shop.db, {
      lines: [
        { variantId: b, quantity: 1 },
        { variantId: a, quantity: 1 },
      ],
    });
    const first = await start(cartId, 'first');
    const before = await mark();
    // Released (the old attempt) and reserved (the new one) in one transaction.
    await start(cartId, 'second');
    const events = await listDomainEvents(shop.db, { afterId: before });
    expect(events.map((e) => e.type).sort()).toEqual(['checkout.expired', 'stock.changed']);
    const stock = events.find((e) => e.type === 'stock.changed');
    expect(stock?.payload).toEqual({
      reason: 'checkout_started',
      variantIds: [a, b].sort((x, y) => x - y),
      productIds: [...new Set([await productOf(a), await productOf(b)])].sort((x, y) => x - y),
    });
    expect(events.find((e) => e.type === 'checkout.expired')?.payload).toEqual({
      checkoutId: first.checkoutId,
      reason: 'Replaced by a newer checkout.',
    });
  });

  it('placing the order converts held units: order.placed and order.paid, no stock.changed', async () => {
    const variantId = await variantWithStock(shop.db, 5, 4);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const { checkoutId } = await start(cartId, 'a');
    const before = await mark();
    await payCheckout(
      shop.db,
      { checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    const events = await listDomainEvents(shop.db, { afterId: before });
    expect(events.map((e) => e.type)).toEqual(['order.placed', 'order.paid']);
  });

  it('lapsed holds come back as checkout_expired; a late payment takes them again as order_placed', async () => {
    const variantId = await variantWithStock(shop.db, 5, 5);
    const productId = await productOf(variantId);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const c = await start(cartId, 'a');
    let before = await mark();
    // An hour from now every hold has lapsed (other tests' checkouts too: their events are
    // told apart by variant and checkout).
    await releaseExpiredCheckouts(shop.db, new Date(Date.now() + 60 * 60 * 1000));
    let events = (await listDomainEvents(shop.db, { afterId: before })).filter((e) =>
      e.type === 'stock.changed'
        ? e.payload.variantIds.includes(variantId)
        : e.type === 'checkout.expired' && e.payload.checkoutId === c.checkoutId,
    );
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      [
        'stock.changed',
        { reason: 'checkout_expired', variantIds: [variantId], productIds: [productId] },
      ],
      ['checkout.expired', { checkoutId: c.checkoutId, reason: 'The reservation expired.' }],
    ]);

    before = await mark();
    const placed = await paidByProvider(shop.db, c);
    expect(placed.status).toBe('placed');
    events = await listDomainEvents(shop.db, { afterId: before });
    expect(events.map((e) => [e.type, e.type === 'stock.changed' ? e.payload : null])).toEqual([
      [
        'stock.changed',
        { reason: 'order_placed', variantIds: [variantId], productIds: [productId] },
      ],
      ['order.placed', null],
      ['order.paid', null],
    ]);
  });

  it('nothing is emitted when the transaction that reserved or released rolls back', async () => {
    const variantId = await variantWithStock(shop.db, 5, 0);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const { checkoutId } = await start(cartId, 'a');
    const before = await mark();
    await expect(
      runTransaction(shop.db, async (tx) => {
        await expireCheckout(tx, checkoutId, 'Canceled by the shopper.');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await expect(
      runTransaction(shop.db, async (tx) => {
        const failed = await reserveStock(
          tx,
          checkoutId,
          [{ variantId, quantity: 1 }],
          new Date(Date.now() + 60_000),
          'checkout_started',
        );
        expect(failed).toEqual([]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await listDomainEvents(shop.db, { afterId: before })).toEqual([]);
  });
});
