'use client';

import Link from 'next/link';
import { formatMoney } from '@shop/money';
import type { AdminOrderDetail } from '@shop/validators';
import { DataTable, type DataColumn } from '~/components/data-table';

/** A line as the table shows it: the order's currency travels with it. */
export type LineRow = AdminOrderDetail['lines'][number] & { currencyCode: string };

const money = (amount: number, line: LineRow) => formatMoney(amount, line.currencyCode);
const quiet = 'block text-xs text-neutral-600';

const columns: ReadonlyArray<DataColumn<LineRow>> = [
  {
    id: 'product',
    header: 'Product',
    cell: (line) => (
      <>
        {line.productId ? (
          <Link href={`/products/${line.productId}`} className="font-medium hover:underline">
            {line.productTitle}
          </Link>
        ) : (
          <span className="font-medium">{line.productTitle}</span>
        )}
        <span className={quiet}>
          {line.variantTitle} · <span className="font-mono">{line.sku}</span>
        </span>
        <span className={`${quiet} tabular-nums sm:hidden`}>
          {money(line.unitPrice, line)} each
        </span>
      </>
    ),
  },
  {
    id: 'price',
    header: 'Price',
    align: 'right',
    cell: (line) => money(line.unitPrice, line),
    // On a phone the price is under the product's name.
    className: 'hidden whitespace-nowrap tabular-nums sm:table-cell',
    headerClassName: 'hidden sm:table-cell',
  },
  {
    id: 'quantity',
    header: 'Qty',
    align: 'right',
    cell: (line) => (
      <>
        {line.quantity}
        {line.fulfilledQuantity > 0 || line.refundedQuantity > 0 ? (
          <span className={`${quiet} whitespace-nowrap`}>
            {[
              line.fulfilledQuantity > 0 ? `${line.fulfilledQuantity} shipped` : null,
              line.refundedQuantity > 0 ? `${line.refundedQuantity} refunded` : null,
            ]
              .filter(Boolean)
              .join(', ')}
          </span>
        ) : null}
      </>
    ),
    className: 'tabular-nums',
  },
  {
    id: 'total',
    header: 'Total',
    align: 'right',
    cell: (line) => (
      <>
        {money(line.total, line)}
        {line.discountTotal > 0 ? (
          <span className={quiet}>−{money(line.discountTotal, line)} discount</span>
        ) : null}
      </>
    ),
    className: 'whitespace-nowrap tabular-nums',
  },
];

const rowKey = (line: LineRow) => String(line.id);

/** An order's lines in its Items card: product and variant, unit price, quantity, total. */
export function LinesTable({ rows }: { rows: readonly LineRow[] }) {
  return (
    <DataTable
      label="The order's lines"
      columns={columns}
      rows={rows}
      rowKey={rowKey}
      empty="This order has no lines."
      bare
    />
  );
}
