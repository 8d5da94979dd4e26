import { sql } from 'drizzle-orm';
import {
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
} from 'drizzle-orm/pg-core';
import { createdAt, id, ref, updatedAt } from './columns';
import { orders } from './orders';
import { domainEvents } from './events';
import { staffUsers } from './staff';

/**
 * Outgoing webhooks (Standard Webhooks). An endpoint subscribes to event types (`events`, the
 * catalog's names; empty = none) and signs with its own `secret` (`whsec_…`, kept to sign: it is
 * shown once, at creation). `failing_since` is set by the first failed attempt after a success
 * and cleared by the next success; an endpoint failing for longer than the disable window is
 * disabled (`disabled_at`, `disabled_reason`) and its deliveries wait until it is enabled again.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    url: text().notNull(),
    description: text().notNull().default(''),
    events: text().array().notNull(),
    secret: text().notNull(),
    enabled: boolean().notNull().default(true),
    disabledAt: timestamp({ withTimezone: true }),
    disabledReason: text(),
    failingSince: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_enabled_idx').on(t.enabled)],
);

export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', [
  'pending',
  'succeeded',
  'failed',
]);

/**
 * One event for one endpoint: unique per (endpoint, event), so a redispatched batch adds nothing.
 * `resource_key` orders deliveries: per endpoint and resource only the oldest unfinished delivery
 * is sent, so a receiver sees one order's events in the order they happened. `status` is
 * `pending` while attempts remain, `succeeded` on a 2xx, `failed` when the retry schedule ran out.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    endpointId: ref()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: ref()
      .notNull()
      .references(() => domainEvents.id),
    eventType: text().notNull(),
    resourceKey: text().notNull(),
    status: webhookDeliveryStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer(),
    lastLatencyMs: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    /**
     * Staff asked for this delivery again (`redeliver`): its next attempt is logged as manual.
     * It is otherwise an attempt like the others (a failure waits by the retry schedule, or
     * makes the delivery `failed` again when the schedule ran out).
     */
    manual: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_due_idx')
      .on(t.endpointId, t.resourceKey, t.id)
      .where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);

/** Every HTTP attempt of a delivery: the delivery log. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: id(),
    deliveryId: ref()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer().notNull(),
    /** Null: no HTTP answer (refused, timed out, address not allowed). */
    statusCode: integer(),
    latencyMs: integer().notNull(),
    error: text(),
    /** The first bytes of the answer, for the log. */
    responseBody: text(),
    manual: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

/**
 * Why an order was flagged, one row per (order, source, code): a plugin (`source` = its name)
 * or staff. The reasons are shown on the admin's order detail.
 */
export const orderFlags = pgTable(
  'order_flags',
  {
    id: id(),
    orderId: ref()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    source: text().notNull(),
    code: text().notNull(),
    reason: text().notNull(),
    data: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('order_flags_order_source_code_key').on(t.orderId, t.source, t.code)],
);

/** A plugin's settings as staff saved them; the plugin's schema fills in the rest. */
export const pluginSettings = pgTable('plugin_settings', {
  plugin: text().primaryKey(),
  settings: jsonb().notNull(),
  updatedAt: updatedAt(),
});

/**
 * Tokens for server-to-server calls to the admin API. Only the SHA-256 of the token is stored
 * (`token_hash`); `prefix` (the first characters) identifies it in lists. `scopes` are
 * permissions; a revoked token (`revoked_at`) is refused on its next call.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    name: text().notNull(),
    prefix: text().notNull(),
    tokenHash: text().notNull(),
    scopes: text().array().notNull(),
    createdBy: text().references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash),
    check('api_tokens_scopes_nonempty', sql`cardinality(${t.scopes}) > 0`),
  ],
);
