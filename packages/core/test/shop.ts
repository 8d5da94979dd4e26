import { sql } from 'drizzle-orm';
import { createDb, type Db } from '@shop/db/client';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { addToCart, createCart, updateCartDetails } from '../src/cart/cart';
import { listQueuedJobs } from '@shop/db/jobs';
import { queryRows } from '@shop/db/query';
import { CommerceError } from '../src/errors';
import { cancelCheckoutPayment } from '../src/checkout/cancel-payment';
import type { CheckoutPayments } from '../src/checkout/payments-port';
import { refundPayment } from '../src/checkout/refunds';
import { completeCheckout } from '../src/checkout/complete';
import { TEST_ADDRESS } from '../src/testing';

/** Test harness for checkout flows: a seeded database and a deterministic card provider. */
export interface TestShop {
  tdb: TestDatabase;
  /** A handle with a large pool, for tests that run many checkouts at once. */
  db: Db;
  payments: CheckoutPayments & {
    refunds: Array<{ providerRef: string; amount: number; idempotencyKey: string }>;
    cancellations: string[];
  };
  close(): Promise<void>;
}

export const GOOD_CARD = '4242424242424242';
export const DECLINED_CARD = '4000000000000002';

export function cardProvider(): TestShop['payments'] {
  const refunds: TestShop['payments']['refunds'] = [];
  const cancellations: string[] = [];
  const seen = new Set<string>();
  return {
    id: 'test',
    refunds,
    cancellations,
    async cancelPayment({ providerRef }) {
      cancellations.push(providerRef);
      return { status: 'canceled' as const };
    },
    async createPayment({ checkoutId }) {
      return { providerRef: `test_pi_${checkoutId}`, clientSecret: null };
    },
    async confirmPayment({ providerRef, cardNumber }) {
      return cardNumber === GOOD_CARD
        ? { status: 'succeeded' as const, providerRef }
        : { status: 'declined' as const, message: 'Your card was declined.' };
    },
    async refund(input) {
      if (!seen.has(input.idempotencyKey)) {
        seen.add(input.idempotencyKey);
        refunds.push(input);
      }
      return { refundRef: `test_re_${input.idempotencyKey}` };
    },
  };
}

export async function openShop(products = 6): Promise<TestShop> {
  const tdb = await createTestDatabase('checkout');
  await seedDemo(tdb.db, { products });
  const db = createDb(tdb.url, 40, tdb.db.driver);
  return {
    tdb,
    db,
    payments: cardProvider(),
    async close() {
      await db.$client.end();
      await tdb.drop();
    },
  };
}

/** A managed variant with a USD price, its stock set to `onHand` (nothing reserved). */
export async function variantWithStock(db: Db, onHand: number, offset = 0): Promise<number> {
  const found = await queryRows(
    db,
    sql`
    select v.id from product_variants v
      join products p on p.id = v.product_id and p.status = 'active'
      join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
     where not v.archived and v.manage_inventory
     order by v.id offset ${offset} limit 1`,
  );
  const id = Number((found[0] as { id: number }).id);
  await db.execute(
    sql`update inventory_levels set on_hand = ${onHand}, reserved = 0 where variant_id = ${id}`,
  );
  return id;
}

/** The one test shipping address (`@shop/core/testing`). */
export const address = TEST_ADDRESS;

/** A cart in the US region with the lines given, email, address and the first shipping option. */
export async function readyCart(
  db: Db,
  params: {
    lines: Array<{ variantId: number; quantity: number }>;
    email?: string;
    discountCode?: string;
    customerId?: string | null;
  },
): Promise<string> {
  const customerId = params.customerId ?? null;
  const cartId = await createCart(db, { region: 'us', customerId });
  for (const line of params.lines) await addToCart(db, { cartId, customerId, ...line });
  const option = await queryRows(
    db,
    sql`
    select so.id from shipping_options so join regions r on r.id = so.region_id where r.code = 'us' order by so.position limit 1`,
  );
  await updateCartDetails(db, {
    cartId,
    customerId,
    email: params.email ?? 'shopper@example.com',
    shippingAddress: address,
    shippingOptionId: Number((option[0] as { id: number }).id),
    ...(params.discountCode ? { discountCode: params.discountCode } : {}),
  });
  return cartId;
}

