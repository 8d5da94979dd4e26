import { ConfigError } from '@shop/env';
import { assertDatabaseReachable, DatabaseUnreachableError } from '@shop/db/client';
import { run } from 'graphile-worker';
import { readWorkerEnv } from './env';
import { revalidateTask } from './tasks/revalidate';

/**
 * The job queue's consumer. Jobs are enqueued by the core in the same transaction as the data
 * change; this process only runs them. It holds no state: kill it at any point and the jobs it
 * had not finished run when a worker starts again.
 */
async function main() {
  const env = readWorkerEnv();
  await assertDatabaseReachable(env.DATABASE_URL);
  const runner = await run({
    connectionString: env.DATABASE_URL,
    concurrency: env.WORKER_CONCURRENCY,
    pollInterval: 1000,
    noPreparedStatements: false,
    taskList: {
      revalidate: revalidateTask({
        storefrontUrl: env.STOREFRONT_URL,
        secret: env.REVALIDATE_SECRET,
      }),
    },
  });
  console.log(
    `[worker] ready (concurrency ${env.WORKER_CONCURRENCY}, storefront ${env.STOREFRONT_URL})`,
  );
  await runner.promise;
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseUnreachableError) {
    console.error(`[worker] ${err.message}`);
  } else {
    console.error('[worker] stopped:', err);
  }
  process.exit(1);
});
