import { sql } from 'drizzle-orm';
import { getOrderForAdmin, listDomainEvents } from '@shop/core';
import { ConfigError } from '@shop/env';
import { queryRows } from '@shop/db/query';
import { createTestProvider } from '@shop/payments';
import { defineConfig } from '@shop/plugins';
import {
  checkoutTestCart,
  openTestShop,
  readyTestCart,
  type TestShop,
} from '@shop/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riskRules } from './index';

const GB_CARD = '4000 0082 6000 0000';

/** Runs the plugin's order.placed handler for this order, as the worker's plugin-event job does. */
async function judge(shop: TestShop, orderId: number) {
  const events = await listDomainEvents(shop.db, { type: 'order.placed' });
  const event = events.find((e) => e.payload.orderId === orderId);
  if (!event) throw new Error(`no order.placed for order ${orderId}`);
  await shop.plugins.handleEvent('risk-rules', event);
  return getOrderForAdmin(shop.db, { number: event.payload.number });
}

async function order(
  shop: TestShop,
  email: string,
  options: { cardNumber?: string; clientKey?: string; quantity?: number } = {},
) {
  const cartId = await readyTestCart(shop, {
    email,
    ...(options.quantity ? { quantity: options.quantity } : {}),
  });
  return checkoutTestCart(shop, cartId, options);
}

const codes = (o: Awaited<ReturnType<typeof judge>>) => o.risk.flags.map((f) => f.code);

describe('risk rules', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop({
      prefix: 'risk',
      products: 3,
      plugins: [
        riskRules({
          cardVelocity: { count: 3 },
          clientVelocity: { count: 3 },
          amount: { minOrders: 4, multiple: 3 },
        }),
      ],
    });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('email velocity: the 5th order from one email within 10 minutes is flagged and held, the 4th is not', async () => {
    const placed = [];
    // Distinct cards per order would need distinct test cards; card velocity is off here.
    await shop.plugins.updateSettings('risk-rules', { cardVelocity: { enabled: false } });
    for (let i = 0; i < 5; i++)
      placed.push(await order(shop, i % 2 ? 'Ann@Example.com' : 'ann@example.com'));
    const fourth = await judge(shop, placed[3]?.orderId ?? 0);
    expect(codes(fourth)).toEqual([]);
    expect(fourth.isHeld).toBe(false);
    const fifth = await judge(shop, placed[4]?.orderId ?? 0);
    expect(fifth.risk.flags.map((f) => f.reason)).toEqual([
      '5 orders from ann@example.com in 10 minutes (limit 5).',
    ]);
    expect(fifth.isHeld).toBe(true);
    expect(fifth.risk.hold?.reason).toBe('5 orders from ann@example.com in 10 minutes (limit 5).');
    // A replayed event (at-least-once delivery) adds nothing.
    const again = await judge(shop, placed[4]?.orderId ?? 0);
    expect(again.risk.flags).toHaveLength(1);
    expect(again.events.filter((e) => e.type === 'flagged')).toHaveLength(1);
    // Outside the window they no longer count: move the earlier orders 11 minutes back.
    await shop.db.execute(sql`
      update orders set created_at = created_at - interval '11 minutes'
       where id = any(${`{${placed
         .slice(0, 4)
         .map((p) => p.orderId)
         .join(',')}}`}::bigint[])`);
    const later = await order(shop, 'ann@example.com');
    expect(codes(await judge(shop, later.orderId))).toEqual([]);
  });

  it('card velocity by fingerprint and a card country other than the shipping country', async () => {
    await shop.plugins.updateSettings('risk-rules', { cardVelocity: { enabled: true } });
    const a = await order(shop, 'c1@example.com', { cardNumber: GB_CARD });
    const first = await judge(shop, a.orderId);
    expect(first.risk.flags.map((f) => f.reason)).toEqual([
      'The card was issued in GB but the order ships to US.',
    ]);
    await order(shop, 'c2@example.com', { cardNumber: GB_CARD });
    const c = await order(shop, 'c3@example.com', { cardNumber: GB_CARD });
    const third = await judge(shop, c.orderId);
    expect(codes(third)).toEqual(['card_velocity', 'country_mismatch']);
    expect(third.risk.flags[0]?.reason).toBe(
      '3 orders with the card ending 0000 in 60 minutes (limit 3).',
    );
  });

  it('client velocity by the checkout client key', async () => {
    await shop.plugins.updateSettings('risk-rules', { cardVelocity: { enabled: false } });
    const placed = [];
    for (const n of [1, 2, 3])
      placed.push(await order(shop, `k${n}@example.com`, { clientKey: 'client-a' }));
    expect(codes(await judge(shop, placed[1]?.orderId ?? 0))).toEqual([]);
    const third = await judge(shop, placed[2]?.orderId ?? 0);
    expect(third.risk.flags.map((f) => f.reason)).toEqual([
      '3 orders from one client address in 10 minutes (limit 3).',
    ]);
  });

  it('an amount far above the average of the same currency', async () => {
    const big = await order(shop, 'big@example.com', { quantity: 10 });
    const judged = await judge(shop, big.orderId);
    expect(codes(judged)).toEqual(['amount']);
    expect(judged.risk.flags[0]?.reason).toMatch(
      /^The total, \$[\d,.]+, is more than 3× the average order of the last 30 days \(\$[\d,.]+ over \d+ orders\)\.$/,
    );
    const normal = await order(shop, 'small@example.com');
    expect(codes(await judge(shop, normal.orderId))).toEqual([]);
  });

  it('settings: holdOnFlag off flags without holding; a rule can be turned off', async () => {
    await shop.plugins.updateSettings('risk-rules', {
      holdOnFlag: false,
      amount: { enabled: false },
    });
    const a = await order(shop, 'gb@example.com', { cardNumber: GB_CARD, quantity: 10 });
    const judged = await judge(shop, a.orderId);
    expect(codes(judged)).toEqual(['country_mismatch']);
    expect(judged.risk.hold).toBeNull();
  });

  it('refuses settings its schema does not accept, with the sentence, and saves nothing', async () => {
    const before = (await shop.plugins.list())[0]?.saved;
    await expect(
      shop.plugins.updateSettings('risk-rules', { emailVelocity: { count: 1 } }),
    ).rejects.toThrow(
      'The settings of "risk-rules" are not valid: emailVelocity.count: Too small: expected number to be >=2.',
    );
    await expect(shop.plugins.updateSettings('risk-rules', { emailVelocty: {} })).rejects.toThrow(
      /Unrecognized key: "emailVelocty"/,
    );
    expect((await shop.plugins.list())[0]?.saved).toEqual(before);
  });
});

