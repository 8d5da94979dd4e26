import { sql } from 'drizzle-orm';
import { listQueuedJobs } from '@shop/db/jobs';
import { queryRows } from '@shop/db/query';
import { formatMoney } from '@shop/money';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckout } from '../checkout/checkout';
import { payCheckout } from '../checkout/complete';
import { refundPayment } from '../checkout/refunds';
import { CommerceError } from '../errors';
import {
  codeOf,
  GOOD_CARD,
  openShop,
  readyCart,
  variantWithStock,
  type TestShop,
} from '../../test/shop';
import { getOrderForAdmin, requestRefund } from './admin';
import { cancelOrder } from './cancel';
import { holdOrder, releaseOrder } from './flags';
import { fulfilOrder } from './fulfil';
import { loadShipmentsForMail } from './fulfillments';
import { addOrderNote } from './notes';
import { getOrderByToken } from './orders';
import type { RefundJobPayload } from './refund-queue';

let shop: TestShop;
let offset = 0;
beforeAll(async () => {
  shop = await openShop(12);
});
afterAll(async () => {
  await shop.close();
});

const staffEmail = 'owner@example.com';

/** An order of two lines (3 and 2 units) of fresh variants, each with 10 on hand before. */
async function placeOrder() {
  const a = await variantWithStock(shop.db, 10, offset++);
  const b = await variantWithStock(shop.db, 10, offset++);
  const cartId = await readyCart(shop.db, {
    lines: [
      { variantId: a, quantity: 3 },
      { variantId: b, quantity: 2 },
    ],
  });
  const started = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: 'fulfil' },
    { payments: shop.payments },
  );
  const placed = await payCheckout(
    shop.db,
    { checkoutId: started.checkoutId, cartId, cardNumber: GOOD_CARD },
    { payments: shop.payments },
  );
  const lines = await queryRows<{ id: number; sku: string; total: number; variant_id: number }>(
    shop.db,
    sql`select ol.id, ol.sku, ol.total, ol.variant_id from order_lines ol join orders o on o.id = ol.order_id
         where o.number = ${placed.number}`,
  );
  const lineOf = (variantId: number) => {
    const line = lines.find((l) => Number(l.variant_id) === variantId);
    if (!line) throw new Error('line not found');
    return { id: Number(line.id), sku: line.sku, total: Number(line.total) };
  };
  const detail = await getOrderForAdmin(shop.db, { number: placed.number });
  return { number: placed.number, a, b, lineA: lineOf(a), lineB: lineOf(b), total: detail.total };
}

async function onHand(variantId: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    shop.db,
    sql`select sum(on_hand)::int as n from inventory_levels where variant_id = ${variantId}`,
  );
  return Number(rows[0]?.n);
}

async function messageOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CommerceError) return err.message;
    throw err;
  }
  return 'OK';
}

async function counts(number: number) {
  const rows = await queryRows(
    shop.db,
    sql`
    select (select count(*)::int from fulfillments f join orders o on o.id = f.order_id where o.number = ${number}) as fulfillments,
           (select count(*)::int from order_events e join orders o on o.id = e.order_id where o.number = ${number}) as events,
           (select count(*)::int from domain_events where type in ('order.fulfilled', 'order.cancelled')) as domain`,
  );
  return rows[0];
}

/** Runs the queued refund job of the order's payment, as the worker would. */
async function runRefundJob(paymentId: number) {
  const jobs = await listQueuedJobs(shop.db, 'refund-payment');
  const payload = jobs
    .map((j) => j.payload as RefundJobPayload)
    .find((p) => p.paymentId === paymentId);
  if (!payload) throw new Error(`no refund job for payment ${paymentId}`);
  await refundPayment(shop.db, payload, { payments: shop.payments });
  await shop.db.execute(
    sql`delete from graphile_worker._private_jobs where key = ${`refund-payment:${paymentId}`}`,
  );
  return payload;
}

