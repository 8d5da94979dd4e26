import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import type { AdminShippingOption, ShippingOptionType } from '@shop/validators';
import { CommerceError } from '../errors';
import type { AuditHook } from '../staff/audit';

/**
 * Shipping options as staff manage them, per region: a flat rate, or a rate that becomes free
 * from a subtotal (`free_over`); amounts in minor units of the region's currency. Shoppers see
 * the active ones in `position` order (`listShippingOptions`), read per request, so a change
 * shows at the next checkout step.
 *
 * Writes of one region's options run one at a time: each takes the region's row (FOR NO KEY
 * UPDATE, which carts referencing the region do not wait for) before it reads the options, so
 * a double submit of the same new option finds the first one and is refused by name, and two
 * moves never interleave their positions.
 */
export interface ShippingOptionFields {
  name: string;
  type: ShippingOptionType;
  amount: number;
  freeOverAmount: number | null;
  active: boolean;
}

interface OptionRow {
  id: number;
  region_id: number;
  region_code: string;
  region_name: string;
  currency_code: string;
  name: string;
  type: ShippingOptionType;
  amount: number;
  free_over_amount: number | null;
  active: boolean;
  position: number;
}

const optionSelect = sql`
  select so.id, so.region_id, r.code as region_code, r.name as region_name, r.currency_code,
         so.name, so.type, so.amount, so.free_over_amount, so.active, so.position
    from shipping_options so join regions r on r.id = so.region_id`;

function toOption(r: OptionRow): AdminShippingOption {
  return {
    id: Number(r.id),
    regionId: Number(r.region_id),
    regionCode: r.region_code,
    regionName: r.region_name,
    currencyCode: r.currency_code.trim(),
    name: r.name,
    type: r.type,
    amount: Number(r.amount),
    freeOverAmount: r.free_over_amount === null ? null : Number(r.free_over_amount),
    active: r.active,
    position: Number(r.position),
  };
}

/** The options of one region (or of every region), in the order shoppers see them. */
export async function listShippingOptionsForAdmin(
  db: Database,
  params: { regionId?: number | undefined } = {},
): Promise<AdminShippingOption[]> {
  const rows = await queryRows<OptionRow>(
    db,
    sql`${optionSelect}
     ${params.regionId === undefined ? sql`` : sql`where so.region_id = ${params.regionId}`}
     order by r.is_default desc, r.name, so.region_id, so.position, so.id`,
  );
  return rows.map(toOption);
}

export async function getShippingOptionForAdmin(
  db: Database,
  id: number,
): Promise<AdminShippingOption> {
  const row = await firstRow<OptionRow>(db, sql`${optionSelect} where so.id = ${id}`);
  if (!row) throw new CommerceError('NOT_FOUND', `Shipping option ${id} does not exist.`);
  return toOption(row);
}

/** The region's row, locked for its options' writes; NOT_FOUND when there is none. */
async function lockRegionOptions(tx: Database, regionId: number): Promise<{ name: string }> {
  const region = await firstRow<{ name: string }>(
    tx,
    sql`select name from regions where id = ${regionId} for no key update`,
  );
  if (!region) throw new CommerceError('NOT_FOUND', `Region ${regionId} does not exist.`);
  return region;
}

/** The option's region, locked (see the module comment), then the option as it is now. */
async function lockedOption(tx: Database, id: number): Promise<AdminShippingOption> {
  const found = await firstRow<{ region_id: number }>(
    tx,
    sql`select region_id from shipping_options where id = ${id}`,
  );
  if (!found) throw new CommerceError('NOT_FOUND', `Shipping option ${id} does not exist.`);
  await lockRegionOptions(tx, Number(found.region_id));
  // Read again under the lock: a concurrent delete or move committed before it is seen.
  return getShippingOptionForAdmin(tx, id);
}

/** Names are unique within a region (any casing): shoppers choose by name. */
async function assertNameFree(
  tx: Database,
  region: { id: number; name: string },
  name: string,
  exceptId: number | null,
) {
  const taken = await firstRow(
    tx,
    sql`select id from shipping_options
         where region_id = ${region.id} and lower(name) = lower(${name})
           ${exceptId === null ? sql`` : sql`and id <> ${exceptId}`}`,
  );
  if (taken)
    throw new CommerceError(
      'CONFLICT',
      `${region.name} already has a shipping option named "${name}"; choose another name.`,
    );
}