describe('settings saved at once', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop({ prefix: 'risk_settings', products: 0, plugins: [riskRules()] });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('two staff members saving different thresholds at once both keep theirs', async () => {
    await Promise.all([
      shop.plugins.updateSettings('risk-rules', { emailVelocity: { count: 6 } }),
      shop.plugins.updateSettings('risk-rules', { cardVelocity: { count: 4 } }),
      shop.plugins.updateSettings('risk-rules', { clientVelocity: { windowMinutes: 20 } }),
      shop.plugins.updateSettings('risk-rules', { amount: { days: 7 } }),
      shop.plugins.updateSettings('risk-rules', { holdOnFlag: false }),
    ]);
    const [risk] = await shop.plugins.list();
    expect(risk?.saved).toEqual({
      emailVelocity: { count: 6 },
      cardVelocity: { count: 4 },
      clientVelocity: { windowMinutes: 20 },
      amount: { days: 7 },
      holdOnFlag: false,
    });
    expect(risk?.settings).toMatchObject({
      emailVelocity: { enabled: true, count: 6, windowMinutes: 10 },
      amount: { multiple: 5, minOrders: 20, days: 7 },
    });
  });
});

describe('risk rules in the config', () => {
  it('bad overrides fail at start with one sentence', () => {
    expect(() => defineConfig({ plugins: [riskRules({ amount: { multiple: 0 } })] })).toThrow(
      new ConfigError(
        'The settings of plugin "risk-rules" are not valid: amount.multiple: Too small: expected number to be >=1.5.',
      ),
    );
  });
});

describe('a payment whose success came without the card (a Stripe webhook)', () => {
  let shop: TestShop;
  const asked: string[] = [];
  beforeAll(async () => {
    const base = createTestProvider();
    shop = await openTestShop({
      prefix: 'risk_card',
      products: 2,
      payments: {
        ...base,
        getCard: async (providerRef) => {
          asked.push(providerRef);
          return { fingerprint: 'stripefp', country: 'FR', brand: 'visa', last4: '3184' };
        },
      },
      plugins: [riskRules()],
    });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('asks the provider for the card, keeps it on the payment and judges with it', async () => {
    const placed = await order(shop, 'fr@example.com');
    await shop.db.execute(sql`
      update payments set card_fingerprint = null, card_country = null, card_brand = null, card_last4 = null
       where order_id = ${placed.orderId}`);
    const judged = await judge(shop, placed.orderId);
    expect(asked).toHaveLength(1);
    expect(judged.risk.flags.map((f) => f.reason)).toEqual([
      'The card was issued in FR but the order ships to US.',
    ]);
    const [payment] = await queryRows<{ card_fingerprint: string; card_last4: string }>(
      shop.db,
      sql`select card_fingerprint, card_last4 from payments where order_id = ${placed.orderId}`,
    );
    expect(payment).toEqual({ card_fingerprint: 'stripefp', card_last4: '3184' });
    // Judged again (a redelivered event): the stored card is used, the provider is not asked.
    await judge(shop, placed.orderId);
    expect(asked).toHaveLength(1);
  });
});
