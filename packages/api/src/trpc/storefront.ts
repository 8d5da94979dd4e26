import { initTRPC, TRPCError } from '@trpc/server';
import type { Database } from '@shop/db/client';
import {
  CommerceError,
  type CheckoutHooks,
  type CheckoutPayments,
  type ProductSearch,
} from '@shop/core';
import { postgresEngine, productSearch } from '@shop/search';
import { toTRPCError } from '../errors';
import { baseProcedure, trpcOptions, type ApiShop, type SharedContext } from './shared';

/**
 * The storefront's context: the shopper's side of the shop. It has no staff member, so no
 * storefront procedure can reach one (the admin's context in `./admin` has no cart).
 */
export interface StorefrontContext extends SharedContext {
  /** Catalog reads (products, listings, regions) use this; carts and checkouts use `db`. */
  readDb: Database;
  /** Listings, facets, the search page and the header box (the search port). */
  search: ProductSearch;
  /** Failures of work done after a response; null: dropped. */
  logger: ApiShop['logger'] | null;
  /** The payment provider checkouts are paid with (the test provider unless Stripe is set up). */
  payments: CheckoutPayments;
  /** The plugins' checkout hooks, asked before a checkout holds anything; null: none. */
  checkoutHooks: CheckoutHooks | null;
  /** The shopper's cart id, kept by the host app in an httpOnly cookie. */
  cart: CartCookie;
  /** The signed-in shopper, resolved lazily (only procedures that need one pay for the lookup). */
  getCustomer: () => Promise<Customer | null>;
  /** How long a started checkout holds stock; the core's default when unset. */
  reservationMs?: number;
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

export interface StorefrontRequest {
  /** The request's cart cookie; a cookie of the context's own when absent (no request). */
  cart?: CartCookie;
  /** The session's customer; a guest when absent. */
  getCustomer?: () => Promise<Customer | null>;
  /** Null or absent: no request to count (scripts, tests, in-process reads). */
  clientKey?: string | null;
  reservationMs?: number;
  checkoutLimits?: CheckoutLimits;
}

/** The storefront's context from the process's Shop and what this request brings. */
export function createStorefrontContext(
  shop: ApiShop,
  request: StorefrontRequest = {},
): StorefrontContext {
  return {
    db: shop.db,
    readDb: shop.readDb,
    search: shop.search ?? productSearch(postgresEngine(shop.db, shop.readDb), shop),
    logger: shop.logger ?? null,
    clock: shop.clock,
    payments: shop.payments,
    checkoutHooks: shop.checkoutHooks ?? null,
    rateLimiter: shop.rateLimiter,
    clientKey: request.clientKey ?? null,
    cart: request.cart ?? memoryCartCookie(),
    getCustomer: request.getCustomer ?? (() => Promise.resolve(null)),
    ...(request.reservationMs === undefined ? {} : { reservationMs: request.reservationMs }),
    ...(request.checkoutLimits === undefined ? {} : { checkoutLimits: request.checkoutLimits }),
  };
}

const t = initTRPC.context<StorefrontContext>().create(trpcOptions);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.concat(baseProcedure);

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
