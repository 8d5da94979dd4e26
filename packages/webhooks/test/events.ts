import { emitEvents, listDomainEvents, type DomainEvent } from '@shop/core';
import type { Database } from '@shop/db/client';
import { runTransaction } from '@shop/db/transaction';
import { fanOutEvents } from '../src/fan-out';

/** `product.updated` of product `productId` (no such product needed: the payload is the event). */
export const productUpdated = (productId: number): DomainEvent => ({
  type: 'product.updated',
  version: 1,
  payload: { productId, handle: `product-${productId}`, fields: ['title'] },
});

/**
 * Writes the events to the outbox and fans them out as the dispatcher's webhook handler does
 * (one transaction each), marking them dispatched so no other consumer is involved.
 */
export async function emitAndFanOut(
  db: Database,
  events: readonly DomainEvent[],
): Promise<number[]> {
  const ids = await runTransaction(db, (tx) => emitEvents(tx, events));
  const first = ids[0] ?? 0;
  const stored = (await listDomainEvents(db, { afterId: first - 1 })).filter((e) =>
    ids.includes(e.id),
  );
  await runTransaction(db, async (tx) => {
    await fanOutEvents(tx, stored);
  });
  return ids;
}
