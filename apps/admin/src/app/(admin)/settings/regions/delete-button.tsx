'use client';

import { useRouter } from 'next/navigation';
import { ConfirmDialog } from '~/components/confirm-dialog';
import type { SettingsActionResult } from './settings-fields';

/**
 * The settings pages' Delete: asks first (ConfirmDialog), runs `remove` (a server action), shows
 * its refusal in the dialog (what still uses the row), and on success goes to `then` (a list
 * page) or refreshes the current one.
 */
export function DeleteButton({
  name,
  description,
  remove,
  then,
}: {
  name: string;
  description: string;
  remove: () => Promise<SettingsActionResult>;
  then?: string;
}) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger="Delete"
      triggerLabel={`Delete ${name}`}
      title={`Delete ${name}?`}
      description={description}
      confirmLabel="Delete"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        const answer = await remove();
        if (!answer.ok) return answer.message;
        if (then) router.push(then);
        else router.refresh();
        return null;
      }}
    />
  );
}
