import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import type { AddressSnapshot } from '@shop/db/schema';
import { loadCart, type CartView } from '../cart/cart';
import {
  claimDiscount,
  discountCustomerKey,
  findUsableDiscount,
  releaseDiscountClaim,
} from '../discounts/discounts';
import { CommerceError } from '../errors';
import { releaseReservations, reserveStock } from '../inventory/reservations';
import { createOrderFromCheckout, type PlacedOrder } from '../orders/place';
import type { CheckoutPayments } from './payments-port';

/** How long a started checkout holds its stock and discount. */
export const DEFAULT_RESERVATION_MS = 15 * 60_000;

export interface CheckoutSnapshot {
  email: string;
  customerId: string | null;
  regionId: number;
  taxInclusive: boolean;
  shippingAddress: AddressSnapshot;
  shippingOptionName: string;
  discountCode: string | null;
  lines: Array<{
    variantId: number;
    productId: number;
    productTitle: string;
    variantTitle: string;
    sku: string;
    unitPrice: number;
    quantity: number;
    subtotal: number;
    discountTotal: number;
    taxTotal: number;
    total: number;
  }>;
}

export interface StartedCheckout {
  checkoutId: string;
  provider: string;
  clientSecret: string | null;
  expiresAt: Date;
  totals: CartView['totals'];
}

type Row = Record<string, unknown>;

function assertComplete(cart: CartView): asserts cart is CartView & {
  email: string;
  shippingAddress: AddressSnapshot;
  shippingOption: NonNullable<CartView['shippingOption']>;
} {
  if (cart.lines.length === 0)
    throw new CommerceError('CHECKOUT_INCOMPLETE', 'Your cart is empty.');
  if (!cart.email) throw new CommerceError('CHECKOUT_INCOMPLETE', 'Enter your email address.');
  if (!cart.shippingAddress)
    throw new CommerceError('CHECKOUT_INCOMPLETE', 'Enter a shipping address.');
  if (!cart.shippingOption)
    throw new CommerceError('CHECKOUT_INCOMPLETE', 'Choose a shipping option.');
  if (cart.discountProblem) throw new CommerceError('DISCOUNT_INVALID', cart.discountProblem);
  const unsellable = cart.lines.find((l) => l.unitPrice === 0);
  if (unsellable) {
    throw new CommerceError(
      'INVALID_INPUT',
      `"${unsellable.productTitle}" is no longer for sale; remove it from your cart.`,
    );
  }
}

/**
 * Starts paying for a cart: prices it from the database, claims its discount and reserves every
 * line (one conditional UPDATE each) until the expiry, all in one transaction — so either the
 * whole cart is held or nothing is. Then creates the payment with the provider under an
 * idempotency key. Calling it again with the same `attemptKey` returns the same checkout; a new
 * attempt on the same cart first releases the previous pending one.
 */
