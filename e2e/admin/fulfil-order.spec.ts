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

/**
 * Refund one unit with restock, then cancel: both through the order page's dialogs. The
 * cancellation waits for the refund the worker runs (refused with a sentence while it is queued),
 * then puts the other unit back and refunds the rest. Buys from variant offset 72.
 */
test('the owner refunds one unit back to stock, then cancels the rest', async ({
  page,
  browser,
}) => {
  const shopperContext = await browser.newContext({ baseURL: STOREFRONT_URL });
  const shopper = await shopperContext.newPage();
  const variantId = await stockedVariantId(72, 3);
  const stock = async () =>
    Number(
      (
        await query<{ n: string }>(
          'select sum(on_hand) as n from inventory_levels where variant_id = $1',
          [variantId],
        )
      )[0]?.n,
    );
  await addToCartOverApi(shopper, variantId, 2);
  await shopper.goto('/checkout');
  await fillCheckoutDetails(shopper, `e2e-refund-${randomBytes(4).toString('hex')}@example.com`);
  const number = await payWithTestCard(shopper);
  await shopperContext.close();
  const before = await stock();

  await signInToAdmin(page);
  await page.goto(`/orders/${number}`);
  await page.getByRole('button', { name: 'Refund…' }).click();
  const refund = page.getByRole('dialog', { name: `Refund order #${number}` });
  await refund.getByLabel('Items').check();
  await refund.getByRole('spinbutton').first().fill('1');
  await expect(refund.getByLabel('Put the units back in stock')).toBeChecked();
  await refund.getByRole('button', { name: 'Request refund' }).click();
  await expect(refund.getByText('Enter a reason for the refund')).toBeVisible();
  await refund.getByLabel('Reason').fill('Arrived damaged');
  await refund.getByRole('button', { name: 'Request refund' }).click();
  await expect(refund).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Refund requested' })).toBeVisible();

  // The worker refunds and puts the unit back.
  await expect.poll(stock, { timeout: 30_000 }).toBe(before + 1);
  // ... and its job has left the queue (a queued refund holds the cancellation back).
  const queued = async () =>
    (
      await query(
        `select 1 from graphile_worker.jobs j join payments p on j.key = 'refund-payment:' || p.id
           join orders o on o.id = p.order_id where o.number = $1`,
        [number],
      )
    ).length;
  await expect.poll(queued, { timeout: 30_000 }).toBe(0);
  await page.reload();
  await expect(page.getByText('1 refunded')).toBeVisible();

  await page.getByRole('button', { name: 'Cancel order…' }).click();
  const cancel = page.getByRole('dialog', { name: `Cancel order #${number}?` });
  await cancel.getByLabel('Reason').fill('Customer asked to cancel');
  await cancel.getByRole('button', { name: 'Cancel order' }).click();
  await expect(cancel).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'cancelled' })).toBeVisible();
  await expect(page.getByText('Canceled').first()).toBeVisible();
  expect(await stock()).toBe(before + 2);
  await expect(page.getByRole('button', { name: 'Fulfil items…' })).toHaveCount(0);
});
