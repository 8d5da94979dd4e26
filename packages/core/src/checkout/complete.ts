import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import { runTransaction, sqlState } from '@shop/db/transaction';
import { queryRows } from '@shop/db/query';
import { releaseDiscountClaim } from '../discounts/discounts';
import { CommerceError } from '../errors';
import { releaseReservations, reserveStock } from '../inventory/reservations';
import { addOrderEvent, createOrderFromCheckout } from '../orders/place';
import {
  expireCheckout,
  findCartOrder,
  getPlacedOrderForCheckout,
  isUuid,
  lockCart,
  lockHolds,
  type CheckoutSnapshot,
  type PlacedOrder,
} from './attempts';
import type { CheckoutPayments, PaymentCard } from './payments-port';

type Row = Record<string, unknown>;

/**
 * Pays a checkout with a card through a provider that confirms on the server (the test
 * provider). A decline leaves the checkout pending (the shopper may try another card until the
 * reservation expires) and throws PAYMENT_DECLINED; success places the order exactly once. When
 * the cart already has its order (the other tab, the other half of a double click), nothing is
 * charged and that order is returned; a payment that still gets through for a second attempt is
 * refunded and the shopper, too, gets the one order.
 */
export async function payCheckout(
  db: Database,
  params: { checkoutId: string; cartId: string; cardNumber: string },
  deps: { payments: CheckoutPayments },
): Promise<PlacedOrder> {
  if (!isUuid(params.checkoutId))
    throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
  // The attempt and, in the same read, the cart's order if another attempt placed it already.
  const found = await queryRows(
    db,
    sql`
    select c.id, c.cart_id, c.status, c.provider, c.provider_ref, c.total, c.currency_code,
           o.id as order_id, o.number as order_number, o.access_token as order_token, o.email as order_email
      from checkouts c left join orders o on o.cart_id = c.cart_id
     where c.id = ${params.checkoutId}`,
  );
  const c = found[0];
  if (!c || c.cart_id !== params.cartId)
    throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
  if (c.order_id !== null && c.order_id !== undefined) {
    return {
      orderId: Number(c.order_id),
      number: Number(c.order_number),
      accessToken: String(c.order_token),
      email: String(c.order_email),
    };
  }
  if (c.status !== 'pending' && c.status !== 'expired') {
    throw new CommerceError(
      'CHECKOUT_EXPIRED',
      'This checkout is closed; start again from your cart.',
    );
  }
  if (!deps.payments.confirmPayment || c.provider !== deps.payments.id || c.provider_ref === null) {
    throw new CommerceError(
      'INVALID_INPUT',
      'This checkout is paid in the browser, not with a card number here.',
    );
  }
  const outcome = await deps.payments.confirmPayment({
    providerRef: String(c.provider_ref),
    cardNumber: params.cardNumber,
    amount: Number(c.total),
    currencyCode: String(c.currency_code),
  });
  if (outcome.status === 'declined') {
    await db.execute(
      sql`update checkouts set failure_reason = ${outcome.message}, updated_at = now() where id = ${params.checkoutId}`,
    );
    throw new CommerceError('PAYMENT_DECLINED', outcome.message);
  }
  const result = await completeFor(db, params.cartId, {
    checkoutId: params.checkoutId,
    providerRef: outcome.providerRef,
    amount: Number(c.total),
    currencyCode: String(c.currency_code),
    card: outcome.card ?? null,
  });
  if (result.status === 'refunded') {
    throw new CommerceError('OUT_OF_STOCK', result.reason);
  }
  return result.order;
}

/**
 * The provider of checkouts whose total is 0. No payment service is asked (Stripe and the test
 * provider take no zero amount); the order is placed at once, without a card, as Shopify does.
 */
export const FREE_PROVIDER = 'free';

/**
 * Places the order of a checkout that costs nothing, through the same `completeWithin` as a
 * paid one (same lock order, same one-order-per-cart rule): its "payment" is a zero row of
 * provider `free` whose reference is the checkout id, so a retry finds the same row. A zero
 * payment is never queued for a refund (there is nothing to give back).
 */
