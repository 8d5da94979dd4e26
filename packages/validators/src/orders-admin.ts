import { z } from 'zod';
import { zFulfillment, zOrderLine } from './cart';
import { zId, zMinorUnits, zPage, zPageInput } from './common';

// Wire shapes of the admin's orders pages (`admin.orders.*`).

export const zOrderStatus = z.enum(['open', 'completed', 'canceled']);
export type OrderStatus = z.infer<typeof zOrderStatus>;
export const zOrderPaymentStatus = z.enum(['paid', 'partially_refunded', 'refunded']);
export type OrderPaymentStatus = z.infer<typeof zOrderPaymentStatus>;
export const zOrderFulfillmentStatus = z.enum(['unfulfilled', 'partially_fulfilled', 'fulfilled']);
export type OrderFulfillmentStatus = z.infer<typeof zOrderFulfillmentStatus>;
export const zPaymentStatus = z.enum(['succeeded', 'partially_refunded', 'refunded']);

/** Order numbers are shown as #1001; the number itself is a positive integer. */
export const zOrderNumber = z
  .number({ message: 'Order number must be a number' })
  .int('Order number must be a whole number')
  .positive('Order number must be positive');

export const zAdminOrderListInput = zPageInput.extend({
  limit: zPageInput.shape.limit.default(50),
  /** An order number (`1001` or `#1001`) or the start of the customer's email. */
  query: z.string().trim().max(200, 'Search text must be at most 200 characters').optional(),
  status: zOrderStatus.optional(),
  paymentStatus: zOrderPaymentStatus.optional(),
  fulfillmentStatus: zOrderFulfillmentStatus.optional(),
  /** `flagged`: the order has one flag or more; `held`: held for review and not released. */
  risk: z.enum(['flagged', 'held']).optional(),
  /** Placed at or after this instant. */
  createdFrom: z.date({ message: 'From must be a date' }).optional(),
  /** Placed before this instant. */
  createdTo: z.date({ message: 'To must be a date' }).optional(),
});
export type AdminOrderListInput = z.input<typeof zAdminOrderListInput>;

export const zAdminOrderRow = z.object({
  id: z.number().int(),
  number: z.number().int(),
  createdAt: z.date(),
  email: z.string(),
  itemCount: z.number().int(),
  currencyCode: z.string(),
  total: z.number().int(),
  status: zOrderStatus,
  paymentStatus: zOrderPaymentStatus,
  fulfillmentStatus: zOrderFulfillmentStatus,
  /** Flagged by a plugin or staff (any `order_flags` row). */
  isFlagged: z.boolean(),
  /** Held for review and not released. */
  isHeld: z.boolean(),
});
export type AdminOrderRow = z.infer<typeof zAdminOrderRow>;
export const zAdminOrderList = zPage(zAdminOrderRow);
export type AdminOrderList = z.infer<typeof zAdminOrderList>;

/** The stored snapshot, as it was at checkout (not re-validated: rules may have changed since). */
export const zAdminOrderAddress = z.object({
  firstName: z.string(),
  lastName: z.string(),
  line1: z.string(),
  line2: z.string(),
  city: z.string(),
  postalCode: z.string(),
  province: z.string(),
  countryCode: z.string(),
  phone: z.string(),
});

