import { sql } from 'drizzle-orm';
import type { Database } from './client';

/**
 * The job queue is graphile-worker's, in the `graphile_worker` schema of the same database.
 * Enqueueing is a SQL call, so a job added inside a transaction exists if and only if the
 * transaction commits: a data change can never lose its follow-up work.
 */
export type JobName = 'revalidate';

export interface JobPayloads {
  /** Tags to refresh on the storefront (`product:<id>`, `product-handle:<handle>`, ...). */
  revalidate: { tags: string[] };
}

export interface EnqueueOptions {
  /** Jobs with the same key are merged: the newest payload replaces a pending one. */
  jobKey?: string;
  maxAttempts?: number;
  runAt?: Date;
}

export async function enqueueJob<N extends JobName>(
  db: Database,
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): Promise<void> {
  await db.execute(
    sql`select graphile_worker.add_job(
      identifier => ${name}::text,
      payload => ${JSON.stringify(payload)}::json,
      run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? 25}::int,
      job_key => ${options.jobKey ?? null}::text
    )`,
  );
}
