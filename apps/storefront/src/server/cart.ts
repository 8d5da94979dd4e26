import { cookies, headers } from 'next/headers';
import { TRPCError } from '@trpc/server';
import { createStorefrontCaller, createStorefrontContext, type CartCookie } from '@shop/api';
import { logUnexpected, newRequestId, somethingWentWrong } from '@shop/api/edge';
import { requestClientKey } from '@shop/env/client-address';
import { env } from '~/env';
// customer-auth.ts imports this file too (for the cart cookie); both only use the other's
// exports inside functions, so the cycle is harmless.
import { getCustomer } from './customer-auth';
import { getLogger, getShop } from './shop';

/**
 * The shopper's cart and the in-process storefront caller for cart and checkout pages and their
 * server actions. The cart itself lives in Postgres; the browser holds only its id, a random
 * UUID, in an httpOnly cookie that scripts cannot read.
 */

export const CART_COOKIE = 'cart_id';
const THIRTY_DAYS_SECONDS = 30 * 24 * 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** How long a started checkout holds stock (CHECKOUT_RESERVATION_SECONDS). */
export const reservationMs = env.CHECKOUT_RESERVATION_SECONDS * 1000;

/**
 * `Secure` in production, except for plain http to localhost: a production build run locally
 * (`pnpm start`, the e2e stack) is served over http://localhost, where Safari refuses to store
 * Secure cookies. Any other host in production gets a Secure cookie.
 */
function isSecureCookie(requestHeaders: Headers, fallbackProtocol?: string): boolean {
  if (env.NODE_ENV !== 'production') return false;
  const proto =
    requestHeaders.get('x-forwarded-proto')?.split(',')[0]?.trim() ??
    fallbackProtocol?.replace(/:$/, '');
  if (proto === 'https') return true;
  const host = (requestHeaders.get('x-forwarded-host') ?? requestHeaders.get('host') ?? '')
    .split(',')[0]
    ?.trim()
    .replace(/:\d+$/, '')
    .toLowerCase();
  return !LOCAL_HOSTS.has(host ?? '');
}

/** A cookie value is only ever a cart id; anything else is treated as "no cart". */
function parseCartId(value: string | undefined): string | null {
  return value !== undefined && UUID.test(value) ? value : null;
}

/**
 * The cart cookie over Next's cookie store (pages and server actions). `set` works only inside
 * a server action: pages never create carts.
 */
export async function nextCartCookie(): Promise<CartCookie> {
  const [store, requestHeaders] = await Promise.all([cookies(), headers()]);
  const secure = isSecureCookie(requestHeaders);
  return {
    get: () => parseCartId(store.get(CART_COOKIE)?.value),
    set: (cartId) => {
      store.set(CART_COOKIE, cartId, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        maxAge: THIRTY_DAYS_SECONDS,
      });
    },
  };
}

/**
 * The cart cookie for /api/trpc: read from the request's Cookie header, written as a
 * Set-Cookie header on the response (the fetch adapter's `resHeaders`), so HTTP clients keep a
 * cart exactly as pages do.
 */
export function requestCartCookie(req: Request, resHeaders: Headers): CartCookie {
  let value = parseCartId(readCookie(req.headers.get('cookie'), CART_COOKIE));
  const secure = isSecureCookie(req.headers, new URL(req.url).protocol);
  return {
    get: () => value,
    set: (cartId) => {
      value = cartId;
      const attributes = [
        `${CART_COOKIE}=${encodeURIComponent(cartId)}`,
        'Path=/',
        `Max-Age=${THIRTY_DAYS_SECONDS}`,
        `Expires=${new Date(Date.now() + THIRTY_DAYS_SECONDS * 1000).toUTCString()}`,
        'HttpOnly',
        'SameSite=Lax',
        ...(secure ? ['Secure'] : []),
      ];
      resHeaders.append('Set-Cookie', attributes.join('; '));
    },
  };
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

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