const ship = (
  number: number,
  lines: { orderLineId: number; quantity: number }[] | 'all',
  key: string,
) =>
  fulfilOrder(shop.db, {
    number,
    lines,
    carrier: 'UPS',
    trackingNumber: '1Z999',
    trackingUrl: 'https://track.example/1Z999',
    idempotencyKey: key,
    staffEmail,
  });

describe('fulfilling an order', () => {
  it('ships part of an order, then the rest, with status, timeline and one event each', async () => {
    const o = await placeOrder();
    const first = await ship(o.number, [{ orderLineId: o.lineA.id, quantity: 2 }], 'k1');
    expect(first).toMatchObject({ fulfillmentStatus: 'partially_fulfilled', created: true });
    const detail = await getOrderForAdmin(shop.db, { number: o.number });
    expect(detail.fulfillmentStatus).toBe('partially_fulfilled');
    expect(detail.events.at(-1)).toMatchObject({
      type: 'fulfilled',
      data: { staffEmail, carrier: 'UPS', trackingNumber: '1Z999' },
    });

    const rest = await ship(o.number, 'all', 'k2');
    expect(rest.fulfillmentStatus).toBe('fulfilled');
    expect(rest.lines).toEqual([
      { orderLineId: o.lineA.id, quantity: 1 },
      { orderLineId: o.lineB.id, quantity: 2 },
    ]);
    expect(await messageOf(ship(o.number, 'all', 'k3'))).toBe(
      `Order #${o.number} has nothing left to fulfil.`,
    );
    const events = await queryRows(
      shop.db,
      sql`select payload from domain_events where type = 'order.fulfilled' and (payload->>'fulfillmentId')::bigint in (${first.id}, ${rest.id})`,
    );
    expect(events).toHaveLength(2);
  });

  it('tells the shipment mail whether more is to follow, as of each shipment', async () => {
    const o = await placeOrder();
    const part = await ship(o.number, [{ orderLineId: o.lineB.id, quantity: 2 }], 'm1');
    const rest = await ship(o.number, 'all', 'm2');
    const mails = await loadShipmentsForMail(shop.db, [part.id, rest.id]);
    expect(mails.get(part.id)).toMatchObject({
      number: o.number,
      isPartial: true,
      lines: [expect.objectContaining({ sku: o.lineB.sku, quantity: 2 })],
    });
    expect(mails.get(rest.id)).toMatchObject({ isPartial: false, carrier: 'UPS' });
  });

  it('refuses more units than ordered, lines of other orders and lines named twice, writing nothing', async () => {
    const o = await placeOrder();
    const other = await placeOrder();
    const before = await counts(o.number);
    expect(await messageOf(ship(o.number, [{ orderLineId: o.lineB.id, quantity: 3 }], 'x'))).toBe(
      `Only 2 of ${o.lineB.sku} on order #${o.number} are left to fulfil.`,
    );
    expect(
      await messageOf(ship(o.number, [{ orderLineId: other.lineA.id, quantity: 1 }], 'x')),
    ).toBe(`Line ${other.lineA.id} is not a line of order #${o.number}.`);
    expect(
      await codeOf(
        ship(
          o.number,
          [
            { orderLineId: o.lineA.id, quantity: 1 },
            { orderLineId: o.lineA.id, quantity: 1 },
          ],
          'x',
        ),
      ),
    ).toBe('INVALID_INPUT');
    expect(await codeOf(ship(o.number, [], 'x'))).toBe('INVALID_INPUT');
    expect(
      await messageOf(
        fulfilOrder(shop.db, {
          number: o.number,
          lines: 'all',
          carrier: 'UPS',
          trackingNumber: '1',
          trackingUrl: 'javascript:alert(1)',
          idempotencyKey: 'x',
          staffEmail,
        }),
      ),
    ).toBe('The tracking link must be a web address starting with http:// or https://.');
    expect(await codeOf(ship(999999, 'all', 'x'))).toBe('ORDER_NOT_FOUND');
    expect(await counts(o.number)).toEqual(before);
  });

  it('refuses a held order until it is released, and a cancelled order', async () => {
    const o = await placeOrder();
    await holdOrder(shop.db, { number: o.number, staffEmail, reason: 'Check the address.' });
    expect(await messageOf(ship(o.number, 'all', 'h'))).toBe(
      `Order #${o.number} is held for review; release it first.`,
    );
    await releaseOrder(shop.db, { number: o.number, staffEmail });
    expect((await ship(o.number, [{ orderLineId: o.lineA.id, quantity: 1 }], 'h')).created).toBe(
      true,
    );

    const c = await placeOrder();
    await cancelOrder(shop.db, { number: c.number, reason: 'Customer asked.', staffEmail });
    const before = await counts(c.number);
    expect(await messageOf(ship(c.number, 'all', 'c'))).toBe(
      `Order #${c.number} is cancelled; it cannot be fulfilled.`,
    );
    expect(await counts(c.number)).toEqual(before);
  });

  it('ships once for ten concurrent submits of one key, and once more for a new key', async () => {
    const o = await placeOrder();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        ship(o.number, [{ orderLineId: o.lineA.id, quantity: 3 }], 'double-click'),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await counts(o.number))?.fulfillments).toBe(1);
    // Two different keys racing for the same last units: one ships, the other is refused.
    const raced = await Promise.all(
      ['r1', 'r2'].map((k) =>
        codeOf(ship(o.number, [{ orderLineId: o.lineB.id, quantity: 2 }], k)),
      ),
    );
    expect(raced.sort()).toEqual(['INVALID_INPUT', 'OK']);
    expect((await getOrderForAdmin(shop.db, { number: o.number })).fulfillmentStatus).toBe(
      'fulfilled',
    );
  });
});

