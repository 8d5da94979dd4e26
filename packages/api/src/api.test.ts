import { productPrices, products, productVariants } from '@shop/db/schema';
import { listDomainEvents, type StaffMember } from '@shop/core';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { TRPCError } from '@trpc/server';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiShop } from '../test/shop';
import {
  createAdminCaller,
  createAdminContext,
  createStorefrontCaller,
  createStorefrontContext,
} from './index';

let tdb: TestDatabase;
const owner: StaffMember = {
  id: 'staff-1',
  email: 'owner@shop.local',
  name: 'Owner',
  role: 'owner',
};

const storefront = () => createStorefrontCaller(createStorefrontContext(apiShop(tdb)));
const admin = (staff: StaffMember | null) =>
  createAdminCaller(createAdminContext(apiShop(tdb), { getStaff: () => Promise.resolve(staff) }));

async function firstProduct() {
  const [p] = await tdb.db
    .select()
    .from(products)
    .where(eq(products.status, 'active'))
    .orderBy(asc(products.id))
    .limit(1);
  if (!p) throw new Error('no product seeded');
  return p;
}

/** Domain events in the outbox, oldest first (the dispatcher turns them into revalidations). */
async function outboxEvents(): Promise<{ id: number; type: string; payload: unknown }[]> {
  return (await listDomainEvents(tdb.db)).map((e) => ({
    id: e.id,
    type: e.type,
    payload: e.payload,
  }));
}

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  tdb = await createTestDatabase('api');
  await seedDemo(tdb.db, { products: 30 });
});
afterAll(async () => {
  await tdb.drop();
});

describe('storefront.catalog', () => {
  it('pages through every active product once, in id order, with keyset cursors', async () => {
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: Awaited<
        ReturnType<ReturnType<typeof storefront>['storefront']['catalog']['listProducts']>
      > = await storefront().storefront.catalog.listProducts({ region: 'us', limit: 7, cursor });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const active = await tdb.db
      .select({ id: products.id })
      .from(products)
      .where(eq(products.status, 'active'))
      .orderBy(asc(products.id));
    expect(seen).toEqual(active.map((p) => p.id));
  });

  it('prices a product in the region currency from the price table', async () => {
    const p = await firstProduct();
    const us = await storefront().storefront.catalog.productByHandle({
      handle: p.handle,
      region: 'us',
    });
    const eu = await storefront().storefront.catalog.productByHandle({
      handle: p.handle,
      region: 'eu',
    });
    const variant = us.variants[0];
    if (!variant) throw new Error('no variant');
    const [usd] = await tdb.db
      .select()
      .from(productPrices)
      .where(and(eq(productPrices.variantId, variant.id), eq(productPrices.currencyCode, 'USD')));
    expect(variant.price).toEqual({ amount: usd?.amount, currencyCode: 'USD' });
    expect(eu.variants[0]?.price?.currencyCode).toBe('EUR');
    expect(eu.region.taxInclusive).toBe(true);
  });

  it('answers an unknown handle with NOT_FOUND', async () => {
    expect(
      await trpcCode(
        storefront().storefront.catalog.productByHandle({ handle: 'no-such-product' }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('rejects a malformed handle with BAD_REQUEST', async () => {
    expect(
      await trpcCode(storefront().storefront.catalog.productByHandle({ handle: 'Not A Handle' })),
    ).toBe('BAD_REQUEST');
  });
});

describe('admin.products', () => {
  it('refuses callers without a staff session', async () => {
    expect(await trpcCode(admin(null).admin.products.list({ limit: 5 }))).toBe('UNAUTHORIZED');
    const p = await firstProduct();
    expect(await trpcCode(admin(null).admin.products.update({ id: p.id, title: 'Hacked' }))).toBe(
      'UNAUTHORIZED',
    );
    const [after] = await tdb.db.select().from(products).where(eq(products.id, p.id));
    expect(after?.title).toBe(p.title);
  });

  it('updates title and price and emits its events in the same transaction', async () => {
    const p = await firstProduct();
    const [variant] = await tdb.db
      .select()
      .from(productVariants)
      .where(eq(productVariants.productId, p.id))
      .limit(1);
    if (!variant) throw new Error('no variant');
    const before = await outboxEvents();
    const updated = await admin(owner).admin.products.update({
      id: p.id,
      title: 'Updated title',
      prices: [{ variantId: variant.id, currencyCode: 'USD', amount: 4321, compareAtAmount: null }],
    });
    expect(updated.title).toBe('Updated title');
    expect(updated.variants.find((v) => v.id === variant.id)?.prices).toContainEqual({
      currencyCode: 'USD',
      amount: 4321,
      compareAtAmount: null,
    });
    const events = (await outboxEvents()).slice(before.length);
    expect(events.map((e) => e.type)).toEqual(['product.updated', 'prices.changed']);
    expect(events[0]?.payload).toMatchObject({ productId: p.id, handle: p.handle });
  });

  it('writes nothing and emits nothing when part of an update is invalid', async () => {
    const p = await firstProduct();
    const [other] = await tdb.db
      .select({ id: productVariants.id })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(sql`${products.id} <> ${p.id}`)
      .limit(1);
    if (!other) throw new Error('no other variant');
    const before = await outboxEvents();
    const code = await trpcCode(
      admin(owner).admin.products.update({
        id: p.id,
        title: 'Should not stick',
        prices: [{ variantId: other.id, currencyCode: 'USD', amount: 100, compareAtAmount: null }],
      }),
    );
    expect(code).toBe('NOT_FOUND');
    const [after] = await tdb.db.select().from(products).where(eq(products.id, p.id));
    expect(after?.title).not.toBe('Should not stick');
    expect(await outboxEvents()).toEqual(before);
  });

  it('rejects fractional, negative and unknown-currency prices with BAD_REQUEST', async () => {
    const p = await firstProduct();
    const [variant] = await tdb.db
      .select()
      .from(productVariants)
      .where(eq(productVariants.productId, p.id))
      .limit(1);
    if (!variant) throw new Error('no variant');
    const caller = admin(owner);
    for (const price of [
      { amount: 12.5, currencyCode: 'USD' },
      { amount: -1, currencyCode: 'USD' },
      { amount: 100, currencyCode: 'usd' },
      { amount: 100, currencyCode: 'JPY' },
    ]) {
      const code = await trpcCode(
        caller.admin.products.update({
          id: p.id,
          prices: [{ variantId: variant.id, compareAtAmount: null, ...price }],
        }),
      );
      expect(code, JSON.stringify(price)).toBe('BAD_REQUEST');
    }
  });

  it('answers text Postgres cannot store (a NUL character) with BAD_REQUEST and writes nothing', async () => {
    const p = await firstProduct();
    const before = await outboxEvents();
    const err = await admin(owner)
      .admin.products.update({ id: p.id, title: 'Nul\u0000title' })
      .then(
        () => null,
        (e: unknown) => e as { code?: string; message?: string },
      );
    expect(err?.code).toBe('BAD_REQUEST');
    expect(err?.message).toBe(
      'Text may not contain the NUL character (\\0) or invalid characters.',
    );
    const [after] = await tdb.db.select().from(products).where(eq(products.id, p.id));
    expect(after?.title).toBe(p.title);
    expect(await outboxEvents()).toEqual(before);
  });

  it('rejects an unknown product with NOT_FOUND', async () => {
    expect(await trpcCode(admin(owner).admin.products.update({ id: 99_999_999, title: 'x' }))).toBe(
      'NOT_FOUND',
    );
  });
});
