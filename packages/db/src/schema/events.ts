import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';

/**
 * The outbox of domain events: a write inserts its events here in its own transaction, so an
 * event exists if and only if its change committed. The worker's dispatcher reads undispatched
 * events in id order, fans each out to its handlers and marks it dispatched. `type` and
 * `version` name the event's zod schema in the catalog; `payload` is what that schema parsed.
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
  },
  (t) => [
    index('domain_events_undispatched_idx')
      .on(t.id)
      .where(sql`${t.dispatchedAt} is null`),
    index('domain_events_type_idx').on(t.type, t.id),
  ],
);
