import { isCommerceError } from '@shop/core';
import type { Db } from '@shop/db/client';
import { firstRow, rowCount } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { sql } from 'drizzle-orm';
import type { Bench } from '../lib/bench';
import { defer } from '../lib/cleanup';
import { freshDatabase } from '../lib/database';
import { errorMessage, log, round } from '../lib/log';
import { benchDb, checkpoint, openConnections } from '../lib/pool';
import { placeOrder, readyCart, setStock, stockVariants, testPayments } from '../lib/shop';
import { forEachConcurrently, startCpuMeter } from '../lib/stats';

const BUYERS = 500;
const UNITS = 50;
/**
 * Connections shared by the 500 buyers, and by the ceiling's 500 concurrent updates. The bench
 * cluster allows 200 (tooling/services); half of it leaves room for the admin connection that
 * creates and drops databases and for another benchmark process. Buyers beyond 100 wait for a
 * connection in the pool, as requests to a real app server would.
 */
const POOL_SIZE = 100;
/** Carts are built before the sale, this many at a time. */
const PREPARE_CONCURRENCY = 20;
/** The sustained ceiling: enough stock that every attempt can succeed. */
const SUSTAINED_UNITS = 100_000;
const SUSTAINED_ATTEMPTS = 5_000;
const TARGET_RATIO = 0.5;
const ERRORS_SHOWN = 5;

/** The one statement the ceiling runs: the same conditional UPDATE that reserves stock. */
const reserveOne = (variantId: number) => sql`update inventory_levels set reserved = reserved + 1
  where variant_id = ${variantId} and on_hand - reserved >= 1`;

interface CeilingRun {
  units: number;
  attempts: number;
  updated: number;
  seconds: number;
  updatesPerSecond: number;
}

/**
 * `attempts` autocommit runs of reserveOne on one row holding `units` units, `BUYERS` at a time
 * through the same pool as the sale: the fastest this driver and this server can take units
 * from one row, one commit per unit.
 */
