import { enqueueJob } from '@shop/db/jobs';
import type { Db } from '@shop/runtime';
import {
  checkIndex,
  hasDrift,
  repairIndex,
  syncIndex,
  type CheckReport,
  type SearchEngine,
} from '@shop/search';
import type { Task } from 'graphile-worker';

export const SEARCH_CHECK_JOB_KEY = 'search-check';

function isIndexPayload(value: unknown): value is { engine: string; productIds: number[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { engine, productIds } = value as Record<string, unknown>;
  // Ids are bigint columns: a fraction or NaN would fail the build on every retry.
  return (
    typeof engine === 'string' &&
    Array.isArray(productIds) &&
    productIds.every((id) => Number.isSafeInteger(id) && (id as number) > 0)
  );
}

/**
 * The `search-index` task: syncs the job's products into the engine it names (Meilisearch; the
 * Postgres index is synced inline by the dispatcher). Documents are built when the job runs, so
 * a retry writes the catalog as it is then, never a stale copy. Any failure (the engine down, a
 * task it rejected) throws, and the queue retries the job with backoff. A job for an engine this
 * worker is not configured with throws too: a worker that has it may take it, and a
 * configuration that dropped the engine shows as failing jobs rather than silent loss.
 */
export function searchIndexTask(db: Db, engines: readonly SearchEngine[]): Task {
  return async (payload, helpers) => {
    if (!isIndexPayload(payload)) {
      helpers.logger.error(
        `search-index: malformed payload ${JSON.stringify(payload)}; dropping it`,
      );
      return;
    }
    const engine = engines.find((e) => e.name === payload.engine);
    if (!engine) {
      throw new Error(
        `search-index: this worker has no ${payload.engine} engine (it has ${engines.map((e) => e.name).join(', ')})`,
      );
    }
    const { upserted, deleted } = await syncIndex(db, engine, payload.productIds);
    helpers.logger.info(`search-index ${engine.name}: ${upserted} upserted, ${deleted} deleted`);
  };
}

/**
 * Schedules the next check `intervalSeconds` from now, under the chain's one key (see
 * `scheduleRelease`: every worker calls it at start, each run calls it for the next one, and
 * `preserve_run_at` keeps one chain however many workers there are).
 */
export async function scheduleSearchCheck(db: Db, intervalSeconds: number): Promise<void> {
  await enqueueJob(
    db,
    'search-check',
    {},
    {
      jobKey: SEARCH_CHECK_JOB_KEY,
      jobKeyMode: 'preserve_run_at',
      delayMs: intervalSeconds * 1000,
    },
  );
}

/** One log line's worth of a report: the counts, and the first ids of each kind. */
export function describeDrift(report: CheckReport): string {
  const kinds = (['missing', 'stale', 'extra'] as const)
    .filter((k) => report.counts[k] > 0)
    .map((k) => {
      const ids = report[k].slice(0, 10).join(', ');
      return `${report.counts[k]} ${k} (${ids}${report.counts[k] > 10 ? ', …' : ''})`;
    });
  return `${report.engine}: catalog ${report.catalog}, indexed ${report.indexed}; ${kinds.length > 0 ? kinds.join(', ') : 'no drift'}`;
}

/**
 * The `search-check` task: compares every search index with the catalog (`checkIndex`) and
 * repairs what drifted (`repairIndex`), logging the drift as a warning, since an index that
 * drifts means a write went around the events (raw SQL, a restored backup, a lost engine task).
 * A product edited while the check walks may show as stale once; its repair is a harmless sync.
 * One engine failing is logged and the others are still checked; the chain goes on either way
 * (`SEARCH_CHECK_SECONDS`), with a crontab net should it break.
 */
export function searchCheckTask(
  db: Db,
  engines: readonly SearchEngine[],
  intervalSeconds: number,
): Task {
  return async (_payload, helpers) => {
    try {
      for (const engine of engines) {
        try {
          const report = await checkIndex(db, engine);
          if (!hasDrift(report)) continue;
          helpers.logger.warn(`search index drifted: ${describeDrift(report)}`);
          const { repaired, rebuilt } = await repairIndex(db, engine, report);
          helpers.logger.info(
            `search index ${engine.name} repaired: ${repaired} document${repaired === 1 ? '' : 's'}${rebuilt ? ' (rebuilt whole)' : ''}`,
          );
        } catch (err) {
          helpers.logger.error(`search check of ${engine.name} failed: ${String(err)}`);
        }
      }
    } finally {
      await scheduleSearchCheck(db, intervalSeconds);
    }
  };
}
