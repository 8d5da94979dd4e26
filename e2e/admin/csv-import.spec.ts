import { expect, test } from '@playwright/test';
import { alerts, query, seriousViolations, signInToAdmin } from '../support';

const suffix = Date.now().toString(36);
const FILE = [
  '\uFEFFHandle,Title,Body (HTML),Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty',
  `e2e-mug-${suffix},"Mug, 日本語","<p>Big.</p>\n<p>Blue.</p>",Size,S,E2E-MUG-${suffix}-S,12.00,4`,
  `e2e-mug-${suffix},,,,M,E2E-MUG-${suffix}-M,13.00,5`,
  `e2e-cup-${suffix},Cup,,,,E2E-CUP-${suffix},12.345,1`,
].join('\r\n');

test('a product CSV is checked, imported with progress, and its refused row reported', async ({
  page,
}) => {
  await signInToAdmin(page);
  await page.goto('/products/import');
  await expect(page.getByRole('heading', { name: 'Import and export' })).toBeVisible();

  // The browser refuses what is not a .csv before sending anything.
  await page.getByLabel('Product CSV (Shopify layout)').setInputFiles({
    name: 'photo.png',
    mimeType: 'image/png',
    buffer: Buffer.from('x'),
  });
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await expect(alerts(page).filter({ hasText: 'Choose a .csv file' })).toBeVisible();

  await page.getByLabel('Product CSV (Shopify layout)').setInputFiles({
    name: 'spring.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(FILE),
  });
  await page.getByRole('button', { name: 'Upload and check' }).click();
  // The worker's dry run: two new rows, one refused with its line and reason.
  await expect(page.getByText('2 new · 0 updated · 0 unchanged · 1 refused')).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText('USD amounts have at most 2 decimals')).toBeVisible();
  expect(await query('select id from products where handle = $1', [`e2e-mug-${suffix}`])).toEqual(
    [],
  );
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: '/tmp/i11-shots/csv-import-checked.png', fullPage: true });

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Import these products?' })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText('3 of 3 rows (100%)')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Completed', { exact: true }).first()).toBeVisible();
  // The recent imports (the server's list) are read again once it finished.
  await expect(page.getByRole('table').getByText('Completed', { exact: true })).toBeVisible();
  const rows = await query<{ sku: string; on_hand: number }>(
    `select v.sku, il.on_hand from product_variants v
       join products p on p.id = v.product_id
       join inventory_levels il on il.variant_id = v.id
      where p.handle = $1 order by v.sku`,
    [`e2e-mug-${suffix}`],
  );
  expect(rows).toEqual([
    { sku: `E2E-MUG-${suffix}-M`, on_hand: 5 },
    { sku: `E2E-MUG-${suffix}-S`, on_hand: 4 },
  ]);

  const report = await page.request.get(
    (await page.getByRole('link', { name: 'Download refused rows' }).getAttribute('href')) ?? '',
  );
  expect(report.status()).toBe(200);
  // Line 5: the mug's body holds a line break, so its first row spans lines 2 and 3.
  expect(await report.text()).toContain(`5,e2e-cup-${suffix},E2E-CUP-${suffix},`);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: '/tmp/i11-shots/csv-import-desktop.png', fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: '/tmp/i11-shots/csv-import-375.png', fullPage: true });
});

test('the import routes refuse a request without a session', async ({ request }) => {
  expect((await request.post('/api/imports', { data: 'Handle\r\n' })).status()).toBe(401);
  expect((await request.get('/api/exports/products.csv')).status()).toBe(401);
});
