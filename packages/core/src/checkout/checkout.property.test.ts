import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { listQueuedJobs } from '@shop/db/jobs';
import { firstRow, queryRows } from '@shop/db/query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommerceError } from '../errors';
import { cancelCheckout, releaseExpiredCheckouts, startCheckout } from './checkout';
import { completeCheckout, payCheckout } from './complete';
import { handlePaymentEvent } from './events';
import { refundPayment } from './refunds';
import {
  GOOD_CARD,
  openShop,
  readyCart,
  stockInvariants,
  variantWithStock,
  type TestShop,
} from '../../test/shop';

/**
 * Random interleavings of what shoppers, tabs, providers and the worker do to a few carts: new
 * attempts on a cart (another tab, back and forward), pays of any attempt — the latest or a
 * superseded one, alone or two at once —, provider successes arriving for attempts that were
 * superseded or expired, webhooks duplicated and reordered, failures, cancels, expiry, refunds.
 *
 * After every step: stock is never negative, `reserved` equals the live reservations, the units
 * that left stock equal the units in orders, and no cart has more than one order. At the end of
 * every run, once the refunds the core queued have been paid out: for every cart, money
 * captured minus money refunded equals the totals of its orders.
 */
let shop: TestShop;
let variants: number[] = [];
beforeAll(async () => {
  shop = await openShop();
  variants = [await variantWithStock(shop.db, 3, 0), await variantWithStock(shop.db, 3, 1)];
});
afterAll(async () => {
  await shop.close();
});

const CARTS = 2;
const cart = fc.nat(CARTS - 1);
/** Which attempt of the cart: 0 is the latest, 1 the one before, ... (clamped). */
const attempt = fc.nat(2);

