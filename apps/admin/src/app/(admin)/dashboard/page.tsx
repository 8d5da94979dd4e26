import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { can } from '@shop/core';
import { formatMoney } from '@shop/money';
import { utcDay, type DashboardCurrency, type DashboardSummary } from '@shop/validators';
import { Badge } from '~/components/badge';
import { Notice, Section } from '~/components/section';
import { formatWhen } from '~/lib/format';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { SalesChart } from './sales-chart';
import { TopProductsTable } from './top-products-table';

export const metadata: Metadata = { title: 'Dashboard' };

type SearchParams = Record<string, string | string[] | undefined>;

/** The ranges the picker offers, in days ending today (UTC); 30 when none is chosen. */
const RANGES = [7, 30, 90] as const;
const DEFAULT_RANGE = 30;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** The page's state in its URL: the range, the currency shown and how top products rank. */
interface View {
  days: number;
  currency: string;
  top: 'units' | 'revenue';
}

function hrefOf(view: View, change: Partial<View>): string {
  const next = { ...view, ...change };
  const search = new URLSearchParams();
  if (next.days !== DEFAULT_RANGE) search.set('days', String(next.days));
  if (next.currency) search.set('currency', next.currency);
  if (next.top !== 'units') search.set('top', next.top);
  const text = search.toString();
  return text ? `/dashboard?${text}` : '/dashboard';
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const dayText = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": how long the oldest ready job has waited. */
function ageText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Links of one choice (range, currency, ranking), the current one marked for screen readers. */
function Choices({
  label,
  options,
}: {
  label: string;
  options: ReadonlyArray<{ key: string; label: ReactNode; href: string; current: boolean }>;
}) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-2">
      {options.map((o) => (
        <Link
          key={o.key}
          href={o.href}
          aria-current={o.current ? 'page' : undefined}
          className={
            o.current
              ? 'rounded-sm border border-accent bg-accent px-3 py-1.5 font-medium text-white'
              : 'button-secondary'
          }
        >
          {o.label}
        </Link>
      ))}
    </nav>
  );
}

/** One figure: what it is, its raw number (also its `data-value`, for tests) and its format. */
interface FigureSpec {
  label: string;
  raw: number | null;
  testId: string;
  hint?: string;
  /** How the number reads (money, an age); absent: as it is. None reads "—". */
  format?: (value: number) => string;
}

