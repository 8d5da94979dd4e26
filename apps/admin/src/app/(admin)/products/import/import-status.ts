import type { BadgeStyle } from '~/components/badge';
import type { ImportJobView } from '@shop/validators';

/** How an import's status reads, and its badge's colours. */
export const importStatusBadge: Record<ImportJobView['status'], BadgeStyle> = {
  uploaded: { label: 'Uploaded', className: 'bg-neutral-100 text-neutral-800' },
  checking: { label: 'Checking', className: 'bg-sky-100 text-sky-900' },
  checked: { label: 'Checked', className: 'bg-sky-100 text-sky-900' },
  running: { label: 'Importing', className: 'bg-amber-100 text-amber-900' },
  completed: { label: 'Completed', className: 'bg-emerald-100 text-emerald-900' },
  failed: { label: 'Failed', className: 'bg-red-100 text-red-900' },
};

/** Whether the job is still moving (the page polls it). */
export function isInProgress(status: ImportJobView['status']): boolean {
  return status === 'uploaded' || status === 'checking' || status === 'running';
}
