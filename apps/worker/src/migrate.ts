import { ConfigError } from '@shop/env';
import { migrate } from '@shop/db/migrate';
import { loggerFromEnv } from '@shop/logger';
import { readShopEnv } from '@shop/runtime/env';

/**
 * `node dist/migrate/index.js`: brings DATABASE_URL to the current schema (the committed
 * migrations, then the job queue's) and exits. The compose stack runs it once, as the `migrate`
 * service, before the apps and the worker start; running it again changes nothing (see `migrate`).
 */
const log = loggerFromEnv({ name: 'migrate' });
try {
  await migrate(readShopEnv().DATABASE_URL, { logger: log });
  log.info('the database is up to date');
} catch (err) {
  if (err instanceof ConfigError) log.fatal(err.message);
  else log.fatal({ err }, 'migration failed');
  process.exitCode = 1;
}
