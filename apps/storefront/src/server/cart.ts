import { headers } from 'next/headers';
import { TRPCError } from '@trpc/server';
import { createStorefrontCaller, createStorefrontContext, type CartCookie } from '@shop/api';
import { logUnexpected, newRequestId, somethingWentWrong } from '@shop/api/edge';
import { requestClientKey } from '@shop/env/client-address';
import { env } from '~/env';
import { nextCartCookie } from './cart-cookie';
import { getCustomer } from './customer-auth';
import { getLogger, getShop } from './shop';

/**
 * The shopper's cart and the in-process storefront caller for cart and checkout pages and their
 * server actions. The cart itself lives in Postgres; the browser holds only its id
 * (`./cart-cookie`).
 */

/** How long a started checkout holds stock (CHECKOUT_RESERVATION_SECONDS). */
export const reservationMs = env.CHECKOUT_RESERVATION_SECONDS * 1000;

/** Hold limits for carts and checkouts (CHECKOUT_MAX_UNITS_PER_VARIANT, ..._HOLDS_PER_CLIENT). */
const checkoutLimits = {
  maxUnitsPerVariant: env.CHECKOUT_MAX_UNITS_PER_VARIANT,
  maxHoldsPerClient: env.CHECKOUT_MAX_HOLDS_PER_CLIENT,
};

/**
 * The storefront context of cart and checkout calls: the Shop (databases, payments, limiter,
 * clock) with the cart cookie, the signed-in customer (from the session cookie; null for
 * guests), reservation length, the client key and hold limits. `getCustomer` reads the request
 * through `next/headers`, which works in route handlers as well as pages and actions. Without
 * `requestHeaders` there is no client key and nothing is counted: only for calls that neither
 * create nor hold anything (a checkout's status or cancellation looked up by cart).
 */
export function storefrontContext(cart: CartCookie, requestHeaders?: Headers) {
  return createStorefrontContext(getShop(), {
    cart,
    getCustomer,
    reservationMs,
    // Who is calling, as a keyed hash of the client's address (never the address itself).
    clientKey: requestHeaders
      ? requestClientKey(requestHeaders, env.BETTER_AUTH_SECRET, getLogger())
      : null,
    checkoutLimits,
  });
}

/**
 * The storefront router called in-process (no HTTP hop) with the shopper's cart cookie. Reads
 * cookies, so any page that uses it is rendered per request.
 */
export async function storefrontCaller() {
  const [cart, requestHeaders] = await Promise.all([nextCartCookie(), headers()]);
  return createStorefrontCaller(storefrontContext(cart, requestHeaders));
}

/**
 * The sentence to show a shopper for a failed call: the core's own sentence ("Only 2 left in
 * stock."), or the first message of a failed input schema. An unexpected failure is logged once
 * with a new reference and gets the same generic sentence as the HTTP API, quoting it (its
 * details stay in the server log).
 */
export function userMessage(err: unknown): string {
  if (err instanceof TRPCError) {
    const issues = (err.cause as { issues?: unknown } | undefined)?.issues;
    if (Array.isArray(issues)) {
      const first: unknown = issues[0];
      if (first && typeof first === 'object' && 'message' in first) {
        return sentence(String(first.message));
      }
    }
    if (err.code !== 'INTERNAL_SERVER_ERROR') return sentence(err.message);
  }
  const requestId = newRequestId();
  logUnexpected(getLogger(), requestId, 'storefront cart or checkout call', err);
  return somethingWentWrong(requestId);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
