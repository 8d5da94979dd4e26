import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import {
  DASHBOARD_TIME_ZONE,
  DEFAULT_DASHBOARD_DAYS,
  dashboardRangeProblem,
  dayStartUtc,
  daysBetween,
  utcDay,
  type DashboardCurrency,
  type DashboardInput,
  type DashboardLowStockItem,
  type DashboardQueue,
  type DashboardRiskOrder,
  type DashboardSummary,
  type DashboardTopProduct,
} from '@shop/validators';
import { CommerceError } from '../errors';
import { roundHalfUp } from '../pricing/rounding';

/**
 * The admin dashboard's figures (docs/dashboard.md says what each one means). Days are UTC
 * days; every amount belongs to one currency and is never added to another's. Each part is one
 * statement: sales by day, top products, low stock, risk, the job queue.
 */

/** How many rows the dashboard lists of each kind (top products, low stock, risk orders). */
export const DASHBOARD_LIST_SIZE = { topProducts: 5, lowStock: 10, riskOrders: 5 } as const;

export interface DashboardRange {
  /** First and last day, `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
  days: number;
  /** The instant the range starts (UTC midnight of `from`) and the one after it ends. */
  start: Date;
  end: Date;
}

/**
 * The range of `input` with its defaults (it ends today, UTC, and covers 30 days), or
 * INVALID_INPUT with a sentence when it ends before it starts or covers more than 366 days.
 */
export function resolveDashboardRange(input: DashboardInput, now: Date): DashboardRange {
  const to = input.to ?? utcDay(now);
  const from = input.from ?? utcDay(dayStartUtc(to) ?? now, 1 - DEFAULT_DASHBOARD_DAYS);
  const start = dayStartUtc(from);
  const last = dayStartUtc(to);
  if (!start || !last)
    throw new CommerceError('INVALID_INPUT', 'From and to must be dates as YYYY-MM-DD.');
  const problem = dashboardRangeProblem(from, to);
  if (problem) throw new CommerceError('INVALID_INPUT', problem);
  const days = daysBetween(from, to);
  return { from, to, days, start, end: dayStartUtc(utcDay(last, 1)) ?? last };
}

/** Every figure of the dashboard for `input`'s range, `now` giving today for its defaults. */
export async function loadDashboard(
  db: Database,
  input: DashboardInput,
  options: { now: Date },
): Promise<DashboardSummary> {
  const range = resolveDashboardRange(input, options.now);
  // One statement at a time: `db` may be a transaction, whose connection runs one at once.
  const sales = await salesByCurrency(db, range);
  const top = await topProducts(db, range, DASHBOARD_LIST_SIZE.topProducts);
  const lowStock = await lowStockVariants(db, DASHBOARD_LIST_SIZE.lowStock);
  const risk = await riskOrders(db, range, DASHBOARD_LIST_SIZE.riskOrders);
  const queue = await jobQueueHealth(db);
  return {
    range: { from: range.from, to: range.to, days: range.days, timeZone: DASHBOARD_TIME_ZONE },
    currencies: sales.map((c) => ({
      ...c,
      topProducts: top.get(c.currencyCode) ?? { byUnits: [], byRevenue: [] },
    })),
    lowStock,
    risk,
    queue,
  };
}

/**
 * A sum of minor units as Postgres answered it (text, so no precision is lost on the way) as a
 * JS number; one beyond 2^53 cannot be shown exactly and is refused rather than rounded.
 */
function minorUnits(value: unknown): number {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`A dashboard sum (${String(value)}) is beyond exact JS integers.`);
  return n;
}

/** Gross sales ÷ orders in minor units, rounded half up; null without orders. */
export function averageOrderValue(grossSales: number, orders: number): number | null {
  return orders === 0 ? null : roundHalfUp(grossSales, orders);
}

type SalesPart = Omit<DashboardCurrency, 'topProducts'>;

/**
 * Orders, gross and net sales per currency and UTC day of the range, with every currency a
 * region sells in (so that the chart has a series even before the first order). Orders come
 * through `orders_created_at_idx`, their refunds through `payments_order_id_idx`.
 */
