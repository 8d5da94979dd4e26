'use client';

import Link from 'next/link';
import { formatMoney } from '@shop/money';
import type { AdminOrderRow } from '@shop/validators';
import { dateColumn, listTable, type DataColumn } from '~/components/data-table';
import { CanceledBadge, FulfillmentBadge, PaymentBadge, RiskBadge } from './badges';

const columns: ReadonlyArray<DataColumn<AdminOrderRow>> = [
  {
    id: 'number',
    header: 'Order',
    // The link is the number alone; the badges after it are not part of its name.
    cell: (o) => (
      <>
        <Link
          href={`/orders/${o.number}`}
          className="font-medium text-accent tabular-nums hover:underline"
        >
          #{o.number}
        </Link>{' '}
        <CanceledBadge status={o.status} /> <RiskBadge isFlagged={o.isFlagged} isHeld={o.isHeld} />
      </>
    ),
    className: 'whitespace-nowrap',
  },
  dateColumn('date', 'Date', (o) => o.createdAt),
  {
    id: 'customer',
    header: 'Customer',
    cell: (o) => <span title={o.email}>{o.email}</span>,
    className: 'max-w-64 truncate',
  },
  {
    id: 'items',
    header: 'Items',
    align: 'right',
    cell: (o) => o.itemCount,
    className: 'tabular-nums',
  },
  {
    id: 'total',
    header: 'Total',
    align: 'right',
    cell: (o) => formatMoney(o.total, o.currencyCode),
    className: 'whitespace-nowrap tabular-nums',
  },
  { id: 'payment', header: 'Payment', cell: (o) => <PaymentBadge status={o.paymentStatus} /> },
  {
    id: 'fulfilment',
    header: 'Fulfilment',
    cell: (o) => <FulfillmentBadge status={o.fulfillmentStatus} />,
  },
];

/** The orders page's table: one row per order, newest first, its number linking to it. */
export const OrderTable = listTable({
  label: 'Orders, newest first',
  columns,
  rowKey: (o: AdminOrderRow) => String(o.id),
  tableClassName: 'min-w-[52rem]',
});
