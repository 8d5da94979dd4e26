'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useState, useTransition, type ReactNode } from 'react';

/**
 * A button that asks before it acts (a Radix dialog: focus trapped, Escape closes). `onConfirm`
 * runs the action and answers a refusal's sentence, shown in the dialog, or null to close it.
 */
export function ConfirmDialog({
  trigger,
  triggerLabel,
  title,
  description,
  confirmLabel,
  pendingLabel,
  onConfirm,
}: {
  trigger: string;
  /** The trigger's accessible name when its text alone is ambiguous ("Delete image 2"). */
  triggerLabel?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: () => Promise<string | null>;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button type="button" className="button-secondary" aria-label={triggerLabel}>
          {trigger}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-neutral-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 space-y-3 rounded-lg bg-white p-4 shadow-lg">
          <Dialog.Title className="font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="text-neutral-700">{description}</Dialog.Description>
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
                  const refusal = await onConfirm();
                  setError(refusal);
                  if (refusal === null) setOpen(false);
                })
              }
            >
              {pending ? pendingLabel : confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
