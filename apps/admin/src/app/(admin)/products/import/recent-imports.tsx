import type { ImportJobView } from '@shop/validators';
import { Badge } from '~/components/badge';
import { cell, Table, Th } from '~/components/table';
import { formatWhen } from '~/lib/format';
import { importStatusBadge } from './import-status';

/** The last imports: file, who, when, status and counts, with the refused rows to download. */
export function RecentImports({ jobs }: { jobs: readonly ImportJobView[] }) {
  return (
    <Table
      columns={6}
      rows={jobs}
      empty="No imports yet."
      head={
        <>
          <Th>File</Th>
          <Th>By</Th>
          <Th>Uploaded</Th>
          <Th>Status</Th>
          <Th className="text-right">Created / updated / unchanged</Th>
          <Th className="text-right">Refused</Th>
        </>
      }
    >
      {(job) => (
        <tr key={job.id}>
          <td className={cell}>{job.filename}</td>
          <td className={cell}>{job.createdBy}</td>
          <td className={cell}>{formatWhen(job.createdAt)}</td>
          <td className={cell}>
            <Badge {...importStatusBadge[job.status]} />
            {job.error ? <span className="ml-2 text-danger">{job.error}</span> : null}
          </td>
          <td className={`${cell} text-right tabular-nums`}>
            {job.counts.created} / {job.counts.updated} / {job.counts.unchanged}
          </td>
          <td className={`${cell} text-right tabular-nums`}>
            {job.counts.rejected > 0 ? (
              <a className="underline" href={`/api/imports/${job.id}/report.csv`}>
                {job.counts.rejected}
              </a>
            ) : (
              0
            )}
          </td>
        </tr>
      )}
    </Table>
  );
}
