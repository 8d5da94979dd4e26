import { sql } from 'drizzle-orm';
import { CommerceError, getOrderForAdmin, updateCartDetails } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { ConfigError } from '@shop/env';
import { LEVEL, captureLogger } from '@shop/logger/testing';
import { COULD_NOT_CHECK, defineConfig, definePlugin, type Plugin } from '@shop/plugins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { shopEnvOn } from './env';
import { createShop } from './shop';
import { checkoutTestCart, openTestShop, readyTestCart, type TestShop } from './testing';

const throwing = definePlugin({
  name: 'throws',
  checkout() {
    throw new Error('the fraud service is down');
  },
});
const hanging = definePlugin({
  name: 'hangs',
  timeoutMs: 50,
  onError: 'hold',
  checkout: () => new Promise<never>(() => undefined),
});
const refusing = definePlugin({
  name: 'strict',
  onError: 'refuse',
  checkout() {
    throw new Error('no answer');
  },
});
const flagging = definePlugin({
  name: 'flagger',
  settings: z.strictObject({ limit: z.number().int().positive().default(100) }),
  checkout(attempt, ctx) {
    if (attempt.totals.total > ctx.settings.limit) {
      return {
        flags: [{ code: 'big', reason: `A total above ${ctx.settings.limit}.` }],
        hold: true,
      };
    }
  },
});
const vetoing = definePlugin({
  name: 'no-bulk',
  checkout: (attempt) =>
    attempt.lines.some((l) => l.quantity > 2)
      ? { veto: 'At most 2 of one item, please.' }
      : undefined,
});

/** Edits the cart while it is being reviewed: the shopper's other tab, at the worst moment. */
const editing = definePlugin({
  name: 'editor',
  async checkout(attempt, ctx) {
    if (attempt.email !== 'race@example.com') return;
    await updateCartDetails(ctx.db, {
      cartId: attempt.cartId,
      customerId: null,
      email: 'changed@example.com',
    });
  },
});

async function openWith(plugins: Plugin[]) {
  const capture = captureLogger({ name: 'plugins-test' });
  const shop = await openTestShop({
    prefix: 'plugins',
    products: 3,
    plugins,
    logger: capture.logger,
  });
  return { shop, lines: capture.lines };
}

async function counts(shop: TestShop, cartId: string) {
  const rows = await queryRows<{ checkouts: number; reserved: number }>(
    shop.db,
    sql`select (select count(*)::int from checkouts where cart_id = ${cartId}) as checkouts,
               (select coalesce(sum(reserved), 0)::int from inventory_levels) as reserved`,
  );
  return rows[0];
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof CommerceError) return { code: err.code, message: err.message };
    throw err;
  }
  return null;
}

