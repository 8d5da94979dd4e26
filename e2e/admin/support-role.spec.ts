import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createStaffUser } from '@shop/auth';
import { createDb } from '@shop/db/client';
import {
  addToCartOverApi,
  env,
  fillCheckoutDetails,
  payWithTestCard,
  pickProduct,
  query,
  seriousViolations,
  stockedVariantId,
  STOREFRONT_URL,
} from '../support';

/**
 * Issue 11's support role in the browser: a support user (`orders:refund`, `products:read`, no
 * `products:write`) refunds an order from its page, sees no control that creates or edits a
 * product, is told so instead of getting the editor at /products/<id> and /products/new, and the
 * API refuses the editor's save from the same session (403 FORBIDDEN). Buys from variant offset
 * 73 and reads product offset 13, which no other spec uses.
 */
const support = {
  email: `support-${randomBytes(4).toString('hex')}@e2e.test`,
  password: randomBytes(12).toString('base64url'),
};

test.beforeAll(async () => {
  const db = createDb(env('E2E_DATABASE_URL'), 1);
  try {
    await createStaffUser(db, { ...support, name: 'Sam Support', role: 'support' });
  } finally {
    await db.$client.end();
  }
});

async function signInAsSupport(page: Page) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(support.email);
  await page.getByLabel('Password').fill(support.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/products/);
  await expect(page.getByRole('banner')).toContainText('(support)');
}

test('a support user refunds an order from its page', async ({ page, browser }) => {
  const shopperContext = await browser.newContext({ baseURL: STOREFRONT_URL });
  const shopper = await shopperContext.newPage();
  await addToCartOverApi(shopper, await stockedVariantId(73, 3), 1);
  await shopper.goto('/checkout');
  await fillCheckoutDetails(shopper, `e2e-support-${randomBytes(4).toString('hex')}@example.com`);
  const number = await payWithTestCard(shopper);
  await shopperContext.close();

  await signInAsSupport(page);
  await page.goto(`/orders/${number}`);
  // Support refunds; fulfilling and cancelling are orders:write, not offered.
  await expect(page.getByRole('button', { name: 'Fulfil items…' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cancel order…' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Refund…' }).click();
  const refund = page.getByRole('dialog', { name: `Refund order #${number}` });
  await refund.getByLabel('Items').check();
  await refund.getByRole('spinbutton').first().fill('1');
  await refund.getByLabel('Reason').fill('Parcel lost in transit');
  await refund.getByRole('button', { name: 'Request refund' }).click();
  await expect(refund).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Refund requested' })).toBeVisible();

  // The refund is the support user's, and the audit log names them.
  const refunds = async () =>
    (
      await query<{ actor_email: string }>(
        `select actor_email from audit_log where action = 'orders.refund' and target_id = $1`,
        [String(number)],
      )
    ).map((r) => r.actor_email);
  await expect.poll(refunds, { timeout: 10_000 }).toEqual([support.email]);
});

test('a support user sees products read-only: no editor in the UI, FORBIDDEN from the API', async ({
  page,
}) => {
  const product = await pickProduct(13);
  await signInAsSupport(page);

  // Opening the editor's address directly shows the product, read-only, and says why.
  await page.goto(`/products/${product.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(product.title);
  await expect(
    page.getByText(
      'Only owners and managers edit products; your role (support) can look at this product but not change it.',
    ),
  ).toBeVisible();
  // No editor: no field to type in, no save, no archive.
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Archive', exact: true })).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto('/products/new');
  await expect(
    page.getByText('Only owners and managers create products; your role (support) cannot.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create product' })).toHaveCount(0);
  await expect(page.getByLabel('Title', { exact: true })).toHaveCount(0);

  // The editor's save, sent from this session, is refused and changes nothing.
  const save = await page.request.post('/api/trpc/admin.products.update', {
    data: { json: { id: product.id, title: 'Renamed by support' } },
  });
  expect(save.status()).toBe(403);
  const body = await save.text();
  expect(body).toContain('FORBIDDEN');
  expect(body).toContain('Your role does not allow products:write.');
  const [row] = await query<{ title: string }>('select title from products where id = $1', [
    product.id,
  ]);
  expect(row?.title).toBe(product.title);

  // The list offers support no control that creates or edits a product.
  await page.goto('/products');
  await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: product.title }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'New product' })).toHaveCount(0);
  // Exact names: other specs running beside this one list products titled "Edited …".
  await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit', exact: true })).toHaveCount(0);
});
