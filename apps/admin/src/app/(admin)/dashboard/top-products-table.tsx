'use client';

import { listTable, type DataColumn } from '~/components/data-table';

/** A top product as the page hands it over: its revenue already formatted in its currency. */
export interface TopProductRow {
  productId: number;
  title: string;
  units: number;
  revenue: string;
}

const columns: ReadonlyArray<DataColumn<TopProductRow>> = [
  { id: 'title', header: 'Product', cell: (row) => row.title },
  {
    id: 'units',
    header: 'Units sold',
    align: 'right',
    cell: (row) => row.units,
    className: 'tabular-nums',
  },
  {
    id: 'revenue',
    header: 'Revenue',
    align: 'right',
    cell: (row) => row.revenue,
    className: 'tabular-nums',
  },
];

/** The dashboard's top products of one currency, each linking to its product page. */
export const TopProductsTable = listTable({
  label: 'Top products',
  columns,
  rowKey: (row: TopProductRow) => String(row.productId),
  rowHref: (row: TopProductRow) => `/products/${row.productId}`,
  rowTestId: 'top-product',
});