export async function startCheckout(
  db: Database,
  params: {
    cartId: string;
    customerId: string | null;
    attemptKey: string;
    reservationMs?: number;
    now?: Date;
  },
  deps: { payments: CheckoutPayments },
): Promise<StartedCheckout> {
  const idempotencyKey = `checkout:${params.cartId}:${params.attemptKey}`;
  const now = params.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (params.reservationMs ?? DEFAULT_RESERVATION_MS));

  const existing = await findCheckoutByKey(db, idempotencyKey);
  if (existing) return existing;

  await assertStockLooksAvailable(db, params.cartId);

  const created = await db.transaction(async (tx) => {
    // Lock the cart first (loadCart with lock), then give back what an earlier attempt on this
    // cart still holds, so the cart is priced and validated against the stock and discount uses
    // of other shoppers only.
    const locked = await loadCart(tx, {
      cartId: params.cartId,
      customerId: params.customerId,
      lock: true,
    });
    const again = await findCheckoutByKey(tx, idempotencyKey);
    if (again) return { checkout: again, fresh: false, email: locked.email ?? '' };
    const previous = await tx.execute(sql`
      select id from checkouts where cart_id = ${locked.id} and status = 'pending' for update`);
    for (const p of previous.rows as Row[])
      await expireCheckout(tx, String(p.id), 'Replaced by a newer checkout.');
    const cart =
      previous.rows.length > 0
        ? await loadCart(tx, { cartId: params.cartId, customerId: params.customerId })
        : locked;
    assertComplete(cart);

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
    const inserted = await tx.execute(sql`
      insert into checkouts (cart_id, provider, idempotency_key, currency_code, subtotal, discount_total,
                             shipping_total, tax_total, total, snapshot, discount_id, discount_claimed, expires_at)
      values (${cart.id}, ${deps.payments.id}, ${idempotencyKey}, ${t.currencyCode}, ${t.subtotal}, ${t.discountTotal},
              ${t.shippingTotal}, ${t.taxTotal}, ${t.total}, ${JSON.stringify(snapshot)}::jsonb, ${discount?.id ?? null},
              ${discount !== null}, ${expiresAt.toISOString()})
      returning id`);
    const checkoutId = String((inserted.rows[0] as Row).id);
    if (discount) {
      await claimDiscount(tx, {
        discount,
        checkoutId,
        customerKey: discountCustomerKey(params.customerId, cart.email),
      });
    }
    const failed = await reserveStock(tx, checkoutId, cart.lines, expiresAt);
    if (failed.length > 0) {
      const line = cart.lines.find((l) => l.variantId === failed[0]);
      throw new CommerceError(
        'OUT_OF_STOCK',
        `${line ? `"${line.productTitle} – ${line.variantTitle}"` : 'An item in your cart'} is no longer available in the quantity you chose.`,
      );
    }
    return {
      checkout: {
        checkoutId,
        provider: deps.payments.id,
        clientSecret: null,
        expiresAt,
        totals: t,
      } satisfies StartedCheckout,
      fresh: true,
      email: cart.email,
    };
  });
  if (!created.fresh) return created.checkout;

  const { checkout } = created;
  try {
    const payment = await deps.payments.createPayment({
      checkoutId: checkout.checkoutId,
      amount: checkout.totals.total,
      currencyCode: checkout.totals.currencyCode,
      email: created.email,
      idempotencyKey: checkout.checkoutId,
    });
    await db.execute(sql`
      update checkouts set provider_ref = ${payment.providerRef}, updated_at = now() where id = ${checkout.checkoutId}`);
    return { ...checkout, clientSecret: payment.clientSecret };
  } catch (err) {
    await db.transaction((tx) =>
      expireCheckout(tx, checkout.checkoutId, 'The payment could not be created.'),
    );
    throw new CommerceError(
      'PAYMENT_PROVIDER_ERROR',
      'The payment service is not answering; please try again.',
      { cause: err },
    );
  }
}

/**
 * A cheap read before the locking transaction: when a line is already short of stock (counting
 * this cart's own holds as its own), refuse at once instead of queueing for the stock rows. Only
 * an optimisation for sell-outs; the conditional UPDATE in `reserveStock` is what guarantees
 * correctness.
 */
async function assertStockLooksAvailable(db: Database, cartId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(cartId)) return;
  const short = await db.execute(sql`
    select p.title as product_title, v.title as variant_title
      from cart_lines cl
      join product_variants v on v.id = cl.variant_id and v.manage_inventory
      join products p on p.id = v.product_id
     where cl.cart_id = ${cartId}
       and cl.quantity > coalesce((select sum(on_hand - reserved) from inventory_levels where variant_id = cl.variant_id), 0)
                       + coalesce((select sum(r.quantity) from reservations r join checkouts c on c.id = r.checkout_id
                                    where c.cart_id = ${cartId} and c.status = 'pending' and r.status = 'active'
                                      and r.variant_id = cl.variant_id), 0)
     limit 1`);
  const line = short.rows[0] as Row | undefined;
  if (line) {
    throw new CommerceError(
      'OUT_OF_STOCK',
      `"${String(line.product_title)} – ${String(line.variant_title)}" is no longer available in the quantity you chose.`,
    );
  }
}

