import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { CommerceError } from '@shop/core';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import type { RowVerdict } from './batch';
import type { Rejection } from './drafts';
import { MAX_REPORTED_REJECTIONS, planImport, runImport, type ImportCounts } from './import';

/**
 * Where uploaded files are kept between the upload and the import: the part of `@shop/storage`'s
 * `Storage` an import needs (the Shop's storage satisfies it), under `imports/<uuid>.csv`.
 */
export interface ImportFiles {
  put(key: string, body: Buffer | Readable, options: { contentType: string }): Promise<void>;
  get(key: string): Promise<{ body: Readable } | null>;
}

export type ImportStatus = 'uploaded' | 'checking' | 'checked' | 'running' | 'completed' | 'failed';

export interface ImportJob {
  id: number;
  filename: string;
  bytes: number;
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  counts: Omit<ImportCounts, 'rows'>;
  /** The dry run's verdicts (bounded) once checked. */
  plan: { counts: ImportCounts; rows: RowVerdict[] } | null;
  /** Rejected rows of the import (or of the dry run until it runs), bounded. */
  rejections: Rejection[];
  error: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface JobRow {
  id: number;
  filename: string;
  storage_key: string;
  bytes: number;
  status: ImportStatus;
  total_rows: number | null;
  processed_rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  plan: ImportJob['plan'] | null;
  report: { rejections: Rejection[] } | null;
  error: string | null;
  created_by: string;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

function toJob(r: JobRow): ImportJob {
  return {
    id: Number(r.id),
    filename: r.filename,
    bytes: Number(r.bytes),
    status: r.status,
    totalRows: r.total_rows === null ? null : Number(r.total_rows),
    processedRows: Number(r.processed_rows),
    counts: {
      created: Number(r.created),
      updated: Number(r.updated),
      unchanged: Number(r.unchanged),
      rejected: Number(r.rejected),
    },
    plan: r.plan,
    rejections: r.report?.rejections ?? [],
    error: r.error,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    startedAt: date(r.started_at),
    finishedAt: date(r.finished_at),
  };
}

async function jobRow(db: Database, id: number): Promise<JobRow | undefined> {
  return firstRow<JobRow>(db, sql`select * from import_jobs where id = ${id}`);
}

/**
 * Records an uploaded file (already in storage under `storageKey`) and queues its dry run, in
 * one transaction: the job exists if and only if its check is queued.
 */
export async function createImportJob(
  db: Database,
  params: { filename: string; storageKey: string; bytes: number; createdBy: string },
): Promise<ImportJob> {
  return runTransaction(db, async (tx) => {
    const row = await firstRow<JobRow>(
      tx,
      sql`insert into import_jobs (filename, storage_key, bytes, created_by)
          values (${params.filename.slice(0, 255)}, ${params.storageKey}, ${params.bytes}, ${params.createdBy})
          returning *`,
    );
    if (!row) throw new Error('import_jobs insert returned no row');
    await enqueueJob(
      tx,
      'import-products',
      { importId: Number(row.id), mode: 'plan' },
      { jobKey: `import:${row.id}` },
    );
    return toJob(row);
  });
}

export async function getImportJob(db: Database, id: number): Promise<ImportJob> {
  const row = await jobRow(db, id);
  if (!row) throw new CommerceError('NOT_FOUND', `Import ${id} does not exist.`);
  return toJob(row);
}

/** The newest imports first (keyset by id). */
export async function listImportJobs(
  db: Database,
  params: { limit: number; before?: number | null },
): Promise<ImportJob[]> {
  const rows = await queryRows<JobRow>(
    db,
    sql`select * from import_jobs
         where ${params.before ? sql`id < ${params.before}` : sql`true`}
         order by id desc limit ${params.limit}`,
  );
  return rows.map(toJob);
}

/**
 * Starts a checked import. A second click (the job already running or done) answers the job as
 * it is and queues nothing; a job that is not checked yet, or whose check failed, is refused
 * with a sentence.
 */
export async function startImportJob(db: Database, id: number): Promise<ImportJob> {
  return runTransaction(db, async (tx) => {
    const row = await firstRow<JobRow>(
      tx,
      sql`select * from import_jobs where id = ${id} for update`,
    );
    if (!row) throw new CommerceError('NOT_FOUND', `Import ${id} does not exist.`);
    if (row.status === 'running' || row.status === 'completed') return toJob(row);
    if (row.status !== 'checked')
      throw new CommerceError(
        'CONFLICT',
        row.status === 'failed'
          ? `Import ${id} failed its check (${row.error ?? 'see the job'}); fix the file and upload it again.`
          : `Import ${id} is still being checked; start it once the dry run is shown.`,
      );
    const started = await firstRow<JobRow>(
      tx,
      sql`update import_jobs set status = 'running', started_at = now(), processed_rows = 0
           where id = ${id} returning *`,
    );
    await enqueueJob(
      tx,
      'import-products',
      { importId: id, mode: 'run' },
      { jobKey: `import:${id}` },
    );
    if (!started) throw new Error('import_jobs update returned no row');
    return toJob(started);
  });
}

/** A failure as the merchant reads it: a CommerceError's sentence, or that the import broke. */
function failureSentence(err: unknown): string {
  if (err instanceof CommerceError) return err.message;
  return 'The import stopped on an unexpected error; the rows before it were imported. Try again or contact support.';
}

/**
 * The worker's side of an import job (`import-products`): `plan` reads the uploaded file and
 * stores the dry run (status `checked`), `run` imports it (status `completed`); both write the
 * progress and the batch's rejected rows (`report`) after every batch. A file refused as a whole marks the job
 * `failed` with its sentence; so does an unexpected error (the sentence says the rows before it
 * were imported), which is rethrown for the worker's log. A failed job is not resumed: the
 * merchant uploads the file again, and the finished batches then count as unchanged.
 */
export async function processImportJob(
  db: Database,
  files: ImportFiles,
  params: { importId: number; mode: 'plan' | 'run'; batchRows?: number },
): Promise<ImportJob> {
  const row = await jobRow(db, params.importId);
  if (!row) throw new CommerceError('NOT_FOUND', `Import ${params.importId} does not exist.`);
  if (params.mode === 'plan' && !['uploaded', 'checking'].includes(row.status)) return toJob(row);
  if (params.mode === 'run' && row.status !== 'running') return toJob(row);
  const file = await files.get(row.storage_key);
  if (!file)
    return fail(db, params.importId, 'The uploaded file is gone from storage; upload it again.');
  try {
    // The report is written batch by batch (`progress`), so it starts empty for each pass.
    const progress = batchProgress(params.importId);
    if (params.mode === 'plan') {
      await db.execute(sql`
        update import_jobs set status = 'checking', report = '{"rejections":[]}'::jsonb
         where id = ${params.importId}`);
      const plan = await planImport(db, file.body, {
        batchRows: params.batchRows,
        keepRejections: 0,
        onBatch: progress,
      });
      await db.execute(sql`
        update import_jobs set status = 'checked', total_rows = ${plan.counts.rows},
               created = ${plan.counts.created}, updated = ${plan.counts.updated},
               unchanged = ${plan.counts.unchanged}, rejected = ${plan.counts.rejected},
               plan = ${JSON.stringify({ counts: plan.counts, rows: plan.rows })}::jsonb, error = null
         where id = ${params.importId}`);
    } else {
      await db.execute(sql`
        update import_jobs set report = '{"rejections":[]}'::jsonb where id = ${params.importId}`);
      const result = await runImport(db, file.body, {
        importId: params.importId,
        actor: row.created_by,
        batchRows: params.batchRows,
        keepRejections: 0,
        onBatch: progress,
      });
      await db.execute(sql`
        update import_jobs set status = 'completed', finished_at = now(),
               total_rows = ${result.counts.rows}, processed_rows = ${result.counts.rows},
               created = ${result.counts.created}, updated = ${result.counts.updated},
               unchanged = ${result.counts.unchanged}, rejected = ${result.counts.rejected}
         where id = ${params.importId}`);
    }
  } catch (err) {
    const job = await fail(db, params.importId, failureSentence(err));
    if (err instanceof CommerceError) return job;
    throw err;
  }
  return getImportJob(db, params.importId);
}

/**
 * Each batch's progress and refused rows, written to the job as the batch finishes (in its
 * transaction when importing): the counts so far, and the refusals appended to `report` until
 * it holds `MAX_REPORTED_REJECTIONS` (the cap is applied by the statement, so a batch run again
 * after a deadlock appends nothing twice). The worker keeps no report in memory.
 */
function batchProgress(importId: number) {
  return async (tx: Database, counts: ImportCounts, rejections: readonly Rejection[]) => {
    const report =
      rejections.length === 0
        ? sql``
        : sql`, report = jsonb_build_object('rejections',
              coalesce(report->'rejections', '[]'::jsonb) || coalesce((
                select jsonb_agg(r.value order by r.n)
                  from jsonb_array_elements(${JSON.stringify(rejections.slice(0, MAX_REPORTED_REJECTIONS))}::jsonb)
                       with ordinality as r(value, n)
                 where r.n <= ${MAX_REPORTED_REJECTIONS} - jsonb_array_length(coalesce(report->'rejections', '[]'::jsonb))
              ), '[]'::jsonb))`;
    await tx.execute(sql`
      update import_jobs set processed_rows = ${counts.rows}, created = ${counts.created},
             updated = ${counts.updated}, unchanged = ${counts.unchanged},
             rejected = ${counts.rejected}${report}
       where id = ${importId}`);
  };
}

async function fail(db: Database, id: number, error: string): Promise<ImportJob> {
  await db.execute(
    sql`update import_jobs set status = 'failed', error = ${error}, finished_at = now() where id = ${id}`,
  );
  return getImportJob(db, id);
}

/** The rejected rows as a CSV the merchant opens beside the file: line, handle, SKU, reason. */
export function rejectionsCsv(rejections: readonly Rejection[]): string {
  return stringify(
    rejections.map((r) => [r.line, r.handle, r.sku, r.reason]),
    { header: true, columns: ['Line', 'Handle', 'Variant SKU', 'Reason'], bom: true },
  );
}
