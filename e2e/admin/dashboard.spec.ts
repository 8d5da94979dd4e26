import { randomBytes } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createStaffUser } from '@shop/auth';
import { createDb } from '@shop/db/client';
import {
  addToCartOverApi,
  env,
  fillCheckoutDetails,
  payWithTestCard,
  query,
  seriousViolations,
  signInToAdmin,
  stockedVariantId,
  STOREFRONT_URL,
} from '../support';

/**
 * The admin dashboard (issue 11): the owner lands on it from `/`, sees the sales chart and
 * figures that agree with the database, switches the range, and a support user is told the
 * dashboard is not theirs (and lands on the orders from `/`). Other specs place orders at the
 * same time, so each figure is checked to lie between the database's values just before and
 * just after the page was read. Buys from variant offset 75, which no other spec uses.
 */
const support = {
  email: `dash-support-${randomBytes(4).toString('hex')}@e2e.test`,
  password: randomBytes(12).toString('base64url'),
};

test.beforeAll(async () => {
  const db = createDb(env('E2E_DATABASE_URL'), 1);
  try {
    await createStaffUser(db, { ...support, name: 'Dana Support', role: 'support' });
  } finally {
    await db.$client.end();
  }
});

/** USD orders and their gross total since the start of the UTC day `days - 1` days ago. */
async function usdSales(days: number): Promise<{ orders: number; gross: number }> {
  const [row] = await query<{ orders: number; gross: string }>(
    `select count(*)::int as orders, coalesce(sum(total), 0)::text as gross from orders
      where currency_code = 'USD'
        and created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'
                          - make_interval(days => $1::int - 1)`,
    [days],
  );
  return { orders: Number(row?.orders ?? 0), gross: Number(row?.gross ?? 0) };
}

/** A figure's raw number (its `data-value`), or null for none. */
async function valueOf(figure: Locator): Promise<number | null> {
  const raw = await figure.getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
}

async function placeUsdOrder(page: Page) {
  const shopper = await page.context().browser()?.newContext({ baseURL: STOREFRONT_URL });
  if (!shopper) throw new Error('no browser');
  const tab = await shopper.newPage();
  await addToCartOverApi(tab, await stockedVariantId(75, 3), 2);
  await tab.goto('/checkout');
  await fillCheckoutDetails(tab, `e2e-dash-${randomBytes(4).toString('hex')}@example.com`);
  await payWithTestCard(tab);
  await shopper.close();
}

test('the owner reads sales, top products, low stock, risk and the queue on the dashboard', async ({
  page,
}) => {
  await placeUsdOrder(page);
  await signInToAdmin(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

  const before = await usdSales(30);
  await page.goto('/dashboard?currency=USD');
  const after = await usdSales(30);
  await expect(page.getByRole('heading', { name: 'Sales in USD' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // The chart is drawn, and its text alternative has one row per day of the range.
  const chart = page.getByTestId('sales-chart');
  await expect(chart.locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
  await expect(chart.locator('path.recharts-line-curve')).toHaveCount(2);
  const days = page.getByRole('table', { name: 'Sales in USD per UTC day' });
  await expect(days.locator('tbody tr')).toHaveCount(30);

  const orders = await valueOf(page.getByTestId('orders'));
  const gross = await valueOf(page.getByTestId('gross-sales'));
  const net = await valueOf(page.getByTestId('net-sales'));
  const refunds = await valueOf(page.getByTestId('refunds'));
  const average = await valueOf(page.getByTestId('average-order-value'));
  expect(orders).toBeGreaterThanOrEqual(Math.max(1, before.orders));
  expect(orders).toBeLessThanOrEqual(after.orders);
  expect(gross).toBeGreaterThanOrEqual(before.gross);
  expect(gross).toBeLessThanOrEqual(after.gross);
  expect(net).toBeGreaterThanOrEqual(0);
  expect((net ?? 0) + (refunds ?? 0)).toBe(gross);
  // Gross ÷ orders, rounded half up to a cent.
  const n = orders ?? 1;
  expect(average).toBe(Math.floor((2 * (gross ?? 0) + n) / (2 * n)));
  await expect(page.getByTestId('top-product').first()).toBeVisible();
  await page.screenshot({ path: '.data/test-results/dashboard.png', fullPage: true });

  // Low stock, risk and the queue: non-negative counts (the worker and other specs move them).
  const lowStock = Number(
    /\((\d+)\)/.exec((await page.getByTestId('low-stock-count').textContent()) ?? '')?.[1],
  );
  expect(lowStock).toBeGreaterThanOrEqual(0);
  for (const id of [
    'held-count',
    'flagged-count',
    'queue-ready',
    'queue-scheduled',
    'queue-running',
    'queue-failed',
  ])
    expect(await valueOf(page.getByTestId(id))).toBeGreaterThanOrEqual(0);
  const queue = page.getByTestId('queue');
  await expect(queue.getByRole('heading', { name: 'Job queue' })).toBeVisible();
  await expect(queue.getByTestId('queue-oldest')).toHaveText(
    /^(—|\d+ s|\d+ min|\d+ h \d+ min|\d+ d \d+ h)$/,
  );

  // The range picker: 7 days, in the URL.
  await page
    .getByRole('navigation', { name: 'Date range' })
    .getByRole('link', { name: '7 days' })
    .click();
  await expect(page).toHaveURL(/days=7/);
  await expect(page.getByText('(7 days; days are UTC days)')).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Date range' }).getByRole('link', { name: '7 days' }),
  ).toHaveAttribute('aria-current', 'page');
});

test('a support user is told the dashboard is not for their role and lands on the orders', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(support.email);
  await page.getByLabel('Password').fill(support.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/products/);
  await page.goto('/dashboard');
  await expect(
    page.getByText('Only owners and managers see the dashboard; your role (support) cannot.'),
  ).toBeVisible();
  await expect(page.getByTestId('sales-chart')).toHaveCount(0);
  await page.goto('/');
  await expect(page).toHaveURL(/\/orders$/);
});
