import type { ReactNode } from 'react';

/**
 * The old table's pieces, kept only for the product page's read-only variants (its columns
 * depend on the product's currencies). Every list uses `DataTable` (data-table.tsx); once that
 * page does too, this file goes.
 */

/** A body cell's classes (`<td className={cell}>`, more classes after it). */
export const cell = 'border-b border-neutral-100 px-3 py-1.5';

export function Th({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <th scope="col" className={`border-b border-neutral-200 px-3 py-2 font-medium ${className}`}>
      {children}
    </th>
  );
}

/** The one row of a table with no rows: a sentence across every column. */
export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="px-3 py-8 text-center text-neutral-600">
        {children}
      </td>
    </tr>
  );
}

/**
 * A plain table: the bordered box that scrolls sideways on a phone, a header row
 * that stays on top, one `row` per item and, with no items, `empty` across every column.
 */
export function Table<T>({
  head,
  columns,
  rows,
  empty,
  children: row,
}: {
  /** The header cells (`<Th>`s); `columns` is how many. */
  head: ReactNode;
  columns: number;
  rows: readonly T[];
  empty: ReactNode;
  children: (item: T) => ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-neutral-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="sticky top-0 bg-neutral-50">
          <tr>{head}</tr>
        </thead>
        <tbody>
          {rows.length === 0 ? <EmptyRow columns={columns}>{empty}</EmptyRow> : rows.map(row)}
        </tbody>
      </table>
    </div>
  );
}
