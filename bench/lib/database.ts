import path from 'node:path';
import { migrate } from '@shop/db/migrate';
import {
  createDatabase,
  dataDir,
  dropDatabase,
  ensurePostgres,
  type PostgresCluster,
} from '@shop/services';
import { defer } from './cleanup';
import { log } from './log';

/**
 * The benchmarks' own cluster. Unlike the test cluster it keeps Postgres's default durability
 * (fsync, synchronous_commit, full_page_writes on), so write figures are what a real server pays.
 */
export const benchCluster: PostgresCluster = {
  dataDir: path.join(dataDir, 'pg-bench'),
  port: 54331,
};

/**
 * Starts (or joins) the bench cluster, re-creates `name` empty and migrates it. The database is
 * dropped and the cluster released by the runner's cleanups, on success, error or Ctrl-C alike.
 */
export async function freshDatabase(name: string): Promise<string> {
  log(`Starting the bench Postgres cluster (${benchCluster.dataDir}, port ${benchCluster.port})`);
  const pg = await ensurePostgres(benchCluster);
  defer('release the bench Postgres cluster', () => pg.release());
  await dropDatabase(pg.adminUrl, name);
  await createDatabase(pg.adminUrl, name);
  defer(`drop database ${name}`, () => dropDatabase(pg.adminUrl, name));
  const url = pg.urlFor(name);
  log(`Migrating database ${name}`);
  await migrate(url);
  return url;
}