export async function completeFreeCheckout(
  db: Database,
  params: { cartId: string; checkoutId: string; currencyCode: string },
): Promise<PlacedOrder> {
  const result = await completeFor(db, params.cartId, {
    checkoutId: params.checkoutId,
    providerRef: params.checkoutId,
    amount: 0,
    currencyCode: params.currencyCode,
  });
  if (result.status === 'refunded') {
    throw new CommerceError(
      'OUT_OF_STOCK',
      'An item in your cart sold out before the order was placed; nothing was charged.',
    );
  }
  return result.order;
}

export type CompletionResult =
  | {
      status: 'placed';
      order: PlacedOrder;
      /** The order existed already: this checkout's, or another attempt's of the same cart. */
      duplicate: boolean;
      /** This payment was a second one for the cart and is being refunded. */
      refunded: boolean;
    }
  | { status: 'refunded'; reason: string };

/**
 * The single place where a successful payment becomes an order: exactly once per cart. Lock
 * order (see attempts.ts): the cart, its attempts, then payment, discount and stock rows.
 *
 * - The checkout already placed the order → that order (a redelivered event, a double click).
 * - Another attempt of the cart placed it → this payment is recorded and refunded (a job), the
 *   order's timeline says so, and the caller gets the one order.
 * - Otherwise the first paid attempt wins: the cart's other live attempts are closed (holds
 *   released, their payments cancelled at the provider), this attempt's holds are converted
 *   into a sale — taken again first if they had lapsed or been superseded — and the order is
 *   written. Stock or discount gone meanwhile → the payment is refunded.
 */
export async function completeCheckout(
  db: Database,
  params: CompletionParams,
): Promise<CompletionResult> {
  return completeFor(db, await cartOfCheckout(db, params.checkoutId), params);
}

function completeFor(
  db: Database,
  cartId: string,
  params: CompletionParams,
): Promise<CompletionResult> {
  return runTransaction(db, (tx) => completeWithin(tx, cartId, params), {
    // Belt and braces: should two completions of one cart ever race past the cart lock, the
    // unique index refuses the second order and the retry finds the first.
    retryIf: (err) => sqlState(err) === '23505',
  });
}

export interface CompletionParams {
  checkoutId: string;
  providerRef: string;
  amount: number;
  currencyCode: string;
  /** The card, when the provider reported it with the success (kept on the payment row). */
  card?: PaymentCard | null;
}

/** The cart a checkout belongs to (read before its transaction, which locks the cart first). */
export async function cartOfCheckout(db: Database, checkoutId: string): Promise<string> {
  if (!isUuid(checkoutId))
    throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
  const owner = await queryRows(db, sql`select cart_id from checkouts where id = ${checkoutId}`);
  const cartId = owner[0]?.cart_id;
  if (typeof cartId !== 'string')
    throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
  return cartId;
}

/**
 * `completeCheckout`'s work inside the caller's transaction, for a caller that writes something
 * with it atomically (the webhook handler records the provider's event id in the same
 * transaction, so a crash loses neither or both).
 */
