import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import type { AdminOrderRisk } from '@shop/validators';
import { CommerceError } from '../errors';
import type { OrderFlagInput } from '../ports/checkout-hooks';
import { addOrderEvent } from './place';

export interface FlagParams {
  orderId: number;
  flags: readonly OrderFlagInput[];
  hold?: boolean;
  /** The hold's reason; the first new flag's reason when absent. */
  holdReason?: string | null;
}

/** What `flagOrder` changed: flags it added (not there before) and whether it held the order. */
export interface FlagOutcome {
  added: OrderFlagInput[];
  held: boolean;
}

/**
 * Flags an order and, with `hold`, holds it for review, in one transaction (or the caller's).
 * Idempotent: a flag is one row per (order, source, code), so a replayed event or a retried
 * job adds nothing, and a hold is set only on an order that was never held (an order staff
 * released stays released when a late plugin flags it again). Each change writes one timeline
 * entry (`flagged` with the new reasons, `held`), with the facts in `data`.
 */
export async function flagOrder(db: Database, params: FlagParams): Promise<FlagOutcome> {
  return runTransaction(db, (tx) => flagWithin(tx, params));
}

async function flagWithin(tx: Database, params: FlagParams): Promise<FlagOutcome> {
  const added: OrderFlagInput[] = [];
  for (const f of params.flags) {
    const inserted = await queryRows(
      tx,
      sql`
      insert into order_flags (order_id, source, code, reason, data)
      values (${params.orderId}, ${f.source}, ${f.code}, ${f.reason},
              ${f.data == null ? null : JSON.stringify(f.data)}::jsonb)
      on conflict (order_id, source, code) do nothing
      returning id`,
    );
    if (inserted.length > 0) added.push(f);
  }
  if (added.length > 0) {
    await addOrderEvent(
      tx,
      params.orderId,
      'flagged',
      `Flagged: ${added.map((f) => f.reason).join(' ')}`,
      { flags: added.map((f) => ({ source: f.source, code: f.code, reason: f.reason })) },
    );
  }
  let held = false;
  if (params.hold) {
    const reason =
      params.holdReason ?? added[0]?.reason ?? params.flags[0]?.reason ?? 'Held for review.';
    const updated = await queryRows(
      tx,
      sql`
      update orders set held_at = now(), hold_reason = ${reason}
       where id = ${params.orderId} and held_at is null
       returning id`,
    );
    held = updated.length > 0;
    if (held)
      await addOrderEvent(tx, params.orderId, 'held', `Held for review: ${reason}`, { reason });
  }
  return { added, held };
}

/**
 * The review a checkout's hooks left (`checkouts.review`), applied to the order placed from it,
 * inside the order's own transaction: flags and hold exist iff the order does.
 */
export async function applyCheckoutReview(
  tx: Database,
  orderId: number,
  review: unknown,
): Promise<void> {
  if (review === null || typeof review !== 'object') return;
  const { flags, hold, holdReason } = review as {
    flags?: OrderFlagInput[];
    hold?: boolean;
    holdReason?: string | null;
  };
  if ((flags?.length ?? 0) === 0 && hold !== true) return;
  await flagWithin(tx, {
    orderId,
    flags: flags ?? [],
    hold: hold === true,
    holdReason: holdReason ?? null,
  });
}

const orderNotFound = (number: number) =>
  new CommerceError('ORDER_NOT_FOUND', `Order #${number} does not exist.`);

/**
 * Staff hold an order for review. Idempotent: an order already held stays held as it was (one
 * timeline entry); a released order can be held again, which clears the release.
 */
export async function holdOrder(
  db: Database,
  params: { number: number; staffEmail: string; reason?: string },
): Promise<AdminOrderRisk['hold']> {
  const reason = params.reason?.trim() || `Held by ${params.staffEmail}.`;
  // Postgres text has no NUL: stored, it would be a 500 instead of this sentence.
  if (reason.includes('\u0000'))
    throw new CommerceError('INVALID_INPUT', 'A hold reason cannot contain a NUL character.');
  return runTransaction(db, async (tx) => {
    const order = await lockOrder(tx, params.number);
    if (order.held_at === null || order.released_at !== null) {
      await tx.execute(sql`
        update orders set held_at = now(), hold_reason = ${reason}, released_at = null, released_by = null
         where id = ${order.id}`);
      await addOrderEvent(
        tx,
        order.id,
        'held',
        `Held for review by ${params.staffEmail}: ${reason}`,
        {
          reason,
          staffEmail: params.staffEmail,
        },
      );
    }
    return readHold(tx, order.id);
  });
}

/**
 * Staff release a held order. Idempotent: releasing twice is one release (one timeline entry,
 * the first release's time and staff member); an order that is not held is refused.
 */
export async function releaseOrder(
  db: Database,
  params: { number: number; staffEmail: string },
): Promise<AdminOrderRisk['hold']> {
  return runTransaction(db, async (tx) => {
    const order = await lockOrder(tx, params.number);
    if (order.held_at === null) {
      throw new CommerceError('CONFLICT', `Order #${params.number} is not held.`);
    }
    if (order.released_at === null) {
      await tx.execute(sql`
        update orders set released_at = now(), released_by = ${params.staffEmail} where id = ${order.id}`);
      await addOrderEvent(tx, order.id, 'released', `Released by ${params.staffEmail}.`, {
        staffEmail: params.staffEmail,
      });
    }
    return readHold(tx, order.id);
  });
}

async function lockOrder(tx: Database, number: number) {
  const rows = await queryRows<{ id: number; held_at: Date | null; released_at: Date | null }>(
    tx,
    sql`select id, held_at, released_at from orders where number = ${number} for update`,
  );
  const order = rows[0];
  if (!order) throw orderNotFound(number);
  return { ...order, id: Number(order.id) };
}

async function readHold(db: Database, orderId: number): Promise<AdminOrderRisk['hold']> {
  const rows = await queryRows<{
    held_at: string | Date | null;
    hold_reason: string | null;
    released_at: string | Date | null;
    released_by: string | null;
  }>(
    db,
    sql`select held_at, hold_reason, released_at, released_by from orders where id = ${orderId}`,
  );
  const r = rows[0];
  if (!r || r.held_at === null) return null;
  return {
    heldAt: new Date(r.held_at),
    reason: r.hold_reason ?? '',
    releasedAt: r.released_at === null ? null : new Date(r.released_at),
    releasedBy: r.released_by,
  };
}

/** An order's flags (oldest first) and its hold, for the admin's order detail. */
export async function loadOrderRisk(db: Database, orderId: number): Promise<AdminOrderRisk> {
  const flags = await queryRows<{
    source: string;
    code: string;
    reason: string;
    created_at: string | Date;
  }>(
    db,
    sql`select source, code, reason, created_at from order_flags where order_id = ${orderId} order by id`,
  );
  return {
    flags: flags.map((f) => ({
      source: f.source,
      code: f.code,
      reason: f.reason,
      createdAt: new Date(f.created_at),
    })),
    hold: await readHold(db, orderId),
  };
}
