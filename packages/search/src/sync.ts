import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { buildSearchDocuments, documentChecksum, type SearchDocument } from './document';
import type { IndexedEntry, SearchEngine } from './engine';
import { postgresEngine } from './postgres/engine';
import { readIndexSettings } from './settings';

/** Products built per `buildSearchDocuments` call when syncing named ids (one round trip each). */
export const SYNC_CHUNK = 500;
/** Products per batch when the whole catalog is walked (reindex, check). */
export const WALK_BATCH = 1000;
/** Ids listed per kind in a `CheckReport`; the counts stay exact beyond it. */
export const REPORT_ID_LIMIT = 100;

/**
 * Brings these products' documents in line with the catalog on every engine: the ids that
 * still build a document (active products) are upserted, the others (archived, draft, deleted)
 * are deleted. Idempotent, so a redelivered event or a retried job does no harm. Documents are
 * built once and written to each engine in turn; an engine that fails throws (the caller's job
 * or transaction retries the whole sync).
 */
export async function syncProducts(
  db: Database,
  engines: readonly SearchEngine[],
  productIds: readonly number[],
): Promise<{ upserted: number; deleted: number }> {
  const ids = [...new Set(productIds)].sort((a, b) => a - b);
  let upserted = 0;
  let deleted = 0;
  for (let i = 0; i < ids.length; i += SYNC_CHUNK) {
    const chunk = ids.slice(i, i + SYNC_CHUNK);
    const documents = await buildSearchDocuments(db, { ids: chunk });
    const built = new Set(documents.map((d) => d.id));
    const gone = chunk.filter((id) => !built.has(id));
    for (const engine of engines) {
      await engine.upsert(documents);
      await engine.delete(gone);
    }
    upserted += documents.length;
    deleted += gone.length;
  }
  return { upserted, deleted };
}

/**
 * Takes the Postgres index's sync lock for the rest of `tx` (a transaction-scoped advisory
 * lock): a sync that builds documents under it cannot write an older build over a newer one.
 */
