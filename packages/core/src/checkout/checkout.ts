import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { runTransaction } from '@shop/db/transaction';
import { addJob } from '@shop/db/jobs';
import type { AddressSnapshot } from '@shop/db/schema';
import { queryRows } from '@shop/db/query';
import { unavailableLineMessage } from '@shop/validators';
import { loadCart, type CartView } from '../cart/cart';
import {
  assertClientHolds,
  assertUnitsPerVariant,
  DEFAULT_HOLD_LIMITS,
  type HoldLimits,
} from '../cart/limits';
import { claimDiscount, discountCustomerKey, findUsableDiscount } from '../discounts/discounts';
import { CommerceError } from '../errors';
import { reserveStock } from '../inventory/reservations';
import {
  cancelPaymentJobKey,
  expireCheckout,
  findCartOrder,
  getPlacedOrderForCheckout,
  isUuid,
  lockCart,
  lockHolds,
  lockPendingAttempts,
  type CheckoutSnapshot,
} from './attempts';
import { completeFreeCheckout, FREE_PROVIDER } from './complete';
import type { CheckoutPayments } from './payments-port';
import { systemClock, type Clock } from '../ports/clock';
import type { CheckoutAttempt, CheckoutHooks, CheckoutReview } from '../ports/checkout-hooks';

export type { CheckoutSnapshot, PlacedOrder } from './attempts';
export { getPlacedOrderForCheckout } from './attempts';

/** How long a started checkout holds its stock and discount. */
export const DEFAULT_RESERVATION_MS = 15 * 60_000;

export interface StartedCheckout {
  checkoutId: string;
  provider: string;
  clientSecret: string | null;
  expiresAt: Date;
  totals: CartView['totals'];
  /**
   * Set when the cart already has its order (another tab or the other half of a double click
   * was paid first): no new attempt was started, `checkoutId` is the attempt that placed the
   * order, and paying it returns that order. The caller holds the cart, so it may see it.
   */
  order: { number: number; accessToken: string } | null;
}

type Row = Record<string, unknown>;

/** A cart with everything an order needs (`assertComplete`). */
type CompleteCart = CartView & {
  email: string;
  shippingAddress: AddressSnapshot;
  shippingOption: NonNullable<CartView['shippingOption']>;
};

function assertComplete(cart: CartView): asserts cart is CompleteCart {
  if (cart.lines.length === 0)
    throw new CommerceError('CHECKOUT_INCOMPLETE', 'Your cart is empty.');
  if (!cart.email) throw new CommerceError('CHECKOUT_INCOMPLETE', 'Enter your email address.');
  if (!cart.shippingAddress)
    throw new CommerceError('CHECKOUT_INCOMPLETE', 'Enter a shipping address.');
  if (!cart.shippingOption)
    throw new CommerceError('CHECKOUT_INCOMPLETE', 'Choose a shipping option.');
  if (cart.discountProblem) throw new CommerceError('DISCOUNT_INVALID', cart.discountProblem);
  for (const line of cart.lines) {
    if (line.unavailableReason !== null) {
      throw new CommerceError(
        'INVALID_INPUT',
        unavailableLineMessage(
          { productTitle: line.productTitle, unavailableReason: line.unavailableReason },
          cart.region.currencyCode,
        ),
      );
    }
  }
}

/**
 * Starts paying for a cart: prices it from the database, claims its discount and reserves every
 * line (one conditional UPDATE each) until the expiry, all in one transaction — so either the
 * whole cart is held or nothing is. Then creates the payment with the provider under an
 * idempotency key. Calling it again with the same `attemptKey` returns the same checkout; a new
 * attempt on the same cart supersedes the previous pending one (its holds are released and its
 * payment is cancelled at the provider). A cart that already has its order starts nothing and
 * returns that order (`order`).
 *
 * Hold limits: at most `maxUnitsPerVariant` units of one variant, and at most
 * `maxHoldsPerClient` live checkouts of other carts started by the same `clientKey`.
 */
