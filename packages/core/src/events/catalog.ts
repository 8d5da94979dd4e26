import { zAdminOrderAddress } from '@shop/validators';
import { z } from 'zod';

/**
 * The catalog of domain events: every fact a write publishes, one zod schema per type and
 * version. A write emits events (`emitEvent`) in its own transaction and names no consumer; the
 * worker's dispatcher fans them out to handlers (page revalidation, cache, mail; search sync and
 * outgoing webhooks next). Payloads carry ids and the facts a handler needs, money as integer
 * minor units with its currency code.
 *
 * Versioning: a payload's shape never changes under the same version. A breaking change adds
 * `version: 2` as a new entry next to version 1 (the union then discriminates on type and
 * version), emitters move to the new version, and handlers accept both until no undispatched
 * version-1 row is left.
 */

const zId = z.number().int().positive();
const zMinor = z.number().int();
const zCurrency = z.string().regex(/^[A-Z]{3}$/);

function event<T extends string, V extends number, P extends z.ZodObject>(
  type: T,
  version: V,
  payload: P,
) {
  return z.object({ type: z.literal(type), version: z.literal(version), payload });
}

export const zProductCreatedV1 = event(
  'product.created',
  1,
  z.object({ productId: zId, handle: z.string().min(1) }),
);

/** Title, description, status, handle or images changed (`fields` names which). Prices have their own event. */
export const zProductUpdatedV1 = event(
  'product.updated',
  1,
  z.object({
    productId: zId,
    handle: z.string().min(1),
    fields: z.array(z.enum(['title', 'description', 'status', 'handle', 'images'])),
    /** Set when the handle changed: pages under the old handle must be refreshed too. */
    previousHandle: z.string().min(1).optional(),
  }),
);

export const zProductArchivedV1 = event(
  'product.archived',
  1,
  z.object({ productId: zId, handle: z.string().min(1) }),
);

export const zPricesChangedV1 = event(
  'prices.changed',
  1,
  z.object({
    productId: zId,
    prices: z.array(
      z.object({
        variantId: zId,
        currencyCode: zCurrency,
        amount: zMinor,
        compareAtAmount: zMinor.nullable(),
      }),
    ),
  }),
);

/**
 * What shoppers can buy of these variants changed: their available stock (`on_hand - reserved`,
 * what the storefront's "in stock" reads). Emitted by the inventory functions, once per
 * transaction (`noteStockChanged`): a checkout's holds taken (`checkout_started`, or
 * `order_placed` when a late payment takes them again) or given back (`checkout_expired` when
 * they lapsed, `checkout_closed` when the attempt was cancelled, replaced or failed), or on-hand
 * counts set by staff or an integration (`adjusted`, `setStockLevels`). Converting
 * held units into a sale changes `on_hand` and `reserved` alike: no event.
 */
export const zStockChangedV1 = event(
  'stock.changed',
  1,
  z.object({
    reason: z.enum([
      'order_placed',
      'checkout_expired',
      'restock',
      'checkout_started',
      'checkout_closed',
      'adjusted',
    ]),
    productIds: z.array(zId),
    variantIds: z.array(zId),
  }),
);

/**
 * One batch of a CSV import (`@shop/csv-io`, up to 500 rows) created or changed these products
 * (fields, options, variants, prices, stock or images): one event per batch instead of one per
 * product, so a 100,000-row file is a few hundred events and pages, search and the cache refresh
 * per batch. `createdHandles` are the handles of the products the batch created (their handle
 * lookups were cached as "not found").
 */
export const zCatalogImportedV1 = event(
  'catalog.imported',
  1,
  z.object({
    importId: zId.nullable(),
    productIds: z.array(zId),
    createdHandles: z.array(z.string().min(1)),
  }),
);

const zOrderLine = z.object({
  productId: zId,
  variantId: zId,
  title: z.string(),
  variantTitle: z.string(),
  sku: z.string(),
  quantity: z.number().int().positive(),
  unitPrice: zMinor,
  total: zMinor,
});

