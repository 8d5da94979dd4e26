import type { BadgeStyle } from '~/components/badge';
import type { ImportJobView } from '@shop/validators';

/** How an import's status reads, and its badge's colours. */
export const importStatusBadge: Record<ImportJobView['status'], BadgeStyle> = {
  uploaded: { label: 'Uploaded', className: 'bg-neutral-100 text-neutral-700' },
  checking: { label: 'Checking', className: 'bg-neutral-100 text-neutral-700' },
  checked: { label: 'Checked', className: 'bg-neutral-200 text-neutral-900' },
  running: { label: 'Importing', className: 'bg-neutral-200 text-neutral-900' },
  completed: { label: 'Completed', className: 'bg-success-soft text-success' },
  failed: { label: 'Failed', className: 'bg-danger-soft text-danger' },
};

/** Whether the job is still moving (the page polls it). */
export function isInProgress(status: ImportJobView['status']): boolean {
  return status === 'uploaded' || status === 'checking' || status === 'running';
}
