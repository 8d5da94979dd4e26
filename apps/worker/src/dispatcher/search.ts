import type { StoredDomainEvent } from '@shop/core';
import { enqueueJob } from '@shop/db/jobs';
import { SYNC_CHUNK, syncIndex, type SearchEngine } from '@shop/search';
import type { EventHandler } from './handlers';

/** The queue of one engine's `search-index` jobs: they run one at a time, oldest first. */
export const searchQueueName = (engine: string) => `search-index:${engine}`;

/**
 * The products whose search documents an event may change: its fields, status or prices, the
 * stock of its variants, and its popularity (units sold, so every line of a placed order).
 */
export function productIdsOfEvent(event: StoredDomainEvent): number[] {
  switch (event.type) {
    case 'product.created':
    case 'product.updated':
    case 'product.archived':
    case 'prices.changed':
      return [event.payload.productId];
    case 'stock.changed':
    case 'catalog.imported':
      return event.payload.productIds;
    case 'order.placed':
      return event.payload.lines.map((l) => l.productId);
    default:
      return [];
  }
}

/**
 * Keeps every search index in step with the catalog, once per batch for the union of its
 * products (a burst of edits to one product is one sync).
 *
 * The Postgres engine's index is in the same database: it is synced inline, through the
 * dispatcher's transaction, so the index changes if and only if the batch is marked dispatched
 * (a killed worker loses nothing and syncs again on the retry), and the revalidation jobs the
 * next handler enqueues in the same transaction can only run once the index has changed (order
 * this handler first). Every other engine (Meilisearch) is another service: it gets durable
 * `search-index` jobs, enqueued in the same transaction and retried with backoff on their own,
 * so an engine that is down never holds the outbox back.
 */
export function searchIndexHandler(engines: readonly SearchEngine[]): EventHandler {
  return {
    name: 'search',
    async handle(events, tx) {
      const ids = [...new Set(events.flatMap(productIdsOfEvent))].sort((a, b) => a - b);
      if (ids.length === 0) return;
      for (const engine of engines) {
        if (engine.name === 'postgres') {
          // Inside the batch's transaction, under the index's sync lock until it commits.
          await syncIndex(tx, engine, ids);
          continue;
        }
        // One job per sync chunk: each job is one document build and one engine batch.
        for (let i = 0; i < ids.length; i += SYNC_CHUNK) {
          await enqueueJob(
            tx,
            'search-index',
            { engine: engine.name, productIds: ids.slice(i, i + SYNC_CHUNK) },
            { queueName: searchQueueName(engine.name) },
          );
        }
      }
    },
  };
}