async function findCheckoutByKey(db: Database, key: string): Promise<StartedCheckout | null> {
  const found = await db.execute(sql`
    select c.id, c.provider, c.expires_at, c.status, c.currency_code, c.subtotal, c.discount_total,
           c.shipping_total, c.tax_total, c.total, (c.snapshot->>'taxInclusive')::boolean as tax_inclusive
      from checkouts c where c.idempotency_key = ${key}`);
  const r = found.rows[0] as Row | undefined;
  if (!r) return null;
  return {
    checkoutId: String(r.id),
    provider: String(r.provider),
    clientSecret: null,
    expiresAt: new Date(String(r.expires_at)),
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

/** Releases a pending checkout's stock and discount and marks it expired (in the caller's tx). */
async function expireCheckout(tx: Database, checkoutId: string, reason: string): Promise<void> {
  // Lock order everywhere: checkout, then discount, then inventory rows (by variant id).
  await releaseDiscountClaim(tx, checkoutId);
  await releaseReservations(tx, checkoutId);
  await tx.execute(sql`
    update checkouts set status = 'expired', discount_claimed = false, failure_reason = coalesce(failure_reason, ${reason}),
           updated_at = now()
     where id = ${checkoutId} and status = 'pending'`);
}

/** The shopper abandons a pending checkout (e.g. goes back to the cart): its holds are released. */
export async function cancelCheckout(
  db: Database,
  params: { checkoutId: string; cartId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const found = await tx.execute(
      sql`select cart_id from checkouts where id = ${params.checkoutId} for update`,
    );
    const c = found.rows[0] as Row | undefined;
    if (!c || c.cart_id !== params.cartId)
      throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
    await expireCheckout(tx, params.checkoutId, 'Canceled by the shopper.');
  });
}

/**
 * Releases every pending checkout whose reservation has lapsed. Safe to run from several workers
 * at once: each checkout is locked and skipped by the others.
 */
export async function releaseExpiredCheckouts(db: Database, now = new Date()): Promise<number> {
  let released = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const due = await tx.execute(sql`
        select id from checkouts where status = 'pending' and expires_at <= ${now.toISOString()}
         order by expires_at limit 100 for update skip locked`);
      for (const r of due.rows as Row[])
        await expireCheckout(tx, String(r.id), 'The reservation expired.');
      return due.rows.length;
    });
    released += batch;
    if (batch < 100) return released;
  }
}

/**
 * Pays a checkout with a card through a provider that confirms on the server (the test
 * provider). A decline leaves the checkout pending (the shopper may try another card until the
 * reservation expires) and throws PAYMENT_DECLINED; success places the order exactly once.
 */
export async function payCheckout(
  db: Database,
  params: { checkoutId: string; cartId: string; cardNumber: string },
  deps: { payments: CheckoutPayments },
): Promise<PlacedOrder> {
  const found = await db.execute(sql`
    select id, cart_id, status, provider, provider_ref, total, currency_code
      from checkouts where id = ${params.checkoutId}`);
  const c = found.rows[0] as Row | undefined;
  if (!c || c.cart_id !== params.cartId)
    throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
  if (c.status === 'completed') return getPlacedOrderForCheckout(db, params.checkoutId);
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
  const result = await completeCheckout(db, {
    checkoutId: params.checkoutId,
    providerRef: outcome.providerRef,
    amount: Number(c.total),
    currencyCode: String(c.currency_code),
  });
  if (result.status === 'refunded') {
    throw new CommerceError('OUT_OF_STOCK', result.reason);
  }
  return result.order;
}

export type CompletionResult =
  | { status: 'placed'; order: PlacedOrder; duplicate: boolean }
  | { status: 'refunded'; reason: string };

/**
 * The single place where a successful payment becomes an order, exactly once per checkout
 * (the checkout row is locked, and orders.checkout_id is unique). Stock reserved for the checkout
 * is turned into a sale; if the reservation had lapsed, the stock is reserved again when
 * possible, otherwise the payment is recorded and refunded, and the shopper is told by mail.
 */
