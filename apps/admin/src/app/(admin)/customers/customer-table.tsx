'use client';

import type { CustomerRow } from '@shop/validators';
import { listTable, type DataColumn } from '~/components/data-table';
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

/** The customers page's table: one row per customer, linking to their page. */
export const CustomerTable = listTable({
  label: 'Customers by email',
  columns,
  rowKey: (c: CustomerRow) => c.id,
  rowHref: (c: CustomerRow) => `/customers/${encodeURIComponent(c.id)}`,
});
