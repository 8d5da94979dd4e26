import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import pg from 'pg';
import postgres from 'postgres';
import type { DatabaseDriver } from './env';
import * as schema from './schema/index';

export { schema };
export type Schema = typeof schema;

export type { DatabaseDriver };

/** A database handle or an open transaction, on either driver: every query function accepts either. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A handle with its pool, which `$client.end()` closes on both drivers. */
export type Db = Database &
  ({ driver: 'postgres'; $client: postgres.Sql } | { driver: 'pg'; $client: pg.Pool });

export interface CreateDbOptions {
  /**
   * node-postgres only: an idle connection that broke (the pool replaces it, the process goes
   * on). Logged to the console when not given. postgres.js reports such errors on the next query.
   */
  onError?: (err: Error) => void;
}

// bigint ids and counts come back as JS numbers (ids stay far below 2^53); numeric stays a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
const INT8 = 20;

export function createPool(url: string, max = 10, options: CreateDbOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on(
    'error',
    options.onError ?? ((err) => console.error('[db] idle client error:', err.message)),
  );
  return pool;
}

/** A postgres.js pool set up like the node-postgres one: int8 as numbers, 30 s idle, no notices. */
export function createPostgresClient(url: string, max = 10): postgres.Sql {
  return postgres(url, {
    max,
    idle_timeout: 30,
    types: {
      bigint: {
        to: INT8,
        from: [INT8],
        serialize: (v: number) => String(v),
        parse: (v: string) => Number(v),
      },
    },
    // Notices (`drop ... if exists` on nothing, and the like) are not worth a console line.
    onnotice: () => undefined,
  });
}

export function createDb(
  url: string,
  max = 10,
  driver: DatabaseDriver = 'postgres',
  options: CreateDbOptions = {},
): Db {
  const config = { schema, casing: 'snake_case' } as const;
  if (driver === 'pg') {
    const db = drizzlePg({ client: createPool(url, max, options), ...config });
    return Object.assign(db, { driver: 'pg' as const });
  }
  const db = drizzlePostgres({ client: createPostgresClient(url, max), ...config });
  return Object.assign(db, { driver: 'postgres' as const });
}

/** Checks that the database answers; throws one sentence naming DATABASE_URL if it does not. */
export async function assertDatabaseReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    const reason = err instanceof Error ? err.message || err.name : String(err);
    throw new DatabaseUnreachableError(
      `DATABASE_URL is unreachable: could not connect to ${redactUrl(url)} (${reason}).`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
