import { processImportJob, type ImportFiles } from '@shop/csv-io';
import type { Db } from '@shop/runtime';
import type { Task } from 'graphile-worker';

function isImportPayload(value: unknown): value is { importId: number; mode: 'plan' | 'run' } {
  if (typeof value !== 'object' || value === null) return false;
  const { importId, mode } = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(importId) &&
    (importId as number) > 0 &&
    (mode === 'plan' || mode === 'run')
  );
}

/**
 * The `import-products` task: the dry run (`plan`) or the import (`run`) of one uploaded product
 * CSV, read from the Shop's storage as a stream (`@shop/csv-io`'s `processImportJob`). Progress
 * and the outcome are written to `import_jobs`, which the admin polls; a file refused as a whole
 * ends the job `failed` with its sentence. A replayed job for an import that moved on does
 * nothing.
 */
export function importProductsTask(db: Db, files: ImportFiles): Task {
  return async (payload, helpers) => {
    if (!isImportPayload(payload)) {
      helpers.logger.error(
        `import-products: malformed payload ${JSON.stringify(payload)}; dropping it`,
      );
      return;
    }
    const job = await processImportJob(db, files, payload);
    helpers.logger.info(
      `import-products ${payload.mode} #${job.id}: ${job.status}, ${job.counts.created} created, ${job.counts.updated} updated, ${job.counts.unchanged} unchanged, ${job.counts.rejected} rejected`,
    );
  };
}
