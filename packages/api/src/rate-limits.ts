import { TRPCError } from '@trpc/server';
import { CommerceError } from '@shop/core';
import { toTRPCError } from './errors';

/**
 * Rate limits of the storefront's costly or guessable procedures, per client (`ctx.clientKey`)
 * The limiter itself is a port: `@shop/auth` implements it over Redis (`@upstash/ratelimit`
 * sliding windows) when configured, else over the `rate_limits` table (one atomic statement per
 * hit), and the apps hand it in with their Shop.
 * Changing a number here changes it everywhere; docs/limits.md lists them.
 */

export interface RateRule {
  name: string;
  max: number;
  windowSeconds: number;
}

export interface RateLimiter {
  hit(rule: RateRule, subject: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

const TEN_MINUTES = 600;

export const RATE_LIMITS = {
  /** New carts (a cart is a row and a cookie; reads never create one). */
  cartCreate: { name: 'cart-create', max: 100, windowSeconds: TEN_MINUTES, what: 'new carts' },
  /** Checkout starts (each one may hold stock). */
  checkoutStart: {
    name: 'checkout-start',
    max: 60,
    windowSeconds: TEN_MINUTES,
    what: 'checkout attempts',
  },
  /** Payment attempts (card testing). */
  checkoutPay: {
    name: 'checkout-pay',
    max: 30,
    windowSeconds: TEN_MINUTES,
    what: 'payment attempts',
  },
  /** Guest order lookups by number and token (token guessing). */
  orderLookup: { name: 'order-lookup', max: 60, windowSeconds: TEN_MINUTES, what: 'order lookups' },
  /**
   * Changes to a cart (add, change or remove a line, contact and address): each is a locked
   * write. Generous for a shopper (one a second for ten minutes), a wall for a script.
   */
  cartWrite: { name: 'cart-write', max: 600, windowSeconds: TEN_MINUTES, what: 'cart changes' },
  /** Searches and suggestions over the API (search-as-you-type sends one per pause in typing). */
  search: { name: 'search', max: 1200, windowSeconds: TEN_MINUTES, what: 'searches' },
} as const satisfies Record<string, RateRule & { what: string }>;

/** A RATE_LIMITED CommerceError that knows when to come back (→ 429 with `Retry-After`). */
export class RetryLaterError extends CommerceError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', message);
  }
}

/** How long a caller refused during a limiter outage is asked to wait. */
export const LIMITER_RETRY_SECONDS = 30;

/**
 * The limiter could not answer (its database is down or unreachable): the request is refused
 * (→ 503 with `Retry-After`), never let through uncounted and never a 500. The limiter's error
 * is the cause, so the edge logs it.
 */
export class LimiterUnavailableError extends Error {
  readonly retryAfterSeconds = LIMITER_RETRY_SECONDS;
  constructor(cause: unknown) {
    super('The rate limiter could not answer.', { cause });
  }
}

function inWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * Counts one hit of the caller against `rule`; throws a 429 with a sentence once the window's
 * budget is spent, and a 503 with a sentence when the limiter fails. Without a client key
 * (scripts, tests, in-process reads) nothing is counted.
 */
export async function enforceRateLimit(
  ctx: { rateLimiter: RateLimiter; clientKey: string | null },
  rule: RateRule & { what: string },
): Promise<void> {
  if (!ctx.clientKey) return;
  const decision = await ctx.rateLimiter.hit(rule, ctx.clientKey).catch((err: unknown) => {
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: `We cannot take ${rule.what} right now. Please try again in ${inWords(LIMITER_RETRY_SECONDS)}.`,
      cause: new LimiterUnavailableError(err),
    });
  });
  if (decision.allowed) return;
  throw toTRPCError(
    new RetryLaterError(
      `Too many ${rule.what} from your connection. Please try again in ${inWords(decision.retryAfterSeconds)}.`,
      decision.retryAfterSeconds,
    ),
  );
}
