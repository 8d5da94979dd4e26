import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { query } from '../support';

/**
 * The cart and checkout procedures over HTTP, as an outside client sees them: the `cart_id`
 * cookie is set by /api/trpc itself, bad input is a 400 with a sentence, and money sent by the
 * client is ignored. Uses variants from the end of the list (offsets 10+), which the page specs
 * (offsets 0-2) never buy.
 */

interface Variant {
  variantId: number;
  price: number;
}

async function pickVariant(offset: number): Promise<Variant> {
  const [row] = await query<{ variant_id: string; amount: number }>(
    `select v.id as variant_id, pp.amount
       from product_variants v
       join products p on p.id = v.product_id and p.status = 'active'
       join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
      where not v.archived and v.manage_inventory
        and (select coalesce(sum(on_hand - reserved), 0) from inventory_levels il where il.variant_id = v.id) >= 5
        and v.id = (select min(v2.id) from product_variants v2 where v2.product_id = p.id and not v2.archived)
      order by v.id desc offset $1 limit 1`,
    [offset],
  );
  if (!row) throw new Error(`no stocked variant at offset ${offset}: is the e2e database seeded?`);
  return { variantId: Number(row.variant_id), price: Number(row.amount) };
}

interface TrpcError {
  error: { json: { message: string; data: { httpStatus: number; code: string } } };
}

async function mutate(request: APIRequestContext, path: string, input: unknown) {
  const res = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  return { status: res.status(), body: (await res.json()) as unknown, headers: res.headersArray() };
}

function errorMessage(body: unknown): string {
  return (body as TrpcError).error.json.message;
}

function data<T>(body: unknown): T {
  return (body as { result: { data: { json: T } } }).result.data.json;
}

interface CartView {
  id: string;
  lines: Array<{ variantId: number; unitPrice: number; quantity: number; subtotal: number }>;
  totals: {
    subtotal: number;
    discountTotal: number;
    shippingTotal: number;
    taxTotal: number;
    total: number;
  };
}

const address = {
  firstName: 'Grace',
  lastName: 'Hopper',
  line1: '2 Compiler Court',
  city: 'Arlington',
  postalCode: '22201',
  province: 'VA',
  countryCode: 'US',
};

test('the first add sets an httpOnly cart cookie and later calls use that cart', async ({
  request,
}) => {
  const variant = await pickVariant(10);
  const first = await mutate(request, 'storefront.cart.add', {
    variantId: variant.variantId,
    quantity: 1,
    region: 'us',
  });
  expect(first.status).toBe(200);
  const setCookie = first.headers.find(
    (h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('cart_id='),
  );
  expect(setCookie?.value).toMatch(/^cart_id=[0-9a-f-]{36}; /);
  expect(setCookie?.value).toMatch(/; HttpOnly/i);
  expect(setCookie?.value).toMatch(/; SameSite=Lax/i);
  expect(setCookie?.value).toMatch(/; Path=\//i);
  expect(setCookie?.value).toMatch(/; Max-Age=2592000/i);

  const again = await mutate(request, 'storefront.cart.add', {
    variantId: variant.variantId,
    quantity: 2,
    region: 'us',
  });
  expect(again.status).toBe(200);
  const cart = data<CartView>(again.body);
  expect(cart.id).toBe(data<CartView>(first.body).id);
  expect(cart.lines).toEqual([
    expect.objectContaining({ variantId: variant.variantId, quantity: 3 }),
  ]);

  // Naming another cart is refused.
  const foreign = await mutate(request, 'storefront.cart.add', {
    cartId: randomUUID(),
    variantId: variant.variantId,
    quantity: 1,
  });
  expect(foreign.status).toBe(400);
  expect(errorMessage(foreign.body)).toBe('That cart is not yours.');
});

test('bad quantities and unknown variants get 400 with a sentence', async ({ request }) => {
  const variant = await pickVariant(11);
  const cases: Array<[unknown, RegExp]> = [
    [0, /Quantity must be at least 1/],
    [-1, /Quantity must be at least 1/],
    [1e9, /Quantity must be at most 1000/],
    [1.5, /Quantity must be a whole number/],
    ['2', /Quantity must be a number/],
  ];
  for (const [quantity, message] of cases) {
    const res = await mutate(request, 'storefront.cart.add', {
      variantId: variant.variantId,
      quantity,
      region: 'us',
    });
    expect(res.status, `quantity ${JSON.stringify(quantity)}`).toBe(400);
    expect(errorMessage(res.body)).toMatch(message);
  }

  const unknown = await mutate(request, 'storefront.cart.add', {
    variantId: 2_000_000_000,
    quantity: 1,
    region: 'us',
  });
  expect(unknown.status).toBe(400);
  expect(errorMessage(unknown.body)).toBe('Variant 2000000000 does not exist.');

  // Nothing was added by any of them.
  const cart = await request.get('/api/trpc/storefront.cart.get');
  const view = data<CartView | null>(await cart.json());
  expect(view?.lines ?? []).toEqual([]);
});

test('a malformed address gets 400 with the field sentence and is not stored', async ({
  request,
}) => {
  const variant = await pickVariant(12);
  const added = await mutate(request, 'storefront.cart.add', {
    variantId: variant.variantId,
    quantity: 1,
    region: 'us',
  });
  expect(added.status).toBe(200);
  const cartId = data<CartView>(added.body).id;

  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ ...address, postalCode: 'ABCDE' }, /Postal code is not valid for US/],
    [{ ...address, firstName: '' }, /First name is required/],
    [{ ...address, province: 'Virginia' }, /State must be a two-letter code/],
    [{ ...address, countryCode: 'USA' }, /Country must be a two-letter code/],
    [{ ...address, phone: 'call me' }, /Phone may contain only digits/],
    [{ firstName: 'Grace' }, /Last name is required|expected string/],
  ];
  for (const [shippingAddress, message] of cases) {
    const res = await mutate(request, 'storefront.cart.setDetails', { shippingAddress });
    expect(res.status, JSON.stringify(shippingAddress)).toBe(400);
    expect(errorMessage(res.body)).toMatch(message);
  }
  // A well-formed address in a country the region does not ship to is refused by the core.
  const abroad = await mutate(request, 'storefront.cart.setDetails', {
    shippingAddress: { ...address, postalCode: '10115', province: '', countryCode: 'DE' },
  });
  expect(abroad.status).toBe(400);
  expect(errorMessage(abroad.body)).toMatch(/We do not ship to DE/);

  const badEmail = await mutate(request, 'storefront.cart.setDetails', { email: 'not an email' });
  expect(badEmail.status).toBe(400);
  expect(errorMessage(badEmail.body)).toMatch(/Enter a valid email address/);

  const [row] = await query<{ shipping_address: unknown; email: string | null }>(
    'select shipping_address, email from carts where id = $1',
    [cartId],
  );
  expect(row).toEqual({ shipping_address: null, email: null });
});

