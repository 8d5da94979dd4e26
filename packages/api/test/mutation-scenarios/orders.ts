import { randomUUID } from 'node:crypto';
import { startCheckout } from '@shop/core';
import { paidByProvider, readyCart, variantWithStock } from '../../../core/test/shop';
import { keep, recall, stateKey } from './state';
import type { MutationStep, ScenarioContext } from './types';

/** The order the review, fulfilment and refund steps work on; the cancel step places its own. */
const ORDER = stateKey<number>('orders.number');

/** A real order: a cart of two units, checked out and paid with the test card provider. */
async function placeOrder(ctx: ScenarioContext, variantOffset: number): Promise<number> {
  const variantId = await variantWithStock(ctx.shop.db, 50, variantOffset);
  const cartId = await readyCart(ctx.shop.db, {
    lines: [{ variantId, quantity: 2 }],
    email: 'audit.scenario@example.com',
  });
  const started = await startCheckout(
    ctx.db,
    { cartId, customerId: null, attemptKey: randomUUID() },
    { payments: ctx.shop.payments },
  );
  const done = await paidByProvider(ctx.shop.db, started);
  if (done.status !== 'placed') throw new Error(`the order was not placed (${done.status})`);
  return done.order.number;
}

const number = (ctx: ScenarioContext) => recall(ctx, ORDER);

/** `admin.orders.*`, on orders placed through the checkout. */
export const steps: MutationStep[] = [
  {
    path: 'admin.orders.note',
    run: async (ctx) =>
      ctx.admin.orders.note({
        number: keep(ctx, ORDER, await placeOrder(ctx, 0)),
        note: 'Customer asked for gift wrap.',
        idempotencyKey: 'audit-scenario-note',
      }),
  },
  {
    path: 'admin.orders.hold',
    run: (ctx) => ctx.admin.orders.hold({ number: number(ctx), reason: 'Check the address.' }),
  },
  {
    path: 'admin.orders.release',
    run: (ctx) => ctx.admin.orders.release({ number: number(ctx) }),
  },
  {
    path: 'admin.orders.fulfil',
    run: (ctx) =>
      ctx.admin.orders.fulfil({
        number: number(ctx),
        lines: 'all',
        carrier: 'UPS',
        trackingNumber: '1Z999AA10123456784',
        idempotencyKey: 'audit-scenario-fulfil',
      }),
  },
  {
    path: 'admin.orders.refund',
    run: (ctx) =>
      ctx.admin.orders.refund({ number: number(ctx), reason: 'Arrived scratched.', amount: 100 }),
  },
  {
    path: 'admin.orders.cancel',
    run: async (ctx) =>
      ctx.admin.orders.cancel({
        number: await placeOrder(ctx, 1),
        reason: 'Customer changed their mind.',
      }),
  },
];
