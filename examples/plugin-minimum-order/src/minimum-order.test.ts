import { CommerceError, listDomainEvents } from '@shop/core';
import { captureLogger } from '@shop/logger/testing';
import {
  checkoutTestCart,
  openTestShop,
  readyTestCart,
  type TestShop,
} from '@shop/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimumOrder } from './index';

describe('the minimum-order example plugin', () => {
  let shop: TestShop;
  const log = captureLogger();
  beforeAll(async () => {
    // A minimum of $100,000.00: every seeded product is cheaper than that, one at a time.
    shop = await openTestShop({
      prefix: 'example_plugin',
      products: 2,
      logger: log.logger,
      plugins: [minimumOrder({ minimums: { USD: 10_000_000 } })],
    });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('refuses a cart below the minimum with its sentence', async () => {
    const cartId = await readyTestCart(shop, { email: 'ann@example.com' });
    const refused = await checkoutTestCart(shop, cartId).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(CommerceError);
    expect(refused).toMatchObject({
      code: 'CHECKOUT_REFUSED',
      message: 'Orders start at $100,000.00; add a little more to your cart.',
    });
  });

  it('lets a cart at the minimum through, and its order.placed handler logs the order', async () => {
    await shop.plugins.updateSettings('minimum-order', { minimums: { USD: 100 } });
    const cartId = await readyTestCart(shop, { email: 'bob@example.com' });
    const order = await checkoutTestCart(shop, cartId);
    const [placed] = await listDomainEvents(shop.db, { type: 'order.placed' });
    expect(placed?.payload.orderId).toBe(order.orderId);
    if (!placed) return;
    await shop.plugins.handleEvent('minimum-order', placed);
    const line = log.lines.find((l) => l.plugin === 'minimum-order');
    expect(line?.msg).toMatch(new RegExp(`^order #${order.number} placed: \\$[\\d,.]+$`));
  });
});
