'use client';

import type { ReactNode } from 'react';
import { formatMoney } from '@shop/money';
import type { AdminProductRow, SearchHit } from '@shop/validators';
import { dateColumn, listTable, type DataColumn } from '~/components/data-table';

const statusStyles: Record<AdminProductRow['status'], string> = {
  active: 'bg-success-soft text-success',
  draft: 'bg-neutral-100 text-neutral-700',
  archived: 'bg-neutral-100 text-neutral-500',
};

function StatusBadge({ status }: { status: AdminProductRow['status'] }) {
  return (
    <span className={`rounded-sm px-1.5 py-0.5 text-xs font-medium ${statusStyles[status]}`}>
      {status}
    </span>
  );
}

/** Both lists' first columns: the title (linking to the product), its handle and status. */
function productColumns<T extends { handle: string }>(
  title: (row: T) => ReactNode,
  status: (row: T) => AdminProductRow['status'],
): Array<DataColumn<T>> {
  return [
    { id: 'title', header: 'Title', cell: title },
    {
      id: 'handle',
      header: 'Handle',
      cell: (p) => p.handle,
      className: 'font-mono text-xs text-neutral-600',
    },
    { id: 'status', header: 'Status', cell: (p) => <StatusBadge status={status(p)} /> },
  ];
}

const tableClassName = 'min-w-[44rem]';
const rowKey = (p: { id: number }) => String(p.id);
const rowHref = (p: { id: number }) => `/products/${p.id}`;

/** The database's list (no words, or a draft/archived status): variants and last update. */
export const ProductTable = listTable<AdminProductRow>({
  label: 'Products, oldest first',
  columns: [
    ...productColumns<AdminProductRow>(
      (p) => p.title,
      (p) => p.status,
    ),
    {
      id: 'variants',
      header: 'Variants',
      align: 'right',
      cell: (p) => p.variantCount,
      className: 'tabular-nums',
    },
    dateColumn('updated', 'Updated', (p) => p.updatedAt),
  ],
  rowKey,
  rowHref,
  tableClassName,
});

/** The title with the engine's matched words marked (plain text pieces, never HTML). */
function HitTitle({ hit }: { hit: SearchHit }) {
  if (!hit.highlight) return <>{hit.title}</>;
  return (
    <>
      {hit.highlight.map((piece, i) =>
        piece.match ? (
          <mark key={i} className="bg-transparent font-semibold text-inherit underline">
            {piece.text}
          </mark>
        ) : (
          <span key={i}>{piece.text}</span>
        ),
      )}
    </>
  );
}

/** The search engine's hits, ranked as shoppers see them: price and stock. */
export const HitTable = listTable<SearchHit>({
  label: "Active products found by the storefront's search, best match first",
  columns: [
    ...productColumns<SearchHit>(
      (hit) => <HitTitle hit={hit} />,
      () => 'active',
    ),
    {
      id: 'price',
      header: 'Price',
      align: 'right',
      cell: (hit) => (hit.price ? formatMoney(hit.price.amount, hit.price.currencyCode) : '—'),
      className: 'tabular-nums',
    },
    {
      id: 'stock',
      header: 'Stock',
      cell: (hit) => (hit.inStock ? 'In stock' : 'Sold out'),
      className: 'text-neutral-700',
    },
  ],
  rowKey,
  rowHref,
  tableClassName,
});
