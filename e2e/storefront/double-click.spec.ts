import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { addToCartOverApi, fillCheckoutDetails, query, stockedVariantId } from '../support';

/**
 * The shopper has the checkout open in two tabs (one cart, two attempts) and presses "Place
 * order" in both at once. Whatever the interleaving, the cart places one order, both tabs land
 * on that order's confirmation, and a second charge, if one got through, is refunded.
 */

async function cartId(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'cart_id');
  if (!cookie) throw new Error('no cart_id cookie');
  return cookie.value;
}

for (const round of [1, 2, 3]) {
  test(`double click in two tabs ends with both tabs on the same order (round ${round})`, async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const [tabA, tabB] = [await context.newPage(), await context.newPage()];
    if (!tabA || !tabB) throw new Error('no tabs');
    const variantId = await stockedVariantId(30 + round, 5);
    await addToCartOverApi(tabA, variantId);

    await tabA.goto('/checkout');
    await fillCheckoutDetails(tabA, `e2e-two-tabs-${randomBytes(4).toString('hex')}@example.com`);
    await expect(tabA.getByRole('button', { name: 'Place order' })).toBeVisible();
    // The second tab opens the same checkout: another render, another attempt key.
    await tabB.goto('/checkout');
    await expect(tabB.getByRole('button', { name: 'Place order' })).toBeVisible();
    for (const tab of [tabA, tabB])
      await tab.getByLabel('Card number', { exact: true }).fill('4242 4242 4242 4242');
    const cart = await cartId(tabA);

    await Promise.all([
      tabA.getByRole('button', { name: 'Place order' }).click(),
      tabB.getByRole('button', { name: 'Place order' }).click(),
    ]);
    await Promise.all([
      tabA.waitForURL(/\/checkout\/confirmation/),
      tabB.waitForURL(/\/checkout\/confirmation/),
    ]);
    const numberA = Number(await tabA.getByTestId('order-number').textContent());
    const numberB = Number(await tabB.getByTestId('order-number').textContent());
    expect(numberA).toBeGreaterThan(0);
    expect(numberB).toBe(numberA);

    const [order] = await query<{ cart_id: string }>(
      'select cart_id from orders where number = $1',
      [numberA],
    );
    if (!order) throw new Error(`order ${numberA} is not in the database`);
    expect(order.cart_id).toBe(cart);
    const orders = await query<{ n: string }>(
      'select count(*) as n from orders where cart_id = $1',
      [order.cart_id],
    );
    expect(Number(orders[0]?.n)).toBe(1);
    // A second charge may have got through in the race; the worker refunds it in full.
    await expect
      .poll(
        async () => {
          const [m] = await query<{ kept: string; ordered: string }>(
            `select (select coalesce(sum(p.amount - p.refunded_amount), 0) from payments p
                       join checkouts c on c.id = p.checkout_id where c.cart_id = $1) as kept,
                    (select total from orders where cart_id = $1) as ordered`,
            [order.cart_id],
          );
          return Number(m?.kept) - Number(m?.ordered);
        },
        { timeout: 20_000 },
      )
      .toBe(0);
    // Neither tab shows an error or a payment form.
    for (const tab of [tabA, tabB]) {
      await expect(tab.getByRole('heading', { name: /Thank you/ })).toBeVisible();
      await expect(tab.getByRole('button', { name: 'Place order' })).toHaveCount(0);
    }
    await context.close();
  });
}
