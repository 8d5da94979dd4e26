import { ConfigError } from '@shop/env';
import { assertDatabaseReachable, createDb, DatabaseUnreachableError } from '@shop/db/client';
import { createPaymentProvider, readPaymentsEnv } from '@shop/payments';
import { run } from 'graphile-worker';
import { createMailTransport } from '@shop/mail';
import { readWorkerEnv } from './env';
import { refundPaymentTask, startReleasingExpiredCheckouts } from './tasks/checkouts';
import { revalidateTask } from './tasks/revalidate';
import { sendMailTask } from './tasks/send-mail';

/**
 * The job queue's consumer. Jobs are enqueued by the core in the same transaction as the data
 * change; this process only runs them. It holds no state: kill it at any point and the jobs it
 * had not finished run when a worker starts again.
 */
async function main() {
  const env = readWorkerEnv();
  await assertDatabaseReachable(env.DATABASE_URL);
  const mail = createMailTransport(env);
  const db = createDb(env.DATABASE_URL, 4);
  const payments = createPaymentProvider(readPaymentsEnv());
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
      'send-mail': sendMailTask({ transport: mail, storefrontUrl: env.STOREFRONT_URL }),
      'refund-payment': refundPaymentTask(db, payments),
    },
  });
  console.log(
    `[worker] ready (concurrency ${env.WORKER_CONCURRENCY}, storefront ${env.STOREFRONT_URL}, mail to ${mail.describe})`,
  );
  const stopReleasing = startReleasingExpiredCheckouts(
    db,
    env.RELEASE_INTERVAL_SECONDS * 1000,
    (m) => console.log(`[worker] ${m}`),
  );
  await runner.promise;
  stopReleasing();
  await db.$client.end();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseUnreachableError) {
    console.error(`[worker] ${err.message}`);
  } else {
    console.error('[worker] stopped:', err);
  }
  process.exit(1);
});
