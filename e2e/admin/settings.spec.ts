import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  query,
  seriousViolations,
  signInToAdmin,
  stockedVariantId,
  STOREFRONT_URL,
} from '../support';

/**
 * The admin's settings (issue 11): the owner creates and deletes a stock location, adds a
 * shipping option to the United States region and gives Canada its own 5% tax; the storefront's
 * checkout for a Canadian address offers the new option and charges 5% on the line and the
 * shipping. Only additive changes with names of its own (variant offset 70 is this spec's):
 * the option and Canada's rate are removed again, whatever happens.
 */
const suffix = randomBytes(3).toString('hex');
const optionName = `E2E courier ${suffix}`;
const locationCode = `e2e-${suffix}`;

test.afterAll(async () => {
  await query('update region_countries set tax_rate_bp = null where country_code = $1', ['CA']);
  await query('delete from shipping_options where name = $1', [optionName]);
  await query('delete from stock_locations where code = $1', [locationCode]);
});

test('the owner sets up a location, a shipping option and a country tax rate; checkout uses them', async ({
  page,
}) => {
  await signInToAdmin(page);
  await page.goto('/settings/regions');
  await expect(
    page.getByRole('heading', { name: 'Regions and currencies', level: 1 }),
  ).toBeVisible();
  await expect(page.getByTestId('region-row').filter({ hasText: 'United States' })).toContainText(
    'USD',
  );
  expect(await seriousViolations(page)).toEqual([]);

  // A stock location: created with a lower-case code, then deleted (it holds nothing).
  await page.goto('/settings/locations');
  await expect(page.getByRole('heading', { name: 'Stock locations', level: 1 })).toBeVisible();
  await page.getByLabel('Code', { exact: true }).fill(locationCode.toUpperCase());
  await page.getByLabel('Name', { exact: true }).fill(`Shed ${suffix}`);
  await page.getByRole('button', { name: 'Create location' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `(${locationCode}) created.` }),
  ).toBeVisible();
  const locationRow = page.getByTestId('location-row').filter({ hasText: locationCode });
  await expect(locationRow).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await locationRow.getByRole('button', { name: `Delete Shed ${suffix}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(locationRow).toHaveCount(0);

  // A flat 3.21 shipping option at the end of the United States' list.
  await page.goto('/settings/shipping');
  await expect(page.getByRole('heading', { name: 'Shipping', level: 1 })).toBeVisible();
  await page.getByLabel('Region', { exact: true }).selectOption({ label: 'United States (USD)' });
  await page.getByLabel('Name (shoppers see it)').fill(optionName);
  await page.getByLabel('Price (USD)').fill('3.21');
  await page.getByRole('button', { name: 'Add shipping option' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `${optionName} added to United States.` }),
  ).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: 'United States (USD)' })
      .getByTestId('shipping-row')
      .filter({ hasText: optionName }),
  ).toContainText('$3.21');
  expect(await seriousViolations(page)).toEqual([]);

  // Canada's own rate: 5% instead of the region's 0%.
  await page.goto('/settings/taxes');
  await expect(page.getByRole('heading', { name: 'Taxes', level: 1 })).toBeVisible();
  const canada = page.getByRole('form', { name: 'CA tax rate' });
  await canada.getByLabel('CA own tax rate (%)').fill('5');
  await canada.getByRole('button', { name: 'Save' }).click();
  await expect(canada.getByRole('status')).toHaveText('CA pays 5%.');
  expect(await seriousViolations(page)).toEqual([]);

  // The storefront's checkout, shipping to Canada: the new option, and 5% tax on top.
  const variantId = await stockedVariantId(70);
  const added = await page.request.post(`${STOREFRONT_URL}/api/trpc/storefront.cart.add`, {
    data: { json: { variantId, quantity: 1, region: 'us' } },
  });
  expect(added.status(), await added.text()).toBe(200);
  await page.goto(`${STOREFRONT_URL}/checkout`);
  await page.getByLabel('Email', { exact: true }).fill(`e2e-settings-${suffix}@example.com`);
  await page.getByLabel('First name', { exact: true }).fill('Lucy');
  await page.getByLabel('Last name', { exact: true }).fill('Maud');
  await page.getByLabel('Address', { exact: true }).fill('8 Green Gables Lane');
  await page.getByLabel('City', { exact: true }).fill('Ottawa');
  await page.getByLabel('Postal code', { exact: true }).fill('K1A 0B1');
  await page.getByLabel('State / province', { exact: true }).fill('ON');
  await page.getByLabel('Country', { exact: true }).selectOption('CA');
  await page.getByRole('button', { name: 'Continue to shipping' }).click();
  const option = page.getByRole('radio', { name: new RegExp(optionName) });
  await expect(option).toBeVisible();
  await option.check();
  await expect(page.getByTestId('checkout-shipping')).toHaveAttribute('data-amount', '321');
  const subtotal = Number(await page.getByTestId('checkout-subtotal').getAttribute('data-amount'));
  // 5% of the line and of the shipping, each rounded half up (3.21 → 0.16).
  const tax = Math.floor((subtotal * 500 + 5000) / 10_000) + 16;
  await expect(page.getByTestId('checkout-tax')).toHaveAttribute('data-amount', String(tax));
  await expect(page.getByTestId('checkout-total')).toHaveAttribute(
    'data-amount',
    String(subtotal + 321 + tax),
  );

  // Back in the admin: Canada pays the region's rate again, and the option goes.
  await page.goto('/settings/taxes');
  await canada.getByRole('button', { name: 'Clear' }).click();
  await expect(canada.getByRole('status')).toHaveText("CA pays the region's rate again (0%).");
  await page.goto('/settings/shipping');
  await page.getByRole('button', { name: `Delete ${optionName}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('shipping-row').filter({ hasText: optionName })).toHaveCount(0);
});
