'use client';

import { listTable } from '~/components/data-table';
import { percentText } from '../regions/settings-fields';
import { CountryTaxForm } from './tax-forms';

/** One country of a region as the taxes page lists it (its English name from the page). */
export interface TaxRow {
  countryCode: string;
  countryName: string;
  regionRateBp: number;
  taxRateBp: number | null;
}

/** A region's countries: the rate a cart shipping there is charged, and the country's own. */
export const TaxTable = listTable<TaxRow>({
  label: 'Tax rates by country',
  columns: [
    {
      id: 'country',
      header: 'Country',
      cell: (r) => (
        <>
          {r.countryName}{' '}
          <span className="font-mono text-xs text-neutral-500">{r.countryCode}</span>
        </>
      ),
    },
    {
      id: 'charged',
      header: 'Charged',
      align: 'right',
      cell: (r) => `${percentText(r.taxRateBp ?? r.regionRateBp)}%`,
      className: 'tabular-nums',
    },
    {
      id: 'source',
      header: 'From',
      cell: (r) => (r.taxRateBp === null ? 'the region' : 'the country'),
      className: 'text-neutral-600',
    },
    {
      id: 'own',
      header: 'Own rate',
      cell: (r) => <CountryTaxForm countryCode={r.countryCode} taxRateBp={r.taxRateBp} />,
    },
  ],
  rowKey: (r) => r.countryCode,
  rowTestId: 'tax-row',
});
