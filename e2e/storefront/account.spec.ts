import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  addToCartOverApi,
  fillCheckoutDetails,
  payWithTestCard,
  query,
  stockedVariantId,
} from '../support';

/**
 * A shopper registers, buys while signed in, and finds the order in their history; another
 * shopper cannot open it, and neither can a guessed guest link.
 */

test('a customer registers, buys, and sees the order in their history', async ({
  page,
  browser,
}) => {
  const email = `e2e-customer-${randomBytes(4).toString('hex')}@example.com`;
  await page.goto('/account/register');
  await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).not.toHaveURL(/register/);

  const variantId = await stockedVariantId(20);
  await addToCartOverApi(page, variantId);

  await page.goto('/checkout');
  await fillCheckoutDetails(page, email);
  await expect(page.getByTestId('checkout-details-summary')).toContainText(email);
  const number = await payWithTestCard(page);

  const [order] = await query<{ customer_id: string | null }>(
    'select customer_id from orders where number = $1',
    [number],
  );
  expect(order?.customer_id).toBeTruthy();

  await page.goto('/account');
  await expect(page.getByTestId('order-list')).toContainText(`#${number}`);
  await page.goto(`/account/orders/${number}`);
  await expect(page.getByText(`#${number}`).first()).toBeVisible();

  // Someone else, signed out or signed in as another customer, gets the 404 page.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  const asGuest = await other.goto(`/account/orders/${number}?token=${'x'.repeat(32)}`);
  expect(asGuest?.status()).toBe(404);
  await other.goto('/account/register');
  await other.getByLabel('Name', { exact: true }).fill('Someone Else');
  await other
    .getByLabel('Email', { exact: true })
    .fill(`e2e-other-${randomBytes(4).toString('hex')}@example.com`);
  await other.getByLabel('Password', { exact: true }).fill('another long password');
  await other.getByRole('button', { name: 'Create account' }).click();
  await expect(other).not.toHaveURL(/register/);
  const asOther = await other.goto(`/account/orders/${number}`);
  expect(asOther?.status()).toBe(404);
  await stranger.close();
});
