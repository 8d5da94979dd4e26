'use client';

import type { AdminDiscount } from '@shop/validators';
import { Badge } from '~/components/badge';
import { DataTable, type DataColumn } from '~/components/data-table';
import { formatWhen } from '~/lib/format';
import { discountValue, statusBadge } from './discount-display';

const columns: ReadonlyArray<DataColumn<AdminDiscount>> = [
  { id: 'code', header: 'Code', cell: (d) => d.code, className: 'font-mono' },
  { id: 'value', header: 'Takes off', cell: discountValue },
  {
    id: 'status',
    header: 'Status',
    cell: (d) => <Badge {...statusBadge[d.status]} />,
  },
  {
    id: 'usage',
    header: 'Used',
    align: 'right',
    cell: (d) => `${d.usageCount}${d.usageLimit === null ? '' : ` / ${d.usageLimit}`}`,
    className: 'tabular-nums',
  },
  {
    id: 'orders',
    header: 'Orders',
    align: 'right',
    cell: (d) => d.redemptions,
    className: 'tabular-nums',
  },
  {
    id: 'dates',
    header: 'Runs',
    cell: (d) =>
      d.startsAt || d.endsAt
        ? `${d.startsAt ? formatWhen(d.startsAt) : 'now'} → ${d.endsAt ? formatWhen(d.endsAt) : 'no end'}`
        : 'Always',
    className: 'text-neutral-600',
  },
];

const rowHref = (d: AdminDiscount) => `/discounts/${d.id}`;
const rowKey = (d: AdminDiscount) => String(d.id);

export function DiscountTable({
  rows,
  empty,
  pager,
}: {
  rows: readonly AdminDiscount[];
  empty: string;
  pager: { previous: string | null; next: string | null };
}) {
  return (
    <DataTable
      label="Discount codes, newest first"
      columns={columns}
      rows={rows}
      rowKey={rowKey}
      rowHref={rowHref}
      empty={empty}
      pager={pager}
    />
  );
}
