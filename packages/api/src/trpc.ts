import { initTRPC, TRPCError } from '@trpc/server';
import type { Database } from '@shop/db/client';
import {
  can,
  CommerceError,
  isCommerceError,
  type CheckoutPayments,
  type Permission,
  type StaffMember,
} from '@shop/core';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import { currentRequestId, newRequestId, somethingWentWrong } from './edge/request-id';
import { toTRPCError } from './errors';
import { enforceRateLimit, type RateLimiter, type RateRule } from './rate-limits';

/**
 * Per-request context. The staff member is resolved lazily (only staff procedures pay for the
 * session lookup), by a function the host app supplies, so this package knows no auth library.
 */
export interface Context {
  db: Database;
  getStaff: () => Promise<StaffMember | null>;
  getCustomer: () => Promise<Customer | null>;
  /** The shopper's cart id, kept by the host app in an httpOnly cookie. */
  cart: CartCookie;
  /** The payment provider checkouts are paid with (the test provider unless Stripe is set up). */
  payments: CheckoutPayments | null;
  /** How long a started checkout holds stock; the core's default when unset. */
  reservationMs?: number;
  /**
   * Who is calling, as a keyed hash of the client's address (`clientKeyFor` in
   * `@shop/env/client-address`; the raw address is never stored). Rate limits and checkout hold
   * limits count by it. Null when there is no request (scripts, tests): nothing is counted.
   */
  clientKey: string | null;
  /** The shared fixed-window limiter (`@shop/auth/rate-limit`); null: no rate limits. */
  rateLimiter: RateLimiter | null;
  /** Hold limits for carts and checkouts (CHECKOUT_MAX_*); the core's defaults when unset. */
  checkoutLimits?: CheckoutLimits;
}

export interface CheckoutLimits {
  /** Units of one variant one cart (and so one order) may hold. */
  maxUnitsPerVariant: number;
  /** Live checkouts (holds) one client may have across its carts. */
  maxHoldsPerClient: number;
}

export interface Customer {
  id: string;
  email: string;
  name: string;
}

export interface CartCookie {
  get(): string | null;
  set(cartId: string): void;
}

/** A cart cookie that lives only as long as the context (in-process callers, tests). */
export function memoryCartCookie(initial: string | null = null): CartCookie {
  let value = initial;
  return {
    get: () => value,
    set: (id) => {
      value = id;
    },
  };
}

export function createContext(opts: {
  db: Database;
  getStaff?: () => Promise<StaffMember | null>;
  getCustomer?: () => Promise<Customer | null>;
  cart?: CartCookie;
  payments?: CheckoutPayments | null;
  reservationMs?: number;
  clientKey?: string | null;
  rateLimiter?: RateLimiter | null;
  checkoutLimits?: CheckoutLimits;
}): Context {
  return {
    db: opts.db,
    getStaff: opts.getStaff ?? (() => Promise.resolve(null)),
    getCustomer: opts.getCustomer ?? (() => Promise.resolve(null)),
    cart: opts.cart ?? memoryCartCookie(),
    payments: opts.payments ?? null,
    ...(opts.reservationMs === undefined ? {} : { reservationMs: opts.reservationMs }),
    clientKey: opts.clientKey ?? null,
    rateLimiter: opts.rateLimiter ?? null,
    ...(opts.checkoutLimits === undefined ? {} : { checkoutLimits: opts.checkoutLimits }),
  };
}

/** Seconds a refused caller should wait (rate limits), carried from the limiter to the response. */
export function retryAfterOf(error: unknown): number | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause && typeof cause === 'object' && 'retryAfterSeconds' in cause) {
    const seconds = cause.retryAfterSeconds;
    return typeof seconds === 'number' ? seconds : null;
  }
  return null;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  /**
   * The public face of every error. Expected ones (CommerceError codes, input schemas, auth)
   * keep their sentences; anything unexpected becomes one generic sentence with the request's
   * reference, never the driver's text or a stack. The edge logs the real error under the same id.
   */
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const isUnexpected = error.code === 'INTERNAL_SERVER_ERROR';
    const requestId = currentRequestId() ?? (isUnexpected ? newRequestId() : null);
    const retryAfterSeconds = retryAfterOf(error);
    const { stack: _stack, ...publicData } = shape.data;
    return {
      ...shape,
      // Input errors read as sentences ("title: Title is required"), not a JSON dump of issues.
      message: zodError
        ? z
            .prettifyError(zodError)
            .replace(/✖ /g, '')
            .replace(/\n\s+→ at /g, ' at ')
        : isUnexpected && requestId
          ? somethingWentWrong(requestId)
          : shape.message,
      data: {
        ...publicData,
        ...(zodError ? { issues: zodError.issues } : {}),
        ...(requestId ? { requestId } : {}),
        ...(retryAfterSeconds === null ? {} : { retryAfterSeconds }),
        // The domain's own code (OUT_OF_STOCK, CART_NOT_FOUND, …), so clients branch on it
        // instead of re-reading the sentence.
        ...(isCommerceError(error.cause) ? { domainCode: error.cause.code } : {}),
      },
    };
  },
});

/**
 * Maps CommerceError to tRPC errors in one place. Unexpected errors pass through as
 * INTERNAL_SERVER_ERROR: the HTTP edge logs them once with the request id, and in-process
 * callers see the thrown error itself.
 */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isCommerceError(result.error.cause)) throw toTRPCError(result.error.cause);
  return result;
});

/**
 * Counts the caller against `rule` before the procedure's work (after its input is valid):
 * 429 with a sentence and `Retry-After` once the client's window is spent.
 */
export function limited(rule: RateRule & { what: string }) {
  return t.middleware(async ({ ctx, next }) => {
    await enforceRateLimit(ctx, rule);
    return next();
  });
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

const authed = publicProcedure.use(async ({ ctx, next }) => {
  const staff = await ctx.getStaff();
  if (!staff)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to the admin to do this.' });
  return next({ ctx: { staff } });
});

/** A procedure for signed-in staff holding `permission`; `ctx.staff` is non-null inside. */
export function staffProcedure(permission: Permission) {
  return authed.use(({ ctx, next }) => {
    if (!can(ctx.staff.role, permission)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `Your role does not allow ${permission}.`,
      });
    }
    return next();
  });
}

/**
 * A procedure for the shopper's cart: `ctx.cartId` is the cookie's cart (or null), and an input
 * that names a different cart is refused, so a cart id that is not the caller's cannot be used.
 */
export const cartProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  const cartId = ctx.cart.get();
  const raw = (await getRawInput()) as { cartId?: unknown } | undefined;
  if (raw && typeof raw === 'object' && typeof raw.cartId === 'string' && raw.cartId !== cartId) {
    throw toTRPCError(new CommerceError('CART_NOT_YOURS', 'That cart is not yours.'));
  }
  const customer = await ctx.getCustomer();
  return next({ ctx: { cartId, customerId: customer?.id ?? null } });
});

/** A procedure for a signed-in shopper; `ctx.customer` is non-null inside. */
export const customerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const customer = await ctx.getCustomer();
  if (!customer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to see this.' });
  return next({ ctx: { customer } });
});
