import { sql } from 'drizzle-orm';
import { CommerceError } from '@shop/core';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { importBatch, type ImportTarget, type RowVerdict } from './batch';
import { draftProduct, type ProductDraft, type Rejection } from './drafts';
import { readCsvRows, type CsvRow, type CsvSource } from './read';
import { withImportSession } from './session';

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportSummary {
  counts: ImportCounts;
  /** Row verdicts in file order, at most `MAX_LISTED_ROWS` (rejected rows first in line). */
  rows: RowVerdict[];
  /** Rejected rows up to `keepRejections` (the report); `counts.rejected` is the total. */
  rejections: Rejection[];
}

export const DEFAULT_BATCH_ROWS = 1_000;
export const MAX_LISTED_ROWS = 500;
export const MAX_REPORTED_REJECTIONS = 10_000;

export interface ImportOptions {
  /** Who runs it, for the stock ledger (`staff:<id>`, `import`). */
  actor?: string;
  importId?: number | null;
  batchRows?: number;
  /**
   * Called after each batch with the counts so far and the batch's refused rows (progress and
   * the report in `import_jobs`): in the batch's transaction when importing, on the import's
   * connection right after the read-only batch in a dry run.
   */
  onBatch?: (tx: Database, counts: ImportCounts, rejections: readonly Rejection[]) => Promise<void>;
  /** Refused rows the returned summary keeps (default `MAX_REPORTED_REJECTIONS`); 0 when `onBatch` stores them. */
  keepRejections?: number;
}

/**
 * The currency and location an import writes in: the default region's currency (prices in the
 * file are decimal text in it) and the shop's first stock location (the default, as for
 * `setStockLevels`).
 */
export async function importTarget(
  db: Database,
  options: Pick<ImportOptions, 'actor' | 'importId'> = {},
): Promise<ImportTarget> {
  const region = await firstRow<{ currency_code: string }>(
    db,
    sql`select currency_code from regions order by is_default desc, id limit 1`,
  );
  if (!region)
    throw new CommerceError(
      'INVALID_INPUT',
      'The shop has no region, so prices have no currency; create a region before importing.',
    );
  const location = await firstRow<{ id: number }>(
    db,
    sql`select id from stock_locations order by id limit 1`,
  );
  return {
    currency: region.currency_code,
    locationId: location ? Number(location.id) : null,
    actor: options.actor ?? 'import',
    importId: options.importId ?? null,
  };
}

/** One product's rows as read and checked on their own, before the file's other products are known. */
interface FileGroup {
  handle: string;
  firstLine: number;
  /** Line and SKU of each of its rows, to refuse them all (its handle met earlier in the file). */
  rows: Array<{ line: number; sku: string }>;
  draft: ProductDraft | null;
  rejections: Rejection[];
}

interface Batch {
  groups: FileGroup[];
  rows: number;
}

/**
 * The file's products in batches of about `batchRows` rows, each product's rows checked on
 * their own (`draftProduct`). Rows sharing a handle must follow one another (as Shopify writes
 * them). Nothing of a batch is kept once the next one is read: whether a handle or SKU met
 * earlier in the file is judged in the batch's transaction (`firstInFile`).
 */
async function* batchesOf(
  source: CsvSource,
  currency: string,
  batchRows: number,
): AsyncGenerator<Batch> {
  let batch: Batch = { groups: [], rows: 0 };
  let group: CsvRow[] = [];
  let groupHandle: string | null = null;

  const flushGroup = () => {
    const first = group[0];
    if (!first) return;
    const rows = group;
    group = [];
    batch.rows += rows.length;
    const { draft, rejections } = draftProduct(rows, currency);
    batch.groups.push({
      handle: groupHandle ?? '',
      firstLine: first.line,
      rows: rows.map((r) => ({ line: r.line, sku: r.values.get('Variant SKU') ?? '' })),
      draft,
      rejections,
    });
  };

  for await (const row of readCsvRows(source)) {
    const handle = row.values.get('Handle') ?? '';
    if (group.length > 0 && (handle !== groupHandle || handle === '')) {
      flushGroup();
      if (batch.rows >= batchRows) {
        yield batch;
        batch = { groups: [], rows: 0 };
      }
    }
    groupHandle = handle;
    group.push(row);
  }
  flushGroup();
  if (batch.rows > 0) yield batch;
}

/**
 * The next batch is read and checked while the caller writes this one: the parser and the
 * row checks (Node) overlap the batch's statements (Postgres). At most two batches are held.
 */