describe("the customer's order page", () => {
  it('shows each line shipped so far and the tracking, and no staff notes', async () => {
    const o = await placeOrder();
    await ship(o.number, [{ orderLineId: o.lineA.id, quantity: 2 }], 'cust');
    await addOrderNote(shop.db, { number: o.number, note: 'Rude on the phone', staffEmail });
    const [row] = await queryRows<{ access_token: string }>(
      shop.db,
      sql`select access_token from orders where number = ${o.number}`,
    );
    const seen = await getOrderByToken(shop.db, {
      number: o.number,
      token: String(row?.access_token),
    });
    expect(seen.fulfillmentStatus).toBe('partially_fulfilled');
    expect(seen.lines.map((l) => [l.id, l.fulfilledQuantity])).toEqual([
      [o.lineA.id, 2],
      [o.lineB.id, 0],
    ]);
    expect(seen.fulfillments).toEqual([
      expect.objectContaining({
        carrier: 'UPS',
        trackingNumber: '1Z999',
        trackingUrl: 'https://track.example/1Z999',
        lines: [{ orderLineId: o.lineA.id, quantity: 2 }],
      }),
    ]);
    expect(seen.events.map((e) => e.type)).not.toContain('note');
  });
});

describe('cancelling an order', () => {
  it('puts unshipped units back, refunds what was paid, and is idempotent', async () => {
    const o = await placeOrder();
    expect(await onHand(o.a)).toBe(7);
    const cancelled = await cancelOrder(shop.db, {
      number: o.number,
      reason: 'Out of business.',
      staffEmail,
    });
    expect(cancelled).toMatchObject({ cancelled: true, restockedUnits: 5 });
    expect(cancelled.refund?.amount).toBe(o.total);
    expect(await onHand(o.a)).toBe(10);
    expect(await onHand(o.b)).toBe(10);
    const adjustments = await queryRows(
      shop.db,
      sql`select reason, delta, actor from stock_adjustments where variant_id = ${o.a}`,
    );
    expect(adjustments).toEqual([{ reason: 'cancel', delta: 3, actor: staffEmail }]);
    const again = await cancelOrder(shop.db, { number: o.number, reason: 'Again.', staffEmail });
    expect(again).toMatchObject({ cancelled: false, refund: null, restockedUnits: 0 });
    expect(await onHand(o.a)).toBe(10);

    const detail = await getOrderForAdmin(shop.db, { number: o.number });
    expect(detail.status).toBe('canceled');
    const paymentId = detail.payments[0]?.id ?? 0;
    await runRefundJob(paymentId);
    expect((await getOrderForAdmin(shop.db, { number: o.number })).paymentStatus).toBe('refunded');
    const stockEvents = await queryRows(
      shop.db,
      sql`select payload from domain_events where type = 'stock.changed' and payload->>'reason' = 'restock' and payload->'variantIds' @> ${JSON.stringify([o.a])}::jsonb`,
    );
    expect(stockEvents).toHaveLength(1);
  });

  it('keeps shipped units shipped and refunds only the unshipped share of a partly shipped order', async () => {
    const o = await placeOrder();
    await ship(o.number, [{ orderLineId: o.lineA.id, quantity: 3 }], 's');
    const cancelled = await cancelOrder(shop.db, { number: o.number, reason: 'Gone.', staffEmail });
    expect(cancelled.restockedUnits).toBe(2);
    expect(cancelled.refund?.amount).toBe(o.lineB.total);
    expect(await onHand(o.a)).toBe(7);
    expect(await onHand(o.b)).toBe(10);
  });

  it('refuses a fulfilled order and concurrent cancels cancel once', async () => {
    const f = await placeOrder();
    await ship(f.number, 'all', 'all');
    expect(
      await messageOf(cancelOrder(shop.db, { number: f.number, reason: 'x', staffEmail })),
    ).toBe(`Order #${f.number} has been fulfilled; refund it instead of cancelling it.`);
    const o = await placeOrder();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        cancelOrder(shop.db, { number: o.number, reason: 'Double click.', staffEmail }),
      ),
    );
    expect(results.filter((r) => r.cancelled)).toHaveLength(1);
    expect(await onHand(o.a)).toBe(10);
    expect(await codeOf(cancelOrder(shop.db, { number: o.number, reason: ' ', staffEmail }))).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('partial refunds', () => {
  it('refuses more than was paid minus refunded, naming the amount, and writes nothing', async () => {
    const o = await placeOrder();
    const before = await counts(o.number);
    expect(
      await messageOf(
        requestRefund(shop.db, {
          number: o.number,
          reason: 'Too much',
          staffEmail,
          amount: o.total + 1,
        }),
      ),
    ).toBe(
      `Order #${o.number} can be refunded at most ${formatMoney(o.total, 'USD')}; ${formatMoney(o.total + 1, 'USD')} is more than was paid and not yet refunded.`,
    );
    expect(
      await messageOf(
        requestRefund(shop.db, {
          number: o.number,
          reason: 'Too many',
          staffEmail,
          lines: [{ orderLineId: o.lineB.id, quantity: 3 }],
        }),
      ),
    ).toBe(`Only 2 of ${o.lineB.sku} on order #${o.number} can still be refunded.`);
    expect(await counts(o.number)).toEqual(before);
    const paymentId = (await getOrderForAdmin(shop.db, { number: o.number })).payments[0]?.id;
    const queued = await listQueuedJobs(shop.db, 'refund-payment');
    expect(queued.filter((j) => (j.payload as RefundJobPayload).paymentId === paymentId)).toEqual(
      [],
    );
  });

  it('refunds an amount, then lines with restock; counts refunded units out of what can ship', async () => {
    const o = await placeOrder();
    const paymentId = (await getOrderForAdmin(shop.db, { number: o.number })).payments[0]?.id ?? 0;
    await requestRefund(shop.db, { number: o.number, reason: 'Late', staffEmail, amount: 100 });
    const first = await runRefundJob(paymentId);
    expect(first.amount).toBe(100);
    let detail = await getOrderForAdmin(shop.db, { number: o.number });
    expect(detail.paymentStatus).toBe('partially_refunded');
    expect(detail.refundableAmount).toBe(o.total - 100);

    const requested = await requestRefund(shop.db, {
      number: o.number,
      reason: 'Returned one',
      staffEmail,
      lines: [{ orderLineId: o.lineA.id, quantity: 1 }],
      restock: true,
    });
    expect(requested.amount).toBe(Math.floor(o.lineA.total / 3));
    await runRefundJob(paymentId);
    expect(await onHand(o.a)).toBe(8);
    const lines = await queryRows(
      shop.db,
      sql`select quantity, restocked, amount from refund_lines where order_line_id = ${o.lineA.id}`,
    );
    expect(lines).toEqual([{ quantity: 1, restocked: 1, amount: requested.amount }]);
    const adjustments = await queryRows(
      shop.db,
      sql`select reason, delta from stock_adjustments where variant_id = ${o.a}`,
    );
    expect(adjustments).toEqual([{ reason: 'returned', delta: 1 }]);
    // The refunded unit will not ship: two of line A are left.
    expect(await messageOf(ship(o.number, [{ orderLineId: o.lineA.id, quantity: 3 }], 'z'))).toBe(
      `Only 2 of ${o.lineA.sku} on order #${o.number} are left to fulfil.`,
    );
    detail = await getOrderForAdmin(shop.db, { number: o.number });
    expect(detail.refundableAmount).toBe(o.total - 100 - requested.amount);
  });

  it('two refunds requested at once: one is queued, the other is refused while it runs', async () => {
    const o = await placeOrder();
    const codes = await Promise.all(
      [100, 200].map((amount) =>
        codeOf(requestRefund(shop.db, { number: o.number, reason: 'Twice', staffEmail, amount })),
      ),
    );
    expect(codes.sort()).toEqual(['CONFLICT', 'OK']);
    // A cancellation waits for the queued refund instead of racing it.
    expect(
      await codeOf(cancelOrder(shop.db, { number: o.number, reason: 'Now', staffEmail })),
    ).toBe('CONFLICT');
    const paymentId = (await getOrderForAdmin(shop.db, { number: o.number })).payments[0]?.id ?? 0;
    await runRefundJob(paymentId);
    const cancelled = await cancelOrder(shop.db, { number: o.number, reason: 'Now', staffEmail });
    expect(cancelled.refund?.amount).toBeGreaterThan(0);
  });

  it('refunding every unit of a line one by one gives back exactly the line total', async () => {
    const o = await placeOrder();
    const paymentId = (await getOrderForAdmin(shop.db, { number: o.number })).payments[0]?.id ?? 0;
    let sum = 0;
    for (let i = 0; i < 3; i++) {
      const r = await requestRefund(shop.db, {
        number: o.number,
        reason: 'One back',
        staffEmail,
        lines: [{ orderLineId: o.lineA.id, quantity: 1 }],
      });
      sum += r.amount;
      await runRefundJob(paymentId);
    }
    expect(sum).toBe(o.lineA.total);
    expect(await onHand(o.a)).toBe(7);
  });
});

describe('order notes', () => {
  it('adds a note with the staff email once per key, and refuses an empty one', async () => {
    const o = await placeOrder();
    const notes = await Promise.all(
      Array.from({ length: 4 }, () =>
        addOrderNote(shop.db, {
          number: o.number,
          note: 'Gift wrap',
          staffEmail,
          idempotencyKey: 'n1',
        }),
      ),
    );
    expect(new Set(notes.map((n) => n.id)).size).toBe(1);
    const detail = await getOrderForAdmin(shop.db, { number: o.number });
    expect(detail.events.filter((e) => e.type === 'note')).toEqual([
      expect.objectContaining({
        message: 'Gift wrap',
        data: expect.objectContaining({ staffEmail }),
      }),
    ]);
    expect(await codeOf(addOrderNote(shop.db, { number: o.number, note: '  ', staffEmail }))).toBe(
      'INVALID_INPUT',
    );
  });
});
