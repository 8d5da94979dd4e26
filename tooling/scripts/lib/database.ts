import { ConfigError, formatEnvIssues, zDatabaseUrl } from '@shop/env';
import { DatabaseUnreachableError } from '@shop/db/client';
import { assertDatabaseReachable } from '@shop/db/client';
import { migrate } from '@shop/db/migrate';
import { createDb, type Db } from '@shop/db/client';
import { isSeeded, seedDemo } from '@shop/db/seed';
import { createShop, type Shop } from '@shop/runtime';
import { shopEnvOn } from '@shop/runtime/env';
import { rebuildIndex, type RebuildProgress } from '@shop/search';
import {
  createDatabase,
  ensurePostgres,
  type PostgresCluster,
  type RunningPostgres,
} from '@shop/services';
import { red, step } from './log';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  release(): Promise<void>;
}

/**
 * DATABASE_URL when set (checked: well-formed and reachable, or one sentence saying which);
 * otherwise the embedded cluster, started or joined, with the named database created.
 */
export async function resolveDatabase(
  given: string | undefined,
  cluster: PostgresCluster,
  database: string,
): Promise<ResolvedDatabase> {
  if (given !== undefined && given !== '') {
    const parsed = zDatabaseUrl.safeParse(given);
    if (!parsed.success) {
      throw new ConfigError(
        formatEnvIssues(parsed.error.issues.map((i) => ({ ...i, path: ['DATABASE_URL'] }))),
      );
    }
    await assertDatabaseReachable(parsed.data);
    return { url: parsed.data, embedded: false, release: async () => undefined };
  }
  step(`Starting embedded Postgres (${cluster.dataDir}, port ${cluster.port})`);
  const pg: RunningPostgres = await ensurePostgres(cluster);
  await createDatabase(pg.adminUrl, database);
  return { url: pg.urlFor(database), embedded: true, release: () => pg.release() };
}

/**
 * Migrates, then loads the demo catalog if the database has no products yet and builds every
 * search index of the Shop on it (an index left empty by a database seeded before search
 * existed is built too), so the storefront's search answers from the first request.
 */
export async function prepareDatabase(url: string, options: { seed: boolean; products?: number }) {
  step('Applying migrations');
  await migrate(url);
  if (!options.seed) return;
  const shop = createShop(shopEnvOn(url), { poolMax: 4 });
  try {
    let seeded = false;
    if (!(await isSeeded(shop.db))) {
      step('Loading the demo catalog (first start)');
      const summary = await seedDemo(shop.db, { products: options.products ?? 200 });
      step(`Seeded ${summary.products} products, ${summary.variants} variants`);
      seeded = true;
    }
    await buildSearchIndexes(shop, { always: seeded });
  } finally {
    await shop.close();
  }
}

/**
 * Builds the Shop's search indexes from the catalog: always (`always`, after seeding), or only
 * those that hold nothing (a database seeded before the index existed). Drift in a non-empty
 * index is the worker's scheduled check's business, not a start's.
 *
 * An external engine (Meilisearch) that does not answer is a warning, not a failed start: the
 * storefront's searches fall back to the Postgres index, and the worker's check builds the
 * external one once it answers (every document missing: a rebuild).
 */
export async function buildSearchIndexes(
  shop: Pick<Shop, 'db' | 'searchIndexes'>,
  options: { always: boolean; onProgress?: (progress: RebuildProgress) => void },
): Promise<void> {
  for (const engine of shop.searchIndexes) {
    try {
      if (!options.always && (await engine.scan(0, 1)).length > 0) continue;
      step(`Building the search index (${engine.name})`);
      await rebuildIndex(shop.db, [engine], { onProgress: options.onProgress });
    } catch (err) {
      if (engine.name === 'postgres') throw err;
      console.warn(
        `${red('!')} The ${engine.name} search index was not built: ${failureText(err)}. ` +
          'Searches use the Postgres index; the worker builds this one once it answers.',
      );
    }
  }
}

/** An error in one line: its message and, for a failed request, the reason underneath. */
export function failureText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
}

/** A configuration problem worth one sentence, not a stack trace. */
export function isConfigError(err: unknown): err is Error {
  return err instanceof ConfigError || err instanceof DatabaseUnreachableError;
}

/**
 * Runs `fn` with a migrated database (DATABASE_URL or the embedded dev database) and a Drizzle
 * handle on it, then closes the handle and leaves the embedded server.
 */
export async function withMigratedDatabase<T>(
  cluster: PostgresCluster,
  name: string,
  fn: (db: Db, url: string) => Promise<T>,
): Promise<T> {
  const database = await resolveDatabase(process.env.DATABASE_URL, cluster, name);
  try {
    step('Applying migrations');
    await migrate(database.url);
    const db = createDb(database.url, 4);
    try {
      return await fn(db, database.url);
    } finally {
      await db.$client.end();
    }
  } finally {
    await database.release();
  }
}
