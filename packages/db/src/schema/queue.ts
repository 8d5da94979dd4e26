import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per running worker process: the graphile-worker ids it hosts and when it last said it
 * was alive. A process that stops beating (killed, machine lost) is presumed dead by the others,
 * which unlock its jobs so they run again at once instead of after graphile-worker's 4-hour
 * lock timeout.
 */
export const workerHeartbeats = pgTable(
  'worker_heartbeats',
  {
    processId: text().primaryKey(),
    workerIds: text().array().notNull().default([]),
    lastSeen: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('worker_heartbeats_last_seen_idx').on(t.lastSeen)],
);
