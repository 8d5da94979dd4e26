import { CommerceError } from '@shop/core';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { sql } from 'drizzle-orm';

/** The longest period the report looks back over, and the most rows one table shows. */
export const REPORT_LIMITS = { maxDays: 365, maxRows: 200 } as const;

export interface ReportParams {
  /** Searches made in the last `days` days (1 to 365) count. */
  days: number;
  /** Rows returned, most searched first (1 to 200). */
  limit: number;
  /** The end of the period; the database's now() by default (tests pass a fixed time). */
  now?: Date;
}

/** One query of the report: what shoppers typed (lower case), how often, and how it fared. */
export interface QueryReportRow {
  query: string;
  /** Searches for it in the period. */
  searches: number;
  lastSearchedAt: Date;
  /** How many results its latest search had. */
  latestResults: number;
}

/** Both tables of the admin's search report, from one pass over the period's searches. */
export interface SearchReport {
  /**
   * The most frequent searches of the period, most searched first (ties: the most recent first,
   * then alphabetical, so the order is stable).
   */
  top: QueryReportRow[];
  /**
   * Searches whose latest answer in the period had no results: what shoppers ask for and the
   * shop does not show. A query that found nothing once but finds something now (a synonym was
   * added, a product was published) drops off, because it is judged by its latest search.
   */
  zeroResults: QueryReportRow[];
}

/**
 * The report of `search_queries`, which the storefront's `storefront.search.query` writes for the
 * first page of every worded search: each table holds at most `limit` rows. The period's
 * searches are grouped once for both tables.
 */
export async function searchReport(db: Database, params: ReportParams): Promise<SearchReport> {
  const { days, limit } = checkParams(params);
  // Without `now` the period ends at the database's own now(), the clock that stamped the rows,
  // so a search made a moment ago is in it whatever the app server's clock says. With `now`, the
  // period is (now - days, now], the end widened by a millisecond because Postgres keeps
  // microseconds and a JS Date does not: a row stamped within `now`'s millisecond belongs to it.
  const period = params.now
    ? sql`created_at > ${new Date(params.now.getTime() - days * 86_400_000).toISOString()}::timestamptz
          and created_at < ${new Date(params.now.getTime() + 1).toISOString()}::timestamptz`
    : sql`created_at > now() - make_interval(days => ${days}::int)`;
  // `search_queries_created_idx` narrows to the period; grouping the rows left is the cost,
  // linear in the period's searches. The grouped rows are referenced twice, so Postgres
  // materializes them once and both tables read them.
  const rows = await queryRows<{
    list: 'top' | 'zero';
    query: string;
    searches: number | string;
    last_searched_at: Date | string;
    latest_results: number | string;
  }>(
    db,
    sql`with q as (
          select query,
                 count(*) as searches,
                 max(created_at) as last_searched_at,
                 (array_agg(results order by created_at desc, id desc))[1] as latest_results
            from search_queries
           where ${period}
           group by query
        )
        select * from (
          (select 'top' as list, * from q
            order by searches desc, last_searched_at desc, query limit ${limit})
          union all
          (select 'zero' as list, * from q where latest_results = 0
            order by searches desc, last_searched_at desc, query limit ${limit})
        ) r
        order by list, searches desc, last_searched_at desc, query`,
  );
  const report: SearchReport = { top: [], zeroResults: [] };
  // Raw rows: count(*) arrives as text on one driver and timestamps as text on the other.
  for (const r of rows) {
    (r.list === 'top' ? report.top : report.zeroResults).push({
      query: r.query,
      searches: Number(r.searches),
      lastSearchedAt: new Date(r.last_searched_at),
      latestResults: Number(r.latest_results),
    });
  }
  return report;
}

/** The report's first table alone (`SearchReport.top`). */
export async function topQueries(db: Database, params: ReportParams): Promise<QueryReportRow[]> {
  return (await searchReport(db, params)).top;
}

/** The report's second table alone (`SearchReport.zeroResults`). */
export async function zeroResultQueries(
  db: Database,
  params: ReportParams,
): Promise<QueryReportRow[]> {
  return (await searchReport(db, params)).zeroResults;
}

function checkParams(params: ReportParams): { days: number; limit: number } {
  const { days, limit } = params;
  if (!Number.isInteger(days) || days < 1 || days > REPORT_LIMITS.maxDays) {
    throw new CommerceError(
      'INVALID_INPUT',
      `The report's period must be a whole number of days from 1 to ${REPORT_LIMITS.maxDays}.`,
    );
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > REPORT_LIMITS.maxRows) {
    throw new CommerceError(
      'INVALID_INPUT',
      `The report shows from 1 to ${REPORT_LIMITS.maxRows} queries per table.`,
    );
  }
  return { days, limit };
}