async function* readAhead<T>(items: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = items.next();
  try {
    for (;;) {
      const item = await next;
      if (item.done) return;
      next = items.next();
      // Marked handled: if the caller stops first, a failure of the read ahead is not its error.
      next.catch(() => undefined);
      yield item.value;
    }
  } finally {
    await items.return(undefined).catch(() => undefined);
  }
}

const keysJson = (keys: readonly string[]) =>
  sql`array(select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`;

/**
 * The file-wide checks of one batch, against the handles and SKUs earlier batches met (the
 * session's `pg_temp.csv_import_keys`, one row per key with the line it was first met on) and
 * those of the batch itself: a handle met again after another product refuses all of its rows;
 * a SKU an earlier product of the file used is refused on its row. The batch's new keys are
 * added in the same transaction, so a batch run again (after a deadlock) sees what it saw.
 * Memory stays one batch's keys however long the file is.
 */
async function firstInFile(
  tx: Database,
  groups: readonly FileGroup[],
): Promise<{ drafts: ProductDraft[]; rejections: Rejection[] }> {
  const handles = groups.map((g) => g.handle).filter((h) => h !== '');
  const skus = groups.flatMap((g) => g.draft?.variants.map((v) => v.sku) ?? []);
  const earlier = await queryRows<{ kind: string; key: string; line: number }>(
    tx,
    sql`select kind, key, line from pg_temp.csv_import_keys
         where (kind = 'h' and key = any(${keysJson(handles)}))
            or (kind = 's' and key = any(${keysJson(skus)}))`,
  );
  const handleAt = new Map<string, number>();
  const skuAt = new Map<string, number>();
  for (const e of earlier) (e.kind === 'h' ? handleAt : skuAt).set(e.key, Number(e.line));
  const added: Array<{ kind: 'h' | 's'; key: string; line: number }> = [];
  const drafts: ProductDraft[] = [];
  const rejections: Rejection[] = [];
  for (const g of groups) {
    const handle = g.handle;
    const firstLine = handle === '' ? undefined : handleAt.get(handle);
    if (firstLine !== undefined) {
      for (const r of g.rows)
        rejections.push({
          line: r.line,
          handle,
          sku: r.sku,
          reason: `Handle "${handle}" already appeared from line ${firstLine}; keep a product's rows together.`,
        });
      continue;
    }
    if (handle !== '') {
      handleAt.set(handle, g.firstLine);
      added.push({ kind: 'h', key: handle, line: g.firstLine });
    }
    rejections.push(...g.rejections);
    if (!g.draft) continue;
    const variants = g.draft.variants.filter((v) => {
      const seenAt = skuAt.get(v.sku);
      if (seenAt === undefined) {
        skuAt.set(v.sku, v.line);
        added.push({ kind: 's', key: v.sku, line: v.line });
        return true;
      }
      rejections.push({
        line: v.line,
        handle,
        sku: v.sku,
        reason: `SKU "${v.sku}" is already used on line ${seenAt} of this file.`,
      });
      return false;
    });
    drafts.push({ ...g.draft, variants });
  }
  if (added.length > 0)
    await tx.execute(sql`
      insert into pg_temp.csv_import_keys (kind, key, line)
      select kind::"char", key, line
        from jsonb_to_recordset(${JSON.stringify(added)}::jsonb) as r(kind text, key text, line int)
      on conflict do nothing`);
  return { drafts, rejections };
}

function emptySummary(): ImportSummary {
  return {
    counts: { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 },
    rows: [],
    rejections: [],
  };
}

function countsAfter(counts: ImportCounts, verdicts: readonly RowVerdict[]): ImportCounts {
  const after = { ...counts };
  for (const v of verdicts) {
    after.rows++;
    after[v.verdict]++;
  }
  return after;
}

function rejectionsOf(verdicts: readonly RowVerdict[]): Rejection[] {
  return verdicts
    .filter((v) => v.verdict === 'rejected')
    .map((v) => ({ line: v.line, handle: v.handle, sku: v.sku, reason: v.reason ?? '' }));
}

function addVerdicts(
  summary: ImportSummary,
  verdicts: readonly RowVerdict[],
  keepRejections: number,
): void {
  summary.counts = countsAfter(summary.counts, verdicts);
  for (const v of verdicts) if (summary.rows.length < MAX_LISTED_ROWS) summary.rows.push(v);
  const room = keepRejections - summary.rejections.length;
  if (room > 0) summary.rejections.push(...rejectionsOf(verdicts).slice(0, room));
}

