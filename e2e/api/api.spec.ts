import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { ADMIN_URL, env, pickProduct, query } from '../support';

function signed(tags: string[], secret: string) {
  const body = JSON.stringify({ tags, timestamp: Date.now() });
  return { body, signature: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
}

test('bad tRPC input gets 400 with the validation message', async ({ request }) => {
  const input = encodeURIComponent(JSON.stringify({ json: { handle: 'Not A Handle' } }));
  const res = await request.get(`/api/trpc/storefront.catalog.productByHandle?input=${input}`);
  expect(res.status()).toBe(400);
  const body = (await res.json()) as { error: { json: { message: string } } };
  expect(body.error.json.message).toMatch(/Handle may contain only lowercase letters/);
});

test('admin API without a session gets 401', async ({ request }) => {
  const input = encodeURIComponent(JSON.stringify({ json: { limit: 5 } }));
  const res = await request.get(`${ADMIN_URL}/api/trpc/admin.products.list?input=${input}`);
  expect(res.status()).toBe(401);
});

test('revalidation with a bad signature gets 401 and changes nothing; a signed one refreshes', async ({
  request,
}) => {
  const product = await pickProduct(1);
  const page = async () => (await request.get(`/p/${product.handle}`)).text();
  expect(await page()).toContain(product.title);

  // Change the row behind the page without enqueuing anything: only a revalidation can show it.
  const title = `Changed behind the cache ${Date.now()}`;
  await query('update products set title = $1 where id = $2', [title, product.id]);

  const forged = signed([`product-handle:${product.handle}`], 'not-the-secret-'.repeat(4));
  const refused = await request.post('/api/revalidate', {
    data: forged.body,
    headers: { 'content-type': 'application/json', 'x-shop-signature': forged.signature },
  });
  expect(refused.status()).toBe(401);
  const unsigned = await request.post('/api/revalidate', {
    data: forged.body,
    headers: { 'content-type': 'application/json' },
  });
  expect(unsigned.status()).toBe(401);
  expect(await page()).not.toContain(title);

  const good = signed([`product-handle:${product.handle}`], env('E2E_REVALIDATE_SECRET'));
  const accepted = await request.post('/api/revalidate', {
    data: good.body,
    headers: { 'content-type': 'application/json', 'x-shop-signature': good.signature },
  });
  expect(accepted.status()).toBe(200);
  await expect.poll(page, { timeout: 5_000, intervals: [200] }).toContain(title);
});
