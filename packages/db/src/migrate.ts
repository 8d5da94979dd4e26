import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import { loggerFromEnv, type Logger } from '@shop/logger';
import { Logger as QueueLogger, runMigrations } from 'graphile-worker';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../drizzle');

/**
 * Brings a database to the current schema: the committed drizzle-kit migrations, then the job
 * queue's own schema. Safe to run on every start and from several processes at once (drizzle
 * and graphile-worker both take an advisory lock / track applied migrations).
 */
export async function migrate(url: string, options: { logger?: Logger } = {}): Promise<void> {
  const logger = options.logger ?? loggerFromEnv({ name: 'migrate' });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const onError = (err: Error) => logger.error(`connection error: ${err.message}`);
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  try {
    const client = await pool.connect();
    try {
      // Serialise concurrent migrators (two starts at once, parallel test workers).
      await client.query('select pg_advisory_lock(727274)');
      await drizzleMigrate(drizzle({ client }), { migrationsFolder });
      await runMigrations({ pgPool: pool, logger: queueLogger(logger, { quiet: true }) });
      await client.query('select pg_advisory_unlock(727274)');
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

const QUEUE_LEVELS = { error: 'error', warning: 'warn', info: 'info', debug: 'debug' } as const;

/**
 * graphile-worker's log lines through our logger, each with its scope (`label`, `workerId`,
 * `taskIdentifier`, `jobId`) under `queue`. `quiet` keeps only warnings and errors (a
 * migration's progress is noise in every start and test).
 */
export function queueLogger(logger: Logger, options: { quiet?: boolean } = {}): QueueLogger {
  return new QueueLogger((scope) => (level, message) => {
    const pinoLevel = QUEUE_LEVELS[level];
    if (options.quiet && pinoLevel !== 'error' && pinoLevel !== 'warn') return;
    logger[pinoLevel]({ queue: scope }, message);
  });
}