export async function startCheckout(
  db: Database,
  params: {
    cartId: string;
    customerId: string | null;
    attemptKey: string;
    reservationMs?: number;
    /** A keyed hash of the client's address (never the address): bounds holds per client. */
    clientKey?: string | null;
    limits?: Partial<HoldLimits>;
  },
  deps: { payments: CheckoutPayments; clock?: Clock; hooks?: CheckoutHooks },
): Promise<StartedCheckout> {
  const idempotencyKey = `checkout:${params.cartId}:${params.attemptKey}`;
  // The hold's expiry and the discount's dates are judged by the Shop's clock.
  const now = (deps.clock ?? systemClock).now();
  const expiresAt = new Date(now.getTime() + (params.reservationMs ?? DEFAULT_RESERVATION_MS));
  const limits = { ...DEFAULT_HOLD_LIMITS, ...params.limits };

  const existing = await findCheckoutByKey(db, idempotencyKey);
  if (existing) return resumeCheckout(db, params.cartId, existing, deps);

  await assertStockLooksAvailable(db, params.cartId);
  // The hooks (plugins) run before the locking transaction, so a slow plugin holds no lock.
  const reviewed = deps.hooks ? await reviewAttempt(db, params, deps.hooks) : null;

  const created = await runTransaction(db, async (tx) => {
    // Level 1: the cart (loadCart with `lock`, one statement). A cart that has been ordered
    // answers with its order.
    const locked = await loadCart(tx, {
      cartId: params.cartId,
      customerId: params.customerId,
      lock: true,
    }).catch(async (err: unknown) => {
      if (!(err instanceof CommerceError && err.code === 'CART_NOT_FOUND')) throw err;
      const cartRow = await lockCart(tx, params.cartId);
      if (cartRow?.status !== 'completed') throw err;
      if (cartRow.customerId !== null && cartRow.customerId !== params.customerId)
        throw new CommerceError('CART_NOT_YOURS', 'That cart belongs to another shopper.');
      const order = await findCartOrder(tx, cartRow.id);
      if (!order) throw err;
      return order;
    });
    if (!('lines' in locked))
      return { kind: 'ordered' as const, checkoutId: locked.checkoutId, order: locked };
    const again = await findCheckoutByKey(tx, idempotencyKey);
    if (again) return { kind: 'existing' as const, checkout: again };
    await assertClientHolds(tx, {
      cartId: locked.id,
      clientKey: params.clientKey ?? null,
      maxHoldsPerClient: limits.maxHoldsPerClient,
    });
    // Level 2: earlier live attempts of this cart are superseded, their holds given back, so the
    // cart is priced and validated against the stock and discount uses of other shoppers only.
    const previous = await lockPendingAttempts(tx, locked.id);
    if (previous.length > 0) await lockHolds(tx, { checkoutIds: previous, cartId: locked.id });
    for (const id of previous)
      await expireCheckout(tx, id, 'Replaced by a newer checkout.', { cancelPayment: true });
    const cart =
      previous.length > 0
        ? await loadCart(tx, { cartId: params.cartId, customerId: params.customerId })
        : locked;
    assertComplete(cart);
    for (const line of cart.lines) assertUnitsPerVariant(line.quantity, limits.maxUnitsPerVariant);
    // The verdict holds for the cart the hooks saw; a cart edited in between is not that cart.
    if (reviewed && reviewed.signature !== attemptSignature(toAttempt(cart, params))) {
      throw new CommerceError(
        'CONFLICT',
        'Your cart changed while the checkout was starting; please try again.',
      );
    }

    const snapshot: CheckoutSnapshot = {
      email: cart.email,
      customerId: params.customerId,
      regionId: cart.region.id,
      taxInclusive: cart.region.taxInclusive,
      shippingAddress: cart.shippingAddress,
      shippingOptionName: cart.shippingOption.name,
      discountCode: cart.discount?.code ?? null,
      lines: cart.lines.map((l) => ({
        variantId: l.variantId,
        productId: l.productId,
        productTitle: l.productTitle,
        variantTitle: l.variantTitle,
        sku: l.sku,
        unitPrice: l.unitPrice,
        quantity: l.quantity,
        subtotal: l.subtotal,
        discountTotal: l.discountTotal,
        taxTotal: l.taxTotal,
        total: l.total,
      })),
    };
    const discount = cart.discount
      ? await findUsableDiscount(tx, {
          code: cart.discount.code,
          currencyCode: cart.region.currencyCode,
          subtotal: cart.totals.subtotal,
          now,
        })
      : null;
    const t = cart.totals;
    // A free order (total 0, e.g. free items with free shipping) asks no payment service.
    const provider = t.total === 0 ? FREE_PROVIDER : deps.payments.id;
    const inserted = await queryRows(
      tx,
      sql`
      insert into checkouts (cart_id, provider, idempotency_key, currency_code, subtotal, discount_total,
                             shipping_total, tax_total, total, snapshot, discount_id, discount_claimed, client_key, review, expires_at)
      values (${cart.id}, ${provider}, ${idempotencyKey}, ${t.currencyCode}, ${t.subtotal}, ${t.discountTotal},
              ${t.shippingTotal}, ${t.taxTotal}, ${t.total}, ${JSON.stringify(snapshot)}::jsonb, ${discount?.id ?? null},
              ${discount !== null}, ${params.clientKey ?? null},
              ${reviewed ? JSON.stringify(storedReview(reviewed.review)) : null}::jsonb, ${expiresAt.toISOString()})
      returning id`,
    );
    const checkoutId = String((inserted[0] as Row).id);
    // Level 5, then 6.
    if (discount) {
      await claimDiscount(tx, {
        discount,
        checkoutId,
        customerKey: discountCustomerKey(params.customerId, cart.email),
      });
    }
    const failed = await reserveStock(tx, checkoutId, cart.lines, expiresAt, 'checkout_started');
    if (failed.length > 0) {
      const line = cart.lines.find((l) => l.variantId === failed[0]);
      throw new CommerceError(
        'OUT_OF_STOCK',
        `${line ? `"${line.productTitle} – ${line.variantTitle}"` : 'An item in your cart'} is no longer available in the quantity you chose.`,
      );
    }
    return {
      kind: 'fresh' as const,
      checkout: {
        checkoutId,
        provider,
        clientSecret: null,
        expiresAt,
        totals: t,
        order: null,
      } satisfies StartedCheckout,
      email: cart.email,
    };
  });
  if (created.kind === 'ordered') {
    const found = await findCheckoutById(db, created.checkoutId);
    if (!found) throw new CommerceError('ORDER_NOT_FOUND', 'No order was placed for this cart.');
    return {
      ...found,
      order: { number: created.order.number, accessToken: created.order.accessToken },
    };
  }
  if (created.kind === 'existing') return resumeCheckout(db, params.cartId, created.checkout, deps);

  const { checkout } = created;
  if (checkout.provider === FREE_PROVIDER) return placeFreeOrder(db, params.cartId, checkout);
  try {
    const payment = await deps.payments.createPayment({
      checkoutId: checkout.checkoutId,
      amount: checkout.totals.total,
      currencyCode: checkout.totals.currencyCode,
      email: created.email,
      idempotencyKey: checkout.checkoutId,
    });
    await recordProviderRef(db, checkout.checkoutId, payment.providerRef);
    return { ...checkout, clientSecret: payment.clientSecret };
  } catch (err) {
    await runTransaction(db, async (tx) => {
      await lockCart(tx, params.cartId);
      await expireCheckout(tx, checkout.checkoutId, 'The payment could not be created.');
    });
    throw new CommerceError(
      'PAYMENT_PROVIDER_ERROR',
      'The payment service is not answering; please try again.',
      { cause: err },
    );
  }
}

