import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import { MAX_ON_HAND, type StockAdjustment, type StockAdjustReason } from '@shop/validators';
import { CommerceError } from '../errors';
import type { AuditHook } from '../staff/audit';
import { noteStockChanged } from './stock-events';

/**
 * The stock ledger: every change of an on-hand count is a `stock_adjustments` row with its
 * reason, note and actor, written in the transaction that changes the level, so the history
 * cannot miss a change nor name one that rolled back. Staff adjustments, API syncs
 * (`setStockLevels`) and transfers all write through `applyLevelChange`.
 */

/** A history row's reason: what staff choose, and what syncs and transfers write themselves. */
export type LedgerReason =
  StockAdjustReason | 'sync' | 'transfer_out' | 'transfer_in' | 'transfer_canceled';

export interface LevelRow {
  variantId: number;
  locationId: number;
  onHand: number;
  reserved: number;
}

/**
 * Locks the levels of these (variant, location) pairs, creating missing rows at 0 first, in
 * (variant, location) order: the order reservations lock in, so a change running beside
 * checkouts waits for them instead of deadlocking.
 */
export async function lockLevels(
  tx: Database,
  pairs: ReadonlyArray<{ variantId: number; locationId: number }>,
): Promise<Map<string, LevelRow>> {
  const json = JSON.stringify(
    pairs.map((p) => ({ variant_id: p.variantId, location_id: p.locationId })),
  );
  await tx.execute(sql`
    insert into inventory_levels (variant_id, location_id, on_hand, reserved)
    select p.variant_id, p.location_id, 0, 0
      from jsonb_to_recordset(${json}::jsonb) as p(variant_id bigint, location_id bigint)
     order by p.variant_id, p.location_id
    on conflict (variant_id, location_id) do nothing`);
  const rows = await queryRows<{
    variant_id: number;
    location_id: number;
    on_hand: number;
    reserved: number;
  }>(
    tx,
    sql`
    select il.variant_id, il.location_id, il.on_hand, il.reserved from inventory_levels il
     where (il.variant_id, il.location_id) in (
       select p.variant_id, p.location_id
         from jsonb_to_recordset(${json}::jsonb) as p(variant_id bigint, location_id bigint))
     order by il.variant_id, il.location_id
     for update`,
  );
  return new Map(
    rows.map((r) => [
      levelKey(Number(r.variant_id), Number(r.location_id)),
      {
        variantId: Number(r.variant_id),
        locationId: Number(r.location_id),
        onHand: Number(r.on_hand),
        reserved: Number(r.reserved),
      },
    ]),
  );
}

export function levelKey(variantId: number, locationId: number): string {
  return `${variantId}:${locationId}`;
}

export interface LevelChange {
  variantId: number;
  productId: number;
  locationId: number;
  delta: number;
  reason: LedgerReason;
  note: string;
  actor: string;
  transferId?: number | null;
}

/**
 * Applies changes to levels already locked by `lockLevels` (`levels` is updated in place),
 * writes one ledger row each and notes `stock.changed`. The caller has checked each change
 * against what is reserved; the check constraints still refuse anything that slips through.
 */
export async function applyLevelChanges(
  tx: Database,
  levels: Map<string, LevelRow>,
  changes: readonly LevelChange[],
): Promise<void> {
  for (const change of changes) {
    const level = levels.get(levelKey(change.variantId, change.locationId));
    if (!level) throw new Error(`level ${change.variantId}:${change.locationId} was not locked`);
    level.onHand += change.delta;
    await tx.execute(sql`
      update inventory_levels set on_hand = ${level.onHand}, updated_at = now()
       where variant_id = ${change.variantId} and location_id = ${change.locationId}`);
    await tx.execute(sql`
      insert into stock_adjustments
        (variant_id, location_id, delta, on_hand_after, reason, note, actor, transfer_id)
      values (${change.variantId}, ${change.locationId}, ${change.delta}, ${level.onHand},
              ${change.reason}, ${change.note}, ${change.actor}, ${change.transferId ?? null})`);
  }
  await noteStockChanged(
    tx,
    'adjusted',
    changes.map((c) => ({ variantId: c.variantId, productId: c.productId })),
  );
}

/** The variant's product and SKU, or VARIANT_NOT_FOUND. */
export async function variantOrThrow(
  db: Database,
  variantId: number,
): Promise<{ productId: number; sku: string }> {
  const row = await firstRow<{ product_id: number; sku: string }>(
    db,
    sql`select product_id, sku from product_variants where id = ${variantId}`,
  );
  if (!row) throw new CommerceError('VARIANT_NOT_FOUND', `Variant ${variantId} does not exist.`);
  return { productId: Number(row.product_id), sku: row.sku };
}

/** The location's code, or INVALID_INPUT. */
export async function locationOrThrow(db: Database, locationId: number): Promise<string> {
  const row = await firstRow<{ code: string }>(
    db,
    sql`select code from stock_locations where id = ${locationId}`,
  );
  if (!row)
    throw new CommerceError(
      'INVALID_INPUT',
      `Stock location ${locationId} does not exist; nothing was changed.`,
    );
  return row.code;
}

