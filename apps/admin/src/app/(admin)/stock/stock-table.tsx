'use client';

import type { StockAdminRow } from '@shop/validators';
import { Badge } from '~/components/badge';
import { listTable, type DataColumn } from '~/components/data-table';

const columns: ReadonlyArray<DataColumn<StockAdminRow>> = [
  { id: 'sku', header: 'SKU', cell: (row) => row.sku, className: 'font-mono text-xs' },
  {
    id: 'title',
    header: 'Product',
    cell: (row) => (
      <>
        {row.productTitle}
        <span className="text-neutral-500"> · {row.variantTitle}</span>
      </>
    ),
  },
  {
    id: 'levels',
    header: 'On hand (held) by location',
    cell: (row) =>
      row.levels.length === 0
        ? '—'
        : row.levels
            .map((l) => `${l.location} ${l.onHand}${l.reserved ? ` (${l.reserved})` : ''}`)
            .join(' · '),
  },
  { id: 'available', header: 'Available', align: 'right', cell: (row) => row.available },
  {
    id: 'threshold',
    header: 'Low at',
    align: 'right',
    cell: (row) => row.lowStockThreshold ?? '—',
  },
  {
    id: 'status',
    header: 'Status',
    cell: (row) =>
      !row.manageInventory ? (
        <Badge label="Not tracked" className="bg-neutral-100 text-neutral-600" />
      ) : row.isLow ? (
        <Badge label="Low" className="bg-danger-soft text-danger" />
      ) : null,
  },
];

/** The stock page's table: one row per variant, linking to its levels and history. */
export const StockTable = listTable({
  label: 'Stock levels by variant',
  columns,
  rowKey: (row: StockAdminRow) => String(row.variantId),
  rowHref: (row: StockAdminRow) => `/stock/${row.variantId}`,
});
