import { createDb, type Db } from '@shop/db/client';
import { defer } from './cleanup';

type Pool = Db['$client'];

/**
 * Ends the pool and waits until every connection is really closed: `pool.end()` resolves as soon
 * as it has asked each connection to close, and a `drop database ... with (force)` right after
 * would terminate the ones still closing (each logging "terminating connection" on stderr).
 */
async function closePool(pool: Pool): Promise<void> {
  const open = pool.totalCount;
  let removed = 0;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      if (++removed >= open) resolve();
    });
  });
  await pool.end();
  await closed;
}

/**
 * A database handle whose pool holds up to `size` connections, closed by the runner's cleanups.
 * On Ctrl-C the pool gets a few seconds to finish what is in flight; the database is then dropped
 * with `force` anyway, which ends whatever is left.
 */
export function benchDb(url: string, size: number): Db {
  const db = createDb(url, size);
  defer('close the connection pool', () =>
    Promise.race([
      closePool(db.$client),
      new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
    ]),
  );
  return db;
}

/**
 * Opens `count` connections now and returns them to the pool, so that a measured run does not
 * pay for connecting (a new connection costs a few milliseconds and a Postgres process).
 */
export async function openConnections(db: Db, count: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: count }, () => db.$client.connect()));
  for (const client of clients) client.release();
}

/**
 * Writes every dirty page before a measured run, so that a checkpoint triggered by the setup's
 * writes (seed, carts) does not land in the middle of the measurement.
 */
export async function checkpoint(db: Db): Promise<void> {
  await db.$client.query('checkpoint');
}
