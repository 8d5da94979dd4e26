import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow } from '@shop/db/query';
import { formatMoney } from '@shop/money';
import type { PluginContext, PluginFlag } from '@shop/plugins';
import type { RiskSettings } from './settings';

/** What the rules read of one order: its email, total, client, card and destination. */
export interface RiskFacts {
  orderId: number;
  email: string;
  total: number;
  currencyCode: string;
  shippingCountry: string | null;
  clientKey: string | null;
  card: { fingerprint: string | null; country: string | null; last4: string | null };
}

type Count = { n: number };

/**
 * The order's own time, read in SQL: a JS Date keeps milliseconds, Postgres microseconds, so a
 * bound `<= ${date}` taken from a read-back time would miss the order itself.
 */
const placedAt = (f: RiskFacts) => sql`(select created_at from orders where id = ${f.orderId})`;
const windowStart = (f: RiskFacts, minutes: number) =>
  sql`(${placedAt(f)} - make_interval(mins => ${minutes}))`;

/** Orders from this order's email (lower-cased) within the window, up to this order's time. */
async function emailVelocity(db: Database, f: RiskFacts, s: RiskSettings['emailVelocity']) {
  const row = await firstRow<Count>(
    db,
    sql`select count(*)::int as n from orders
         where lower(email) = lower(${f.email})
           and created_at > ${windowStart(f, s.windowMinutes)} and created_at <= ${placedAt(f)}`,
  );
  const n = Number(row?.n ?? 0);
  if (n < s.count) return null;
  return {
    code: 'email_velocity',
    reason: `${n} orders from ${f.email} in ${s.windowMinutes} minutes (limit ${s.count}).`,
    data: { count: n, limit: s.count, windowMinutes: s.windowMinutes },
  };
}

/** Paid orders with this order's card fingerprint within the window. */
async function cardVelocity(db: Database, f: RiskFacts, s: RiskSettings['cardVelocity']) {
  if (!f.card.fingerprint) return null;
  const row = await firstRow<Count>(
    db,
    sql`select count(distinct p.order_id)::int as n from payments p
         where p.card_fingerprint = ${f.card.fingerprint} and p.order_id is not null
           and p.created_at > ${windowStart(f, s.windowMinutes)} and p.created_at <= ${placedAt(f)}`,
  );
  const n = Number(row?.n ?? 0);
  if (n < s.count) return null;
  const card = f.card.last4 ? `the card ending ${f.card.last4}` : 'one card';
  return {
    code: 'card_velocity',
    reason: `${n} orders with ${card} in ${s.windowMinutes} minutes (limit ${s.count}).`,
    data: { count: n, limit: s.count, windowMinutes: s.windowMinutes },
  };
}

/** Orders whose checkout was started from this order's client address within the window. */
async function clientVelocity(db: Database, f: RiskFacts, s: RiskSettings['clientVelocity']) {
  if (!f.clientKey) return null;
  const row = await firstRow<Count>(
    db,
    sql`select count(*)::int as n from checkouts c join orders o on o.checkout_id = c.id
         where c.client_key = ${f.clientKey}
           and c.created_at > ${windowStart(f, s.windowMinutes)} and o.created_at <= ${placedAt(f)}`,
  );
  const n = Number(row?.n ?? 0);
  if (n < s.count) return null;
  return {
    code: 'client_velocity',
    reason: `${n} orders from one client address in ${s.windowMinutes} minutes (limit ${s.count}).`,
    data: { count: n, limit: s.count, windowMinutes: s.windowMinutes },
  };
}

/** This order's total against the average order of the same currency before it. */
async function amountAboveAverage(db: Database, f: RiskFacts, s: RiskSettings['amount']) {
  const row = await firstRow<{ n: number; average: string | number | null }>(
    db,
    sql`select count(*)::int as n, round(avg(total))::bigint as average from orders
         where currency_code = ${f.currencyCode} and id <> ${f.orderId}
           and created_at >= ${placedAt(f)} - make_interval(days => ${s.days})
           and created_at <= ${placedAt(f)}`,
  );
  const n = Number(row?.n ?? 0);
  const average = Number(row?.average ?? 0);
  if (n < s.minOrders || average <= 0 || f.total <= average * s.multiple) return null;
  return {
    code: 'amount',
    reason: `The total, ${formatMoney(f.total, f.currencyCode)}, is more than ${s.multiple}× the average order of the last ${s.days} days (${formatMoney(average, f.currencyCode)} over ${n} orders).`,
    data: { total: f.total, average, multiple: s.multiple, orders: n },
  };
}

function countryMismatch(f: RiskFacts) {
  const card = f.card.country?.toUpperCase();
  const ship = f.shippingCountry?.toUpperCase();
  if (!card || !ship || card === ship) return null;
  return {
    code: 'country_mismatch',
    reason: `The card was issued in ${card} but the order ships to ${ship}.`,
    data: { cardCountry: card, shippingCountry: ship },
  };
}

/** Every enabled rule over one order's facts; the flags of the rules that fired. */
export async function evaluateRules(
  db: Database,
  facts: RiskFacts,
  s: RiskSettings,
): Promise<PluginFlag[]> {
  const found = [
    s.emailVelocity.enabled ? await emailVelocity(db, facts, s.emailVelocity) : null,
    s.cardVelocity.enabled ? await cardVelocity(db, facts, s.cardVelocity) : null,
    s.clientVelocity.enabled ? await clientVelocity(db, facts, s.clientVelocity) : null,
    s.amount.enabled ? await amountAboveAverage(db, facts, s.amount) : null,
    s.countryMismatch ? countryMismatch(facts) : null,
  ];
  return found.filter((f) => f !== null);
}

/**
 * The order's facts. A payment whose success came without the card (a Stripe webhook) gets it
 * from the provider (`ctx.payments.getCard`) and keeps it on the payment row, so the card
 * velocity of later orders counts it.
 */
export async function loadFacts(
  ctx: PluginContext<RiskSettings>,
  orderId: number,
): Promise<RiskFacts | null> {
  const row = await firstRow<{
    email: string;
    total: string | number;
    currency_code: string;
    country: string | null;
    client_key: string | null;
    payment_id: number | null;
    provider_ref: string | null;
    card_fingerprint: string | null;
    card_country: string | null;
    card_last4: string | null;
  }>(
    ctx.db,
    sql`select o.email, o.total, o.currency_code, o.shipping_address->>'countryCode' as country,
               c.client_key, p.id as payment_id, p.provider_ref, p.card_fingerprint, p.card_country, p.card_last4
          from orders o
          left join checkouts c on c.id = o.checkout_id
          left join lateral (select * from payments where order_id = o.id order by id limit 1) p on true
         where o.id = ${orderId}`,
  );
  if (!row) return null;
  let card = {
    fingerprint: row.card_fingerprint,
    country: row.card_country,
    last4: row.card_last4,
  };
  if (!card.fingerprint && row.provider_ref && row.payment_id !== null && ctx.payments) {
    const found = await ctx.payments.getCard(row.provider_ref);
    if (found) {
      card = { fingerprint: found.fingerprint, country: found.country, last4: found.last4 };
      await ctx.db.execute(sql`
        update payments set card_fingerprint = ${found.fingerprint}, card_country = ${found.country},
                            card_brand = ${found.brand}, card_last4 = ${found.last4}
         where id = ${row.payment_id} and card_fingerprint is null`);
    }
  }
  return {
    orderId,
    email: row.email,
    total: Number(row.total),
    currencyCode: row.currency_code,
    shippingCountry: row.country,
    clientKey: row.client_key,
    card,
  };
}
