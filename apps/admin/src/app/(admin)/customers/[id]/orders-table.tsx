'use client';

import { formatMoney } from '@shop/money';
import type { CustomerDetail } from '@shop/validators';
import { DataTable, type DataColumn } from '~/components/data-table';
import { formatWhen } from '~/lib/format';

type Order = CustomerDetail['orders'][number];

const columns: ReadonlyArray<DataColumn<Order>> = [
  { id: 'number', header: 'Order', cell: (o) => `#${o.number}` },
  {
    id: 'placed',
    header: 'Placed',
    cell: (o) => formatWhen(o.createdAt),
    className: 'whitespace-nowrap text-neutral-600',
  },
  {
    id: 'status',
    header: 'Status',
    cell: (o) =>
      `${o.status} · ${o.paymentStatus.replace('_', ' ')} · ${o.fulfillmentStatus.replace('_', ' ')}`,
  },
  {
    id: 'total',
    header: 'Total',
    align: 'right',
    cell: (o) => formatMoney(o.total.amount, o.total.currencyCode),
    className: 'tabular-nums',
  },
];

const rowHref = (o: Order) => `/orders/${o.number}`;
const rowKey = (o: Order) => String(o.id);

/** A customer's latest orders, each linking to the order. */
export function CustomerOrdersTable({ rows }: { rows: readonly Order[] }) {
  return (
    <DataTable
      label="The customer's orders, newest first"
      columns={columns}
      rows={rows}
      rowKey={rowKey}
      rowHref={rowHref}
      empty="No orders."
    />
  );
}
