'use client';

import type { AdminProduct } from '@shop/validators';
import { ConfirmDialog } from '~/components/confirm-dialog';
import { archiveProductAction } from './actions';

/**
 * "Archive" behind a confirmation. Archiving hides the product from the storefront and search
 * and keeps its orders; it can be made active again.
 */
export function ArchiveDialog({
  product,
  onArchived,
}: {
  product: AdminProduct;
  onArchived: (product: AdminProduct) => void;
}) {
  if (product.status === 'archived') return null;
  return (
    <ConfirmDialog
      trigger="Archive"
      title={`Archive ${product.title}?`}
      description="It leaves the storefront and search at once. Orders that contain it are not changed, and you can make it active again later."
      confirmLabel="Archive product"
      pendingLabel="Archiving…"
      onConfirm={async () => {
        const result = await archiveProductAction(product.id);
        if (!result.ok) return result.message;
        onArchived(result.product);
        return null;
      }}
    />
  );
}