function toAttempt(
  cart: CompleteCart,
  params: { cartId: string; customerId: string | null; clientKey?: string | null },
): CheckoutAttempt {
  const t = cart.totals;
  return {
    cartId: params.cartId,
    email: cart.email,
    customerId: params.customerId,
    clientKey: params.clientKey ?? null,
    currencyCode: t.currencyCode,
    totals: {
      subtotal: t.subtotal,
      discountTotal: t.discountTotal,
      shippingTotal: t.shippingTotal,
      taxTotal: t.taxTotal,
      total: t.total,
    },
    lines: cart.lines.map((l) => ({
      productId: l.productId,
      variantId: l.variantId,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
    })),
    shippingAddress: cart.shippingAddress,
    shippingOptionName: cart.shippingOption.name,
  };
}

/** What a verdict depends on: an attempt with the same signature is the same purchase. */
function attemptSignature(a: CheckoutAttempt): string {
  return JSON.stringify([
    a.email,
    a.currencyCode,
    a.totals,
    a.lines,
    a.shippingAddress,
    a.shippingOptionName,
  ]);
}

/** The part of a verdict the order needs (`checkouts.review`, applied by `applyCheckoutReview`). */
function storedReview(r: CheckoutReview) {
  return { flags: r.flags, hold: r.hold, holdReason: r.holdReason };
}

/**
 * Asks the checkout hooks about the cart as it would be bought (priced and validated, unlocked).
 * A veto refuses the checkout with the hook's sentence before anything is written. Null: the
 * cart has its order already (the transaction answers with it) — there is nothing to review.
 */
