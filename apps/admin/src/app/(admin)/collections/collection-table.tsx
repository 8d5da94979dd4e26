'use client';

import type { AdminCollection, CollectionMember } from '@shop/validators';
import { Badge } from '~/components/badge';
import { actionsHeader, listTable, type DataColumn } from '~/components/data-table';
import { OrderButtons, ResultText, useGroupAction } from '../categories/group-controls';
import {
  addCollectionProductAction,
  removeCollectionProductAction,
  reorderCollectionAction,
  reorderCollectionProductAction,
} from './actions';

/** A row with the length of its list, for the order buttons (the last cannot move down). */
export type Counted<T> = T & { count: number; canWrite: boolean };

function CollectionOrder({ row }: { row: Counted<AdminCollection> }) {
  const action = useGroupAction();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <OrderButtons
        name={row.title}
        index={row.position}
        count={row.count}
        disabled={action.pending}
        onMove={(position) => action.run(() => reorderCollectionAction(row.id, position))}
      />
      <ResultText result={action.result?.ok ? null : action.result} />
    </span>
  );
}

const collectionColumns: ReadonlyArray<DataColumn<Counted<AdminCollection>>> = [
  { id: 'title', header: 'Title', cell: (c) => c.title },
  { id: 'handle', header: 'Handle', cell: (c) => c.handle, className: 'font-mono text-xs' },
  {
    id: 'products',
    header: 'Products',
    align: 'right',
    cell: (c) => c.productCount,
    className: 'tabular-nums',
  },
  {
    id: 'order',
    header: actionsHeader,
    align: 'right',
    cell: (c) => (c.canWrite ? <CollectionOrder row={c} /> : null),
  },
];

/** The collections page's table, in the storefront's order, each row linking to its page. */
export const CollectionTable = listTable({
  label: 'Collections, in the order the storefront lists them',
  columns: collectionColumns,
  rowKey: (c: Counted<AdminCollection>) => String(c.id),
  rowHref: (c: Counted<AdminCollection>) => `/collections/${c.id}`,
  rowTestId: 'collection-row',
});

type MemberRow = Counted<CollectionMember> & { collectionId: number };

const statusStyle: Record<CollectionMember['status'], { label: string; className: string }> = {
  active: { label: 'Active', className: 'bg-green-100 text-green-900' },
  draft: { label: 'Draft', className: 'bg-neutral-100 text-neutral-800' },
  archived: { label: 'Archived', className: 'bg-amber-100 text-amber-900' },
};

function MemberActions({ row }: { row: MemberRow }) {
  const action = useGroupAction();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <span className="inline-flex gap-2">
        <OrderButtons
          name={row.title}
          index={row.position}
          count={row.count}
          disabled={action.pending}
          onMove={(position) =>
            action.run(() =>
              reorderCollectionProductAction(row.collectionId, row.productId, position),
            )
          }
        />
        <button
          type="button"
          className="button-secondary"
          aria-label={`Remove ${row.title} from the collection`}
          disabled={action.pending}
          onClick={() =>
            action.run(() => removeCollectionProductAction(row.collectionId, row.productId))
          }
        >
          Remove
        </button>
      </span>
      <ResultText result={action.result?.ok ? null : action.result} />
    </span>
  );
}

const memberColumns: ReadonlyArray<DataColumn<MemberRow>> = [
  { id: 'title', header: 'Product', cell: (p) => p.title },
  {
    id: 'position',
    header: 'Place',
    align: 'right',
    cell: (p) => p.position + 1,
    className: 'tabular-nums',
  },
  { id: 'status', header: 'Status', cell: (p) => <Badge {...statusStyle[p.status]} /> },
  {
    id: 'actions',
    header: actionsHeader,
    align: 'right',
    cell: (p) => (p.canWrite ? <MemberActions row={p} /> : null),
  },
];

/** A collection's products in its manual order (the storefront's, before a shopper sorts). */
export const MemberTable = listTable({
  label: "The collection's products, in their order",
  columns: memberColumns,
  rowKey: (p: MemberRow) => String(p.productId),
  rowHref: (p: MemberRow) => `/products/${p.productId}`,
  rowTestId: 'collection-product',
});

/** A product found by the page's search, with the button that adds it last. */
export function AddProductButton({
  collectionId,
  productId,
  title,
}: {
  collectionId: number;
  productId: number;
  title: string;
}) {
  const action = useGroupAction();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <button
        type="button"
        className="button-secondary"
        aria-label={`Add ${title} to the collection`}
        disabled={action.pending}
        onClick={() => action.run(() => addCollectionProductAction(collectionId, productId))}
      >
        {action.pending ? 'Adding…' : 'Add'}
      </button>
      <ResultText result={action.result?.ok ? null : action.result} />
    </span>
  );
}
