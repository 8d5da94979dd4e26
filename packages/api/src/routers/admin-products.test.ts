import {
  cacheTags,
  cacheTagsForEvent,
  getProductByHandle,
  resolveHandleRedirect,
  type DomainEvent,
  type StaffMember,
} from '@shop/core';
import { firstRow, queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { postgresEngine, productSearch, syncIndex } from '@shop/search';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { zSearchInput, type ProductCreateForm } from '@shop/validators';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiShop } from '../../test/shop';
import { createAdminCaller, createAdminContext } from '../index';

let tdb: TestDatabase;

const member = (role: StaffMember['role']): StaffMember => ({
  id: `staff-${role}`,
  email: `${role}@shop.local`,
  name: role,
  role,
});

const admin = (role: StaffMember['role'] = 'owner') =>
  createAdminCaller(
    createAdminContext(apiShop(tdb), { getStaff: () => Promise.resolve(member(role)) }),
  );

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError && err.cause instanceof ZodError)
      return { code: err.code, message: err.cause.issues.map((i) => i.message).join(' ') };
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** What a save wrote: products, variants and events, to prove a refused save wrote nothing. */
async function counts() {
  const row = await firstRow<{ products: number; variants: number; events: number }>(
    tdb.db,
    sql`select (select count(*)::int from products) as products,
               (select count(*)::int from product_variants) as variants,
               (select count(*)::int from domain_events) as events`,
  );
  return row;
}

let run = 0;
/** A tee in two sizes and two colours, priced in USD and EUR, with SKUs unique to the call. */
function tee(overrides: Partial<ProductCreateForm> = {}): ProductCreateForm {
  run++;
  const sizes = ['S', 'M'];
  const colours = ['Red', 'Blue'];
  return {
    title: 'Crème Brûlée Tee',
    options: [
      { name: 'Size', values: sizes },
      { name: 'Colour', values: colours },
    ],
    variants: sizes.flatMap((size) =>
      colours.map((colour) => ({
        optionValues: [size, colour],
        sku: `TEE${run}-${size}-${colour}`.toUpperCase(),
        prices: [
          { currencyCode: 'USD', amount: 2500, compareAtAmount: 3000 },
          { currencyCode: 'EUR', amount: 2300 },
        ],
      })),
    ),
    ...overrides,
  };
}

