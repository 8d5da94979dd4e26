import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import type { AdminRefundRequested } from '@shop/validators';
import { CommerceError } from '../errors';
import { emitEvent } from '../events/emit';
import { returnToStock } from '../inventory/returns';
import { lockOrder } from './fulfil';
import { loadLineStates, unshippedUnits } from './line-state';
import { addOrderEvent } from './place';
import { findRefundJobs, queueRefunds } from './refund-queue';

export interface CancelledOrder {
  number: number;
  canceledAt: Date;
  /** The refund queued by this cancellation; null when nothing was left to refund or it was already cancelled. */
  refund: AdminRefundRequested | null;
  /** Units put back in stock by this cancellation. */
  restockedUnits: number;
  /** False when the order was already cancelled: nothing was written this time. */
  cancelled: boolean;
}

/**
 * Cancels an order, as one transaction with its row locked: units not shipped go back in stock
 * (`stock_adjustments` reason `cancel`, one `stock.changed`), what was paid is refunded through
 * the refund jobs (everything left when nothing was shipped; the unshipped lines' share when part
 * of the order was), the order becomes `canceled` with `canceled_at` and `cancel_reason`, the
 * timeline gets a `canceled` entry and `order.cancelled` is emitted. Shipped units stay shipped.
 *
 * Idempotent: an order already cancelled is answered as it is. Refused with a sentence, nothing
 * written: a fulfilled order (refund it instead), and (CONFLICT) while a refund of it is queued.
 */
export async function cancelOrder(
  db: Database,
  params: { number: number; reason: string; staffEmail: string },
): Promise<CancelledOrder> {
  const reason = params.reason.trim();
  if (reason === '') throw new CommerceError('INVALID_INPUT', 'Enter a reason for cancelling.');
  return runTransaction(db, async (tx) => {
    const order = await lockOrder(tx, params.number);
    if (order.status === 'canceled') {
      const row = await firstRow(tx, sql`select canceled_at from orders where id = ${order.id}`);
      return {
        number: order.number,
        canceledAt: new Date(String(row?.canceled_at)),
        refund: null,
        restockedUnits: 0,
        cancelled: false,
      };
    }
    if (order.fulfillmentStatus === 'fulfilled')
      throw new CommerceError(
        'INVALID_INPUT',
        `Order #${order.number} has been fulfilled; refund it instead of cancelling it.`,
      );
    await refuseWhileRefunding(tx, order);

    const states = await loadLineStates(tx, order.id);
    const unshipped = states.filter((l) => unshippedUnits(l) > 0);
    const units = unshipped.flatMap((l) =>
      l.variantId === null ? [] : [{ variantId: l.variantId, quantity: unshippedUnits(l) }],
    );
    await returnToStock(tx, {
      orderId: order.id,
      units,
      reason: 'cancel',
      actor: params.staffEmail,
      note: `Order #${order.number} cancelled`,
    });

    const refund = await refundWhatIsLeft(tx, order, {
      reason,
      staffEmail: params.staffEmail,
      // Part shipped: the customer keeps (and pays for) what was shipped and the shipping.
      lines:
        order.fulfillmentStatus === 'partially_fulfilled'
          ? unshipped.map((l) => ({ orderLineId: l.id, quantity: unshippedUnits(l) }))
          : undefined,
    });

    const [row] = await queryRows<{ canceled_at: Date }>(
      tx,
      sql`
      update orders set status = 'canceled', canceled_at = now(), cancel_reason = ${reason}
       where id = ${order.id} returning canceled_at`,
    );
    const restockedUnits = units.reduce((n, u) => n + u.quantity, 0);
    await addOrderEvent(tx, order.id, 'canceled', `Cancelled by ${params.staffEmail}: ${reason}`, {
      reason,
      staffEmail: params.staffEmail,
      restockedUnits,
      ...(refund ? { amount: refund.amount } : {}),
    });
    await emitEvent(tx, {
      type: 'order.cancelled',
      version: 1,
      payload: { orderId: order.id, reason },
    });
    return {
      number: order.number,
      canceledAt: new Date(String(row?.canceled_at)),
      refund,
      restockedUnits,
      cancelled: true,
    };
  });
}

/**
 * A refund queued and not yet run would be merged with (or run beside) the cancellation's own:
 * the cancellation waits for it instead.
 */
async function refuseWhileRefunding(tx: Database, order: { id: number; number: number }) {
  const open = await queryRows(
    tx,
    sql`select id from payments where order_id = ${order.id} and refunded_amount < amount`,
  );
  const jobs = await findRefundJobs(
    tx,
    open.map((p) => Number(p.id)),
  );
  if ([...jobs.values()].some((j) => !j.isFailed))
    throw new CommerceError(
      'CONFLICT',
      `A refund of order #${order.number} is in progress; cancel the order once it is done.`,
    );
}

async function refundWhatIsLeft(
  tx: Database,
  order: { id: number; number: number; currencyCode: string },
  request: {
    reason: string;
    staffEmail: string;
    lines: { orderLineId: number; quantity: number }[] | undefined;
  },
): Promise<AdminRefundRequested | null> {
  const left = await firstRow(
    tx,
    sql`select coalesce(sum(amount - refunded_amount), 0) as left from payments where order_id = ${order.id}`,
  );
  if (Number(left?.left ?? 0) === 0) return null;
  if (request.lines && request.lines.length === 0) return null;
  return queueRefunds(tx, order, {
    reason: request.reason,
    staffEmail: request.staffEmail,
    ...(request.lines ? { lines: request.lines, capAtRefundable: true } : {}),
  });
}
