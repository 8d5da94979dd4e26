import type { Database } from '@shop/db/client';
import { betterAuthRateLimitStorage, createRateLimiter } from './rate-limit';

/**
 * better-auth's throttle, the same for staff and shoppers: counted per client address in the
 * shared `rate_limits` table (every replica sees the same counts), on always (better-auth turns
 * it on only in production by default). better-auth counts every request to a path, failed or
 * not: the 6th sign-in within 15 minutes from one address gets 429.
 */
export const AUTH_RATE_RULES = {
  '/sign-in/email': { window: 15 * 60, max: 5 },
  '/sign-up/email': { window: 60 * 60, max: 10 },
  '/request-password-reset': { window: 15 * 60, max: 5 },
  '/reset-password': { window: 15 * 60, max: 10 },
} as const;

/** Every other auth path (session reads, sign-out): a ceiling against floods only. */
const DEFAULT_RULE = { window: 60, max: 300 };

/**
 * `clientAddressHeader` is the only header the client's address is read from: the apps set it
 * from `@shop/env/client-address` (the production server's verdict, or absent when the app
 * runs without that server, in which case better-auth counts all callers in one bucket).
 * `X-Forwarded-For` is never read, so a forged one changes nothing.
 */
export function authThrottle(db: Database, secret: string, clientAddressHeader: string) {
  return {
    rateLimit: {
      enabled: true,
      window: DEFAULT_RULE.window,
      max: DEFAULT_RULE.max,
      customRules: { ...AUTH_RATE_RULES },
      customStorage: betterAuthRateLimitStorage(createRateLimiter(db), secret),
    },
    ipAddress: { ipAddressHeaders: [clientAddressHeader] },
  };
}
