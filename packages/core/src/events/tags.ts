import { cacheTags } from '../cache-tags';
import type { DomainEvent } from './catalog';

/**
 * The storefront cache tags an event makes stale. Product pages and lists read product rows
 * under `product:<id>` and `catalog` together, and the handle lookup under
 * `product-handle:<handle>` alone (a handle points at one product until the handle changes), so
 * only events that create, archive or re-handle a product name the handle tag.
 */
export function cacheTagsForEvent(event: DomainEvent): string[] {
  switch (event.type) {
    case 'product.created':
    case 'product.archived':
      return [
        cacheTags.product(event.payload.productId),
        cacheTags.productHandle(event.payload.handle),
        cacheTags.catalog,
      ];
    case 'product.updated': {
      const tags = [cacheTags.product(event.payload.productId), cacheTags.catalog];
      // A new handle, or a status change (a draft published, an archived product back): the
      // handle's lookup, and a 404 cached under it while the product was hidden, are stale.
      if (event.payload.fields.includes('handle') || event.payload.fields.includes('status'))
        tags.push(cacheTags.productHandle(event.payload.handle));
      if (event.payload.previousHandle)
        tags.push(cacheTags.productHandle(event.payload.previousHandle));
      return tags;
    }
    case 'prices.changed':
      // Lists sort and filter by price: they change with the product's page.
      return [cacheTags.product(event.payload.productId), cacheTags.catalog];
    case 'stock.changed':
      return event.payload.productIds.map((id) => cacheTags.product(id));
    case 'catalog.imported':
      return [
        ...event.payload.productIds.map((id) => cacheTags.product(id)),
        ...event.payload.createdHandles.map((h) => cacheTags.productHandle(h)),
        cacheTags.catalog,
      ];
    case 'order.placed':
    case 'order.paid':
    case 'order.fulfilled':
    case 'order.cancelled':
    case 'order.refunded':
    case 'customer.created':
    case 'checkout.expired':
      return [];
  }
}

/**
 * The tags of a batch of events, coalesced into at most `maxCalls` requests of at most
 * `perCall` tags each (the storefront accepts 128 per request). Every read tagged
 * `product:<id>` is also tagged `catalog`, so when the union needs more than one request, the
 * product tags are replaced by `catalog` (one tag refreshes every product read; a burst of
 * 10,000 product changes is one request, not 10,000). What is left is `catalog` plus handle
 * tags (created, archived or re-handled products), bounded by the dispatcher's batch size; past
 * `maxCalls` requests the remaining handle tags are dropped (`catalog` sorts first and is kept).
 */
export function coalesceCacheTags(
  tags: Iterable<string>,
  options: { perCall: number; maxCalls: number },
): string[][] {
  let union = [...new Set(tags)].sort();
  if (union.length > options.perCall) {
    const hasProductTag = union.some((t) => t.startsWith('product:'));
    union = union.filter((t) => !t.startsWith('product:'));
    if (hasProductTag && !union.includes(cacheTags.catalog)) union.unshift(cacheTags.catalog);
  }
  const chunks: string[][] = [];
  for (let i = 0; i < union.length; i += options.perCall) {
    chunks.push(union.slice(i, i + options.perCall));
  }
  return chunks.slice(0, options.maxCalls);
}