async function reviewAttempt(
  db: Database,
  params: { cartId: string; customerId: string | null; clientKey?: string | null },
  hooks: CheckoutHooks,
): Promise<{ review: CheckoutReview; signature: string } | null> {
  const cart = await loadCart(db, { cartId: params.cartId, customerId: params.customerId }).catch(
    (err: unknown) => {
      if (err instanceof CommerceError && err.code === 'CART_NOT_FOUND') return null;
      throw err;
    },
  );
  if (!cart) return null;
  assertComplete(cart);
  const attempt = toAttempt(cart, params);
  // Taken before the hooks run: a hook that rewrites the attempt it is shown must not make the
  // cart look edited (every checkout would be a CONFLICT) nor change what the verdict is about.
  const signature = attemptSignature(attempt);
  const review = await hooks.review(attempt);
  if (review.veto !== null) throw new CommerceError('CHECKOUT_REFUSED', review.veto);
  return { review, signature };
}

/**
 * Stores the provider's reference once the payment exists. If the attempt was superseded while
 * the payment was being created, its cancellation job found no reference to cancel: enqueue it
 * again now that there is one.
 */
async function recordProviderRef(db: Database, checkoutId: string, providerRef: string) {
  // One statement, so the reference and the re-queued cancellation commit together.
  await db.execute(sql`
    with u as (
      update checkouts set provider_ref = ${providerRef}, updated_at = now()
       where id = ${checkoutId} and provider_ref is null
       returning status
    )
    select ${addJob('cancel-payment', { checkoutId }, { jobKey: cancelPaymentJobKey(checkoutId) })}
      from u where u.status not in ('pending', 'completed')`);
}

/**
 * The same attempt again (a double submit, a retried request): the same checkout. A pending one
 * gets its payment from the provider again under the same idempotency key, so the caller gets
 * the client secret (Stripe) and the payment exists even if the first request died before
 * recording it. A completed one answers with its order; a free one still pending (the first
 * request died between its two transactions) is placed now.
 */
async function resumeCheckout(
  db: Database,
  cartId: string,
  checkout: StartedCheckout & { status: string; providerRef: string | null; email: string },
  deps: { payments: CheckoutPayments },
): Promise<StartedCheckout> {
  const { status, providerRef, email, ...started } = checkout;
  if (status === 'completed') {
    const order = await getPlacedOrderForCheckout(db, checkout.checkoutId);
    return { ...started, order: { number: order.number, accessToken: order.accessToken } };
  }
  if (status === 'pending' && checkout.provider === FREE_PROVIDER)
    return placeFreeOrder(db, cartId, started);
  if (status !== 'pending' || checkout.provider !== deps.payments.id) return started;
  const payment = await deps.payments.createPayment({
    checkoutId: checkout.checkoutId,
    amount: checkout.totals.total,
    currencyCode: checkout.totals.currencyCode,
    email,
    idempotencyKey: checkout.checkoutId,
  });
  if (providerRef === null) await recordProviderRef(db, checkout.checkoutId, payment.providerRef);
  return { ...started, clientSecret: payment.clientSecret };
}

/** A free checkout (total 0) becomes its order at once; the shopper is shown that order. */
async function placeFreeOrder(
  db: Database,
  cartId: string,
  checkout: StartedCheckout,
): Promise<StartedCheckout> {
  const order = await completeFreeCheckout(db, {
    cartId,
    checkoutId: checkout.checkoutId,
    currencyCode: checkout.totals.currencyCode,
  });
  return { ...checkout, order: { number: order.number, accessToken: order.accessToken } };
}

/**
 * A cheap read before the locking transaction: when a line is already short of stock (counting
 * this cart's own holds as its own), refuse at once instead of queueing for the stock rows. Only
 * an optimisation for sell-outs; the conditional UPDATE in `reserveStock` is what guarantees
 * correctness.
 */
