import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { query } from '../support';

/**
 * The search page and the header's search box, in a real browser against the seeded catalog.
 * Words are picked from the database's titles (never hard-coded), leaving out the products other
 * specs change while this one runs (the first two by id: edit-product renames the first; the
 * sixteenth: sold-out sells it out).
 */

interface Product {
  handle: string;
  title: string;
}

async function searchableProducts(): Promise<Product[]> {
  const rows = await query<Product>(
    `select handle, title from products where status = 'active' order by id`,
  );
  return rows.filter((_, i) => i > 1 && i !== 15);
}

const words = (title: string) =>
  title
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);

/** How many of `products` have `word` in their title. */
const titlesWith = (products: Product[], word: string) =>
  products.filter((p) => words(p.title).includes(word)).length;

/** Two neighbouring letters swapped ("jacket" -> "jakcet"): the typo the engine must forgive. */
function typo(word: string): string {
  for (let i = 2; i < word.length - 1; i++) {
    if (word[i] !== word[i + 1]) {
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    }
  }
  throw new Error(`no typo can be made of ${word}`);
}

/** The result cards' product links, in order. */
async function resultHandles(page: Page): Promise<string[]> {
  return page
    .getByTestId('search-results')
    .locator('a[href*="/p/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

async function total(page: Page): Promise<number> {
  return Number(await page.getByTestId('search-summary').getAttribute('data-total'));
}

function facetLinks(page: Page, facet: string) {
  return page.locator(
    `[data-testid="facet-group"][data-facet="${facet}"] [data-testid="facet-link"]`,
  );
}

async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

test('a query with a typo finds the intended product and offers the right spelling', async ({
  page,
}) => {
  const products = await searchableProducts();
  // The rarest long title word: its misspelling points at few products, the intended one among them.
  const candidates = products.flatMap((p) =>
    words(p.title)
      .filter((w) => w.length >= 6)
      .map((w) => ({ product: p, word: w, count: titlesWith(products, w) })),
  );
  candidates.sort((a, b) => a.count - b.count || b.word.length - a.word.length);
  const pick = candidates[0];
  if (!pick) throw new Error('no product title has a word of six letters: is the database seeded?');
  const misspelt = typo(pick.word);

  const response = await page.goto(`/search?q=${encodeURIComponent(misspelt)}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('search-summary')).toContainText(`for “${misspelt}”`);
  expect(await resultHandles(page)).toContain(`/us/p/${pick.product.handle}`);
  const didYouMean = page.getByTestId('did-you-mean');
  await expect(didYouMean).toBeVisible();
  const correction = didYouMean.getByRole('link');
  if ((await correction.count()) > 0) {
    await expect(correction).toHaveText(new RegExp(pick.word, 'i'));
  }
  // The found words are marked in the titles, as text.
  await expect(page.getByTestId('search-results').locator('mark').first()).toBeVisible();
  // Results pages stay out of search engines' indexes.
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
});

test('typing a prefix in the header box suggests products; arrows, Escape and Enter work', async ({
  page,
}) => {
  const products = await searchableProducts();
  const all = products.flatMap((p) => words(p.title));
  const prefix =
    all.find((w) => w.startsWith('jac'))?.slice(0, 3) ??
    (all.find((w) => w.length >= 5) ?? '').slice(0, 3);
  expect(prefix).toHaveLength(3);

  /** The suggestion requests made, by their words. */
  const asked: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.endsWith('storefront.search.suggest')) return;
    const input = JSON.parse(url.searchParams.get('input') ?? '{}') as { json?: { q?: string } };
    asked.push(input.json?.q ?? '');
  });
  await page.goto('/');
  const box = page.getByRole('combobox', { name: 'Search products' });
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await box.pressSequentially(prefix, { delay: 40 });

  const listbox = page.getByRole('listbox', { name: 'Suggestions' });
  await expect(listbox).toBeVisible();
  // A space after the words leaves them as they were: no second request for them.
  await box.press('Space');
  await page.waitForTimeout(500);
  expect(asked.filter((q) => q === prefix)).toHaveLength(1);
  await expect(listbox).toBeVisible();
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await expect(box).toHaveAttribute('aria-controls', (await listbox.getAttribute('id')) ?? '');
  const options = listbox.getByRole('option');
  const count = await options.count();
  expect(count).toBeGreaterThan(0);
  // Every suggestion has a title word that starts with the prefix.
  for (const text of await options.allTextContents()) {
    expect(words(text).some((w) => w.startsWith(prefix))).toBe(true);
  }
  await expect(page.getByTestId('search-announcement')).toHaveText(
    `${count} ${count === 1 ? 'suggestion' : 'suggestions'}`,
  );

  // Down highlights the first; up from the first wraps to the last; down again comes back.
  await box.press('ArrowDown');
  const first = options.first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute(
    'aria-activedescendant',
    (await first.getAttribute('id')) ?? '',
  );
  if (count > 1) {
    await box.press('ArrowUp');
    await expect(options.last()).toHaveAttribute('aria-selected', 'true');
    await box.press('ArrowDown');
    await expect(first).toHaveAttribute('aria-selected', 'true');
  }

  const axe = await seriousViolations(page, 'suggestions open');
  expect(axe, axe.join('\n')).toEqual([]);

  // Escape closes the list; down opens it again on the first suggestion.
  await box.press('Escape');
  await expect(listbox).toBeHidden();
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(box).not.toHaveAttribute('aria-activedescendant');
  await box.press('ArrowDown');
  await expect(first).toHaveAttribute('aria-selected', 'true');

  const handle = await first.getAttribute('data-handle');
  const title = (await first.textContent()) ?? '';
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/us/p/${handle}$`));
  await expect(page.getByTestId('product-title')).toHaveText(title);
});

test('Enter with no suggestion highlighted searches for the words', async ({ page }) => {
  const [product] = await searchableProducts();
  if (!product) throw new Error('no products: is the database seeded?');
  const word = words(product.title).find((w) => w.length >= 4) ?? '';
  await page.goto('/');
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill(word);
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/us/search\\?q=${word}$`));
  await expect(page.getByTestId('search-summary')).toContainText(`for “${word}”`);
  // The box on the search page holds the words searched for.
  await expect(page.getByRole('combobox', { name: 'Search products' })).toHaveValue(word);
});

test('two facets narrow the results, their counts match, the URL reproduces the view and back returns', async ({
  page,
  browser,
}) => {
  const products = await searchableProducts();
  // The title word most products share: a search with room to narrow.
  const common = [...new Set(products.flatMap((p) => words(p.title)))]
    .map((w) => ({ word: w, count: titlesWith(products, w) }))
    .sort((a, b) => b.count - a.count)[0];
  if (!common || common.count < 3) throw new Error('no title word is shared by three products');

  await page.goto(`/search?q=${encodeURIComponent(common.word)}`);
  const start = await total(page);
  expect(start).toBeGreaterThanOrEqual(3);
  const startUrl = page.url();

  // A vendor with fewer results than the whole search.
  const vendors = facetLinks(page, 'vendor');
  const vendorCounts = (await vendors.getByTestId('facet-count').allTextContents()).map(Number);
  const v = vendorCounts.findIndex((c) => c > 0 && c < start);
  expect(v, `a vendor narrowing ${start} results`).toBeGreaterThanOrEqual(0);
  const vendor = vendors.nth(v);
  const vendorName = await vendor.getAttribute('data-value');
  await vendor.click();
  await expect(page).toHaveURL(/vendor=/);
  const afterVendor = await total(page);
  expect(afterVendor).toBe(vendorCounts[v]);
  const vendorUrl = page.url();

  // Then a value of an option, chosen among those that narrow again if one does.
  const optionGroup = page
    .locator('[data-testid="facet-group"]')
    .filter({ has: page.locator('h2', { hasText: /^(Size|Colour)$/ }) })
    .first();
  const values = optionGroup.getByTestId('facet-link');
  const valueCounts = (await values.getByTestId('facet-count').allTextContents()).map(Number);
  let o = valueCounts.findIndex((c) => c > 0 && c < afterVendor);
  if (o < 0) o = valueCounts.findIndex((c) => c > 0);
  expect(o).toBeGreaterThanOrEqual(0);
  await values.nth(o).click();
  await expect(page).toHaveURL(new RegExp(`vendor=.*&\\w+=`));
  const narrowed = await total(page);
  expect(narrowed).toBe(valueCounts[o]);
  expect(narrowed).toBeLessThan(start);

  // The counts beside the chosen values are the number of results shown.
  const chosen = page.locator('[data-testid="facet-link"][data-selected="true"]');
  await expect(chosen).toHaveCount(2);
  for (const c of await chosen.getByTestId('facet-count').allTextContents()) {
    expect(Number(c)).toBe(narrowed);
  }
  const handles = await resultHandles(page);
  expect(handles).toHaveLength(Math.min(narrowed, 24));
  await expect(chosen.first()).toHaveAttribute('data-value', vendorName ?? '');

  // The same URL in a new browser (nothing carried over) shows the same view.
  const url = page.url();
  const other = await browser.newPage();
  await other.goto(url);
  expect(await total(other)).toBe(narrowed);
  expect(await resultHandles(other)).toEqual(handles);
  await expect(other.locator('[data-testid="facet-link"][data-selected="true"]')).toHaveCount(2);
  await other.close();
  await page.reload();
  expect(await resultHandles(page)).toEqual(handles);

  // Back steps through the views: one facet, then none.
  await page.goBack();
  await expect(page).toHaveURL(vendorUrl);
  await expect(page.getByTestId('search-summary')).toHaveAttribute(
    'data-total',
    String(afterVendor),
  );
  await expect(page.locator('[data-testid="facet-link"][data-selected="true"]')).toHaveCount(1);
  await page.goBack();
  await expect(page).toHaveURL(startUrl);
  await expect(page.getByTestId('search-summary')).toHaveAttribute('data-total', String(start));
});

test('a filtered URL whose values the words offer costs the engine one search', async ({
  page,
}) => {
  const products = await searchableProducts();
  const others = new Set(words(products[0]?.title ?? ''));
  // A product from the middle, its rarest title word (no other test searches it), its vendor and
  // one of its option values.
  const [row] = await query<{ title: string; vendor: string; option: string; value: string }>(
    `select p.title, d.vendor, d.document->'options'->0->>'name' as option,
            d.document->'options'->0->'values'->>0 as value
       from products p join search_documents d on d.product_id = p.id
      where p.handle = $1`,
    [products[20]?.handle ?? ''],
  );
  if (!row?.vendor || !row.option || !row.value)
    throw new Error('no vendor and option to filter by');
  const word = words(row.title)
    .filter((w) => w.length >= 4 && !others.has(w))
    .sort((a, b) => titlesWith(products, a) - titlesWith(products, b))[0];
  if (!word) throw new Error(`no word to search for in ${row.title}`);
  const recorded = async () =>
    Number(
      (
        await query<{ n: string }>(`select count(*) as n from search_queries where query = $1`, [
          word,
        ])
      )[0]?.n,
    );

  const before = await recorded();
  const search = new URLSearchParams({ q: word, vendor: row.vendor });
  search.append(row.option.toLowerCase().replace(/\s+/g, '-'), row.value);
  await page.goto(`/search?${search.toString()}`);
  expect(await total(page)).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="facet-link"][data-selected="true"]')).toHaveCount(2);
  // Each search the engine answers is recorded (after its answer): one, not a second unfiltered
  // one to learn which values the words offer.
  await expect.poll(recorded).toBeGreaterThan(before);
  await page.waitForTimeout(1_000);
  expect(await recorded()).toBe(before + 1);
});

test('sorting by price is a new URL and orders the results', async ({ page }) => {
  const products = await searchableProducts();
  const common = [...new Set(products.flatMap((p) => words(p.title)))]
    .map((w) => ({ word: w, count: titlesWith(products, w) }))
    .sort((a, b) => b.count - a.count)[0];
  if (!common) throw new Error('no products: is the database seeded?');
  await page.goto(`/search?q=${encodeURIComponent(common.word)}`);
  await page.getByLabel('Sort by').selectOption('price_asc');
  await expect(page).toHaveURL(/sort=price_asc/);
  const prices = (
    await page.getByTestId('search-results').getByTestId('product-card-price').allTextContents()
  ).map((t) => Number(t.replace(/[^0-9.]/g, '')));
  expect(prices.length).toBeGreaterThan(1);
  expect(prices).toEqual([...prices].sort((a, b) => a - b));
  await page.goBack();
  await expect(page).not.toHaveURL(/sort=/);
});

test('odd input gets a page, never an error: long words, unknown filters, no results', async ({
  page,
}) => {
  const [product] = await searchableProducts();
  if (!product) throw new Error('no products: is the database seeded?');
  const word = words(product.title).find((w) => w.length >= 4) ?? '';

  const long = await page.goto(`/search?q=${'a'.repeat(10_000)}`);
  expect(long?.status()).toBe(200);
  await expect(page.getByTestId('search-truncated')).toContainText('at most 200 characters');

  await page.goto(`/search?q=${word}`);
  const plain = await total(page);
  const junk = await page.goto(
    `/search?q=${word}&vendor=No+Such+Maker&size=XXXXL&flavour=mint&category=Not+A+Handle&after=%3Bdrop`,
  );
  expect(junk?.status()).toBe(200);
  expect(await total(page)).toBe(plain);
  await expect(page.locator('[data-testid="facet-link"][data-selected="true"]')).toHaveCount(0);

  await page.goto('/search?q=zzqxjvw+qqqzzz');
  await expect(page.getByTestId('search-summary')).toContainText('No results for');
  await expect(page.getByTestId('search-no-results')).toContainText('Check the spelling');
  await expect(
    page.getByRole('navigation', { name: 'Or browse' }).getByRole('link').first(),
  ).toBeVisible();
});

test('category pages list and count through the same engine; a filter narrows to its count', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  const href = await page
    .getByRole('navigation', { name: 'Categories' })
    .first()
    .getByRole('link')
    .first()
    .getAttribute('href');
  if (!href) throw new Error('no category in the header');
  await page.goto(href);
  const count = async () => parseInt((await page.getByTestId('listing-total').textContent()) ?? '');
  const all = await count();
  expect(all).toBeGreaterThan(1);

  // A value of an option or a brand with fewer products than the whole category.
  const form = page.getByTestId('filter-form');
  const labels = form.locator('fieldset label').filter({ has: page.getByTestId('facet-count') });
  const counts = (await labels.getByTestId('facet-count').allTextContents()).map(Number);
  const i = counts.findIndex((c) => c > 0 && c < all);
  expect(i, `a filter value narrowing ${all} products`).toBeGreaterThanOrEqual(0);
  await labels.nth(i).click();
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\?/);
  expect(await count()).toBe(counts[i]);
  await expect(page.getByTestId('product-grid').getByTestId('product-card')).toHaveCount(
    Math.min(counts[i] ?? 0, 24),
  );
  const axe = await seriousViolations(page, page.url());
  expect(axe, axe.join('\n')).toEqual([]);
});

for (const width of [375, 1280]) {
  test(`the search page has no serious accessibility violations at ${width}px`, async ({
    page,
  }) => {
    const products = await searchableProducts();
    const word = words(products[0]?.title ?? '').find((w) => w.length >= 4) ?? 'shirt';
    await page.setViewportSize({ width, height: 900 });
    const found: string[] = [];
    for (const path of [`/search?q=${word}`, '/search?q=zzqxjvw', '/search']) {
      await page.goto(path);
      found.push(...(await seriousViolations(page, path)));
    }
    expect(found, found.join('\n')).toEqual([]);
  });
}
