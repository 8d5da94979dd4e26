import { z } from 'zod';

// Wire shapes of the admin dashboard (`admin.dashboard.summary`); docs/dashboard.md says what
// each figure means.

/** Days are calendar days in this time zone (the shop has no time zone setting yet). */
export const DASHBOARD_TIME_ZONE = 'UTC';
/** The range when none is given: the last 30 days, today included. */
export const DEFAULT_DASHBOARD_DAYS = 30;
/** The longest range, in days (a leap year): the figures scan the range's orders. */
export const MAX_DASHBOARD_DAYS = 366;

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC midnight starting `day` (`YYYY-MM-DD`), or null when it is no calendar day. */
export function dayStartUtc(day: string): Date | null {
  if (!ISO_DAY.test(day)) return null;
  const date = new Date(`${day}T00:00:00Z`);
  // `2026-02-30` parses to March 2nd: a real day prints back as itself.
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? null : date;
}

/** `YYYY-MM-DD` of the UTC day `date` falls in, moved by `offsetDays`. */
export function utcDay(date: Date, offsetDays = 0): string {
  return new Date(date.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/** How many days `from` to `to` covers, both included (0 or less: it ends before it starts). */
export function daysBetween(from: string, to: string): number {
  const start = dayStartUtc(from);
  const end = dayStartUtc(to);
  return start && end ? Math.round((end.getTime() - start.getTime()) / DAY_MS) + 1 : 0;
}

/**
 * What is wrong with a range of days (both included), as the sentence the caller sees, or null.
 * The router's schema asks it when both ends are given; the core asks it again once a missing
 * end has its default.
 */
export function dashboardRangeProblem(from: string, to: string): string | null {
  const days = daysBetween(from, to);
  if (days < 1) return `The range ends (${to}) before it starts (${from}).`;
  if (days > MAX_DASHBOARD_DAYS)
    return `The range covers ${days} days; the dashboard shows at most ${MAX_DASHBOARD_DAYS}.`;
  return null;
}

const zDay = (what: string) =>
  z
    .string({ message: `${what} must be a date as YYYY-MM-DD` })
    .refine((day) => dayStartUtc(day) !== null, `${what} must be a date as YYYY-MM-DD`);

/**
 * The dashboard's range: `from` and `to` are days (`YYYY-MM-DD`, in UTC), both included.
 * Without `to` the range ends today; without `from` it starts 29 days before its end.
 */
export const zDashboardInput = z
  .object({ from: zDay('From').optional(), to: zDay('To').optional() })
  .superRefine((range, ctx) => {
    if (range.from === undefined || range.to === undefined) return;
    const problem = dashboardRangeProblem(range.from, range.to);
    if (problem) ctx.addIssue({ code: 'custom', path: ['to'], message: problem });
  });
export type DashboardInput = z.input<typeof zDashboardInput>;

const zCount = z.number().int().nonnegative();
const zAmount = z.number().int();

export const zDashboardDay = z.object({
  /** `YYYY-MM-DD`, in UTC. */
  date: z.string(),
  orders: zCount,
  grossSales: zAmount,
  netSales: zAmount,
});
export type DashboardDay = z.infer<typeof zDashboardDay>;

export const zDashboardTopProduct = z.object({
  productId: z.number().int(),
  title: z.string(),
  units: zCount,
  revenue: zAmount,
});
export type DashboardTopProduct = z.infer<typeof zDashboardTopProduct>;

/** Every figure of one currency: amounts of different currencies are never added up. */
export const zDashboardCurrency = z.object({
  currencyCode: z.string(),
  orders: zCount,
  grossSales: zAmount,
  refunds: zAmount,
  netSales: zAmount,
  /** Gross sales ÷ orders, rounded half up to a minor unit; null without orders. */
  averageOrderValue: zAmount.nullable(),
  /** One entry per day of the range, oldest first, days without orders included. */
  days: z.array(zDashboardDay),
  topProducts: z.object({
    byUnits: z.array(zDashboardTopProduct),
    byRevenue: z.array(zDashboardTopProduct),
  }),
});
export type DashboardCurrency = z.infer<typeof zDashboardCurrency>;

export const zDashboardLowStockItem = z.object({
  variantId: z.number().int(),
  productId: z.number().int(),
  sku: z.string(),
  productTitle: z.string(),
  variantTitle: z.string(),
  available: z.number().int(),
  lowStockThreshold: z.number().int(),
});
export type DashboardLowStockItem = z.infer<typeof zDashboardLowStockItem>;

export const zDashboardRiskOrder = z.object({
  number: z.number().int(),
  createdAt: z.date(),
  email: z.string(),
  currencyCode: z.string(),
  total: zAmount,
  isFlagged: z.boolean(),
  isHeld: z.boolean(),
  /** The first flag's reason, else the hold's. */
  reason: z.string(),
});
export type DashboardRiskOrder = z.infer<typeof zDashboardRiskOrder>;

export const zDashboardQueue = z.object({
  /** Jobs due now that no worker has taken. */
  ready: zCount,
  /** Jobs waiting for a later run time (first runs and retries after a failure). */
  scheduled: zCount,
  /** Jobs a worker holds right now. */
  running: zCount,
  /** Jobs that used every attempt and will not run again by themselves. */
  failed: zCount,
  /** Seconds since the oldest ready job was due; null when none is ready. */
  oldestReadyAgeSeconds: zCount.nullable(),
  /** The database's time of the reading. */
  checkedAt: z.date(),
});
export type DashboardQueue = z.infer<typeof zDashboardQueue>;

export const zDashboardSummary = z.object({
  range: z.object({
    from: z.string(),
    to: z.string(),
    days: z.number().int().positive(),
    timeZone: z.literal(DASHBOARD_TIME_ZONE),
  }),
  /** Currencies with orders in the range or a region selling in them, most gross sales first. */
  currencies: z.array(zDashboardCurrency),
  lowStock: z.object({ count: zCount, items: z.array(zDashboardLowStockItem) }),
  risk: z.object({
    /** Orders placed in the range with at least one flag. */
    flaggedCount: zCount,
    /** Orders held for review and not released, whenever they were placed. */
    heldCount: zCount,
    /** The newest flagged or held orders placed in the range. */
    latest: z.array(zDashboardRiskOrder),
  }),
  queue: zDashboardQueue,
});
export type DashboardSummary = z.infer<typeof zDashboardSummary>;
