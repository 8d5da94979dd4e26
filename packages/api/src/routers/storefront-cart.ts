import {
  assertCartOpen,
  addToCart,
  cancelCheckout,
  CommerceError,
  createCart,
  getCheckoutStatus,
  getOrderByToken,
  isCommerceError,
  listShippingOptions,
  loadCart,
  payCheckout,
  startCheckout,
  updateCartDetails,
  updateCartLine,
  type CartView,
} from '@shop/core';
import {
  zAddToCartInput,
  zCancelCheckoutInput,
  zCartDetailsInput,
  zCartView,
  zOrderByTokenInput,
  zOrderDetail,
  zPayCheckoutInput,
  zPlacedOrder,
  zRemoveCartLineInput,
  zShippingOption,
  zStartCheckoutInput,
  zStartedCheckout,
  zUpdateCartLineInput,
} from '@shop/validators';
import { countCheckout } from '@shop/observability';
import { z } from 'zod';
import { toTRPCError } from '../errors';
import { enforceRateLimit, RATE_LIMITS } from '../rate-limits';
import { limited } from '../trpc/shared';
import {
  cartProcedure,
  publicProcedure,
  router,
  type CartCookie,
  type StorefrontContext,
} from '../trpc/storefront';

function requireCart(cartId: string | null): string {
  if (!cartId) throw toTRPCError(new CommerceError('CART_NOT_FOUND', 'Your cart is empty.'));
  return cartId;
}

/**
 * `checkout.status` in and out. Declared beside the procedure, not in @shop/validators: no
 * client component validates with them (the storefront reads the status through its server).
 */
const zCheckoutStatusInput = z.object({ checkoutId: z.uuid('Checkout id must be a UUID') });
const zCheckoutStatus = z.object({
  status: z.enum(['pending', 'completed', 'failed', 'expired']),
  failureReason: z.string().nullable(),
  order: z.object({ number: z.number().int(), accessToken: z.string() }).nullable(),
});

/** The per-variant hold limit from the context (CHECKOUT_MAX_UNITS_PER_VARIANT), if set. */
function unitsLimit(ctx: StorefrontContext): { maxUnitsPerVariant?: number } {
  return ctx.checkoutLimits === undefined
    ? {}
    : { maxUnitsPerVariant: ctx.checkoutLimits.maxUnitsPerVariant };
}

/** Reshapes the core's cart for the wire (ids the shopper does not need stay on the server). */
function view(cart: CartView) {
  return {
    ...cart,
    region: {
      code: cart.region.code,
      name: cart.region.name,
      currencyCode: cart.region.currencyCode,
      taxInclusive: cart.region.taxInclusive,
    },
  };
}

/**
 * Carts being created, per request context (its cart cookie) and per cart they replace (none,
 * or a finished one): concurrent `cart.add` calls of one batch that all found no usable cart
 * share one creation, so a request creates at most one cart and sets one cookie.
 */
const creating = new WeakMap<CartCookie, { replaces: string | null; cartId: Promise<string> }>();

/**
 * The caller's open cart for adding to, creating it (rate limited per client) when the cookie
 * names none or a finished one. Only `cart.add` calls this: no read ever creates a cart.
 */
async function cartToAddTo(
  ctx: StorefrontContext & { customerId: string | null },
  region: string,
): Promise<string> {
  const current = ctx.cart.get();
  // Only the core's own answer (finished, unknown, another shopper's) means "start a new cart";
  // any other failure (the database down) fails the call and the shopper keeps their cart.
  const isOpen = current
    ? await assertCartOpen(ctx.db, { cartId: current, customerId: ctx.customerId }).then(
        () => true,
        (err: unknown) => {
          if (isCommerceError(err)) return false;
          throw err;
        },
      )
    : false;
  if (current && isOpen) return current;
  // No await from here until the creation is registered: concurrent calls see it.
  const latest = ctx.cart.get();
  if (latest !== current) return cartToAddTo(ctx, region);
  const pending = creating.get(ctx.cart);
  if (pending && pending.replaces === current) return pending.cartId;
  const cartId = (async () => {
    await enforceRateLimit(ctx, RATE_LIMITS.cartCreate);
    const id = await createCart(ctx.db, { region, customerId: ctx.customerId });
    ctx.cart.set(id);
    return id;
  })();
  creating.set(ctx.cart, { replaces: current, cartId });
  return cartId;
}

