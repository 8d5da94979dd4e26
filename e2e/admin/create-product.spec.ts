import { expect, test, type APIRequestContext } from '@playwright/test';
import { query, signInToAdmin, STOREFRONT_URL } from '../support';

/** A 120×150 PNG (generated with sharp; no image library in the e2e package). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAHgAAACWCAIAAACaSNt3AAAACXBIWXMAAAPoAAAD6AG1e1JrAAAB8klEQVR4nO3UAY0DARDDwCI5nIVoWCXRflavkYLAcvx63tnzewgvlJ8/UQ3ogO4/vY3RAd1cQ0Y3Bycd3ZxGB3RzDRndHJx0dHMaHdDNNWR0c3DS0c1pdEA315DRzcFJRzen0QHdXENGNwcnHd2cRgd0cw0Z3RycdHRzGh3QzTVkdHNw0tHNaXRAN9eQ0c3BSUc3p9EB3VxDRjcHJx3dnEYHdHMNGd0cnHR0cxod0M01ZHRzcNLRzWl0QDfXkNHNwUlHN6fRAd1cQ0Y3Bycd3ZxGB3RzDRndHJx0dHMaHdDNNWR0c3DS0c1pdEA315DRzcFJRzen0QHdXENGNwcnHd2cRgd0cw0Z3RycdHRzGh3QzTVkdHNw0tHNaXRAN9eQ0c3BSUc3p9EB3VxDRjcHJx3dnEYHdHMNGd0cnHR0cxod0M01ZHRzcNLRzWl0QDfXkNHNwUlHN6fRAd1cQ0Y3Bycd3ZxGB3RzDRndHJx0dHMaHdDNNWR0c3DS0c1pdEA315DRzcFJRzen0QHdXENGNwcnHd2cRgd0cw0Z3RycdHRzGh3QzTVkdHNw0tHNaXRAN9eQ0c3BSUc3p9EB3VxDRjcHJx3dnEYHdHMNGd0cnHR0cxod0M01ZHRzcNLRzWl0QDfXkNHNwUlHN6fRAd1cwy/uA8ZnJwGHH4QjAAAAAElFTkSuQmCC',
  'base64',
);

/** A word no seeded product has, so the search and the category page find this product only. */
function uniqueWord(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let word = 'quokka';
  for (let i = 0; i < 6; i++) word += letters[Math.floor(Math.random() * letters.length)];
  return word;
}

/**
 * Polls a storefront page until its HTML contains every needle (the worker runs in e2e); on
 * failure the last status and the needles still missing are what the assertion shows.
 */
async function expectStorefront(request: APIRequestContext, path: string, needles: string[]) {
  await expect
    .poll(
      async () => {
        const res = await request.get(`${STOREFRONT_URL}${path}`);
        const html = await res.text();
        return { status: res.status(), missing: needles.filter((n) => !html.includes(n)) };
      },
      { timeout: 5_000, intervals: [250] },
    )
    .toEqual({ status: 200, missing: [] });
}

/**
 * Issue 11's first line, as one flow: the owner creates a product with size × colour (4
 * variants), USD and EUR prices and a category, published (active) at once; sets its stock;
 * uploads an image in the editor's image page; and within 5 s the storefront shows the product
 * on its page (with the image, served as an image through next/image), in its category and in
 * search. images.spec.ts covers what the upload refuses and what the media route does not serve.
 */
