import { eq } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { domainEvents } from '@shop/db/schema';
import type { DomainEventOf } from '../events/catalog';
import { emitEvents } from '../events/emit';

type StockChanged = DomainEventOf<'stock.changed'>;
export type StockChangeReason = StockChanged['payload']['reason'];

/** A variant whose available stock changed, with its product (the pages to refresh). */
export interface StockChange {
  variantId: number;
  productId: number;
}

/** The `stock.changed` event a transaction has written so far, to merge later changes into. */
interface Pending {
  eventId: number;
  payload: StockChanged['payload'];
}

const pendingByTransaction = new WeakMap<Database, Pending>();

/** A Drizzle transaction (or savepoint) has `rollback`; the pool-backed database does not. */
function isTransaction(db: Database): boolean {
  return 'rollback' in db;
}

/**
 * Records that the available stock (`on_hand - reserved`) of these variants changed, as one
 * `stock.changed` event per transaction: the first change of a transaction emits it, later
 * ones merge their variants and products into that event's payload (the reason becomes the
 * latest one: a checkout start that first closed an older attempt says `checkout_started`).
 * So the event commits or rolls back with the stock rows, and names each variant once however
 * many reservations of the transaction touched it. A savepoint is a transaction of its own
 * here: what it noted goes with it if it rolls back.
 *
 * Called by the inventory functions themselves, where availability changes; not by their callers.
 */
export async function noteStockChanged(
  tx: Database,
  reason: StockChangeReason,
  changes: readonly StockChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const pending = isTransaction(tx) ? pendingByTransaction.get(tx) : undefined;
  const variantIds = new Set([
    ...(pending?.payload.variantIds ?? []),
    ...changes.map((c) => Number(c.variantId)),
  ]);
  const productIds = new Set([
    ...(pending?.payload.productIds ?? []),
    ...changes.map((c) => Number(c.productId)),
  ]);
  const payload: StockChanged['payload'] = {
    reason,
    productIds: [...productIds].sort((a, b) => a - b),
    variantIds: [...variantIds].sort((a, b) => a - b),
  };
  if (!pending) {
    const [eventId] = await emitEvents(tx, [{ type: 'stock.changed', version: 1, payload }]);
    if (isTransaction(tx) && eventId !== undefined)
      pendingByTransaction.set(tx, { eventId, payload });
    return;
  }
  await tx.update(domainEvents).set({ payload }).where(eq(domainEvents.id, pending.eventId));
  pending.payload = payload;
}
