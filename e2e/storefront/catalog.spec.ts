import { expect, test } from '@playwright/test';

test('the home page lists products that link to their pages', async ({ page }) => {
  // The region-less home redirects into the default region (no cookie, an en-US browser).
  await page.goto('/');
  await expect(page).toHaveURL(/\/us$/);
  const cards = page.locator('main a[href^="/us/p/"]');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(10);
  const href = await cards.first().getAttribute('href');
  expect(href).toMatch(/^\/us\/p\/[a-z0-9-]+$/);
  await cards.first().click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByTestId('product-title')).toBeVisible();
});

test('a product page shows its variants with prices in the region currency', async ({ page }) => {
  await page.goto('/us');
  const href = await page.locator('main a[href^="/us/p/"]').nth(3).getAttribute('href');
  if (!href) throw new Error('no product link');
  await page.goto(href);
  const rows = page.getByTestId('variant-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first().getByTestId('variant-price')).toContainText('$');
  await expect(page.getByTestId('product-price')).toContainText('$');
});

test('an unknown product handle gets the 404 page', async ({ page }) => {
  const response = await page.goto('/p/there-is-no-such-product-anywhere');
  expect(response?.status()).toBe(404);
  await expect(page.getByText(/couldn.t find/i)).toBeVisible();
  await expect(page.getByRole('link', { name: /home|shop/i }).first()).toBeVisible();
});
