import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index';

export { schema };
export type Schema = typeof schema;

/** A database handle or an open transaction: every query function accepts either. */
export type Database = PgDatabase<NodePgQueryResultHKT, Schema>;
export type Db = NodePgDatabase<Schema> & { $client: pg.Pool };

// bigint ids and counts come back as JS numbers (ids stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  return pool;
}

export function createDb(url: string, max = 10): Db {
  return drizzle({ client: createPool(url, max), schema, casing: 'snake_case' });
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
