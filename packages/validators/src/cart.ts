import { z } from 'zod';
import { zAddress } from './address';
import { zId } from './common';

/**
 * Cart and checkout inputs. None of them carries a price or total: the server computes money
 * from the database, and unknown keys (a tampered `price`, `total`, `amount`) are stripped.
 */
const zQuantity = z
  .number({ message: 'Quantity must be a number' })
  .int('Quantity must be a whole number')
  .min(1, 'Quantity must be at least 1')
  .max(1000, 'Quantity must be at most 1000');

/** Optional: API clients may name the cart they think they hold; it must be the caller's. */
const zCartRef = { cartId: z.uuid('Cart id must be a UUID').optional() };

export const zAddToCartInput = z.object({ ...zCartRef, variantId: zId, quantity: zQuantity });
export const zUpdateCartLineInput = z.object({
  ...zCartRef,
  lineId: zId,
  quantity: z
    .number()
    .int('Quantity must be a whole number')
    .min(0, 'Quantity cannot be negative')
    .max(1000, 'Quantity must be at most 1000'),
});
export const zRemoveCartLineInput = z.object({ ...zCartRef, lineId: zId });
export const zCartDetailsInput = z.object({
  ...zCartRef,
  email: z.email('Enter a valid email address').max(254).optional(),
  shippingAddress: zAddress.optional(),
  shippingOptionId: zId.optional(),
  discountCode: z.string().trim().max(64, 'Discount code is too long').nullable().optional(),
  region: z
    .string()
    .regex(/^[a-z]{2,8}$/, 'Region code must be 2 to 8 lowercase letters')
    .optional(),
});
export type CartDetailsInput = z.infer<typeof zCartDetailsInput>;

export const zStartCheckoutInput = z.object({
  ...zCartRef,
  /** One per checkout attempt (the page generates it): a retried request reuses the checkout. */
  attemptKey: z.string().min(8, 'attemptKey must be at least 8 characters').max(100),
});
export const zPayCheckoutInput = z.object({
  ...zCartRef,
  checkoutId: z.uuid('Checkout id must be a UUID'),
  cardNumber: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, 'Card number must be 12 to 19 digits')),
});
export const zCancelCheckoutInput = z.object({
  ...zCartRef,
  checkoutId: z.uuid('Checkout id must be a UUID'),
});
export const zOrderByTokenInput = z.object({
  number: z.number().int().positive(),
  token: z.string().min(10).max(100),
});

const zMoneyTotals = z.object({
  currencyCode: z.string(),
  taxInclusive: z.boolean(),
  subtotal: z.number().int(),
  discountTotal: z.number().int(),
  shippingTotal: z.number().int(),
  taxTotal: z.number().int(),
  total: z.number().int(),
});

export const zShippingOption = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.enum(['flat', 'free_over']),
  amount: z.number().int(),
  freeOverAmount: z.number().int().nullable(),
});

/**
 * Why a cart line cannot be bought now, as a named state: the product is archived or a draft,
 * the variant is archived, or it has no price in the cart's currency. Null when it can be
 * bought. A price of 0 is a price: a free item is sold like any other.
 */
export const zCartLineUnavailable = z.enum([
  'product_unavailable',
  'variant_archived',
  'not_sold_in_currency',
]);
export type CartLineUnavailable = z.infer<typeof zCartLineUnavailable>;

/** The shopper's sentence for a line that cannot be bought, shown in the cart and the checkout. */
export function unavailableLineMessage(
  line: { productTitle: string; unavailableReason: CartLineUnavailable },
  currencyCode: string,
): string {
  switch (line.unavailableReason) {
    case 'product_unavailable':
      return `"${line.productTitle}" is no longer for sale; remove it from your cart.`;
    case 'variant_archived':
      return `This option of "${line.productTitle}" is no longer for sale; remove it from your cart.`;
    case 'not_sold_in_currency':
      return `"${line.productTitle}" is not sold in ${currencyCode}; remove it from your cart.`;
  }
}

export const zCartView = z.object({
  id: z.string(),
  region: z.object({
    code: z.string(),
    name: z.string(),
    currencyCode: z.string(),
    taxInclusive: z.boolean(),
  }),
  email: z.string().nullable(),
  shippingAddress: zAddress.nullable(),
  shippingOption: zShippingOption.nullable(),
  discount: z
    .object({ code: z.string(), type: z.enum(['percentage', 'fixed', 'free_shipping']) })
    .nullable(),
  discountProblem: z.string().nullable(),
  lines: z.array(
    z.object({
      id: z.number().int(),
      variantId: z.number().int(),
      productHandle: z.string(),
      productTitle: z.string(),
      variantTitle: z.string(),
      sku: z.string(),
      thumbnailUrl: z.string().nullable(),
      /** The price of one unit; 0 for a free item, and for a line that cannot be bought. */
      unitPrice: z.number().int(),
      unavailableReason: zCartLineUnavailable.nullable(),
      quantity: z.number().int(),
      available: z.number().int(),
      subtotal: z.number().int(),
      discountTotal: z.number().int(),
      taxTotal: z.number().int(),
      total: z.number().int(),
    }),
  ),
  totals: zMoneyTotals,
});
export type CartViewOutput = z.infer<typeof zCartView>;

export const zStartedCheckout = z.object({
  checkoutId: z.string(),
  provider: z.string(),
  clientSecret: z.string().nullable(),
  expiresAt: z.date(),
  totals: zMoneyTotals,
  /** Set when the cart already has its order: nothing new was started; show this order. */
  order: z.object({ number: z.number().int(), accessToken: z.string() }).nullable(),
});
export const zPlacedOrder = z.object({
  orderId: z.number().int(),
  number: z.number().int(),
  accessToken: z.string(),
  email: z.string(),
});

/** A line of a placed order: a snapshot of what was bought, at the price paid. */
export const zOrderLine = z.object({
  id: z.number().int(),
  productTitle: z.string(),
  variantTitle: z.string(),
  sku: z.string(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  subtotal: z.number().int(),
  discountTotal: z.number().int(),
  taxTotal: z.number().int(),
  total: z.number().int(),
});

/** A shipment of some of an order's units, as the admin and the customer's order page show it. */
export const zFulfillment = z.object({
  id: z.number().int(),
  carrier: z.string(),
  trackingNumber: z.string(),
  trackingUrl: z.string().nullable(),
  createdAt: z.date(),
  lines: z.array(z.object({ orderLineId: z.number().int(), quantity: z.number().int() })),
});
export type Fulfillment = z.infer<typeof zFulfillment>;

export const zOrderDetail = z.object({
  id: z.number().int(),
  number: z.number().int(),
  createdAt: z.date(),
  status: z.string(),
  paymentStatus: z.string(),
  fulfillmentStatus: z.string(),
  currencyCode: z.string(),
  total: z.number().int(),
  itemCount: z.number().int(),
  email: z.string(),
  taxInclusive: z.boolean(),
  subtotal: z.number().int(),
  discountTotal: z.number().int(),
  shippingTotal: z.number().int(),
  taxTotal: z.number().int(),
  shippingAddress: zAddress,
  shippingOptionName: z.string(),
  discountCode: z.string().nullable(),
  /** Each line with the units shipped so far (the page says "2 of 3 shipped"). */
  lines: z.array(zOrderLine.extend({ fulfilledQuantity: z.number().int() })),
  /** The shipments with their carrier and tracking (the link when the shop gave one). */
  fulfillments: z.array(zFulfillment),
  events: z.array(z.object({ type: z.string(), message: z.string(), createdAt: z.date() })),
});
export type OrderDetailOutput = z.infer<typeof zOrderDetail>;
