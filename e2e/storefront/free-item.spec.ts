import { expect, test } from '@playwright/test';
import {
  addToCartOverApi,
  fillCheckoutDetails,
  payWithTestCard,
  query,
  stockedVariantId,
} from '../support';

/**
 * A price of 0 is a price, not "not for sale": a free item is carted, shown at $0.00 without a
 * warning, and bought (here with paid shipping, so the total is above 0 and the card is charged).
 * Buys variant offsets 40 and 41, which no other spec uses; their USD prices are put back
 * afterwards.
 */

/** Runs `body` with the variant's USD price at 0, then puts the price back. */
async function withFreePrice(variantId: number, body: () => Promise<void>): Promise<void> {
  const [price] = await query<{ amount: string; compare_at_amount: string | null }>(
    `select amount, compare_at_amount from product_prices where variant_id = $1 and currency_code = 'USD'`,
    [variantId],
  );
  if (!price) throw new Error(`variant ${variantId} has no USD price`);
  await query(
    `update product_prices set amount = 0, compare_at_amount = null where variant_id = $1 and currency_code = 'USD'`,
    [variantId],
  );
  try {
    await body();
  } finally {
    await query(
      `update product_prices set amount = $2, compare_at_amount = $3 where variant_id = $1 and currency_code = 'USD'`,
      [variantId, price.amount, price.compare_at_amount],
    );
  }
}

test('a free item (price 0) is carted and bought', async ({ page }) => {
  const variantId = await stockedVariantId(40);
  await withFreePrice(variantId, async () => {
    await addToCartOverApi(page, variantId, 2);

    await page.goto('/cart');
    await expect(page.getByTestId('cart-line-unit-price')).toHaveText('$0.00');
    await expect(page.getByTestId('cart-line')).not.toContainText('for sale');

    await page.goto('/checkout');
    await fillCheckoutDetails(page, 'free-item@example.com');
    await expect(page.getByTestId('checkout-details-summary')).toBeVisible();
    const number = await payWithTestCard(page);

    const [order] = await query<{ total: string; shipping_total: string; unit_price: string }>(
      `select o.total, o.shipping_total, ol.unit_price
         from orders o join order_lines ol on ol.order_id = o.id where o.number = $1`,
      [number],
    );
    expect(Number(order?.unit_price)).toBe(0);
    expect(Number(order?.shipping_total)).toBeGreaterThan(0);
    expect(Number(order?.total)).toBeGreaterThanOrEqual(Number(order?.shipping_total));
  });
});

/** A total of 0 (a free item with FREESHIP) asks for no card: "Place free order" places it. */
test('a free order (total 0) is placed without a card', async ({ page }) => {
  const variantId = await stockedVariantId(41);
  await withFreePrice(variantId, async () => {
    await addToCartOverApi(page, variantId);

    await page.goto('/checkout');
    await fillCheckoutDetails(page, 'free-order@example.com');
    await expect(page.getByTestId('checkout-details-summary')).toBeVisible();
    await page.getByLabel('Discount code', { exact: true }).fill('FREESHIP');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(page.getByTestId('checkout-total')).toHaveAttribute('data-amount', '0');

    await expect(page.getByLabel('Card number', { exact: true })).toHaveCount(0);
    await page.getByRole('button', { name: 'Place free order' }).click();
    await page.waitForURL(/\/checkout\/confirmation/);
    const number = Number(await page.getByTestId('order-number').textContent());

    const [order] = await query<{ total: string }>(`select total from orders where number = $1`, [
      number,
    ]);
    expect(Number(order?.total)).toBe(0);
  });
});
