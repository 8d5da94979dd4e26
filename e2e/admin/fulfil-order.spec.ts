import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  addToCartOverApi,
  fillCheckoutDetails,
  payWithTestCard,
  query,
  seriousViolations,
  signInToAdmin,
  stockedVariantId,
  STOREFRONT_URL,
} from '../support';

/**
 * The owner fulfils part of an order: a guest buys two units of one variant and one of another
 * through the storefront's checkout, the owner ships one unit of the first line in the admin's
 * fulfil dialog with a carrier and tracking number, and the guest's order page (the link from the
 * confirmation mail) says "Partially fulfilled", "1 of 2 shipped" and shows the tracking number.
 * Buys from variant offsets 70 and 71, which no other spec uses.
 */
test('the owner fulfils part of an order; the customer sees it partly shipped with tracking', async ({
  page,
  browser,
}) => {
  const email = `e2e-fulfil-${randomBytes(4).toString('hex')}@example.com`;
  const shopperContext = await browser.newContext({ baseURL: STOREFRONT_URL });
  const shopper = await shopperContext.newPage();
  const first = await stockedVariantId(70, 3);
  const second = await stockedVariantId(71, 3);
  await addToCartOverApi(shopper, first, 2);
  await addToCartOverApi(shopper, second, 1);
  await shopper.goto('/checkout');
  await fillCheckoutDetails(shopper, email);
  const number = await payWithTestCard(shopper);

  const lines = await query<{ id: string; sku: string }>(
    `select ol.id, ol.sku from order_lines ol join orders o on o.id = ol.order_id
      where o.number = $1 and ol.variant_id = $2`,
    [number, first],
  );
  const line = lines[0];
  if (!line) throw new Error('the order has no line for the first variant');

  await signInToAdmin(page);
  await page.goto(`/orders/${number}`);
  await page.getByRole('button', { name: 'Fulfil items…' }).click();
  const dialog = page.getByRole('dialog', { name: `Fulfil order #${number}` });
  await expect(dialog).toBeVisible();
  // Bad input first: more units than are left is refused beside the field, nothing is sent.
  const firstLine = dialog.locator(`#ship-${line.id}`);
  await firstLine.fill('5');
  await dialog.getByLabel('Carrier').fill('UPS');
  await dialog.getByLabel('Tracking number').fill('1ZE2E0001');
  await dialog.getByRole('button', { name: 'Mark as shipped' }).click();
  await expect(dialog.getByText(`At most 2 of ${line.sku} can ship.`)).toBeVisible();
  await firstLine.fill('1');
  // The other line ships later.
  const rows = dialog.getByRole('spinbutton');
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    const input = rows.nth(i);
    if ((await input.getAttribute('id')) !== `ship-${line.id}`) await input.fill('0');
  }
  await dialog.getByLabel('Tracking link (optional)').fill('https://ups.example/track/1ZE2E0001');
  await page.screenshot({ path: '.data/test-results/fulfil-dialog-desktop.png' });
  // A double click ships once (the dialog's idempotency key).
  await dialog.getByRole('button', { name: 'Mark as shipped' }).dblclick();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'marked as shipped' })).toBeVisible();
  await expect(page.getByTestId('shipments')).toContainText('1ZE2E0001');
  await expect(page.getByText('Partially fulfilled').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: '.data/test-results/fulfil-order-desktop.png', fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: '.data/test-results/fulfil-order-375.png', fullPage: true });

  const shipped = await query<{ n: string }>(
    `select count(*) as n from fulfillments f join orders o on o.id = f.order_id where o.number = $1`,
    [number],
  );
  expect(Number(shipped[0]?.n)).toBe(1);

  const [order] = await query<{ access_token: string }>(
    'select access_token from orders where number = $1',
    [number],
  );
  await shopper.goto(`/account/orders/${number}?token=${order?.access_token ?? ''}`);
  const detail = shopper.getByTestId('order-detail');
  await expect(detail).toContainText('Partially fulfilled');
  await expect(detail).toContainText('1 of 2 shipped');
  await expect(detail.getByTestId('shipments')).toContainText('UPS');
  await expect(detail.getByRole('link', { name: '1ZE2E0001' })).toHaveAttribute(
    'href',
    'https://ups.example/track/1ZE2E0001',
  );
  expect(await seriousViolations(shopper)).toEqual([]);
  await shopper.screenshot({
    path: '.data/test-results/fulfil-customer-desktop.png',
    fullPage: true,
  });
  await shopper.setViewportSize({ width: 375, height: 800 });
  await shopper.screenshot({ path: '.data/test-results/fulfil-customer-375.png', fullPage: true });
  await shopperContext.close();
});
