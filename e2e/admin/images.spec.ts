import { expect, test, type Page } from '@playwright/test';
import { env, pickProduct, STOREFRONT_URL } from '../support';

/** A 120×150 PNG (generated with sharp; no image library in the e2e package). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAHgAAACWCAIAAACaSNt3AAAACXBIWXMAAAPoAAAD6AG1e1JrAAAB8klEQVR4nO3UAY0DARDDwCI5nIVoWCXRflavkYLAcvx63tnzewgvlJ8/UQ3ogO4/vY3RAd1cQ0Y3Bycd3ZxGB3RzDRndHJx0dHMaHdDNNWR0c3DS0c1pdEA315DRzcFJRzen0QHdXENGNwcnHd2cRgd0cw0Z3RycdHRzGh3QzTVkdHNw0tHNaXRAN9eQ0c3BSUc3p9EB3VxDRjcHJx3dnEYHdHMNGd0cnHR0cxod0M01ZHRzcNLRzWl0QDfXkNHNwUlHN6fRAd1cQ0Y3Bycd3ZxGB3RzDRndHJx0dHMaHdDNNWR0c3DS0c1pdEA315DRzcFJRzen0QHdXENGNwcnHd2cRgd0cw0Z3RycdHRzGh3QzTVkdHNw0tHNaXRAN9eQ0c3BSUc3p9EB3VxDRjcHJx3dnEYHdHMNGd0cnHR0cxod0M01ZHRzcNLRzWl0QDfXkNHNwUlHN6fRAd1cQ0Y3Bycd3ZxGB3RzDRndHJx0dHMaHdDNNWR0c3DS0c1pdEA315DRzcFJRzen0QHdXENGNwcnHd2cRgd0cw0Z3RycdHRzGh3QzTVkdHNw0tHNaXRAN9eQ0c3BSUc3p9EB3VxDRjcHJx3dnEYHdHMNGd0cnHR0cxod0M01ZHRzcNLRzWl0QDfXkNHNwUlHN6fRAd1cwy/uA8ZnJwGHH4QjAAAAAElFTkSuQmCC',
  'base64',
);

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(env('E2E_ADMIN_EMAIL'));
  await page.getByLabel('Password').fill(env('E2E_ADMIN_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/products/);
}

test('an uploaded image appears on the storefront product page, optimised by next/image', async ({
  page,
  request,
}) => {
  const product = await pickProduct(12);
  await signIn(page);
  await page.goto(`/products/${product.id}/images`);
  const before = await page.getByTestId('product-image').count();

  await page.getByLabel('Add images').setInputFiles([
    { name: 'not-a-picture.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('hello, I am text') },
    { name: 'blue.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await expect(page.getByRole('alert').filter({ hasText: 'not an image' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded' })).toBeVisible();
  await expect(page.getByTestId('product-image')).toHaveCount(before + 1);

  // The storefront's page refreshes from the product.updated event and shows the new image.
  const mediaPath = `/media/products/${product.id}/`;
  let html = '';
  await expect
    .poll(
      async () => {
        html = await (await request.get(`${STOREFRONT_URL}/p/${product.handle}`)).text();
        return html.includes(encodeURIComponent(mediaPath));
      },
      { timeout: 10_000, intervals: [300] },
    )
    .toBe(true);
  const src = /\/_next\/image\?url=([^"&]+)[^"]*/.exec(html.replaceAll('&amp;', '&'));
  expect(src?.[1]).toBeDefined();
  const original = decodeURIComponent(src?.[1] ?? '');
  expect(original).toMatch(new RegExp(`^${mediaPath}[0-9a-f]{64}/w1600\\.webp$`));

  const served = await request.get(`${STOREFRONT_URL}${original}`);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toBe('image/webp');
  expect(served.headers()['cache-control']).toContain('immutable');
  const optimised = await request.get(
    `${STOREFRONT_URL}/_next/image?url=${encodeURIComponent(original)}&w=640&q=75`,
  );
  expect(optimised.status()).toBe(200);
  expect(optimised.headers()['content-type']).toMatch(/^image\//);

  // Keys outside products/ and traversal are not served.
  expect((await request.get(`${STOREFRONT_URL}/media/imports/x.csv`)).status()).toBe(404);
  expect(
    (await request.get(`${STOREFRONT_URL}/media/products/..%2F..%2Fetc/passwd`)).status(),
  ).toBe(404);
});

test('the upload route refuses a request without a session (401)', async ({ request }) => {
  const product = await pickProduct(12);
  const response = await request.post(`/api/products/${product.id}/images`, {
    data: PNG,
    headers: { 'content-type': 'image/png' },
  });
  expect(response.status()).toBe(401);
  expect((await response.json()) as { message: string }).toMatchObject({
    message: expect.stringMatching(/Sign in/) as unknown as string,
  });
});
