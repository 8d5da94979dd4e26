import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PostgresCluster } from './postgres';
import type { RedisSetup } from './redis';

export * from './postgres';
export * from './redis';

/** The repository root; `.data/` under it holds every local service's state (git-ignored). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const dataDir = path.join(repoRoot, '.data');

/** The cluster that `pnpm start` and `pnpm services:up` use. */
export const devCluster: PostgresCluster = { dataDir: path.join(dataDir, 'pg'), port: 54329 };

const throwaway = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

/**
 * Throwaway cluster for tests and benchmarks: durability off (its data can always be rebuilt),
 * so that creating and dropping a database per test is cheap.
 */
export const testCluster: PostgresCluster = {
  dataDir: path.join(dataDir, 'pg-test'),
  port: 54330,
  settings: throwaway,
};

/**
 * A throwaway cluster of a test's own (`.data/pg-<name>`), for tests that stop and start the
 * server and so must not share the test cluster other tests are using.
 */
export function dedicatedCluster(name: string, port: number): PostgresCluster {
  return { dataDir: path.join(dataDir, `pg-${name}`), port, settings: throwaway };
}

/** Redis for `pnpm services:up` and `pnpm start` (`.data/redis`), and its REST bridge's port. */
export const devRedis: RedisSetup = {
  dataDir: path.join(dataDir, 'redis'),
  port: 56379,
  bridgePort: 58079,
};
export * from './varnish';
