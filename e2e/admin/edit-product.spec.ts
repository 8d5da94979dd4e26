import { expect, test } from '@playwright/test';
import { env, pickProduct, STOREFRONT_URL } from '../support';

async function signIn(page: import('@playwright/test').Page) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(env('E2E_ADMIN_EMAIL'));
  await page.getByLabel('Password').fill(env('E2E_ADMIN_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/products/);
}

test('pages need a session: /products redirects to sign-in', async ({ page }) => {
  await page.goto('/products');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(env('E2E_ADMIN_EMAIL'));
  await page.getByLabel('Password').fill('definitely-not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/wrong email or password/i)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test('staff edits title and price; the storefront shows both within 5 seconds', async ({
  page,
  request,
}) => {
  const product = await pickProduct(0);
  // Warm the storefront's cache so that what follows proves revalidation, not a first render.
  for (let i = 0; i < 2; i++) {
    const html = await (await request.get(`${STOREFRONT_URL}/us/p/${product.handle}`)).text();
    expect(html).toContain(product.title);
  }

  await signIn(page);
  await page.goto(`/products/${product.id}`);
  const title = `Edited in the admin ${Date.now()}`;
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByTestId(`price-${product.variantId}-USD`).fill('1.23');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Saved');

  await expect
    .poll(
      async () => {
        const html = await (await request.get(`${STOREFRONT_URL}/us/p/${product.handle}`)).text();
        return html.includes(title) && html.includes('$1.23');
      },
      { timeout: 5_000, intervals: [200] },
    )
    .toBe(true);
});
