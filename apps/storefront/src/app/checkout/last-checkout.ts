import { cookies, headers } from 'next/headers';
import { TRPCError } from '@trpc/server';
import { createStorefrontCaller, memoryCartCookie } from '@shop/api';
import type { CheckoutStatus } from '@shop/core';
import { storefrontContext } from '~/server/cart';
import { isSecureCookie, nextCartCookie } from '~/server/cart-cookie';

/**
 * Who may see a checkout's status on /checkout/complete. The core answers only the cart that
 * started the checkout, and the browser proves that with the `cart_id` cookie. Once the order is
 * placed that cookie is replaced when the shopper starts a new cart (in this tab or another),
 * yet a reload or the back button must still find the order. So the complete page pins a
 * second cookie, `last_checkout`, holding `<checkout id>.<cart id>`:
 *
 * - httpOnly, SameSite=Lax, path /checkout, one hour: scripts cannot read it, other sites cannot
 *   send it on a POST, and it does not outlive the wait for a slow webhook by much;
 * - not signed, because it needs no signature: it is only honoured for the checkout it names,
 *   and only if that checkout belongs to the cart it names. A cart id is a random UUID that only
 *   ever lives in httpOnly cookies (never in a URL), so forging the cookie takes exactly the
 *   secret that `cart_id` already is. The checkout id alone, which does travel in URLs (the
 *   return address given to Stripe), is worth nothing without it.
 *
 * It is pinned by the page's first status poll (a server action), not when the checkout starts:
 * any cookie written by a server action makes Next re-render the page, and the checkout page
 * re-rendered right after the start sees the cart with its own reservation subtracted ("sold
 * out" for the last unit), which would take the payment form away.
 */
export const LAST_CHECKOUT_COOKIE = 'last_checkout';
const LAST_CHECKOUT_PATH = '/checkout';
const LAST_CHECKOUT_SECONDS = 3600;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isCheckoutId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

interface Remembered {
  checkoutId: string;
  cartId: string;
}

function parseRemembered(value: string | undefined): Remembered | null {
  const [checkoutId, cartId, ...rest] = (value ?? '').split('.');
  if (rest.length > 0 || !isCheckoutId(checkoutId) || !isCheckoutId(cartId)) return null;
  return { checkoutId, cartId };
}

export interface CheckoutLookup {
  status: CheckoutStatus;
  /** The cart the answer was given to. */
  cartId: string;
}

/**
 * The checkout's status as its cart sees it, or null when this browser holds neither the cart
 * cookie of that checkout nor a `last_checkout` cookie naming it. Works in pages (reads only).
 */
export async function lookUpCheckout(checkoutId: string): Promise<CheckoutLookup | null> {
  const remembered = parseRemembered((await cookies()).get(LAST_CHECKOUT_COOKIE)?.value);
  const candidates = new Set<string>();
  if (remembered?.checkoutId === checkoutId) candidates.add(remembered.cartId);
  const cartCookie = (await nextCartCookie()).get();
  if (cartCookie) candidates.add(cartCookie);

  for (const cartId of candidates) {
    const api = createStorefrontCaller(storefrontContext(memoryCartCookie(cartId)));
    try {
      return { status: await api.storefront.checkout.status({ checkoutId }), cartId };
    } catch (err) {
      if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) {
        continue;
      }
      throw err;
    }
  }
  return null;
}

/**
 * Pins `last_checkout` to this checkout (server actions only). The cart cookie is left alone
 * once the order exists: a completed cart reads as no cart, and the next add starts a new one.
 */
export async function settleCheckoutCookies(
  checkoutId: string,
  found: CheckoutLookup,
): Promise<void> {
  const store = await cookies();
  const value = `${checkoutId}.${found.cartId}`;
  if (store.get(LAST_CHECKOUT_COOKIE)?.value !== value) {
    store.set(LAST_CHECKOUT_COOKIE, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecureCookie(await headers()),
      path: LAST_CHECKOUT_PATH,
      maxAge: LAST_CHECKOUT_SECONDS,
    });
  }
}

/** Releases the checkout's stock and discount if it is still pending (its cart's call). */
export async function cancelPendingCheckout(checkoutId: string): Promise<void> {
  const found = await lookUpCheckout(checkoutId);
  if (found?.status.status !== 'pending') return;
  const api = createStorefrontCaller(storefrontContext(memoryCartCookie(found.cartId)));
  await api.storefront.checkout.cancel({ checkoutId });
}
