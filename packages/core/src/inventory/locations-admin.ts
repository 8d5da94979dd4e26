import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import type { AdminStockLocation } from '@shop/validators';
import { CommerceError } from '../errors';
import { counted, refusingConflicts } from '../regions/settings-shared';
import type { AuditHook } from '../staff/audit';

/**
 * Stock locations as staff manage them: created with a code (unique, lower case, what the stock
 * API and CSV files name it by) and a name, renamed, and deleted only while nothing refers to
 * them: no units on hand or held, no transfers, no stock history. The shop keeps at least one
 * (returns without a location go to the first).
 */

interface LocationRow {
  id: number;
  code: string;
  name: string;
  on_hand: number;
  reserved: number;
  transfers: number;
}

const locationSelect = sql`
  select l.id, l.code, l.name,
         coalesce((select sum(il.on_hand) from inventory_levels il where il.location_id = l.id), 0)::bigint as on_hand,
         coalesce((select sum(il.reserved) from inventory_levels il where il.location_id = l.id), 0)::bigint as reserved,
         (select count(*)::int from stock_transfers t
           where t.from_location_id = l.id or t.to_location_id = l.id) as transfers
    from stock_locations l`;

function toLocation(r: LocationRow): AdminStockLocation {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    onHand: Number(r.on_hand),
    reserved: Number(r.reserved),
    transfers: Number(r.transfers),
  };
}

/** Every location in id order (the first is where counts without a location go). */
export async function listLocationsForAdmin(db: Database): Promise<AdminStockLocation[]> {
  const rows = await queryRows<LocationRow>(db, sql`${locationSelect} order by l.id`);
  return rows.map(toLocation);
}

export async function getLocationForAdmin(db: Database, id: number): Promise<AdminStockLocation> {
  const row = await firstRow<LocationRow>(db, sql`${locationSelect} where l.id = ${id}`);
  if (!row) throw new CommerceError('NOT_FOUND', `Stock location ${id} does not exist.`);
  return toLocation(row);
}

const codeTaken = (code: string) =>
  `A stock location with the code "${code}" already exists; choose another code.`;

/**
 * Creates a location (code already lower case: `zLocationCode`). A code taken is refused; two
 * submits of the same code at once make one location and one refusal (the unique index decides).
 */
export async function createLocation(
  db: Database,
  input: { code: string; name: string },
  deps: { audit?: AuditHook } = {},
): Promise<AdminStockLocation> {
  return refusingConflicts(
    () =>
      runTransaction(db, async (tx) => {
        const taken = await firstRow(
          tx,
          sql`select id from stock_locations where code = ${input.code}`,
        );
        if (taken) throw new CommerceError('CONFLICT', codeTaken(input.code));
        const row = await firstRow<{ id: number }>(
          tx,
          sql`insert into stock_locations (code, name) values (${input.code}, ${input.name}) returning id`,
        );
        if (!row) throw new Error('the stock location was not created');
        const created = await getLocationForAdmin(tx, Number(row.id));
        await deps.audit?.(tx, {
          targetType: 'stock_location',
          targetId: created.id,
          after: created,
        });
        return created;
      }),
    { unique: { stock_locations_code_key: codeTaken(input.code) } },
  );
}

/** Renames a location; its code stays (integrations and files name it by code). */
export async function renameLocation(
  db: Database,
  params: { id: number; name: string },
  deps: { audit?: AuditHook } = {},
): Promise<AdminStockLocation> {
  return runTransaction(db, async (tx) => {
    const locked = await firstRow(
      tx,
      sql`select id from stock_locations where id = ${params.id} for no key update`,
    );
    if (!locked)
      throw new CommerceError('NOT_FOUND', `Stock location ${params.id} does not exist.`);
    const before = await getLocationForAdmin(tx, params.id);
    await tx.execute(sql`update stock_locations set name = ${params.name} where id = ${params.id}`);
    const after = await getLocationForAdmin(tx, params.id);
    await deps.audit?.(tx, {
      targetType: 'stock_location',
      targetId: params.id,
      before: { name: before.name },
      after: { name: after.name },
    });
    return after;
  });
}

/**
 * Deletes a location that holds nothing and has no past: no units on hand or held, no transfer
 * from or to it, no stock history (the history would lose its place), and not the last one. Its
 * empty stock rows go with it. The row is locked first, so stock set there meanwhile waits and
 * then meets the sentence (a foreign key), never a raw error.
 */
export async function deleteLocation(
  db: Database,
  params: { id: number },
  deps: { audit?: AuditHook } = {},
): Promise<{ id: number }> {
  return refusingConflicts(
    () =>
      runTransaction(db, async (tx) => {
        const locked = await firstRow(
          tx,
          sql`select id from stock_locations where id = ${params.id} for update`,
        );
        if (!locked)
          throw new CommerceError('NOT_FOUND', `Stock location ${params.id} does not exist.`);
        const before = await getLocationForAdmin(tx, params.id);
        const others = await firstRow<{ n: number }>(
          tx,
          sql`select count(*)::int as n from stock_locations where id <> ${params.id}`,
        );
        if (Number(others?.n ?? 0) === 0)
          throw new CommerceError(
            'CONFLICT',
            `${before.name} is the shop's only stock location; create another before deleting it.`,
          );
        if (before.onHand > 0 || before.reserved > 0)
          throw new CommerceError(
            'CONFLICT',
            `${before.name} holds ${counted(before.onHand, 'unit')}${before.reserved > 0 ? ` (${before.reserved} held by checkouts)` : ''}; move them elsewhere or adjust them to 0 before deleting it.`,
          );
        if (before.transfers > 0)
          throw new CommerceError(
            'CONFLICT',
            `${before.name} has ${counted(before.transfers, 'stock transfer')} from or to it; a location with transfers is kept for their record.`,
          );
        const history = await firstRow<{ n: number }>(
          tx,
          sql`select count(*)::int as n from stock_adjustments where location_id = ${params.id}`,
        );
        if (Number(history?.n ?? 0) > 0)
          throw new CommerceError(
            'CONFLICT',
            `${before.name} has a stock history (${counted(Number(history?.n), 'change')}); a location with a history is kept for its record.`,
          );
        await tx.execute(sql`delete from inventory_levels where location_id = ${params.id}`);
        await tx.execute(sql`delete from stock_locations where id = ${params.id}`);
        await deps.audit?.(tx, {
          targetType: 'stock_location',
          targetId: params.id,
          before,
          after: null,
        });
        return { id: params.id };
      }),
    {
      referenced: 'Stock was recorded at this location while it was being deleted, so it is kept.',
    },
  );
}
