import type { Database } from '@shop/db/client';
import { staffAccounts, staffSessions, staffUsers, staffVerifications } from '@shop/db/schema';
import { betterAuth, type BetterAuthPlugin } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { staffCookiePrefix } from './cookies';
import type { RateLimiter } from './rate-limit';
import { authThrottle } from './throttle';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';
import { staffRoles } from './roles';

export interface CreateAuthOptions {
  db: Database;
  /** Signs session cookies; at least 32 characters (validated by the app's env.ts). */
  secret: string;
  /** Public origin of the admin app, e.g. `http://localhost:3001`; also the trusted origin. */
  baseURL: string;
  /**
   * The request header that carries the client's address (`CLIENT_ADDRESS_HEADER` from
   * `@shop/env/client-address`), the sign-in throttle's only source for it.
   */
  clientAddressHeader: string;
  /** The process's rate limiter (its Shop's); one over `db` when unset. */
  rateLimiter?: RateLimiter;
  /**
   * better-auth plugins of the host, last in the list: the admin passes `nextCookies()`, so a
   * session refreshed inside a server action writes its new cookie (see `docs/permissions.md`,
   * "Sessions").
   */
  plugins?: BetterAuthPlugin[];
}

const DAY = 60 * 60 * 24;

/**
 * The staff auth instance: email and password only, sessions stored as rows in
 * `staff_sessions` (revoking a row signs the device out at once). Sign-up over HTTP is off:
 * staff users are created by `createStaffUser` (a script or an owner), never by a visitor.
 */
export function createAuth({
  db,
  secret,
  baseURL,
  clientAddressHeader,
  rateLimiter,
  plugins = [],
}: CreateAuthOptions) {
  const throttle = authThrottle(db, secret, clientAddressHeader, 'staff', rateLimiter);
  return betterAuth({
    appName: 'Shop admin',
    secret,
    baseURL,
    basePath: '/api/auth',
    database: drizzleAdapter(db, {
      provider: 'pg',
      // better-auth's models mapped onto our own table names; columns share its field names.
      schema: {
        user: staffUsers,
        session: staffSessions,
        account: staffAccounts,
        verification: staffVerifications,
      },
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    user: {
      additionalFields: {
        // Read into every session so permission checks need no extra query; never user input.
        role: {
          type: [...staffRoles],
          input: false,
          required: true,
          defaultValue: 'support',
        },
      },
    },
    // A session lasts 7 days from its last refresh; a request more than a day after the last
    // refresh extends it (row and cookie) by 7 days again, so staff at work are never signed out.
    session: { expiresIn: 7 * DAY, updateAge: DAY },
    rateLimit: throttle.rateLimit,
    hooks: throttle.hooks,
    advanced: { cookiePrefix: staffCookiePrefix, ipAddress: throttle.ipAddress },
    telemetry: { enabled: false },
    plugins,
  });
}

export type Auth = ReturnType<typeof createAuth>;
