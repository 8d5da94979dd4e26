import type { Metadata } from 'next';
import Link from 'next/link';
import { getAdminApi } from '~/server/api';
import { ReportTable, type ReportRow } from './report-table';

export const metadata: Metadata = { title: 'Search report' };

const PERIODS = [7, 30, 90] as const;
type Period = (typeof PERIODS)[number];
const ROWS = 50;

type SearchParams = Record<string, string | string[] | undefined>;

function periodOf(value: string | string[] | undefined): Period {
  const text = Array.isArray(value) ? value[0] : value;
  return PERIODS.find((p) => String(p) === text) ?? 30;
}

/**
 * What shoppers search for on the storefront (the first page of every worded search is logged):
 * the most frequent queries, and those whose latest search found nothing, the catalog's gaps
 * (add a synonym or a product, and the query drops off at its next search).
 */
export default async function SearchReportPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const days = periodOf((await searchParams).days);
  const api = await getAdminApi();
  const report = await api.admin.search.report({ days, limit: ROWS });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold">Search report</h1>
          <p className="text-neutral-600">
            Storefront searches in the last {days} days.{' '}
            <Link href="/settings/search" className="text-accent underline underline-offset-2">
              Edit synonyms
            </Link>
          </p>
        </div>
        <nav aria-label="Period" className="flex gap-1">
          {PERIODS.map((p) => (
            <Link
              key={p}
              href={`/search-report?days=${p}`}
              aria-current={p === days ? 'page' : undefined}
              className={p === days ? 'button-primary' : 'button-secondary'}
            >
              {p} days
            </Link>
          ))}
        </nav>
      </div>

      <ReportSection
        id="top-queries"
        title="Most frequent searches"
        empty={`No searches in the last ${days} days.`}
        rows={report.top}
      />
      <ReportSection
        id="zero-results"
        title="Searches with no results"
        description="Judged by each query's latest search: what shoppers ask for and do not find."
        empty={`Every search of the last ${days} days found something.`}
        rows={report.zeroResults}
      />
    </div>
  );
}

function ReportSection({
  id,
  title,
  description,
  empty,
  rows,
}: {
  id: string;
  title: string;
  description?: string;
  empty: string;
  rows: ReportRow[];
}) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <div>
        <h2 id={id} className="font-semibold">
          {title}
        </h2>
        {description ? <p className="text-xs text-neutral-600">{description}</p> : null}
      </div>
      <ReportTable label={{ labelledBy: id }} rows={rows} empty={empty} />
    </section>
  );
}
