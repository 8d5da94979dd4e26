import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { formatMoney } from '@shop/money';
import { CommerceError } from '../errors';
import type { DiscountRule } from '../pricing/totals';

export interface Discount extends DiscountRule {
  id: number;
  code: string;
  currencyCode: string | null;
  minSubtotal: number | null;
  oncePerCustomer: boolean;
}

/**
 * Looks a code up and checks everything that does not depend on concurrent use: it exists, is
 * live (dates, not archived), fits the cart's currency and subtotal, and is not used up at this
 * moment. The usage limit and once-per-customer rule are enforced again, atomically, when a
 * checkout claims the code (`claimDiscount`).
 *
 * A code's currency (a fixed amount's, or the minimum subtotal's) limits it to carts in that
 * currency, each refused with its sentence: a minimum of 5000 in EUR is €50.00 and means nothing
 * to a cart in USD. A minimum saved before minimums had a currency (`currency_code` null) is
 * still read in the cart's currency; the admin shows such a code and asks for a currency on its
 * next save.
 */
export async function findUsableDiscount(
  db: Database,
  params: {
    code: string;
    currencyCode: string;
    subtotal: number;
    now?: Date;
    /** Uses of this code held by the asking cart's own pending checkout (not someone else's). */
    ownClaims?: number;
  },
): Promise<Discount> {
  const now = params.now ?? new Date();
  const found = await queryRows(
    db,
    sql`
    select id, code, type, value, currency_code, min_subtotal, starts_at, ends_at, usage_limit,
           usage_count, once_per_customer, archived
      from discounts where upper(code) = upper(${params.code.trim()}) limit 1`,
  );
  const r = found[0];
  const invalid = (why: string) => new CommerceError('DISCOUNT_INVALID', why);
  if (!r || r.archived === true)
    throw invalid(`The discount code "${params.code.trim()}" does not exist.`);
  if (r.starts_at && new Date(String(r.starts_at)) > now)
    throw invalid('This discount code is not active yet.');
  if (r.ends_at && new Date(String(r.ends_at)) <= now)
    throw invalid('This discount code has expired.');
  if (
    r.usage_limit !== null &&
    Number(r.usage_count) - (params.ownClaims ?? 0) >= Number(r.usage_limit)
  ) {
    throw invalid('This discount code has been used up.');
  }
  const minimum = r.min_subtotal === null ? null : Number(r.min_subtotal);
  const codeCurrency = r.currency_code === null ? null : String(r.currency_code);
  if (codeCurrency !== null && codeCurrency !== params.currencyCode) {
    throw invalid(
      r.type !== 'fixed' && minimum !== null
        ? `This discount code is for carts in ${codeCurrency} (its minimum is ${formatMoney(minimum, codeCurrency)}); it is not valid for prices in ${params.currencyCode}.`
        : `This discount code is not valid for prices in ${params.currencyCode}.`,
    );
  }
  if (minimum !== null && params.subtotal < minimum) {
    throw invalid(
      `Your cart is below the minimum of ${formatMoney(minimum, params.currencyCode)} for this discount code.`,
    );
  }
  return {
    id: Number(r.id),
    code: String(r.code),
    type: r.type as Discount['type'],
    value: Number(r.value),
    currencyCode: codeCurrency,
    minSubtotal: minimum,
    oncePerCustomer: r.once_per_customer === true,
  };
}

/**
 * Claims one use of the discount for a checkout, inside the caller's transaction: one conditional
 * UPDATE on the usage counter (so a limit of 5 admits exactly 5 claims however many race), and a
 * claim row whose partial unique index admits one live claim per customer for once-per-customer
 * codes. Throws DISCOUNT_INVALID when either is exhausted.
 */
export async function claimDiscount(
  tx: Database,
  params: { discount: Discount; checkoutId: string; customerKey: string },
): Promise<void> {
  const bumped = await queryRows(
    tx,
    sql`
    update discounts set usage_count = usage_count + 1
     where id = ${params.discount.id} and (usage_limit is null or usage_count < usage_limit)
     returning id`,
  );
  if (bumped.length === 0)
    throw new CommerceError('DISCOUNT_INVALID', 'This discount code has been used up.');
  const inserted = await queryRows(
    tx,
    sql`
    insert into discount_redemptions (discount_id, checkout_id, customer_key, once_per_customer)
    values (${params.discount.id}, ${params.checkoutId}, ${params.customerKey}, ${params.discount.oncePerCustomer})
    on conflict do nothing
    returning id`,
  );
  if (inserted.length === 0) {
    throw new CommerceError('DISCOUNT_INVALID', 'You have already used this discount code.');
  }
}

/** Gives a checkout's live claim back (its checkout expired or failed). */
export async function releaseDiscountClaim(tx: Database, checkoutId: string): Promise<void> {
  await tx.execute(sql`
    with r as (
      update discount_redemptions set released = true
       where checkout_id = ${checkoutId} and not released and order_id is null
       returning discount_id
    )
    update discounts d set usage_count = usage_count - 1 from r where d.id = r.discount_id`);
}

/** The customer key a once-per-customer code is counted under. */
export function discountCustomerKey(customerId: string | null, email: string): string {
  return customerId ? `customer:${customerId}` : `email:${email.trim().toLowerCase()}`;
}
