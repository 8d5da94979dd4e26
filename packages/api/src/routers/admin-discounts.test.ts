import { randomUUID } from 'node:crypto';
import { findUsableDiscount, startCheckout, type StaffMember } from '@shop/core';
import { firstRow } from '@shop/db/query';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openShop,
  paidByProvider,
  readyCart,
  variantWithStock,
  type TestShop,
} from '../../../core/test/shop';
import { apiShop } from '../../test/shop';
import { createAdminCaller, createAdminContext } from '../index';

let shop: TestShop;
const owner: StaffMember = { id: 'd-owner', email: 'owner@d.test', name: 'O', role: 'owner' };
const support: StaffMember = { id: 'd-sup', email: 'sup@d.test', name: 'S', role: 'support' };

beforeAll(async () => {
  shop = await openShop(4);
});
afterAll(async () => {
  await shop.close();
});

const as = (staff: StaffMember) =>
  createAdminCaller(createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(staff) }))
    .admin;

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError && err.cause instanceof ZodError)
      return { code: err.code, message: err.cause.issues.map((i) => i.message).join(' ') };
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

const discountCount = async () =>
  Number(
    (await firstRow<{ n: number }>(shop.db, sql`select count(*)::int as n from discounts`))?.n,
  );

const percent = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  type: 'percentage' as const,
  value: 1000,
  ...extra,
});

describe('admin.discounts create: bad input is a sentence and writes nothing', () => {
  it.each([
    [percent('OVER', { value: 10_001 }), 'A percentage discount can take at most 100%'],
    [
      { code: 'FIX', type: 'fixed' as const, value: 500 },
      'A fixed-amount discount needs a currency',
    ],
    [
      percent('DATES', {
        startsAt: new Date('2030-02-01T00:00:00Z'),
        endsAt: new Date('2030-01-01T00:00:00Z'),
      }),
      'The end must be after the start',
    ],
    [percent('LIMIT', { usageLimit: 0 }), 'Usage limit must be at least 1'],
    [percent('bad code!'), 'Code may contain only letters, digits, dashes and underscores'],
    [
      { code: 'SHIP', type: 'free_shipping' as const, value: 5 },
      'A free-shipping discount has no value',
    ],
    [percent('MINNOCUR', { minSubtotal: 5000 }), 'A minimum subtotal needs the currency it is in'],
    [
      percent('CURNOMIN', { currencyCode: 'EUR' }),
      'Only a fixed amount or a minimum subtotal has a currency',
    ],
    [
      { code: 'SHIPMIN', type: 'free_shipping' as const, value: 0, minSubtotal: 4000 },
      'A minimum subtotal needs the currency it is in',
    ],
  ])('%o', async (input, sentence) => {
    const before = await discountCount();
    const refused = await failure(as(owner).discounts.create(input));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(sentence);
    expect(await discountCount()).toBe(before);
  });

  it('refuses a code already taken in another casing, and one of two concurrent creates', async () => {
    await as(owner).discounts.create(percent('SUMMER10'));
    const again = await failure(as(owner).discounts.create(percent('summer10')));
    expect(again).toEqual({
      code: 'CONFLICT',
      message:
        'A discount with the code "summer10" already exists (codes are not case-sensitive); choose another code.',
    });
    const results = await Promise.allSettled(
      ['RACE', 'race', 'Race', 'rAcE'].map((code) => as(owner).discounts.create(percent(code))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as TRPCError).code).toBe('CONFLICT');
    const rows = await firstRow<{ n: number }>(
      shop.db,
      sql`select count(*)::int as n from discounts where upper(code) = 'RACE'`,
    );
    expect(rows?.n).toBe(1);
  });

  it('is for discounts:write: support may read codes but not create them', async () => {
    expect((await failure(as(support).discounts.create(percent('SUP')))).code).toBe('FORBIDDEN');
    const page = await as(support).discounts.list({ query: 'summer' });
    expect(page.items.map((d) => d.code)).toEqual(['SUMMER10']);
  });
});

