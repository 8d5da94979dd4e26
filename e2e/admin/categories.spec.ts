import { expect, test, type APIRequestContext } from '@playwright/test';
import { pickProduct, query, signInToAdmin, STOREFRONT_URL } from '../support';

/**
 * Issue 11's category tree and collections, as the owner uses them: a collection made, two
 * products added and swapped, and the storefront's collection page showing them in the new order
 * within 5 s; a subcategory made and moved under another category. Every group here is new and
 * uniquely named (the e2e database is shared): the seeded ones are left as other specs rely on.
 */

function uniqueWord(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let word = 'wombat';
  for (let i = 0; i < 6; i++) word += letters[Math.floor(Math.random() * letters.length)];
  return word;
}

/** Where each needle first appears in the page's HTML (-1: missing), polled for 5 s. */
async function expectOrderOnStorefront(
  request: APIRequestContext,
  path: string,
  needles: string[],
) {
  await expect
    .poll(
      async () => {
        const res = await request.get(`${STOREFRONT_URL}${path}`);
        const html = await res.text();
        const at = needles.map((n) => html.indexOf(n));
        const inOrder = at.every((x, i) => x >= 0 && (i === 0 || x > (at[i - 1] ?? -1)));
        return { status: res.status(), inOrder };
      },
      { timeout: 5_000, intervals: [250] },
    )
    .toEqual({ status: 200, inOrder: true });
}

test('an owner makes a collection, adds two products and swaps them; the storefront shows the new order', async ({
  page,
  request,
}) => {
  const word = uniqueWord();
  const title = `Picks ${word}`;
  const products = [await pickProduct(25), await pickProduct(26)];

  await signInToAdmin(page);
  await page.goto('/collections');
  const create = page.getByRole('form', { name: 'New collection' });
  await create.getByLabel('Title', { exact: true }).fill(title);
  await create.getByLabel('Description').fill('Chosen by the e2e owner.');
  await create.getByRole('button', { name: 'Create collection' }).click();
  await expect(page).toHaveURL(/\/collections\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const collectionId = Number(/\/collections\/(\d+)/.exec(page.url())?.[1]);

  for (const [i, product] of products.entries()) {
    await page.getByLabel('Find products by title').fill(product.title);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .getByTestId('product-found')
      .filter({ hasText: product.title })
      .getByRole('button', { name: `Add ${product.title} to the collection` })
      .first()
      .click();
    await expect(page.getByTestId('collection-product')).toHaveCount(i + 1);
  }

  // The products as added (a title may be shared: read which ones went in).
  const added = async () =>
    await query<{ handle: string; title: string }>(
      `select p.handle, p.title from collection_products cp join products p on p.id = cp.product_id
          where cp.collection_id = $1 order by cp.position, cp.product_id`,
      [collectionId],
    );
  const [first, second] = await added();
  if (!first || !second) throw new Error('the two products did not go in');
  const [{ handle } = { handle: '' }] = await query<{ handle: string }>(
    'select handle from collections where id = $1',
    [collectionId],
  );
  await expectOrderOnStorefront(request, `/us/collections/${handle}`, [
    `href="/us/p/${first.handle}"`,
    `href="/us/p/${second.handle}"`,
  ]);

  await page
    .getByTestId('collection-product')
    .nth(1)
    .getByRole('button', { name: `Move ${second.title} up` })
    .click();
  await expect(page.getByTestId('collection-product').first()).toContainText(second.title);
  expect((await added()).map((r) => r.handle)).toEqual([second.handle, first.handle]);
  await expectOrderOnStorefront(request, `/us/collections/${handle}`, [
    `href="/us/p/${second.handle}"`,
    `href="/us/p/${first.handle}"`,
  ]);
});

test('an owner adds a subcategory and moves it under another category', async ({
  page,
  request,
}) => {
  const word = uniqueWord();
  const [home, other, child] = [`Shelf ${word}`, `Other ${word}`, `Child ${word}`];

  await signInToAdmin(page);
  await page.goto('/categories');
  const create = page.getByRole('form', { name: 'New category' });
  for (const name of [home, other]) {
    await create.getByLabel('Name', { exact: true }).fill(name);
    await create.getByRole('button', { name: 'Add category' }).click();
    await expect(create.getByRole('status')).toContainText(`Category ${name} created`);
  }

  // A row by its handle: every row's "Move to…" list names the other categories too.
  const row = (name: string) =>
    page.locator(
      `[data-testid="category-row"][data-handle="${name.toLowerCase().replace(' ', '-')}"]`,
    );
  const homeRow = row(home);
  await homeRow.getByRole('button', { name: `Add a subcategory to ${home}` }).click();
  const childForm = homeRow.getByRole('form', { name: `New subcategory of ${home}` });
  await childForm.getByLabel('Name', { exact: true }).fill(child);
  await childForm.getByRole('button', { name: 'Add category' }).click();
  const childRow = row(child);
  await expect(childRow).toHaveCount(1);

  const parentOf = async () =>
    (
      await query<{ parent: string | null }>(
        `select p.name as parent from categories c left join categories p on p.id = c.parent_id
          where c.name = $1`,
        [child],
      )
    )[0]?.parent;
  expect(await parentOf()).toBe(home);

  await childRow.getByLabel(`Move ${child} to`).selectOption({ label: other });
  await childRow.getByRole('button', { name: `Move ${child}`, exact: true }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Moved: ${other} / ${child}` }),
  ).toBeVisible();
  expect(await parentOf()).toBe(other);

  // The storefront's category page lists its new subcategory (under "Inside <name>").
  const [otherRow] = await query<{ handle: string }>(
    'select handle from categories where name = $1',
    [other],
  );
  const [childHandle] = await query<{ handle: string }>(
    'select handle from categories where name = $1',
    [child],
  );
  await expectOrderOnStorefront(request, `/us/c/${otherRow?.handle ?? ''}`, [
    `aria-label="Inside ${other}"`,
    `href="/us/c/${childHandle?.handle ?? ''}"`,
  ]);
});
