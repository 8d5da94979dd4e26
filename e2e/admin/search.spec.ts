import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { env, pickProduct, query, STOREFRONT_URL } from '../support';

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(env('E2E_ADMIN_EMAIL'));
  await page.getByLabel('Password').fill(env('E2E_ADMIN_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/products/);
}

/** A shopper's search on the storefront, over HTTP as its search page and header box ask. */
async function storefrontSearch(request: APIRequestContext, q: string) {
  const input = encodeURIComponent(JSON.stringify({ json: { q, region: 'us', facets: false } }));
  const res = await request.get(
    `${STOREFRONT_URL}/api/trpc/storefront.search.query?input=${input}`,
  );
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as {
    result: { data: { json: { total: number; items: Array<{ id: number }> } } };
  };
  return { total: body.result.data.json.total, ids: body.result.data.json.items.map((i) => i.id) };
}

/** The page's alerts, without Next's route announcer (an alert that names each new page). */
function alerts(page: Page) {
  return page.getByRole('alert').and(page.locator(':not(#__next-route-announcer__)'));
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a merchant adds a synonym group in settings and shoppers find products by it', async ({
  page,
  request,
}) => {
  const suffix = Date.now()
    .toString(36)
    .replace(/\d/g, (d) => 'klmnopqrst'.charAt(Number(d)));
  // A made-up word and the longest word of a product's title: once they are synonyms, a
  // shopper's search for the made-up word finds the product.
  const product = await pickProduct(6);
  const titleWord = (product.title.toLowerCase().match(/[a-z]{4,}/g) ?? [])
    .sort((a, b) => b.length - a.length)
    .at(0);
  if (!titleWord) throw new Error(`no word of four letters in “${product.title}”`);
  const words = [`zebra${suffix}`, titleWord] as const;
  expect((await storefrontSearch(request, words[0])).total).toBe(0);

  await signIn(page);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await page
    .getByRole('navigation', { name: 'Settings' })
    .getByRole('link', { name: 'Search settings' })
    .click();
  await expect(page.getByRole('heading', { name: 'Search settings' })).toBeVisible();

  const field = page.getByLabel('New synonym group');
  await field.fill('alone');
  await page.getByRole('button', { name: 'Add group' }).click();
  // The sentence is announced (an alert) and tied to the field it is about.
  await expect(alerts(page)).toHaveText(['A synonym group needs at least 2 different words.']);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/needs at least 2 different words/);
  // The refused text stays for the merchant to correct.
  await expect(field).toHaveValue('alone');

  await field.fill(`${words[0].toUpperCase()}, ${words[1]}, ${words[1]}`);
  await page.getByRole('button', { name: 'Add group' }).click();
  await expect(page.getByRole('status')).toContainText(`Added: ${words.join(', ')}.`);
  await expect(field).toHaveValue('');
  const group = page.getByLabel(`Words of the group “${words.join(', ')}”`);
  await expect(group).toHaveValue(words.join(', '));

  // The table holds what the form showed (lower case, each word once).
  const [row] = await query<{ terms: string[] }>(
    `select terms from search_synonyms where $1 = any(terms)`,
    [words[0]],
  );
  expect(row?.terms).toEqual(words);
  // The Postgres engine reads the groups per query: the very next search uses the new one.
  expect((await storefrontSearch(request, words[0])).ids).toContain(product.id);

  await field.fill(`${words[1]}, okapi${suffix}`);
  await page.getByRole('button', { name: 'Add group' }).click();
  await expect(alerts(page)).toHaveText([
    `“${words[1]}” is already in the group “${words.join(', ')}”; a word can be in one group only.`,
  ]);

  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: `Delete the group “${words.join(', ')}”` }).click();
  await expect(group).toHaveCount(0);
  expect((await storefrontSearch(request, words[0])).total).toBe(0);
});

test('the search report lists a query made on the storefront, and one that found nothing', async ({
  page,
  request,
}) => {
  const product = await pickProduct(3);
  // Letters only, and like no word of the catalog, so not even the typo fallback finds it.
  const missing = `xqzvj${Date.now()
    .toString(36)
    .replace(/\d/g, (d) => 'klmnopqrst'.charAt(Number(d)))}`;
  // The report keeps queries in lower case.
  const word = product.title.toLowerCase();
  expect((await storefrontSearch(request, word)).total).toBeGreaterThan(0);
  expect((await storefrontSearch(request, word)).total).toBeGreaterThan(0);
  expect((await storefrontSearch(request, missing)).total).toBe(0);

  await signIn(page);
  await page.goto('/search-report?days=7');
  await expect(page.getByRole('link', { name: '7 days' })).toHaveAttribute('aria-current', 'page');
  // The storefront writes its report row just after answering: look again until it is there.
  const top = page.getByRole('table', { name: 'Most frequent searches' });
  const zero = page.getByRole('table', { name: 'Searches with no results' });
  await expect(async () => {
    await page.reload();
    await expect(top.getByRole('row').filter({ hasText: word })).toHaveCount(1, { timeout: 500 });
    await expect(zero.getByRole('row').filter({ hasText: missing })).toHaveCount(1, {
      timeout: 500,
    });
  }).toPass({ timeout: 10_000 });

  const topRow = top
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: word, exact: true }) });
  expect(Number(await topRow.getByRole('cell').nth(1).textContent())).toBeGreaterThanOrEqual(2);
  const zeroRow = zero.getByRole('row').filter({ hasText: missing });
  await expect(zeroRow.getByRole('cell').nth(1)).toHaveText('1');
  await expect(zeroRow.getByRole('cell').nth(2)).toHaveText('0');
  await expect(top.getByRole('row').filter({ hasText: missing })).toHaveCount(1);

  await page.getByRole('link', { name: '90 days' }).click();
  await expect(page).toHaveURL(/days=90/);
  await expect(zero.getByRole('row').filter({ hasText: missing })).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);

  // A query of the report opens the products page searching for it with the same engine.
  await page.getByRole('link', { name: word, exact: true }).first().click();
  await expect(page).toHaveURL(/\/products\?/);
  expect(new URL(page.url()).searchParams.get('q')).toBe(word);
  await expect(page.getByTestId('search-scope')).toContainText('active');
});

test('the products page searches with the storefront engine and lists drafts by status', async ({
  page,
}) => {
  const product = await pickProduct(4);
  await signIn(page);
  await page.getByLabel('Search products').fill(product.title);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('search-scope')).toContainText("storefront's search (postgres)");
  await expect(page.getByRole('link', { name: product.title, exact: true }).first()).toBeVisible();

  // Drafts are not in the search index: the status filter lists them from the database. The
  // seed is fixed, so this is the same list (possibly empty) on every run.
  const drafts = await query<{ title: string }>(
    `select title from products where status = 'draft' order by id limit 50`,
  );
  await page.getByLabel('Status').selectOption('draft');
  await page.getByLabel('Search products').fill('');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/status=draft/);
  const table = page.getByRole('table');
  await expect(table.getByText('active', { exact: true })).toHaveCount(0);
  if (drafts.length === 0) {
    await expect(table.getByText('No draft products.')).toBeVisible();
  } else {
    await expect(table.getByRole('row')).toHaveCount(drafts.length + 1);
    for (const d of drafts) {
      await expect(table.getByRole('link', { name: d.title, exact: true })).toBeVisible();
    }
  }
  expect(await seriousViolations(page)).toEqual([]);
});