/**
 * Adds or removes units of one variant at one location by hand (a delivery received, a count
 * corrected, units damaged), with a reason and a note, in one transaction. Refused with a
 * sentence and nothing written: an unknown variant or location, an on-hand count that would go
 * below what live checkouts hold there (or above the column's limit), and, when the form sent
 * the count it showed (`expectedOnHand`), a level that moved since: the same form submitted
 * twice applies once, the second submit is told the level changed.
 */
export async function adjustStock(
  db: Database,
  params: {
    variantId: number;
    locationId: number;
    delta: number;
    reason: StockAdjustReason;
    note: string;
    actor: string;
    expectedOnHand?: number;
  },
  deps: { audit?: AuditHook } = {},
): Promise<StockAdjustment> {
  if (!Number.isInteger(params.delta) || params.delta === 0)
    throw new CommerceError('INVALID_INPUT', 'Change must be a whole number of units, not 0.');
  return runTransaction(db, async (tx) => {
    const variant = await variantOrThrow(tx, params.variantId);
    const location = await locationOrThrow(tx, params.locationId);
    const levels = await lockLevels(tx, [params]);
    const level = levels.get(levelKey(params.variantId, params.locationId));
    if (!level) throw new Error('the level was not created');
    if (params.expectedOnHand !== undefined && params.expectedOnHand !== level.onHand)
      throw new CommerceError(
        'CONFLICT',
        `SKU "${variant.sku}" at ${location} now has ${level.onHand} on hand, not ${params.expectedOnHand} as shown (it changed since the page loaded, or this change was already sent); nothing was changed.`,
      );
    const after = level.onHand + params.delta;
    if (after < level.reserved)
      throw new CommerceError(
        'INVALID_INPUT',
        level.reserved > 0
          ? `SKU "${variant.sku}" has ${level.onHand} on hand at ${location}, ${level.reserved} of them held by checkouts; it cannot go below ${level.reserved} (this change would make it ${after}). Nothing was changed.`
          : `SKU "${variant.sku}" has ${level.onHand} on hand at ${location}; it cannot go below 0 (this change would make it ${after}). Nothing was changed.`,
      );
    if (after > MAX_ON_HAND)
      throw new CommerceError(
        'INVALID_INPUT',
        `On hand cannot go above ${MAX_ON_HAND} units; nothing was changed.`,
      );
    await applyLevelChanges(tx, levels, [
      {
        variantId: params.variantId,
        productId: variant.productId,
        locationId: params.locationId,
        delta: params.delta,
        reason: params.reason,
        note: params.note,
        actor: params.actor,
      },
    ]);
    const row = await firstRow<AdjustmentRow>(
      tx,
      sql`${adjustmentSelect} where a.variant_id = ${params.variantId} order by a.id desc limit 1`,
    );
    if (!row) throw new Error('the adjustment was not written');
    const adjustment = toAdjustment(row);
    await deps.audit?.(tx, {
      targetType: 'variant',
      targetId: params.variantId,
      before: { location, onHand: level.onHand - params.delta },
      after: adjustment,
    });
    return adjustment;
  });
}

interface AdjustmentRow {
  id: number;
  variant_id: number;
  code: string;
  delta: number;
  on_hand_after: number;
  reason: string;
  note: string;
  actor: string;
  transfer_id: number | null;
  created_at: Date | string;
}

const adjustmentSelect = sql`
  select a.id, a.variant_id, l.code, a.delta, a.on_hand_after, a.reason, a.note, a.actor,
         a.transfer_id, a.created_at
    from stock_adjustments a join stock_locations l on l.id = a.location_id`;

function toAdjustment(r: AdjustmentRow): StockAdjustment {
  return {
    id: Number(r.id),
    variantId: Number(r.variant_id),
    location: r.code,
    delta: Number(r.delta),
    onHandAfter: Number(r.on_hand_after),
    reason: r.reason,
    note: r.note,
    actor: r.actor,
    transferId: r.transfer_id === null ? null : Number(r.transfer_id),
    createdAt: new Date(r.created_at),
  };
}

/** A variant's stock history, newest first, keyset-paged by adjustment id. */
export async function listStockAdjustments(
  db: Database,
  params: { variantId: number; cursor?: number | null; limit: number },
): Promise<{ items: StockAdjustment[]; nextCursor: number | null }> {
  const rows = await queryRows<AdjustmentRow>(
    db,
    sql`${adjustmentSelect}
     where a.variant_id = ${params.variantId}
       ${params.cursor ? sql`and a.id < ${params.cursor}` : sql``}
     order by a.id desc limit ${params.limit + 1}`,
  );
  const items = rows.slice(0, params.limit).map(toAdjustment);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > params.limit && last ? last.id : null };
}
