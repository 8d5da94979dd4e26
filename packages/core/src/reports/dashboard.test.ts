import { sql } from 'drizzle-orm';
import { enqueueJob } from '@shop/db/jobs';
import { firstRow, queryRows } from '@shop/db/query';
import { utcDay } from '@shop/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, createCart, updateCartDetails } from '../cart/cart';
import { startCheckout } from '../checkout/checkout';
import { payCheckout } from '../checkout/complete';
import { requestRefund } from '../orders/admin';
import { flagOrder, holdOrder, releaseOrder } from '../orders/flags';
import { TEST_ADDRESS } from '../testing';
import { GOOD_CARD, openShop, readyCart, runPaymentJobs, type TestShop } from '../../test/shop';
import {
  averageOrderValue,
  jobQueueHealth,
  loadDashboard,
  resolveDashboardRange,
} from './dashboard';

let shop: TestShop;
const now = new Date();
/** An instant `offset` UTC days from today at `time` (`HH:MM:SS.mmm`). */
const at = (offset: number, time: string) => new Date(`${utcDay(now, offset)}T${time}Z`);

beforeAll(async () => {
  shop = await openShop(8);
});
afterAll(async () => {
  await shop.close();
});

/** The first variant of the n-th active product priced in USD and EUR, with 20 units on hand. */
async function variantOfProduct(n: number): Promise<{ variantId: number; productId: number }> {
  const row = await firstRow<{ id: number; product_id: number }>(
    shop.db,
    sql`
    select v.id, v.product_id from products p
      join lateral (select v.id, v.product_id from product_variants v
                     where v.product_id = p.id and not v.archived and v.manage_inventory
                       and exists (select 1 from product_prices pp where pp.variant_id = v.id and pp.currency_code = 'USD')
                       and exists (select 1 from product_prices pp where pp.variant_id = v.id and pp.currency_code = 'EUR')
                     order by v.id limit 1) v on true
     where p.status = 'active'
     order by p.id offset ${n} limit 1`,
  );
  if (!row) throw new Error(`no product at offset ${n}`);
  const variantId = Number(row.id);
  await shop.db.execute(
    sql`update inventory_levels set on_hand = 20, reserved = 0 where variant_id = ${variantId}`,
  );
  return { variantId, productId: Number(row.product_id) };
}

/** A paid order of `quantity` units, placed at `createdAt` with the totals given. */
async function placeOrder(params: {
  variantId: number;
  quantity: number;
  region?: 'us' | 'eu';
  createdAt: Date;
  total: number;
  lineTotal: number;
}) {
  const cartId =
    params.region === 'eu'
      ? await euCart(params.variantId, params.quantity)
      : await readyCart(shop.db, {
          lines: [{ variantId: params.variantId, quantity: params.quantity }],
        });
  const started = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: 'dashboard' },
    { payments: shop.payments },
  );
  const placed = await payCheckout(
    shop.db,
    { checkoutId: started.checkoutId, cartId, cardNumber: GOOD_CARD },
    { payments: shop.payments },
  );
  // Round figures the expectations can state: the dashboard reads the stored totals as they are.
  await shop.db.execute(sql`
    update orders set created_at = ${params.createdAt.toISOString()}::timestamptz, total = ${params.total}
     where id = ${placed.orderId}`);
  await shop.db.execute(
    sql`update order_lines set total = ${params.lineTotal} where order_id = ${placed.orderId}`,
  );
  return placed;
}

async function euCart(variantId: number, quantity: number): Promise<string> {
  const cartId = await createCart(shop.db, { region: 'eu' });
  await addToCart(shop.db, { cartId, customerId: null, variantId, quantity });
  const option = await firstRow<{ id: number }>(
    shop.db,
    sql`select so.id from shipping_options so join regions r on r.id = so.region_id
         where r.code = 'eu' order by so.position limit 1`,
  );
  await updateCartDetails(shop.db, {
    cartId,
    customerId: null,
    email: 'shopper@example.de',
    shippingAddress: { ...TEST_ADDRESS, countryCode: 'DE', province: '' },
    shippingOptionId: Number(option?.id),
  });
  return cartId;
}

