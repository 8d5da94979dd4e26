import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  alerts,
  fillCheckoutDetails,
  query,
  seriousViolations,
  signInToAdmin,
  stockedVariantId,
  STOREFRONT_URL,
} from '../support';

/**
 * The admin's stock and discounts (issue 11): a level adjusted with a reason shows in the
 * variant's history; a code created in the admin takes its percentage off in the storefront's
 * checkout. Variant offsets 60 and 61 (see `stockedVariantId`) are this spec's own.
 */

async function onHandAtMain(variantId: number): Promise<number> {
  const [row] = await query<{ on_hand: number }>(
    `select il.on_hand from inventory_levels il join stock_locations l on l.id = il.location_id
      where il.variant_id = $1 and l.code = 'main'`,
    [variantId],
  );
  return Number(row?.on_hand ?? 0);
}

test('staff adjust a level with a reason and a note, and see it in the history', async ({
  page,
}, testInfo) => {
  const variantId = await stockedVariantId(60);
  const before = await onHandAtMain(variantId);
  await signInToAdmin(page);
  await page.goto('/stock?low=');
  await expect(page.getByRole('table', { name: 'Stock levels by variant' })).toBeVisible();
  await page.goto(`/stock/${variantId}`);
  await expect(page.getByRole('heading', { name: 'Adjust stock' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const note = `e2e pallet ${randomBytes(3).toString('hex')}`;
  await page.getByLabel('Change (units, − to remove)').fill('7');
  await page.getByLabel('Reason').selectOption('received');
  await page.getByLabel('Note').fill(note);
  await page.getByRole('button', { name: 'Adjust stock' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added 7' })).toContainText(
    `${before + 7} on hand`,
  );
  const history = page.getByRole('table', { name: 'Stock history, newest first' });
  const row = history.getByRole('row').filter({ hasText: note });
  await expect(row).toContainText('+7');
  await expect(row).toContainText(String(before + 7));
  await expect(row).toContainText('received');
  expect(await onHandAtMain(variantId)).toBe(before + 7);

  // Taking more than is on hand is refused with a sentence; nothing changes.
  await page.getByLabel('Change (units, − to remove)').fill(String(-(before + 100)));
  await page.getByRole('button', { name: 'Adjust stock' }).click();
  await expect(alerts(page).filter({ hasText: 'cannot go below' })).toBeVisible();
  expect(await onHandAtMain(variantId)).toBe(before + 7);

  await page.screenshot({ path: testInfo.outputPath('stock-variant-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: testInfo.outputPath('stock-variant-375.png'), fullPage: true });
});

test('staff create a discount code; the storefront checkout takes it off, a duplicate is refused', async ({
  page,
}, testInfo) => {
  const code = `E2E${randomBytes(3).toString('hex').toUpperCase()}`;
  await signInToAdmin(page);
  await page.goto('/discounts/new');
  await page.getByLabel('Code').fill(code);
  await page.getByLabel('Type').selectOption('percentage');
  await page.getByLabel('Percentage (%)').fill('150');
  await page.getByRole('button', { name: 'Create discount' }).click();
  await expect(page.getByText('A percentage discount can take at most 100%')).toBeVisible();
  await page.getByLabel('Percentage (%)').fill('15');
  await page.getByRole('button', { name: 'Create discount' }).click();
  await expect(page).toHaveURL(/\/discounts\/\d+$/);
  await expect(page.getByTestId('discount-usage')).toContainText('15%');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('discount-desktop.png'), fullPage: true });

  // The same code in another casing is taken.
  await page.goto('/discounts/new');
  await page.getByLabel('Code').fill(code.toLowerCase());
  await page.getByLabel('Percentage (%)').fill('5');
  await page.getByRole('button', { name: 'Create discount' }).click();
  await expect(alerts(page).filter({ hasText: 'already exists' })).toBeVisible();
  const rows = await query<{ n: number }>(
    'select count(*)::int as n from discounts where upper(code) = $1',
    [code],
  );
  expect(rows[0]?.n).toBe(1);

  // A shopper applies it at checkout (any casing): 15% of the subtotal, half up.
  const variantId = await stockedVariantId(61);
  const res = await page.request.post(`${STOREFRONT_URL}/api/trpc/storefront.cart.add`, {
    data: { json: { variantId, quantity: 1, region: 'us' } },
  });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto(`${STOREFRONT_URL}/checkout`);
  await fillCheckoutDetails(page, `e2e-discount-${randomBytes(3).toString('hex')}@example.com`);
  await page.getByLabel('Discount code', { exact: true }).fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const subtotal = Number(await page.getByTestId('checkout-subtotal').getAttribute('data-amount'));
  await expect(page.getByTestId('checkout-discount')).toHaveAttribute(
    'data-amount',
    String(Math.floor((subtotal * 1500 + 5000) / 10_000)),
  );
});

test('the stock, transfers, customers and discounts lists render with no serious accessibility violations', async ({
  page,
}) => {
  await signInToAdmin(page);
  for (const [path, table] of [
    ['/stock?low=1', 'Stock levels by variant'],
    ['/stock/transfers', 'Stock transfers, newest first'],
    ['/customers', 'Customers by email'],
    ['/discounts', 'Discount codes, newest first'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('table', { name: table })).toBeVisible();
    expect(await seriousViolations(page), path).toEqual([]);
  }
  const [customer] = await query<{ id: string }>('select id from customers order by id limit 1');
  if (customer) {
    await page.goto(`/customers/${encodeURIComponent(customer.id)}`);
    await expect(page.getByRole('heading', { name: 'Lifetime value' })).toBeVisible();
  }
});