async function salesByCurrency(db: Database, range: DashboardRange): Promise<SalesPart[]> {
  const rows = await queryRows<{
    currency_code: string;
    day: string | null;
    orders: number;
    gross: string;
    refunded: string;
  }>(
    db,
    sql`
    select o.currency_code, to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
           count(*)::int as orders, sum(o.total)::text as gross,
           sum((select coalesce(sum(p.refunded_amount), 0) from payments p
                 where p.order_id = o.id))::text as refunded
      from orders o
     where o.created_at >= ${range.start.toISOString()}::timestamptz
       and o.created_at < ${range.end.toISOString()}::timestamptz
     group by 1, 2
    union all
    select distinct r.currency_code::text, null, 0, '0', '0' from regions r`,
  );
  const byCurrency = new Map<string, Map<string, { orders: number; gross: number; net: number }>>();
  for (const row of rows) {
    const code = row.currency_code.trim();
    const days = byCurrency.get(code) ?? new Map();
    byCurrency.set(code, days);
    if (row.day === null) continue;
    const gross = minorUnits(row.gross);
    days.set(row.day, {
      orders: Number(row.orders),
      gross,
      net: gross - minorUnits(row.refunded),
    });
  }
  const dates = Array.from({ length: range.days }, (_, i) => utcDay(range.start, i));
  const currencies = [...byCurrency].map(([currencyCode, found]): SalesPart => {
    const days = dates.map((date) => {
      const day = found.get(date);
      return {
        date,
        orders: day?.orders ?? 0,
        grossSales: day?.gross ?? 0,
        netSales: day?.net ?? 0,
      };
    });
    const orders = days.reduce((n, d) => n + d.orders, 0);
    const grossSales = sumOf(days.map((d) => d.grossSales));
    const netSales = sumOf(days.map((d) => d.netSales));
    return {
      currencyCode,
      orders,
      grossSales,
      refunds: grossSales - netSales,
      netSales,
      averageOrderValue: averageOrderValue(grossSales, orders),
      days,
    };
  });
  return currencies.sort(
    (a, b) => b.grossSales - a.grossSales || a.currencyCode.localeCompare(b.currencyCode),
  );
}

function sumOf(amounts: readonly number[]): number {
  return minorUnits(amounts.reduce((a, b) => a + b, 0));
}

/**
 * Per currency, the products that sold the most units and those that brought the most revenue
 * (order lines' totals after discounts, with tax, before refunds) in the range, `limit` of each,
 * titled as the products are titled now. Lines of deleted products (no product id) are left
 * out. One statement over the range's orders (`orders_created_at_idx`) and their lines
 * (`order_lines_order_id_idx`).
 */
async function topProducts(
  db: Database,
  range: DashboardRange,
  limit: number,
): Promise<Map<string, DashboardCurrency['topProducts']>> {
  const rows = await queryRows<{
    currency_code: string;
    product_id: number;
    title: string;
    units: string;
    revenue: string;
    by_units: number;
    by_revenue: number;
  }>(
    db,
    sql`
    with sold as (
      select o.currency_code, ol.product_id, sum(ol.quantity) as units, sum(ol.total) as revenue
        from orders o join order_lines ol on ol.order_id = o.id
       where o.created_at >= ${range.start.toISOString()}::timestamptz
         and o.created_at < ${range.end.toISOString()}::timestamptz
         and ol.product_id is not null
       group by o.currency_code, ol.product_id
    ), ranked as (
      select s.*,
             row_number() over (partition by s.currency_code
                                order by s.units desc, s.revenue desc, s.product_id) as by_units,
             row_number() over (partition by s.currency_code
                                order by s.revenue desc, s.units desc, s.product_id) as by_revenue
        from sold s
    )
    select r.currency_code, r.product_id, p.title, r.units::text, r.revenue::text,
           r.by_units::int, r.by_revenue::int
      from ranked r join products p on p.id = r.product_id
     where r.by_units <= ${limit} or r.by_revenue <= ${limit}`,
  );
  const result = new Map<string, DashboardCurrency['topProducts']>();
  const ranked = (code: string, key: 'by_units' | 'by_revenue') =>
    rows
      .filter((r) => r.currency_code.trim() === code && Number(r[key]) <= limit)
      .sort((a, b) => Number(a[key]) - Number(b[key]))
      .map((r): DashboardTopProduct => ({
        productId: Number(r.product_id),
        title: r.title,
        units: minorUnits(r.units),
        revenue: minorUnits(r.revenue),
      }));
  for (const code of new Set(rows.map((r) => r.currency_code.trim())))
    result.set(code, { byUnits: ranked(code, 'by_units'), byRevenue: ranked(code, 'by_revenue') });
  return result;
}

/**
 * Variants at or below their low-stock threshold, as the stock page's "low stock only" filter
 * counts them (units available over every location, on hand less reserved; no threshold: never
 * low): how many, and the `limit` with the fewest units available. The variants with a
 * threshold are read in full (no index serves `low_stock_threshold`), each one's levels through
 * the levels' primary key.
 */