/**
 * An order was written (the completion transaction). Everything the confirmation needs is here
 * except the guest's access token, which stays in `orders` (the mail handler reads it there), so
 * the outbox never holds a credential.
 */
export const zOrderPlacedV1 = event(
  'order.placed',
  1,
  z.object({
    orderId: zId,
    number: z.number().int().positive(),
    email: z.string().email(),
    customerId: z.string().min(1).nullable(),
    currencyCode: zCurrency,
    taxInclusive: z.boolean(),
    lines: z.array(zOrderLine).min(1),
    subtotal: zMinor,
    discountTotal: zMinor,
    shippingTotal: zMinor,
    taxTotal: zMinor,
    total: zMinor,
    // The stored address snapshot, as the admin reads it (not re-validated against today's rules).
    shippingAddress: zAdminOrderAddress,
    shippingOptionName: z.string(),
  }),
);

export const zOrderPaidV1 = event(
  'order.paid',
  1,
  z.object({ orderId: zId, paymentId: zId, amount: zMinor, currencyCode: zCurrency }),
);

/**
 * Units of an order were shipped (`fulfilOrder`): `fulfillmentId` names the shipment (its lines,
 * carrier and tracking are in `fulfillments`; the mail handler reads them there). Optional so that
 * the declared shape, `{ orderId }`, still parses.
 */
export const zOrderFulfilledV1 = event(
  'order.fulfilled',
  1,
  z.object({ orderId: zId, fulfillmentId: zId.optional() }),
);

/** An order was cancelled by staff (`cancelOrder`), with the reason they gave. */
export const zOrderCancelledV1 = event(
  'order.cancelled',
  1,
  z.object({ orderId: zId, reason: z.string() }),
);

/**
 * Money went back to a shopper. `orderId` is the order the payment belongs to or was a second
 * payment for (`duplicate`), or null when the payment never became an order (stock gone after a
 * late payment).
 */
export const zOrderRefundedV1 = event(
  'order.refunded',
  1,
  z.object({
    orderId: zId.nullable(),
    paymentId: zId,
    amount: zMinor,
    currencyCode: zCurrency,
    reason: z.string(),
    email: z.string().email(),
    duplicate: z.boolean(),
  }),
);

/** A shopper registered: emitted in the sign-up transaction (`createCustomerAuth`'s hook). */
export const zCustomerCreatedV1 = event(
  'customer.created',
  1,
  z.object({ customerId: z.string().min(1), email: z.string().email() }),
);

/**
 * A pending checkout was closed and its holds (stock, discount use) given back (`expireCheckout`):
 * it lapsed, the shopper cancelled it, a newer attempt replaced it, or another attempt of the
 * cart was paid first. `reason` says which, as the checkout's `failure_reason` does.
 */
export const zCheckoutExpiredV1 = event(
  'checkout.expired',
  1,
  z.object({ checkoutId: z.string().uuid(), reason: z.string() }),
);

export const zDomainEvent = z.discriminatedUnion('type', [
  zProductCreatedV1,
  zProductUpdatedV1,
  zProductArchivedV1,
  zPricesChangedV1,
  zStockChangedV1,
  zCatalogImportedV1,
  zOrderPlacedV1,
  zOrderPaidV1,
  zOrderFulfilledV1,
  zOrderCancelledV1,
  zOrderRefundedV1,
  zCustomerCreatedV1,
  zCheckoutExpiredV1,
]);

export type DomainEvent = z.infer<typeof zDomainEvent>;
export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/** An event as read back from the outbox: its row id and when it happened. */
export type StoredDomainEvent = DomainEvent & { id: number; occurredAt: Date };

export const domainEventTypes = zDomainEvent.options.map(
  (o) => o.shape.type.value,
) as DomainEventType[];