/**
 * The dry run: what importing the file would create, update, leave unchanged and refuse, row by
 * row (the first `MAX_LISTED_ROWS` rows and the refusals up to `keepRejections`, with exact
 * counts), judged against the database as it is. Writes nothing to the catalog: every batch is
 * only read, in a read-only transaction of its own (which may still write the session's
 * temporary key table); `onBatch` runs after it, outside it.
 */
export async function planImport(
  db: Database,
  source: CsvSource,
  options: Pick<ImportOptions, 'batchRows' | 'onBatch' | 'keepRejections'> = {},
): Promise<ImportSummary> {
  return withImportSession(db, async (session) => {
    const target = await importTarget(session.db);
    const summary = emptySummary();
    const keep = options.keepRejections ?? MAX_REPORTED_REJECTIONS;
    for await (const batch of readAhead(
      batchesOf(source, target.currency, options.batchRows ?? DEFAULT_BATCH_ROWS),
    )) {
      const result = await session.transaction(async (tx) => {
        await tx.execute(sql`set transaction read only`);
        const { drafts, rejections } = await firstInFile(tx, batch.groups);
        return importBatch(tx, drafts, rejections, target, false);
      });
      await options.onBatch?.(
        session.db,
        countsAfter(summary.counts, result.verdicts),
        rejectionsOf(result.verdicts),
      );
      addVerdicts(summary, result.verdicts, keep);
    }
    return summary;
  });
}

/**
 * Imports a product file: streamed, in batches of `batchRows` rows, each judged and written in
 * a transaction of its own (`importBatch`) together with the progress and the batch's refused
 * rows (`onBatch`), so a stopped import keeps the batches it finished and the job's counts say
 * how far it got. The whole import runs on one connection of its own (`withImportSession`),
 * and the next batch is read while this one is written. Rows are upserted by handle and SKU, so
 * importing the same file again creates and updates nothing and emits no event. Refused before
 * any write: a file that is not a product CSV. A quoting error further down stops the import
 * there (the finished batches stay).
 */
export async function runImport(
  db: Database,
  source: CsvSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  return withImportSession(db, async (session) => {
    const target = await importTarget(session.db, options);
    const summary = emptySummary();
    const keep = options.keepRejections ?? MAX_REPORTED_REJECTIONS;
    const statistics = await catalogStatistics(session.db);
    for await (const batch of readAhead(
      batchesOf(source, target.currency, options.batchRows ?? DEFAULT_BATCH_ROWS),
    )) {
      await statistics.refreshIfGrown(summary.counts.created);
      const result = await session.transaction(async (tx) => {
        const { drafts, rejections } = await firstInFile(tx, batch.groups);
        const written = await importBatch(tx, drafts, rejections, target, true);
        await options.onBatch?.(
          tx,
          countsAfter(summary.counts, written.verdicts),
          rejectionsOf(written.verdicts),
        );
        return written;
      });
      addVerdicts(summary, result.verdicts, keep);
    }
    return summary;
  });
}

const GROWING_TABLES = [
  'products',
  'product_options',
  'product_option_values',
  'product_variants',
  'variant_option_values',
  'product_prices',
  'inventory_levels',
];

/**
 * Keeps the planner's statistics in step with a catalog the import is growing. Postgres caches
 * the plans of the foreign-key checks (and of prepared statements) per connection; planned while
 * `product_variants` was empty, a key check scans the table for every row inserted, so a first
 * import into a new shop slowed down with each batch (about 400 rows/s at 10,000 rows). The
 * tables are analysed whenever the import has created as many variants as they held at the last
 * analysis (so about log2(rows / 1,000) times), which makes the cached plans be made again.
 */
async function catalogStatistics(db: Database) {
  const row = await firstRow<{ estimate: number }>(
    db,
    sql`select greatest(reltuples, 0)::bigint as estimate from pg_class
         where oid = 'product_variants'::regclass`,
  );
  let known = Number(row?.estimate ?? 0);
  let createdAtLast = 0;
  return {
    async refreshIfGrown(created: number) {
      const grown = created - createdAtLast;
      if (grown === 0 || grown < Math.max(known, DEFAULT_BATCH_ROWS)) return;
      await db.execute(sql.raw(`analyze ${GROWING_TABLES.join(', ')}`));
      known += grown;
      createdAtLast = created;
    },
  };
}
