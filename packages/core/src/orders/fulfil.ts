import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import type { OrderFulfillmentStatus } from '@shop/validators';
import { CommerceError } from '../errors';
import { emitEvent } from '../events/emit';
import { loadLineStates, pickLines, unshippedUnits, type LineState } from './line-state';
import { addOrderEvent } from './place';

export interface FulfilParams {
  number: number;
  /** Units per line, or `'all'`: every unit not yet shipped or refunded. */
  lines: readonly { orderLineId: number; quantity: number }[] | 'all';
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string | null;
  /** The form's key: the same key fulfils once, however many times it is sent. */
  idempotencyKey: string;
  staffEmail: string;
}

export interface Fulfilment {
  id: number;
  number: number;
  fulfillmentStatus: OrderFulfillmentStatus;
  lines: { orderLineId: number; quantity: number }[];
  /** False when this key had already fulfilled: nothing was written this time. */
  created: boolean;
}

/** The order row as fulfilment, cancellation and notes need it, locked. */
export interface LockedOrder {
  id: number;
  number: number;
  email: string;
  currencyCode: string;
  status: 'open' | 'completed' | 'canceled';
  fulfillmentStatus: OrderFulfillmentStatus;
  isHeld: boolean;
}

/**
 * Locks an order row by number (level 3 of the lock order): every writer of its fulfilments,
 * refunds, cancellation and notes takes it first, so they queue instead of reading stale counts.
 */
export async function lockOrder(tx: Database, number: number): Promise<LockedOrder> {
  const row = await firstRow(
    tx,
    sql`
    select id, number, email, currency_code, status, fulfillment_status,
           (held_at is not null and released_at is null) as is_held
      from orders where number = ${number} for update`,
  );
  if (!row) throw new CommerceError('ORDER_NOT_FOUND', `Order #${number} does not exist.`);
  return {
    id: Number(row.id),
    number: Number(row.number),
    email: String(row.email),
    currencyCode: String(row.currency_code),
    status: row.status as LockedOrder['status'],
    fulfillmentStatus: row.fulfillment_status as OrderFulfillmentStatus,
    isHeld: row.is_held === true,
  };
}

/** Every unit shipped or refunded: fulfilled; some shipped: partially; none: unfulfilled. */
export function fulfilmentStatusOf(lines: readonly LineState[]): OrderFulfillmentStatus {
  const shipped = lines.reduce((n, l) => n + l.fulfilled, 0);
  if (shipped === 0) return 'unfulfilled';
  return lines.every((l) => unshippedUnits(l) === 0) ? 'fulfilled' : 'partially_fulfilled';
}

/**
 * Ships some or all of an order's units, as one transaction with the order row locked: a
 * `fulfillments` row (carrier, tracking) with its lines, the order's fulfilment status, a
 * `fulfilled` timeline entry naming the staff member, and `order.fulfilled` (the dispatcher mails
 * the shopper the tracking). The same idempotency key returns the fulfilment it made and writes
 * nothing, so a double click or a retried request ships once.
 *
 * Refused with a sentence, nothing written: a held order (release it first), a cancelled order,
 * a line of another order or named twice, more units than bought minus shipped minus refunded,
 * or nothing left to ship.
 */
