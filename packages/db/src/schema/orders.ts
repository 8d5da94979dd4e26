import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref } from './columns';
import { discounts, checkouts, carts, type AddressSnapshot } from './checkout';
import { products, productVariants } from './catalog';
import { customers } from './customers';
import { regions } from './regions';

/** Human-readable order numbers (#1001, #1002, ...); gaps are possible, duplicates are not. */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1001 });

export const orderStatus = pgEnum('order_status', ['open', 'completed', 'canceled']);
export const orderPaymentStatus = pgEnum('order_payment_status', [
  'paid',
  'partially_refunded',
  'refunded',
]);
export const orderFulfillmentStatus = pgEnum('order_fulfillment_status', [
  'unfulfilled',
  'partially_fulfilled',
  'fulfilled',
]);

export const orders = pgTable(
  'orders',
  {
    id: id(),
    number: bigint({ mode: 'number' })
      .notNull()
      .default(sql`nextval('order_number_seq')`),
    /** One order per checkout, whatever retries, double clicks or webhook redeliveries do. */
    checkoutId: uuid()
      .notNull()
      .references(() => checkouts.id),
    /**
     * One order per cart, by construction: however many checkout attempts a cart had and however
     * many of them were paid, the unique index admits one order (the others' payments are
     * refunded).
     */
    cartId: uuid().references(() => carts.id, { onDelete: 'set null' }),
    customerId: text().references(() => customers.id, { onDelete: 'set null' }),
    email: text().notNull(),
    /** Unguessable token for the guest's order link (sent only in the confirmation mail). */
    accessToken: text().notNull(),
    regionId: ref()
      .notNull()
      .references(() => regions.id),
    currencyCode: text().notNull(),
    taxInclusive: boolean().notNull(),
    subtotal: money().notNull(),
    discountTotal: money().notNull(),
    shippingTotal: money().notNull(),
    taxTotal: money().notNull(),
    total: money().notNull(),
    shippingAddress: jsonb().$type<AddressSnapshot>().notNull(),
    shippingOptionName: text().notNull(),
    discountCode: text(),
    discountId: ref().references(() => discounts.id, { onDelete: 'set null' }),
    status: orderStatus().notNull().default('open'),
    paymentStatus: orderPaymentStatus().notNull().default('paid'),
    fulfillmentStatus: orderFulfillmentStatus().notNull().default('unfulfilled'),
    /**
     * Held for review (by a plugin's verdict or by staff): set with `hold_reason`, cleared by a
     * release (`released_at`, `released_by`). A held order is not fulfilled until released.
     */
    heldAt: timestamp({ withTimezone: true }),
    holdReason: text(),
    releasedAt: timestamp({ withTimezone: true }),
    releasedBy: text(),
    canceledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    uniqueIndex('orders_checkout_id_key').on(t.checkoutId),
    uniqueIndex('orders_access_token_key').on(t.accessToken),
    index('orders_customer_id_idx').on(t.customerId, t.id),
    index('orders_created_at_idx').on(t.createdAt, t.id),
    index('orders_region_id_idx').on(t.regionId),
    uniqueIndex('orders_cart_id_key').on(t.cartId),
    index('orders_discount_id_idx').on(t.discountId),
    index('orders_email_created_idx').on(sql`lower(${t.email})`, t.createdAt),
    index('orders_held_idx')
      .on(t.heldAt)
      .where(sql`${t.heldAt} is not null`),
    check('orders_total_nonnegative', sql`${t.total} >= 0`),
  ],
);

/** Lines snapshot what was bought: title, SKU and unit price stay as they were at purchase. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: id(),
    orderId: ref()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: ref().references(() => products.id, { onDelete: 'set null' }),
    variantId: ref().references(() => productVariants.id, { onDelete: 'set null' }),
    productTitle: text().notNull(),
    variantTitle: text().notNull(),
    sku: text().notNull(),
    unitPrice: money().notNull(),
    quantity: integer().notNull(),
    subtotal: money().notNull(),
    discountTotal: money().notNull(),
    taxTotal: money().notNull(),
    total: money().notNull(),
  },
  (t) => [
    index('order_lines_order_id_idx').on(t.orderId),
    index('order_lines_variant_id_idx').on(t.variantId),
    index('order_lines_product_id_idx').on(t.productId),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** The order's timeline: placed, paid, refunded, mailed, ... */
