import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import { Logger, runMigrations } from 'graphile-worker';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../drizzle');

/**
 * Brings a database to the current schema: the committed drizzle-kit migrations, then the job
 * queue's own schema. Safe to run on every start and from several processes at once (drizzle
 * and graphile-worker both take an advisory lock / track applied migrations).
 */
export async function migrate(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const onError = (err: Error) => console.error('[migrate] connection error:', err.message);
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  try {
    const client = await pool.connect();
    try {
      // Serialise concurrent migrators (two starts at once, parallel test workers).
      await client.query('select pg_advisory_lock(727274)');
      await drizzleMigrate(drizzle({ client }), { migrationsFolder });
      await runMigrations({ pgPool: pool, logger: quietLogger });
      await client.query('select pg_advisory_unlock(727274)');
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === 'error' || level === 'warning') console.error(`[queue] ${message}`);
});
