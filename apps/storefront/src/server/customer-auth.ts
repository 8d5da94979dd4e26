import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { createStorefrontCaller, createStorefrontContext } from '@shop/api';
import {
  createCustomerAuth,
  readSetCookies,
  toCustomer,
  type CustomerAuth,
  type SignedInCustomer,
} from '@shop/auth';
import { mergeCarts } from '@shop/core';
import { CLIENT_ADDRESS_HEADER, withClientAddress } from '@shop/env/client-address';
import { nextCartCookie, CART_COOKIE } from './cart-cookie';
import { env } from '~/env';
import { getLogger, getShop } from './shop';

let auth: CustomerAuth | undefined;

/**
 * The shoppers' better-auth instance, made on first use so that importing a route at build time
 * opens nothing.
 */
export function getCustomerAuth(): CustomerAuth {
  const shop = getShop();
  auth ??= createCustomerAuth({
    db: shop.db,
    rateLimiter: shop.rateLimiter,
    secret: env.BETTER_AUTH_SECRET,
    baseURL: env.STOREFRONT_URL,
    clientAddressHeader: CLIENT_ADDRESS_HEADER,
  });
  return auth;
}

/** The signed-in customer of the current request (checked against `customer_sessions`). */
export const getCustomer = cache(async (): Promise<SignedInCustomer | null> =>
  toCustomer(await getCustomerAuth().api.getSession({ headers: await headers() })),
);

/** The signed-in customer, or a redirect to sign-in that comes back to `returnTo` afterwards. */
export async function requireCustomer(returnTo: string): Promise<SignedInCustomer> {
  const customer = await getCustomer();
  if (!customer) redirect(`/account/sign-in?next=${encodeURIComponent(returnTo)}`);
  return customer;
}

/**
 * The storefront router called in-process as the signed-in customer, for the account pages and
 * their server actions (`storefront.account.*` checks the session itself and answers 401).
 */
export function accountCaller() {
  return createStorefrontCaller(createStorefrontContext(getShop(), { getCustomer })).storefront;
}

export type AuthPath =
  '/sign-in/email' | '/sign-up/email' | '/sign-out' | '/request-password-reset' | '/reset-password';

/**
 * Request headers that better-auth reads: the session and the user agent. Who is asking (its
 * throttle) goes as the client-address header alone, decided by `withClientAddress`: a
 * caller's own `X-Forwarded-For` is never passed on.
 */
const FORWARDED_HEADERS = ['cookie', 'user-agent', CLIENT_ADDRESS_HEADER];

/**
 * Calls one of better-auth's endpoints from a server action, as the browser would call
 * `/api/auth/...` (so its rate limits and checks apply), and copies the cookies it sets onto the
 * action's response. Returns the status and the JSON body. The origin is the storefront's own:
 * Next has already checked that the action was posted from this site.
 */
export async function callCustomerAuth(
  path: AuthPath,
  body: Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const incoming = withClientAddress(await headers(), getLogger());
  const forwarded = new Headers({
    'content-type': 'application/json',
    origin: env.STOREFRONT_URL,
  });
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.get(name);
    if (value) forwarded.set(name, value);
  }
  const response = await getCustomerAuth().handler(
    new Request(`${env.STOREFRONT_URL}/api/auth${path}`, {
      method: 'POST',
      headers: forwarded,
      body: JSON.stringify(body),
    }),
  );
  const store = await cookies();
  for (const cookie of readSetCookies(response.headers)) {
    store.set(cookie.name, cookie.value, cookie.options);
  }
  const json: unknown = await response.json().catch(() => null);
  return { status: response.status, body: json };
}

/** The user id in a sign-in or sign-up answer (`{ user: { id } }`). */
export function signedInUserId(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('user' in body)) return null;
  const user = body.user;
  if (typeof user !== 'object' || user === null || !('id' in user)) return null;
  return typeof user.id === 'string' ? user.id : null;
}

/**
 * After sign-in or registration: the guest cart in the `cart_id` cookie joins the customer's
 * cart (`mergeCarts` in the core), and the cookie then names the cart to keep using. A failure
 * here is logged, never shown: the shopper is signed in either way and can add items again.
 */
export async function mergeGuestCart(customerId: string): Promise<void> {
  try {
    const cart = await nextCartCookie();
    const guestCartId = cart.get();
    const keep = await mergeCarts(getShop().db, { guestCartId, customerId });
    if (keep && keep !== guestCartId) cart.set(keep);
  } catch (err) {
    getLogger().error({ err }, 'merging the guest cart failed');
  }
}

/**
 * After sign-out: the cart cookie goes too, since the cart now belongs to the account (the next
 * person on this device starts a cart of their own).
 */
export async function forgetCart(): Promise<void> {
  (await cookies()).delete(CART_COOKIE);
}
