import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tooling/services/src/testing';
import { createDb, type Db } from './client';
import { DATABASE_DRIVERS } from './env';
import { firstRow, queryRows, rowCount } from './query';
import { runTransaction, sqlState, violatedConstraint } from './transaction';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('drivers');
});
afterAll(async () => {
  await tdb?.drop();
});

/** What the code above the driver relies on, the same through postgres.js and node-postgres. */
describe.each(DATABASE_DRIVERS)('the %s driver', (driver) => {
  let db: Db;
  beforeAll(() => {
    db = createDb(tdb.url, 2, driver);
  });
  afterAll(async () => {
    await db.$client.end();
  });

  it('reads raw rows as the same values', async () => {
    const row = await firstRow<Record<string, unknown>>(
      db,
      sql`select 42::bigint as big, count(*) as counted, 1.50::numeric as price, 7::int as n,
                 true as yes, null::text as nothing, ${'{"a":[1]}'}::jsonb as doc,
                 array[1, 2]::int[] as ints, array['x', 'y"z']::text[] as texts,
                 ${'2026-01-02T03:04:05.678Z'}::timestamptz as at`,
    );
    // Timestamps in raw results: a Date on node-postgres, Postgres's text on postgres.js.
    expect(new Date(row?.at as string | Date).toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect({ ...row, at: undefined }).toEqual({
      big: 42,
      counted: 1,
      price: '1.50',
      n: 7,
      yes: true,
      nothing: null,
      doc: { a: [1] },
      ints: [1, 2],
      texts: ['x', 'y"z'],
      at: undefined,
    });
  });

  it('counts changed rows and reads what a statement returns, with an array parameter', async () => {
    const created = await queryRows<{ id: number }>(
      db,
      sql`insert into rate_limits (key, hits, window_started_at, expires_at)
          select 'drivers-' || ${driver} || '-' || g, 1, now(), now() + interval '1 minute'
            from generate_series(1, 3) g
          returning hits as id`,
    );
    expect(created).toEqual([{ id: 1 }, { id: 1 }, { id: 1 }]);
    const keys = `{drivers-${driver}-1,drivers-${driver}-2}`;
    expect(
      await rowCount(db, sql`update rate_limits set hits = 2 where key = any(${keys}::text[])`),
    ).toBe(2);
    expect(
      await rowCount(db, sql`delete from rate_limits where key like ${`drivers-${driver}-%`}`),
    ).toBe(3);
    expect(await queryRows(db, sql`select 1 where false`)).toEqual([]);
  });

  it('runs a transaction on one connection: set local, an advisory lock, a savepoint', async () => {
    const seen = await runTransaction(db, async (tx) => {
      await tx.execute(sql`set local statement_timeout = 4321`);
      await tx.execute(sql`select pg_advisory_xact_lock(424242)`);
      await tx.transaction(async (sp) => {
        await sp.execute(sql`set local lock_timeout = 1234`);
      });
      return firstRow<{ statement: string; lock: string; locks: number }>(
        tx,
        sql`select current_setting('statement_timeout') as statement,
                   current_setting('lock_timeout') as lock,
                   (select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid())::int as locks`,
      );
    });
    expect(seen).toEqual({ statement: '4321ms', lock: '1234ms', locks: 1 });
    const after = await firstRow<{ statement: string }>(
      db,
      sql`select current_setting('statement_timeout') as statement`,
    );
    expect(after?.statement).toBe('0');
  });

  it('finds the SQLSTATE and the constraint of an error, and rolls the transaction back', async () => {
    const err = await runTransaction(db, async (tx) => {
      await tx.execute(
        sql`create temporary table driver_check (id int constraint driver_check_pk primary key) on commit drop`,
      );
      await tx.execute(sql`insert into driver_check values (1)`);
      await tx.execute(sql`insert into driver_check values (1)`);
    }).catch((e: unknown) => e);
    expect(sqlState(err)).toBe('23505');
    expect(violatedConstraint(err)).toBe('driver_check_pk');
  });
});