export async function lockPostgresSync(tx: Database): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('search_documents'))`);
}

/**
 * One engine's sync of these products, safe beside another sync of the same products. Without
 * care, two at once (two dispatch batches on a worker with several slots, or the scheduled repair
 * beside a batch) can build in one order and write in the other, leaving an older document over a
 * newer one until the next check. The Postgres engine's index is in this database, so its sync
 * builds and writes under one lock held until the caller's transaction ends (`db` may be the
 * dispatcher's): the second sync waits, then builds from what the first one's edit committed.
 * Other engines are synced through their `search-index` queue, which runs one job at a time.
 */
export async function syncIndex(
  db: Database,
  engine: SearchEngine,
  productIds: readonly number[],
): Promise<{ upserted: number; deleted: number }> {
  if (engine.name !== 'postgres') return syncProducts(db, [engine], productIds);
  return db.transaction(async (tx) => {
    await lockPostgresSync(tx);
    return syncProducts(tx, [postgresEngine(tx)], productIds);
  });
}

export interface RebuildProgress {
  engine: string;
  /** Documents written so far. */
  done: number;
  /** Active products when the rebuild started (an estimate: the catalog may change meanwhile). */
  total: number;
}

/**
 * Replaces each engine's whole index with fresh documents of every active product: settings
 * first (`readIndexSettings`), then the catalog walked in id order, `WALK_BATCH` at a time, into
 * the engine's `rebuild` (which builds beside the live index and swaps, so search never goes
 * empty). Run after seeding and by `pnpm search:reindex`.
 */
export async function rebuildIndex(
  db: Database,
  engines: readonly SearchEngine[],
  options: { onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<void> {
  const settings = await readIndexSettings(db);
  for (const engine of engines) {
    await engine.configure(settings);
    const total = options.onProgress ? await countActiveProducts(db) : 0;
    let done = 0;
    options.onProgress?.({ engine: engine.name, done, total });
    async function* batches(): AsyncGenerator<SearchDocument[]> {
      for await (const batch of walkCatalog(db)) {
        yield batch;
        done += batch.length;
        options.onProgress?.({ engine: engine.name, done, total: Math.max(total, done) });
      }
    }
    await engine.rebuild(batches(), settings);
  }
}

/** How an engine's index differs from what the catalog would build now. */
export interface CheckReport {
  engine: string;
  /** Documents the catalog builds (active products). */
  catalog: number;
  /** Documents the index holds. */
  indexed: number;
  /** In the catalog, not in the index (first `REPORT_ID_LIMIT` ids; see the counts). */
  missing: number[];
  /** In both, with another checksum: the index has old fields. */
  stale: number[];
  /** In the index, not in the catalog (archived, draft or deleted products left behind). */
  extra: number[];
  /** Exact sizes of the three lists above. */
  counts: { missing: number; stale: number; extra: number };
}

export const hasDrift = (report: CheckReport): boolean =>
  report.counts.missing + report.counts.stale + report.counts.extra > 0;

/**
 * Compares an engine's index with the catalog: the fresh documents (`buildSearchDocuments`) and
 * the engine's `scan` are walked side by side in product id order, a merge join of two sorted
 * streams, comparing `documentChecksum` with the stored checksum. Memory stays bounded by the
 * batch size whatever the catalog's size; the id lists are capped, the counts are exact.
 *
 * A product changed while the walk runs may show as stale once: the next check (or the sync its
 * event triggers) settles it, and a repair of it is harmless.
 */
export async function checkIndex(db: Database, engine: SearchEngine): Promise<CheckReport> {
  const report: CheckReport = {
    engine: engine.name,
    catalog: 0,
    indexed: 0,
    missing: [],
    stale: [],
    extra: [],
    counts: { missing: 0, stale: 0, extra: 0 },
  };
  const note = (kind: 'missing' | 'stale' | 'extra', id: number) => {
    report.counts[kind] += 1;
    if (report[kind].length < REPORT_ID_LIMIT) report[kind].push(id);
  };
  const fresh = peekable(
    (async function* () {
      for await (const batch of walkCatalog(db)) {
        for (const doc of batch) yield { id: doc.id, checksum: documentChecksum(doc) };
      }
    })(),
  );
  const indexed = peekable(walkIndex(engine));
  for (;;) {
    const [a, b] = await Promise.all([fresh.peek(), indexed.peek()]);
    if (a === undefined && b === undefined) break;
    if (b === undefined || (a !== undefined && a.id < b.id)) {
      report.catalog += 1;
      note('missing', (await fresh.next()).id);
    } else if (a === undefined || b.id < a.id) {
      report.indexed += 1;
      note('extra', (await indexed.next()).id);
    } else {
      report.catalog += 1;
      report.indexed += 1;
      await fresh.next();
      await indexed.next();
      if (a.checksum !== b.checksum) note('stale', a.id);
    }
  }
  return report;
}

/**
 * Removes the drift a check found: missing and stale products are synced again (built fresh,
 * so one that was archived since the check is deleted instead), extra ones synced too (a
 * product activated since is then indexed rather than deleted). When a list was capped, the
 * whole index is rebuilt instead, since the ids beyond the cap are not known.
 */
export async function repairIndex(
  db: Database,
  engine: SearchEngine,
  report: CheckReport,
): Promise<{ repaired: number; rebuilt: boolean }> {
  const capped =
    report.counts.missing > report.missing.length ||
    report.counts.stale > report.stale.length ||
    report.counts.extra > report.extra.length;
  if (capped) {
    await rebuildIndex(db, [engine]);
    return {
      repaired: report.counts.missing + report.counts.stale + report.counts.extra,
      rebuilt: true,
    };
  }
  const ids = [...report.missing, ...report.stale, ...report.extra];
  if (ids.length > 0) await syncIndex(db, engine, ids);
  return { repaired: ids.length, rebuilt: false };
}

async function* walkCatalog(db: Database): AsyncGenerator<SearchDocument[]> {
  let afterId = 0;
  for (;;) {
    const batch = await buildSearchDocuments(db, { afterId, limit: WALK_BATCH });
    const last = batch.at(-1);
    if (last === undefined) return;
    yield batch;
    afterId = last.id;
    if (batch.length < WALK_BATCH) return;
  }
}

async function* walkIndex(engine: SearchEngine): AsyncGenerator<IndexedEntry> {
  let afterId = 0;
  for (;;) {
    const batch = await engine.scan(afterId, WALK_BATCH);
    const last = batch.at(-1);
    if (last === undefined) return;
    yield* batch;
    afterId = last.id;
    if (batch.length < WALK_BATCH) return;
  }
}

async function countActiveProducts(db: Database): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from products where status = 'active'`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** An async iterator one can look ahead of by one item (the merge join needs both heads). */
function peekable<T>(source: AsyncIterator<T>) {
  let head: Promise<IteratorResult<T>> | null = null;
  const fill = () => (head ??= source.next());
  return {
    async peek(): Promise<T | undefined> {
      const r = await fill();
      return r.done ? undefined : r.value;
    },
    async next(): Promise<T> {
      const r = await fill();
      head = null;
      if (r.done) throw new Error('peekable: read past the end');
      return r.value;
    },
  };
}