describe('admin.discounts update, archive and usage', () => {
  it('refuses a usage limit below the uses so far, and a code another discount has', async () => {
    const d = await as(owner).discounts.create(percent('LIMITED', { usageLimit: 5 }));
    await shop.db.execute(sql`update discounts set usage_count = 3 where id = ${d.id}`);
    const refused = await failure(
      as(owner).discounts.update({ id: d.id, discount: percent('LIMITED', { usageLimit: 2 }) }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/used 3 times .*cannot be below 3/);
    const taken = await failure(
      as(owner).discounts.update({ id: d.id, discount: percent('Summer10') }),
    );
    expect(taken.code).toBe('CONFLICT');
    const saved = await as(owner).discounts.update({
      id: d.id,
      discount: percent('LIMITED', { usageLimit: 3, value: 2500 }),
    });
    expect(saved).toMatchObject({ value: 2500, usageLimit: 3, usageCount: 3, status: 'used_up' });
    const audit = await firstRow<{ before: { value: number }; after: { value: number } }>(
      shop.db,
      sql`select before, after from audit_log
           where action = 'discounts.update' and target_id = ${String(d.id)}`,
    );
    expect([audit?.before.value, audit?.after.value]).toEqual([1000, 2500]);
  });

  it('creates a code the storefront checkout applies; archived or not started, it is refused', async () => {
    const d = await as(owner).discounts.create(
      percent('TENOFF', { minSubtotal: 100, currencyCode: 'USD', oncePerCustomer: true }),
    );
    expect(d).toMatchObject({ status: 'active', usageCount: 0, redemptions: 0 });
    const variantId = await variantWithStock(shop.db, 10, 0);
    const cartId = await readyCart(shop.db, {
      lines: [{ variantId, quantity: 1 }],
      discountCode: 'tenoff',
    });
    const started = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: randomUUID() },
      { payments: shop.payments },
    );
    expect(started.totals.discountTotal).toBeGreaterThan(0);
    const placed = await paidByProvider(shop.db, started);
    expect(placed.status).toBe('placed');
    const used = await as(owner).discounts.get({ id: d.id });
    expect(used).toMatchObject({ usageCount: 1, redemptions: 1 });

    const archived = await as(owner).discounts.setArchived({ id: d.id, archived: true });
    expect(archived.status).toBe('archived');
    expect((await as(owner).discounts.setArchived({ id: d.id, archived: true })).archived).toBe(
      true,
    );
    await expect(
      findUsableDiscount(shop.db, { code: 'TENOFF', currencyCode: 'USD', subtotal: 10_000 }),
    ).rejects.toThrow('does not exist');

    const later = await as(owner).discounts.create(
      percent('LATER', { startsAt: new Date(Date.now() + 86_400_000) }),
    );
    expect(later.status).toBe('scheduled');
    await expect(
      findUsableDiscount(shop.db, { code: 'LATER', currencyCode: 'USD', subtotal: 10_000 }),
    ).rejects.toThrow('not active yet');
  });
});

describe('admin.discounts: a minimum subtotal has a currency', () => {
  it('saves the minimum’s currency with a percentage or free-shipping code; checkout applies it in that currency only', async () => {
    const eur = await as(owner).discounts.create(
      percent('EUROVER50', { minSubtotal: 5000, currencyCode: 'EUR' }),
    );
    expect(eur).toMatchObject({ type: 'percentage', currencyCode: 'EUR', minSubtotal: 5000 });
    const ship = await as(owner).discounts.create({
      code: 'SHIPOVER40',
      type: 'free_shipping',
      value: 0,
      minSubtotal: 4000,
      currencyCode: 'USD',
    });
    expect(ship).toMatchObject({ currencyCode: 'USD', minSubtotal: 4000 });

    await expect(
      findUsableDiscount(shop.db, { code: 'EUROVER50', currencyCode: 'EUR', subtotal: 5000 }),
    ).resolves.toMatchObject({ id: eur.id });
    await expect(
      findUsableDiscount(shop.db, { code: 'EUROVER50', currencyCode: 'USD', subtotal: 99_999 }),
    ).rejects.toThrow(
      'This discount code is for carts in EUR (its minimum is €50.00); it is not valid for prices in USD.',
    );
    await expect(
      findUsableDiscount(shop.db, { code: 'SHIPOVER40', currencyCode: 'USD', subtotal: 3999 }),
    ).rejects.toThrow('Your cart is below the minimum of $40.00 for this discount code.');

    // Dropping the minimum drops its currency: the code then applies in every currency.
    const open = await as(owner).discounts.update({ id: eur.id, discount: percent('EUROVER50') });
    expect(open).toMatchObject({ currencyCode: null, minSubtotal: null });
    await expect(
      findUsableDiscount(shop.db, { code: 'EUROVER50', currencyCode: 'USD', subtotal: 1 }),
    ).resolves.toMatchObject({ id: eur.id });
  });
});
