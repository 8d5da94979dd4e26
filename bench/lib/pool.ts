import type { DatabaseDriver, Db } from '@shop/db/client';
import { readDatabaseDriver } from '@shop/db/env';
import { createShop, type CreateShopOptions, type Shop } from '@shop/runtime';
import { shopEnvOn } from '@shop/runtime/env';
import { sql } from 'drizzle-orm';
import { defer } from './cleanup';

/** The driver the benchmarks run on: `DATABASE_DRIVER` (postgres.js by default, or `pg`). */
export function benchDriver(): DatabaseDriver {
  return readDatabaseDriver();
}

/**
 * Ends the pool and waits until every connection is really closed: `pool.end()` resolves as soon
 * as it has asked each connection to close, and a `drop database ... with (force)` right after
 * would terminate the ones still closing (each logging "terminating connection" on stderr).
 */
async function closePgPool(pool: Extract<Db, { driver: 'pg' }>['$client']): Promise<void> {
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

/** postgres.js's `end()` resolves once every connection has closed. */
function closePool(db: Db): Promise<void> {
  return db.driver === 'pg' ? closePgPool(db.$client) : db.$client.end();
}

/**
 * The benchmark's Shop on the database at `url`, built by the same `createShop` as the apps, the
 * worker and the tests (its driver from `DATABASE_DRIVER`), its pool holding up to `size`
 * connections and closed by the runner's cleanups. On Ctrl-C the pool gets a few seconds to
 * finish what is in flight; the database is then dropped with `force` anyway, which ends whatever
 * is left.
 */
export function benchShop(url: string, size: number, options: CreateShopOptions = {}): Shop {
  const shop = createShop(shopEnvOn(url), { ...options, poolMax: size });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= closePool(shop.db));
  defer('close the connection pool', () =>
    Promise.race([close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]),
  );
  return Object.assign(shop, { close });
}

/** The database handle of a `benchShop`. */
export function benchDb(url: string, size: number): Db {
  return benchShop(url, size).db;
}

/**
 * Opens `count` connections now and returns them to the pool, so that a measured run does not
 * pay for connecting (a new connection costs a few milliseconds and a Postgres process).
 */
export async function openConnections(db: Db, count: number): Promise<void> {
  const range = Array.from({ length: count });
  if (db.driver === 'pg') {
    const clients = await Promise.all(range.map(() => db.$client.connect()));
    for (const client of clients) client.release();
  } else {
    const reserved = await Promise.all(range.map(() => db.$client.reserve()));
    for (const connection of reserved) connection.release();
  }
}

/**
 * Writes every dirty page before a measured run, so that a checkpoint triggered by the setup's
 * writes (seed, carts) does not land in the middle of the measurement.
 */
export async function checkpoint(db: Db): Promise<void> {
  await db.execute(sql`checkpoint`);
}
