import { seedDemo } from '@shop/db/seed';
import type { Db } from '@shop/db/client';
import { sql } from 'drizzle-orm';
import type { Bench } from '../lib/bench';
import { defer } from '../lib/cleanup';
import { freshDatabase } from '../lib/database';
import { errorMessage, log, round } from '../lib/log';
import { benchDb, checkpoint, openConnections } from '../lib/pool';
import { placeOrder, readyCart, stockVariants, testPayments, type CartLine } from '../lib/shop';
import { percentile, startCpuMeter } from '../lib/stats';

const SHOPPERS = 20;
/** Each shopper holds one connection at a time; a few more for the restocks and the setup. */
const POOL_SIZE = SHOPPERS + 4;
const DEFAULT_SECONDS = 15;
/** Orders each shopper places before the measured run: JIT, pool and caches warm. */
const WARM_UP_ORDERS = 2;
/** Enough variants that shoppers rarely wait on each other's stock row. */
const VARIANTS = 40;
/** Units each variant starts with, and what a restock adds. */
const STOCK = 100_000;
const TARGET_P95_MS = 100;
/** Error messages printed on stderr; the rest are only counted. */
const ERRORS_SHOWN = 5;

/** A small seeded generator (mulberry32), so that every run builds the same carts. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tops a variant up whenever the shoppers have taken half of what it was last given. */
class Restocker {
  private readonly taken = new Map<number, number>();
  restocks = 0;

  constructor(private readonly db: Db) {}

  sold(lines: readonly CartLine[]): void {
    for (const l of lines)
      this.taken.set(l.variantId, (this.taken.get(l.variantId) ?? 0) + l.quantity);
  }

  /** Called outside the timed part, before a cart is built with `lines`. */
  async ensure(lines: readonly CartLine[]): Promise<void> {
    for (const l of lines) {
      if ((this.taken.get(l.variantId) ?? 0) < STOCK / 2) continue;
      this.taken.set(l.variantId, 0);
      this.restocks++;
      await this.db.execute(
        sql`update inventory_levels set on_hand = on_hand + ${STOCK} where variant_id = ${l.variantId}`,
      );
    }
  }
}

/** One or two different variants, one or two units each. */
function pickLines(variants: readonly number[], random: () => number): CartLine[] {
  const pick = () => variants[Math.floor(random() * variants.length)] ?? variants[0] ?? 0;
  const first = pick();
  const lines: CartLine[] = [{ variantId: first, quantity: 1 + Math.floor(random() * 2) }];
  if (random() < 0.5) {
    const second = pick();
    if (second !== first) lines.push({ variantId: second, quantity: 1 + Math.floor(random() * 2) });
  }
  return lines;
}

/**
 * Latency and throughput of placing an order (startCheckout + payCheckout with the test card
 * provider) with 20 shoppers checking out at once, each building its next cart (untimed) as soon
 * as its previous order is placed.
 */
export const checkoutBench: Bench = {
  name: 'checkout',
  description: `place-order latency, ${SHOPPERS} concurrent shoppers (--seconds, default ${DEFAULT_SECONDS}; or --orders N)`,
  uses: ['seconds', 'orders'],
  async run(options, emit) {
    // --orders alone runs until that many orders; --seconds (or its default) bounds the time too.
    const seconds = options.seconds ?? (options.orders === undefined ? DEFAULT_SECONDS : undefined);
    const maxOrders = options.orders ?? Number.POSITIVE_INFINITY;

    const url = await freshDatabase('bench_checkout');
    const db = benchDb(url, POOL_SIZE);
    log('Seeding 50 products');
    await seedDemo(db, { products: 50 });
    const variants = await stockVariants(db, VARIANTS, STOCK);
    const shop = testPayments();
    const restocker = new Restocker(db);

    let stopped = false;
    // Runs before the pool closes (cleanups run last-registered first), so that on Ctrl-C the
    // shoppers stop starting orders instead of failing against a closed pool.
    defer('stop the shoppers', () => {
      stopped = true;
    });

    const latencies: number[] = [];
    let claimed = 0;
    let failed = 0;
    const shownErrors = new Set<string>();
    const noteError = (stage: string, err: unknown) => {
      failed++;
      const cause =
        err instanceof Error && err.cause !== undefined ? ` (${errorMessage(err.cause)})` : '';
      const message = `${stage} failed: ${errorMessage(err)}${cause}`;
      if (shownErrors.size < ERRORS_SHOWN && !shownErrors.has(message)) {
        shownErrors.add(message);
        log(`  ${message}`);
      }
    };

    const shopper = async (index: number, deadline: number, measured: boolean) => {
      const random = generator(index + (measured ? 1000 : 1));
      let warmUps = 0;
      for (;;) {
        if (stopped) return;
        if (measured) {
          if (performance.now() >= deadline || claimed >= maxOrders) return;
          claimed++;
        } else if (warmUps++ >= WARM_UP_ORDERS) {
          return;
        }
        const lines = pickLines(variants, random);
        let stage = 'building a cart';
        try {
          await restocker.ensure(lines);
          const cartId = await readyCart(db, { lines, email: `shopper-${index}@example.com` });
          stage = 'placing an order';
          const start = performance.now();
          await placeOrder(db, cartId, shop);
          const ms = performance.now() - start;
          restocker.sold(lines);
          if (measured) latencies.push(ms);
        } catch (err) {
          if (stopped) return;
          if (measured) noteError(stage, err);
          else log(`  warm-up: ${stage} failed: ${errorMessage(err)}`);
        }
      }
    };

    await openConnections(db, POOL_SIZE);
    log(`Warm-up: ${WARM_UP_ORDERS} orders per shopper, ${SHOPPERS} shoppers`);
    await Promise.all(Array.from({ length: SHOPPERS }, (_, i) => shopper(i, 0, false)));
    await checkpoint(db);

    const limits = [
      seconds === undefined ? null : `${seconds} s`,
      options.orders === undefined ? null : `${options.orders} orders`,
    ].filter((l) => l !== null);
    log(`Measuring: ${SHOPPERS} shoppers for ${limits.join(' or ')}`);
    const cpu = startCpuMeter();
    const started = performance.now();
    const deadline = seconds === undefined ? Number.POSITIVE_INFINITY : started + seconds * 1000;
    await Promise.all(Array.from({ length: SHOPPERS }, (_, i) => shopper(i, deadline, true)));
    const elapsed = (performance.now() - started) / 1000;
    const nodeCpu = cpu();
    if (stopped) return;

    latencies.sort((a, b) => a - b);
    if (restocker.restocks > 0) log(`  ${restocker.restocks} restocks during the run`);
    emit({
      shoppers: SHOPPERS,
      orders: latencies.length,
      failed,
      seconds: round(elapsed),
      ordersPerSecond: round(latencies.length / elapsed, 1),
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      targetP95: TARGET_P95_MS,
      nodeCpu: round(nodeCpu),
    });
  },
};
