import {
  cacheTagsForEvent,
  coalesceCacheTags,
  listOrderAccessTokens,
  loadShipmentsForMail,
  type Cache,
  type StoredDomainEvent,
} from '@shop/core';
import type { Database } from '@shop/runtime';
import { enqueueJob } from '@shop/db/jobs';

/**
 * One consumer of domain events. `handle` runs inside the dispatcher's transaction with the
 * whole batch, before the batch is marked dispatched: what it writes through `tx` (typically a
 * job, which then retries on its own) commits together with the mark, and if it throws nothing
 * of the batch commits and every handler sees the batch again on the retry. Delivery is
 * therefore at least once: a handler must be idempotent (a job key per event, a tag refresh
 * that may repeat, a cache delete).
 */
export interface EventHandler {
  name: string;
  handle(events: readonly StoredDomainEvent[], tx: Database): Promise<void>;
}

/** The storefront accepts at most this many tags per request (`verifyRevalidation`). */
export const TAGS_PER_CALL = 128;
/** The most revalidation requests one batch makes per storefront replica. */
export const MAX_CALLS_PER_BATCH = 10;

/**
 * Refreshes storefront pages: the union of the batch's tags, coalesced (see
 * `coalesceCacheTags`), one `revalidate` job per replica and chunk, so a replica that is down
 * retries alone with backoff while the others are already fresh. With an edge in front
 * (`edge: true`, `EDGE_PURGE_URL`), one job per chunk for every replica instead: it purges the
 * edge once all of them answered, never before (see `revalidateTask`).
 */
export function revalidationHandler(
  storefrontUrls: readonly string[],
  options: { edge?: boolean } = {},
): EventHandler {
  return {
    name: 'revalidate',
    async handle(events, tx) {
      const chunks = coalesceCacheTags(events.flatMap(cacheTagsForEvent), {
        perCall: TAGS_PER_CALL,
        maxCalls: MAX_CALLS_PER_BATCH,
      });
      if (options.edge) {
        for (const tags of chunks) await enqueueJob(tx, 'revalidate', { tags });
        return;
      }
      for (const url of storefrontUrls) {
        for (const tags of chunks) await enqueueJob(tx, 'revalidate', { url, tags });
      }
    },
  };
}

/**
 * Drops what the Shop's cache (the cache port) holds under the batch's tags: the same tags the
 * storefront's pages carry. With Redis (`UPSTASH_REDIS_REST_URL`) that is the cache every
 * storefront replica reads; with the in-process LRU it is only the worker's own, and each
 * storefront drops its own when the `revalidate` job reaches /api/revalidate. That second drop
 * also covers the window this one leaves: it runs inside the batch's transaction, before the
 * search index it syncs has committed (see docs/cache.md).
 */
export function cacheInvalidationHandler(cache: Pick<Cache, 'invalidateTags'>): EventHandler {
  return {
    name: 'cache',
    async handle(events) {
      const tags = [...new Set(events.flatMap(cacheTagsForEvent))];
      if (tags.length > 0) await cache.invalidateTags(tags);
    },
  };
}

/**
 * Mail to shoppers: the order confirmation from `order.placed`, the refund mail from
 * `order.refunded`, the shipment mail (lines, carrier, tracking) from `order.fulfilled` (read
 * from the fulfilment it names; a payload without one, the declared shape, mails nothing).
 * Each becomes a `send-mail` job keyed by its event id, so a redelivered
 * event replaces its pending mail instead of adding a second one, and the transport's failures
 * are retried by the job, not by the dispatcher.
 */
export function mailHandler(): EventHandler {
  return {
    name: 'mail',
    async handle(events, tx) {
      const tokens = await listOrderAccessTokens(
        tx,
        events.flatMap((e) => (e.type === 'order.placed' ? [e.payload.orderId] : [])),
      );
      const shipments = await loadShipmentsForMail(
        tx,
        events.flatMap((e) =>
          e.type === 'order.fulfilled' && e.payload.fulfillmentId !== undefined
            ? [e.payload.fulfillmentId]
            : [],
        ),
      );
      for (const event of events) {
        const jobKey = `mail:event:${event.id}`;
        if (event.type === 'order.placed') {
          const o = event.payload;
          const accessToken = tokens.get(o.orderId);
          if (accessToken === undefined)
            throw new Error(`order.placed ${event.id}: order ${o.orderId} does not exist`);
          await enqueueJob(
            tx,
            'send-mail',
            {
              template: 'order-confirmation',
              to: o.email,
              data: {
                number: o.number,
                accessToken,
                email: o.email,
                currencyCode: o.currencyCode,
                taxInclusive: o.taxInclusive,
                lines: o.lines.map((l) => ({
                  title: l.title,
                  variantTitle: l.variantTitle,
                  sku: l.sku,
                  quantity: l.quantity,
                  unitPrice: l.unitPrice,
                  total: l.total,
                })),
                subtotal: o.subtotal,
                discountTotal: o.discountTotal,
                shippingTotal: o.shippingTotal,
                taxTotal: o.taxTotal,
                total: o.total,
                shippingAddress: o.shippingAddress,
                shippingOptionName: o.shippingOptionName,
              },
            },
            { jobKey },
          );
        } else if (event.type === 'order.fulfilled') {
          const id = event.payload.fulfillmentId;
          if (id === undefined) continue;
          const shipment = shipments.get(id);
          // The order (and its fulfilments) can be deleted by then: nothing to mail.
          if (!shipment) continue;
          const { fulfillmentId: _id, email, ...data } = shipment;
          await enqueueJob(
            tx,
            'send-mail',
            { template: 'order-shipped', to: email, data },
            { jobKey },
          );
        } else if (event.type === 'order.refunded') {
          const r = event.payload;
          await enqueueJob(
            tx,
            'send-mail',
            {
              template: 'payment-refunded',
              to: r.email,
              data: { amount: r.amount, currencyCode: r.currencyCode, reason: r.reason },
            },
            { jobKey },
          );
        }
      }
    },
  };
}
