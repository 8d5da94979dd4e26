'use client';

import type { AdminDiscount } from '@shop/validators';
import { Badge } from '~/components/badge';
import { listTable, type DataColumn } from '~/components/data-table';
import { formatWhen } from '~/lib/format';
import { discountMinimum, discountValue, statusBadge } from './discount-display';

const columns: ReadonlyArray<DataColumn<AdminDiscount>> = [
  { id: 'code', header: 'Code', cell: (d) => d.code, className: 'font-mono' },
  { id: 'value', header: 'Takes off', cell: discountValue },
  { id: 'minimum', header: 'Minimum', cell: discountMinimum, className: 'text-neutral-700' },
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

/** The discounts page's table: one row per code, linking to its editor. */
export const DiscountTable = listTable({
  label: 'Discount codes, newest first',
  columns,
  rowKey: (d: AdminDiscount) => String(d.id),
  rowHref: (d: AdminDiscount) => `/discounts/${d.id}`,
});