describe('the dashboard range', () => {
  it('defaults to the last 30 UTC days, today included, and refuses a reversed or long range', () => {
    const noon = new Date('2026-03-10T12:00:00Z');
    expect(resolveDashboardRange({}, noon)).toMatchObject({
      from: '2026-02-09',
      to: '2026-03-10',
      days: 30,
      start: new Date('2026-02-09T00:00:00Z'),
      end: new Date('2026-03-11T00:00:00Z'),
    });
    expect(resolveDashboardRange({ to: '2026-01-31' }, noon)).toMatchObject({
      from: '2026-01-02',
      days: 30,
    });
    expect(resolveDashboardRange({ from: '2025-03-10' }, noon).days).toBe(366);
    expect(() => resolveDashboardRange({ from: '2025-03-09' }, noon)).toThrow(
      'The range covers 367 days; the dashboard shows at most 366.',
    );
    expect(() => resolveDashboardRange({ from: '2026-03-11' }, noon)).toThrow(
      'The range ends (2026-03-10) before it starts (2026-03-11).',
    );
  });

  it('rounds the average order value half up to a minor unit', () => {
    expect(averageOrderValue(2001, 2)).toBe(1001);
    expect(averageOrderValue(2002, 3)).toBe(667);
    expect(averageOrderValue(2000, 3)).toBe(667);
    expect(averageOrderValue(1999, 3)).toBe(666);
    expect(averageOrderValue(0, 0)).toBeNull();
  });
});

