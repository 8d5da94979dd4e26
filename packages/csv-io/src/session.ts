import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { schema, type Database, type Db } from '@shop/db/client';
import { isRetryableTransactionError, runTransaction } from '@shop/db/transaction';

/**
 * One database connection an import keeps from its first batch to its last, so that what it
 * remembers about the file (the handles and SKUs already met, `pg_temp.csv_import_keys`) lives
 * in a temporary table of that session rather than in the process's memory. Each batch still
 * commits on its own (`transaction`); the connection goes back to the pool at the end.
 */
export interface ImportSession {
  db: Database;
  /** A transaction on the session's connection, run again after a deadlock or serialization failure. */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
}

const config = { schema, casing: 'snake_case' } as const;

function isPool(db: Database): db is Db {
  const candidate = db as Partial<Db>;
  return (
    (candidate.driver === 'pg' || candidate.driver === 'postgres') &&
    candidate.$client !== undefined
  );
}

/**
 * `begin` … `commit` by hand on a connection of our own: postgres.js opens transactions on the
 * pool (`sql.begin`), never on a reserved connection, so the driver's own cannot be used here.
 * Retried like `runTransaction` (bounded, jittered backoff) when Postgres rolled it back over a
 * deadlock or a serialization failure.
 */
async function sessionTransaction<T>(
  db: Database,
  fn: (tx: Database) => Promise<T>,
  onBroken: () => void,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await db.execute(sql`begin`);
    try {
      const value = await fn(db);
      await db.execute(sql`commit`);
      return value;
    } catch (err) {
      await db.execute(sql`rollback`).catch((rollbackError: unknown) => {
        // The connection is unusable (left inside a transaction, or lost): never reuse it.
        onBroken();
        throw rollbackError;
      });
      if (!isRetryableTransactionError(err) || attempt >= attempts) throw err;
      const base = 5 * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, base + Math.random() * base * 3));
    }
  }
}

/**
 * Runs `fn` on a connection of its own (a pool's: reserved for the whole of `fn`, released
 * after, even on error), with the import's key table created empty in it and dropped at the
 * end. A handle that is already a transaction (a test, a caller's own transaction) is used as it
 * is: its batches become savepoints.
 */
export async function withImportSession<T>(
  db: Database,
  fn: (session: ImportSession) => Promise<T>,
): Promise<T> {
  if (!isPool(db)) return usingSession({ db, transaction: (f) => runTransaction(db, f) }, fn);
  if (db.driver === 'pg') {
    const client = await db.$client.connect();
    let broken = false;
    try {
      const own = drizzlePg({ client, ...config });
      const transaction = <R>(f: (tx: Database) => Promise<R>) =>
        sessionTransaction(own, f, () => (broken = true));
      return await usingSession({ db: own, transaction }, fn);
    } finally {
      // A broken connection is destroyed rather than given back to the pool.
      client.release(broken || undefined);
    }
  }
  const reserved = await db.$client.reserve();
  try {
    // drizzle reads the pool's type parsers from `options`, which a reserved connection shares.
    const own = drizzlePostgres({
      client: Object.assign(reserved, { options: db.$client.options }),
      ...config,
    });
    const transaction = <R>(f: (tx: Database) => Promise<R>) =>
      sessionTransaction(own, f, () => undefined);
    return await usingSession({ db: own, transaction }, fn);
  } finally {
    // postgres.js closes a connection that failed by itself; a released one is clean.
    reserved.release();
  }
}

async function usingSession<T>(
  session: ImportSession,
  fn: (session: ImportSession) => Promise<T>,
): Promise<T> {
  await session.db.execute(sql`
    create temp table if not exists csv_import_keys (
      kind "char" not null, key text not null, line int not null, primary key (kind, key))`);
  await session.db.execute(sql`truncate pg_temp.csv_import_keys`);
  try {
    return await fn(session);
  } finally {
    await session.db.execute(sql`drop table if exists pg_temp.csv_import_keys`).catch(() => {
      // The connection is gone (and its temporary table with it).
    });
  }
}
