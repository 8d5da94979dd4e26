import { randomUUID } from 'node:crypto';
import { startCheckout, type StaffMember } from '@shop/core';
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
const support: StaffMember = { id: 'c-sup', email: 'sup@c.test', name: 'S', role: 'support' };

beforeAll(async () => {
  shop = await openShop(4);
  await shop.db.execute(sql`
    insert into customers (id, name, email) values
      ('cust-ada', 'Ada Lovelace', 'ada@c.test'),
      ('cust-bob', 'Bob 100%', 'bob@c.test'),
      ('cust-cy', 'Cy', 'cy@c.test')`);
});
afterAll(async () => {
  await shop.close();
});

const api = () =>
  createAdminCaller(createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(support) }))
    .admin;

async function orderFor(customerId: string, email: string, offset: number) {
  const variantId = await variantWithStock(shop.db, 10, offset);
  const cartId = await readyCart(shop.db, {
    lines: [{ variantId, quantity: 2 }],
    email,
    customerId,
  });
  const started = await startCheckout(
    shop.db,
    { cartId, customerId, attemptKey: randomUUID() },
    { payments: shop.payments },
  );
  const done = await paidByProvider(shop.db, started);
  if (done.status !== 'placed') throw new Error('not placed');
  return done.order;
}

describe('admin.customers', () => {
  it('searches by email or name (pattern characters are text) and pages by email', async () => {
    expect((await api().customers.list({ query: 'LOVELACE' })).items.map((c) => c.id)).toEqual([
      'cust-ada',
    ]);
    expect((await api().customers.list({ query: '100%' })).items.map((c) => c.id)).toEqual([
      'cust-bob',
    ]);
    const first = await api().customers.list({ query: '@c.test', limit: 2 });
    expect(first.items.map((c) => c.email)).toEqual(['ada@c.test', 'bob@c.test']);
    expect(first.nextCursor).not.toBeNull();
    const second = await api().customers.list({
      query: '@c.test',
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second).toMatchObject({ items: [{ email: 'cy@c.test' }], nextCursor: null });
  });

  it("shows a customer's orders and lifetime value: paid less refunded", async () => {
    const a = await orderFor('cust-ada', 'ada@c.test', 0);
    const b = await orderFor('cust-ada', 'ada@c.test', 1);
    await shop.db.execute(
      sql`update payments set refunded_amount = 100, status = 'partially_refunded'
           where order_id = (select id from orders where number = ${b.number})`,
    );
    const detail = await api().customers.get({ id: 'cust-ada' });
    expect(detail.orderCount).toBe(2);
    expect(detail.orders.map((o) => o.number)).toEqual([b.number, a.number]);
    const totals = detail.orders.reduce((sum, o) => sum + o.total.amount, 0);
    expect(detail.lifetimeValue).toEqual([{ amount: totals - 100, currencyCode: 'USD' }]);
    expect((await api().customers.get({ id: 'cust-cy' })).lifetimeValue).toEqual([]);
    await expect(api().customers.get({ id: 'nobody' })).rejects.toThrow(
      'That customer does not exist.',
    );
  });
});
