import { ConfigError } from '@shop/env';
import { assertDatabaseReachable, createDb, DatabaseUnreachableError } from '@shop/db/client';
import { createPaymentProvider, readPaymentsEnv } from '@shop/payments';
import { EventEmitter } from 'node:events';
import { run, type WorkerEvents } from 'graphile-worker';
import { createMailTransport } from '@shop/mail';
import { readWorkerEnv } from './env';
import { startHeartbeat } from './heartbeat';
import {
  cancelPaymentTask,
  refundPaymentTask,
  startReleasingExpiredCheckouts,
} from './tasks/checkouts';
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
  const events = new EventEmitter() as WorkerEvents;
  const heartbeat = startHeartbeat(db, events, {
    intervalMs: env.HEARTBEAT_SECONDS * 1000,
    staleAfterSeconds: env.WORKER_STALE_SECONDS,
    log: (m) => console.log(`[worker] ${m}`),
  });
  const runner = await run({
    events,
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
      'cancel-payment': cancelPaymentTask(db, payments),
    },
  });
  // Record this process's pool before any job can be locked under it.
  await heartbeat.beat();
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
  await heartbeat.stop();
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
