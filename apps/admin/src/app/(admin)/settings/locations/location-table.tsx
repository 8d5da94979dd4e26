'use client';

import type { AdminStockLocation } from '@shop/validators';
import { actionsHeader, listTable } from '~/components/data-table';
import { LocationActions } from './location-forms';

/** The stock locations in id order: code, name, what they hold, transfers, and the actions. */
export const LocationTable = listTable<AdminStockLocation>({
  label: 'Stock locations',
  columns: [
    { id: 'code', header: 'Code', cell: (l) => l.code, className: 'font-mono' },
    { id: 'name', header: 'Name', cell: (l) => l.name },
    {
      id: 'onHand',
      header: 'On hand',
      align: 'right',
      cell: (l) => l.onHand,
      className: 'tabular-nums',
    },
    {
      id: 'reserved',
      header: 'Held',
      align: 'right',
      cell: (l) => l.reserved,
      className: 'tabular-nums',
    },
    {
      id: 'transfers',
      header: 'Transfers',
      align: 'right',
      cell: (l) => l.transfers,
      className: 'tabular-nums',
    },
    { id: 'actions', header: actionsHeader, cell: (l) => <LocationActions location={l} /> },
  ],
  rowKey: (l) => String(l.id),
  rowTestId: 'location-row',
});
