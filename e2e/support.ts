import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import pg from 'pg';

export const STOREFRONT_URL = 'http://localhost:3100';
export const ADMIN_URL = 'http://localhost:3101';

export function env(
  name:
    | 'E2E_DATABASE_URL'
    | 'E2E_ADMIN_EMAIL'
    | 'E2E_ADMIN_PASSWORD'
    | 'E2E_REVALIDATE_SECRET'
    | 'E2E_MAIL_DIR',
): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the e2e tests through playwright.config.ts (its global setup sets it).`,
    );
  return value;
}

/** Runs one query on the e2e database; tests use it to pick distinct products to work on. */
export async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: env('E2E_DATABASE_URL') });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The n-th active product that has a USD price, so that parallel tests never share one. */
export async function pickProduct(n: number) {
  const [row] = await query<{ id: string; handle: string; title: string; variant_id: string }>(
    `select p.id, p.handle, p.title,
            (select v.id from product_variants v
               join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
              where v.product_id = p.id and not v.archived order by v.position, v.id limit 1) as variant_id
       from products p
      where p.status = 'active'
        and exists (select 1 from product_variants v where v.product_id = p.id and not v.archived)
      order by p.id offset $1 limit 1`,
    [n],
  );
  if (!row) throw new Error(`no active product at offset ${n}`);
  return {
    id: Number(row.id),
    handle: row.handle,
    title: row.title,
    variantId: Number(row.variant_id),
  };
}

/** The text of the first mail in the e2e mail folder that contains every `needle`, or null. */
export function findMail(...needles: string[]): string | null {
  const dir = env('E2E_MAIL_DIR');
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const flat = text.replace(/=\r?\n/g, '');
    if (needles.every((n) => flat.includes(n))) return flat;
  }
  return null;
}

/** Fills the checkout's details step with a valid US address and continues to shipping. */
export async function fillCheckoutDetails(page: Page, email: string) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('First name', { exact: true }).fill('Grace');
  await page.getByLabel('Last name', { exact: true }).fill('Hopper');
  await page.getByLabel('Address', { exact: true }).fill('2 Compiler Road');
  await page.getByLabel('City', { exact: true }).fill('Arlington');
  await page.getByLabel('Postal code', { exact: true }).fill('22201');
  await page.getByLabel('State / province', { exact: true }).fill('VA');
  await page.getByLabel('Country', { exact: true }).selectOption('US');
  await page.getByRole('button', { name: 'Continue to shipping' }).click();
}

/**
 * Puts units in the browser's cart (US region) through the public API. The page context's
 * request shares the browser's cookie jar, so the `cart_id` cookie the API sets lands in the
 * browser (checkout.spec.ts relies on that). Adding through the product page's button is
 * covered by sold-out.spec.ts.
 */
export async function addToCartOverApi(page: Page, variantId: number, quantity = 1): Promise<void> {
  const res = await page.request.post('/api/trpc/storefront.cart.add', {
    data: { json: { variantId, quantity, region: 'us' } },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** Pays on the checkout page with the test card that succeeds; returns the order number. */
export async function payWithTestCard(page: Page): Promise<number> {
  await page.getByLabel('Card number', { exact: true }).fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/checkout\/confirmation/);
  return Number(await page.getByTestId('order-number').textContent());
}

/**
 * The id of the n-th variant from the end of the catalog that is on sale in USD with at least
 * `minStock` units to sell. Specs buy from disjoint offsets so parallel workers never share
 * stock (checkout-api 10+, account 20, double-click 31+).
 */
export async function stockedVariantId(offset: number, minStock = 3): Promise<number> {
  const [row] = await query<{ id: string }>(
    `select v.id from product_variants v
       join products p on p.id = v.product_id and p.status = 'active'
       join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
      where not v.archived and v.manage_inventory
        and (select coalesce(sum(on_hand - reserved), 0) from inventory_levels il where il.variant_id = v.id) >= $2
      order by v.id desc offset $1 limit 1`,
    [offset, minStock],
  );
  if (!row) throw new Error(`no stocked variant at offset ${offset}: is the e2e database seeded?`);
  return Number(row.id);
}

/** Signs the e2e owner in to the admin (the page's baseURL is the admin's). */
export async function signInToAdmin(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(env('E2E_ADMIN_EMAIL'));
  await page.getByLabel('Password').fill(env('E2E_ADMIN_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/products/);
}

/** The page's serious and critical WCAG 2 A/AA violations, one line each (empty: none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The page's alerts, without Next's route announcer (an alert that names each new page). */
export function alerts(page: Page) {
  return page.getByRole('alert').and(page.locator(':not(#__next-route-announcer__)'));
}
