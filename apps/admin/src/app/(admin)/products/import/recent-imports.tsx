'use client';

import type { ImportJobView } from '@shop/validators';
import { Badge } from '~/components/badge';
import { listTable } from '~/components/data-table';
import { formatWhen } from '~/lib/format';
import { importStatusBadge } from './import-status';

const RecentImportTable = listTable<ImportJobView>({
  label: 'Recent imports, newest first',
  columns: [
    { id: 'file', header: 'File', cell: (job) => job.filename },
    { id: 'by', header: 'By', cell: (job) => job.createdBy },
    { id: 'uploaded', header: 'Uploaded', cell: (job) => formatWhen(job.createdAt) },
    {
      id: 'status',
      header: 'Status',
      cell: (job) => (
        <>
          <Badge {...importStatusBadge[job.status]} />
          {job.error ? <span className="ml-2 text-danger">{job.error}</span> : null}
        </>
      ),
    },
    {
      id: 'counts',
      header: 'Created / updated / unchanged',
      align: 'right',
      cell: (job) => `${job.counts.created} / ${job.counts.updated} / ${job.counts.unchanged}`,
      className: 'tabular-nums',
    },
    {
      id: 'refused',
      header: 'Refused',
      align: 'right',
      cell: (job) =>
        job.counts.rejected > 0 ? (
          <a className="underline" href={`/api/imports/${job.id}/report.csv`}>
            {job.counts.rejected}
          </a>
        ) : (
          0
        ),
      className: 'tabular-nums',
    },
  ],
  rowKey: (job) => String(job.id),
});

/** The last imports: file, who, when, status and counts, with the refused rows to download. */
export function RecentImports({ jobs }: { jobs: readonly ImportJobView[] }) {
  return <RecentImportTable rows={jobs} empty="No imports yet." />;
}
