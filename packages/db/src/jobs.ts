import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './client';
import { queryRows } from './query';

/**
 * The job queue is graphile-worker's, in the `graphile_worker` schema of the same database.
 * Enqueueing is a SQL call, so a job added inside a transaction exists if and only if the
 * transaction commits: a data change can never lose its follow-up work.
 */
export type JobName = keyof JobPayloads;

export interface JobPayloads {
  /**
   * Tags to refresh on one storefront replica (`url`, one of the worker's `STOREFRONT_URLS`;
   * absent: every configured replica). Enqueued by the dispatcher, one job per replica and chunk.
   */
  revalidate: { tags: string[]; url?: string };
  /**
   * Wakes the event dispatcher. Always enqueued under the job key `dispatch-events` (see
   * `wakeDispatcher`), so a burst of events merges into one pending job; the payload is empty
   * because the events are read from the `domain_events` outbox.
   */
  'dispatch-events': Record<string, never>;
  /** One mail from a template in @shop/mail; `data` is the template's input. */
  'send-mail': { template: string; to: string; data: Record<string, unknown> };
  /**
   * Releases the stock and discount claims of checkouts whose reservation expired. Scheduled by
   * the worker (a self-rescheduling job under one job key, with a crontab entry as the net).
   */
  'release-expired-checkouts': Record<string, never>;
  /**
   * Refunds a payment that could not become an order: stock gone after a late payment, or a
   * second payment for a cart that already has its order (`orderId`: that order, for its
   * timeline).
   */
  'refund-payment': { paymentId: number; reason: string; orderId?: number };
  /** Cancels, at the provider, the payment of a checkout attempt that was superseded. */
  'cancel-payment': { checkoutId: string };
  /**
   * Brings these products' documents up to date in one search engine other than the database's
   * own (`engine`, its name: `meilisearch`). Enqueued by the dispatcher's search handler, in
   * chunks, in that engine's queue (`searchQueueName`) so that syncs of one engine run in order.
   */
  'search-index': { engine: string; productIds: number[] };
  /** Compares every search index with the catalog and repairs drift (the worker's cron). */
  'search-check': Record<string, never>;
  /**
   * Sends the due deliveries of one webhook endpoint (`@shop/webhooks`). Enqueued by the
   * dispatcher's webhook handler under `webhook:<endpointId>`, and by the task itself for its
   * next retry under `webhook-retry:<endpointId>`.
   */
  'webhook-deliver': { endpointId: number };
  /**
   * Runs one plugin's handler for one domain event (`@shop/plugins`). Enqueued by the
   * dispatcher's plugin handler under `plugin:<name>:<eventId>`, one per (plugin, event).
   */
  'plugin-event': { plugin: string; eventId: number };
  /**
   * Checks (`plan`: the dry run) or imports (`run`) one uploaded product CSV (`import_jobs`,
   * `@shop/csv-io`). Enqueued under `import:<id>` when the file is uploaded and when staff start it.
   */
  'import-products': { importId: number; mode: 'plan' | 'run' };
}

export interface EnqueueOptions {
  /** Jobs with the same key are merged: the newest payload replaces a pending one. */
  jobKey?: string;
  /**
   * What a pending job under the same key keeps: `replace` (default) takes the new payload and
   * run time; `preserve_run_at` takes the payload but keeps the pending job's run time (a
   * throttle: a steady stream of adds cannot postpone it). A job that is running (locked) is
   * never changed: it loses its key and a new job is created, so work added during a run is
   * not missed.
   */
  jobKeyMode?: 'replace' | 'preserve_run_at';
  maxAttempts?: number;
  /** Jobs of one named queue run one at a time, in order (graphile-worker's `queue_name`). */
  queueName?: string;
  runAt?: Date;
  /** Run this long after the database's `now()` (ignored when `runAt` is given). */
  delayMs?: number;
}

export async function enqueueJob<N extends JobName>(
  db: Database,
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): Promise<void> {
  await db.execute(sql`select ${addJob(name, payload, options)}`);
}

/**
 * The `add_job` call as an SQL expression, for a statement that enqueues as part of a larger
 * one (`… select <addJob> from changed_rows`), so the change and its job are one statement.
 */
