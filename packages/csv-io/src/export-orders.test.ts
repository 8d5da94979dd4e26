import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDecimal } from '@shop/money';
import {
  checkoutTestCart,
  openTestShop,
  readyTestCart,
  type TestShop,
} from '@shop/runtime/testing';
import { exportOrdersCsv, ORDER_EXPORT_COLUMNS } from './index';

let shop: TestShop;

beforeAll(async () => {
  shop = await openTestShop({ prefix: 'csvorders', products: 3 });
});
afterAll(async () => {
  await shop.close();
});

async function exported(range: { from: Date | null; to: Date | null }): Promise<string[][]> {
  let text = '';
  for await (const chunk of exportOrdersCsv(shop.db, range)) text += chunk;
  return parse(text, { bom: true }) as string[][];
}

describe('orders CSV export', () => {
  it('lists the orders placed in the range, one row per line with the order totals', async () => {
    const cartId = await readyTestCart(shop, { email: 'csv@example.com', quantity: 2 });
    const order = await checkoutTestCart(shop, cartId);
    const hour = 3_600_000;
    const rows = await exported({
      from: new Date(Date.now() - hour),
      to: new Date(Date.now() + hour),
    });
    expect(rows[0]).toEqual([...ORDER_EXPORT_COLUMNS]);
    expect(rows).toHaveLength(2);
    const line = Object.fromEntries(ORDER_EXPORT_COLUMNS.map((c, i) => [c, rows[1]?.[i]]));
    expect(line).toMatchObject({
      Order: String(order.number),
      Email: 'csv@example.com',
      Currency: 'USD',
      'Lineitem Quantity': '2',
    });
    expect(line.Total).toMatch(/^\d+\.\d{2}$/);
    expect(Number(line.Total?.replace('.', ''))).toBeGreaterThan(0);
    expect(line.Subtotal).toBe(
      toDecimal(2 * Number(line['Lineitem Price']?.replace('.', '')), 'USD'),
    );

    // A range that ends before the order leaves only the header.
    expect(await exported({ from: null, to: new Date(Date.now() - hour) })).toHaveLength(1);
  });
});
