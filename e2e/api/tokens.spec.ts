import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN_URL, env, pickProduct, query } from '../support';

/** The example an ERP runs: examples/stock-sync, under Node's own type stripping. */
const SYNC_SCRIPT = fileURLToPath(
  new URL('../../examples/stock-sync/src/sync.ts', import.meta.url),
);

/** Signs the demo owner in on this request context (its cookie jar keeps the session). */
async function signIn(request: APIRequestContext) {
  const res = await request.post(`${ADMIN_URL}/api/auth/sign-in/email`, {
    data: { email: env('E2E_ADMIN_EMAIL'), password: env('E2E_ADMIN_PASSWORD') },
    headers: { origin: ADMIN_URL },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** An admin mutation over HTTP as the signed-in owner; returns the result's JSON. */
async function adminMutation<T>(request: APIRequestContext, procedure: string, input: unknown) {
  const res = await request.post(`${ADMIN_URL}/api/trpc/admin.${procedure}`, {
    data: { json: input },
    headers: { origin: ADMIN_URL },
  });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function createToken(request: APIRequestContext, name: string, scopes: string[]) {
  return adminMutation<{ token: string; view: { id: number } }>(request, 'tokens.create', {
    name,
    scopes,
  });
}

/** Runs the sync script on `csv` with `token` against the running admin. */
function runSync(token: string, csv: string): Promise<{ code: number; out: string; err: string }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stock-sync-')), 'stock.csv');
  fs.writeFileSync(file, csv);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SYNC_SCRIPT, file], {
      env: { ...process.env, SHOP_API_TOKEN: token, SHOP_ADMIN_URL: ADMIN_URL },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/** The first variant of the n-th product: its SKU and on-hand count at the main location. */
async function variantStock(n: number) {
  const { variantId } = await pickProduct(n);
  const [row] = await query<{ sku: string; on_hand: number }>(
    `select v.sku, il.on_hand from product_variants v
       join inventory_levels il on il.variant_id = v.id
       join stock_locations l on l.id = il.location_id and l.code = 'main'
      where v.id = $1`,
    [variantId],
  );
  if (!row) throw new Error(`variant ${variantId} has no stock at main`);
  return { variantId, sku: row.sku, onHand: Number(row.on_hand) };
}

const onHandOf = async (variantId: number) =>
  Number(
    (
      await query<{ on_hand: number }>(
        `select il.on_hand from inventory_levels il join stock_locations l on l.id = il.location_id
          where il.variant_id = $1 and l.code = 'main'`,
        [variantId],
      )
    )[0]?.on_hand,
  );

test('the stock sync script sets stock with a stock:write token; once revoked it is refused with 401', async ({
  request,
}) => {
  await signIn(request);
  const created = await createToken(request, 'ERP nightly sync', ['stock:read', 'stock:write']);
  const a = await variantStock(15);
  const b = await variantStock(16);
  const csv = `sku,quantity\n${a.sku},${a.onHand + 7}\n${b.sku},${b.onHand + 3}\n`;

  const first = await runSync(created.token, csv);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  expect(first.out).toContain(`${a.sku} @ main: ${a.onHand} -> ${a.onHand + 7}`);
  expect(first.out).toContain('2 changed, 0 unchanged, in 1 call.');
  expect(await onHandOf(a.variantId)).toBe(a.onHand + 7);
  expect(await onHandOf(b.variantId)).toBe(b.onHand + 3);

  // The same token reads the levels back over the API (no cookie: the bearer header only).
  const input = encodeURIComponent(JSON.stringify({ json: { skus: [a.sku], limit: 1 } }));
  const levels = await fetch(`${ADMIN_URL}/api/trpc/admin.stock.levels?input=${input}`, {
    headers: { authorization: `Bearer ${created.token}` },
  });
  expect(levels.status).toBe(200);
  expect(JSON.stringify(await levels.json())).toContain(`"onHand":${a.onHand + 7}`);

  const replay = await runSync(created.token, csv);
  expect(replay.code).toBe(0);
  expect(replay.out).toContain('0 changed, 2 unchanged, in 1 call.');

  await adminMutation(request, 'tokens.revoke', { id: created.view.id });
  const refused = await runSync(created.token, `sku,quantity\n${a.sku},1\n`);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain('401 This API token is unknown, revoked or expired.');
  expect(await onHandOf(a.variantId)).toBe(a.onHand + 7);
});

test('a token without the stock scope gets FORBIDDEN; a bad count is refused by its SKU', async ({
  request,
}) => {
  await signIn(request);
  const reader = await createToken(request, 'Catalog reader', ['products:read']);
  const c = await variantStock(17);
  const forbidden = await runSync(reader.token, `sku,quantity\n${c.sku},${c.onHand + 1}\n`);
  expect(forbidden.code).toBe(1);
  expect(forbidden.err).toContain('403 This API token does not have the stock:write scope.');

  const writer = await createToken(request, 'ERP with a typo', ['stock:write']);
  const bad = await runSync(writer.token, `sku,quantity\n${c.sku},-4\n`);
  expect(bad.code).toBe(1);
  expect(bad.err).toContain(`400 SKU ${c.sku}: on hand must be a whole number`);
  expect(await onHandOf(c.variantId)).toBe(c.onHand);
});

async function signInPage(page: Page) {
  await page.goto(`${ADMIN_URL}/sign-in`);
  await page.getByLabel('Email').fill(env('E2E_ADMIN_EMAIL'));
  await page.getByLabel('Password').fill(env('E2E_ADMIN_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/products/);
}

test('the owner creates a token in the admin: shown once, gone after a reload; revoke', async ({
  page,
}) => {
  await signInPage(page);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await page
    .getByRole('navigation', { name: 'Settings' })
    .getByRole('link', { name: 'API tokens' })
    .click();
  await expect(page.getByRole('heading', { name: 'API tokens', level: 1 })).toBeVisible();
  const name = `Warehouse ${Date.now()}`;
  await page.getByLabel('Token name').fill(name);
  await page.getByLabel(/Read stock levels/).check();
  await page.getByLabel(/Set stock levels/).check();
  await page.getByRole('button', { name: 'Create token' }).click();

  const shown = page.getByTestId('new-token');
  await expect(shown).toContainText('Copy it now: it will not be shown again.');
  const token = await page.getByLabel('The new API token').inputValue();
  expect(token).toMatch(/^shop_pat_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId('token-row').filter({ hasText: name });
  await expect(row).toContainText(`${token.slice(0, 13)}…`);
  await expect(row).toContainText('stock:write');
  await expect(row).toContainText('Active');
  await page.screenshot({
    path: '.data/test-results/screens/api-tokens-created.png',
    fullPage: true,
  });

  await page.reload();
  await expect(page.getByTestId('token-row').filter({ hasText: name })).toBeVisible();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  expect(await page.content()).not.toContain(token);

  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: '.data/test-results/screens/api-tokens-375.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: `Revoke the token “${name}”` }).click();
  await expect(page.getByTestId('token-row').filter({ hasText: name })).toContainText('Revoked');
  const input = encodeURIComponent(JSON.stringify({ json: { limit: 1 } }));
  const res = await fetch(`${ADMIN_URL}/api/trpc/admin.stock.levels?input=${input}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(401);
});
