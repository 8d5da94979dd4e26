import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { CommerceError } from '../errors';
import { isUuid } from './attempts';

export type CheckoutState = 'pending' | 'completed' | 'failed' | 'expired';

export interface CheckoutStatus {
  status: CheckoutState;
  /**
   * Why the checkout failed or expired. On a pending checkout: why the latest payment attempt
   * failed (the shopper may still pay). Null once completed.
   */
  failureReason: string | null;
  /** The order (its number and the access token for its page); set once completed. */
  order: { number: number; accessToken: string } | null;
}

const STATES: readonly string[] = ['pending', 'completed', 'failed', 'expired'];

/**
 * Where a checkout stands, for the page that waits while a provider that confirms in the browser
 * (Stripe) reports the payment to the webhook, which places the order. Only the cart that started
 * the checkout may ask: another cart, an unknown id or one that is not a UUID all get
 * CHECKOUT_NOT_FOUND, so the order's access token never reaches someone who only saw the checkout
 * id (it travels in URLs: the return address given to the provider).
 *
 * `expired` is not final while a payment may still be on its way: a payment that arrives after
 * the reservation lapsed still becomes an order when the stock is there (`completeCheckout`).
 */
export async function getCheckoutStatus(
  db: Database,
  params: { checkoutId: string; cartId: string },
): Promise<CheckoutStatus> {
  if (!isUuid(params.checkoutId) || !isUuid(params.cartId)) throw checkoutNotFound();
  // The cart's one order, whichever attempt placed it: a shopper who paid in two tabs waits on
  // either attempt and lands on the same order (the other payment is refunded).
  const found = await queryRows(
    db,
    sql`
    select c.status, c.failure_reason, o.number, o.access_token
      from checkouts c
      left join orders o on o.cart_id = c.cart_id
     where c.id = ${params.checkoutId} and c.cart_id = ${params.cartId}`,
  );
  const r = found[0];
  if (!r || !STATES.includes(String(r.status))) throw checkoutNotFound();
  const status = (r.number !== null ? 'completed' : String(r.status)) as CheckoutState;
  const order =
    status === 'completed' && r.number !== null && r.access_token !== null
      ? { number: Number(r.number), accessToken: String(r.access_token) }
      : null;
  const failureReason =
    status === 'completed' || r.failure_reason === null ? null : String(r.failure_reason);
  return { status, failureReason, order };
}

function checkoutNotFound(): CommerceError {
  return new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.');
}
