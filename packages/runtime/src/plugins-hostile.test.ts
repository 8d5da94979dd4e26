import { definePlugin, type Plugin } from '@shop/plugins';
import { captureLogger } from '@shop/logger/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutTestCart, openTestShop, readyTestCart, type TestShop } from './testing';

// Hostile plugins: what a careless or buggy hook does to the attempt it is shown.

const seen: { email: string; quantity: number }[] = [];

/** Rewrites the attempt it is shown (as a hook "normalising" the email or the lines would). */
const mutating = definePlugin({
  name: 'mutator',
  checkout(attempt) {
    attempt.email = 'someone-else@example.com';
    const [line] = attempt.lines;
    if (line) line.quantity = 999;
    attempt.totals.total = 0;
  },
});

/** Records what it was shown, after the other hook had its turn. */
const observing = definePlugin({
  name: 'observer',
  async checkout(attempt) {
    await Promise.resolve();
    seen.push({ email: attempt.email, quantity: attempt.lines[0]?.quantity ?? 0 });
  },
});

describe('a checkout hook that mutates the attempt', () => {
  let shop: TestShop;
  beforeAll(async () => {
    const plugins: Plugin[] = [mutating(), observing()];
    shop = await openTestShop({
      prefix: 'plugins_hostile',
      products: 2,
      plugins,
      logger: captureLogger({ name: 'plugins-hostile' }).logger,
    });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('changes neither what the other hooks see nor the cart bought, and does not block checkout', async () => {
    const cartId = await readyTestCart(shop, { email: 'ann@example.com', quantity: 2 });
    const placed = await checkoutTestCart(shop, cartId);
    expect(placed.email).toBe('ann@example.com');
    expect(seen).toEqual([{ email: 'ann@example.com', quantity: 2 }]);
  });
});
