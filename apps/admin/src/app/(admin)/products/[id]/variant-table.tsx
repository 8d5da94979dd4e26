'use client';

import { useMemo } from 'react';
import { formatMoney } from '@shop/money';
import type { AdminProduct } from '@shop/validators';
import { DataTable, type DataColumn } from '~/components/data-table';

type Variant = AdminProduct['variants'][number];

/** A product's variants, read-only: title, SKU and a price column per currency it is sold in. */
export function VariantTable({
  currencies,
  variants,
}: {
  currencies: readonly string[];
  variants: readonly Variant[];
}) {
  const columns = useMemo<ReadonlyArray<DataColumn<Variant>>>(
    () => [
      { id: 'title', header: 'Variant', cell: (v) => v.title },
      { id: 'sku', header: 'SKU', cell: (v) => v.sku, className: 'font-mono text-xs' },
      ...currencies.map((c): DataColumn<Variant> => ({
        id: `price-${c}`,
        header: `Price in ${c}`,
        align: 'right',
        className: 'tabular-nums',
        cell: (v) => {
          const price = v.prices.find((p) => p.currencyCode === c);
          return price ? formatMoney(price.amount, c) : '—';
        },
      })),
    ],
    [currencies],
  );
  return (
    <DataTable
      label="Variants and their prices"
      columns={columns}
      rows={variants}
      rowKey={(v) => String(v.id)}
      empty="This product has no variants."
    />
  );
}
