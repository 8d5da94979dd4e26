import { sql } from 'drizzle-orm';
import { CommerceError } from '@shop/core';
import type { Database } from '@shop/db/client';
import { firstRow } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import { importBatch, type ImportTarget, type RowVerdict } from './batch';
import { draftProduct, type ProductDraft, type Rejection } from './drafts';
import { readCsvRows, type CsvRow, type CsvSource } from './read';

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
  /** Every rejected row up to `MAX_REPORTED_REJECTIONS` (the report); `counts.rejected` is the total. */
  rejections: Rejection[];
}

export const DEFAULT_BATCH_ROWS = 500;
export const MAX_LISTED_ROWS = 500;
export const MAX_REPORTED_REJECTIONS = 10_000;

export interface ImportOptions {
  /** Who runs it, for the stock ledger (`staff:<id>`, `import`). */
  actor?: string;
  importId?: number | null;
  batchRows?: number;
  /** Called in each batch's transaction after it was written (progress in `import_jobs`). */
  onBatch?: (tx: Database, counts: ImportCounts) => Promise<void>;
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

interface Batch {
  drafts: ProductDraft[];
  rejections: Rejection[];
  rows: number;
}

/**
 * The file's products in batches of about `batchRows` rows, checked row by row. Rows sharing a
 * handle must follow one another (as Shopify writes them); a handle met again after another
 * product, and a SKU already used by an earlier product of the file, are refused. Only the
 * handles and SKUs seen are remembered, never the rows, so memory grows with the catalog's
 * keys, not with the file.
 */
async function* batchesOf(
  source: CsvSource,
  currency: string,
  batchRows: number,
): AsyncGenerator<Batch> {
  const handlesSeen = new Map<string, number>();
  const skusSeen = new Map<string, number>();
  let batch: Batch = { drafts: [], rejections: [], rows: 0 };
  let group: CsvRow[] = [];
  let groupHandle: string | null = null;

  const flushGroup = () => {
    if (group.length === 0) return;
    const rows = group;
    group = [];
    batch.rows += rows.length;
    const handle = groupHandle ?? '';
    const firstLine = handlesSeen.get(handle);
    if (handle !== '' && firstLine !== undefined) {
      for (const r of rows)
        batch.rejections.push({
          line: r.line,
          handle,
          sku: r.values.get('Variant SKU') ?? '',
          reason: `Handle "${handle}" already appeared from line ${firstLine}; keep a product's rows together.`,
        });
      return;
    }
    if (handle !== '' && rows[0]) handlesSeen.set(handle, rows[0].line);
    const { draft, rejections } = draftProduct(rows, currency);
    batch.rejections.push(...rejections);
    if (!draft) return;
    draft.variants = draft.variants.filter((v) => {
      const seenAt = skusSeen.get(v.sku);
      if (seenAt === undefined) {
        skusSeen.set(v.sku, v.line);
        return true;
      }
      batch.rejections.push({
        line: v.line,
        handle,
        sku: v.sku,
        reason: `SKU "${v.sku}" is already used on line ${seenAt} of this file.`,
      });
      return false;
    });
    batch.drafts.push(draft);
  };

  for await (const row of readCsvRows(source)) {
    const handle = row.values.get('Handle') ?? '';
    if (group.length > 0 && (handle !== groupHandle || handle === '')) {
      flushGroup();
      if (batch.rows >= batchRows) {
        yield batch;
        batch = { drafts: [], rejections: [], rows: 0 };
      }
    }
    groupHandle = handle;
    group.push(row);
  }
  flushGroup();
  if (batch.rows > 0) yield batch;
}

function emptySummary(): ImportSummary {
  return {
    counts: { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 },
    rows: [],
    rejections: [],
  };
}

function addVerdicts(summary: ImportSummary, verdicts: readonly RowVerdict[]): void {
  for (const v of verdicts) {
    summary.counts.rows++;
    summary.counts[v.verdict]++;
    if (summary.rows.length < MAX_LISTED_ROWS) summary.rows.push(v);
    if (v.verdict === 'rejected' && summary.rejections.length < MAX_REPORTED_REJECTIONS)
      summary.rejections.push({
        line: v.line,
        handle: v.handle,
        sku: v.sku,
        reason: v.reason ?? '',
      });
  }
}

/**
 * The dry run: what importing the file would create, update, leave unchanged and refuse, row by
 * row (the first `MAX_LISTED_ROWS` rows and every refusal up to `MAX_REPORTED_REJECTIONS`,
 * with exact counts), judged against the database as it is. Writes nothing: every batch is only
 * read (in a read-only transaction of its own).
 */
export async function planImport(
  db: Database,
  source: CsvSource,
  options: Pick<ImportOptions, 'batchRows'> = {},
): Promise<ImportSummary> {
  const target = await importTarget(db);
  const summary = emptySummary();
  for await (const batch of batchesOf(
    source,
    target.currency,
    options.batchRows ?? DEFAULT_BATCH_ROWS,
  )) {
    const result = await runTransaction(db, async (tx) => {
      await tx.execute(sql`set transaction read only`);
      return importBatch(tx, batch.drafts, batch.rejections, target, false);
    });
    addVerdicts(summary, result.verdicts);
  }
  return summary;
}

/**
 * Imports a product file: streamed, in batches of `batchRows` rows (500), each judged and written
 * in a transaction of its own (`importBatch`) together with the progress (`onBatch`), so a
 * stopped import keeps the batches it finished and the job's counts say how far it got. Rows are
 * upserted by handle and SKU, so importing the same file again creates and updates nothing
 * and emits no event. Refused before any write: a file that is not a product CSV. A quoting
 * error further down stops the import there (the finished batches stay).
 */
export async function runImport(
  db: Database,
  source: CsvSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const target = await importTarget(db, options);
  const summary = emptySummary();
  const statistics = await catalogStatistics(db);
  for await (const batch of batchesOf(
    source,
    target.currency,
    options.batchRows ?? DEFAULT_BATCH_ROWS,
  )) {
    await statistics.refreshIfGrown(summary.counts.created);
    await runTransaction(db, async (tx) => {
      const result = await importBatch(tx, batch.drafts, batch.rejections, target, true);
      const counts = { ...summary.counts };
      for (const v of result.verdicts) {
        counts.rows++;
        counts[v.verdict]++;
      }
      await options.onBatch?.(tx, counts);
      return result;
    }).then((result) => addVerdicts(summary, result.verdicts));
  }
  return summary;
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
 * analysis (so about log2(rows / 500) times), which makes the cached plans be made again.
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
