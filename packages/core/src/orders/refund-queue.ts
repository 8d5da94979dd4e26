import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import { queryRows } from '@shop/db/query';
import { formatMoney } from '@shop/money';
import type { AdminOrderPayment, AdminRefundRequested } from '@shop/validators';
import { CommerceError } from '../errors';
import { lineShare, loadLineStates, pickLines } from './line-state';
import { addOrderEvent } from './place';

/** The graphile-worker job key of a payment's refund, shared with the checkout's own refunds. */
export const refundJobKey = (paymentId: number) => `refund-payment:${paymentId}`;

type RefundJob = NonNullable<AdminOrderPayment['refundJob']>;

/**
 * The queued `refund-payment` jobs of these payments, by payment id. Read through
 * graphile-worker's public `jobs` view by job key (the view shows keys, not payloads). A job
 * leaves the queue when it succeeds, so "queued" means "not refunded yet".
 */
export async function findRefundJobs(
  db: Database,
  paymentIds: number[],
): Promise<Map<number, RefundJob>> {
  const jobs = new Map<number, RefundJob>();
  if (paymentIds.length === 0) return jobs;
  const keys = paymentIds.map((id) => sql`${refundJobKey(id)}`);
  const result = await queryRows(
    db,
    sql`
    select key, attempts, max_attempts, last_error from graphile_worker.jobs
     where task_identifier = 'refund-payment' and key in (${sql.join(keys, sql`, `)})`,
  );
  for (const row of result) {
    const paymentId = Number(String(row.key).slice('refund-payment:'.length));
    const attempts = Number(row.attempts);
    jobs.set(paymentId, {
      isFailed: attempts >= Number(row.max_attempts),
      attempts,
      lastError: row.last_error === null ? null : String(row.last_error),
    });
  }
  return jobs;
}

/** A line of a partial refund as the worker records it (`refund_lines`). */
export interface RefundJobLine {
  orderLineId: number;
  quantity: number;
  amount: number;
}

/** What a `refund-payment` job carries; `amount` absent means "what is left of the payment". */
export interface RefundJobPayload {
  paymentId: number;
  reason: string;
  orderId?: number;
  amount?: number;
  lines?: RefundJobLine[];
  restock?: boolean;
  staffEmail?: string;
}

export interface RefundRequest {
  reason: string;
  staffEmail: string;
  /** Minor units; absent: the lines' share, or everything left when no lines are given either. */
  amount?: number;
  /** Units refunded per line (recorded as refund lines; with `restock`, put back in stock). */
  lines?: readonly { orderLineId: number; quantity: number }[];
  restock?: boolean;
  /** Refund at most what is left instead of refusing more (a cancellation's lines share). */
  capAtRefundable?: boolean;
}

interface OrderRef {
  id: number;
  number: number;
  currencyCode: string;
}

/**
 * Queues the refund of an order (its row locked by the caller) as `refund-payment` jobs, one per
 * payment, keyed by payment so that the refund stays idempotent; the worker refunds through the
 * provider and records the refund, its lines and any restock. The amount is spread over the
 * order's payments in order. A `refund_requested` timeline entry names the staff member.
 *
 * Refused, nothing written: nothing left to refund, an amount above what was paid minus refunded
 * (the sentence names the most that can be refunded), units above those bought minus refunded,
 * and (CONFLICT) while the refund of every remaining payment is already queued. A job that ran out
 * of attempts is queued again.
 */
export async function queueRefunds(
  tx: Database,
  order: OrderRef,
  request: RefundRequest,
): Promise<AdminRefundRequested> {
  const open = await queryRows(
    tx,
    sql`
    select id, amount, refunded_amount from payments
     where order_id = ${order.id} and refunded_amount < amount order by id`,
  );
  if (open.length === 0)
    throw new CommerceError('INVALID_INPUT', `Order #${order.number} has nothing left to refund.`);
  const jobs = await findRefundJobs(
    tx,
    open.map((p) => Number(p.id)),
  );
  const due = open
    .map((p) => ({ id: Number(p.id), left: Number(p.amount) - Number(p.refunded_amount) }))
    .filter((p) => {
      const job = jobs.get(p.id);
      return job === undefined || job.isFailed;
    });
  if (due.length === 0)
    throw new CommerceError(
      'CONFLICT',
      `A refund of order #${order.number} is already in progress.`,
    );
  const refundable = due.reduce((sum, p) => sum + p.left, 0);

  const lines = request.lines ? await refundLines(tx, order, request.lines) : undefined;
  const wanted = request.amount ?? lines?.reduce((sum, l) => sum + l.amount, 0) ?? refundable;
  const amount = request.capAtRefundable === true ? Math.min(wanted, refundable) : wanted;
  const money = (n: number) => formatMoney(n, order.currencyCode);
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new CommerceError('INVALID_INPUT', 'The refund amount must be more than zero.');
  if (amount > refundable)
    throw new CommerceError(
      'INVALID_INPUT',
      `Order #${order.number} can be refunded at most ${money(refundable)}; ${money(amount)} is more than was paid and not yet refunded.`,
    );

  // A partial refund names its amount per job; a full one leaves it out ("what is left").
  const partial = request.amount !== undefined || lines !== undefined;
  let remaining = amount;
  const paymentIds: number[] = [];
  for (const p of due) {
    if (remaining === 0) break;
    const take = Math.min(p.left, remaining);
    remaining -= take;
    const payload: RefundJobPayload = {
      paymentId: p.id,
      reason: request.reason,
      ...(partial ? { amount: take } : {}),
      // The lines go with the first payment's refund: one refund row records them (the staff
      // member is the restock's actor).
      ...(lines && paymentIds.length === 0
        ? { lines, restock: request.restock === true, staffEmail: request.staffEmail }
        : {}),
    };
    await enqueueJob(tx, 'refund-payment', payload, { jobKey: refundJobKey(p.id) });
    paymentIds.push(p.id);
  }
  await addOrderEvent(
    tx,
    order.id,
    'refund_requested',
    `Refund of ${money(amount)} requested by ${request.staffEmail}: ${request.reason}`,
    {
      paymentIds,
      amount,
      staffEmail: request.staffEmail,
      reason: request.reason,
      ...(lines ? { lines, restock: request.restock === true } : {}),
    },
  );
  return { number: order.number, paymentIds, amount, currencyCode: order.currencyCode };
}

async function refundLines(
  tx: Database,
  order: OrderRef,
  requested: readonly { orderLineId: number; quantity: number }[],
): Promise<RefundJobLine[]> {
  const states = await loadLineStates(tx, order.id);
  return pickLines(order.number, states, requested).map(({ line, quantity }) => {
    const left = line.quantity - line.refunded;
    if (quantity > left)
      throw new CommerceError(
        'INVALID_INPUT',
        left === 0
          ? `${line.sku} on order #${order.number} has already been refunded.`
          : `Only ${left} of ${line.sku} on order #${order.number} can still be refunded.`,
      );
    return { orderLineId: line.id, quantity, amount: lineShare(line, quantity) };
  });
}
