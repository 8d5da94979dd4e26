import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './client';

/**
 * Raw `sql` queries whichever driver runs them. `db.execute` answers `{ rows, rowCount }` on
 * node-postgres and an array of rows with a `count` (postgres.js's RowList) on postgres.js; these
 * read both, so no caller touches either shape.
 */
type DriverResult<T> = T[] & { count?: number | null };
type PgResult<T> = { rows: T[]; rowCount?: number | null };

async function execute<T>(db: Database, query: SQL): Promise<DriverResult<T> | PgResult<T>> {
  return (await db.execute(query)) as DriverResult<T> | PgResult<T>;
}

/** The rows a raw query returned, typed as the caller names them (`queryRows<{ id: string }>(db, sql…)`). */
export async function queryRows<T = Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<T[]> {
  const result = await execute<T>(db, query);
  return Array.isArray(result) ? result : result.rows;
}

/** The first row a raw query returned, or `undefined` when it returned none. */
export async function firstRow<T = Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<T | undefined> {
  return (await queryRows<T>(db, query))[0];
}

/** How many rows a statement inserted, updated or deleted (node-postgres `rowCount`, postgres.js `count`). */
export async function rowCount(db: Database, query: SQL): Promise<number> {
  const result = await execute<unknown>(db, query);
  return (Array.isArray(result) ? result.count : result.rowCount) ?? 0;
}

/**
 * Ids as one bound `bigint[]` parameter (`where id = any(${bigintArray(ids)})`): the statement's
 * text stays the same whatever the list, so a driver that prepares statements (postgres.js)
 * keeps one per connection, not one per list. Each id is truncated to an integer, so nothing but
 * digits reaches the array literal.
 */
export function bigintArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.map((id) => Math.trunc(Number(id))).join(',')}}`}::bigint[]`;
}
