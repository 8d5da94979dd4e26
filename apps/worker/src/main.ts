import { ConfigError } from '@shop/env';
import { DatabaseUnreachableError, redactUrl } from '@shop/db/client';
import { createLogger, loggerFromEnv, type Logger } from '@shop/logger';
import { createShop, readShopEnv } from '@shop/runtime';
import pg from 'pg';
import { EventEmitter } from 'node:events';
import { parseCrontab, run, type WorkerEvents } from 'graphile-worker';
import { DISPATCH_JOB_KEY, wakeDispatcher } from '@shop/db/jobs';
import { queueLogger } from '@shop/db/migrate';
import { createMailTransport } from '@shop/mail';
import {
  metrics,
  observeTasks,
  readWorkerHealthPort,
  readyChecks,
  registerObservability,
  shopReadyChecks,
  startHealthServer,
} from '@shop/observability';
import { jobQueueHealth } from '@shop/core';
import { readWorkerEnv } from './env';
import { startHeartbeat } from './heartbeat';
import { dispatchEventsTask } from './dispatcher/dispatch';
import { cacheInvalidationHandler, mailHandler, revalidationHandler } from './dispatcher/handlers';
import { searchIndexHandler } from './dispatcher/search';
import { pluginEventsHandler } from './dispatcher/plugins';
import config from '../../../shop.config';
import { webhookHandler } from './dispatcher/webhooks';
import {
  cancelPaymentTask,
  refundPaymentTask,
  releaseExpiredCheckoutsTask,
  RELEASE_JOB_KEY,
  scheduleRelease,
} from './tasks/checkouts';
import { AFFINITIES_CRON, computeAffinitiesTask } from './tasks/related';
import { importProductsTask } from './tasks/imports';
import { revalidateTask } from './tasks/revalidate';
import {
  scheduleSearchCheck,
  SEARCH_CHECK_JOB_KEY,
  searchCheckTask,
  searchIndexTask,
} from './tasks/search';
import { sendMailTask } from './tasks/send-mail';
import { pluginEventTask } from './tasks/plugins';
import { WEBHOOK_SWEEP_CRON, webhookDeliverTask, webhookSweepTask } from './tasks/webhooks';

/** The worker's logger (the Shop's too) once the env is read; `main`'s failure is reported with it. */
let logger: Logger | undefined;

/**
 * The job queue's consumer. Jobs are enqueued by the core in the same transaction as the data
 * change; this process only runs them. It holds no state: kill it at any point and the jobs it
 * had not finished run when a worker starts again.
 *
 * A database outage is survived: at start it waits for the database; while running,
 * graphile-worker reconnects its LISTEN client with backoff and retries fetching jobs, and our
 * own pools replace broken connections. What it cannot survive (a job whose completion could
 * not be recorded) ends the process with code 1, and the supervisor of `pnpm start` restarts it.
 */
