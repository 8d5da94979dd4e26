import { expect, test, type Page } from '@playwright/test';

/**
 * The region is in the URL (`/us/p/<handle>`, `/eu/...`): every page is a function of its URL,
 * and the region-less URLs of before redirect by cookie, then Accept-Language, then the default.
 */

/** A product's handle, from the default region's home. */
async function someProductHandle(page: Page): Promise<string> {
  await page.goto('/us');
  const href = await page.locator('main a[href^="/us/p/"]').first().getAttribute('href');
  const handle = href?.replace(/^\/us\/p\//, '');
  if (!handle) throw new Error('no product on the home page: is the database seeded?');
  return handle;
}

test('an old product URL with an eu cookie lands on /eu/p/<handle>, priced in EUR', async ({
  page,
  context,
  baseURL,
}) => {
  const handle = await someProductHandle(page);
  await context.addCookies([{ name: 'region', value: 'eu', url: baseURL ?? '' }]);
  await page.goto(`/p/${handle}`);
  await expect(page).toHaveURL(new RegExp(`/eu/p/${handle}$`));
  await expect(page.getByText(/Prices in EUR/)).toBeVisible();
  await expect(page.getByTestId('variant-price').first()).toContainText('€');
  // The canonical URL is the region's own, and links stay in the region.
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
    'href',
    new RegExp(`/eu/p/${handle}$`),
  );
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' }),
  ).toHaveAttribute('href', '/eu');
});

test('without a cookie, Accept-Language de-DE sends an old URL to /eu', async ({
  browser,
  baseURL,
  request,
}) => {
  const answer = await request.get('/c/anything?sort=price_asc', {
    maxRedirects: 0,
    headers: { 'Accept-Language': 'de-DE,de;q=0.9' },
  });
  expect(answer.headers()['location']).toBe('/eu/c/anything/q?sort=price_asc');
  // A German browser (Chromium sends its locale as Accept-Language).
  const context = await browser.newContext({ baseURL, locale: 'de-DE' });
  try {
    const page = await context.newPage();
    const handle = await someProductHandle(page);
    await page.goto(`/p/${handle}?utm_source=mail`);
    await expect(page).toHaveURL(new RegExp(`/eu/p/${handle}\\?utm_source=mail$`));
    await page.goto('/');
    await expect(page).toHaveURL(/\/eu$/);
  } finally {
    await context.close();
  }
});

test('the redirect is private, temporary and varies on cookie and languages', async ({
  request,
}) => {
  const response = await request.get('/search?q=linen', {
    maxRedirects: 0,
    headers: { 'Accept-Language': 'en-US', Cookie: 'region=zz' },
  });
  expect(response.status()).toBe(307);
  expect(response.headers()['location']).toBe('/us/search?q=linen');
  expect(response.headers()['vary']).toMatch(/Cookie, Accept-Language/);
  expect(response.headers()['cache-control']).toBe('private, no-store');
});

test('the region selector on /us/p/<handle> lands on /eu/p/<handle>', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const handle = await someProductHandle(page);
  await page.goto(`/us/p/${handle}`);
  const selector = page.getByTestId('region-selector');
  await selector.getByLabel('Region').selectOption('eu');
  await selector.getByRole('button', { name: /Change/ }).click();
  await expect(page).toHaveURL(new RegExp(`/eu/p/${handle}$`));
  await expect(page.getByText(/Prices in EUR/)).toBeVisible();
  // The cookie now sends the region-less URLs to the new region too.
  await page.goto(`/p/${handle}`);
  await expect(page).toHaveURL(new RegExp(`/eu/p/${handle}$`));
});

test('unknown region segments, and `default`, are 404 pages', async ({ page }) => {
  const handle = await someProductHandle(page);
  for (const path of [`/zz/p/${handle}`, `/default/p/${handle}`, '/zz']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
});

test('a listing URL with a query is the sorted view; the filter form goes to it directly', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/us');
  const href = await page
    .getByRole('list', { name: 'Shop by category' })
    .getByRole('link')
    .first()
    .getAttribute('href');
  expect(href).toMatch(/^\/us\/c\/[a-z0-9-]+$/);
  await page.goto(`${href}?sort=price_asc`);
  await expect(page.locator('#results-heading')).toContainText('price: low to high');
  await expect(page.getByTestId('filter-form')).toHaveAttribute('action', `${href}/q`);
});

test('a listing URL naming an option without /q (typed by hand) lands on the filtered list; a tracking tag stays', async ({
  page,
}) => {
  await page.goto('/us/c/apparel');
  const option = page
    .getByTestId('filter-form')
    .locator('input[type="checkbox"]:not([name="in_stock"]):not([name="vendor"])')
    .first();
  const name = (await option.getAttribute('name')) ?? '';
  const value = (await option.getAttribute('value')) ?? '';
  expect(name, 'apparel offers an option to filter by').not.toBe('');

  await page.goto('/us/c/apparel?utm_source=mail');
  await expect(page.locator('[data-listing-forward="checked"]')).toBeAttached();
  expect(new URL(page.url()).pathname).toBe('/us/c/apparel');

  await page.goto(`/us/c/apparel?${new URLSearchParams({ [name]: value, utm_source: 'mail' })}`);
  await expect(page).toHaveURL(/\/us\/c\/apparel\/q\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get(name)).toBe(value);
  expect(url.searchParams.get('utm_source')).toBe('mail');
  await expect(
    page.getByTestId('filter-form').locator(`input[name="${name}"][value="${value}"]`),
  ).toBeChecked();
});