describe('checkout hooks', () => {
  let shop: TestShop;
  let lines: Awaited<ReturnType<typeof openWith>>['lines'];
  beforeAll(async () => {
    ({ shop, lines } = await openWith([throwing(), hanging(), flagging(), vetoing(), editing()]));
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('a veto refuses with the plugin sentence and writes nothing', async () => {
    const cartId = await readyTestCart(shop, { email: 'bulk@example.com', quantity: 3 });
    const before = await counts(shop, cartId);
    expect(await refusal(checkoutTestCart(shop, cartId))).toEqual({
      code: 'CHECKOUT_REFUSED',
      message: 'At most 2 of one item, please.',
    });
    expect(await counts(shop, cartId)).toEqual(before);
    expect(before?.checkouts).toBe(0);
  });

  it('a cart changed while the hooks reviewed it is not checked out on their verdict', async () => {
    const cartId = await readyTestCart(shop, { email: 'race@example.com' });
    expect(await refusal(checkoutTestCart(shop, cartId))).toEqual({
      code: 'CONFLICT',
      message: 'Your cart changed while the checkout was starting; please try again.',
    });
    expect((await counts(shop, cartId))?.checkouts).toBe(0);
    // Tried again, the hooks see the cart as it is now, and it goes through.
    await expect(checkoutTestCart(shop, cartId)).resolves.toMatchObject({
      email: 'changed@example.com',
    });
  });

  it('a hook that throws or hangs does not fail checkout: flagged, held by its rule, logged', async () => {
    const cartId = await readyTestCart(shop, { email: 'ann@example.com' });
    const placed = await checkoutTestCart(shop, cartId);
    const order = await getOrderForAdmin(shop.db, { number: placed.number });
    const codes = order.risk.flags.map((f) => `${f.source}:${f.code}`).sort();
    expect(codes).toEqual(['flagger:big', 'hangs:plugin_failed', 'throws:plugin_failed']);
    expect(order.risk.flags.find((f) => f.source === 'hangs')?.reason).toBe(
      'The hangs plugin could not check this order (it timed out).',
    );
    // `hangs` says hold (and so does `flagger`): held, with the first holding plugin's reason.
    expect(order.isHeld).toBe(true);
    expect(order.risk.hold?.reason).toBe(
      'The hangs plugin could not check this order (it timed out).',
    );
    expect(order.events.map((e) => e.type)).toEqual(['placed', 'paid', 'flagged', 'held']);
    const errors = lines.filter((l) => l.level === LEVEL.error).map((l) => [l.plugin, l.msg]);
    expect(errors).toContainEqual([
      'throws',
      'plugin "throws" checkout hook failed; applying its onError rule "proceed"',
    ]);
    expect(errors).toContainEqual([
      'hangs',
      'plugin "hangs" checkout hook timed out after 50 ms; applying its onError rule "hold"',
    ]);
    const logged = lines.find((l) => l.plugin === 'throws');
    expect(JSON.stringify(logged?.err)).toContain('the fraud service is down');
  });

  it('settings: defaults, the config overrides, staff saved ones; bad ones refused with a sentence', async () => {
    const list = await shop.plugins.list();
    expect(list.find((p) => p.name === 'flagger')?.settings).toEqual({ limit: 100 });
    await expect(shop.plugins.updateSettings('flagger', { limit: -1 })).rejects.toThrow(
      'The settings of "flagger" are not valid: limit: Too small: expected number to be >0.',
    );
    await expect(shop.plugins.updateSettings('flagger', { limt: 5 })).rejects.toThrow(
      /not valid: Unrecognized key: "limt"/,
    );
    await expect(shop.plugins.updateSettings('nope', {})).rejects.toThrow(
      'There is no plugin named "nope".',
    );
    expect((await shop.plugins.list()).find((p) => p.name === 'flagger')?.saved).toBeNull();
    const saved = await shop.plugins.updateSettings('flagger', { limit: 10_000_000 });
    expect(saved.settings).toEqual({ limit: 10_000_000 });
    // Applied at once: the next order is not above the saved limit.
    const cartId = await readyTestCart(shop, { email: 'bob@example.com' });
    const placed = await checkoutTestCart(shop, cartId);
    const order = await getOrderForAdmin(shop.db, { number: placed.number });
    expect(order.risk.flags.map((f) => f.source)).not.toContain('flagger');
  });
});

describe("a plugin whose rule is 'refuse'", () => {
  let shop: TestShop;
  beforeAll(async () => {
    ({ shop } = await openWith([refusing(), flagging({ limit: 1 })]));
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('refuses the checkout with the documented sentence when it fails', async () => {
    const cartId = await readyTestCart(shop, { email: 'cy@example.com' });
    expect(await refusal(checkoutTestCart(shop, cartId))).toEqual({
      code: 'CHECKOUT_REFUSED',
      message: COULD_NOT_CHECK,
    });
    expect((await counts(shop, cartId))?.checkouts).toBe(0);
  });

  it('the config overrides apply over the defaults', async () => {
    expect((await shop.plugins.list()).find((p) => p.name === 'flagger')?.settings).toEqual({
      limit: 1,
    });
  });
});

describe('the plugin list is checked at start', () => {
  const env = shopEnvOn('postgres://nobody@127.0.0.1:1/none');

  it('two plugins with one name fail with one sentence', () => {
    const sentence = 'Two plugins are named "throws"; give each plugin its own name.';
    expect(() => defineConfig({ plugins: [throwing(), throwing()] })).toThrow(sentence);
    expect(() => createShop(env, { plugins: [throwing(), hanging(), throwing()] })).toThrow(
      new ConfigError(sentence),
    );
  });

  it('an invalid name, rule or settings fail with one sentence', () => {
    const bad = definePlugin({ name: 'Risk Rules' });
    expect(() => defineConfig({ plugins: [bad()] })).toThrow(
      'The plugin name "Risk Rules" is not valid; use 2 to 50 lower-case letters, digits and dashes, e.g. "risk-rules".',
    );
    expect(() => defineConfig({ plugins: [flagging({ limit: 0 })] })).toThrow(
      'The settings of plugin "flagger" are not valid: limit: Too small: expected number to be >0.',
    );
    const rule = definePlugin({ name: 'odd', onError: 'ignore' as 'proceed' });
    expect(() => createShop(env, { plugins: [rule()] })).toThrow(ConfigError);
  });
});
