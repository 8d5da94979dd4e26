import { randomUUID } from 'node:crypto';
import { startCheckout, systemClock, type StaffMember } from '@shop/core';
import { captureLogger } from '@shop/logger/testing';
import { definePlugin, pluginHost } from '@shop/plugins';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  openShop,
  paidByProvider,
  readyCart,
  variantWithStock,
  type TestShop,
} from '../../core/test/shop';
import { apiShop } from '../test/shop';
import { createAdminCaller, createAdminContext } from './index';

let shop: TestShop;
const owner: StaffMember = { id: 'risk-owner', email: 'owner@risk.test', name: 'O', role: 'owner' };
const clerk: StaffMember = {
  id: 'risk-clerk',
  email: 'clerk@risk.test',
  name: 'C',
  role: 'support',
};

const limits = definePlugin({
  name: 'limits',
  settings: z.strictObject({ max: z.number().int().min(1, 'max must be at least 1').default(10) }),
});

beforeAll(async () => {
  shop = await openShop(3);
});
afterAll(async () => {
  await shop.close();
});

function as(staff: StaffMember, withPlugins = true) {
  const plugins = pluginHost([limits()], {
    db: shop.db,
    logger: captureLogger().logger,
    clock: systemClock,
  });
  return createAdminCaller(
    createAdminContext(apiShop(shop, withPlugins ? { plugins } : {}), {
      getStaff: () => Promise.resolve(staff),
    }),
  ).admin;
}

async function placeOrder(): Promise<number> {
  const variantId = await variantWithStock(shop.db, 50, 2);
  const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
  const started = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: randomUUID() },
    { payments: shop.payments },
  );
  const done = await paidByProvider(shop.db, started);
  if (done.status !== 'placed') throw new Error('the order was not placed');
  return done.order.number;
}

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  return null;
}

describe('admin.orders.hold / release', () => {
  it('holds and releases once however often staff click; the timeline names them', async () => {
    const number = await placeOrder();
    const api = as(owner);
    const held = await api.orders.hold({ number, reason: 'Address looks odd.' });
    expect(held).toMatchObject({ reason: 'Address looks odd.', releasedAt: null });
    expect(await api.orders.hold({ number })).toEqual(held);
    const released = await Promise.all([
      api.orders.release({ number }),
      api.orders.release({ number }),
    ]);
    expect(released[0]).toEqual(released[1]);
    expect(released[0]).toMatchObject({ releasedBy: 'owner@risk.test' });
    const order = await api.orders.get({ number });
    expect(order.isHeld).toBe(false);
    expect(order.risk.hold?.releasedAt).toBeInstanceOf(Date);
    expect(order.events.filter((e) => ['held', 'released'].includes(e.type))).toEqual([
      expect.objectContaining({
        type: 'held',
        message: 'Held for review by owner@risk.test: Address looks odd.',
      }),
      expect.objectContaining({ type: 'released', message: 'Released by owner@risk.test.' }),
    ]);
    const list = await api.orders.list({ query: `#${number}` });
    expect(list.items[0]).toMatchObject({ number, isHeld: false, isFlagged: false });
  });

  it('refuses releasing an order that is not held, roles without orders:write, unknown orders', async () => {
    const number = await placeOrder();
    expect(await failure(as(owner).orders.release({ number }))).toEqual({
      code: 'CONFLICT',
      message: `Order #${number} is not held.`,
    });
    expect((await failure(as(clerk).orders.hold({ number })))?.code).toBe('FORBIDDEN');
    expect(await failure(as(owner).orders.hold({ number: 999_999 }))).toEqual({
      code: 'NOT_FOUND',
      message: 'Order #999999 does not exist.',
    });
    expect((await as(owner).orders.get({ number })).risk).toEqual({ flags: [], hold: null });
  });

  it('refuses a hold reason with a NUL character (Postgres text has none) with a sentence', async () => {
    const number = await placeOrder();
    expect(await failure(as(owner).orders.hold({ number, reason: 'odd\u0000' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'A hold reason cannot contain a NUL character.',
    });
    expect((await as(owner).orders.get({ number })).risk.hold).toBeNull();
  });
});

describe('admin.plugins', () => {
  it('lists the plugins with their settings in force and saves valid ones', async () => {
    const api = as(owner);
    expect(await api.plugins.list()).toEqual([
      expect.objectContaining({ name: 'limits', settings: { max: 10 }, saved: null }),
    ]);
    const saved = await api.plugins.settings.update({ name: 'limits', settings: { max: 3 } });
    expect(saved).toMatchObject({ settings: { max: 3 }, saved: { max: 3 } });
  });

  it('answers 400 with the schema sentence, 404 for an unknown plugin, 403 without settings:write', async () => {
    const api = as(owner);
    expect(
      await failure(api.plugins.settings.update({ name: 'limits', settings: { max: 0 } })),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: 'The settings of "limits" are not valid: max: max must be at least 1.',
    });
    expect((await api.plugins.list())[0]?.settings).toEqual({ max: 3 });
    expect(await failure(api.plugins.settings.update({ name: 'nope', settings: {} }))).toEqual({
      code: 'NOT_FOUND',
      message: 'There is no plugin named "nope".',
    });
    expect(
      (await failure(api.plugins.settings.update({ name: 'Bad Name', settings: {} })))?.code,
    ).toBe('BAD_REQUEST');
    expect((await failure(as(clerk).plugins.list()))?.code).toBe('FORBIDDEN');
    expect(await as(owner, false).plugins.list()).toEqual([]);
  });
});
