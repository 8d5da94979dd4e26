'use client';

import type { StockAdjustment } from '@shop/validators';
import { DataTable, type DataColumn } from '~/components/data-table';
import { formatWhen } from '~/lib/format';

const reasonText: Record<string, string> = {
  sync: 'Sync (API)',
  transfer_out: 'Transfer out',
  transfer_in: 'Transfer in',
  transfer_canceled: 'Transfer canceled',
};

const columns: ReadonlyArray<DataColumn<StockAdjustment>> = [
  {
    id: 'when',
    header: 'When',
    cell: (row) => formatWhen(row.createdAt),
    className: 'whitespace-nowrap text-neutral-600',
  },
  { id: 'location', header: 'Location', cell: (row) => row.location },
  {
    id: 'delta',
    header: 'Change',
    align: 'right',
    cell: (row) => (row.delta > 0 ? `+${row.delta}` : String(row.delta)),
    className: 'tabular-nums',
  },
  {
    id: 'after',
    header: 'On hand after',
    align: 'right',
    cell: (row) => row.onHandAfter,
    className: 'tabular-nums',
  },
  {
    id: 'reason',
    header: 'Reason',
    cell: (row) => (
      <>
        {reasonText[row.reason] ?? row.reason}
        {row.transferId ? (
          <span className="text-neutral-500"> (transfer {row.transferId})</span>
        ) : null}
      </>
    ),
  },
  { id: 'note', header: 'Note', cell: (row) => row.note || '—' },
  { id: 'actor', header: 'By', cell: (row) => row.actor },
];

const rowKey = (row: StockAdjustment) => String(row.id);

/** A variant's stock history, newest first. */
export function HistoryTable({
  rows,
  pager,
}: {
  rows: readonly StockAdjustment[];
  pager: { previous: string | null; next: string | null };
}) {
  return (
    <DataTable
      label="Stock history, newest first"
      columns={columns}
      rows={rows}
      rowKey={rowKey}
      empty="No changes recorded yet."
      pager={pager}
    />
  );
}