export const storefrontCartRouter = router({
  get: cartProcedure.output(zCartView.nullable()).query(async ({ ctx }) => {
    if (!ctx.cartId) return null;
    try {
      return view(await loadCart(ctx.db, { cartId: ctx.cartId, customerId: ctx.customerId }));
    } catch (err) {
      // A cookie pointing at a finished or foreign cart is just "no cart" for the page.
      if (
        err instanceof CommerceError &&
        (err.code === 'CART_NOT_FOUND' || err.code === 'CART_NOT_YOURS')
      )
        return null;
      throw err;
    }
  }),
  /** Adds to the caller's cart, creating it (and its cookie) in the region given on first use. */
  add: cartProcedure
    .concat(limited(RATE_LIMITS.cartWrite))
    .input(
      zAddToCartInput.extend({
        region: z
          .string()
          .regex(/^([a-z]{2,8}|default)$/)
          .default('default'),
      }),
    )
    .output(zCartView)
    .mutation(async ({ ctx, input }) => {
      const cartId = await cartToAddTo(ctx, input.region);
      return view(
        await addToCart(ctx.db, {
          cartId,
          customerId: ctx.customerId,
          variantId: input.variantId,
          quantity: input.quantity,
          ...unitsLimit(ctx),
        }),
      );
    }),
  updateLine: cartProcedure
    .concat(limited(RATE_LIMITS.cartWrite))
    .input(zUpdateCartLineInput)
    .output(zCartView)
    .mutation(async ({ ctx, input }) =>
      view(
        await updateCartLine(ctx.db, {
          cartId: requireCart(ctx.cartId),
          customerId: ctx.customerId,
          lineId: input.lineId,
          quantity: input.quantity,
          ...unitsLimit(ctx),
        }),
      ),
    ),
  removeLine: cartProcedure
    .concat(limited(RATE_LIMITS.cartWrite))
    .input(zRemoveCartLineInput)
    .output(zCartView)
    .mutation(async ({ ctx, input }) =>
      view(
        await updateCartLine(ctx.db, {
          cartId: requireCart(ctx.cartId),
          customerId: ctx.customerId,
          lineId: input.lineId,
          quantity: 0,
        }),
      ),
    ),
  setDetails: cartProcedure
    .concat(limited(RATE_LIMITS.cartWrite))
    .input(zCartDetailsInput)
    .output(zCartView)
    .mutation(async ({ ctx, input }) => {
      const { cartId: _ignored, ...details } = input;
      return view(
        await updateCartDetails(ctx.db, {
          cartId: requireCart(ctx.cartId),
          customerId: ctx.customerId,
          ...details,
        }),
      );
    }),
  shippingOptions: cartProcedure
    .output(z.array(zShippingOption))
    .query(({ ctx }) =>
      listShippingOptions(ctx.db, { cartId: requireCart(ctx.cartId), customerId: ctx.customerId }),
    ),
});

export const storefrontCheckoutRouter = router({
  start: cartProcedure
    .input(zStartCheckoutInput)
    .output(zStartedCheckout)
    .concat(limited(RATE_LIMITS.checkoutStart))
    .mutation(({ ctx, input }) =>
      countCheckout('start', () =>
        startCheckout(
          ctx.db,
          {
            cartId: requireCart(ctx.cartId),
            customerId: ctx.customerId,
            attemptKey: input.attemptKey,
            ...(ctx.reservationMs === undefined ? {} : { reservationMs: ctx.reservationMs }),
            clientKey: ctx.clientKey,
            ...(ctx.checkoutLimits === undefined ? {} : { limits: ctx.checkoutLimits }),
          },
          {
            payments: ctx.payments,
            clock: ctx.clock,
            ...(ctx.checkoutHooks ? { hooks: ctx.checkoutHooks } : {}),
          },
        ),
      ),
    ),
  /** Pays with a test card (test provider); Stripe checkouts are confirmed in the browser. */
  pay: cartProcedure
    .input(zPayCheckoutInput)
    .output(zPlacedOrder)
    .concat(limited(RATE_LIMITS.checkoutPay))
    .mutation(({ ctx, input }) =>
      countCheckout('pay', () =>
        payCheckout(
          ctx.db,
          {
            checkoutId: input.checkoutId,
            cartId: requireCart(ctx.cartId),
            cardNumber: input.cardNumber,
          },
          { payments: ctx.payments },
        ),
      ),
    ),
  cancel: cartProcedure
    .input(zCancelCheckoutInput)
    .output(z.object({ canceled: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await cancelCheckout(ctx.db, {
        checkoutId: input.checkoutId,
        cartId: requireCart(ctx.cartId),
      });
      return { canceled: true as const };
    }),
  /**
   * Where the caller's checkout stands while the provider's webhook places the order (Stripe):
   * the page that waits after payment polls this. Another cart's checkout is "not found".
   */
  status: cartProcedure
    .input(zCheckoutStatusInput)
    .output(zCheckoutStatus)
    .query(({ ctx, input }) => {
      if (!ctx.cartId) {
        throw toTRPCError(new CommerceError('CHECKOUT_NOT_FOUND', 'That checkout does not exist.'));
      }
      return getCheckoutStatus(ctx.db, { checkoutId: input.checkoutId, cartId: ctx.cartId });
    }),
});

export const storefrontOrdersRouter = router({
  /** The guest's view of an order, by number and the token from the confirmation mail. */
  byToken: publicProcedure
    .input(zOrderByTokenInput)
    .output(zOrderDetail)
    .concat(limited(RATE_LIMITS.orderLookup))
    .query(({ ctx, input }) => getOrderByToken(ctx.db, input)),
});
