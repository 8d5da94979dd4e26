import { expect, test } from '@playwright/test';
import { pickProduct, signInToAdmin, STOREFRONT_URL } from '../support';

// An uploaded image reaching the storefront (next/image, the media route's headers) is part of
// the owner's product flow in create-product.spec.ts; these are the refusals around it.

test('a file that is not an image is refused with a sentence and nothing is added', async ({
  page,
}) => {
  const product = await pickProduct(12);
  await signInToAdmin(page);
  await page.goto(`/products/${product.id}/images`);
  const before = await page.getByTestId('product-image').count();

  await page.getByLabel('Add images').setInputFiles([
    {
      name: 'not-a-picture.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('hello, I am text'),
    },
  ]);
  await expect(page.getByRole('alert').filter({ hasText: 'not an image' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('product-image')).toHaveCount(before);
});

test('the media route serves product images only: other keys and traversal answer 404', async ({
  request,
}) => {
  expect((await request.get(`${STOREFRONT_URL}/media/imports/x.csv`)).status()).toBe(404);
  expect(
    (await request.get(`${STOREFRONT_URL}/media/products/..%2F..%2Fetc/passwd`)).status(),
  ).toBe(404);
});

test('the upload route refuses a request without a session (401)', async ({ request }) => {
  const product = await pickProduct(12);
  const response = await request.post(`/api/products/${product.id}/images`, {
    data: Buffer.from('the session is checked before the body is read'),
    headers: { 'content-type': 'image/png' },
  });
  expect(response.status()).toBe(401);
  expect((await response.json()) as { message: string }).toMatchObject({
    message: expect.stringMatching(/Sign in/) as unknown as string,
  });
});
