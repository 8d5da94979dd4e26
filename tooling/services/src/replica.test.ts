import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedicatedCluster } from './index';
import { startReplica } from './replica';
import { startReplicatedTestDatabase, type ReplicatedTestDatabase } from './testing';

/**
 * A real streaming replica of the embedded Postgres (the same binaries as every other test's
 * cluster, so it runs wherever they do: no pg_basebackup needed), built from a base backup of a
 * running primary and kept in step by streaming replication.
 */
let pair: ReplicatedTestDatabase;
let primary: pg.Pool;
let replica: pg.Pool;
beforeAll(async () => {
  pair = await startReplicatedTestDatabase('replication', { primary: 54350, replica: 54351 });
  primary = new pg.Pool({ connectionString: pair.url, max: 2 });
  replica = new pg.Pool({ connectionString: pair.readUrl, max: 2 });
  await primary.query('create table replication_probe (note text primary key)');
}, 60_000);
afterAll(async () => {
  await primary?.end();
  await replica?.end();
  await pair?.close();
});

const notes = async (pool: pg.Pool) =>
  (await pool.query<{ note: string }>('select note from replication_probe order by note')).rows.map(
    (r) => r.note,
  );
const insert = (pool: pg.Pool, note: string) =>
  pool.query('insert into replication_probe (note) values ($1)', [note]);

/** Polls `fn` until it is true, for at most `ms`. */
async function eventually(fn: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`not true within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a streaming replica of the embedded Postgres', () => {
  it('is a standby the primary streams to', async () => {
    const standby = await replica.query<{ standby: boolean }>(
      'select pg_is_in_recovery() as standby',
    );
    expect(standby.rows[0]?.standby).toBe(true);
    const senders = await primary.query<{ state: string }>('select state from pg_stat_replication');
    expect(senders.rows.map((r) => r.state)).toEqual(['streaming']);
  });

  it('shows a write on the primary within a bound, and refuses writes of its own', async () => {
    await eventually(async () => {
      // The table itself was created on the primary after the backup: DDL streams too.
      const found = await replica.query(`select to_regclass('replication_probe') as t`);
      return found.rows[0]?.t !== null;
    });
    await insert(primary, 'r1');
    await eventually(async () => (await notes(replica)).includes('r1'));
    await expect(insert(replica, 'r2')).rejects.toThrow(/read-only transaction/);
    expect(await notes(primary)).not.toContain('r2');
  });

  it('lags while its replay is paused and catches up when it resumes', async () => {
    await pair.pauseReplay();
    try {
      await insert(primary, 'r3');
      // Received but not replayed: give it well over the time a write took to appear above.
      await new Promise((r) => setTimeout(r, 300));
      expect(await notes(replica)).not.toContain('r3');
    } finally {
      await pair.resumeReplay();
    }
    await pair.waitForReplay();
    expect(await notes(replica)).toContain('r3');
  });

  it('refuses to start without a running primary, in one sentence', async () => {
    await expect(
      startReplica({
        primary: { dataDir: '/nonexistent', port: 1 },
        replica: dedicatedCluster('replica-orphan', 54359),
      }),
    ).rejects.toThrow('The primary on port 1 is not running; start it before its replica.');
  });
});
