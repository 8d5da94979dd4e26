import { getOrderForAdmin } from '@shop/core';
import { definePlugin, type Plugin } from '@shop/plugins';
import { z } from 'zod';
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

/** Answers flags whose `data` cannot be stored as JSON (a BigInt, a cycle) or is huge. */
const unstorable = definePlugin({
  name: 'unstorable',
  checkout(attempt) {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const data: Record<string, Record<string, unknown>> = {
      'bigint@example.com': { amount: 10n },
      'cycle@example.com': cycle,
      'huge@example.com': { blob: 'x'.repeat(1_000_000) },
    };
    const found = data[attempt.email];
    if (found) return { flags: [{ code: 'odd', reason: 'Odd data.', data: found }] };
  },
});

/** A verdict of the wrong shape: a veto that is not text, a 1 MB reason, 10,000 flags. */
const malformed = definePlugin({
  name: 'malformed',
  checkout(attempt): never {
    const answers: Record<string, unknown> = {
      'veto@example.com': { veto: 42 },
      'nul@example.com': { flags: [{ code: 'nul', reason: 'a\u0000b', data: { k: '\u0000' } }] },
      'reason@example.com': { flags: [{ code: 'big', reason: 'r'.repeat(1_000_000) }] },
      'many@example.com': {
        flags: Array.from({ length: 10_000 }, (_, i) => ({ code: `f${i}`, reason: 'Many.' })),
      },
    };
    return answers[attempt.email] as never;
  },
});

describe('a checkout hook whose verdict cannot be stored or is malformed', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop({
      prefix: 'plugins_verdicts',
      products: 2,
      plugins: [unstorable(), malformed()],
      logger: captureLogger({ name: 'plugins-verdicts' }).logger,
    });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it.each([
    ['bigint@example.com', 'unstorable'],
    ['cycle@example.com', 'unstorable'],
    ['huge@example.com', 'unstorable'],
    ['veto@example.com', 'malformed'],
    ['nul@example.com', 'malformed'],
    ['reason@example.com', 'malformed'],
    ['many@example.com', 'malformed'],
  ])(
    "%s: the checkout goes through under the plugin's rule, flagged as failed",
    async (email, source) => {
      const cartId = await readyTestCart(shop, { email });
      const placed = await checkoutTestCart(shop, cartId);
      const order = await getOrderForAdmin(shop.db, { number: placed.number });
      expect(order.risk.flags.map((f) => `${f.source}:${f.code}`)).toEqual([
        `${source}:plugin_failed`,
      ]);
    },
  );
});

const labelled = definePlugin({
  name: 'labelled',
  settings: z.strictObject({ label: z.string().max(100).default('risk') }),
});

describe('plugin settings with a NUL character (which jsonb refuses)', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop({ prefix: 'plugins_nul', products: 0, plugins: [labelled()] });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('are refused with a sentence and nothing is saved', async () => {
    for (const settings of [{ label: 'a\u0000b' }, { ['\u0000']: 1 }]) {
      await expect(shop.plugins.updateSettings('labelled', settings)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: 'The settings of "labelled" cannot contain a NUL character.',
      });
    }
    expect((await shop.plugins.list())[0]?.saved).toBeNull();
  });
});