async function measureCeiling(
  db: Db,
  variantId: number,
  units: number,
  attempts: number,
): Promise<CeilingRun> {
  await setStock(db, [variantId], units);
  await checkpoint(db);
  let started = 0;
  let updated = 0;
  const worker = async () => {
    while (started < attempts) {
      started++;
      if ((await rowCount(db, reserveOne(variantId))) === 1) updated++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(BUYERS, attempts) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { units, attempts, updated, seconds, updatesPerSecond: updated / seconds };
}

interface SaleResult {
  ordered: number;
  soldOut: number;
  failed: number;
  /** From the release to the last buyer's answer. */
  seconds: number;
  /** From the release to the last successful order. */
  lastOrderSeconds: number;
  /** Cores' worth of CPU this process used during the burst (see startCpuMeter). */
  nodeCpu: number;
}

/** Releases every buyer at once; each places its order and the outcome is counted. */
async function runSale(
  db: Db,
  cartIds: readonly string[],
  isStopped: () => boolean,
): Promise<SaleResult> {
  const shop = testPayments();
  const result: SaleResult = {
    ordered: 0,
    soldOut: 0,
    failed: 0,
    seconds: 0,
    lastOrderSeconds: 0,
    nodeCpu: 0,
  };
  const cpu = startCpuMeter();
  const t0 = performance.now();
  const shownErrors = new Set<string>();
  const buy = async (cartId: string) => {
    try {
      await placeOrder(db, cartId, shop);
      result.ordered++;
      result.lastOrderSeconds = (performance.now() - t0) / 1000;
    } catch (err) {
      // Refused at startCheckout (nothing left to reserve) or, after paying, refunded because
      // the stock was gone: both are the shopper being told "sold out".
      if (isCommerceError(err) && err.code === 'OUT_OF_STOCK') {
        result.soldOut++;
        return;
      }
      result.failed++;
      if (isStopped()) return;
      const message = errorMessage(err);
      if (shownErrors.size < ERRORS_SHOWN && !shownErrors.has(message)) {
        shownErrors.add(message);
        log(`  buyer failed: ${message}`);
      }
    }
  };
  await Promise.all(cartIds.map(buy));
  result.seconds = (performance.now() - t0) / 1000;
  result.nodeCpu = cpu();
  return result;
}

interface StockAfter {
  orders: number;
  sold: number;
  onHand: number;
  reserved: number;
}

/** What the database says happened to the sale's variant. */
async function stockAfter(db: Db, variantId: number): Promise<StockAfter> {
  const s = await firstRow<{ orders: number; sold: number }>(
    db,
    sql`select (select count(*) from orders)::int as orders,
            (select coalesce(sum(quantity), 0) from order_lines where variant_id = ${variantId})::int as sold`,
  );
  const l = await firstRow<{ on_hand: number; reserved: number }>(
    db,
    sql`select on_hand, reserved from inventory_levels where variant_id = ${variantId}`,
  );
  if (!s || !l) throw new Error(`Variant ${variantId} has no stock level after the sale.`);
  return {
    orders: Number(s.orders),
    sold: Number(s.sold),
    onHand: Number(l.on_hand),
    reserved: Number(l.reserved),
  };
}

/**
 * 500 buyers with one unit each in their carts, released at once on a variant with 50 units;
 * then the same concurrency running only the bare conditional UPDATE on one row, as a ceiling.
 */
export const flashSaleBench: Bench = {
  name: 'flash-sale',
  description: `${BUYERS} buyers at once for ${UNITS} units: orders/s, oversold, vs a bare UPDATE`,
  uses: [],
  async run(_options, emit) {
    const url = await freshDatabase('bench_flash');
    const db = benchDb(url, POOL_SIZE);
    log('Seeding 50 products');
    await seedDemo(db, { products: 50 });
    const [saleVariant, sellOutVariant, sustainedVariant] = await stockVariants(db, 3, UNITS);
    if (
      saleVariant === undefined ||
      sellOutVariant === undefined ||
      sustainedVariant === undefined
    ) {
      throw new Error('stockVariants returned fewer variants than asked.');
    }

    let stopped = false;
    defer('stop the buyers', () => {
      stopped = true;
    });

    log(`Preparing ${BUYERS} carts with 1 unit of variant ${saleVariant} each`);
    const cartIds: string[] = [];
    await forEachConcurrently(
      Array.from({ length: BUYERS }, (_, i) => i),
      PREPARE_CONCURRENCY,
      async (i) => {
        if (stopped) return;
        cartIds.push(
          await readyCart(db, {
            lines: [{ variantId: saleVariant, quantity: 1 }],
            email: `buyer-${i}@example.com`,
          }),
        );
      },
    );
    if (stopped) return;
    await openConnections(db, POOL_SIZE);
    await checkpoint(db);

    log(`Releasing ${BUYERS} buyers at once (pool of ${POOL_SIZE} connections)`);
    const sale = await runSale(db, cartIds, () => stopped);
    if (stopped) return;
    const after = await stockAfter(db, saleVariant);
    const oversold = Math.max(0, after.sold - UNITS);
    const stockConsistent =
      after.onHand === UNITS - after.sold && after.onHand >= 0 && after.reserved === 0;
    log(
      `  ${sale.ordered} ordered, ${sale.soldOut} told sold out, ${sale.failed} failed in ${round(sale.seconds, 3)} s; ` +
        `the database has ${after.orders} orders for ${after.sold} units, on_hand ${after.onHand}, reserved ${after.reserved}`,
    );
    if (oversold > 0 || !stockConsistent) {
      log(
        `  WARNING: the stock is wrong after the sale (oversold ${oversold}, on_hand ${after.onHand}).`,
      );
    }
    if (after.orders !== sale.ordered) {
      log(
        `  note: ${sale.ordered} buyers were told their order was placed, but the database has ${after.orders}.`,
      );
    }

    log(`Ceiling: ${BUYERS} concurrent bare UPDATEs on a row with ${UNITS} units`);
    const sellOut = await measureCeiling(db, sellOutVariant, UNITS, BUYERS);
    if (stopped) return;
    log(
      `Ceiling: ${SUSTAINED_ATTEMPTS} bare UPDATEs, ${BUYERS} at a time, on a row with ${SUSTAINED_UNITS} units`,
    );
    const sustained = await measureCeiling(
      db,
      sustainedVariant,
      SUSTAINED_UNITS,
      SUSTAINED_ATTEMPTS,
    );
    if (stopped) return;
    for (const [ceiling, run] of [
      ['sell-out', sellOut],
      ['sustained', sustained],
    ] as const) {
      emit({
        ceiling,
        concurrency: BUYERS,
        units: run.units,
        attempts: run.attempts,
        updated: run.updated,
        seconds: round(run.seconds, 3),
        updatesPerSecond: round(run.updatesPerSecond, 1),
      });
    }

    const ordersPerSecond = after.orders / sale.seconds;
    emit({
      buyers: BUYERS,
      units: UNITS,
      orders: after.orders,
      oversold,
      onHandAfter: after.onHand,
      stockConsistent,
      soldOutResponses: sale.soldOut,
      failed: sale.failed,
      seconds: round(sale.seconds, 3),
      lastOrderSeconds: round(sale.lastOrderSeconds, 3),
      ordersPerSecond: round(ordersPerSecond, 1),
      ceilingUpdatesPerSecond: round(sellOut.updatesPerSecond, 1),
      ratio: round(ordersPerSecond / sellOut.updatesPerSecond, 3),
      sustainedRatio: round(ordersPerSecond / sustained.updatesPerSecond, 3),
      targetRatio: TARGET_RATIO,
      nodeCpu: round(sale.nodeCpu),
    });
  },
};