// Starts and pays weigh more: most interesting runs need two attempts on one cart, then pays.
const op = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('start' as const), cart }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('pay' as const), cart, attempt }), weight: 3 },
  fc.record({ kind: fc.constant('pay-two-at-once' as const), cart }),
  {
    arbitrary: fc.record({ kind: fc.constant('provider-paid' as const), cart, attempt }),
    weight: 2,
  },
  fc.record({ kind: fc.constant('webhook-again' as const), cart, attempt }),
  fc.record({ kind: fc.constant('webhook-failed' as const), cart, attempt }),
  fc.record({ kind: fc.constant('cancel' as const), cart, attempt }),
  fc.record({ kind: fc.constant('expire' as const) }),
  fc.record({ kind: fc.constant('refunds' as const) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const expected = new Set([
  'OUT_OF_STOCK',
  'CHECKOUT_EXPIRED',
  'CART_NOT_FOUND',
  'CHECKOUT_NOT_FOUND',
]);

interface Attempt {
  id: string;
  total: number;
}

async function scalar(q: ReturnType<typeof sql>): Promise<number> {
  return Number((await firstRow<{ n: number }>(shop.db, q))?.n);
}

/** What the worker does with queued refunds: pay them out, then take them off the queue. */
async function runRefunds(): Promise<void> {
  const jobs = await listQueuedJobs(shop.db, 'refund-payment');
  for (const job of jobs) {
    await refundPayment(shop.db, job.payload as { paymentId: number; reason: string }, {
      payments: shop.payments,
    });
  }
  if (jobs.length > 0) {
    await shop.db.execute(
      sql`select graphile_worker.complete_jobs(${`{${jobs.map((j) => j.id).join(',')}}`}::bigint[])`,
    );
  }
}

describe('checkout under random interleavings', () => {
  it('keeps stock, orders per cart and money consistent', async () => {
    let runs = 0;
    let eventSeq = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ variant: fc.nat(1), quantity: fc.integer({ min: 1, max: 2 }) }), {
          minLength: CARTS,
          maxLength: CARTS,
        }),
        fc.array(op, { minLength: 3, maxLength: 14, size: 'max' }),
        async (cartLines, ops) => {
          runs++;
          // A fresh round: nothing pending or queued, 3 units of each variant.
          await releaseExpiredCheckouts(shop.db, new Date(Date.now() + 3_600_000));
          await runRefunds();
          for (const v of variants)
            await shop.db.execute(
              sql`update inventory_levels set on_hand = 3 where variant_id = ${v}`,
            );
          const baseline = await Promise.all(
            variants.map(async (v) => ({
              v,
              sold: await scalar(
                sql`select coalesce(sum(quantity), 0)::int as n from order_lines where variant_id = ${v}`,
              ),
              onHand: await scalar(
                sql`select on_hand as n from inventory_levels where variant_id = ${v}`,
              ),
            })),
          );
          const carts = await Promise.all(
            cartLines.map((l, i) =>
              readyCart(shop.db, {
                lines: [{ variantId: variants[l.variant] ?? 0, quantity: l.quantity }],
                email: `p${i}@example.com`,
              }),
            ),
          );
          /** Per cart, its attempts, newest first. */
          const attempts: Attempt[][] = carts.map(() => []);
          /** Webhook events delivered so far (to deliver again), per attempt id. */
          const delivered = new Map<string, string>();

          const pick = (o: { cart: number; attempt: number }): Attempt | undefined => {
            const list = attempts[o.cart] ?? [];
            return list[Math.min(o.attempt, list.length - 1)];
          };
          const succeeded = (a: Attempt, eventId: string) =>
            handlePaymentEvent(
              shop.db,
              {
                id: eventId,
                kind: 'payment.succeeded',
                rawType: 'payment_intent.succeeded',
                providerRef: `test_pi_${a.id}`,
                checkoutId: a.id,
                amount: a.total,
                currencyCode: 'USD',
                failureMessage: null,
              },
              { payments: shop.payments },
            );
          const pay = (cartId: string, a: Attempt) =>
            payCheckout(
              shop.db,
              { checkoutId: a.id, cartId, cardNumber: GOOD_CARD },
              { payments: shop.payments },
            );

          const step = async (o: Op): Promise<void> => {
            if (o.kind === 'expire') {
              await releaseExpiredCheckouts(shop.db, new Date(Date.now() + 3_600_000));
              return;
            }
            if (o.kind === 'refunds') return runRefunds();
            const cartId = carts[o.cart] ?? '';
            if (o.kind === 'start') {
              const c = await startCheckout(
                shop.db,
                { cartId, customerId: null, attemptKey: `k${eventSeq++}` },
                { payments: shop.payments },
              );
              attempts[o.cart]?.unshift({ id: c.checkoutId, total: c.totals.total });
              return;
            }
            if (o.kind === 'pay-two-at-once') {
              const [latest, older] = attempts[o.cart] ?? [];
              if (!latest) return;
              const results = await Promise.allSettled([
                pay(cartId, latest),
                pay(cartId, older ?? latest),
              ]);
              for (const r of results) if (r.status === 'rejected') throw r.reason;
              return;
            }
            const a = pick(o);
            if (!a) return;
            if (o.kind === 'pay') await pay(cartId, a);
            else if (o.kind === 'cancel')
              await cancelCheckout(shop.db, { checkoutId: a.id, cartId });
            else if (o.kind === 'provider-paid') {
              const eventId = `evt_${eventSeq++}`;
              delivered.set(a.id, eventId);
              await succeeded(a, eventId);
            } else if (o.kind === 'webhook-again') {
              // The same event redelivered, or (never delivered yet) a success reported directly.
              const eventId = delivered.get(a.id);
              if (eventId) await succeeded(a, eventId);
              else
                await completeCheckout(shop.db, {
                  checkoutId: a.id,
                  providerRef: `test_pi_${a.id}`,
                  amount: a.total,
                  currencyCode: 'USD',
                });
            } else if (o.kind === 'webhook-failed') {
              await handlePaymentEvent(
                shop.db,
                {
                  id: `evt_${eventSeq++}`,
                  kind: 'payment.failed',
                  rawType: 'payment_intent.payment_failed',
                  providerRef: `test_pi_${a.id}`,
                  checkoutId: a.id,
                  amount: null,
                  currencyCode: null,
                  failureMessage: 'Your card was declined.',
                },
                { payments: shop.payments },
              );
            }
          };

          for (const o of ops) {
            try {
              await step(o);
            } catch (err) {
              if (!(err instanceof CommerceError && expected.has(err.code))) throw err;
            }
            const { mismatched } = await stockInvariants(shop.db);
            expect(mismatched).toEqual([]);
            for (const b of baseline) {
              const soldNow =
                (await scalar(
                  sql`select coalesce(sum(quantity), 0)::int as n from order_lines where variant_id = ${b.v}`,
                )) - b.sold;
              const left = await scalar(
                sql`select on_hand as n from inventory_levels where variant_id = ${b.v}`,
              );
              expect(left).toBeGreaterThanOrEqual(0);
              expect(b.onHand - left).toBe(soldNow);
            }
            for (const cartId of carts) {
              expect(
                await scalar(sql`select count(*)::int as n from orders where cart_id = ${cartId}`),
              ).toBeLessThanOrEqual(1);
            }
          }

          await runRefunds();
          for (const cartId of carts) {
            const money = await queryRows(
              shop.db,
              sql`
              select (select coalesce(sum(p.amount - p.refunded_amount), 0)::int from payments p
                        join checkouts c on c.id = p.checkout_id where c.cart_id = ${cartId}) as kept,
                     (select coalesce(sum(total), 0)::int from orders where cart_id = ${cartId}) as ordered`,
            );
            const m = money[0] as { kept: number; ordered: number };
            expect(Number(m.kept)).toBe(Number(m.ordered));
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(runs).toBeGreaterThanOrEqual(200);
  }, 600_000);
});