test('prices, totals and amounts sent by the client are ignored, through to the order', async ({
  request,
}) => {
  const variant = await pickVariant(13);
  const added = await mutate(request, 'storefront.cart.add', {
    variantId: variant.variantId,
    quantity: 2,
    region: 'us',
    price: 1,
    unitPrice: 1,
    amount: 1,
    total: 1,
  });
  expect(added.status).toBe(200);
  const cart = data<CartView>(added.body);
  expect(cart.lines).toEqual([
    expect.objectContaining({ unitPrice: variant.price, quantity: 2, subtotal: variant.price * 2 }),
  ]);

  const [express] = await query<{ id: string; amount: number }>(
    `select s.id, s.amount from shipping_options s join regions r on r.id = s.region_id
      where r.code = 'us' and s.type = 'flat' and s.active order by s.position limit 1`,
  );
  if (!express)
    throw new Error('the us region has no flat shipping option: is the e2e database seeded?');
  const detailed = await mutate(request, 'storefront.cart.setDetails', {
    email: `e2e-api-${randomUUID().slice(0, 8)}@example.com`,
    shippingAddress: address,
    shippingOptionId: Number(express.id),
    shippingTotal: 0,
    discountTotal: 99_999,
    totals: { total: 1 },
  });
  expect(detailed.status).toBe(200);
  const priced = data<CartView>(detailed.body).totals;
  expect(priced).toMatchObject({
    subtotal: variant.price * 2,
    discountTotal: 0,
    shippingTotal: Number(express.amount),
    taxTotal: 0,
    total: variant.price * 2 + Number(express.amount),
  });

  const started = await mutate(request, 'storefront.checkout.start', {
    attemptKey: `api-${randomUUID()}`,
    total: 1,
    amount: 1,
  });
  expect(started.status).toBe(200);
  const checkout = data<{ checkoutId: string; totals: CartView['totals'] }>(started.body);
  expect(checkout.totals).toMatchObject(priced);

  const paid = await mutate(request, 'storefront.checkout.pay', {
    checkoutId: checkout.checkoutId,
    cardNumber: '4242424242424242',
    amount: 1,
  });
  expect(paid.status).toBe(200);
  const order = data<{ number: number }>(paid.body);
  const [row] = await query<{ total: number; subtotal: number; amount: number }>(
    `select o.total, o.subtotal, p.amount from orders o join payments p on p.checkout_id = o.checkout_id
      where o.number = $1`,
    [order.number],
  );
  expect(
    row && { total: Number(row.total), subtotal: Number(row.subtotal), paid: Number(row.amount) },
  ).toEqual({
    total: priced.total,
    subtotal: priced.subtotal,
    paid: priced.total,
  });
});

test('a declined card over the API is a 402 with the sentence and no order', async ({
  request,
}) => {
  const variant = await pickVariant(14);
  expect(
    (
      await mutate(request, 'storefront.cart.add', {
        variantId: variant.variantId,
        quantity: 1,
        region: 'us',
      })
    ).status,
  ).toBe(200);
  const [standard] = await query<{ id: string }>(
    `select s.id from shipping_options s join regions r on r.id = s.region_id
      where r.code = 'us' and s.active order by s.position limit 1`,
  );
  const email = `e2e-api-declined-${randomUUID().slice(0, 8)}@example.com`;
  expect(
    (
      await mutate(request, 'storefront.cart.setDetails', {
        email,
        shippingAddress: address,
        shippingOptionId: Number(standard?.id),
      })
    ).status,
  ).toBe(200);
  const started = await mutate(request, 'storefront.checkout.start', {
    attemptKey: `api-${randomUUID()}`,
  });
  expect(started.status).toBe(200);
  const { checkoutId } = data<{ checkoutId: string }>(started.body);

  const malformed = await mutate(request, 'storefront.checkout.pay', {
    checkoutId,
    cardNumber: '42',
  });
  expect(malformed.status).toBe(400);
  expect(errorMessage(malformed.body)).toMatch(/Card number must be 12 to 19 digits/);

  const declined = await mutate(request, 'storefront.checkout.pay', {
    checkoutId,
    cardNumber: '4000 0000 0000 0002',
  });
  expect(declined.status).toBe(402);
  expect(errorMessage(declined.body)).toBe('Your card was declined.');
  const [count] = await query<{ n: number }>(
    'select count(*)::int as n from orders where email = $1',
    [email],
  );
  expect(Number(count?.n)).toBe(0);
});