export function addJob<N extends JobName>(
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): SQL {
  return sql`graphile_worker.add_job(
      identifier => ${name}::text,
      payload => ${JSON.stringify(payload)}::json,
      run_at => ${runAt(options)},
      max_attempts => ${options.maxAttempts ?? 25}::int,
      queue_name => ${options.queueName ?? null}::text,
      job_key => ${options.jobKey ?? null}::text,
      job_key_mode => ${options.jobKeyMode ?? 'replace'}::text
    )`;
}

function runAt(options: EnqueueOptions): SQL {
  if (options.runAt) return sql`${options.runAt.toISOString()}::timestamptz`;
  if (options.delayMs !== undefined)
    return sql`now() + make_interval(secs => ${options.delayMs / 1000}::double precision)`;
  return sql`null::timestamptz`;
}

/** The one key of the dispatcher's wake-up job. */
export const DISPATCH_JOB_KEY = 'dispatch-events';

/**
 * Asks the dispatcher to run now (or after `delayMs`). A job due in the future is only found by
 * graphile-worker's next poll (1 s), while one due now is fetched on its NOTIFY, so a delay costs
 * up to a second of latency (migration 0016). Under the fixed key with `preserve_run_at`, every wake-up while a dispatch is
 * pending merges into it, and a steady stream of events cannot postpone it; one added while a
 * dispatch runs creates the next one (graphile never changes a locked job), so no event waits
 * for a wake-up that was swallowed. Call it in the transaction that wrote the events.
 */
export async function wakeDispatcher(db: Database, delayMs?: number): Promise<void> {
  await enqueueJob(
    db,
    'dispatch-events',
    {},
    {
      jobKey: DISPATCH_JOB_KEY,
      jobKeyMode: 'preserve_run_at',
      ...(delayMs === undefined ? {} : { delayMs }),
    },
  );
}

export interface QueuedJob {
  id: number;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  lockedBy: string | null;
}

/**
 * Jobs of one kind still in the queue (waiting, running or failed-and-retrying), oldest first.
 * graphile-worker's public `jobs` view hides payloads, so this reads its table; keep such reads
 * here, in one place, should the queue's internals change.
 */
export async function listQueuedJobs(db: Database, name: JobName): Promise<QueuedJob[]> {
  const result = await queryRows(
    db,
    sql`
    select j.id, j.payload, j.attempts, j.last_error, j.locked_by
      from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = ${name}
     order by j.id`,
  );
  return result.map((r) => ({
    id: Number(r.id),
    payload: r.payload,
    attempts: Number(r.attempts),
    lastError: r.last_error === null ? null : String(r.last_error),
    lockedBy: r.locked_by === null ? null : String(r.locked_by),
  }));
}

/** Records that a worker process is alive and which graphile-worker ids it hosts. */
export async function recordHeartbeat(
  db: Database,
  processId: string,
  workerIds: readonly string[],
): Promise<void> {
  await db.execute(sql`
    insert into worker_heartbeats (process_id, worker_ids, last_seen)
    values (${processId},
            (select coalesce(array_agg(x), '{}') from jsonb_array_elements_text(${JSON.stringify(workerIds)}::jsonb) x),
            now())
    on conflict (process_id) do update set worker_ids = excluded.worker_ids, last_seen = now()`);
}

/** Removes a process's heartbeat on a clean shutdown (its jobs were released by graphile-worker). */
export async function clearHeartbeat(db: Database, processId: string): Promise<void> {
  await db.execute(sql`delete from worker_heartbeats where process_id = ${processId}`);
}

/**
 * Unlocks the jobs of worker processes that have not beaten for `staleAfterSeconds`, so they run
 * again now. Safe to run from every worker: the DELETE hands each dead process to one sweeper.
 * Returns how many dead processes were swept.
 */
export async function recoverDeadWorkers(db: Database, staleAfterSeconds: number): Promise<number> {
  const result = await queryRows(
    db,
    sql`
    with dead as (
      delete from worker_heartbeats
       where last_seen < now() - make_interval(secs => ${staleAfterSeconds})
       returning worker_ids
    ), unlocked as (
      select graphile_worker.force_unlock_workers(coalesce(array_agg(w), '{}')) from dead, unnest(dead.worker_ids) w
    )
    select (select count(*) from dead)::int as n, (select count(*) from unlocked) as _`,
  );
  return Number((result[0] as { n: number }).n);
}
