'use client';

import { formatMoney } from '@shop/money';
import type { AdminDiscount, DiscountStatus } from '@shop/validators';
import { Badge, type BadgeStyle } from '~/components/badge';
import { DataTable, type DataColumn } from '~/components/data-table';
import { formatWhen } from '~/lib/format';
import { basisPointsToPercent } from './discount-fields';

export const statusBadge: Record<DiscountStatus, BadgeStyle> = {
  active: { label: 'Active', className: 'bg-success-soft text-success' },
  scheduled: { label: 'Scheduled', className: 'bg-neutral-100 text-neutral-700' },
  expired: { label: 'Expired', className: 'bg-neutral-100 text-neutral-500' },
  used_up: { label: 'Used up', className: 'bg-neutral-100 text-neutral-500' },
  archived: { label: 'Deactivated', className: 'bg-neutral-100 text-neutral-500' },
};

/** What the code takes off: "10%", "$5.00", "Free shipping". */
export function discountValue(d: AdminDiscount): string {
  if (d.type === 'percentage') return `${basisPointsToPercent(d.value)}%`;
  if (d.type === 'fixed' && d.currencyCode) return formatMoney(d.value, d.currencyCode);
  return 'Free shipping';
}

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
