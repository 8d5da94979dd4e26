import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows } from '@shop/db/query';
import {
  zDomainEvent,
  type DomainEvent,
  type DomainEventOf,
  type DomainEventType,
  type StoredDomainEvent,
} from './catalog';

/** An event to emit: its type, its current version (checked by the compiler) and its payload. */
export type EmitEvent<T extends DomainEventType = DomainEventType> = DomainEventOf<T>;

/**
 * Records domain events in the `domain_events` outbox. Call it with the transaction that made
 * the change: the events exist if and only if the change commits, and a worker that is down at
 * the time dispatches them when it starts. The dispatcher is woken when the transaction commits
 * (a deferred trigger on `domain_events`, migration 0007), so writing an event takes no lock
 * that concurrent writers wait on. Each event is validated against
 * its schema first, so a malformed event fails the write instead of reaching handlers. All events of one call are one statement.
 * Returns the events' outbox ids, in the order given.
 */
export async function emitEvents(tx: Database, events: readonly DomainEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const parsed = events.map((e) => {
    const result = zDomainEvent.safeParse(e);
    if (!result.success) {
      // A bug in the emitter, not the caller's input: a plain error (500), never a 400.
      throw new Error(
        `Event ${e.type} v${e.version} does not match its schema: ${result.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    return result.data;
  });
  // Identity values follow the insert order, which is the events' order.
  const inserted = await queryRows<{ id: number }>(
    tx,
    sql`
    insert into domain_events (type, version, payload)
    select e.value->>'type', (e.value->>'version')::int, e.value->'payload'
      from jsonb_array_elements(${JSON.stringify(parsed)}::jsonb) with ordinality as e(value, n)
     order by e.n
    returning id`,
  );
  return inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** One event; see `emitEvents`. */
export async function emitEvent<T extends DomainEventType>(
  tx: Database,
  event: EmitEvent<T>,
): Promise<void> {
  await emitEvents(tx, [event as DomainEvent]);
}

/** An outbox row whose type or payload no schema accepts (written by hand, or a removed type). */
export interface UnreadableEvent {
  id: number;
  type: string;
  version: number;
  reason: string;
}

/**
 * Takes the next batch of undispatched events, oldest first, locking their rows until the
 * transaction ends; rows another dispatcher holds are skipped (`SKIP LOCKED`), so several
 * workers share the backlog and no event is handed to two of them at once. Dead events (see
 * `markEventsDead`) are never taken. Call it inside a transaction that marks the batch
 * dispatched (`markEventsDispatched`) after its handlers ran. `attempts` is the most failed
 * dispatches any event of the batch has had.
 */
export async function claimEventBatch(
  tx: Database,
  limit: number,
): Promise<{ events: StoredDomainEvent[]; unreadable: UnreadableEvent[]; attempts: number }> {
  const result = await queryRows(
    tx,
    sql`
    select id, type, version, payload, occurred_at, attempts from domain_events
     where dispatched_at is null and dead_at is null
     order by id
     limit ${limit}
       for update skip locked`,
  );
  const events: StoredDomainEvent[] = [];
  const unreadable: UnreadableEvent[] = [];
  let attempts = 0;
  for (const row of result) {
    const id = Number(row.id);
    attempts = Math.max(attempts, Number(row.attempts));
    const parsed = zDomainEvent.safeParse({
      type: row.type,
      version: row.version,
      payload: row.payload,
    });
    if (parsed.success) {
      events.push({ ...parsed.data, id, occurredAt: new Date(String(row.occurred_at)) });
    } else {
      unreadable.push({
        id,
        type: String(row.type),
        version: Number(row.version),
        reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    }
  }
  return { events, unreadable, attempts };
}

export async function markEventsDispatched(tx: Database, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`
    update domain_events set dispatched_at = now()
     where id = any(${bigintArray(ids)})`);
}

/**
 * Events still waiting for the dispatcher (tests, and the operator's "is it behind?"); dead
 * events wait for no one and are counted by `countDeadEvents`.
 */
export async function countUndispatchedEvents(db: Database): Promise<number> {
  const result = await queryRows(
    db,
    sql`select count(*)::int as n from domain_events where dispatched_at is null and dead_at is null`,
  );
  return Number((result[0] as { n: number }).n);
}

/** Events in the outbox, oldest first, dispatched or not; for tests and diagnostics. */
export async function listDomainEvents<T extends DomainEventType = DomainEventType>(
  db: Database,
  filter: { type?: T; afterId?: number } = {},
): Promise<(DomainEventOf<T> & { id: number; occurredAt: Date; dispatchedAt: Date | null })[]> {
  const result = await queryRows(
    db,
    sql`
    select id, type, version, payload, occurred_at, dispatched_at from domain_events
     where id > ${filter.afterId ?? 0} and (${filter.type ?? null}::text is null or type = ${filter.type ?? null})
     order by id`,
  );
  return result.map((row) => ({
    // The filter made every row of type T.
    ...(zDomainEvent.parse({
      type: row.type,
      version: row.version,
      payload: row.payload,
    }) as DomainEventOf<T>),
    id: Number(row.id),
    occurredAt: new Date(String(row.occurred_at)),
    dispatchedAt: row.dispatched_at === null ? null : new Date(String(row.dispatched_at)),
  }));
}

/**
 * One stored event by id, parsed; null when there is none or no schema reads it (a job that
 * names an event outlives neither). Jobs that act on one event (`plugin-event`) load it here.
 */
export async function getDomainEvent(db: Database, id: number): Promise<StoredDomainEvent | null> {
  const row = (
    await queryRows(
      db,
      sql`select id, type, version, payload, occurred_at from domain_events where id = ${id}`,
    )
  )[0];
  if (!row) return null;
  const parsed = zDomainEvent.safeParse({
    type: row.type,
    version: row.version,
    payload: row.payload,
  });
  if (!parsed.success) return null;
  return { ...parsed.data, id: Number(row.id), occurredAt: new Date(String(row.occurred_at)) };
}
