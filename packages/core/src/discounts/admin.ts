import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction, violatedConstraint } from '@shop/db/transaction';
import type { AdminDiscount, DiscountPage, DiscountStatus } from '@shop/validators';
import { CommerceError } from '../errors';
import type { AuditHook } from '../staff/audit';

/**
 * Discount codes as staff manage them. What can be set is exactly what the checkout enforces
 * (`findUsableDiscount`, `claimDiscount`): the type and value, the currency of a fixed amount
 * or of a minimum subtotal (the code then applies to carts in it only), the minimum, the dates,
 * the usage limit, once per customer, and archiving (a code that no longer applies, kept for
 * the orders that used it).
 *
 * `input` is `zDiscountInput`'s output: the API validated the rules one form can hold (a
 * percentage up to 100%, a fixed amount with its currency, an end after the start); what
 * depends on other rows (a code already taken, a limit below the uses so far) is judged here,
 * under the row's lock or the code's unique index.
 */
export interface DiscountFields {
  code: string;
  type: AdminDiscount['type'];
  value: number;
  currencyCode: string | null;
  minSubtotal: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  oncePerCustomer: boolean;
}

interface DiscountRow {
  id: number;
  code: string;
  type: AdminDiscount['type'];
  value: number;
  currency_code: string | null;
  min_subtotal: number | null;
  starts_at: Date | string | null;
  ends_at: Date | string | null;
  usage_limit: number | null;
  usage_count: number;
  redemptions: number;
  once_per_customer: boolean;
  archived: boolean;
  created_at: Date | string;
}

const discountSelect = sql`
  select d.id, d.code, d.type, d.value, d.currency_code, d.min_subtotal, d.starts_at, d.ends_at,
         d.usage_limit, d.usage_count, d.once_per_customer, d.archived, d.created_at,
         (select count(*)::int from discount_redemptions r
           where r.discount_id = d.id and r.order_id is not null) as redemptions
    from discounts d`;

const dateOf = (v: Date | string | null) => (v === null ? null : new Date(v));

/** What a code is now: archived, not started, ended, used up, or active. */
export function discountStatus(
  d: Pick<AdminDiscount, 'archived' | 'startsAt' | 'endsAt' | 'usageLimit' | 'usageCount'>,
  now: Date,
): DiscountStatus {
  if (d.archived) return 'archived';
  if (d.startsAt && d.startsAt > now) return 'scheduled';
  if (d.endsAt && d.endsAt <= now) return 'expired';
  if (d.usageLimit !== null && d.usageCount >= d.usageLimit) return 'used_up';
  return 'active';
}

function toDiscount(r: DiscountRow, now: Date): AdminDiscount {
  const base = {
    id: Number(r.id),
    code: r.code,
    type: r.type,
    value: Number(r.value),
    currencyCode: r.currency_code,
    minSubtotal: r.min_subtotal === null ? null : Number(r.min_subtotal),
    startsAt: dateOf(r.starts_at),
    endsAt: dateOf(r.ends_at),
    usageLimit: r.usage_limit === null ? null : Number(r.usage_limit),
    usageCount: Number(r.usage_count),
    redemptions: Number(r.redemptions),
    oncePerCustomer: r.once_per_customer,
    archived: r.archived,
    createdAt: new Date(r.created_at),
  };
  return { ...base, status: discountStatus(base, now) };
}

/** A taken code, as the sentence the unique index's violation becomes. */
function duplicateCode(code: string, err: unknown): CommerceError {
  return new CommerceError(
    'CONFLICT',
    `A discount with the code "${code}" already exists (codes are not case-sensitive); choose another code.`,
    { cause: err },
  );
}

/** Runs a write whose unique-code violation means "taken" (another code, or a race). */
async function catchingDuplicate<T>(code: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (violatedConstraint(err) === 'discounts_code_key') throw duplicateCode(code, err);
    throw err;
  }
}

async function assertCodeFree(tx: Database, code: string, exceptId: number | null): Promise<void> {
  const taken = await firstRow<{ id: number }>(
    tx,
    sql`select id from discounts where upper(code) = upper(${code})
         ${exceptId === null ? sql`` : sql`and id <> ${exceptId}`} limit 1`,
  );
  if (taken) throw duplicateCode(code, null);
}

function fieldsSql(d: DiscountFields): Record<string, SQL> {
  return {
    code: sql`${d.code}`,
    type: sql`${d.type}`,
    value: sql`${d.type === 'free_shipping' ? 0 : d.value}`,
    // The currency of the fixed amount and of the minimum (zDiscountInput requires it for both).
    currency_code: sql`${d.type === 'fixed' || d.minSubtotal !== null ? d.currencyCode : null}`,
    min_subtotal: sql`${d.minSubtotal}`,
    // postgres.js binds text, not Date objects, in raw SQL: ISO text cast to timestamptz.
    starts_at: sql`${d.startsAt?.toISOString() ?? null}::timestamptz`,
    ends_at: sql`${d.endsAt?.toISOString() ?? null}::timestamptz`,
    usage_limit: sql`${d.usageLimit}`,
    once_per_customer: sql`${d.oncePerCustomer}`,
  };
}

/**
 * Creates a code. A code already taken (in any casing) is refused with a sentence; two staff
 * creating the same code at once get one code and one refusal (the unique index decides).
 */
