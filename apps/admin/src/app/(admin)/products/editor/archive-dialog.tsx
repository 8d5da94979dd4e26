'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useState, useTransition } from 'react';
import type { AdminProduct } from '@shop/validators';
import { archiveProductAction } from './actions';

/**
 * "Archive" behind a confirmation (a Radix dialog: focus trapped, Escape closes). Archiving hides
 * the product from the storefront and search and keeps its orders; it can be made active again.
 */
export function ArchiveDialog({
  product,
  onArchived,
}: {
  product: AdminProduct;
  onArchived: (product: AdminProduct) => void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (product.status === 'archived') return null;
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button type="button" className="button-secondary">
          Archive
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-neutral-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 space-y-3 rounded-lg bg-white p-4 shadow-lg">
          <Dialog.Title className="font-semibold">{`Archive ${product.title}?`}</Dialog.Title>
          <Dialog.Description className="text-neutral-700">
            It leaves the storefront and search at once. Orders that contain it are not changed, and
            you can make it active again later.
          </Dialog.Description>
          {error ? (
            <p role="alert" className="field-error">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Dialog.Close asChild>
              <button type="button" className="button-secondary">
                Cancel
              </button>
            </Dialog.Close>
            <button
              type="button"
              className="button-primary"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await archiveProductAction(product.id);
                  if (!result.ok) return setError(result.message);
                  setOpen(false);
                  onArchived(result.product);
                })
              }
            >
              {pending ? 'Archiving…' : 'Archive product'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
