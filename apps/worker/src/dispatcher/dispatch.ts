import { claimEventBatch, markEventsDispatched } from '@shop/core';
import type { Db } from '@shop/runtime';
import { runTransaction } from '@shop/db/transaction';
import type { Task } from 'graphile-worker';
import type { EventHandler } from './handlers';

export interface DispatcherConfig {
  db: Db;
  handlers: readonly EventHandler[];
  /** Events per transaction; bounds a batch's revalidation requests (see `coalesceCacheTags`). */
  batchSize?: number;
}

/**
 * Dispatches one batch: claims the oldest undispatched events (`SKIP LOCKED`, so dispatchers in
 * several workers share the backlog), runs every handler on the batch in order, and marks it
 * dispatched, all in one transaction. A handler that throws rolls the whole batch back: it stays
 * in the outbox and is handed to every handler again on the retry. Returns how many events were
 * dispatched (0: nothing was waiting, or every waiting row is held by another dispatcher).
 */
export async function dispatchBatch(config: DispatcherConfig): Promise<number> {
  return runTransaction(config.db, async (tx) => {
    const { events, unreadable } = await claimEventBatch(tx, config.batchSize ?? 500);
    const [bad] = unreadable;
    if (bad) {
      // A row no schema accepts is a bug; stop here, loudly, instead of skipping a fact.
      throw new Error(
        `domain event ${bad.id} (${bad.type} v${bad.version}) does not match the catalog: ${bad.reason}`,
      );
    }
    if (events.length === 0) return 0;
    for (const handler of config.handlers) {
      try {
        await handler.handle(events, tx);
      } catch (err) {
        throw new Error(
          `handler ${handler.name} failed on events ${events[0]?.id}–${events.at(-1)?.id}: ${String(err)}`,
          { cause: err },
        );
      }
    }
    await markEventsDispatched(
      tx,
      events.map((e) => e.id),
    );
    return events.length;
  });
}

/**
 * The `dispatch-events` task: dispatches batches until the outbox is empty. A failure throws,
 * so graphile-worker retries the job with exponential backoff (a new event resets the backoff
 * and wakes it within 200 ms); the events wait in the outbox meanwhile.
 */
export function dispatchEventsTask(config: DispatcherConfig): Task {
  return async (_payload, helpers) => {
    let total = 0;
    for (;;) {
      const n = await dispatchBatch(config);
      if (n === 0) break;
      total += n;
    }
    if (total > 0) helpers.logger.info(`dispatched ${total} event${total === 1 ? '' : 's'}`);
  };
}