export async function createDiscount(
  db: Database,
  input: DiscountFields,
  deps: { now?: Date; audit?: AuditHook } = {},
): Promise<AdminDiscount> {
  return catchingDuplicate(input.code, () =>
    runTransaction(db, async (tx) => {
      await assertCodeFree(tx, input.code, null);
      const f = fieldsSql(input);
      const row = await firstRow<{ id: number }>(
        tx,
        sql`insert into discounts (code, type, value, currency_code, min_subtotal, starts_at,
                                   ends_at, usage_limit, once_per_customer)
            values (${f.code}, ${f.type}, ${f.value}, ${f.currency_code}, ${f.min_subtotal},
                    ${f.starts_at}, ${f.ends_at}, ${f.usage_limit}, ${f.once_per_customer})
            returning id`,
      );
      if (!row) throw new Error('the discount was not created');
      const created = await getDiscount(tx, Number(row.id), deps);
      await deps.audit?.(tx, { targetType: 'discount', targetId: created.id, after: created });
      return created;
    }),
  );
}

/**
 * Replaces a code's settings. Under the row's lock (checkouts claiming the code wait for it),
 * a usage limit below the uses so far is refused, and so is a code another discount has.
 * Saving the same settings twice is harmless.
 */
export async function updateDiscount(
  db: Database,
  params: { id: number; discount: DiscountFields },
  deps: { now?: Date; audit?: AuditHook } = {},
): Promise<AdminDiscount> {
  const input = params.discount;
  return catchingDuplicate(input.code, () =>
    runTransaction(db, async (tx) => {
      const current = await firstRow<{ usage_count: number }>(
        tx,
        sql`select usage_count from discounts where id = ${params.id} for update`,
      );
      if (!current) throw new CommerceError('NOT_FOUND', `Discount ${params.id} does not exist.`);
      const used = Number(current.usage_count);
      if (input.usageLimit !== null && input.usageLimit < used)
        throw new CommerceError(
          'INVALID_INPUT',
          `This code has been used ${used} ${used === 1 ? 'time' : 'times'} (orders and checkouts under way); its usage limit cannot be below ${used}. Nothing was changed.`,
        );
      await assertCodeFree(tx, input.code, params.id);
      const before = await getDiscount(tx, params.id, deps);
      const f = fieldsSql(input);
      await tx.execute(sql`
        update discounts set code = ${f.code}, type = ${f.type}, value = ${f.value},
               currency_code = ${f.currency_code}, min_subtotal = ${f.min_subtotal},
               starts_at = ${f.starts_at}, ends_at = ${f.ends_at}, usage_limit = ${f.usage_limit},
               once_per_customer = ${f.once_per_customer}
         where id = ${params.id}`);
      const after = await getDiscount(tx, params.id, deps);
      await deps.audit?.(tx, { targetType: 'discount', targetId: params.id, before, after });
      return after;
    }),
  );
}

/**
 * Archives a code (shoppers are told it does not exist; orders keep it) or brings it back.
 * Idempotent: archiving an archived code changes nothing.
 */
export async function setDiscountArchived(
  db: Database,
  params: { id: number; archived: boolean },
  deps: { now?: Date; audit?: AuditHook } = {},
): Promise<AdminDiscount> {
  return runTransaction(db, async (tx) => {
    const before = await firstRow<{ archived: boolean }>(
      tx,
      sql`select archived from discounts where id = ${params.id} for update`,
    );
    if (!before) throw new CommerceError('NOT_FOUND', `Discount ${params.id} does not exist.`);
    await tx.execute(
      sql`update discounts set archived = ${params.archived} where id = ${params.id}`,
    );
    const after = await getDiscount(tx, params.id, deps);
    await deps.audit?.(tx, {
      targetType: 'discount',
      targetId: params.id,
      before: { archived: before.archived },
      after: { archived: after.archived },
    });
    return after;
  });
}

export async function getDiscount(
  db: Database,
  id: number,
  deps: { now?: Date } = {},
): Promise<AdminDiscount> {
  const row = await firstRow<DiscountRow>(db, sql`${discountSelect} where d.id = ${id}`);
  if (!row) throw new CommerceError('NOT_FOUND', `Discount ${id} does not exist.`);
  return toDiscount(row, deps.now ?? new Date());
}

/** Codes newest first, keyset-paged by id; archived ones only when asked for. */
export async function listDiscounts(
  db: Database,
  params: { query?: string; includeArchived?: boolean; cursor?: number | null; limit: number },
  deps: { now?: Date } = {},
): Promise<DiscountPage> {
  const words = params.query?.replaceAll('\u0000', '').trim() ?? '';
  const pattern = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await queryRows<DiscountRow>(
    db,
    sql`${discountSelect}
     where true
       ${params.includeArchived ? sql`` : sql`and not d.archived`}
       ${words ? sql`and d.code ilike ${pattern}` : sql``}
       ${params.cursor ? sql`and d.id < ${params.cursor}` : sql``}
     order by d.id desc limit ${params.limit + 1}`,
  );
  const now = deps.now ?? new Date();
  const items = rows.slice(0, params.limit).map((r) => toDiscount(r, now));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > params.limit && last ? last.id : null };
}