describe('the dashboard figures', () => {
  const orders: Record<string, { orderId: number; number: number }> = {};
  const products: Record<string, { variantId: number; productId: number }> = {};

  beforeAll(async () => {
    products.tee = await variantOfProduct(0);
    products.mug = await variantOfProduct(1);
    products.cap = await variantOfProduct(2);
    // The last millisecond of the day before yesterday and the first of yesterday: two UTC days.
    orders.late = await placeOrder({
      variantId: products.tee.variantId,
      quantity: 2,
      createdAt: at(-2, '23:59:59.999'),
      total: 1000,
      lineTotal: 800,
    });
    orders.early = await placeOrder({
      variantId: products.mug.variantId,
      quantity: 1,
      createdAt: at(-1, '00:00:00.000'),
      total: 1001,
      lineTotal: 950,
    });
    // 30 days ago: the day before the default range starts.
    orders.old = await placeOrder({
      variantId: products.tee.variantId,
      quantity: 1,
      createdAt: at(-30, '12:00:00.000'),
      total: 5000,
      lineTotal: 5000,
    });
    orders.euro = await placeOrder({
      variantId: products.cap.variantId,
      quantity: 3,
      region: 'eu',
      createdAt: at(-1, '10:00:00.000'),
      total: 2500,
      lineTotal: 2200,
    });
    await requestRefund(shop.db, {
      number: orders.early.number,
      amount: 300,
      reason: 'Scratched',
      staffEmail: 'owner@example.com',
    });
    await runPaymentJobs(shop.db, shop.payments);
  });

  it('adds sales per currency and UTC day, gross and net of refunds, with the orders and average', async () => {
    const summary = await loadDashboard(shop.db, {}, { now });
    expect(summary.range).toEqual({
      from: utcDay(now, -29),
      to: utcDay(now),
      days: 30,
      timeZone: 'UTC',
    });
    expect(summary.currencies.map((c) => c.currencyCode)).toEqual(['EUR', 'USD']);
    const [eur, usd] = summary.currencies;
    expect(usd).toMatchObject({
      orders: 2,
      grossSales: 2001,
      refunds: 300,
      netSales: 1701,
      averageOrderValue: 1001,
    });
    expect(eur).toMatchObject({
      orders: 1,
      grossSales: 2500,
      refunds: 0,
      netSales: 2500,
      averageOrderValue: 2500,
    });
    expect(usd?.days).toHaveLength(30);
    expect(usd?.days[0]?.date).toBe(utcDay(now, -29));
    expect(usd?.days.filter((d) => d.orders > 0)).toEqual([
      { date: utcDay(now, -2), orders: 1, grossSales: 1000, netSales: 1000 },
      { date: utcDay(now, -1), orders: 1, grossSales: 1001, netSales: 701 },
    ]);
    expect(eur?.days.filter((d) => d.orders > 0)).toEqual([
      { date: utcDay(now, -1), orders: 1, grossSales: 2500, netSales: 2500 },
    ]);

    // A range of its own: the one day the old order was placed.
    const day = utcDay(now, -30);
    const old = await loadDashboard(shop.db, { from: day, to: day }, { now });
    expect(old.range.days).toBe(1);
    expect(old.currencies.find((c) => c.currencyCode === 'USD')).toMatchObject({
      orders: 1,
      grossSales: 5000,
      days: [{ date: day, orders: 1, grossSales: 5000, netSales: 5000 }],
    });
    // A currency a region sells in shows with zeros when it sold nothing.
    expect(old.currencies.find((c) => c.currencyCode === 'EUR')).toMatchObject({
      orders: 0,
      grossSales: 0,
      averageOrderValue: null,
      topProducts: { byUnits: [], byRevenue: [] },
    });
  });

  it('ranks top products per currency by units and by revenue, with their current titles', async () => {
    await shop.db.execute(
      sql`update products set title = 'Renamed tee' where id = ${products.tee?.productId}`,
    );
    const summary = await loadDashboard(shop.db, {}, { now });
    const usd = summary.currencies.find((c) => c.currencyCode === 'USD');
    const mugTitle = await firstRow<{ title: string }>(
      shop.db,
      sql`select title from products where id = ${products.mug?.productId}`,
    );
    const tee = {
      productId: products.tee?.productId,
      title: 'Renamed tee',
      units: 2,
      revenue: 800,
    };
    const mug = {
      productId: products.mug?.productId,
      title: mugTitle?.title,
      units: 1,
      revenue: 950,
    };
    expect(usd?.topProducts).toEqual({ byUnits: [tee, mug], byRevenue: [mug, tee] });
    const eur = summary.currencies.find((c) => c.currencyCode === 'EUR');
    expect(eur?.topProducts.byUnits).toEqual([
      expect.objectContaining({ productId: products.cap?.productId, units: 3, revenue: 2200 }),
    ]);
  });

  it('counts flagged orders of the range and held orders of any date, newest first', async () => {
    await flagOrder(shop.db, {
      orderId: orders.early?.orderId ?? 0,
      flags: [{ source: 'risk-rules', code: 'email', reason: 'Disposable email address.' }],
      hold: true,
    });
    await flagOrder(shop.db, {
      orderId: orders.euro?.orderId ?? 0,
      flags: [{ source: 'staff', code: 'manual', reason: 'Looks odd.' }],
    });
    // Held and released: no longer waiting. Held outside the range: still waiting.
    await holdOrder(shop.db, { number: orders.late?.number ?? 0, staffEmail: 'o@example.com' });
    await releaseOrder(shop.db, { number: orders.late?.number ?? 0, staffEmail: 'o@example.com' });
    await holdOrder(shop.db, {
      number: orders.old?.number ?? 0,
      staffEmail: 'o@example.com',
      reason: 'Call the customer',
    });

    const { risk } = await loadDashboard(shop.db, {}, { now });
    expect(risk.flaggedCount).toBe(2);
    expect(risk.heldCount).toBe(2);
    expect(risk.latest).toEqual([
      {
        number: orders.euro?.number,
        createdAt: at(-1, '10:00:00.000'),
        email: 'shopper@example.de',
        currencyCode: 'EUR',
        total: 2500,
        isFlagged: true,
        isHeld: false,
        reason: 'Looks odd.',
      },
      expect.objectContaining({
        number: orders.early?.number,
        isFlagged: true,
        isHeld: true,
        reason: 'Disposable email address.',
      }),
    ]);
    const older = await loadDashboard(
      shop.db,
      { from: utcDay(now, -30), to: utcDay(now, -30) },
      { now },
    );
    expect(older.risk).toMatchObject({
      flaggedCount: 0,
      heldCount: 2,
      latest: [{ number: orders.old?.number, isHeld: true, reason: 'Call the customer' }],
    });
  });
});