/** The element at `index`, or a failed test (no `!`). */
function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no element ${index}`);
  return item;
}

/** The form with variant `index` changed. */
function withVariant(
  form: ProductCreateForm,
  index: number,
  patch: Partial<ProductCreateForm['variants'][number]>,
): ProductCreateForm {
  return {
    ...form,
    variants: form.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)),
  };
}

beforeAll(async () => {
  tdb = await createTestDatabase('admin_products');
  await seedDemo(tdb.db, { products: 3 });
});
afterAll(async () => {
  await tdb?.drop();
});
beforeEach(async () => {
  await tdb.db.execute(sql`delete from domain_events`);
});

describe('admin.products.create', () => {
  it('makes the size × colour matrix with prices in two currencies, a handle from the title, and the events', async () => {
    const product = await admin().admin.products.create(tee({ status: 'active' }));
    expect(product.handle).toBe('creme-brulee-tee');
    expect(product.options).toEqual([
      { id: expect.any(Number), name: 'Size', values: ['S', 'M'] },
      { id: expect.any(Number), name: 'Colour', values: ['Red', 'Blue'] },
    ]);
    expect(product.variants.map((v) => [v.title, v.optionValues, v.prices.length])).toEqual([
      ['S / Red', ['S', 'Red'], 2],
      ['S / Blue', ['S', 'Blue'], 2],
      ['M / Red', ['M', 'Red'], 2],
      ['M / Blue', ['M', 'Blue'], 2],
    ]);
    const types = await queryRows<{ type: string }>(
      tdb.db,
      sql`select type from domain_events order by id`,
    );
    expect(types.map((t) => t.type)).toEqual(['product.created', 'prices.changed']);
    const page = await getProductByHandle(tdb.db, { handle: product.handle, region: 'us' });
    expect(page.variants).toHaveLength(4);
    expect(page.variants[0]?.price).toEqual({ amount: 2500, currencyCode: 'USD' });

    // The same title again: the next free suffix.
    const again = await admin().admin.products.create(tee());
    expect(again.handle).toBe('creme-brulee-tee-2');
    expect(again.status).toBe('draft');
  });

  it('refuses negative and fractional prices with a sentence and writes nothing', async () => {
    const before = await counts();
    const negative = withVariant(tee(), 0, { prices: [{ currencyCode: 'USD', amount: -1 }] });
    expect(await failure(admin().admin.products.create(negative))).toEqual({
      code: 'BAD_REQUEST',
      message: 'Amount cannot be negative',
    });
    const fractional = withVariant(tee(), 1, { prices: [{ currencyCode: 'USD', amount: 12.5 }] });
    expect(await failure(admin().admin.products.create(fractional))).toEqual({
      code: 'BAD_REQUEST',
      message: 'Amount must be a whole number of minor units (cents)',
    });
    const compareAt = withVariant(tee(), 0, {
      prices: [{ currencyCode: 'USD', amount: 500, compareAtAmount: 500 }],
    });
    expect((await failure(admin().admin.products.create(compareAt))).message).toBe(
      'Compare-at price must be higher than the price',
    );
    const yen = withVariant(tee(), 0, { prices: [{ currencyCode: 'JPY', amount: 500 }] });
    expect((await failure(admin().admin.products.create(yen))).message).toMatch(
      /^No region sells in JPY; prices can be set in /,
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a SKU another product has, naming it, and a SKU twice in one product', async () => {
    const first = await admin().admin.products.create(tee({ title: 'Sku owner' }));
    const before = await counts();
    const taken = at(first.variants, 1).sku;
    const clash = withVariant(tee({ title: 'Sku thief' }), 2, { sku: taken });
    expect(await failure(admin().admin.products.create(clash))).toEqual({
      code: 'BAD_REQUEST',
      message: `SKU ${taken} is already used by the product sku-owner.`,
    });
    const base = tee({ title: 'Sku twice' });
    const twice = withVariant(base, 1, { sku: at(base.variants, 0).sku });
    expect((await failure(admin().admin.products.create(twice))).message).toBe(
      `SKU ${at(base.variants, 0).sku} is used by two variants`,
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a matrix with a missing or foreign combination', async () => {
    const missing = tee();
    missing.variants.pop();
    expect((await failure(admin().admin.products.create(missing))).message).toBe(
      'The variant M / Blue is missing',
    );
    const foreign = withVariant(tee(), 0, { optionValues: ['XL', 'Red'] });
    expect((await failure(admin().admin.products.create(foreign))).message).toContain(
      'XL / Red is not a combination of the options',
    );
  });

  it('refuses a handle another product has, and two creates at once get one product and one clear error', async () => {
    await admin().admin.products.create(tee({ title: 'Taken', handle: 'taken-handle' }));
    const before = await counts();
    expect(
      await failure(admin().admin.products.create(tee({ title: 'Other', handle: 'taken-handle' }))),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: 'The handle taken-handle is already used by another product.',
    });
    expect(await counts()).toEqual(before);

    const results = await Promise.allSettled(
      [1, 2].map(() => admin().admin.products.create(tee({ title: 'Race', handle: 'race' }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected && (await failure(Promise.reject(rejected.reason)))).toEqual({
      code: 'BAD_REQUEST',
      message: 'The handle race is already used by another product.',
    });
    const rows = await queryRows(tdb.db, sql`select id from products where handle like 'race%'`);
    expect(rows).toHaveLength(1);
  });

  it('an active product is listed in its category and found by its words once the index syncs', async () => {
    const category = at(await admin().admin.categories.list(), 0);
    const product = await admin().admin.products.create(
      tee({ title: 'Quokkaberry Tee', status: 'active', categoryIds: [category.id] }),
    );
    const engine = postgresEngine(tdb.db);
    await syncIndex(tdb.db, engine, [product.id]);
    const search = productSearch(engine, { readDb: tdb.db });
    const listed = await search.listProducts({
      region: 'us',
      categoryHandle: category.handle,
      sort: 'newest',
      limit: 24,
    });
    expect(listed.items.map((i) => i.id)).toContain(product.id);
    const found = await search.search(zSearchInput.parse({ q: 'quokkaberry', region: 'us' }));
    expect(found.items.map((i) => i.id)).toEqual([product.id]);
  });

  it('is refused to staff without products:write', async () => {
    expect((await failure(admin('support').admin.products.create(tee()))).code).toBe('FORBIDDEN');
  });
});

describe('admin.products.update', () => {
  it('adding a value adds its variants; removing one archives its variants instead of deleting them', async () => {
    const product = await admin().admin.products.create(tee({ title: 'Matrix' }));
    const saved = product.variants.map((v) => ({
      id: v.id,
      optionValues: v.optionValues,
      sku: v.sku,
      prices: [],
    }));
    const options = product.options.map((o) => ({ id: o.id, name: o.name, values: o.values }));
    const grown = await admin().admin.products.update({
      id: product.id,
      options: [{ ...at(options, 0), values: ['S', 'M', 'L'] }, at(options, 1)],
      variants: [
        ...saved,
        ...['Red', 'Blue'].map((c) => ({
          optionValues: ['L', c],
          sku: `MATRIX-L-${c}`,
          prices: [{ currencyCode: 'USD', amount: 2700 }],
        })),
      ],
    });
    expect(grown.variants.filter((v) => !v.archived)).toHaveLength(6);
    expect(grown.variants.slice(0, 4).map((v) => v.id)).toEqual(product.variants.map((v) => v.id));

    const shrunk = await admin().admin.products.update({
      id: product.id,
      options: [{ ...at(options, 0), values: ['M', 'L'] }, at(options, 1)],
      variants: grown.variants
        .filter((v) => v.optionValues[0] !== 'S')
        .map((v) => ({ id: v.id, optionValues: v.optionValues, sku: v.sku })),
    });
    expect(shrunk.variants).toHaveLength(6);
    expect(shrunk.variants.filter((v) => v.archived).map((v) => v.sku)).toEqual(
      product.variants.filter((v) => v.optionValues[0] === 'S').map((v) => v.sku),
    );
    expect(shrunk.options[0]?.values).toEqual(['M', 'L']);
    const page = await getProductByHandle(tdb.db, { handle: 'matrix', region: 'us' }).catch(
      () => null,
    );
    // Draft: not on the storefront yet.
    expect(page).toBeNull();
  });

  it('a new handle leaves a redirect from the old one, and the event names both', async () => {
    const product = await admin().admin.products.create(
      tee({ title: 'Renamed', status: 'active' }),
    );
    await tdb.db.execute(sql`delete from domain_events`);
    const updated = await admin().admin.products.update({ id: product.id, handle: 'renamed-tee' });
    expect(updated.handle).toBe('renamed-tee');
    expect(await resolveHandleRedirect(tdb.db, 'renamed')).toBe('renamed-tee');
    const event = await firstRow<{ payload: unknown }>(
      tdb.db,
      sql`select payload from domain_events where type = 'product.updated'`,
    );
    expect(event?.payload).toMatchObject({
      handle: 'renamed-tee',
      fields: ['handle'],
      previousHandle: 'renamed',
    });
    // Another product cannot be created under the old handle by generation: it is a redirect.
    const next = await admin().admin.products.create(tee({ title: 'Renamed' }));
    expect(next.handle).toBe('renamed-2');
  });

  it('archiving hides the product from the storefront and emits product.archived once', async () => {
    const product = await admin().admin.products.create(tee({ title: 'Going', status: 'active' }));
    await getProductByHandle(tdb.db, { handle: 'going', region: 'us' });
    const engine = postgresEngine(tdb.db);
    const search = productSearch(engine, { readDb: tdb.db });
    const searchGoing = async () =>
      (await search.search(zSearchInput.parse({ q: 'going', region: 'us' }))).items.map(
        (i) => i.id,
      );
    await syncIndex(tdb.db, engine, [product.id]);
    expect(await searchGoing()).toContain(product.id);
    await tdb.db.execute(sql`delete from domain_events`);
    await admin().admin.products.archive({ id: product.id });
    await admin().admin.products.archive({ id: product.id });
    await expect(getProductByHandle(tdb.db, { handle: 'going', region: 'us' })).rejects.toThrow(
      /No product has the handle/,
    );
    const archived = await queryRows(
      tdb.db,
      sql`select id from domain_events where type = 'product.archived'`,
    );
    expect(archived).toHaveLength(1);
    // The search sync (what the dispatcher runs on product.archived) drops it from the index.
    await syncIndex(tdb.db, engine, [product.id]);
    expect(await searchGoing()).not.toContain(product.id);
  });

  it('publishing a draft refreshes the pages under its handle (a 404 cached while it was hidden)', async () => {
    const product = await admin().admin.products.create(tee({ title: 'Published later' }));
    await tdb.db.execute(sql`delete from domain_events`);
    await admin().admin.products.update({ id: product.id, status: 'active' });
    const event = await firstRow<{ type: string; version: number; payload: unknown }>(
      tdb.db,
      sql`select type, version, payload from domain_events where type = 'product.updated'`,
    );
    expect(event?.payload).toMatchObject({ fields: ['status'] });
    expect(cacheTagsForEvent(event as DomainEvent)).toContain(
      cacheTags.productHandle('published-later'),
    );
    await getProductByHandle(tdb.db, { handle: 'published-later', region: 'us' });
  });

  it('sets categories and collections; an unknown id is a 400 naming it and writes nothing', async () => {
    const [category] = await admin().admin.categories.list();
    const [collection] = await admin().admin.collections.list();
    if (!category || !collection) throw new Error('the seed has no categories or collections');
    const product = await admin().admin.products.create(
      tee({ title: 'Grouped', categoryIds: [category.id], collectionIds: [collection.id] }),
    );
    expect(product.categoryIds).toEqual([category.id]);
    expect(product.collectionIds).toEqual([collection.id]);
    expect(
      await failure(admin().admin.products.update({ id: product.id, categoryIds: [999_999] })),
    ).toEqual({ code: 'BAD_REQUEST', message: 'There is no category with id 999999.' });
    const after = await admin().admin.products.get({ id: product.id });
    expect(after.categoryIds).toEqual([category.id]);
  });
});