function thresholdOf(o: ShippingOptionFields): number | null {
  return o.type === 'free_over' ? o.freeOverAmount : null;
}

/** Adds an option at the end of its region's list. */
export async function createShippingOption(
  db: Database,
  input: ShippingOptionFields & { regionId: number },
  deps: { audit?: AuditHook } = {},
): Promise<AdminShippingOption> {
  return runTransaction(db, async (tx) => {
    const region = await lockRegionOptions(tx, input.regionId);
    await assertNameFree(tx, { id: input.regionId, name: region.name }, input.name, null);
    const row = await firstRow<{ id: number }>(
      tx,
      sql`insert into shipping_options (region_id, name, type, amount, free_over_amount, active, position)
          values (${input.regionId}, ${input.name}, ${input.type}, ${input.amount}, ${thresholdOf(input)},
                  ${input.active},
                  (select coalesce(max(position) + 1, 0) from shipping_options where region_id = ${input.regionId}))
          returning id`,
    );
    if (!row) throw new Error('the shipping option was not created');
    const created = await getShippingOptionForAdmin(tx, Number(row.id));
    await deps.audit?.(tx, { targetType: 'shipping_option', targetId: created.id, after: created });
    return created;
  });
}

/** Replaces an option's name, type, amounts and whether shoppers can choose it. */
export async function updateShippingOption(
  db: Database,
  params: { id: number; option: ShippingOptionFields },
  deps: { audit?: AuditHook } = {},
): Promise<AdminShippingOption> {
  const o = params.option;
  return runTransaction(db, async (tx) => {
    const before = await lockedOption(tx, params.id);
    await assertNameFree(tx, { id: before.regionId, name: before.regionName }, o.name, params.id);
    await tx.execute(sql`
      update shipping_options set name = ${o.name}, type = ${o.type}, amount = ${o.amount},
             free_over_amount = ${thresholdOf(o)}, active = ${o.active}
       where id = ${params.id}`);
    const after = await getShippingOptionForAdmin(tx, params.id);
    await deps.audit?.(tx, { targetType: 'shipping_option', targetId: params.id, before, after });
    return after;
  });
}

/**
 * Moves an option one place up or down its region's list (positions are renumbered 0, 1, 2 … in
 * the new order). The first option moved up, or the last moved down, stays where it is.
 */
export async function moveShippingOption(
  db: Database,
  params: { id: number; direction: 'up' | 'down' },
  deps: { audit?: AuditHook } = {},
): Promise<AdminShippingOption[]> {
  return runTransaction(db, async (tx) => {
    const option = await lockedOption(tx, params.id);
    const before = await listShippingOptionsForAdmin(tx, { regionId: option.regionId });
    const ids = before.map((o) => o.id);
    const from = ids.indexOf(params.id);
    const to = params.direction === 'up' ? from - 1 : from + 1;
    if (to >= 0 && to < ids.length) {
      [ids[from], ids[to]] = [ids[to] as number, ids[from] as number];
    }
    await tx.execute(sql`
      update shipping_options so set position = o.n - 1
        from unnest(${`{${ids.join(',')}}`}::bigint[]) with ordinality as o(id, n)
       where so.id = o.id and so.position <> o.n - 1`);
    const after = await listShippingOptionsForAdmin(tx, { regionId: option.regionId });
    await deps.audit?.(tx, {
      targetType: 'shipping_option',
      targetId: params.id,
      before: { order: before.map((o) => o.id) },
      after: { order: after.map((o) => o.id) },
    });
    return after;
  });
}

/**
 * Deletes an option. Carts that had chosen it have no option again (the shopper chooses another
 * at checkout); orders keep the name they were shipped under.
 */
export async function deleteShippingOption(
  db: Database,
  params: { id: number },
  deps: { audit?: AuditHook } = {},
): Promise<{ id: number }> {
  return runTransaction(db, async (tx) => {
    const before = await lockedOption(tx, params.id);
    await tx.execute(sql`delete from shipping_options where id = ${params.id}`);
    await deps.audit?.(tx, {
      targetType: 'shipping_option',
      targetId: params.id,
      before,
      after: null,
    });
    return { id: params.id };
  });
}
