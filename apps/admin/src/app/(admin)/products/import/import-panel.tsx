'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zImportUpload, type ImportJobView, type ImportRowVerdict } from '@shop/validators';
import { Badge } from '~/components/badge';
import { ConfirmDialog } from '~/components/confirm-dialog';
import { Field, SubmitButton } from '~/components/form';
import { listTable } from '~/components/data-table';
import { useTRPC } from '~/lib/trpc-client';
import { importStatusBadge, isInProgress } from './import-status';

const verdictBadge: Record<ImportRowVerdict['verdict'], { label: string; className: string }> = {
  created: { label: 'New', className: 'bg-success-soft text-success' },
  updated: { label: 'Update', className: 'bg-neutral-200 text-neutral-900' },
  unchanged: { label: 'No change', className: 'bg-neutral-100 text-neutral-700' },
  rejected: { label: 'Refused', className: 'bg-danger-soft text-danger' },
};

interface UploadValues {
  file: FileList | undefined;
}

/** Sends the file as the request body (no multipart), so nothing holds it whole on the way. */
async function uploadFile(file: File): Promise<{ importId: number } | { message: string }> {
  const response = await fetch('/api/imports', {
    method: 'POST',
    body: file,
    headers: { 'content-type': 'text/csv', 'x-filename': encodeURIComponent(file.name) },
  });
  const body = (await response.json().catch(() => null)) as {
    importId?: number;
    message?: string;
  } | null;
  if (response.ok && typeof body?.importId === 'number') return { importId: body.importId };
  return { message: body?.message ?? `The upload failed (HTTP ${response.status}).` };
}

/**
 * Upload → dry run → Import → progress → report. The job is polled every second through
 * `admin.imports.get` while it moves; the Import button asks first and a second click answers
 * the running job (the server starts it once).
 */
export function ImportPanel() {
  const [importId, setImportId] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const form = useForm<UploadValues>();
  const onSubmit = form.handleSubmit(async ({ file }) => {
    const chosen = file?.[0];
    if (!chosen) return;
    setUploadError(null);
    const result = await uploadFile(chosen);
    if ('message' in result) setUploadError(result.message);
    else setImportId(result.importId);
  });
  const fileError = form.formState.errors.file?.message;
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
        <Field htmlFor="import-file" label="Product CSV (Shopify layout)">
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            className="block text-sm"
            aria-describedby={fileError || uploadError ? 'import-file-error' : undefined}
            {...form.register('file', {
              validate: (files) => {
                const chosen = files?.[0];
                if (!chosen) return 'Choose a CSV file to upload.';
                const parsed = zImportUpload.safeParse({ name: chosen.name, size: chosen.size });
                return (
                  parsed.success ||
                  (parsed.error.issues[0]?.message ?? 'This file cannot be imported.')
                );
              },
            })}
          />
        </Field>
        <SubmitButton
          pending={form.formState.isSubmitting}
          label="Upload and check"
          pendingLabel="Uploading…"
        />
      </form>
      {fileError || uploadError ? (
        <p id="import-file-error" role="alert" className="field-error">
          {fileError ?? uploadError}
        </p>
      ) : null}
      {importId !== null ? <ImportJob importId={importId} /> : null}
    </div>
  );
}

function ImportJob({ importId }: { importId: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const job = useQuery({
    ...trpc.admin.imports.get.queryOptions({ importId }),
    refetchInterval: (query) =>
      query.state.data && !isInProgress(query.state.data.status) ? false : 1000,
  });
  const start = useMutation(trpc.admin.imports.start.mutationOptions());
  const finished = job.data?.status === 'completed' || job.data?.status === 'failed';
  // The recent imports below are the server's: read them again once this one has finished.
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);
  if (job.error)
    return (
      <p role="alert" className="field-error">
        {job.error.message}
      </p>
    );
  const data = job.data;
  if (!data) return <p className="text-neutral-600">Reading the upload…</p>;
  return (
    <div className="space-y-3 rounded-lg border border-neutral-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-medium">{data.filename}</span>
        <Badge {...importStatusBadge[data.status]} />
        <Counts job={data} />
      </div>
      {data.error ? (
        <p role="alert" className="field-error">
          {data.error}
        </p>
      ) : null}
      <Progress job={data} />
      <div className="flex flex-wrap gap-2">
        {data.status === 'checked' ? (
          <ConfirmDialog
            trigger="Import"
            title="Import these products?"
            description={`${data.counts.created} rows will be created and ${data.counts.updated} updated; ${data.counts.rejected} refused rows are left out.`}
            confirmLabel="Import"
            pendingLabel="Starting…"
            onConfirm={async () => {
              try {
                await start.mutateAsync({ importId });
                await job.refetch();
                return null;
              } catch (err) {
                return err instanceof Error ? err.message : 'The import could not start.';
              }
            }}
          />
        ) : null}
        {data.counts.rejected > 0 ? (
          <a className="button-secondary" href={`/api/imports/${importId}/report.csv`}>
            Download refused rows
          </a>
        ) : null}
        {data.status === 'completed' ? (
          <button
            type="button"
            className="button-secondary"
            onClick={() => router.push('/products')}
          >
            See products
          </button>
        ) : null}
      </div>
      {data.plan && data.status !== 'completed' ? (
        <PlanTable rows={data.plan.rows} total={data.plan.counts.rows} />
      ) : null}
    </div>
  );
}

function Counts({ job }: { job: ImportJobView }) {
  return (
    <span className="text-sm text-neutral-700 tabular-nums">
      {job.counts.created} new · {job.counts.updated} updated · {job.counts.unchanged} unchanged ·{' '}
      {job.counts.rejected} refused
    </span>
  );
}

/** The import's bar: rows processed of the rows the dry run counted. */
function Progress({ job }: { job: ImportJobView }) {
  if (job.status !== 'running' && job.status !== 'completed') return null;
  const total = job.totalRows ?? 0;
  const done = job.status === 'completed' ? total : job.processedRows;
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        className="h-2 w-full overflow-hidden rounded-sm bg-neutral-100"
      >
        <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-neutral-700 tabular-nums">
        {done.toLocaleString('en')} of {total.toLocaleString('en')} rows ({percent}%)
      </p>
    </div>
  );
}

const DryRunTable = listTable<ImportRowVerdict>({
  label: 'The dry run, line by line',
  columns: [
    { id: 'line', header: 'Line', cell: (row) => row.line, className: 'tabular-nums' },
    { id: 'handle', header: 'Handle', cell: (row) => row.handle },
    { id: 'sku', header: 'SKU', cell: (row) => row.sku },
    {
      id: 'verdict',
      header: 'Verdict',
      cell: (row) => (
        <>
          <Badge {...verdictBadge[row.verdict]} />
          {row.reason ? <span className="ml-2 text-danger">{row.reason}</span> : null}
        </>
      ),
    },
  ],
  rowKey: (row) => String(row.line),
});

/** The dry run row by row (the first rows of the file; the counts above are the whole file's). */
function PlanTable({ rows, total }: { rows: readonly ImportRowVerdict[]; total: number }) {
  return (
    <div className="space-y-1">
      <p className="text-sm text-neutral-600">
        Dry run: the first {rows.length.toLocaleString('en')} of {total.toLocaleString('en')} rows.
      </p>
      <DryRunTable rows={rows} empty="The file has no rows." />
    </div>
  );
}
