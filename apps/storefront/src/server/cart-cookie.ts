import { cookies, headers } from 'next/headers';
import type { CartCookie } from '@shop/api';
import { env } from '~/env';

/**
 * The cart cookie: the browser holds only the cart's id, a random UUID, in an httpOnly cookie
 * that scripts cannot read. Two ways to reach it: Next's cookie store (pages, server actions)
 * and the request/response headers (/api/trpc). Shared by the cart and the customer's sign-in
 * (which merges the guest cart), so neither imports the other.
 */

export const CART_COOKIE = 'cart_id';
const THIRTY_DAYS_SECONDS = 30 * 24 * 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `Secure` in production, except for plain http to localhost: a production build run locally
 * (`pnpm start`, the e2e stack) is served over http://localhost, where Safari refuses to store
 * Secure cookies. Any other host in production gets a Secure cookie.
 */
export function isSecureCookie(requestHeaders: Headers, fallbackProtocol?: string): boolean {
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
