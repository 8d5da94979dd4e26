import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import { bigintArray, queryRows } from '@shop/db/query';
import { releaseDiscountClaim } from '../discounts/discounts';
import { CommerceError } from '../errors';
import { emitEvent } from '../events/emit';
import { releaseReservations } from '../inventory/reservations';
import type { PlacedOrder } from '../orders/types';

/**
 * Checkout attempts of one cart, and the rules every path shares.
 *
 * **One order per cart.** A cart may have many attempts (another tab, back and forward, a new
 * card); the first attempt whose payment succeeds places the cart's one order (the unique index
 * `orders_cart_id_key` makes a second impossible), every other attempt of the cart is closed,
 * its payment cancelled at the provider, and a payment that still lands on one of them is
 * refunded with a line on the order's timeline and a mail.
 *
 * **One lock order**, taken by start, pay, complete, expire, cancel and refund alike, so that no
 * two of them ever wait on each other in opposite orders:
 *   1. the cart row;
 *   2. its checkout rows (the one in hand, or all of the cart's live ones, by id);
 *   3. the order row (refunds);
 *   4. payment rows;
 *   5. the discount row and its claim rows;
 *   6. inventory levels, by (variant, location);
 *   7. the dispatcher's wake-up job: one row every transaction that emits events updates. It is
 *      taken at commit, by a deferred trigger on `domain_events` (migration 0007), so it is
 *      always last and held only for the commit.
 * A path may skip levels, never go back up. The worker's release of lapsed checkouts starts at
 * level 2 with SKIP LOCKED, so it never waits for a checkout someone holds.
 */

export type { CheckoutSnapshot, PlacedOrder } from '../orders/types';

type Row = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Lock level 1: the cart row. Null when there is no such cart. */
export async function lockCart(
  tx: Database,
  cartId: string,
): Promise<{ id: string; status: string; customerId: string | null } | null> {
  if (!isUuid(cartId)) return null;
  const found = await queryRows(
    tx,
    sql`select id, status, customer_id from carts where id = ${cartId} for update`,
  );
  const r = found[0];
  if (!r) return null;
  return {
    id: String(r.id),
    status: String(r.status),
    customerId: r.customer_id === null ? null : String(r.customer_id),
  };
}

/** The cart's one order, if it has been placed. */
export async function findCartOrder(
  db: Database,
  cartId: string,
): Promise<(PlacedOrder & { checkoutId: string }) | null> {
  const found = await queryRows(
    db,
    sql`select id, number, access_token, email, checkout_id from orders where cart_id = ${cartId}`,
  );
  const r = found[0];
  return r ? { ...toPlacedOrder(r), checkoutId: String(r.checkout_id) } : null;
}

export async function getPlacedOrderForCheckout(
  db: Database,
  checkoutId: string,
): Promise<PlacedOrder> {
  const found = await queryRows(
    db,
    sql`select id, number, access_token, email from orders where checkout_id = ${checkoutId}`,
  );
  const r = found[0];
  if (!r) throw new CommerceError('ORDER_NOT_FOUND', 'No order was placed for this checkout.');
  return toPlacedOrder(r);
}

function toPlacedOrder(r: Row): PlacedOrder {
  return {
    orderId: Number(r.id),
    number: Number(r.number),
    accessToken: String(r.access_token),
    email: String(r.email),
  };
}

/**
 * Closes a pending checkout in the caller's transaction (which holds levels 1–2): gives its
 * discount claim and stock back, marks it expired, emits `checkout.expired` with `reason`, and —
 * when `cancelPayment` — enqueues the cancellation of its payment at the provider, so a
 * superseded attempt cannot be paid any more. (A payment that gets through anyway is refunded
 * when it arrives.) `lapsed`: its reservation ran out (the stock comes back as
 * `checkout_expired`, otherwise as `checkout_closed`).
 */
export async function expireCheckout(
  tx: Database,
  checkoutId: string,
  reason: string,
  options: { cancelPayment?: boolean; lapsed?: boolean } = {},
): Promise<void> {
  await releaseDiscountClaim(tx, checkoutId);
  await releaseReservations(
    tx,
    checkoutId,
    options.lapsed ? 'checkout_expired' : 'checkout_closed',
  );
  const updated = await queryRows(
    tx,
    sql`
    update checkouts set status = 'expired', discount_claimed = false, failure_reason = coalesce(failure_reason, ${reason}),
           updated_at = now()
     where id = ${checkoutId} and status = 'pending'
     returning id`,
  );
  if (updated.length === 0) return;
  await emitEvent(tx, { type: 'checkout.expired', version: 1, payload: { checkoutId, reason } });
  if (options.cancelPayment) await enqueueCancelPayment(tx, checkoutId);
}

/** The cart's live (pending) attempts, locked (level 2, by id). */
export async function lockPendingAttempts(tx: Database, cartId: string): Promise<string[]> {
  const found = await queryRows(
    tx,
    sql`
    select id from checkouts where cart_id = ${cartId} and status = 'pending' order by id for update`,
  );
  return found.map((r) => String(r.id));
}

/** One cancellation job per attempt, however many times it is asked for. */
export function cancelPaymentJobKey(checkoutId: string): string {
  return `cancel-payment:${checkoutId}`;
}

export async function enqueueCancelPayment(tx: Database, checkoutId: string): Promise<void> {
  await enqueueJob(
    tx,
    'cancel-payment',
    { checkoutId },
    { jobKey: cancelPaymentJobKey(checkoutId) },
  );
}

/**
 * Takes levels 5 and 6 up front for a transaction that closes some attempts and then claims
 * holds for another: the discount rows those attempts claimed (plus the cart's and
 * `discountIds`), then every inventory level of the variants they reserved (plus the cart's
 * lines and `variantIds`), each in id order. Releasing
 * one attempt's holds and then taking another's would otherwise go back up the lock order.
 */
export async function lockHolds(
  tx: Database,
  params: {
    checkoutIds: readonly string[];
    /** A cart about to be checked out: its discount and its lines' variants. */
    cartId?: string;
    discountIds?: readonly number[];
    variantIds?: readonly number[];
  },
): Promise<void> {
  const cartId = params.cartId && isUuid(params.cartId) ? params.cartId : null;
  const ids = `{${params.checkoutIds.filter(isUuid).join(',')}}`;
  await tx.execute(sql`
    select id from discounts
     where id in (select discount_id from checkouts where id = any(${ids}::uuid[]) and discount_id is not null)
        or id = any(${bigintArray(params.discountIds ?? [])})
        or id = (select discount_id from carts where id = ${cartId}::uuid)
     order by id for update`);
  await tx.execute(sql`
    select 1 from inventory_levels
     where variant_id in (select variant_id from reservations where checkout_id = any(${ids}::uuid[]) and status = 'active')
        or variant_id = any(${bigintArray(params.variantIds ?? [])})
        or variant_id in (select variant_id from cart_lines where cart_id = ${cartId}::uuid)
     order by variant_id, location_id for update`);
}
