'use client';

import type { AdminRegion } from '@shop/validators';
import { Badge } from '~/components/badge';
import { listTable } from '~/components/data-table';
import { percentText } from './settings-fields';

/** The regions: name (to its page), code, currency, tax, countries and missing prices. */
export const RegionTable = listTable<AdminRegion>({
  label: 'Regions, the default first',
  columns: [
    {
      id: 'name',
      header: 'Region',
      cell: (r) => (
        <>
          {r.name}
          {r.isDefault ? (
            <>
              {' '}
              <Badge label="Default" className="bg-success-soft text-success" />
            </>
          ) : null}
        </>
      ),
    },
    { id: 'code', header: 'Code', cell: (r) => `/${r.code}`, className: 'font-mono' },
    { id: 'currency', header: 'Currency', cell: (r) => r.currencyCode, className: 'font-mono' },
    {
      id: 'tax',
      header: 'Tax',
      cell: (r) =>
        `${percentText(r.taxRateBp)}% ${r.taxInclusive ? 'included in prices' : 'added at checkout'}`,
    },
    {
      id: 'countries',
      header: 'Countries',
      cell: (r) => r.countries.map((c) => c.countryCode).join(', ') || '—',
      className: 'font-mono text-xs',
    },
    {
      id: 'prices',
      header: 'Without a price',
      align: 'right',
      cell: (r) =>
        r.variantsWithoutPrice > 0 ? (
          <span className="text-danger">{r.variantsWithoutPrice} variants</span>
        ) : (
          '—'
        ),
      className: 'tabular-nums',
    },
  ],
  rowKey: (r) => String(r.id),
  rowHref: (r) => `/settings/regions/${r.id}`,
  rowTestId: 'region-row',
});
