import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref } from './columns';
import { products, productVariants } from './catalog';
import { stockLocations } from './inventory';
import { orderLines, orders, refunds } from './orders';
import { staffUsers } from './staff';

/**
 * The admin's audit log: one row per admin mutation (staff or API token): who, when, what
 * (the procedure and its target), the state before and after. Written in the mutation's own
 * transaction where the mutation has one, so an entry exists if and only if the change did.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    /** `staff` or `token`. */
    actorKind: text().notNull(),
    /** The staff user's id, or `token:<id>`. */
    actorId: text().notNull(),
    actorEmail: text().notNull(),
    /** The procedure's path: `products.update`. */
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt, t.id),
    index('audit_log_actor_idx').on(t.actorId, t.id),
    index('audit_log_target_idx').on(t.targetType, t.targetId, t.id),
    index('audit_log_action_idx').on(t.action, t.id),
  ],
);

/** A staff invitation: the mailed link carries a token whose SHA-256 is stored here. */
export const staffInvites = pgTable(
  'staff_invites',
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull().default(''),
    role: text().notNull(),
    tokenHash: text().notNull(),
    invitedBy: text().references(() => staffUsers.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('staff_invites_token_hash_key').on(t.tokenHash),
    uniqueIndex('staff_invites_open_email_key')
      .on(sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

/** An old handle of a product: the storefront redirects it to the product's current handle. */
export const productHandleRedirects = pgTable(
  'product_handle_redirects',
  {
    handle: text().primaryKey(),
    productId: ref()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('product_handle_redirects_product_idx').on(t.productId)],
);

/**
 * Every change of a stock level with its reason: the stock history. `delta` is the change of
 * on-hand units, `on_hand_after` the level after it.
 */
export const stockAdjustments = pgTable(
  'stock_adjustments',
  {
    id: id(),
    variantId: ref()
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    locationId: ref()
      .notNull()
      .references(() => stockLocations.id, { onDelete: 'restrict' }),
    delta: integer().notNull(),
    onHandAfter: integer().notNull(),
    /** `received`, `correction`, `damaged`, `returned`, `transfer_in`, `transfer_out`, `sync`, `restock`, … */
    reason: text().notNull(),
    note: text().notNull().default(''),
    actor: text().notNull(),
    transferId: ref(),
    createdAt: createdAt(),
  },
  (t) => [index('stock_adjustments_variant_idx').on(t.variantId, t.locationId, t.id)],
);

export const transferStatus = pgEnum('stock_transfer_status', ['pending', 'received', 'canceled']);

/** Units on their way from one location to another: received adds them at the destination. */
export const stockTransfers = pgTable(
  'stock_transfers',
  {
    id: id(),
    fromLocationId: ref()
      .notNull()
      .references(() => stockLocations.id, { onDelete: 'restrict' }),
    toLocationId: ref()
      .notNull()
      .references(() => stockLocations.id, { onDelete: 'restrict' }),
    status: transferStatus().notNull().default('pending'),
    note: text().notNull().default(''),
    createdBy: text().notNull(),
    createdAt: createdAt(),
    receivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [check('stock_transfers_distinct', sql`${t.fromLocationId} <> ${t.toLocationId}`)],
);

export const stockTransferLines = pgTable(
  'stock_transfer_lines',
  {
    id: id(),
    transferId: ref()
      .notNull()
      .references(() => stockTransfers.id, { onDelete: 'cascade' }),
    variantId: ref()
      .notNull()
      .references(() => productVariants.id, { onDelete: 'restrict' }),
    quantity: integer().notNull(),
  },
  (t) => [
    uniqueIndex('stock_transfer_lines_key').on(t.transferId, t.variantId),
    check('stock_transfer_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** A shipment of some or all of an order's lines. */
export const fulfillments = pgTable(
  'fulfillments',
  {
    id: id(),
    orderId: ref()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    carrier: text().notNull(),
    trackingNumber: text().notNull(),
    trackingUrl: text(),
    /** The caller's key: the same key fulfils once, whatever double clicks do. */
    idempotencyKey: text().notNull(),
    createdBy: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('fulfillments_order_idx').on(t.orderId),
    uniqueIndex('fulfillments_idempotency_key').on(t.orderId, t.idempotencyKey),
  ],
);

export const fulfillmentLines = pgTable(
  'fulfillment_lines',
  {
    id: id(),
    fulfillmentId: ref()
      .notNull()
      .references(() => fulfillments.id, { onDelete: 'cascade' }),
    orderLineId: ref()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
  },
  (t) => [
    uniqueIndex('fulfillment_lines_key').on(t.fulfillmentId, t.orderLineId),
    index('fulfillment_lines_order_line_idx').on(t.orderLineId),
    check('fulfillment_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** Which lines (and how many units) a refund covered, and whether they went back to stock. */
export const refundLines = pgTable(
  'refund_lines',
  {
    id: id(),
    refundId: ref()
      .notNull()
      .references(() => refunds.id, { onDelete: 'cascade' }),
    orderLineId: ref()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    restocked: integer().notNull().default(0),
    amount: money().notNull(),
  },
  (t) => [
    index('refund_lines_refund_idx').on(t.refundId),
    check('refund_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('refund_lines_restock_within', sql`${t.restocked} between 0 and ${t.quantity}`),
  ],
);

export const importStatus = pgEnum('import_status', [
  'uploaded',
  'checking',
  'checked',
  'running',
  'completed',
  'failed',
]);

/**
 * A CSV import: the file (stored behind the storage interface), the dry run's counts, the run's
 * progress and the rejected rows' report. One background job runs it.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    kind: text().notNull().default('products'),
    filename: text().notNull(),
    storageKey: text().notNull(),
    bytes: integer().notNull(),
    status: importStatus().notNull().default('uploaded'),
    totalRows: integer(),
    processedRows: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    unchanged: integer().notNull().default(0),
    rejected: integer().notNull().default(0),
    /** The dry run's verdict row by row (bounded) and the rejected rows' line numbers and reasons. */
    plan: jsonb(),
    report: jsonb(),
    error: text(),
    createdBy: text().notNull(),
    createdAt: createdAt(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('import_jobs_created_idx').on(t.createdAt, t.id)],
);
