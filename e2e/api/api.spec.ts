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
  // No other spec picks this one: it only tells a refused request apart from another worker's edit.
  const canary = await pickProduct(20);
  const page = async (handle: string) => (await request.get(`/us/p/${handle}`)).text();
  expect(await page(product.handle)).toContain(product.title);
  const tags = [`product-handle:${product.handle}`, `product-handle:${canary.handle}`];

  // Change both rows behind their pages without enqueuing anything and send revalidations that
  // must be refused, naming the product's tag only. Every page also carries the `catalog` tag,
  // which the admin specs running beside this one refresh whenever they edit the catalog: then
  // the canary shows its change too, the attempt proves nothing either way, and it is retried.
  let title = '';
  for (let attempt = 1; ; attempt++) {
    await page(canary.handle);
    title = `Changed behind the cache ${Date.now()}`;
    const canaryTitle = `Canary behind the cache ${Date.now()}`;
    await query('update products set title = $1 where id = $2', [title, product.id]);
    await query('update products set title = $1 where id = $2', [canaryTitle, canary.id]);

    const forged = signed([tags[0] as string], 'not-the-secret-'.repeat(4));
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

    const shown = await page(product.handle);
    if (!shown.includes(title)) break;
    const refreshedByOthers = (await page(canary.handle)).includes(canaryTitle);
    if (!refreshedByOthers || attempt === 3) {
      expect(shown, 'a refused revalidation refreshed the page').not.toContain(title);
    }
  }

  await query('update products set title = $1 where id = $2', [canary.title, canary.id]);
  const good = signed(tags, env('E2E_REVALIDATE_SECRET'));
  const accepted = await request.post('/api/revalidate', {
    data: good.body,
    headers: { 'content-type': 'application/json', 'x-shop-signature': good.signature },
  });
  expect(accepted.status()).toBe(200);
  await expect
    .poll(() => page(product.handle), { timeout: 5_000, intervals: [200] })
    .toContain(title);
  await expect
    .poll(() => page(canary.handle), { timeout: 5_000, intervals: [200] })
    .toContain(canary.title);
});
