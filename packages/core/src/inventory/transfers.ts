import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, firstRow, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import type { Transfer, TransferPage } from '@shop/validators';
import { CommerceError } from '../errors';
import { auditValue, type AuditHook } from '../staff/audit';
import { applyLevelChanges, levelKey, lockLevels, locationOrThrow } from './stock-ledger';

/**
 * Stock transfers between locations. Creating one takes the units off the source at once
 * (`transfer_out`): they are in a van, not for sale at either end. Receiving adds them at the
 * destination (`transfer_in`); canceling a pending one puts them back at the source
 * (`transfer_canceled`). Each step is one transaction that locks the transfer's row first, so
 * two receives (a double click, two staff) add the units once: the second sees `received` and
 * answers the transfer as it is.
 */

/** How long a transfer's idempotency key is remembered: a retry after that creates anew. */
export const TRANSFER_KEY_HOURS = 24;

type TransferParams = {
  fromLocationId: number;
  toLocationId: number;
  lines: ReadonlyArray<{ variantId: number; quantity: number }>;
  note: string;
  actor: string;
  /**
   * The form's key (a UUID made when the form opened): the same key creates one transfer, however
   * often it is sent. Remembered per actor for `TRANSFER_KEY_HOURS`.
   */
  idempotencyKey?: string;
};

/**
 * Creates a pending transfer of these lines from one location to another, taking the units off
 * the source. Refused with a sentence, nothing written: an unknown location or variant, or more
 * units of a SKU than are available at the source (on hand less what checkouts hold).
 *
 * With an idempotency key, a second call with the same key (a double submit, a retry after a
 * lost answer) answers the transfer the first one created, as it is now, and writes nothing; the
 * same key with other locations, lines or note is refused (CONFLICT). The schema has no column
 * for the key (and is frozen), so the key is kept in the creation's audit entry (`after.
 * idempotencyKey`), which is written in the transfer's own transaction: it exists if and only if
 * the transfer does. A transaction-scoped advisory lock on (actor, key) makes a concurrent second
 * call wait for the first to commit, then find its entry. The key therefore needs the audit hook
 * (the admin API always passes it).
 */
