'use client';

import type { CustomerRow } from '@shop/validators';
import { DataTable, type DataColumn } from '~/components/data-table';
import { formatWhen } from '~/lib/format';

const columns: ReadonlyArray<DataColumn<CustomerRow>> = [
  { id: 'email', header: 'Email', cell: (c) => c.email },
  { id: 'name', header: 'Name', cell: (c) => c.name || '—' },
  { id: 'orders', header: 'Orders', align: 'right', cell: (c) => c.orderCount },
  {
    id: 'since',
    header: 'Customer since',
    cell: (c) => formatWhen(c.createdAt),
    className: 'whitespace-nowrap text-neutral-600',
  },
];

const rowHref = (c: CustomerRow) => `/customers/${encodeURIComponent(c.id)}`;
const rowKey = (c: CustomerRow) => c.id;

export function CustomerTable({
  rows,
  empty,
  pager,
}: {
  rows: readonly CustomerRow[];
  empty: string;
  pager: { previous: string | null; next: string | null };
}) {
  return (
    <DataTable
      label="Customers by email"
      columns={columns}
      rows={rows}
      rowKey={rowKey}
      rowHref={rowHref}
      empty={empty}
      pager={pager}
    />
  );
}
