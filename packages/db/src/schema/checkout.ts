import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref, updatedAt } from './columns';
import { productVariants } from './catalog';
import { customers } from './customers';
import { regions } from './regions';

/** A postal address as entered at checkout; snapshotted into orders as JSON. */
export interface AddressSnapshot {
  firstName: string;
  lastName: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  province: string;
  countryCode: string;
  phone: string;
}

export const shippingOptionType = pgEnum('shipping_option_type', ['flat', 'free_over']);

/** Per region: a flat rate, or a rate that becomes free at a subtotal threshold. */
export const shippingOptions = pgTable(
  'shipping_options',
  {
    id: id(),
    regionId: ref()
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    type: shippingOptionType().notNull(),
    amount: money().notNull(),
    freeOverAmount: money(),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
  },
  (t) => [
    index('shipping_options_region_id_idx').on(t.regionId),
    check('shipping_options_amount_nonnegative', sql`${t.amount} >= 0`),
    check(
      'shipping_options_threshold',
      sql`(${t.type} = 'free_over') = (${t.freeOverAmount} is not null)`,
    ),
  ],
);

export const discountType = pgEnum('discount_type', ['percentage', 'fixed', 'free_shipping']);

/**
 * A discount code. `value` is basis points for `percentage` (1000 = 10%) and minor units of
 * `currency_code` for `fixed`. `usage_count` counts claims by live checkouts and orders; the
 * CHECK makes exceeding `usage_limit` impossible whatever the application does.
 */
export const discounts = pgTable(
  'discounts',
  {
    id: id(),
    code: text().notNull(),
    type: discountType().notNull(),
    value: bigint({ mode: 'number' }).notNull().default(0),
    currencyCode: text(),
    minSubtotal: money(),
    startsAt: timestamp({ withTimezone: true }),
    endsAt: timestamp({ withTimezone: true }),
    usageLimit: integer(),
    usageCount: integer().notNull().default(0),
    oncePerCustomer: boolean().notNull().default(false),
    archived: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('discounts_code_key').on(sql`upper(${t.code})`),
    check(
      'discounts_usage_within_limit',
      sql`${t.usageLimit} is null or ${t.usageCount} <= ${t.usageLimit}`,
    ),
    check('discounts_usage_nonnegative', sql`${t.usageCount} >= 0`),
    check(
      'discounts_value_range',
      sql`(${t.type} = 'percentage' and ${t.value} between 1 and 10000)
       or (${t.type} = 'fixed' and ${t.value} > 0 and ${t.currencyCode} is not null)
       or (${t.type} = 'free_shipping')`,
    ),
  ],
);

export const cartStatus = pgEnum('cart_status', ['active', 'completed']);

/** The id is random (a UUID in an httpOnly cookie), so a cart cannot be guessed. */
export const carts = pgTable(
  'carts',
  {
    id: uuid().primaryKey().defaultRandom(),
    regionId: ref()
      .notNull()
      .references(() => regions.id),
    customerId: text().references(() => customers.id, { onDelete: 'set null' }),
    email: text(),
    shippingAddress: jsonb().$type<AddressSnapshot>(),
    shippingOptionId: ref().references(() => shippingOptions.id, { onDelete: 'set null' }),
    discountId: ref().references(() => discounts.id, { onDelete: 'set null' }),
    status: cartStatus().notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('carts_customer_id_idx')
      .on(t.customerId)
      .where(sql`${t.status} = 'active'`),
    index('carts_region_id_idx').on(t.regionId),
    index('carts_shipping_option_id_idx').on(t.shippingOptionId),
    index('carts_discount_id_idx').on(t.discountId),
  ],
);

export const cartLines = pgTable(
  'cart_lines',
  {
    id: id(),
    cartId: uuid()
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: ref()
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('cart_lines_cart_variant_key').on(t.cartId, t.variantId),
    index('cart_lines_variant_id_idx').on(t.variantId),
    check('cart_lines_quantity_range', sql`${t.quantity} between 1 and 1000`),
  ],
);

export const checkoutStatus = pgEnum('checkout_status', [
  'pending',
  'completed',
  'failed',
  'expired',
]);

/**
 * One attempt to pay for a cart: the totals the server computed, the stock and discount it
 * claimed (until `expires_at`), and the payment created for it under `idempotency_key`.
 */
export const checkouts = pgTable(
  'checkouts',
  {
    id: uuid().primaryKey().defaultRandom(),
    cartId: uuid()
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    status: checkoutStatus().notNull().default('pending'),
    provider: text().notNull(),
    providerRef: text(),
    idempotencyKey: text().notNull(),
    currencyCode: text().notNull(),
    subtotal: money().notNull(),
    discountTotal: money().notNull(),
    shippingTotal: money().notNull(),
    taxTotal: money().notNull(),
    total: money().notNull(),
    /** Everything needed to create the order without re-reading the cart (prices, snapshot). */
    snapshot: jsonb().notNull(),
    discountId: ref().references(() => discounts.id, { onDelete: 'set null' }),
    discountClaimed: boolean().notNull().default(false),
    failureReason: text(),
    /**
     * Who started it (a keyed hash of the client address, never the address itself): bounds how
     * many live holds one client may have at once.
     */
    clientKey: text(),
    /**
     * The checkout hooks' verdict (plugins): flags and whether to hold, copied to the order when
     * it is placed. Null: no hook ran.
     */
    review: jsonb(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('checkouts_idempotency_key').on(t.idempotencyKey),
    uniqueIndex('checkouts_provider_ref_key').on(t.provider, t.providerRef),
    index('checkouts_cart_id_idx').on(t.cartId),
    index('checkouts_pending_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'pending'`),
    index('checkouts_discount_id_idx').on(t.discountId),
    index('checkouts_pending_client_idx')
      .on(t.clientKey)
      .where(sql`${t.status} = 'pending'`),
    index('checkouts_client_created_idx')
      .on(t.clientKey, t.createdAt)
      .where(sql`${t.clientKey} is not null`),
  ],
);

export const reservationStatus = pgEnum('reservation_status', ['active', 'converted', 'released']);

/**
 * Units held for a checkout. Invariant (tested): for every inventory level, `reserved` equals the
 * sum of its active reservations. Only the core's reserve / convert / release functions change
 * either side, each in one transaction.
 */
export const reservations = pgTable(
  'reservations',
  {
    id: id(),
    checkoutId: uuid()
      .notNull()
      .references(() => checkouts.id, { onDelete: 'cascade' }),
    variantId: ref()
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    locationId: ref().notNull(),
    quantity: integer().notNull(),
    status: reservationStatus().notNull().default('active'),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('reservations_checkout_id_idx').on(t.checkoutId),
    index('reservations_variant_id_idx').on(t.variantId),
    index('reservations_active_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'active'`),
    check('reservations_quantity_positive', sql`${t.quantity} > 0`),
  ],
);