async function assertStockLooksAvailable(db: Database, cartId: string): Promise<void> {
  if (!isUuid(cartId)) return;
  const short = await queryRows(
    db,
    sql`
    select p.title as product_title, v.title as variant_title
      from cart_lines cl
      join carts k on k.id = cl.cart_id and k.status = 'active'
      join product_variants v on v.id = cl.variant_id and v.manage_inventory
      join products p on p.id = v.product_id
     where cl.cart_id = ${cartId}
       and cl.quantity > coalesce((select sum(on_hand - reserved) from inventory_levels where variant_id = cl.variant_id), 0)
                       + coalesce((select sum(r.quantity) from reservations r join checkouts c on c.id = r.checkout_id
                                    where c.cart_id = ${cartId} and c.status = 'pending' and r.status = 'active'
                                      and r.variant_id = cl.variant_id), 0)
     limit 1`,
  );
  const line = short[0];
  if (line) {
    throw new CommerceError(
      'OUT_OF_STOCK',
      `"${String(line.product_title)} – ${String(line.variant_title)}" is no longer available in the quantity you chose.`,
    );
  }
}

const checkoutColumns = sql`c.id, c.provider, c.provider_ref, c.expires_at, c.status, c.currency_code, c.subtotal,
  c.discount_total, c.shipping_total, c.tax_total, c.total, (c.snapshot->>'taxInclusive')::boolean as tax_inclusive,
  c.snapshot->>'email' as email`;

function toStartedCheckout(r: Row) {
  return {
    checkoutId: String(r.id),
    provider: String(r.provider),
    providerRef: r.provider_ref === null ? null : String(r.provider_ref),
    status: String(r.status),
    email: String(r.email ?? ''),
    clientSecret: null,
    expiresAt: new Date(String(r.expires_at)),
    order: null,
    totals: {
      currencyCode: String(r.currency_code),
      taxInclusive: r.tax_inclusive === true,
      subtotal: Number(r.subtotal),
      discountTotal: Number(r.discount_total),
      shippingTotal: Number(r.shipping_total),
      taxTotal: Number(r.tax_total),
      total: Number(r.total),
    },
  };
}

async function findCheckoutByKey(db: Database, key: string) {
  const found = await queryRows(
    db,
    sql`select ${checkoutColumns} from checkouts c where c.idempotency_key = ${key}`,
  );
  const r = found[0];
  return r ? toStartedCheckout(r) : null;
}

async function findCheckoutById(db: Database, checkoutId: string) {
  const found = await queryRows(
    db,
    sql`select ${checkoutColumns} from checkouts c where c.id = ${checkoutId}`,
  );
  const r = found[0];
  if (!r) return null;
  const { status: _s, providerRef: _p, email: _e, ...started } = toStartedCheckout(r);
  return started;
}

/** The shopper abandons a pending checkout (e.g. goes back to the cart): its holds are released. */
export async function cancelCheckout(
  db: Database,
  params: { checkoutId: string; cartId: string },
): Promise<void> {
  if (!isUuid(params.checkoutId))
    throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
  await runTransaction(db, async (tx) => {
    await lockCart(tx, params.cartId);
    const found = await queryRows(
      tx,
      sql`select cart_id from checkouts where id = ${params.checkoutId} for update`,
    );
    const c = found[0];
    if (!c || c.cart_id !== params.cartId)
      throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
    await expireCheckout(tx, params.checkoutId, 'Canceled by the shopper.', {
      cancelPayment: true,
    });
  });
}

/**
 * Releases every pending checkout whose reservation has lapsed, one transaction each (so each
 * takes its discount and stock rows in order and holds them only for itself). Safe to run from
 * several workers at once: a checkout someone holds is skipped (SKIP LOCKED at level 2; no cart
 * lock), so this never waits for a shopper's request. Each release emits `checkout.expired` and
 * `stock.changed` in its transaction (`expireCheckout`).
 */
export async function releaseExpiredCheckouts(db: Database, now = new Date()): Promise<number> {
  let released = 0;
  for (;;) {
    const due = await queryRows(
      db,
      sql`
      select id from checkouts where status = 'pending' and expires_at <= ${now.toISOString()}
       order by expires_at limit 100`,
    );
    let pass = 0;
    for (const r of due) {
      const id = String(r.id);
      pass += await runTransaction(db, async (tx) => {
        const locked = await queryRows(
          tx,
          sql`
          select id from checkouts
           where id = ${id} and status = 'pending' and expires_at <= ${now.toISOString()}
             for update skip locked`,
        );
        if (locked.length === 0) return 0;
        // Emits checkout.expired, and stock.changed for the units that are on sale again.
        await expireCheckout(tx, id, 'The reservation expired.', { lapsed: true });
        return 1;
      });
    }
    released += pass;
    if (due.length < 100 || pass === 0) return released;
  }
}