export async function completeWithin(
  tx: Database,
  cartId: string,
  params: CompletionParams,
): Promise<CompletionResult> {
  await lockCart(tx, cartId);
  // Level 2 in one statement: this attempt and the cart's other live ones (by id), with whether
  // the cart already has its order and whether this attempt still holds stock.
  const found = await queryRows(
    tx,
    sql`
    select id, status, provider, total, currency_code, snapshot, discount_id, discount_claimed,
           (select count(*)::int from reservations r where r.checkout_id = c.id and r.status = 'active') as holds,
           exists (select 1 from orders o where o.cart_id = ${cartId}) as cart_ordered
      from checkouts c
     where c.cart_id = ${cartId} and (c.id = ${params.checkoutId} or c.status = 'pending')
     order by c.id for update of c`,
  );
  const rows = found;
  const c = rows.find((r) => r.id === params.checkoutId);
  if (!c) throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
  if (c.status === 'completed') {
    const order = await getPlacedOrderForCheckout(tx, params.checkoutId);
    return { status: 'placed', order, duplicate: true, refunded: false };
  }
  const others = rows.filter((r) => r.id !== params.checkoutId).map((r) => String(r.id));
  const paymentId = await recordPayment(tx, {
    ...params,
    provider: String(c.provider),
  });

  const existing = c.cart_ordered === true ? await findCartOrder(tx, cartId) : null;
  if (existing) {
    await refundSecondPayment(tx, {
      checkoutId: params.checkoutId,
      paymentId,
      order: existing,
      amount: params.amount,
      currencyCode: params.currencyCode,
    });
    return { status: 'placed', order: existing, duplicate: true, refunded: true };
  }
  if (c.status === 'failed') {
    // The checkout already gave up (an earlier payment was refunded); refund this one too.
    return refund(tx, params.checkoutId, paymentId, 'This checkout was closed.', {
      release: false,
    });
  }
  const snapshot = c.snapshot as CheckoutSnapshot;
  if (params.amount !== Number(c.total) || params.currencyCode !== String(c.currency_code)) {
    return refund(
      tx,
      params.checkoutId,
      paymentId,
      'The amount paid does not match the order total.',
    );
  }

  const hasHolds = Number(c.holds) > 0;
  const needsDiscount = c.discount_id !== null && c.discount_claimed !== true;
  if (!hasHolds || needsDiscount || others.length > 0) {
    const problem = await retakeHolds(tx, {
      checkoutId: params.checkoutId,
      others,
      snapshot,
      discountId: needsDiscount ? Number(c.discount_id) : null,
      reserve: !hasHolds,
    });
    if (problem) return refund(tx, params.checkoutId, paymentId, problem);
  }

  const order = await createOrderFromCheckout(tx, {
    checkoutId: params.checkoutId,
    paymentId,
    snapshot,
    currencyCode: String(c.currency_code),
    discountId: c.discount_id === null ? null : Number(c.discount_id),
    accessToken: randomBytes(24).toString('base64url'),
  });
  return { status: 'placed', order, duplicate: false, refunded: false };
}

/** Level 4: the payment, once per provider reference (a redelivery finds the same row). */
async function recordPayment(
  tx: Database,
  p: {
    checkoutId: string;
    provider: string;
    providerRef: string;
    amount: number;
    currencyCode: string;
    card?: PaymentCard | null;
  },
): Promise<number> {
  const card = p.card ?? null;
  const payment = await queryRows(
    tx,
    sql`
    insert into payments (checkout_id, provider, provider_ref, amount, currency_code,
                          card_fingerprint, card_country, card_brand, card_last4)
    values (${p.checkoutId}, ${p.provider}, ${p.providerRef}, ${p.amount}, ${p.currencyCode},
            ${card?.fingerprint ?? null}, ${card?.country ?? null}, ${card?.brand ?? null}, ${card?.last4 ?? null})
    on conflict (provider, provider_ref) do update
      set card_fingerprint = coalesce(payments.card_fingerprint, excluded.card_fingerprint),
          card_country = coalesce(payments.card_country, excluded.card_country),
          card_brand = coalesce(payments.card_brand, excluded.card_brand),
          card_last4 = coalesce(payments.card_last4, excluded.card_last4)
    returning id`,
  );
  return Number((payment[0] as Row).id);
}

/**
 * A payment for an attempt of a cart that already has its order: close the attempt, refund the
 * payment (the job mails the shopper), and say so on the order's timeline.
 */
async function refundSecondPayment(
  tx: Database,
  p: {
    checkoutId: string;
    paymentId: number;
    order: PlacedOrder;
    amount: number;
    currencyCode: string;
  },
): Promise<void> {
  const reason = 'A second payment was made for an order that was already placed.';
  await releaseDiscountClaim(tx, p.checkoutId);
  await releaseReservations(tx, p.checkoutId, 'checkout_closed');
  await tx.execute(sql`
    update checkouts set status = 'failed', failure_reason = ${reason}, updated_at = now()
     where id = ${p.checkoutId} and status <> 'failed'`);
  const queued = await enqueueRefund(tx, p.paymentId, reason, p.order.orderId);
  if (queued) {
    await addOrderEvent(
      tx,
      p.order.orderId,
      'duplicate_payment',
      'A second payment for this order was received; it is being refunded in full.',
      {
        paymentId: p.paymentId,
        checkoutId: p.checkoutId,
        amount: p.amount,
        currencyCode: p.currencyCode,
      },
    );
  }
}

