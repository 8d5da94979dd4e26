import { AsyncLocalStorage } from 'node:async_hooks';
import { emitEvent } from '@shop/core';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import {
  customerAccounts,
  customerSessions,
  customers,
  customerVerifications,
} from '@shop/db/schema';
import { betterAuth, generateId } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { getSessionCookie, parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';
import type { RateLimiter } from './rate-limit';
import { authThrottle } from './throttle';
import { MAX_PASSWORD_LENGTH } from './passwords';

/**
 * Shopper cookies start with `shop.` (`shop.session_token`; `__Secure-` added on https). The
 * admin's start with `shop-admin.`, so the two never read each other's cookies even when both
 * apps share a host name.
 */
export const customerCookiePrefix = 'shop';

/** Shoppers choose their own passwords; 8 is better-auth's and NIST's minimum. */
export const MIN_CUSTOMER_PASSWORD_LENGTH = 8;

/** The reset link in the mail works for this long (seconds). */
export const PASSWORD_RESET_EXPIRES_IN = 60 * 60;

export interface CreateCustomerAuthOptions {
  db: Database;
  /** Signs session cookies; at least 32 characters (validated by the app's env.ts). */
  secret: string;
  /** Public origin of the storefront, e.g. `http://localhost:3000`; also the trusted origin. */
  baseURL: string;
  /**
   * The request header that carries the client's address (`CLIENT_ADDRESS_HEADER` from
   * `@shop/env/client-address`), the sign-in throttle's only source for it.
   */
  clientAddressHeader: string;
  /** The process's rate limiter (its Shop's); one over `db` when unset. */
  rateLimiter?: RateLimiter;
}

const DAY = 60 * 60 * 24;

/**
 * The shoppers' auth instance, on the `customers`, `customer_sessions`, `customer_accounts` and
 * `customer_verifications` tables (never the staff tables, so a customer session can never
 * reach the admin). Email and password with open sign-up; a forgotten password is reset through
 * a one-hour link that is mailed by the worker: `sendResetPassword` only enqueues a `send-mail`
 * job, so the HTTP request never waits on a mail server and a mail server outage delays the
 * mail instead of losing it. A reset revokes the customer's other sessions.
 *
 * A registration emits `customer.created` in the transaction that inserts the customer row (see
 * `trackTransactions`), so the event exists if and only if the account does.
 */
export function createCustomerAuth({
  db,
  secret,
  baseURL,
  clientAddressHeader,
  rateLimiter,
}: CreateCustomerAuthOptions) {
  const throttle = authThrottle(db, secret, clientAddressHeader, 'customer', rateLimiter);
  const tracked = trackTransactions(db);
  return betterAuth({
    appName: 'Shop',
    secret,
    baseURL,
    basePath: '/api/auth',
    database: drizzleAdapter(tracked.db, {
      provider: 'pg',
      // Sign-up (user, account and session rows) is one transaction, which the event joins.
      transaction: true,
      // better-auth's models mapped onto our own table names; columns share its field names.
      schema: {
        user: customers,
        session: customerSessions,
        account: customerAccounts,
        verification: customerVerifications,
      },
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: false,
      autoSignIn: true,
      minPasswordLength: MIN_CUSTOMER_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      resetPasswordTokenExpiresIn: PASSWORD_RESET_EXPIRES_IN,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => {
        await enqueueJob(db, 'send-mail', {
          template: 'password-reset',
          to: user.email,
          data: { url },
        });
      },
    },
    databaseHooks: {
      user: {
        create: {
          // `before`, not `after`: better-auth runs `after` hooks once the transaction has
          // committed, where an event could be lost to a crash. Here the row is about to be
          // inserted in the open transaction; the id is chosen now so the event can name it.
          before: async (user) => {
            const tx = tracked.current();
            if (!tx) {
              throw new Error(
                'customer created outside a transaction: customer.created could not commit with it',
              );
            }
            const given: unknown = (user as { id?: unknown }).id;
            const id = typeof given === 'string' && given !== '' ? given : generateId(32);
            await emitEvent(tx, {
              type: 'customer.created',
              version: 1,
              payload: { customerId: id, email: user.email },
            });
            return { data: { ...user, id } };
          },
        },
      },
    },
    session: { expiresIn: 30 * DAY, updateAge: DAY },
    rateLimit: throttle.rateLimit,
    hooks: throttle.hooks,
    advanced: { cookiePrefix: customerCookiePrefix, ipAddress: throttle.ipAddress },
    telemetry: { enabled: false },
  });
}

export type CustomerAuth = ReturnType<typeof createCustomerAuth>;

/**
 * better-auth opens its transactions through the adapter's `db.transaction` but hands its
 * database hooks no handle on them. This wraps `db` so that each transaction opened through it
 * is remembered for the async work inside it: `current()` is the transaction a hook runs in,
 * or undefined outside one.
 */
function trackTransactions(db: Database): { db: Database; current(): Database | undefined } {
  const open = new AsyncLocalStorage<Database>();
  const transaction: Database['transaction'] = (fn, config) =>
    db.transaction((tx) => open.run(tx, () => fn(tx)), config);
  const tracked = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') return transaction;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: tracked, current: () => open.getStore() };
}

/** Who is signed in to the storefront: what pages and procedures need to know about them. */
export interface SignedInCustomer {
  id: string;
  email: string;
  name: string;
}

/** The part of a better-auth session (`auth.api.getSession`) that names the customer. */
export interface CustomerSessionLike {
  user: { id: string; email: string; name?: string | null };
}

/** Maps a better-auth session to the signed-in customer; `null` for no session. */
export function toCustomer(
  session: CustomerSessionLike | null | undefined,
): SignedInCustomer | null {
  if (!session) return null;
  const { id, email, name } = session.user;
  return { id, email, name: name ?? '' };
}

/**
 * Whether the request carries a customer session cookie. Only a hint for cheap redirects: the
 * cookie may be forged or expired, so pages still verify the session against the database.
 */
export function hasCustomerSessionCookie(request: Request | Headers): boolean {
  return getSessionCookie(request, { cookiePrefix: customerCookiePrefix }) !== null;
}

export interface AuthCookie {
  name: string;
  value: string;
  options: {
    maxAge?: number;
    expires?: Date;
    domain?: string;
    path?: string;
    secure?: boolean;
    httpOnly?: boolean;
    sameSite?: 'strict' | 'lax' | 'none';
  };
}

/**
 * The cookies that a server-side call (`auth.api.signInEmail({ ..., returnHeaders: true })`)
 * asked to set, so that a framework without a Response to return (a Next server action) can set
 * them itself.
 */
export function readSetCookies(headers: Headers): AuthCookie[] {
  const header = headers.get('set-cookie');
  if (!header) return [];
  return [...parseSetCookieHeader(header)].map(([name, attributes]) => {
    const { maxAge, expires, domain, path, secure, httpOnly, sameSite } =
      toCookieOptions(attributes);
    const options: AuthCookie['options'] = {};
    if (maxAge !== undefined) options.maxAge = maxAge;
    if (expires !== undefined) options.expires = expires;
    if (domain !== undefined) options.domain = domain;
    if (path !== undefined) options.path = path;
    if (secure !== undefined) options.secure = secure;
    if (httpOnly !== undefined) options.httpOnly = httpOnly;
    if (sameSite !== undefined) options.sameSite = sameSite;
    return { name, value: attributes.value, options };
  });
}
