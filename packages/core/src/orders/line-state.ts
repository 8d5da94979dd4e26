import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { CommerceError } from '../errors';

/**
 * An order line as fulfilment, cancellation and refunds see it: what was bought, how many units
 * were shipped, how many were refunded (and of those, put back in stock), and the money of the
 * line already refunded through refund lines.
 */
export interface LineState {
  id: number;
  variantId: number | null;
  sku: string;
  productTitle: string;
  variantTitle: string;
  quantity: number;
  total: number;
  fulfilled: number;
  refunded: number;
  restocked: number;
  refundedAmount: number;
}

/** Units that can still be shipped: bought, not shipped, not refunded. */
export const unshippedUnits = (l: LineState) => Math.max(0, l.quantity - l.fulfilled - l.refunded);

/**
 * The order's lines with their shipped and refunded counts. Read with the order row locked (every
 * writer of fulfilments and refund lines takes it first), so the counts cannot move underneath.
 */
export async function loadLineStates(db: Database, orderId: number): Promise<LineState[]> {
  const rows = await queryRows(
    db,
    sql`
    select ol.id, ol.variant_id, ol.sku, ol.product_title, ol.variant_title, ol.quantity, ol.total,
           coalesce((select sum(fl.quantity) from fulfillment_lines fl where fl.order_line_id = ol.id), 0) as fulfilled,
           coalesce(rl.quantity, 0) as refunded, coalesce(rl.restocked, 0) as restocked,
           coalesce(rl.amount, 0) as refunded_amount
      from order_lines ol
      left join lateral (select sum(quantity) as quantity, sum(restocked) as restocked, sum(amount) as amount
                           from refund_lines where order_line_id = ol.id) rl on true
     where ol.order_id = ${orderId}
     order by ol.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    variantId: r.variant_id === null ? null : Number(r.variant_id),
    sku: String(r.sku),
    productTitle: String(r.product_title),
    variantTitle: String(r.variant_title),
    quantity: Number(r.quantity),
    total: Number(r.total),
    fulfilled: Number(r.fulfilled),
    refunded: Number(r.refunded),
    restocked: Number(r.restocked),
    refundedAmount: Number(r.refunded_amount),
  }));
}

/**
 * Matches requested `{ orderLineId, quantity }` pairs to the order's lines: a line of another
 * order, a line named twice or a quantity that is not a positive whole number is refused with a
 * sentence (INVALID_INPUT), before anything is written.
 */
export function pickLines(
  number: number,
  lines: readonly LineState[],
  requested: readonly { orderLineId: number; quantity: number }[],
): { line: LineState; quantity: number }[] {
  if (requested.length === 0)
    throw new CommerceError('INVALID_INPUT', 'Choose at least one line and a quantity.');
  const seen = new Set<number>();
  return requested.map((r) => {
    const line = lines.find((l) => l.id === r.orderLineId);
    if (!line)
      throw new CommerceError(
        'INVALID_INPUT',
        `Line ${r.orderLineId} is not a line of order #${number}.`,
      );
    if (seen.has(line.id))
      throw new CommerceError('INVALID_INPUT', `${line.sku} is listed twice; list each line once.`);
    seen.add(line.id);
    if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0)
      throw new CommerceError('INVALID_INPUT', `The quantity of ${line.sku} must be at least 1.`);
    return { line, quantity: r.quantity };
  });
}

/**
 * The money of `quantity` more units of a line, after `already` units were refunded: the line's
 * total spread over its units so that refunding every unit, one at a time or all at once, gives
 * back exactly the line's total (each share is the difference of two floors, in integers).
 */
export function lineShare(line: LineState, quantity: number): number {
  const total = BigInt(line.total);
  const units = BigInt(line.quantity);
  const before = BigInt(line.refunded);
  const after = BigInt(line.refunded + quantity);
  return Number((total * after) / units - (total * before) / units);
}
