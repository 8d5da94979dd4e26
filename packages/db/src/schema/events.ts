import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';

/**
 * The outbox of domain events: a write inserts its events here in its own transaction, so an
 * event exists if and only if its change committed. The worker's dispatcher reads undispatched
 * events in id order, fans each out to its handlers and marks it dispatched. `type` and
 * `version` name the event's zod schema in the catalog; `payload` is what that schema parsed.
 *
 * The dead letter: `attempts` counts the dispatches of a batch holding the event that failed,
 * `last_error` says why the last one did; an event the dispatcher isolated as failing on its
 * own (or that no schema accepts) gets `dead_at` and is never handed to a handler again, so the
 * events after it still dispatch. An operator revives it by clearing `dead_at`.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: id(),
    type: text().notNull(),
    version: integer().notNull(),
    payload: jsonb().notNull(),
    occurredAt: createdAt(),
    dispatchedAt: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    lastError: text(),
    deadAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('domain_events_undispatched_idx')
      .on(t.id)
      .where(sql`${t.dispatchedAt} is null and ${t.deadAt} is null`),
    index('domain_events_dead_idx')
      .on(t.id)
      .where(sql`${t.deadAt} is not null`),
    index('domain_events_type_idx').on(t.type, t.id),
  ],
);
