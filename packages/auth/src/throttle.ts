import type { Database } from '@shop/db/client';
import type { ConfigurableRateRule } from './env';
import { APIError, createAuthMiddleware, getIP } from 'better-auth/api';
import {
  betterAuthRateLimitStorage,
  createRateLimiter,
  hashRateLimitSubject,
  type RateLimiter,
  type RateRule,
} from './rate-limit';

/**
 * better-auth's own per-request limits, the same for staff and shoppers: counted per client
 * address in the shared `rate_limits` table (every replica sees the same counts), on always
 * (better-auth turns them on only in production by default). They count every request to a
 * path, successful or not, so for sign-in this is only a ceiling against floods; the budget a
 * guesser runs into is `FAILED_SIGN_IN_RULE`.
 */
export const AUTH_RATE_RULES = {
  '/sign-in/email': { name: 'sign-in', window: 15 * 60, max: 30 },
  '/sign-up/email': { name: 'sign-up', window: 60 * 60, max: 10 },
  '/request-password-reset': { name: 'password-reset-request', window: 15 * 60, max: 5 },
  '/reset-password': { name: 'password-reset', window: 15 * 60, max: 10 },
} as const satisfies Record<string, { name: ConfigurableRateRule; window: number; max: number }>;

/**
 * Failed sign-ins allowed per client per window; the next attempt, right password or not, is
 * refused until the window ends (so a guesser learns nothing during the lockout). Successful
 * sign-ins do not count: an office or a carrier-grade NAT behind one address signs in freely.
 */
export const FAILED_SIGN_IN_RULE = { name: 'sign-in-failed', window: 15 * 60, max: 5 } as const;

/** Every other auth path (session reads, sign-out): a ceiling against floods only. */
const DEFAULT_RULE = { name: 'auth-other', window: 60, max: 300 } as const;

/** The rule a path's requests are counted under (its name is what configures it). */
function authRuleName(path: string): ConfigurableRateRule {
  return (
    (AUTH_RATE_RULES as Record<string, { name: ConfigurableRateRule }>)[path]?.name ??
    DEFAULT_RULE.name
  );
}

const SIGN_IN_PATH = '/sign-in/email';

/** better-auth's own bucket for a request whose client it cannot tell (one for all of them). */
const UNIDENTIFIED_KEY = 'no-trusted-ip';

/** Whose sign-ins are counted: staff and shoppers never share a failure budget. */
export type ThrottleScope = 'staff' | 'customer';

function inMinutes(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * The throttle of one auth instance, spread into its options: `rateLimit` and `ipAddress`
 * (better-auth's per-request limits) and `hooks` (the failed sign-in budget).
 *
 * `clientAddressHeader` is the only header the client's address is read from: the apps set it
 * from `@shop/env/client-address` (the production server's verdict, or absent when the app
 * runs without that server, in which case all callers count as one client).
 * `X-Forwarded-For` is never read, so a forged one changes nothing.
 *
 * Failed sign-ins are counted reserve-then-forgive: the `before` hook counts every attempt
 * (one atomic hit, so parallel attempts cannot all slip under the limit) and refuses it once
 * the client is over the budget; the `after` hook takes the hit back when the sign-in created
 * a session. Calls without request headers (scripts, tests calling `auth.api`) have no client
 * and are not counted.
 *
 * better-auth takes one `hooks.before` and one `hooks.after` per instance: an instance that
 * needs hooks of its own must call these from its own, not replace them.
 */
export function authThrottle(
  db: Database,
  secret: string,
  clientAddressHeader: string,
  scope: ThrottleScope,
  /** The process's limiter (its Shop's); one over `db` when none is given (scripts, tests). */
  limiter: RateLimiter = createRateLimiter(db),
) {
  const ipAddress = { ipAddressHeaders: [clientAddressHeader] };
  const failedSignIns: RateRule = {
    name: FAILED_SIGN_IN_RULE.name,
    max: FAILED_SIGN_IN_RULE.max,
    windowSeconds: FAILED_SIGN_IN_RULE.window,
  };

  /** The client as better-auth's own limits see it (same header, same IPv6 /64), hashed. */
  const signInSubject = (ctx: { path?: string; headers?: Headers }): string | null => {
    if (ctx.path !== SIGN_IN_PATH || !ctx.headers) return null;
    const address = getIP(ctx.headers, { advanced: { ipAddress } }) ?? UNIDENTIFIED_KEY;
    // The scope is part of the subject: staff and shoppers never share a failure budget.
    return hashRateLimitSubject(`${scope}|${address}|${SIGN_IN_PATH}`, secret);
  };

  return {
    rateLimit: {
      enabled: true,
      window: DEFAULT_RULE.window,
      max: DEFAULT_RULE.max,
      customRules: Object.fromEntries(
        Object.entries(AUTH_RATE_RULES).map(([path, { window, max }]) => [path, { window, max }]),
      ),
      customStorage: betterAuthRateLimitStorage(limiter, secret, authRuleName),
    },
    ipAddress,
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const subject = signInSubject(ctx);
        if (!subject) return;
        const decision = await limiter.hit(failedSignIns, subject);
        if (decision.allowed) return;
        const wait = String(decision.retryAfterSeconds);
        throw new APIError(
          'TOO_MANY_REQUESTS',
          {
            code: 'TOO_MANY_FAILED_SIGN_INS',
            message: `Too many failed sign-in attempts from your connection. Please try again in ${inMinutes(decision.retryAfterSeconds)}.`,
          },
          // Both spellings: `Retry-After` is the standard, `X-Retry-After` what better-auth's
          // own 429 carries (and its client reads).
          { 'Retry-After': wait, 'X-Retry-After': wait },
        );
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (!ctx.context.newSession) return;
        const subject = signInSubject(ctx);
        if (subject) await limiter.forgive(failedSignIns, subject);
      }),
    },
  };
}
