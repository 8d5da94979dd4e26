'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { formatMoney } from '@shop/money';
import type { AdminShippingOption } from '@shop/validators';
import { Badge } from '~/components/badge';
import { actionsHeader, listTable } from '~/components/data-table';
import { ResultLine } from '~/components/form-fields';
import { DeleteButton } from '../regions/delete-button';
import type { SettingsActionResult } from '../regions/settings-fields';
import { deleteShippingAction, moveShippingAction } from './actions';

/** Move up, Move down and Delete for one option; the refusal or the outcome beneath. */
function OptionActions({
  option,
  isFirst,
  isLast,
}: {
  option: Row;
  isFirst: boolean;
  isLast: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<SettingsActionResult | null>(null);
  const move = (direction: 'up' | 'down') =>
    start(async () => {
      const answer = await moveShippingAction(option.id, direction);
      setResult(answer.ok ? null : answer);
      router.refresh();
    });
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="button-secondary"
          disabled={pending || isFirst}
          aria-label={`Move ${option.name} up`}
          onClick={() => move('up')}
        >
          ↑
        </button>
        <button
          type="button"
          className="button-secondary"
          disabled={pending || isLast}
          aria-label={`Move ${option.name} down`}
          onClick={() => move('down')}
        >
          ↓
        </button>
        <DeleteButton
          name={option.name}
          description="Carts that chose it choose another option at checkout; orders keep the name they were shipped under."
          remove={() => deleteShippingAction(option.id)}
        />
      </div>
      <ResultLine result={result} />
    </div>
  );
}

/** An option with its place in its region's list, as the page hands it over. */
export type Row = AdminShippingOption & { isFirst: boolean; isLast: boolean };

const money = (amount: number, o: AdminShippingOption) => formatMoney(amount, o.currencyCode);

/** One region's options in the order shoppers see them; the name links to the editor. */
export const ShippingTable = listTable<Row>({
  label: 'Shipping options',
  columns: [
    { id: 'name', header: 'Name', cell: (o) => o.name },
    {
      id: 'price',
      header: 'Price',
      cell: (o) =>
        o.type === 'free_over' && o.freeOverAmount !== null
          ? `${money(o.amount, o)}, free over ${money(o.freeOverAmount, o)}`
          : money(o.amount, o),
      className: 'tabular-nums',
    },
    {
      id: 'status',
      header: 'Status',
      cell: (o) =>
        o.active ? (
          <Badge label="Active" className="bg-success-soft text-success" />
        ) : (
          <Badge label="Inactive" className="bg-neutral-100 text-neutral-600" />
        ),
    },
    {
      id: 'actions',
      header: actionsHeader,
      cell: (o) => <OptionActions option={o} isFirst={o.isFirst} isLast={o.isLast} />,
    },
  ],
  rowKey: (o) => String(o.id),
  rowHref: (o) => `/settings/shipping/${o.id}`,
  rowTestId: 'shipping-row',
});
