import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import { CommerceError } from '../errors';
import { lockOrder } from './fulfil';

/** The longest note staff can leave on an order. */
export const MAX_NOTE_LENGTH = 2000;

/**
 * Adds a staff note to an order's timeline (`order_events` type `note`, with the staff email in
 * its data). With an idempotency key (the form's), the same key adds the note once: the order row
 * is locked, so a double click waits for the first and then finds its note.
 */
export async function addOrderNote(
  db: Database,
  params: { number: number; note: string; staffEmail: string; idempotencyKey?: string },
): Promise<{ id: number; created: boolean }> {
  const note = params.note.trim();
  if (note === '') throw new CommerceError('INVALID_INPUT', 'Write the note first.');
  if (note.length > MAX_NOTE_LENGTH)
    throw new CommerceError(
      'INVALID_INPUT',
      `A note is at most ${MAX_NOTE_LENGTH} characters; this one has ${note.length}.`,
    );
  return runTransaction(db, async (tx) => {
    const order = await lockOrder(tx, params.number);
    if (params.idempotencyKey !== undefined) {
      const found = await firstRow(
        tx,
        sql`
        select id from order_events
         where order_id = ${order.id} and type = 'note' and data->>'idempotencyKey' = ${params.idempotencyKey}`,
      );
      if (found) return { id: Number(found.id), created: false };
    }
    const data = {
      staffEmail: params.staffEmail,
      ...(params.idempotencyKey !== undefined ? { idempotencyKey: params.idempotencyKey } : {}),
    };
    const row = await firstRow(
      tx,
      sql`
      insert into order_events (order_id, type, message, data)
      values (${order.id}, 'note', ${note}, ${JSON.stringify(data)}::jsonb) returning id`,
    );
    return { id: Number(row?.id), created: true };
  });
}
