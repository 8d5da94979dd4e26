'use client';

import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import { createColumnHelper, tableFeatures, useTable, type RowData } from '@tanstack/react-table';
import { dateTimeFormat } from '../lib/format';

/**
 * The admin's one list table, over TanStack Table: every list page (stock, customers,
 * discounts, …) describes its columns once and hands over the rows the server returned. Sorting
 * and paging belong to the server (keyset cursors, an index per sort), so the table renders
 * them as links: a sortable header links to the same page sorted by its key, and the pager's
 * "Previous"/"Next" are the hrefs the page computed (`keysetPager` in `lib/keyset.ts`).
 *
 * Each list keeps its columns in a small client module (a cell is a function, which a server
 * component cannot pass to a client one) and renders `<DataTable>` from there. What a cell needs
 * that only the server knows (the signed-in staff member, a link's query) the page puts into
 * the rows it hands over.
 */

/** One column: its header, how a row fills its cell and, when the server sorts by it, the key. */
export interface DataColumn<T extends RowData> {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The `sort` value the page's query takes for this column; absent: not sortable. */
  sortKey?: string;
  align?: 'left' | 'right';
  /** Classes of the column's body cells. */
  className?: string;
  /** Classes of its header cell (a column hidden on phones hides both). */
  headerClassName?: string;
}

export type SortDirection = 'asc' | 'desc';

/**
 * The table's accessible name: a sentence for its caption (read by screen readers only), or the
 * id of the visible heading that names it.
 */
export type TableLabel = string | { labelledBy: string };

export interface DataTableProps<T extends RowData> {
  label: TableLabel;
  columns: ReadonlyArray<DataColumn<T>>;
  rows: readonly T[];
  /** A stable key for each row (its id). */
  rowKey: (row: T) => string;
  /** Where a row's first cell links to (its detail page). */
  rowHref?: (row: T) => string;
  /** What an empty list says. */
  empty: ReactNode;
  /** The current sort, and the page's path with its other parameters, for the header links. */
  sort?: { by: string; dir: SortDirection; path: string; params: Record<string, string> };
  /** The pager's links (null: none that way). */
  pager?: Pager;
  /** Classes of a body row (one set apart from the others). */
  rowClassName?: (row: T) => string | undefined;
  /** Every body row's `data-testid`. */
  rowTestId?: string;
  /** Extra classes of the `<table>` (a minimum width, so a phone scrolls it sideways). */
  tableClassName?: string;
  /** Inside a card that has its own border: no box of its own and no height limit. */
  bare?: boolean;
}

/** "Previous" and "Next": the hrefs the page computed (`keysetPager`), null for none that way. */
export interface Pager {
  previous: string | null;
  next: string | null;
}

/** A column of moments ("2 Dec 2026, 14:30 UTC", a `<time>`), muted and on one line. */
export function dateColumn<T extends RowData>(
  id: string,
  header: ReactNode,
  date: (row: T) => Date,
): DataColumn<T> {
  return {
    id,
    header,
    cell: (row) => {
      const at = date(row);
      return <time dateTime={at.toISOString()}>{dateTimeFormat.format(at)} UTC</time>;
    },
    className: 'whitespace-nowrap text-neutral-600',
  };
}

/** The header of a column of buttons: named for screen readers, blank on screen. */
export const actionsHeader = <span className="sr-only">Actions</span>;

/** A body cell's classes. */
const cellClass = 'border-b border-neutral-100 px-3 py-1.5';

const features = tableFeatures({});

/** The href of `path?params` sorted by `by` in `dir`, leaving out the cursor (page one). */
export function sortHref(
  path: string,
  params: Record<string, string>,
  by: string,
  dir: SortDirection,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== '' && key !== 'cursor' && key !== 'back') search.set(key, value);
  search.set('sort', by);
  search.set('dir', dir);
  return `${path}?${search.toString()}`;
}