/**
 * The winning attempt takes its holds back when it has none (they lapsed, or a newer attempt
 * superseded it) after closing the cart's other live attempts, whose holds it may need. Runs in
 * a savepoint: when stock or the discount is gone, nothing of it sticks (the other attempts keep
 * their holds) and the problem is returned.
 */
async function retakeHolds(
  tx: Database,
  p: {
    checkoutId: string;
    others: string[];
    snapshot: CheckoutSnapshot;
    discountId: number | null;
    reserve: boolean;
  },
): Promise<string | null> {
  return tx
    .transaction(async (sp) => {
      // This checkout's own levels too, up front with the others' (lock level 6), so converting
      // them later takes no stock row out of order.
      await lockHolds(sp, {
        checkoutIds: [...p.others, p.checkoutId],
        discountIds: p.discountId === null ? [] : [p.discountId],
        variantIds: p.reserve ? p.snapshot.lines.map((l) => l.variantId) : [],
      });
      for (const id of p.others)
        await expireCheckout(sp, id, 'Another checkout of this cart was paid first.', {
          cancelPayment: true,
        });
      if (p.discountId !== null) {
        const bumped = await queryRows(
          sp,
          sql`
          update discounts set usage_count = usage_count + 1
           where id = ${p.discountId} and (usage_limit is null or usage_count < usage_limit) returning id`,
        );
        if (bumped.length === 0)
          throw new CommerceError('DISCOUNT_INVALID', 'The discount code was used up.');
        await sp.execute(
          sql`update discount_redemptions set released = false where checkout_id = ${p.checkoutId}`,
        );
        await sp.execute(
          sql`update checkouts set discount_claimed = true where id = ${p.checkoutId}`,
        );
      }
      if (p.reserve) {
        const failed = await reserveStock(
          sp,
          p.checkoutId,
          p.snapshot.lines,
          new Date(Date.now() + 60_000),
          'order_placed',
        );
        if (failed.length > 0) throw new CommerceError('OUT_OF_STOCK', 'gone');
      }
      return null;
    })
    .catch((err: unknown) => {
      if (err instanceof CommerceError && err.code === 'OUT_OF_STOCK')
        return 'An item sold out before your payment arrived.';
      // Used up meanwhile, or the once-per-customer unique index refused the claim again.
      if (
        (err instanceof CommerceError && err.code === 'DISCOUNT_INVALID') ||
        sqlState(err) === '23505'
      )
        return 'The discount code was used up before your payment arrived.';
      throw err;
    });
}

/** Closes the checkout as failed and refunds its payment (the job mails the shopper). */
async function refund(
  tx: Database,
  checkoutId: string,
  paymentId: number,
  problem: string,
  options: { release?: boolean } = {},
): Promise<CompletionResult> {
  if (options.release !== false) {
    await releaseDiscountClaim(tx, checkoutId);
    await releaseReservations(tx, checkoutId, 'checkout_closed');
    await tx.execute(sql`
      update checkouts set status = 'failed', failure_reason = ${problem}, updated_at = now() where id = ${checkoutId}`);
  }
  await enqueueRefund(tx, paymentId, problem);
  return {
    status: 'refunded',
    reason:
      options.release === false
        ? 'This checkout was closed; your payment will be refunded in full.'
        : `${problem} Your payment will be refunded in full.`,
  };
}

/**
 * Enqueues the refund of a payment once: a redelivered success finds the job key taken (or the
 * payment already refunded) and adds nothing. Returns whether this call queued it.
 */
async function enqueueRefund(
  tx: Database,
  paymentId: number,
  reason: string,
  orderId?: number,
): Promise<boolean> {
  const marked = await queryRows(
    tx,
    sql`
    update payments set refund_requested_at = coalesce(refund_requested_at, now())
     where id = ${paymentId} and refund_requested_at is null and amount > 0 returning id`,
  );
  if (marked.length === 0) return false;
  await enqueueJob(
    tx,
    'refund-payment',
    orderId === undefined ? { paymentId, reason } : { paymentId, reason, orderId },
    { jobKey: `refund-payment:${paymentId}` },
  );
  return true;
}