async function main() {
  const log = loggerFromEnv({ name: 'worker' });
  logger = log;
  const env = readWorkerEnv();
  const healthPort = readWorkerHealthPort();
  // Traces (OTEL_EXPORTER_OTLP_ENDPOINT) only; nothing is loaded without it.
  const tracing = await registerObservability('worker');
  await waitForDatabase(env.DATABASE_URL, log);
  const mail = createMailTransport(env);
  // The worker's Shop: its pools (small: jobs are few and short), payments, clock, logger.
  const shop = createShop(readShopEnv(), { poolMax: 4, logger: log, plugins: config.plugins });
  const { db, payments } = shop;
  const events = new EventEmitter() as WorkerEvents;
  const heartbeat = startHeartbeat(db, events, {
    intervalMs: env.HEARTBEAT_SECONDS * 1000,
    staleAfterSeconds: env.WORKER_STALE_SECONDS,
    log: (m) => log.warn(m),
  });
  reportConnection(events, log);
  // /api/health, /api/ready and /api/metrics on WORKER_HEALTH_PORT (off unless set).
  metrics.setQueueSource(() => jobQueueHealth(db));
  const health =
    healthPort === null
      ? null
      : await startHealthServer({
          port: healthPort,
          ready: () =>
            readyChecks(shopReadyChecks(shop), {
              onFailure: (name, err) => log.warn({ err }, `ready check ${name} failed`),
            }),
        });
  const runner = await run({
    events,
    logger: queueLogger(log),
    connectionString: env.DATABASE_URL,
    concurrency: env.WORKER_CONCURRENCY,
    pollInterval: 1000,
    noPreparedStatements: false,
    // Safety nets, each under the key its chain uses (so they merge with it, never double it):
    // checkout expiry and the search check restart if their self-rescheduling chain broke, and
    // the dispatcher sweeps the outbox should a wake-up ever be lost, and a webhook endpoint with
    // due deliveries but no job is woken.
    parsedCronItems: parseCrontab(
      [
        `* * * * * release-expired-checkouts ?jobKey=${RELEASE_JOB_KEY}&jobKeyMode=preserve_run_at`,
        `* * * * * dispatch-events ?jobKey=${DISPATCH_JOB_KEY}&jobKeyMode=preserve_run_at`,
        `*/10 * * * * search-check ?jobKey=${SEARCH_CHECK_JOB_KEY}&jobKeyMode=preserve_run_at`,
        AFFINITIES_CRON,
        WEBHOOK_SWEEP_CRON,
      ].join('\n'),
    ),
    taskList: observeTasks({
      'dispatch-events': dispatchEventsTask({
        db,
        // Search first: the Postgres index is synced in the batch's transaction, so the pages
        // the revalidation jobs refresh (enqueued in the same transaction) read the new index.
        handlers: [
          searchIndexHandler(shop.searchIndexes),
          revalidationHandler(env.STOREFRONT_URLS, { edge: env.EDGE_PURGE_URL !== undefined }),
          cacheInvalidationHandler(shop.cache),
          mailHandler(),
          pluginEventsHandler(shop.plugins),
          webhookHandler(),
        ],
      }),
      revalidate: revalidateTask({
        storefrontUrls: env.STOREFRONT_URLS,
        secret: env.REVALIDATE_SECRET,
        edge: env.EDGE_PURGE_URL
          ? {
              url: env.EDGE_PURGE_URL,
              secret: env.EDGE_PURGE_SECRET ?? env.REVALIDATE_SECRET,
              db,
            }
          : undefined,
      }),
      'release-expired-checkouts': releaseExpiredCheckoutsTask(
        db,
        env.RELEASE_INTERVAL_SECONDS,
        shop.clock,
      ),
      'send-mail': sendMailTask({ transport: mail, storefrontUrl: env.STOREFRONT_URL }),
      'refund-payment': refundPaymentTask(db, payments),
      'cancel-payment': cancelPaymentTask(db, payments),
      'search-index': searchIndexTask(db, shop.searchIndexes),
      'import-products': importProductsTask(db, shop.storage),
      'search-check': searchCheckTask(db, shop.searchIndexes, env.SEARCH_CHECK_SECONDS),
      'compute-affinities': computeAffinitiesTask(db),
      'plugin-event': pluginEventTask(db, shop.plugins),
      'webhook-sweep': webhookSweepTask(db),
      'webhook-deliver': webhookDeliverTask(db, {
        allowList: env.WEBHOOK_ALLOWED_HOSTS,
        timeoutMs: env.WEBHOOK_TIMEOUT_MS,
        retrySeconds: env.WEBHOOK_RETRY_SECONDS,
        disableAfterHours: env.WEBHOOK_DISABLE_AFTER_HOURS,
      }),
    }),
  });
  // Record this process's pool before any job can be locked under it.
  await heartbeat.beat();
  // Start the expiry and search-check chains (a no-op when another worker already did) and
  // dispatch what waited.
  await scheduleRelease(db, env.RELEASE_INTERVAL_SECONDS);
  await scheduleSearchCheck(db, env.SEARCH_CHECK_SECONDS);
  await wakeDispatcher(db, 0);
  log.info(
    {
      concurrency: env.WORKER_CONCURRENCY,
      storefronts: env.STOREFRONT_URLS,
      edge: env.EDGE_PURGE_URL ?? 'none',
      mail: mail.describe,
      search: shop.searchIndexes.map((e) => e.name),
      health: health ? health.port : 'off',
    },
    'ready',
  );
  await runner.promise;
  await heartbeat.stop();
  await health?.close();
  await tracing?.shutdown();
  await shop.close();
}

/**
 * Errors that waiting will not cure: wrong password or user (28xxx), no such database (3D000).
 * Anything else (refused, reset, timed out, the server starting up or shutting down) is an
 * outage, which ends.
 */
function isPermanent(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('28') || code === '3D000');
}

/** Resolves once the database answers, retrying an outage every 1, 2, 4… up to 10 s. */
async function waitForDatabase(url: string, log: Logger): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query('select 1');
      if (attempt > 0) log.info('the database answers again');
      return;
    } catch (err) {
      const reason = err instanceof Error ? err.message || err.name : String(err);
      if (isPermanent(err)) {
        throw new DatabaseUnreachableError(
          `DATABASE_URL is unreachable: could not connect to ${redactUrl(url)} (${reason}).`,
        );
      }
      const delay = Math.min(10_000, 1_000 * 2 ** attempt);
      log.warn(`waiting for the database (${reason}); next try in ${delay / 1000}s`);
      await new Promise((r) => setTimeout(r, delay));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** One line when the queue's connection drops and one when it is back, not one per retry. */
function reportConnection(events: WorkerEvents, log: Logger) {
  let lost = false;
  events.on('pool:listen:error', ({ error }) => {
    if (lost) return;
    lost = true;
    log.warn(`lost the queue's database connection (${String(error)}); reconnecting`);
  });
  events.on('pool:listen:success', () => {
    if (!lost) return;
    lost = false;
    log.info('reconnected to the queue');
  });
}

main().catch((err: unknown) => {
  // A bad LOG_LEVEL or LOG_FORMAT leaves only the default logger.
  const log = logger ?? createLogger({ name: 'worker' });
  if (err instanceof ConfigError || err instanceof DatabaseUnreachableError) {
    log.fatal(err.message);
  } else {
    log.fatal({ err }, 'stopped');
  }
  process.exit(1);
});
