import type { Database } from '@shop/db/client';
import { computeAffinities } from '@shop/search';
import type { Task } from 'graphile-worker';

/** The crontab line for `compute-affinities`: hourly, one queued run at most (the job key). */
export const AFFINITIES_CRON =
  '17 * * * * compute-affinities ?jobKey=compute-affinities&jobKeyMode=preserve_run_at';

/**
 * Rebuilds "often bought together" (`product_affinities`) from order history. The table is
 * replaced in one transaction, so the product page reads the old pairs until the new ones are
 * committed; a failure throws, the queue retries, and the old pairs stay meanwhile.
 */
export function computeAffinitiesTask(db: Database): Task {
  return async (_payload, helpers) => {
    const summary = await computeAffinities(db);
    helpers.logger.info(
      `affinities computed: ${summary.pairs} pairs for ${summary.products} products in ${summary.ms} ms`,
    );
  };
}
