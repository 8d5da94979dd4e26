import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstRow } from '@shop/db/query';
import { CommerceError } from '../errors';
import { openShop, type TestShop } from '../../test/shop';
import { createDiscount, updateDiscount, type DiscountFields } from './admin';
import { findUsableDiscount } from './discounts';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop(1);
});
afterAll(async () => {
  await shop.close();
});

const fields = (code: string, extra: Partial<DiscountFields> = {}): DiscountFields => ({
  code,
  type: 'percentage',
  value: 1000,
  currencyCode: null,
  minSubtotal: null,
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  oncePerCustomer: false,
  ...extra,
});

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CommerceError && err.code === 'DISCOUNT_INVALID') return err.message;
    throw err;
  }
  throw new Error('expected DISCOUNT_INVALID');
}

const find = (code: string, currencyCode: string, subtotal: number) =>
  findUsableDiscount(shop.db, { code, currencyCode, subtotal });

describe('a minimum subtotal in the code’s currency', () => {
  it('keeps the currency of a percentage code’s minimum, and none without a minimum', async () => {
    const withMinimum = await createDiscount(
      shop.db,
      fields('EUR50', { currencyCode: 'EUR', minSubtotal: 5000 }),
    );
    expect(withMinimum).toMatchObject({ currencyCode: 'EUR', minSubtotal: 5000 });
    const plain = await createDiscount(shop.db, fields('PLAIN10', { currencyCode: 'EUR' }));
    expect(plain.currencyCode).toBeNull();
    // Removing the minimum drops the currency: the code applies in every currency again.
    const updated = await updateDiscount(shop.db, {
      id: withMinimum.id,
      discount: fields('EUR50', { currencyCode: 'EUR' }),
    });
    expect(updated).toMatchObject({ currencyCode: null, minSubtotal: null });
    await updateDiscount(shop.db, {
      id: withMinimum.id,
      discount: fields('EUR50', { currencyCode: 'EUR', minSubtotal: 5000 }),
    });
  });

  it('applies to carts in its currency from the minimum on, and refuses other currencies', async () => {
    expect(await find('EUR50', 'EUR', 5000)).toMatchObject({
      type: 'percentage',
      currencyCode: 'EUR',
      minSubtotal: 5000,
    });
    expect(await refusal(find('EUR50', 'EUR', 4999))).toBe(
      'Your cart is below the minimum of €50.00 for this discount code.',
    );
    // 5000 minor units of USD would pass a minimum read in the cart's currency: not here.
    expect(await refusal(find('EUR50', 'USD', 100_000))).toBe(
      'This discount code is for carts in EUR (its minimum is €50.00); it is not valid for prices in USD.',
    );
  });

  it('refuses a fixed amount in another currency, whatever the subtotal', async () => {
    await createDiscount(
      shop.db,
      fields('FIVEUSD', { type: 'fixed', value: 500, currencyCode: 'USD', minSubtotal: 2000 }),
    );
    expect(await find('FIVEUSD', 'USD', 2000)).toMatchObject({ value: 500, currencyCode: 'USD' });
    expect(await refusal(find('FIVEUSD', 'USD', 1999))).toBe(
      'Your cart is below the minimum of $20.00 for this discount code.',
    );
    expect(await refusal(find('FIVEUSD', 'EUR', 10_000))).toBe(
      'This discount code is not valid for prices in EUR.',
    );
  });

  it('reads a minimum saved without a currency (before minimums had one) in the cart’s currency', async () => {
    await shop.db.execute(
      sql`insert into discounts (code, type, value, min_subtotal) values ('OLDMIN', 'percentage', 500, 3000)`,
    );
    expect(
      (
        await firstRow<{ currency_code: string | null }>(
          shop.db,
          sql`select currency_code from discounts where code = 'OLDMIN'`,
        )
      )?.currency_code,
    ).toBeNull();
    expect(await find('OLDMIN', 'USD', 3000)).toMatchObject({ currencyCode: null });
    expect(await find('OLDMIN', 'EUR', 3000)).toMatchObject({ currencyCode: null });
    expect(await refusal(find('OLDMIN', 'EUR', 2999))).toBe(
      'Your cart is below the minimum of €30.00 for this discount code.',
    );
  });
});
