import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { wakeDispatcher } from '@shop/db/jobs';
import { domainEvents } from '@shop/db/schema';

/** An event the dispatcher gave up on, with why. */
export interface DeadEvent {
  id: number;
  type: string;
  version: number;
  error: string;
}

/**
 * Counts one more failed dispatch for events of a batch that rolled back, with its error. Runs
 * after the rollback, outside the batch's transaction (which no longer exists), so the count
 * survives the failure it counts. Events dispatched meanwhile by another worker are left alone.
 */
export async function recordDispatchFailure(
  db: Database,
  ids: readonly number[],
  error: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(domainEvents)
    .set({ attempts: sql`${domainEvents.attempts} + 1`, lastError: error })
    .where(and(inArray(domainEvents.id, [...ids]), isNull(domainEvents.dispatchedAt)));
}

/**
 * Moves events to the dead letter: they keep their row (and the error) but are never claimed
 * again. Call it in the dispatching transaction, so the verdict commits with the rest of the
 * batch's dispatch.
 */
export async function markEventsDead(tx: Database, dead: readonly DeadEvent[]): Promise<void> {
  for (const d of dead) {
    await tx
      .update(domainEvents)
      .set({ deadAt: sql`now()`, lastError: d.error })
      .where(eq(domainEvents.id, d.id));
  }
}

/** How many events are in the dead letter: the number an operator watches (0 when healthy). */
export async function countDeadEvents(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(domainEvents)
    .where(isNotNull(domainEvents.deadAt));
  return row?.n ?? 0;
}

/** The dead events, oldest first, with their failed attempts and last error. */
export async function listDeadEvents(db: Database): Promise<
  {
    id: number;
    type: string;
    version: number;
    attempts: number;
    lastError: string | null;
    deadAt: Date;
  }[]
> {
  const rows = await db
    .select({
      id: domainEvents.id,
      type: domainEvents.type,
      version: domainEvents.version,
      attempts: domainEvents.attempts,
      lastError: domainEvents.lastError,
      deadAt: domainEvents.deadAt,
    })
    .from(domainEvents)
    .where(isNotNull(domainEvents.deadAt))
    .orderBy(asc(domainEvents.id));
  return rows.flatMap((r) => (r.deadAt === null ? [] : [{ ...r, deadAt: r.deadAt }]));
}

/**
 * Gives dead events back to the dispatcher (after the handler or the catalog was fixed): their
 * attempts start again from 0 and the dispatcher is woken. Returns how many were revived.
 */
export async function reviveDeadEvents(db: Database, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const revived = await db
    .update(domainEvents)
    .set({ deadAt: null, attempts: 0 })
    .where(and(inArray(domainEvents.id, [...ids]), isNotNull(domainEvents.deadAt)))
    .returning({ id: domainEvents.id });
  if (revived.length > 0) await wakeDispatcher(db);
  return revived.length;
}