export function DataTable<T extends RowData>({
  label,
  columns,
  rows,
  rowKey,
  rowHref,
  empty,
  sort,
  pager,
  rowClassName,
  rowTestId,
  tableClassName = '',
  bare = false,
}: DataTableProps<T>) {
  const tableColumns = useMemo(() => {
    const helper = createColumnHelper<typeof features, T>();
    return columns.map((column, index) =>
      helper.display({
        id: column.id,
        header: () => <SortHeader column={column} sort={sort} />,
        cell: (context) => {
          const content = column.cell(context.row.original);
          const href = index === 0 && rowHref ? rowHref(context.row.original) : null;
          return href ? (
            <Link href={href} className="font-medium text-accent hover:underline">
              {content}
            </Link>
          ) : (
            content
          );
        },
      }),
    );
  }, [columns, rowHref, sort]);
  const data = useMemo(() => [...rows], [rows]);
  const table = useTable({ features, columns: tableColumns, data, getRowId: rowKey });
  const columnOf = new Map(columns.map((c) => [c.id, c]));
  const alignOf = (id: string) => (columnOf.get(id)?.align === 'right' ? 'text-right' : '');

  const labelledBy = typeof label === 'string' ? undefined : label.labelledBy;

  return (
    <div className="space-y-3">
      <div
        className={
          bare
            ? 'relative overflow-x-auto'
            : 'relative max-h-[calc(100dvh-12rem)] overflow-auto rounded-lg border border-neutral-200 bg-white'
        }
      >
        <table
          aria-labelledby={labelledBy}
          className={`w-full border-separate border-spacing-0 text-left text-sm ${tableClassName}`}
        >
          {typeof label === 'string' ? <caption className="sr-only">{label}</caption> : null}
          <thead
            className={`${bare ? '' : 'sticky top-0 z-10'} bg-neutral-100 text-xs text-neutral-600 uppercase`}
          >
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const column = columnOf.get(header.id);
                  const isSorted = column?.sortKey !== undefined && sort?.by === column.sortKey;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={
                        isSorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined
                      }
                      className={`border-b border-neutral-200 px-3 py-2 font-medium ${alignOf(header.id)} ${column?.headerClassName ?? ''}`}
                    >
                      <table.FlexRender header={header} />
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-8 text-center text-neutral-600">
                  {empty}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  data-testid={rowTestId}
                  className={`align-top hover:bg-neutral-50 ${rowClassName?.(row.original) ?? ''}`}
                >
                  {row.getAllCells().map((c) => (
                    <td
                      key={c.id}
                      className={`${cellClass} ${alignOf(c.column.id)} ${columnOf.get(c.column.id)?.className ?? ''}`}
                    >
                      <table.FlexRender cell={c} />
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {pager && (pager.previous || pager.next) ? (
        <nav aria-label="Pagination" className="flex items-center gap-3">
          {pager.previous ? (
            <Link href={pager.previous} className="button-secondary">
              Previous
            </Link>
          ) : null}
          {pager.next ? (
            <Link href={pager.next} className="button-secondary">
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

/**
 * What a list page hands its table: the rows, the empty sentence, the pager's links (a list on
 * one page has none) and, when the page names the table by a heading, that heading's id.
 */
export interface ListTableProps<T extends RowData> {
  rows: readonly T[];
  empty: ReactNode;
  pager?: Pager;
  label?: TableLabel;
}

/**
 * A list page's table component from its fixed parts (caption, columns, row key and link, …),
 * so each list's client module states only those and the server page passes the rest. It is
 * made once at module level, where the columns' cell functions live.
 */
export function listTable<T extends RowData>(
  fixed: Omit<DataTableProps<T>, 'rows' | 'empty' | 'pager' | 'sort'>,
) {
  return function ListTable({ rows, empty, pager, label }: ListTableProps<T>) {
    return (
      <DataTable {...fixed} label={label ?? fixed.label} rows={rows} empty={empty} pager={pager} />
    );
  };
}

/** A header cell's content: plain, or a link that sorts by the column (toggling direction). */
function SortHeader<T extends RowData>({
  column,
  sort,
}: {
  column: DataColumn<T>;
  sort: DataTableProps<T>['sort'];
}) {
  if (column.sortKey === undefined || !sort) return <>{column.header}</>;
  const isSorted = sort.by === column.sortKey;
  const nextDir: SortDirection = isSorted && sort.dir === 'asc' ? 'desc' : 'asc';
  return (
    <Link
      href={sortHref(sort.path, sort.params, column.sortKey, nextDir)}
      className="inline-flex items-center gap-1 hover:text-neutral-900"
    >
      {column.header}
      <span aria-hidden="true">{isSorted ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
    </Link>
  );
}
