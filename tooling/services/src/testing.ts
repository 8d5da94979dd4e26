import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '@shop/db/client';
import { readDatabaseDriver } from '@shop/db/env';
import { migrate } from '@shop/db/migrate';
import pg from 'pg';
import {
  createDatabase,
  dropDatabase,
  ensurePostgres,
  stopPostgres,
  type RunningPostgres,
} from './postgres';
import { dedicatedCluster, testCluster } from './index';
import {
  removeReplica,
  setReplayPaused,
  startReplica,
  waitForReplay,
  type ReplicaSetup,
  type RunningReplica,
} from './replica';

/**
 * Isolated databases for integration tests. A migrated template (`shop_template`) is cloned per
 * test file (CREATE DATABASE ... TEMPLATE), which takes milliseconds, so files run in parallel
 * and leave nothing behind. `TEST_DATABASE_ADMIN_URL` points at another server instead of the
 * embedded test cluster.
 */
export const TEMPLATE_DB = 'shop_template';

let server:
  | Promise<{ adminUrl: string; urlFor: (db: string) => string; release?: () => Promise<void> }>
  | undefined;

function testServer() {
  server ??= (async () => {
    const given = process.env.TEST_DATABASE_ADMIN_URL;
    if (given) {
      const urlFor = (db: string) => {
        const u = new URL(given);
        u.pathname = `/${db}`;
        return u.toString();
      };
      return { adminUrl: given, urlFor };
    }
    const running: RunningPostgres = await ensurePostgres(testCluster);
    return running;
  })();
  return server;
}

/** Drops and rebuilds the template from the migrations (the test run's global setup calls it). */
export async function rebuildTemplate(): Promise<void> {
  const { adminUrl, urlFor } = await testServer();
  await withAdvisoryLock(adminUrl, async () => {
    await dropDatabase(adminUrl, TEMPLATE_DB);
    await createDatabase(adminUrl, TEMPLATE_DB);
    await migrate(urlFor(TEMPLATE_DB));
  });
}

async function ensureTemplate(): Promise<void> {
  const { adminUrl, urlFor } = await testServer();
  await withAdvisoryLock(adminUrl, async () => {
    if (await createDatabase(adminUrl, TEMPLATE_DB)) await migrate(urlFor(TEMPLATE_DB));
  });
}

async function withAdvisoryLock(adminUrl: string, fn: () => Promise<void>) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(4242)');
    await fn();
  } finally {
    await client.query('select pg_advisory_unlock(4242)').catch(() => undefined);
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  await ensureTemplate();
  const { adminUrl, urlFor } = await testServer();
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await createDatabase(adminUrl, name, TEMPLATE_DB);
      break;
    } catch (err) {
      // Two clones of one template at the same instant can collide; try again shortly.
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + attempt * 50));
    }
  }
  const url = urlFor(name);
  // DATABASE_DRIVER=pg runs the tests on node-postgres.
  const db = createDb(url, 5, readDatabaseDriver());
  return {
    name,
    url,
    db,
    async drop() {
      await db.$client.end();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** Releases the embedded test cluster when this process is its last user. */
export async function releaseTestServer(): Promise<void> {
  const s = await server;
  server = undefined;
  await s?.release?.();
}

/**
 * A primary and a real streaming replica of it, both of the test's own (`.data/pg-<name>-primary`
 * and `-replica`, on the two ports given), for tests of `DATABASE_READ_URL`: a `shop` database
 * migrated on the primary, then a fresh base backup streaming from it. The test may stop the
 * primary or pause the replica's replay; `close()` stops both and removes the replica.
 */
export interface ReplicatedTestDatabase {
  /** The primary's `shop` database, and a pool on it. */
  url: string;
  db: Db;
  /** The same database on the replica (read-only), and a pool on it. */
  readUrl: string;
  readDb: Db;
  setup: ReplicaSetup;
  /** Resolves once the replica has replayed every write made on the primary so far. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Pauses WAL replay on the replica (it lags: it sees no write made after) or resumes it. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the primary (fast shutdown); the replica goes on answering reads. */
  stopPrimary(): Promise<void>;
  close(): Promise<void>;
}

export async function startReplicatedTestDatabase(
  name: string,
  ports: { primary: number; replica: number },
): Promise<ReplicatedTestDatabase> {
  const setup: ReplicaSetup = {
    primary: dedicatedCluster(`${name}-primary`, ports.primary),
    replica: dedicatedCluster(`${name}-replica`, ports.replica),
  };
  const primary = await ensurePostgres(setup.primary);
  let replica: RunningReplica | undefined;
  try {
    await dropDatabase(primary.adminUrl, 'shop');
    await createDatabase(primary.adminUrl, 'shop');
    await migrate(primary.urlFor('shop'));
    // A fresh base backup each time: an earlier run's replica may have followed another primary.
    await removeReplica(setup);
    replica = await startReplica(setup);
  } catch (err) {
    await primary.release();
    throw err;
  }
  const running = replica;
  const url = primary.urlFor('shop');
  const readUrl = running.urlFor('shop');
  const driver = readDatabaseDriver();
  const db = createDb(url, 5, driver);
  const readDb = createDb(readUrl, 5, driver);
  return {
    url,
    db,
    readUrl,
    readDb,
    setup,
    waitForReplay: (timeoutMs) => waitForReplay(url, readUrl, timeoutMs),
    pauseReplay: () => setReplayPaused(readUrl, true),
    resumeReplay: () => setReplayPaused(readUrl, false),
    async stopPrimary() {
      await stopPostgres(setup.primary);
    },
    async close() {
      await Promise.all([db.$client.end(), readDb.$client.end()]);
      await removeReplica(setup);
      await primary.release();
    },
  };
}