/** The invariants that must hold after any sequence of checkout operations. */
export async function stockInvariants(db: Db) {
  const reserved = await queryRows<{
    reserved: number;
    live: number;
    on_hand: number;
    variant_id: number;
  }>(
    db,
    sql`
    select il.variant_id, il.location_id, il.reserved, il.on_hand,
           coalesce((select sum(quantity) from reservations r
                      where r.variant_id = il.variant_id and r.location_id = il.location_id and r.status = 'active'), 0)::int as live
      from inventory_levels il`,
  );
  const mismatched = reserved.filter(
    (r) =>
      Number(r.reserved) !== Number(r.live) ||
      Number(r.on_hand) < 0 ||
      Number(r.reserved) > Number(r.on_hand),
  );
  return { mismatched };
}

/**
 * Does what the worker would do with the queued refund-payment and cancel-payment jobs (refunds
 * at the provider, cancellations of superseded payments), then removes them from the queue.
 * Returns how many of each ran.
 */
export async function runPaymentJobs(
  db: Db,
  payments: CheckoutPayments,
): Promise<{ refunds: number; cancellations: number }> {
  const refundJobs = await listQueuedJobs(db, 'refund-payment');
  for (const job of refundJobs) {
    await refundPayment(
      db,
      job.payload as { paymentId: number; reason: string; orderId?: number },
      {
        payments,
      },
    );
  }
  const cancelJobs = await listQueuedJobs(db, 'cancel-payment');
  for (const job of cancelJobs) {
    await cancelCheckoutPayment(db, job.payload as { checkoutId: string }, { payments });
  }
  const ids = [...refundJobs, ...cancelJobs].map((j) => j.id);
  if (ids.length > 0) {
    await db.execute(sql`select graphile_worker.complete_jobs(${`{${ids.join(',')}}`}::bigint[])`);
  }
  return { refunds: refundJobs.length, cancellations: cancelJobs.length };
}

/**
 * Money and orders of one cart: orders placed, what was captured and refunded over all its
 * payments, and the order totals. The rule: captured − refunded = Σ order totals, once the
 * refund jobs have run.
 */
export async function cartLedger(db: Db, cartId: string) {
  const r = await queryRows(
    db,
    sql`
    select (select count(*)::int from orders where cart_id = ${cartId}) as orders,
           (select coalesce(sum(total), 0)::int from orders where cart_id = ${cartId}) as ordered,
           (select coalesce(sum(p.amount), 0)::int from payments p join checkouts c on c.id = p.checkout_id
             where c.cart_id = ${cartId}) as captured,
           (select coalesce(sum(p.refunded_amount), 0)::int from payments p join checkouts c on c.id = p.checkout_id
             where c.cart_id = ${cartId}) as refunded,
           (select count(*)::int from payments p join checkouts c on c.id = p.checkout_id
             where c.cart_id = ${cartId}) as payments`,
  );
  const row = r[0] as Record<string, unknown>;
  return {
    orders: Number(row.orders),
    ordered: Number(row.ordered),
    captured: Number(row.captured),
    refunded: Number(row.refunded),
    payments: Number(row.payments),
  };
}

/** The CommerceError code a call ends with, or 'OK'; any other error is rethrown. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CommerceError) return err.code;
    throw err;
  }
  return 'OK';
}

/**
 * What the card provider reports for a started attempt whose USD payment went through (the
 * webhook's success, as `completeCheckout` receives it), for `db`'s shop.
 */
export function paidByProvider(db: Db, c: { checkoutId: string; totals: { total: number } }) {
  return completeCheckout(db, {
    checkoutId: c.checkoutId,
    providerRef: `test_pi_${c.checkoutId}`,
    amount: c.totals.total,
    currencyCode: 'USD',
  });
}

/** The seeded `main` location's id, and a second location `annex` it makes (transfer tests). */
export async function mainAndAnnex(db: Db): Promise<{ main: number; annex: number }> {
  const [main] = await queryRows<{ id: number }>(
    db,
    sql`select id from stock_locations where code = 'main'`,
  );
  const [annex] = await queryRows<{ id: number }>(
    db,
    sql`insert into stock_locations (code, name) values ('annex', 'Annex') returning id`,
  );
  if (!main || !annex) throw new Error('the seed has no main location');
  return { main: Number(main.id), annex: Number(annex.id) };
}
