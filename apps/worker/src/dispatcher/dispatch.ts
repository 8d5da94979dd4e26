import {
  claimEventBatch,
  countDeadEvents,
  markEventsDead,
  markEventsDispatched,
  recordDispatchFailure,
  type DeadEvent,
  type StoredDomainEvent,
} from '@shop/core';
import type { Database, Db } from '@shop/runtime';
import { runTransaction } from '@shop/db/transaction';
import type { Task } from 'graphile-worker';
import type { EventHandler } from './handlers';

export interface DispatcherConfig {
  db: Db;
  handlers: readonly EventHandler[];
  /** Events per transaction; bounds a batch's revalidation requests (see `coalesceCacheTags`). */
  batchSize?: number;
  /**
   * Failed dispatches of a batch after which the next one isolates the failing events and moves
   * them to the dead letter (default 5; with the dispatcher's backoff and its one-minute sweep,
   * a few minutes).
   */
  maxAttempts?: number;
}

export const DEFAULT_MAX_DISPATCH_ATTEMPTS = 5;

export interface BatchResult {
  /** Rows taken from the outbox (0: nothing was waiting, or every row is held elsewhere). */
  claimed: number;
  dispatched: number;
  /** Events moved to the dead letter by this batch. */
  dead: DeadEvent[];
}

/**
 * Dispatches one batch: claims the oldest undispatched events (`SKIP LOCKED`, so dispatchers in
 * several workers share the backlog), runs every handler on the batch in order, and marks it
 * dispatched, all in one transaction.
 *
 * A handler that throws rolls the whole batch back: it stays in the outbox, each of its events
 * counts one more failed attempt (with the error), and the call throws so the job retries with
 * backoff. Once an event of the batch has failed `maxAttempts` times, the batch is dispatched in
 * isolation instead: halves in savepoints, bisected down to the events that fail on their own,
 * which go to the dead letter with their error while the rest is dispatched. When every event
 * fails on its own, that is an outage of a handler rather than a poison event: nothing is
 * declared dead and the batch is retried. A row that no schema accepts cannot be handed to any
 * handler: it goes to the dead letter at once.
 */
export async function dispatchBatch(config: DispatcherConfig): Promise<BatchResult> {
  const maxAttempts = config.maxAttempts ?? DEFAULT_MAX_DISPATCH_ATTEMPTS;
  let claimedIds: number[] = [];
  try {
    return await runTransaction(config.db, async (tx) => {
      const { events, unreadable, attempts } = await claimEventBatch(tx, config.batchSize ?? 500);
      claimedIds = events.map((e) => e.id);
      const dead: DeadEvent[] = unreadable.map((u) => ({
        id: u.id,
        type: u.type,
        version: u.version,
        error: `does not match the catalog: ${u.reason}`,
      }));
      const claimed = events.length + unreadable.length;
      let delivered: readonly StoredDomainEvent[] = events;
      if (events.length > 0 && attempts < maxAttempts) {
        await runHandlers(config.handlers, events, tx);
      } else if (events.length > 0) {
        const isolated = await isolateFailures(config.handlers, events, tx);
        const [failure] = isolated.failed;
        if (isolated.delivered.length === 0 && failure) {
          throw new Error(
            `every event of the batch fails on its own (an outage, not a poison event): ${failure.error}`,
          );
        }
        delivered = isolated.delivered;
        dead.push(...isolated.failed);
      }
      await markEventsDispatched(
        tx,
        delivered.map((e) => e.id),
      );
      await markEventsDead(tx, dead);
      return { claimed, dispatched: delivered.length, dead };
    });
  } catch (err) {
    // Best effort: if the database itself is what failed, the count cannot grow either, and the
    // error that matters is the batch's.
    await recordDispatchFailure(config.db, claimedIds, errorText(err)).catch(() => undefined);
    throw err;
  }
}

async function runHandlers(
  handlers: readonly EventHandler[],
  events: readonly StoredDomainEvent[],
  tx: Database,
): Promise<void> {
  for (const handler of handlers) {
    try {
      await handler.handle(events, tx);
    } catch (err) {
      throw new Error(
        `handler ${handler.name} failed on events ${events[0]?.id}–${events.at(-1)?.id}: ${errorText(err)}`,
        { cause: err },
      );
    }
  }
}

/**
 * Bisects a batch that keeps failing: each part runs every handler in a savepoint, so what a
 * failing part wrote is undone while the parts that went through keep their writes. A part of
 * one event that fails is that event's verdict. One poison event among n costs about 2·log2(n)
 * handler runs, and so up to that many revalidation requests instead of the batch's one.
 */
async function isolateFailures(
  handlers: readonly EventHandler[],
  events: readonly StoredDomainEvent[],
  tx: Database,
): Promise<{ delivered: StoredDomainEvent[]; failed: DeadEvent[] }> {
  const delivered: StoredDomainEvent[] = [];
  const failed: DeadEvent[] = [];
  async function attempt(part: readonly StoredDomainEvent[]): Promise<void> {
    try {
      await tx.transaction((savepoint) => runHandlers(handlers, part, savepoint));
      delivered.push(...part);
    } catch (err) {
      const [only] = part;
      if (part.length === 1 && only) {
        failed.push({ id: only.id, type: only.type, version: only.version, error: errorText(err) });
        return;
      }
      const middle = Math.ceil(part.length / 2);
      await attempt(part.slice(0, middle));
      await attempt(part.slice(middle));
    }
  }
  await attempt(events);
  return { delivered, failed };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The `dispatch-events` task: dispatches batches until the outbox is empty. A failure throws,
 * so graphile-worker retries the job with exponential backoff (a new event resets the backoff
 * and wakes it at once); the events wait in the outbox meanwhile. Every event moved to
 * the dead letter is logged as an error with the dead letter's size.
 */
export function dispatchEventsTask(config: DispatcherConfig): Task {
  return async (_payload, helpers) => {
    let total = 0;
    for (;;) {
      const { claimed, dispatched, dead } = await dispatchBatch(config);
      total += dispatched;
      for (const d of dead) {
        helpers.logger.error(
          `domain event ${d.id} (${d.type} v${d.version}) moved to the dead letter: ${d.error}`,
        );
      }
      if (dead.length > 0) {
        const n = await countDeadEvents(config.db);
        helpers.logger.error(`${n} dead domain event${n === 1 ? '' : 's'} in the outbox`);
      }
      if (claimed === 0) break;
    }
    if (total > 0) helpers.logger.info(`dispatched ${total} event${total === 1 ? '' : 's'}`);
  };
}
