import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { CommerceError } from '../errors';

/**
 * Hold limits: how much stock one shopper may hold at once, so that a script cannot sit on a
 * flash sale's whole stock for the reservation time. Units per variant bound one cart (and so
 * one order); live holds per client bound how many carts one client may have in checkout at
 * once. Both are settings (`CHECKOUT_MAX_UNITS_PER_VARIANT`, `CHECKOUT_MAX_HOLDS_PER_CLIENT`).
 */
export interface HoldLimits {
  /** Units of one variant a cart (an order) may hold. */
  maxUnitsPerVariant: number;
  /** Live (pending) checkouts of other carts one client may hold at once. */
  maxHoldsPerClient: number;
}

export const DEFAULT_HOLD_LIMITS: HoldLimits = { maxUnitsPerVariant: 10, maxHoldsPerClient: 3 };

/** Refuses a line quantity above the per-variant limit, with a sentence. */
export function assertUnitsPerVariant(quantity: number, maxUnitsPerVariant: number): void {
  if (quantity > maxUnitsPerVariant) {
    throw new CommerceError(
      'QUANTITY_LIMIT',
      `You can buy at most ${maxUnitsPerVariant} of one item per order.`,
    );
  }
}

/**
 * Checked when a checkout starts, right after the cart is locked (level 1 of the checkout lock
 * order; this advisory lock on the client key is level 1b, before any checkout row). The count
 * of the client's live holds is taken under it, so two carts of one client starting at once
 * cannot both slip under the limit.
 */
export async function assertClientHolds(
  tx: Database,
  params: { cartId: string; clientKey: string | null; maxHoldsPerClient: number },
): Promise<void> {
  if (params.clientKey === null) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`holds:${params.clientKey}`}, 0))`,
  );
  const held = await queryRows(
    tx,
    sql`
    select count(*)::int as n from checkouts
     where client_key = ${params.clientKey} and status = 'pending' and expires_at > now()
       and cart_id <> ${params.cartId}`,
  );
  const n = Number((held[0] as { n: number }).n);
  if (n >= params.maxHoldsPerClient) {
    throw new CommerceError(
      'RATE_LIMITED',
      `You already have ${n} checkouts holding stock; finish or cancel one before starting another.`,
    );
  }
}