export const orderEvents = pgTable(
  'order_events',
  {
    id: id(),
    orderId: ref()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    message: text().notNull(),
    data: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [index('order_events_order_id_idx').on(t.orderId, t.id)],
);

export const paymentStatus = pgEnum('payment_status', [
  'succeeded',
  'refunded',
  'partially_refunded',
]);

/** A captured payment. (provider, provider_ref) is unique: one record per provider payment. */
export const payments = pgTable(
  'payments',
  {
    id: id(),
    checkoutId: uuid()
      .notNull()
      .references(() => checkouts.id),
    orderId: ref().references(() => orders.id, { onDelete: 'set null' }),
    provider: text().notNull(),
    providerRef: text().notNull(),
    amount: money().notNull(),
    currencyCode: text().notNull(),
    status: paymentStatus().notNull().default('succeeded'),
    refundedAmount: money().notNull().default(0),
    /**
     * Set when the core decided to give this payment back in full (it could not become an
     * order, or it was a second payment for a cart's one order): the refund is queued once.
     */
    refundRequestedAt: timestamp({ withTimezone: true }),
    /** The card as the provider reports it (never the number): risk rules count by fingerprint. */
    cardFingerprint: text(),
    cardCountry: text(),
    cardBrand: text(),
    cardLast4: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payments_provider_ref_key').on(t.provider, t.providerRef),
    index('payments_card_fingerprint_idx')
      .on(t.cardFingerprint, t.createdAt)
      .where(sql`${t.cardFingerprint} is not null`),
    index('payments_checkout_id_idx').on(t.checkoutId),
    index('payments_order_id_idx').on(t.orderId),
    check('payments_refund_within_amount', sql`${t.refundedAmount} between 0 and ${t.amount}`),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    id: id(),
    paymentId: ref()
      .notNull()
      .references(() => payments.id, { onDelete: 'cascade' }),
    amount: money().notNull(),
    reason: text().notNull(),
    providerRef: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('refunds_payment_id_idx').on(t.paymentId),
    check('refunds_amount_positive', sql`${t.amount} > 0`),
  ],
);

/** Each provider event is handled once: redelivery hits the primary key and does nothing. */
export const paymentEvents = pgTable(
  'payment_events',
  {
    provider: text().notNull(),
    eventId: text().notNull(),
    type: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payment_events_pk').on(t.provider, t.eventId)],
);

/**
 * Discount claims. A checkout claims its discount when it starts (with the usage counter), the
 * order takes it over on payment, and an expired or failed checkout releases it. Once-per-customer
 * codes are held by the partial unique index, so two parallel checkouts of one customer cannot
 * both claim the code.
 */
export const discountRedemptions = pgTable(
  'discount_redemptions',
  {
    id: id(),
    discountId: ref()
      .notNull()
      .references(() => discounts.id, { onDelete: 'cascade' }),
    checkoutId: uuid()
      .notNull()
      .references(() => checkouts.id, { onDelete: 'cascade' }),
    orderId: ref().references(() => orders.id, { onDelete: 'set null' }),
    /** The customer id, or the lower-cased email for guests. */
    customerKey: text().notNull(),
    oncePerCustomer: boolean().notNull(),
    released: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('discount_redemptions_once_per_customer')
      .on(t.discountId, t.customerKey)
      .where(sql`${t.oncePerCustomer} and not ${t.released}`),
    uniqueIndex('discount_redemptions_checkout_key').on(t.checkoutId),
    index('discount_redemptions_order_id_idx').on(t.orderId),
  ],
);
