import { customers } from '@shop/db/schema';
import { queryRows } from '@shop/db/query';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  address,
  GOOD_CARD,
  openShop,
  variantWithStock,
  type TestShop,
} from '../../../core/test/shop';
import { apiShop } from '../../test/shop';
import { createStorefrontCaller, createStorefrontContext, type Customer } from '../index';

let shop: TestShop;
const ada: Customer = { id: 'cust-ada', email: 'ada@example.com', name: 'Ada' };
const bob: Customer = { id: 'cust-bob', email: 'bob@example.com', name: 'Bob' };

beforeAll(async () => {
  shop = await openShop();
  await shop.db.insert(customers).values([ada, bob]);
});
afterAll(async () => {
  await shop?.close();
});

function as(customer: Customer | null) {
  return createStorefrontCaller(
    createStorefrontContext(apiShop(shop), { getCustomer: () => Promise.resolve(customer) }),
  ).storefront;
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

/** Places a paid order through the API as `customer`. */
async function placeOrder(customer: Customer, offset: number) {
  const api = as(customer);
  const variantId = await variantWithStock(shop.db, 10, offset);
  const option = await queryRows(
    shop.db,
    sql`
    select so.id from shipping_options so join regions r on r.id = so.region_id
     where r.code = 'us' order by so.position limit 1`,
  );
  await api.cart.add({ variantId, quantity: 2, region: 'us' });
  await api.cart.setDetails({
    email: customer.email,
    shippingAddress: address,
    shippingOptionId: Number((option[0] as { id: number }).id),
  });
  const started = await api.checkout.start({ attemptKey: `account-${customer.id}-${offset}` });
  return api.checkout.pay({ checkoutId: started.checkoutId, cardNumber: GOOD_CARD });
}

describe('storefront.account', () => {
  it('answers 401 to a shopper who is not signed in', async () => {
    const guest = as(null);
    expect(await code(guest.account.me())).toBe('UNAUTHORIZED');
    expect(await code(guest.account.orders({}))).toBe('UNAUTHORIZED');
    expect(await code(guest.account.addresses.list())).toBe('UNAUTHORIZED');
  });

  it('lists and shows a customer’s own orders, and nobody else’s', async () => {
    const first = await placeOrder(ada, 0);
    const second = await placeOrder(ada, 1);

    const page = await as(ada).account.orders({ limit: 1 });
    expect(page.items.map((o) => o.number)).toEqual([second.number]);
    expect(page.items[0]).toMatchObject({ itemCount: 2, currencyCode: 'USD' });
    expect(page.items[0]).not.toHaveProperty('id');
    const next = await as(ada).account.orders({ limit: 1, cursor: page.nextCursor });
    expect(next.items.map((o) => o.number)).toEqual([first.number]);

    const detail = await as(ada).account.order({ number: first.number });
    expect(detail).toMatchObject({ number: first.number, email: 'ada@example.com' });
    expect(detail).not.toHaveProperty('accessToken');

    expect((await as(bob).account.orders({})).items).toEqual([]);
    expect(await code(as(bob).account.order({ number: first.number }))).toBe('NOT_FOUND');
  });

  it('keeps saved addresses to their owner', async () => {
    const saved = await as(ada).account.addresses.add({ address });
    expect(saved).toMatchObject({ isDefault: true, postalCode: '12345' });
    expect(await as(bob).account.addresses.list()).toEqual([]);
    expect(await code(as(bob).account.addresses.remove({ id: saved.id }))).toBe('NOT_FOUND');
    expect(await code(as(bob).account.addresses.setDefault({ id: saved.id }))).toBe('NOT_FOUND');
    expect(await as(ada).account.addresses.list()).toEqual([saved]);
    await as(ada).account.addresses.remove({ id: saved.id });
    expect(await as(ada).account.addresses.list()).toEqual([]);
  });

  it('refuses an invalid address with the field in the error', async () => {
    const err = await as(ada)
      .account.addresses.add({ address: { ...address, postalCode: '1234' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    const issues = ((err as TRPCError).cause as { issues?: Array<{ path: unknown[] }> }).issues;
    expect(issues?.[0]?.path).toEqual(['address', 'postalCode']);
  });
});
