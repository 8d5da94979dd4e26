'use client';

import { dateColumn, listTable, type DataColumn } from '~/components/data-table';

/** One query of the search report: how often, what its latest search found, and when. */
export interface ReportRow {
  query: string;
  searches: number;
  lastSearchedAt: Date;
  latestResults: number;
}

const columns: ReadonlyArray<DataColumn<ReportRow>> = [
  { id: 'query', header: 'Query', cell: (row) => row.query },
  {
    id: 'searches',
    header: 'Searches',
    align: 'right',
    cell: (row) => row.searches,
    className: 'tabular-nums',
  },
  {
    id: 'results',
    header: 'Results (latest)',
    align: 'right',
    cell: (row) => row.latestResults,
    className: 'tabular-nums',
  },
  dateColumn('last', 'Last searched', (row) => row.lastSearchedAt),
];

/** A table of the report, named by its section's heading; a query opens the products search. */
export const ReportTable = listTable({
  label: 'Storefront searches',
  columns,
  rowKey: (row: ReportRow) => row.query,
  rowHref: (row: ReportRow) => `/products?${new URLSearchParams({ q: row.query }).toString()}`,
  tableClassName: 'min-w-[36rem]',
});
