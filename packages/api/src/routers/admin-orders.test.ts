import { randomUUID } from 'node:crypto';
import { startCheckout, type StaffMember } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openShop,
  paidByProvider,
  readyCart,
  variantWithStock,
  type TestShop,
} from '../../../core/test/shop';
import { apiShop } from '../../test/shop';
import { createAdminCaller, createAdminContext } from '../index';

let shop: TestShop;
let offset = 0;
const owner: StaffMember = { id: 'o-owner', email: 'owner@orders.test', name: 'O', role: 'owner' };
const support: StaffMember = {
  id: 'o-support',
  email: 'support@orders.test',
  name: 'S',
  role: 'support',
};

beforeAll(async () => {
  shop = await openShop(6);
});
afterAll(async () => {
  await shop.close();
});

function as(staff: StaffMember) {
  return createAdminCaller(
    createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(staff) }),
  ).admin;
}

async function placeOrder(email = 'buyer@orders.test') {
  const variantId = await variantWithStock(shop.db, 20, offset++);
  const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 3 }], email });
  const started = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: randomUUID() },
    { payments: shop.payments },
  );
  const done = await paidByProvider(shop.db, started);
  if (done.status !== 'placed') throw new Error('the order was not placed');
  const detail = await as(owner).orders.get({ number: done.order.number });
  const line = detail.lines[0];
  if (!line) throw new Error('no line');
  return { number: done.order.number, line, variantId, total: detail.total };
}

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  return null;
}

const tracking = { carrier: 'UPS', trackingNumber: '1Z1', trackingUrl: 'https://ups.example/1Z1' };

describe('admin.orders fulfil / cancel / refund / note', () => {
  it('fulfils part of an order once per key, shown on the order with its tracking', async () => {
    const o = await placeOrder();
    const api = as(owner);
    const input = {
      number: o.number,
      lines: [{ orderLineId: o.line.id, quantity: 2 }],
      ...tracking,
      idempotencyKey: randomUUID(),
    };
    const both = await Promise.all([api.orders.fulfil(input), api.orders.fulfil(input)]);
    expect(both[0].id).toBe(both[1].id);
    const detail = await api.orders.get({ number: o.number });
    expect(detail.fulfillmentStatus).toBe('partially_fulfilled');
    expect(detail.lines[0]).toMatchObject({ fulfilledQuantity: 2, refundedQuantity: 0 });
    expect(detail.fulfillments).toEqual([
      expect.objectContaining({ carrier: 'UPS', trackingNumber: '1Z1', lines: input.lines }),
    ]);
    expect(
      (await api.orders.list({ fulfillmentStatus: 'partially_fulfilled' })).items.map(
        (r) => r.number,
      ),
    ).toEqual([o.number]);
  });

  it('answers bad input with a 400 sentence and writes nothing', async () => {
    const o = await placeOrder();
    const api = as(owner);
    const base = { number: o.number, ...tracking, idempotencyKey: randomUUID() };
    expect(
      await failure(
        api.orders.fulfil({ ...base, lines: [{ orderLineId: o.line.id, quantity: 4 }] }),
      ),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: `Only 3 of ${o.line.sku} on order #${o.number} are left to fulfil.`,
    });
    expect(
      (await failure(api.orders.fulfil({ ...base, lines: 'all', trackingUrl: 'javascript:x' })))
        ?.code,
    ).toBe('BAD_REQUEST');
    expect(
      (await failure(api.orders.fulfil({ ...base, lines: 'all', carrier: '  ' })))?.message,
    ).toContain('Enter the carrier');
    expect(
      (await failure(api.orders.refund({ number: o.number, reason: 'x', amount: o.total + 1 })))
        ?.message,
    ).toMatch(/can be refunded at most \$[\d,.]+;/);
    expect((await failure(api.orders.note({ number: o.number, note: '' })))?.code).toBe(
      'BAD_REQUEST',
    );
    const written = await queryRows(
      shop.db,
      sql`select count(*)::int as n from order_events e join orders o on o.id = e.order_id
           where o.number = ${o.number} and e.type not in ('placed', 'paid')`,
    );
    expect(written[0]?.n).toBe(0);
    expect(
      await queryRows(
        shop.db,
        sql`select 1 from fulfillments f join orders o on o.id = f.order_id where o.number = ${o.number}`,
      ),
    ).toEqual([]);
  });

  it('cancels once, puts the units back and refuses to fulfil afterwards', async () => {
    const o = await placeOrder();
    const api = as(owner);
    const [a, b] = await Promise.all([
      api.orders.cancel({ number: o.number, reason: 'Customer changed their mind.' }),
      api.orders.cancel({ number: o.number, reason: 'Customer changed their mind.' }),
    ]);
    expect([a.cancelled, b.cancelled].sort()).toEqual([false, true]);
    const stock = await queryRows(
      shop.db,
      sql`select sum(on_hand)::int as n from inventory_levels where variant_id = ${o.variantId}`,
    );
    expect(stock[0]?.n).toBe(20);
    expect(
      await failure(
        api.orders.fulfil({
          number: o.number,
          lines: 'all',
          ...tracking,
          idempotencyKey: randomUUID(),
        }),
      ),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: `Order #${o.number} is cancelled; it cannot be fulfilled.`,
    });
    const detail = await api.orders.get({ number: o.number });
    expect(detail).toMatchObject({
      status: 'canceled',
      cancelReason: 'Customer changed their mind.',
    });
    expect(detail.events.map((e) => e.type)).toContain('canceled');
  });

  it('lets support refund and read but not fulfil, cancel or write notes', async () => {
    const o = await placeOrder();
    const api = as(support);
    expect(
      (
        await failure(
          api.orders.fulfil({
            number: o.number,
            lines: 'all',
            ...tracking,
            idempotencyKey: randomUUID(),
          }),
        )
      )?.code,
    ).toBe('FORBIDDEN');
    expect((await failure(api.orders.cancel({ number: o.number, reason: 'x' })))?.code).toBe(
      'FORBIDDEN',
    );
    expect((await failure(api.orders.note({ number: o.number, note: 'x' })))?.code).toBe(
      'FORBIDDEN',
    );
    const refunded = await api.orders.refund({
      number: o.number,
      reason: 'Broken',
      lines: [{ orderLineId: o.line.id, quantity: 1 }],
      restock: true,
    });
    expect(refunded.amount).toBe(Math.floor(o.line.total / 3));
  });

  it('filters by risk, date and whole email', async () => {
    const o = await placeOrder('Filter.Me@Orders.test');
    const api = as(owner);
    await api.orders.hold({ number: o.number, reason: 'Check.' });
    expect((await api.orders.list({ risk: 'held' })).items.map((r) => r.number)).toEqual([
      o.number,
    ]);
    expect(
      (await api.orders.list({ query: 'filter.me@orders.TEST' })).items.map((r) => r.number),
    ).toEqual([o.number]);
    const future = new Date(Date.now() + 60_000);
    expect((await api.orders.list({ createdFrom: future })).items).toEqual([]);
    expect(
      (await api.orders.list({ createdTo: future, query: String(o.number) })).items.map(
        (r) => r.number,
      ),
    ).toEqual([o.number]);
    await api.orders.note({ number: o.number, note: 'Called the customer.' });
    const detail = await api.orders.get({ number: o.number });
    expect(detail.events.at(-1)).toMatchObject({
      type: 'note',
      message: 'Called the customer.',
      data: { staffEmail: owner.email },
    });
  });
});