/** Figures as cards of a description list. */
function Figures({ items, className }: { items: readonly FigureSpec[]; className: string }) {
  return (
    <dl className={className}>
      {items.map((f) => (
        <div key={f.testId} className="rounded-lg border border-neutral-200 bg-white px-3 py-2">
          <dt className="text-xs text-neutral-600">{f.label}</dt>
          <dd
            className="text-lg font-semibold tabular-nums"
            data-testid={f.testId}
            data-value={f.raw ?? ''}
          >
            {f.raw === null ? '—' : (f.format ?? String)(f.raw)}
          </dd>
          {f.hint ? <dd className="text-xs text-neutral-500">{f.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

/**
 * The admin's home for owners and managers (`reports:read`): sales of a range of UTC days per
 * currency (a chart, gross and net of refunds), orders and average order value, top products,
 * low stock, flagged and held orders and the job queue. The range, currency and ranking live
 * in the URL; docs/dashboard.md says what each figure means.
 */
export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const staff = await requireStaff();
  if (!can(staff.role, 'reports:read'))
    return (
      <div className="max-w-3xl space-y-2">
        <h1 className="text-lg font-semibold">Dashboard</h1>
        <Notice>
          Only owners and managers see the dashboard; your role ({staff.role}) cannot.{' '}
          <Link href="/orders" className="text-accent underline underline-offset-2">
            Go to orders
          </Link>
        </Notice>
      </div>
    );
  const params = await searchParams;
  const days = RANGES.find((d) => String(d) === first(params.days)) ?? DEFAULT_RANGE;
  const api = await getAdminApi();
  const summary = await api.admin.dashboard.summary({ from: utcDay(new Date(), 1 - days) });
  const current =
    summary.currencies.find((c) => c.currencyCode === first(params.currency)) ??
    summary.currencies[0];
  const view: View = {
    days,
    currency: current && current !== summary.currencies[0] ? current.currencyCode : '',
    top: first(params.top) === 'revenue' ? 'revenue' : 'units',
  };
  const { range } = summary;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold">Dashboard</h1>
          <p className="text-neutral-600">
            {dayText(range.from)} to {dayText(range.to)} ({range.days} days; days are UTC days).{' '}
            <Link
              href={`/orders?from=${range.from}&to=${range.to}`}
              className="text-accent underline underline-offset-2"
            >
              Orders of this range
            </Link>
          </p>
        </div>
        <Choices
          label="Date range"
          options={RANGES.map((d) => ({
            key: String(d),
            label: `${d} days`,
            href: hrefOf(view, { days: d }),
            current: d === days,
          }))}
        />
      </div>
      {summary.currencies.length > 1 ? (
        <Choices
          label="Currency"
          options={summary.currencies.map((c) => ({
            key: c.currencyCode,
            label: `${c.currencyCode} · ${formatMoney(c.grossSales, c.currencyCode)}`,
            href: hrefOf(view, {
              currency: c === summary.currencies[0] ? '' : c.currencyCode,
            }),
            current: c === current,
          }))}
        />
      ) : null}
      {current ? <CurrencyFigures figures={current} view={view} /> : <p>No region sells yet.</p>}
      <div className="grid gap-6 lg:grid-cols-3">
        <LowStock lowStock={summary.lowStock} />
        <Risk risk={summary.risk} />
        <Queue queue={summary.queue} />
      </div>
    </div>
  );
}

/** One currency's figures, chart and top products. */
function CurrencyFigures({ figures, view }: { figures: DashboardCurrency; view: View }) {
  const money = (amount: number) => formatMoney(amount, figures.currencyCode);
  const top = view.top === 'revenue' ? figures.topProducts.byRevenue : figures.topProducts.byUnits;
  return (
    <>
      <Section headingId="sales" title={`Sales in ${figures.currencyCode}`}>
        <Figures
          className="grid grid-cols-2 gap-3 sm:grid-cols-5"
          items={[
            { label: 'Orders', raw: figures.orders, testId: 'orders' },
            {
              label: 'Gross sales',
              raw: figures.grossSales,
              testId: 'gross-sales',
              hint: 'Order totals as paid',
              format: money,
            },
            {
              label: 'Refunds',
              raw: figures.refunds,
              testId: 'refunds',
              hint: 'Refunded of these orders',
              format: money,
            },
            {
              label: 'Net sales',
              raw: figures.netSales,
              testId: 'net-sales',
              hint: 'Gross less refunds',
              format: money,
            },
            {
              label: 'Average order value',
              raw: figures.averageOrderValue,
              testId: 'average-order-value',
              hint: 'Gross sales ÷ orders',
              format: money,
            },
          ]}
        />
        <SalesChart currencyCode={figures.currencyCode} days={figures.days} />
      </Section>
      <Section headingId="top-products" title={`Top products in ${figures.currencyCode}`}>
        <Choices
          label="Rank top products"
          options={(['units', 'revenue'] as const).map((by) => ({
            key: by,
            label: by === 'units' ? 'By units sold' : 'By revenue',
            href: hrefOf(view, { top: by }),
            current: view.top === by,
          }))}
        />
        <TopProductsTable
          label={{ labelledBy: 'top-products' }}
          rows={top.map((p) => ({ ...p, revenue: money(p.revenue) }))}
          empty="No products sold in this range."
        />
      </Section>
    </>
  );
}

const cardClass = 'space-y-2 rounded-lg border border-neutral-200 bg-white p-4';
const linkClass = 'text-accent underline underline-offset-2';

function LowStock({ lowStock }: { lowStock: DashboardSummary['lowStock'] }) {
  return (
    <section aria-labelledby="low-stock" className={cardClass}>
      <h2 id="low-stock" className="font-semibold">
        Low stock <span data-testid="low-stock-count">({lowStock.count})</span>
      </h2>
      <p className="text-xs text-neutral-600">
        Variants whose units on hand less those held by checkouts are at or below their low-stock
        threshold.
      </p>
      {lowStock.items.length === 0 ? (
        <p>No variant is low on stock.</p>
      ) : (
        <ul className="divide-y divide-neutral-100" data-testid="low-stock">
          {lowStock.items.map((v) => (
            <li key={v.variantId} className="py-1.5">
              <Link href={`/stock/${v.variantId}`} className={linkClass}>
                {v.productTitle} · {v.variantTitle}
              </Link>
              <div className="text-xs text-neutral-600">
                <span className="font-mono">{v.sku}</span>: {v.available} available, low at{' '}
                {v.lowStockThreshold}
              </div>
            </li>
          ))}
        </ul>
      )}
      {lowStock.count > lowStock.items.length ? (
        <Link href="/stock?low=1" className={linkClass}>
          All {lowStock.count} low-stock variants
        </Link>
      ) : null}
    </section>
  );
}

function Risk({ risk }: { risk: DashboardSummary['risk'] }) {
  return (
    <section aria-labelledby="risk" className={cardClass}>
      <h2 id="risk" className="font-semibold">
        Flagged and held orders
      </h2>
      <Figures
        className="grid grid-cols-2 gap-3"
        items={[
          { label: 'Held for review now', raw: risk.heldCount, testId: 'held-count' },
          { label: 'Flagged in this range', raw: risk.flaggedCount, testId: 'flagged-count' },
        ]}
      />
      {risk.latest.length === 0 ? (
        <p>No order of this range is flagged or held.</p>
      ) : (
        <ul className="divide-y divide-neutral-100" data-testid="risk-orders">
          {risk.latest.map((o) => (
            <li key={o.number} className="space-y-0.5 py-1.5">
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/orders/${o.number}`} className={linkClass}>
                  #{o.number}
                </Link>
                <span className="tabular-nums">{formatMoney(o.total, o.currencyCode)}</span>
                {o.isHeld ? <Badge label="Held" className="bg-danger-soft text-danger" /> : null}
                {o.isFlagged ? (
                  <Badge label="Flagged" className="bg-neutral-100 text-neutral-700" />
                ) : null}
              </div>
              <div className="text-xs text-neutral-600">
                {o.email} · {formatWhen(o.createdAt)}
                {o.reason ? ` · ${o.reason}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="flex gap-3">
        <Link href="/orders?risk=held" className={linkClass}>
          Held orders
        </Link>
        <Link href="/orders?risk=flagged" className={linkClass}>
          Flagged orders
        </Link>
      </p>
    </section>
  );
}

function Queue({ queue }: { queue: DashboardSummary['queue'] }) {
  return (
    <section aria-labelledby="queue" className={cardClass} data-testid="queue">
      <h2 id="queue" className="font-semibold">
        Job queue
      </h2>
      <Figures
        className="grid grid-cols-2 gap-3"
        items={[
          { label: 'Ready to run', raw: queue.ready, testId: 'queue-ready' },
          {
            label: 'Oldest ready job waiting',
            raw: queue.oldestReadyAgeSeconds,
            testId: 'queue-oldest',
            format: ageText,
          },
          { label: 'Scheduled for later', raw: queue.scheduled, testId: 'queue-scheduled' },
          { label: 'Running', raw: queue.running, testId: 'queue-running' },
          { label: 'Failed (no attempts left)', raw: queue.failed, testId: 'queue-failed' },
        ]}
      />
      <p className="text-xs text-neutral-600">As of {formatWhen(queue.checkedAt)}.</p>
    </section>
  );
}
