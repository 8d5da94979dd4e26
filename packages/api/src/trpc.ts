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
import { toTRPCError } from './errors';

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
}): Context {
  return {
    db: opts.db,
    getStaff: opts.getStaff ?? (() => Promise.resolve(null)),
    getCustomer: opts.getCustomer ?? (() => Promise.resolve(null)),
    cart: opts.cart ?? memoryCartCookie(),
    payments: opts.payments ?? null,
    ...(opts.reservationMs === undefined ? {} : { reservationMs: opts.reservationMs }),
  };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // Input errors read as sentences ("title: Title is required"), not a JSON dump of issues.
      message: zodError
        ? z
            .prettifyError(zodError)
            .replace(/✖ /g, '')
            .replace(/\n\s+→ at /g, ' at ')
        : shape.message,
      data: { ...shape.data, stack: undefined, issues: zodError ? zodError.issues : undefined },
    };
  },
});

/** Maps CommerceError (and anything unexpected) to tRPC errors in one place. */
const mapErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isCommerceError(cause)) throw toTRPCError(cause);
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      console.error(`[api] ${path} failed:`, cause ?? result.error);
    }
  }
  return result;
});

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