test('an owner creates a product with size × colour, prices in two currencies, stock and an image; the storefront shows it on its page, in its category and in search', async ({
  page,
  request,
}, testInfo) => {
  const word = uniqueWord();
  const title = `Tee ${word}`;
  const [category] = await query<{ id: string; handle: string; name: string }>(
    `select id, handle, name from categories c
      where not exists (select 1 from categories k where k.parent_id = c.id)
      order by id limit 1`,
  );
  if (!category) throw new Error('the seed has no leaf category');

  await signInToAdmin(page);
  await page.goto('/products/new');
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Add option' }).click();
  await page.getByLabel('Option 1 name').fill('Size');
  await page.getByLabel('Option 1 values').fill('S, M');
  await page.getByRole('button', { name: 'Add option' }).click();
  await page.getByLabel('Option 2 name').fill('Colour');
  await page.getByLabel('Option 2 values').fill('Red, Blue');
  await expect(page.getByTestId('variant-matrix-row')).toHaveCount(4);

  const variants = ['S / Red', 'S / Blue', 'M / Red', 'M / Blue'];
  for (const variant of variants) {
    await page.getByLabel(`Price of ${variant} in USD`, { exact: true }).fill('25.00');
    await page.getByLabel(`Price of ${variant} in EUR`, { exact: true }).fill('23.00');
  }
  await page.getByLabel(`Compare-at price of M / Blue in USD`, { exact: true }).fill('30.00');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('active');
  await page.locator(`input[name="categoryIds"][value="${category.id}"]`).check();
  await page.screenshot({ path: testInfo.outputPath('create-product.png'), fullPage: true });
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page).toHaveURL(/\/products\/\d+\?created=1$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const productId = Number(/\/products\/(\d+)/.exec(page.url())?.[1]);

  // The image, through the editor's image page (linked from the editor).
  await page.getByRole('link', { name: 'Images: upload, order, alt text' }).click();
  await expect(page).toHaveURL(`/products/${productId}/images`);
  await page
    .getByLabel('Add images')
    .setInputFiles([{ name: 'blue.png', mimeType: 'image/png', buffer: PNG }]);
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded' })).toBeVisible();
  await expect(page.getByTestId('product-image')).toHaveCount(1);

  const rows = await query<{ sku: string; handle: string }>(
    `select v.sku, p.handle from product_variants v join products p on p.id = v.product_id
      where p.title = $1 and not v.archived order by v.position`,
    [title],
  );
  expect(rows).toHaveLength(4);
  const handle = rows[0]?.handle ?? '';
  expect(handle).toBe(`tee-${word}`);

  // Stock through the admin API, as the signed-in owner.
  const stock = await page.request.post('/api/trpc/admin.stock.set', {
    data: {
      json: { items: rows.map((r) => ({ sku: r.sku, onHand: 5 })), reason: 'first delivery' },
    },
  });
  expect(stock.status(), await stock.text()).toBe(200);

  // The product page shows the image through next/image (its URL names the stored original).
  const mediaPath = `/media/products/${productId}/`;
  await expectStorefront(request, `/us/p/${handle}`, [
    title,
    '$25.00',
    'S / Red',
    'M / Blue',
    encodeURIComponent(mediaPath),
  ]);
  // Lists link the product by its address (search results highlight the matched word).
  await expectStorefront(request, `/us/search?q=${word}`, [`href="/us/p/${handle}"`]);
  await expectStorefront(request, `/us/c/${category.handle}`, [`href="/us/p/${handle}"`]);
  // In stock: the counts set above reached the product page.
  const html = (await (await request.get(`${STOREFRONT_URL}/us/p/${handle}`)).text()).replaceAll(
    '&amp;',
    '&',
  );
  expect(html).not.toContain('Sold out');

  const src = /\/_next\/image\?url=([^"&]+)[^"]*/.exec(html);
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
});

test('a renamed handle redirects (308) from the old product address to the new one; archiving takes the product off the storefront', async ({
  page,
  request,
}) => {
  const word = uniqueWord();
  await signInToAdmin(page);
  await page.goto('/products/new');
  await page.getByLabel('Title', { exact: true }).fill(`Mug ${word}`);
  await page.getByLabel('Price of Default in USD', { exact: true }).fill('9.00');
  await page.getByLabel('SKU of Default', { exact: true }).fill(`MUG-${word.toUpperCase()}`);
  await page.getByRole('combobox', { name: 'Status' }).selectOption('active');
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page).toHaveURL(/\/products\/\d+\?created=1$/);
  await expectStorefront(request, `/us/p/mug-${word}`, [`Mug ${word}`]);

  await page.getByLabel('Handle', { exact: true }).fill(`mug-${word}-large`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Saved');
  await expect
    .poll(
      async () =>
        (await request.get(`${STOREFRONT_URL}/us/p/mug-${word}`, { maxRedirects: 0 })).status(),
      { timeout: 5_000, intervals: [250] },
    )
    .toBe(308);
  // A shopper following an old link lands on the product's address now.
  await page.goto(`${STOREFRONT_URL}/us/p/mug-${word}`);
  await expect(page).toHaveURL(`${STOREFRONT_URL}/us/p/mug-${word}-large`);
  await expect(page.getByTestId('product-title')).toHaveText(`Mug ${word}`);

  await page.goBack();
  await page.getByRole('button', { name: 'Archive', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive product' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByText(`mug-${word}-large · archived`)).toBeVisible();
  await expect
    .poll(async () => (await request.get(`${STOREFRONT_URL}/us/p/mug-${word}-large`)).status(), {
      timeout: 5_000,
      intervals: [250],
    })
    .toBe(404);
});