export async function completeCheckout(
  db: Database,
  params: { checkoutId: string; providerRef: string; amount: number; currencyCode: string },
): Promise<CompletionResult> {
  const result = await db.transaction(async (tx) => {
    const found = await tx.execute(sql`
      select id, status, provider, total, currency_code, snapshot, discount_id, discount_claimed, expires_at
        from checkouts where id = ${params.checkoutId} for update`);
    const c = found.rows[0] as Row | undefined;
    if (!c) throw new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
    if (c.status === 'completed') {
      return {
        kind: 'placed' as const,
        order: await getPlacedOrderForCheckout(tx, params.checkoutId),
        duplicate: true,
      };
    }
    const payment = await tx.execute(sql`
      insert into payments (checkout_id, provider, provider_ref, amount, currency_code)
      values (${params.checkoutId}, ${String(c.provider)}, ${params.providerRef}, ${params.amount}, ${params.currencyCode})
      on conflict (provider, provider_ref) do update set amount = payments.amount
      returning id`);
    const paymentRow = payment.rows[0] as Row;
    const paymentId = Number(paymentRow.id);
    if (c.status === 'failed') {
      // The checkout already gave up (an earlier payment was refunded); refund this one too.
      await enqueueJob(
        tx,
        'refund-payment',
        { paymentId, reason: 'This checkout was closed.' },
        { jobKey: `refund-payment:${paymentId}` },
      );
      return {
        kind: 'refunded' as const,
        reason: 'This checkout was closed; your payment will be refunded in full.',
      };
    }
    const snapshot = c.snapshot as CheckoutSnapshot;

    const mismatch =
      params.amount !== Number(c.total) || params.currencyCode !== String(c.currency_code);
    let problem: string | null = mismatch
      ? 'The amount paid does not match the order total.'
      : null;

    if (!problem && c.discount_id !== null && c.discount_claimed !== true) {
      problem = await tx
        .transaction(async (sp) => {
          const bumped = await sp.execute(sql`
            update discounts set usage_count = usage_count + 1
             where id = ${Number(c.discount_id)} and (usage_limit is null or usage_count < usage_limit) returning id`);
          if (bumped.rows.length === 0) throw new CommerceError('DISCOUNT_INVALID', 'used up');
          await sp.execute(
            sql`update discount_redemptions set released = false where checkout_id = ${params.checkoutId}`,
          );
          await sp.execute(
            sql`update checkouts set discount_claimed = true where id = ${params.checkoutId}`,
          );
          return null;
        })
        .catch((err: unknown) => {
          // Used up meanwhile, or the unique once-per-customer index refused the claim.
          if (
            err instanceof CommerceError ||
            (err instanceof Error && /duplicate key|unique/i.test(String(err.cause ?? err.message)))
          ) {
            return 'The discount code was used up before your payment arrived.';
          }
          throw err;
        });
    }
    if (!problem) {
      const active = await tx.execute(sql`
        select coalesce(sum(quantity), 0)::int as n from reservations where checkout_id = ${params.checkoutId} and status = 'active'`);
      const hasActive = Number((active.rows[0] as Row).n) > 0;
      if (!hasActive) {
        // The reservation lapsed (worker released it) before the payment arrived: hold the stock
        // again if it is still there. A savepoint keeps a partial re-reservation from sticking.
        problem = await tx
          .transaction(async (sp) => {
            const failed = await reserveStock(
              sp,
              params.checkoutId,
              snapshot.lines,
              new Date(Date.now() + 60_000),
            );
            if (failed.length > 0) throw new CommerceError('OUT_OF_STOCK', 'gone');
            return null;
          })
          .catch((err: unknown) => {
            if (err instanceof CommerceError)
              return 'An item sold out before your payment arrived.';
            throw err;
          });
      }
    }
    if (problem) {
      await releaseDiscountClaim(tx, params.checkoutId);
      await releaseReservations(tx, params.checkoutId);
      await tx.execute(sql`
        update checkouts set status = 'failed', failure_reason = ${problem}, updated_at = now() where id = ${params.checkoutId}`);
      await enqueueJob(
        tx,
        'refund-payment',
        { paymentId, reason: problem },
        { jobKey: `refund-payment:${paymentId}` },
      );
      return {
        kind: 'refunded' as const,
        reason: `${problem} Your payment will be refunded in full.`,
      };
    }

    const order = await createOrderFromCheckout(tx, {
      checkoutId: params.checkoutId,
      paymentId,
      snapshot,
      currencyCode: String(c.currency_code),
      discountId: c.discount_id === null ? null : Number(c.discount_id),
      accessToken: randomBytes(24).toString('base64url'),
    });
    return { kind: 'placed' as const, order, duplicate: false };
  });
  return result.kind === 'placed'
    ? { status: 'placed', order: result.order, duplicate: result.duplicate }
    : { status: 'refunded', reason: result.reason };
}

export async function getPlacedOrderForCheckout(
  db: Database,
  checkoutId: string,
): Promise<PlacedOrder> {
  const found = await db.execute(
    sql`select id, number, access_token, email from orders where checkout_id = ${checkoutId}`,
  );
  const r = found.rows[0] as Row | undefined;
  if (!r) throw new CommerceError('ORDER_NOT_FOUND', 'No order was placed for this checkout.');
  return {
    orderId: Number(r.id),
    number: Number(r.number),
    accessToken: String(r.access_token),
    email: String(r.email),
  };
}