export const zAdminOrderPayment = z.object({
  id: z.number().int(),
  provider: z.string(),
  providerRef: z.string(),
  amount: z.number().int(),
  refundedAmount: z.number().int(),
  currencyCode: z.string(),
  status: zPaymentStatus,
  createdAt: z.date(),
  /**
   * The refund job of this payment while it is in the queue: waiting, retrying, or (`isFailed`)
   * out of attempts. `lastError` is its latest failure. Null when no refund is in flight.
   */
  refundJob: z
    .object({
      isFailed: z.boolean(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
    })
    .nullable(),
  refunds: z.array(
    z.object({
      id: z.number().int(),
      amount: z.number().int(),
      reason: z.string(),
      providerRef: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
});
export type AdminOrderPayment = z.infer<typeof zAdminOrderPayment>;

/**
 * The structured part of a timeline entry, read by the admin to render the entry (never parsed
 * out of `message`). Every amount comes with its currency: the core fills in the order's
 * currency where the stored data has none (a refund is in the currency of the order it refunds).
 * The message stays the fallback for a type the admin does not know.
 */
export const zOrderEventData = z.object({
  amount: z.number().int().optional(),
  currencyCode: z.string().optional(),
  staffEmail: z.string().optional(),
  reason: z.string().optional(),
  /** A fulfilment's shipment (`fulfilled` entries). */
  carrier: z.string().optional(),
  trackingNumber: z.string().optional(),
  trackingUrl: z.string().nullable().optional(),
  /** Units per SKU: what a fulfilment shipped or a refund covered. */
  lines: z.array(z.object({ sku: z.string().optional(), quantity: z.number().int() })).optional(),
  restock: z.boolean().optional(),
  /** Units a cancellation put back in stock. */
  restockedUnits: z.number().int().optional(),
});
export type OrderEventData = z.infer<typeof zOrderEventData>;

export const zAdminOrderEvent = z.object({
  id: z.number().int(),
  type: z.string(),
  message: z.string(),
  data: zOrderEventData.nullable(),
  createdAt: z.date(),
});
export type AdminOrderEvent = z.infer<typeof zAdminOrderEvent>;

/**
 * Why an order was flagged (plugins' reasons, shown to staff) and its hold: `heldAt` set by a
 * plugin's verdict or by staff, `releasedAt`/`releasedBy` once staff released it. Null: never held.
 */
export const zAdminOrderRisk = z.object({
  flags: z.array(
    z.object({ source: z.string(), code: z.string(), reason: z.string(), createdAt: z.date() }),
  ),
  hold: z
    .object({
      heldAt: z.date(),
      reason: z.string(),
      releasedAt: z.date().nullable(),
      releasedBy: z.string().nullable(),
    })
    .nullable(),
});
export type AdminOrderRisk = z.infer<typeof zAdminOrderRisk>;

export const zAdminOrderHoldInput = z.object({
  number: zOrderNumber,
  reason: z.string().trim().max(500, 'Reason must be at most 500 characters').optional(),
});
export type AdminOrderHoldInput = z.infer<typeof zAdminOrderHoldInput>;

export const zAdminOrderDetail = zAdminOrderRow.extend({
  risk: zAdminOrderRisk,
  customerId: z.string().nullable(),
  taxInclusive: z.boolean(),
  subtotal: z.number().int(),
  discountTotal: z.number().int(),
  shippingTotal: z.number().int(),
  taxTotal: z.number().int(),
  shippingAddress: zAdminOrderAddress,
  shippingOptionName: z.string(),
  discountCode: z.string().nullable(),
  lines: z.array(
    zOrderLine.extend({
      productId: z.number().int().nullable(),
      /** Units shipped so far. */
      fulfilledQuantity: z.number().int(),
      /** Units refunded through refund lines (they will not ship). */
      refundedQuantity: z.number().int(),
    }),
  ),
  fulfillments: z.array(zFulfillment),
  canceledAt: z.date().nullable(),
  cancelReason: z.string().nullable(),
  events: z.array(zAdminOrderEvent),
  payments: z.array(zAdminOrderPayment),
  /** What a refund request would return now: captured minus refunded, minus refunds in flight. */
  refundableAmount: z.number().int(),
});
export type AdminOrderDetail = z.infer<typeof zAdminOrderDetail>;

export const zRefundReason = z
  .string({ message: 'Enter a reason for the refund' })
  .trim()
  .min(1, 'Enter a reason for the refund')
  .max(500, 'Reason must be at most 500 characters');

/** Units of one order line, for a fulfilment or a refund. */
export const zOrderLineQuantity = z.object({
  orderLineId: zId,
  quantity: z
    .number({ message: 'Quantity must be a number' })
    .int('Quantity must be a whole number')
    .min(1, 'Quantity must be at least 1')
    .max(100_000, 'Quantity is too large'),
});
export type OrderLineQuantity = z.infer<typeof zOrderLineQuantity>;

const zLineQuantities = z
  .array(zOrderLineQuantity)
  .min(1, 'Choose at least one line')
  .max(500, 'At most 500 lines at once');

/**
 * A refund: everything left by default, or an amount (minor units), or units of lines (their
 * share of the line totals unless an amount is given), optionally put back in stock.
 */
export const zAdminRefundInput = z.object({
  number: zOrderNumber,
  reason: zRefundReason,
  amount: zMinorUnits.min(1, 'The refund amount must be more than zero').optional(),
  lines: zLineQuantities.optional(),
  restock: z.boolean().optional(),
});
export type AdminRefundInput = z.infer<typeof zAdminRefundInput>;

export const zAdminRefundRequested = z.object({
  number: z.number().int(),
  paymentIds: z.array(z.number().int()),
  amount: z.number().int(),
  currencyCode: z.string(),
});
export type AdminRefundRequested = z.infer<typeof zAdminRefundRequested>;

/** A form's key for one submit: the same key does its action once, however often it is sent. */
export const zIdempotencyKey = z
  .string()
  .min(8, 'Idempotency key must be 8 to 100 characters')
  .max(100, 'Idempotency key must be 8 to 100 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'Idempotency key may contain only letters, digits, _ and -');

export const zAdminFulfilInput = z.object({
  number: zOrderNumber,
  /** Units per line, or `all`: every unit not yet shipped or refunded. */
  lines: z.union([z.literal('all'), zLineQuantities]),
  carrier: z
    .string({ message: 'Enter the carrier' })
    .trim()
    .min(1, 'Enter the carrier')
    .max(100, 'Carrier must be at most 100 characters'),
  trackingNumber: z
    .string({ message: 'Enter the tracking number' })
    .trim()
    .min(1, 'Enter the tracking number')
    .max(100, 'Tracking number must be at most 100 characters'),
  trackingUrl: z
    .string()
    .trim()
    .max(500, 'Tracking link must be at most 500 characters')
    .url('Tracking link must be a full address such as https://carrier.example/track/1Z999')
    .refine((u) => /^https?:\/\//i.test(u), 'Tracking link must start with http:// or https://')
    .optional(),
  idempotencyKey: zIdempotencyKey,
});
export type AdminFulfilInput = z.infer<typeof zAdminFulfilInput>;

export const zAdminFulfilled = z.object({
  id: z.number().int(),
  number: z.number().int(),
  fulfillmentStatus: zOrderFulfillmentStatus,
  lines: z.array(zOrderLineQuantity),
  created: z.boolean(),
});

export const zAdminCancelInput = z.object({
  number: zOrderNumber,
  reason: z
    .string({ message: 'Enter a reason for cancelling' })
    .trim()
    .min(1, 'Enter a reason for cancelling')
    .max(500, 'Reason must be at most 500 characters'),
});
export type AdminCancelInput = z.infer<typeof zAdminCancelInput>;

export const zAdminCancelled = z.object({
  number: z.number().int(),
  canceledAt: z.date(),
  refund: zAdminRefundRequested.nullable(),
  restockedUnits: z.number().int(),
  cancelled: z.boolean(),
});

export const zAdminOrderNoteInput = z.object({
  number: zOrderNumber,
  note: z
    .string({ message: 'Write the note first' })
    .trim()
    .min(1, 'Write the note first')
    .max(2000, 'A note is at most 2000 characters'),
  idempotencyKey: zIdempotencyKey.optional(),
});
export type AdminOrderNoteInput = z.infer<typeof zAdminOrderNoteInput>;