async function lowStockVariants(
  db: Database,
  limit: number,
): Promise<DashboardSummary['lowStock']> {
  const rows = await queryRows<{
    id: number;
    product_id: number;
    sku: string;
    variant_title: string;
    product_title: string;
    low_stock_threshold: number;
    available: number;
    total: number;
  }>(
    db,
    sql`
    select v.id, v.product_id, v.sku, v.title as variant_title, p.title as product_title,
           v.low_stock_threshold, s.available, count(*) over ()::int as total
      from product_variants v
      join products p on p.id = v.product_id
      cross join lateral (select coalesce(sum(il.on_hand - il.reserved), 0)::int as available
                            from inventory_levels il where il.variant_id = v.id) s
     where v.low_stock_threshold is not null and s.available <= v.low_stock_threshold
     order by s.available, v.id
     limit ${limit}`,
  );
  return {
    count: Number(rows[0]?.total ?? 0),
    items: rows.map((r): DashboardLowStockItem => ({
      variantId: Number(r.id),
      productId: Number(r.product_id),
      sku: r.sku,
      productTitle: r.product_title,
      variantTitle: r.variant_title,
      available: Number(r.available),
      lowStockThreshold: Number(r.low_stock_threshold),
    })),
  };
}

/**
 * Orders placed in the range that carry a flag (a plugin's or staff's), orders held for review
 * and not released whatever their date (`orders_held_idx`), and the newest `limit` of the
 * range's orders that are flagged or held, with the first flag's reason (else the hold's).
 */
async function riskOrders(
  db: Database,
  range: DashboardRange,
  limit: number,
): Promise<DashboardSummary['risk']> {
  const row = await firstRow<{
    flagged: number;
    held: number;
    latest: Array<{
      number: number;
      created_at: string;
      email: string;
      currency_code: string;
      total: number;
      is_flagged: boolean;
      is_held: boolean;
      reason: string | null;
    }> | null;
  }>(
    db,
    sql`
    with ranged as (
      select o.id, o.number, o.created_at, o.email, o.currency_code, o.total, o.hold_reason,
             (o.held_at is not null and o.released_at is null) as is_held,
             exists (select 1 from order_flags f where f.order_id = o.id) as is_flagged
        from orders o
       where o.created_at >= ${range.start.toISOString()}::timestamptz
         and o.created_at < ${range.end.toISOString()}::timestamptz
    ), latest as (
      select r.* from ranged r where r.is_flagged or r.is_held
       order by r.created_at desc, r.id desc limit ${limit}
    )
    select (select count(*) from ranged where is_flagged)::int as flagged,
           (select count(*) from orders o
             where o.held_at is not null and o.released_at is null)::int as held,
           (select jsonb_agg(jsonb_build_object(
                     'number', l.number, 'created_at', l.created_at, 'email', l.email,
                     'currency_code', l.currency_code, 'total', l.total,
                     'is_flagged', l.is_flagged, 'is_held', l.is_held,
                     -- An aggregate, so the flags come by order id (the unique key), not by
                     -- walking order_flags in id order until one of this order's turns up.
                     'reason', coalesce((select (array_agg(f.reason order by f.id))[1]
                                           from order_flags f where f.order_id = l.id),
                                        l.hold_reason))
                   order by l.created_at desc, l.id desc)
              from latest l) as latest`,
  );
  return {
    flaggedCount: Number(row?.flagged ?? 0),
    heldCount: Number(row?.held ?? 0),
    latest: (row?.latest ?? []).map((o): DashboardRiskOrder => ({
      number: Number(o.number),
      createdAt: new Date(o.created_at),
      email: o.email,
      currencyCode: o.currency_code.trim(),
      total: minorUnits(o.total),
      isFlagged: o.is_flagged,
      isHeld: o.is_held,
      reason: o.reason ?? '',
    })),
  };
}

/**
 * The job queue as graphile-worker holds it (its public `graphile_worker.jobs` view; finished
 * jobs are deleted, so the table is the backlog itself and one pass over it is cheap): jobs
 * ready now, scheduled for later, running, failed for good, and how long the oldest ready one
 * has been due, all at the database's `now()`.
 */
export async function jobQueueHealth(db: Database): Promise<DashboardQueue> {
  const row = await firstRow<{
    ready: number;
    scheduled: number;
    running: number;
    failed: number;
    oldest: number | string | null;
    checked_at: string | Date;
  }>(
    db,
    sql`
    select count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts
                              and j.run_at <= now())::int as ready,
           count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts
                              and j.run_at > now())::int as scheduled,
           count(*) filter (where j.locked_at is not null)::int as running,
           count(*) filter (where j.locked_at is null and j.attempts >= j.max_attempts)::int as failed,
           floor(extract(epoch from now() - min(j.run_at) filter (
             where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now())))::int
             as oldest,
           now() as checked_at
      from graphile_worker.jobs j`,
  );
  return {
    ready: Number(row?.ready ?? 0),
    scheduled: Number(row?.scheduled ?? 0),
    running: Number(row?.running ?? 0),
    failed: Number(row?.failed ?? 0),
    oldestReadyAgeSeconds: row?.oldest == null ? null : Math.max(0, Number(row.oldest)),
    checkedAt: new Date(row?.checked_at ?? Date.now()),
  };
}