export async function fulfilOrder(db: Database, params: FulfilParams): Promise<Fulfilment> {
  const carrier = params.carrier.trim();
  const trackingNumber = params.trackingNumber.trim();
  if (carrier === '') throw new CommerceError('INVALID_INPUT', 'Enter the carrier.');
  if (trackingNumber === '') throw new CommerceError('INVALID_INPUT', 'Enter the tracking number.');
  // The link is shown to the customer as a link: only a web address may become one.
  if (params.trackingUrl != null && !isWebAddress(params.trackingUrl))
    throw new CommerceError(
      'INVALID_INPUT',
      'The tracking link must be a web address starting with http:// or https://.',
    );
  return runTransaction(db, async (tx) => {
    const order = await lockOrder(tx, params.number);
    const done = await findFulfilment(tx, order, params.idempotencyKey);
    if (done) return done;
    if (order.status === 'canceled')
      throw new CommerceError(
        'INVALID_INPUT',
        `Order #${order.number} is cancelled; it cannot be fulfilled.`,
      );
    if (order.isHeld)
      throw new CommerceError(
        'INVALID_INPUT',
        `Order #${order.number} is held for review; release it first.`,
      );

    const states = await loadLineStates(tx, order.id);
    const picked = chooseUnits(order.number, states, params.lines);
    const inserted = await firstRow(
      tx,
      sql`
      insert into fulfillments (order_id, carrier, tracking_number, tracking_url, idempotency_key, created_by)
      values (${order.id}, ${carrier}, ${trackingNumber}, ${params.trackingUrl ?? null}, ${params.idempotencyKey}, ${params.staffEmail})
      returning id`,
    );
    const fulfillmentId = Number(inserted?.id);
    const lines = picked.map((p) => ({ orderLineId: p.line.id, quantity: p.quantity }));
    await tx.execute(sql`
      insert into fulfillment_lines (fulfillment_id, order_line_id, quantity)
      select ${fulfillmentId}, l.order_line_id, l.quantity
        from jsonb_to_recordset(${JSON.stringify(
          lines.map((l) => ({ order_line_id: l.orderLineId, quantity: l.quantity })),
        )}::jsonb) as l(order_line_id bigint, quantity int)`);

    for (const p of picked) p.line.fulfilled += p.quantity;
    const status = fulfilmentStatusOf(states);
    await tx.execute(
      sql`update orders set fulfillment_status = ${status}::order_fulfillment_status where id = ${order.id}`,
    );
    const units = lines.reduce((n, l) => n + l.quantity, 0);
    await addOrderEvent(
      tx,
      order.id,
      'fulfilled',
      `${units} ${units === 1 ? 'unit' : 'units'} shipped with ${carrier} (${trackingNumber}) by ${params.staffEmail}.`,
      {
        fulfillmentId,
        carrier,
        trackingNumber,
        trackingUrl: params.trackingUrl ?? null,
        staffEmail: params.staffEmail,
        lines: picked.map((p) => ({ sku: p.line.sku, quantity: p.quantity })),
      },
    );
    await emitEvent(tx, {
      type: 'order.fulfilled',
      version: 1,
      payload: { orderId: order.id, fulfillmentId },
    });
    return {
      id: fulfillmentId,
      number: order.number,
      fulfillmentStatus: status,
      lines,
      created: true,
    };
  });
}

async function findFulfilment(
  tx: Database,
  order: LockedOrder,
  key: string,
): Promise<Fulfilment | null> {
  const rows = await queryRows(
    tx,
    sql`
    select f.id, fl.order_line_id, fl.quantity
      from fulfillments f join fulfillment_lines fl on fl.fulfillment_id = f.id
     where f.order_id = ${order.id} and f.idempotency_key = ${key}
     order by fl.order_line_id`,
  );
  const first = rows[0];
  if (!first) return null;
  return {
    id: Number(first.id),
    number: order.number,
    fulfillmentStatus: order.fulfillmentStatus,
    lines: rows.map((r) => ({
      orderLineId: Number(r.order_line_id),
      quantity: Number(r.quantity),
    })),
    created: false,
  };
}

function chooseUnits(
  number: number,
  states: LineState[],
  lines: FulfilParams['lines'],
): { line: LineState; quantity: number }[] {
  if (lines === 'all') {
    const picked = states
      .filter((l) => unshippedUnits(l) > 0)
      .map((line) => ({ line, quantity: unshippedUnits(line) }));
    if (picked.length === 0)
      throw new CommerceError('INVALID_INPUT', `Order #${number} has nothing left to fulfil.`);
    return picked;
  }
  const picked = pickLines(number, states, lines);
  for (const { line, quantity } of picked) {
    const left = unshippedUnits(line);
    if (quantity > left)
      throw new CommerceError(
        'INVALID_INPUT',
        left === 0
          ? `${line.sku} on order #${number} has nothing left to fulfil.`
          : `Only ${left} of ${line.sku} on order #${number} ${left === 1 ? 'is' : 'are'} left to fulfil.`,
      );
  }
  return picked;
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
