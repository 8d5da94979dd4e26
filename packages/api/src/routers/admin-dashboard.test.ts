import { randomUUID } from 'node:crypto';
import { startCheckout, type StaffMember } from '@shop/core';
import { firstRow } from '@shop/db/query';
import { utcDay } from '@shop/validators';
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
const owner: StaffMember = { id: 'd-own', email: 'owner@d.test', name: 'O', role: 'owner' };
const manager: StaffMember = { id: 'd-man', email: 'manager@d.test', name: 'M', role: 'manager' };
const support: StaffMember = { id: 'd-sup', email: 'support@d.test', name: 'S', role: 'support' };
/** The clock the router hands the core: noon UTC today, so "today" is the orders' day. */
const now = new Date(`${utcDay(new Date())}T12:00:00Z`);

beforeAll(async () => {
  shop = await openShop(3);
});
afterAll(async () => {
  await shop.close();
});

const as = (staff: StaffMember) =>
  createAdminCaller(
    createAdminContext(
      { ...apiShop(shop), clock: { now: () => now } },
      { getStaff: () => Promise.resolve(staff) },
    ),
  ).admin;

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

async function placeOrder(): Promise<{ number: number; total: number }> {
  const variantId = await variantWithStock(shop.db, 10, 0);
  const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 2 }] });
  const started = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: randomUUID() },
    { payments: shop.payments },
  );
  const done = await paidByProvider(shop.db, started);
  if (done.status !== 'placed') throw new Error('not placed');
  return { number: done.order.number, total: started.totals.total };
}

const auditRows = async () =>
  Number(
    (await firstRow<{ n: number }>(shop.db, sql`select count(*)::int as n from audit_log`))?.n,
  );

describe('admin.dashboard.summary', () => {
  it("answers owners and managers with today's order among the last 30 days, writing nothing", async () => {
    const order = await placeOrder();
    const before = await auditRows();
    const summary = await as(manager).dashboard.summary({});
    expect(summary.range).toEqual({
      from: utcDay(now, -29),
      to: utcDay(now),
      days: 30,
      timeZone: 'UTC',
    });
    const usd = summary.currencies.find((c) => c.currencyCode === 'USD');
    expect(usd).toMatchObject({
      orders: 1,
      grossSales: order.total,
      netSales: order.total,
      averageOrderValue: order.total,
    });
    expect(usd?.days.at(-1)).toEqual({
      date: utcDay(now),
      orders: 1,
      grossSales: order.total,
      netSales: order.total,
    });
    expect(usd?.topProducts.byUnits).toEqual([expect.objectContaining({ units: 2 })]);
    expect(summary.queue.checkedAt).toBeInstanceOf(Date);
    expect((await as(owner).dashboard.summary({ from: utcDay(now, -6) })).range.days).toBe(7);
    expect(await auditRows()).toBe(before);
  });

  it('is for reports:read: support and a token without the scope are refused', async () => {
    expect(await failure(as(support).dashboard.summary({}))).toEqual({
      code: 'FORBIDDEN',
      message: 'Your role does not allow reports:read.',
    });
    const token: StaffMember = { ...owner, token: { id: 7, scopes: ['orders:read'] } };
    expect(await failure(as(token).dashboard.summary({}))).toEqual({
      code: 'FORBIDDEN',
      message: 'This API token does not have the reports:read scope.',
    });
    const scoped: StaffMember = { ...owner, token: { id: 8, scopes: ['reports:read'] } };
    expect((await as(scoped).dashboard.summary({})).range.days).toBe(30);
  });

  it.each([
    [{ from: '2026-02-30' }, 'From must be a date as YYYY-MM-DD'],
    [{ to: 'yesterday' }, 'To must be a date as YYYY-MM-DD'],
    [{ from: '2026-03-02', to: '2026-03-01' }, 'The range ends (2026-03-01) before it starts'],
    [{ from: '2025-01-01', to: '2026-01-02' }, 'The range covers 367 days; the dashboard shows at'],
    // Only one end given: the default of the other makes the range too long.
    [{ from: utcDay(now, -400) }, 'The range covers 401 days'],
  ])('refuses %o with a sentence', async (input, sentence) => {
    const refused = await failure(as(owner).dashboard.summary(input));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(sentence);
  });
});
