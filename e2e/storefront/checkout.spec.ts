import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { addToCartOverApi, findMail, query } from '../support';

/**
 * The buying flow through the pages: cart, checkout (details, shipping, discount, review, test
 * payment), confirmation; and a declined card. Each test buys variants no other spec touches:
 * they are picked from the end of the variant list by offset (the catalog specs use the first
 * products), so parallel workers never share stock.
 */

interface StockedVariant {
  variantId: number;
  productTitle: string;
  variantTitle: string;
  /** USD minor units. */
  price: number;
}

/** The n-th variant (from the end) of an active product with a USD price and tracked stock. */
async function pickStockedVariant(offset: number): Promise<StockedVariant> {
  const [row] = await query<{
    variant_id: string;
    product_title: string;
    variant_title: string;
    amount: number;
  }>(
    `select v.id as variant_id, p.title as product_title, v.title as variant_title, pp.amount
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
  return {
    variantId: Number(row.variant_id),
    productTitle: row.product_title,
    variantTitle: row.variant_title,
    price: Number(row.amount),
  };
}

interface CartTotals {
  currencyCode: string;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
}

/** What the server computes for the browser's cart right now. */
async function serverCartTotals(page: Page): Promise<CartTotals> {
  const res = await page.request.get('/api/trpc/storefront.cart.get');
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { result: { data: { json: { totals: CartTotals } | null } } };
  const cart = body.result.data.json;
  if (!cart) throw new Error('the browser has no cart');
  return cart.totals;
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const formatUsd = (minor: number) => usd.format(minor / 100);

/** The figures a page shows under `<prefix>-subtotal` etc., in minor units (from data-amount). */
async function shownTotals(page: Page, prefix: string) {
  const read = async (name: string) => {
    const el = page.getByTestId(`${prefix}-${name}`);
    await expect(el).toHaveCount(1);
    return Number(await el.getAttribute('data-amount'));
  };
  return {
    subtotal: await read('subtotal'),
    discountTotal: await read('discount'),
    shippingTotal: await read('shipping'),
    taxTotal: await read('tax'),
    total: await read('total'),
  };
}

function uniqueEmail(tag: string) {
  return `e2e-${tag}-${randomBytes(4).toString('hex')}@example.com`;
}

async function fillDetails(page: Page, email: string) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('First name', { exact: true }).fill('Ada');
  await page.getByLabel('Last name', { exact: true }).fill('Lovelace');
  await page.getByLabel('Address', { exact: true }).fill('1 Analytical Way');
  await page.getByLabel('Apartment, suite (optional)', { exact: true }).fill('Suite 2');
  await page.getByLabel('City', { exact: true }).fill('New York');
  await page.getByLabel('Postal code', { exact: true }).fill('10001');
  await page.getByLabel('State / province', { exact: true }).fill('NY');
  await page.getByLabel('Country', { exact: true }).selectOption('US');
  await page.getByLabel('Phone (optional)', { exact: true }).fill('+1 212 555 0100');
  await page.getByRole('button', { name: 'Continue to shipping' }).click();
  await expect(page.getByTestId('checkout-details-summary')).toContainText(email);
}

async function cartIdCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'cart_id');
  if (!cookie) throw new Error('no cart_id cookie in the browser');
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Lax');
  return cookie.value;
}

test('a guest buys two variants with WELCOME10 and a test card; every figure matches the order row', async ({
  page,
}) => {
  const first = await pickStockedVariant(0);
  const second = await pickStockedVariant(1);
  await addToCartOverApi(page, first.variantId, 1);
  await addToCartOverApi(page, second.variantId, 2);
  const subtotal = first.price + second.price * 2;

  // The cart page shows both lines and the server's subtotal.
  await page.goto('/cart');
  await expect(page.getByRole('heading', { name: 'Your cart' })).toBeVisible();
  const lines = page.getByTestId('cart-line');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText(first.productTitle);
  await expect(lines.nth(1)).toContainText(second.productTitle);
  await expect(lines.nth(1).getByTestId('cart-line-total')).toHaveText(formatUsd(second.price * 2));
  await expect(page.getByTestId('cart-subtotal')).toHaveText(formatUsd(subtotal));

  await page.getByRole('link', { name: 'Checkout', exact: true }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByRole('heading', { name: 'Checkout', exact: true })).toBeVisible();

  const email = uniqueEmail('buyer');
  await fillDetails(page, email);

  // The first shipping option is chosen for the shopper; pick the paid express one instead.
  const shipping = page.getByRole('region', { name: /Shipping method/ });
  await expect(shipping.getByRole('radio', { name: /Standard \(3–5 days\)/ })).toBeChecked();
  await shipping.getByRole('radio', { name: /Express \(1–2 days\)/ }).check();
  await expect(page.getByTestId('checkout-shipping')).toHaveAttribute('data-amount', '1500');

  // An unknown code gets the server's sentence; WELCOME10 takes 10% off.
  const discountCode = page.getByLabel('Discount code', { exact: true });
  await discountCode.fill('NOT-A-REAL-CODE');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'does not exist' })).toBeVisible();
  await discountCode.fill('WELCOME10');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const discount = Math.floor((subtotal * 1000 + 5000) / 10_000); // 10%, half up
  await expect(page.getByTestId('checkout-discount')).toHaveAttribute(
    'data-amount',
    String(discount),
  );

  // The review shows exactly what the server computes.
  const server = await serverCartTotals(page);
  expect(server).toMatchObject({
    currencyCode: 'USD',
    subtotal,
    discountTotal: discount,
    shippingTotal: 1500,
    taxTotal: 0,
    total: subtotal - discount + 1500,
  });
  const review = await shownTotals(page, 'checkout');
  expect(review).toEqual({
    subtotal: server.subtotal,
    discountTotal: server.discountTotal,
    shippingTotal: server.shippingTotal,
    taxTotal: server.taxTotal,
    total: server.total,
  });
  await expect(page.getByTestId('checkout-total')).toHaveText(formatUsd(server.total));
  const cartId = await cartIdCookie(page);

  await expect(page.getByText('Test payment — no real money moves')).toBeVisible();
  await page.getByLabel('Card number', { exact: true }).fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Place order' }).click();

  await expect(page).toHaveURL(/\/checkout\/confirmation\?order=\d+&token=[\w-]+$/);
  await expect(page.getByRole('heading', { name: /Thank you/ })).toBeVisible();
  const orderNumber = Number(await page.getByTestId('order-number').textContent());
  await expect(page.getByTestId('confirmation-email')).toHaveText(email);
  await expect(page.getByTestId('summary-line')).toHaveCount(2);

  const [order] = await query<{
    subtotal: number;
    discount_total: number;
    shipping_total: number;
    tax_total: number;
    total: number;
    email: string;
    discount_code: string | null;
    cart_id: string;
    currency_code: string;
    lines: string;
  }>(
    `select subtotal, discount_total, shipping_total, tax_total, total, email, discount_code, cart_id,
            currency_code, (select count(*) from order_lines l where l.order_id = o.id) as lines
       from orders o where number = $1`,
    [orderNumber],
  );
  if (!order) throw new Error(`order ${orderNumber} is not in the database`);
  const stored = {
    subtotal: Number(order.subtotal),
    discountTotal: Number(order.discount_total),
    shippingTotal: Number(order.shipping_total),
    taxTotal: Number(order.tax_total),
    total: Number(order.total),
  };
  expect(stored).toEqual(review);
  expect(await shownTotals(page, 'confirmation')).toEqual(stored);
  await expect(page.getByTestId('confirmation-total')).toHaveText(formatUsd(stored.total));
  expect(order).toMatchObject({
    email,
    discount_code: 'WELCOME10',
    cart_id: cartId,
    currency_code: 'USD',
  });
  expect(Number(order.lines)).toBe(2);

  // The worker wrote the confirmation mail (file transport in the e2e stack).
  await expect
    .poll(() => findMail(email, `${orderNumber}`) !== null, { timeout: 15_000, intervals: [250] })
    .toBe(true);

  // The cart is closed: the cart page is empty again.
  await page.goto('/cart');
  await expect(page.getByRole('heading', { name: 'Your cart is empty' })).toBeVisible();

  // The same order with a wrong token is a 404, not someone else's order.
  const wrong = await page.goto(
    `/checkout/confirmation?order=${orderNumber}&token=${'x'.repeat(32)}`,
  );
  expect(wrong?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: /couldn.t find that order/ })).toBeVisible();
});

test('a declined card shows the provider sentence, places no order, and the hold lapses', async ({
  page,
}) => {
  const variant = await pickStockedVariant(2);
  const reservedNow = async () => {
    const [row] = await query<{ reserved: number }>(
      'select coalesce(sum(reserved), 0)::int as reserved from inventory_levels where variant_id = $1',
      [variant.variantId],
    );
    return Number(row?.reserved ?? 0);
  };
  const before = await reservedNow();

  await addToCartOverApi(page, variant.variantId, 1);
  await page.goto('/checkout');
  const email = uniqueEmail('declined');
  await fillDetails(page, email);
  await expect(page.getByTestId('checkout-shipping')).not.toHaveText('Calculated at checkout');

  await page.getByLabel('Card number', { exact: true }).fill('4000 0000 0000 0002');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Your card was declined.' }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/checkout$/);

  // The checkout reserved the unit (pending until it lapses: it may already have, 3 s is short);
  // no order exists.
  const cartId = await cartIdCookie(page);
  const [checkout] = await query<{ id: string; status: string; failure_reason: string | null }>(
    'select id, status, failure_reason from checkouts where cart_id = $1 order by created_at desc limit 1',
    [cartId],
  );
  if (!checkout) throw new Error('the declined attempt left no checkout row');
  expect(['pending', 'expired']).toContain(checkout.status);
  expect(checkout.failure_reason).toBe('Your card was declined.');
  const held = await query<{ variant_id: string; quantity: number }>(
    'select variant_id, quantity from reservations where checkout_id = $1',
    [checkout.id],
  );
  expect(held.map((r) => [Number(r.variant_id), Number(r.quantity)])).toEqual([
    [variant.variantId, 1],
  ]);
  const orders = await query<{ n: number }>(
    'select count(*)::int as n from orders where email = $1 or cart_id = $2',
    [email, cartId],
  );
  expect(Number(orders[0]?.n)).toBe(0);

  // The e2e stack holds stock for 3 s and the worker releases lapsed checkouts every second.
  await expect.poll(reservedNow, { timeout: 15_000, intervals: [500] }).toBe(before);
  const [after] = await query<{ status: string; released: number }>(
    `select c.status, (select count(*)::int from reservations r
                        where r.checkout_id = c.id and r.status = 'released') as released
       from checkouts c where c.id = $1`,
    [checkout.id],
  );
  expect(after).toEqual({ status: 'expired', released: 1 });
});