describe('low stock', () => {
  it('lists variants whose units on hand less reserved are at or below their threshold', async () => {
    const variants = await queryRows<{ id: number }>(
      shop.db,
      sql`select v.id from product_variants v
           where v.manage_inventory and (select count(*) from inventory_levels il where il.variant_id = v.id) = 1
           order by v.id desc limit 5`,
    );
    const [sold, atLimit, above, reserved, untracked] = variants.map((v) => Number(v.id));
    const set = async (
      id: number | undefined,
      onHand: number,
      held: number,
      threshold: number | null,
    ) => {
      await shop.db.execute(
        sql`update inventory_levels set on_hand = ${onHand}, reserved = ${held} where variant_id = ${id}`,
      );
      await shop.db.execute(
        sql`update product_variants set low_stock_threshold = ${threshold} where id = ${id}`,
      );
    };
    await set(sold, 0, 0, 2);
    await set(atLimit, 5, 0, 5);
    await set(above, 6, 0, 5);
    await set(reserved, 8, 5, 3);
    await set(untracked, 0, 0, null);

    const { lowStock } = await loadDashboard(shop.db, {}, { now });
    expect(lowStock.count).toBe(3);
    expect(lowStock.items.map((i) => [i.variantId, i.available, i.lowStockThreshold])).toEqual([
      [sold, 0, 2],
      [reserved, 3, 3],
      [atLimit, 5, 5],
    ]);
    expect(lowStock.items[0]).toMatchObject({
      sku: expect.any(String),
      productTitle: expect.any(String),
      variantTitle: expect.any(String),
    });
  });
});

describe('the job queue', () => {
  it('counts ready, scheduled, running and failed jobs and ages the oldest ready one', async () => {
    await shop.db.execute(
      sql`select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs))`,
    );
    const empty = await jobQueueHealth(shop.db);
    expect(empty).toMatchObject({
      ready: 0,
      scheduled: 0,
      running: 0,
      failed: 0,
      oldestReadyAgeSeconds: null,
    });

    const dbNow = new Date(empty.checkedAt);
    await enqueueJob(shop.db, 'search-check', {}, { runAt: new Date(dbNow.getTime() - 120_000) });
    await enqueueJob(shop.db, 'search-check', {}, { runAt: new Date(dbNow.getTime() - 5_000) });
    await enqueueJob(shop.db, 'search-check', {}, { delayMs: 3_600_000 });
    await enqueueJob(shop.db, 'search-check', {}, { jobKey: 'dashboard-failed' });
    await enqueueJob(shop.db, 'search-check', {}, { jobKey: 'dashboard-running' });
    await shop.db.execute(sql`
      select graphile_worker.permanently_fail_jobs(
        array(select id from graphile_worker.jobs where key = 'dashboard-failed'), 'boom')`);
    // What a worker does when it takes a job (graphile-worker has no function for it).
    await shop.db.execute(sql`
      update graphile_worker._private_jobs set locked_at = now(), locked_by = 'dashboard-test',
             attempts = attempts + 1
       where key = 'dashboard-running'`);

    const queue = await jobQueueHealth(shop.db);
    expect(queue).toMatchObject({ ready: 2, scheduled: 1, running: 1, failed: 1 });
    expect(queue.oldestReadyAgeSeconds).toBeGreaterThanOrEqual(120);
    expect(queue.oldestReadyAgeSeconds).toBeLessThan(180);
    expect((await loadDashboard(shop.db, {}, { now })).queue).toMatchObject({ ready: 2 });
  });
});