export async function createTransfer(
  db: Database,
  params: TransferParams,
  deps: { audit?: AuditHook } = {},
): Promise<Transfer> {
  if (params.fromLocationId === params.toLocationId)
    throw new CommerceError(
      'INVALID_INPUT',
      'A transfer goes to another location than the one it leaves; nothing was changed.',
    );
  const key = params.idempotencyKey;
  if (key !== undefined && !deps.audit)
    throw new Error('A transfer idempotency key is kept in its audit entry: pass the audit hook.');
  return runTransaction(db, async (tx) => {
    if (key !== undefined) {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`stock-transfer:${params.actor}:${key}`}, 0))`,
      );
      const earlier = await transferOfKey(tx, params.actor, key);
      if (earlier) return sameTransferOrConflict(earlier, params);
    }
    const from = await locationOrThrow(tx, params.fromLocationId);
    await locationOrThrow(tx, params.toLocationId);
    const variants = await variantsOf(
      tx,
      params.lines.map((l) => l.variantId),
    );
    const lines = [...params.lines].sort((a, b) => a.variantId - b.variantId);
    const levels = await lockLevels(
      tx,
      lines.map((l) => ({ variantId: l.variantId, locationId: params.fromLocationId })),
    );
    for (const line of lines) {
      const level = levels.get(levelKey(line.variantId, params.fromLocationId));
      const available = level ? level.onHand - level.reserved : 0;
      if (line.quantity > available)
        throw new CommerceError(
          'INVALID_INPUT',
          `SKU "${variants.get(line.variantId)?.sku ?? line.variantId}" has ${available} available at ${from}; a transfer cannot take ${line.quantity}. Nothing was changed.`,
        );
    }
    const created = await firstRow<{ id: number }>(
      tx,
      sql`insert into stock_transfers (from_location_id, to_location_id, note, created_by)
          values (${params.fromLocationId}, ${params.toLocationId}, ${params.note}, ${params.actor})
          returning id`,
    );
    if (!created) throw new Error('the transfer was not created');
    const transferId = Number(created.id);
    await tx.execute(sql`
      insert into stock_transfer_lines (transfer_id, variant_id, quantity)
      select ${transferId}, l.variant_id, l.quantity
        from jsonb_to_recordset(${JSON.stringify(
          lines.map((l) => ({ variant_id: l.variantId, quantity: l.quantity })),
        )}::jsonb) as l(variant_id bigint, quantity int)`);
    await applyLevelChanges(
      tx,
      levels,
      lines.map((l) => ({
        variantId: l.variantId,
        productId: variants.get(l.variantId)?.productId ?? 0,
        locationId: params.fromLocationId,
        delta: -l.quantity,
        reason: 'transfer_out' as const,
        note: params.note,
        actor: params.actor,
        transferId,
      })),
    );
    const transfer = await getTransfer(tx, transferId);
    await deps.audit?.(tx, {
      targetType: 'stock.transfer',
      targetId: transferId,
      after: key === undefined ? transfer : keyedAuditEntry(transfer, key),
    });
    return transfer;
  });
}

/**
 * The creation's audit `after` holding the key. The log keeps only the size of an entry over
 * its limit, which would lose the key: a transfer too large for it (many long SKUs) is logged
 * with its line count instead of its lines (the stock history has them).
 */
function keyedAuditEntry(transfer: Transfer, key: string): Record<string, unknown> {
  const full = { idempotencyKey: key, ...transfer };
  const logged = auditValue(full);
  if (logged && typeof logged === 'object' && 'truncated' in logged)
    return { idempotencyKey: key, ...transfer, lines: { count: transfer.lines.length } };
  return full;
}

/** The transfer this actor created with this key within `TRANSFER_KEY_HOURS`, if any. */
async function transferOfKey(tx: Database, actor: string, key: string): Promise<Transfer | null> {
  const row = await firstRow<{ target_id: string }>(
    tx,
    sql`select target_id from audit_log
         where target_type = 'stock.transfer' and after->>'idempotencyKey' = ${key}
           and after->>'createdBy' = ${actor}
           and created_at > now() - make_interval(hours => ${TRANSFER_KEY_HOURS})
         order by id limit 1`,
  );
  return row ? getTransfer(tx, Number(row.target_id)) : null;
}

/** A repeat of the keyed call answers its transfer; other input under the key is refused. */
function sameTransferOrConflict(earlier: Transfer, params: TransferParams): Transfer {
  const wanted = [...params.lines]
    .sort((a, b) => a.variantId - b.variantId)
    .map((l) => `${l.variantId}×${l.quantity}`);
  const had = earlier.lines.map((l) => `${l.variantId}×${l.quantity}`);
  const same =
    earlier.from.id === params.fromLocationId &&
    earlier.to.id === params.toLocationId &&
    earlier.note === params.note &&
    wanted.join(',') === had.join(',');
  if (!same)
    throw new CommerceError(
      'CONFLICT',
      `This idempotency key already created transfer ${earlier.id} (${earlier.from.code} → ${earlier.to.code}) with other locations, lines or note; nothing was changed. Start a new transfer to create another.`,
    );
  return earlier;
}

/** The variants' products and SKUs; INVALID_INPUT naming the first id that does not exist. */
async function variantsOf(
  tx: Database,
  ids: readonly number[],
): Promise<Map<number, { productId: number; sku: string }>> {
  const rows = await queryRows<{ id: number; product_id: number; sku: string }>(
    tx,
    sql`select id, product_id, sku from product_variants where id = any(${bigintArray(ids)})`,
  );
  const found = new Map(
    rows.map((r) => [Number(r.id), { productId: Number(r.product_id), sku: r.sku }]),
  );
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined)
    throw new CommerceError(
      'INVALID_INPUT',
      `Variant ${missing} does not exist; nothing was changed.`,
    );
  return found;
}

/** Locks a transfer's row (the first lock every step takes) and reads its status. */
async function lockTransfer(
  tx: Database,
  transferId: number,
): Promise<{ status: Transfer['status']; fromLocationId: number; toLocationId: number }> {
  const row = await firstRow<{
    status: Transfer['status'];
    from_location_id: number;
    to_location_id: number;
  }>(
    tx,
    sql`select status, from_location_id, to_location_id from stock_transfers
         where id = ${transferId} for update`,
  );
  if (!row) throw new CommerceError('NOT_FOUND', `Transfer ${transferId} does not exist.`);
  return {
    status: row.status,
    fromLocationId: Number(row.from_location_id),
    toLocationId: Number(row.to_location_id),
  };
}

/** Moves a pending transfer's units back into one of its locations and sets its status. */
async function settle(
  tx: Database,
  transferId: number,
  locationId: number,
  reason: 'transfer_in' | 'transfer_canceled',
  actor: string,
): Promise<void> {
  const lines = await queryRows<{ variant_id: number; product_id: number; quantity: number }>(
    tx,
    sql`select tl.variant_id, v.product_id, tl.quantity
          from stock_transfer_lines tl join product_variants v on v.id = tl.variant_id
         where tl.transfer_id = ${transferId} order by tl.variant_id`,
  );
  const levels = await lockLevels(
    tx,
    lines.map((l) => ({ variantId: Number(l.variant_id), locationId })),
  );
  await applyLevelChanges(
    tx,
    levels,
    lines.map((l) => ({
      variantId: Number(l.variant_id),
      productId: Number(l.product_id),
      locationId,
      delta: Number(l.quantity),
      reason,
      note: '',
      actor,
      transferId,
    })),
  );
  await tx.execute(sql`
    update stock_transfers
       set status = ${reason === 'transfer_in' ? 'received' : 'canceled'},
           received_at = ${reason === 'transfer_in' ? sql`now()` : sql`null`}
     where id = ${transferId}`);
}

/**
 * Receives a pending transfer: its units are added at the destination. Receiving one already
 * received answers it unchanged (a double click adds nothing); a canceled one is refused.
 */
export async function receiveTransfer(
  db: Database,
  params: { transferId: number; actor: string },
  deps: { audit?: AuditHook } = {},
): Promise<Transfer> {
  return runTransaction(db, async (tx) => {
    const transfer = await lockTransfer(tx, params.transferId);
    if (transfer.status === 'canceled')
      throw new CommerceError(
        'CONFLICT',
        `Transfer ${params.transferId} was canceled; it cannot be received.`,
      );
    if (transfer.status === 'pending')
      await settle(tx, params.transferId, transfer.toLocationId, 'transfer_in', params.actor);
    return settled(tx, params.transferId, transfer.status, deps);
  });
}

/**
 * Cancels a pending transfer: its units go back to the source. Canceling one already canceled
 * answers it unchanged; a received one is refused (its units are at the destination).
 */
export async function cancelTransfer(
  db: Database,
  params: { transferId: number; actor: string },
  deps: { audit?: AuditHook } = {},
): Promise<Transfer> {
  return runTransaction(db, async (tx) => {
    const transfer = await lockTransfer(tx, params.transferId);
    if (transfer.status === 'received')
      throw new CommerceError(
        'CONFLICT',
        `Transfer ${params.transferId} was already received; it cannot be canceled. Adjust the stock at the destination instead.`,
      );
    if (transfer.status === 'pending')
      await settle(
        tx,
        params.transferId,
        transfer.fromLocationId,
        'transfer_canceled',
        params.actor,
      );
    return settled(tx, params.transferId, transfer.status, deps);
  });
}

/** The transfer after a receive or cancel, audited with the status it had before. */
async function settled(
  tx: Database,
  transferId: number,
  before: Transfer['status'],
  deps: { audit?: AuditHook },
): Promise<Transfer> {
  const transfer = await getTransfer(tx, transferId);
  await deps.audit?.(tx, {
    targetType: 'stock.transfer',
    targetId: transferId,
    before: { status: before },
    after: { status: transfer.status },
  });
  return transfer;
}

interface TransferRow {
  id: number;
  status: Transfer['status'];
  note: string;
  created_by: string;
  created_at: Date | string;
  received_at: Date | string | null;
  from_id: number;
  from_code: string;
  from_name: string;
  to_id: number;
  to_code: string;
  to_name: string;
}

const transferSelect = sql`
  select t.id, t.status, t.note, t.created_by, t.created_at, t.received_at,
         f.id as from_id, f.code as from_code, f.name as from_name,
         d.id as to_id, d.code as to_code, d.name as to_name
    from stock_transfers t
    join stock_locations f on f.id = t.from_location_id
    join stock_locations d on d.id = t.to_location_id`;

async function withLines(db: Database, rows: readonly TransferRow[]): Promise<Transfer[]> {
  const lines = await queryRows<{
    transfer_id: number;
    variant_id: number;
    sku: string;
    quantity: number;
  }>(
    db,
    sql`select tl.transfer_id, tl.variant_id, v.sku, tl.quantity
          from stock_transfer_lines tl join product_variants v on v.id = tl.variant_id
         where tl.transfer_id = any(${bigintArray(rows.map((r) => Number(r.id)))})
         order by tl.transfer_id, tl.variant_id`,
  );
  const linesOf = new Map<number, Transfer['lines']>();
  for (const l of lines) {
    const list = linesOf.get(Number(l.transfer_id)) ?? [];
    list.push({ variantId: Number(l.variant_id), sku: l.sku, quantity: Number(l.quantity) });
    linesOf.set(Number(l.transfer_id), list);
  }
  return rows.map((r) => ({
    id: Number(r.id),
    status: r.status,
    note: r.note,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    receivedAt: r.received_at === null ? null : new Date(r.received_at),
    from: { id: Number(r.from_id), code: r.from_code, name: r.from_name },
    to: { id: Number(r.to_id), code: r.to_code, name: r.to_name },
    lines: linesOf.get(Number(r.id)) ?? [],
  }));
}

export async function getTransfer(db: Database, transferId: number): Promise<Transfer> {
  const rows = await queryRows<TransferRow>(db, sql`${transferSelect} where t.id = ${transferId}`);
  const [transfer] = await withLines(db, rows);
  if (!transfer) throw new CommerceError('NOT_FOUND', `Transfer ${transferId} does not exist.`);
  return transfer;
}

/** Transfers newest first (optionally one status), keyset-paged by id. */
export async function listTransfers(
  db: Database,
  params: { status?: Transfer['status']; cursor?: number | null; limit: number },
): Promise<TransferPage> {
  const rows = await queryRows<TransferRow>(
    db,
    sql`${transferSelect}
     where true
       ${params.status ? sql`and t.status = ${params.status}` : sql``}
       ${params.cursor ? sql`and t.id < ${params.cursor}` : sql``}
     order by t.id desc limit ${params.limit + 1}`,
  );
  const items = await withLines(db, rows.slice(0, params.limit));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > params.limit && last ? last.id : null };
}
