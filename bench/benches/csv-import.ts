import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { runImport } from '@shop/csv-io';
import { fixtureChunks } from '@shop/csv-io/fixture';
import type { Db } from '@shop/db/client';
import { firstRow } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { sql } from 'drizzle-orm';
import type { Bench } from '../lib/bench';
import { defer } from '../lib/cleanup';
import { freshDatabase } from '../lib/database';
import { log, round } from '../lib/log';
import { benchDb, checkpoint } from '../lib/pool';

const SIZES = [10_000, 100_000];
/** Targets printed beside the figures (issue 11), never checked. */
const TARGET_ROWS_PER_SECOND = 5_000;
const TARGET_SHARE_OF_COPY = 0.25;

// A full collection before each measurement, so the baseline is live memory, not garbage.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/**
 * What the import holds while `fn` runs, in MB above the start (taken after a full collection,
 * so the baseline is live memory, not garbage):
 * - `peakLiveHeapMb`: the V8 heap still in use after a full collection, forced once a second
 *   during the run (each costs a few milliseconds, about 1 % of the run): what the import keeps,
 *   the figure that must not grow with the file;
 * - `peakHeapMb`: the heap in use sampled every 20 ms, garbage included, which is where V8's
 *   collector lets it reach (it lets more garbage build up in a longer run);
 * - `peakRssMb`: resident memory sampled every 20 ms, which also counts what V8 and the driver's
 *   buffers took from the system (and keep afterwards, so a later run starts higher).
 */
async function withMemory<T>(fn: () => Promise<T>) {
  collect();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let peakLive = base.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const live = () => {
    sample();
    collect();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sample, 20);
  const collector = setInterval(live, 1_000);
  try {
    const value = await fn();
    sample();
    const mb = (bytes: number) => round(bytes / 1e6, 1);
    return {
      value,
      peakLiveHeapMb: mb(peakLive - base.heapUsed),
      peakHeapMb: mb(peakHeap - base.heapUsed),
      peakRssMb: mb(peakRss - base.rss),
      baseRssMb: mb(base.rss),
    };
  } finally {
    clearInterval(sampler);
    clearInterval(collector);
  }
}

/** Lines joined into pieces of about 64 KB, so a file is written in few, large writes. */
function* chunks(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Writes generated text to a file as it is generated (with back-pressure): never held whole. */
async function writeStreamed(
  file: string,
  pieces: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  await pipeline(Readable.from(pieces), createWriteStream(file, { mode: 0o644 }));
}

/** Tab-separated text for COPY: backslash, tab and line breaks escaped. */
function tsv(values: ReadonlyArray<string | number | null>): string {
  return `${values
    .map((v) =>
      v === null
        ? '\\N'
        : String(v)
            .replace(/\\/g, '\\\\')
            .replace(/\t/g, '\\t')
            .replace(/\n/g, '\\n')
            .replace(/\r/g, '\\r'),
    )
    .join('\t')}\n`;
}

/**
 * The ceiling: the same catalog rows (products with two variants, option Size, a price, stock
 * and a ledger line, an image) loaded with server-side `COPY` into the same tables, ids known in
 * advance (the tables are emptied with their identities restarted). No checks, no upsert, no
 * diff, no event: what Postgres can take at most.
 */
async function copyCeiling(db: Db, rows: number): Promise<number> {
  await db.execute(sql`truncate products, product_options, product_option_values, product_variants,
    variant_option_values, product_prices, product_images, inventory_levels, stock_adjustments
    restart identity cascade`);
  const location = await firstRow<{ id: number }>(
    db,
    sql`select id from stock_locations order by id limit 1`,
  );
  const locationId = Number(location?.id);
  const dir = await mkdtemp(path.join(tmpdir(), 'csv-copy-'));
  // The server reads the files itself, as its own user.
  await chmod(dir, 0o755);
  defer('remove the COPY files', () => rm(dir, { recursive: true, force: true }));
  const products = Math.ceil(rows / 2);
  /** Each product's variants: [product, size, position, variant number]. */
  function* variants() {
    let variant = 0;
    for (let p = 1; p <= products; p++)
      for (const [i, size] of ['S', 'M'].entries()) {
        if (variant >= rows) return;
        variant++;
        yield [p, size, i, variant] as const;
      }
  }
  function* each<T>(items: Iterable<T>, line: (item: T) => ReadonlyArray<string | number | null>) {
    for (const item of items) yield tsv(line(item));
  }
  function* productNumbers() {
    for (let p = 1; p <= products; p++) yield p;
  }
  const files: Record<string, () => Iterable<string>> = {
    products: () =>
      each(productNumbers(), (p) => [
        `copy-${p}`,
        `Tee ${p}`,
        '<p>Soft, light and warm.</p>\n<p>Wash at 30°.</p>',
        'Northwind',
        'Shirt',
        '{summer,cotton}',
        'active',
      ]),
    product_options: () => each(productNumbers(), (p) => [p, 'Size', 0]),
    product_option_values: () => each(variants(), ([p, size, i]) => [p, size, i]),
    product_variants: () =>
      each(variants(), ([p, size, i]) => [p, `COPY-${p}-${size}`, size, i, `400${p}${i}`, 250]),
    variant_option_values: () => each(variants(), ([, , , v]) => [v, v]),
    product_prices: () => each(variants(), ([, , , v]) => [v, 'USD', 1250, null]),
    inventory_levels: () => each(variants(), ([p, , , v]) => [v, locationId, p % 50, 0]),
    stock_adjustments: () =>
      each(variants(), ([p, , , v]) => [v, locationId, p % 50, p % 50, 'import', 'copy']),
    product_images: () =>
      each(productNumbers(), (p) => [
        p,
        `https://images.example.com/copy-${p}.jpg`,
        `copy-${p}`,
        0,
        1200,
        1200,
      ]),
  };
  const columns: Record<string, string> = {
    products: 'handle, title, description, vendor, product_type, tags, status',
    product_options: 'product_id, name, position',
    product_option_values: 'option_id, value, position',
    product_variants: 'product_id, sku, title, position, barcode, weight_grams',
    variant_option_values: 'variant_id, option_value_id',
    product_prices: 'variant_id, currency_code, amount, compare_at_amount',
    inventory_levels: 'variant_id, location_id, on_hand, reserved',
    stock_adjustments: 'variant_id, location_id, delta, on_hand_after, reason, actor',
    product_images: 'product_id, url, alt, position, width, height',
  };
  for (const [table, lines] of Object.entries(files))
    await writeStreamed(path.join(dir, `${table}.tsv`), chunks(lines()));
  const started = performance.now();
  for (const table of Object.keys(files)) {
    const file = path.join(dir, `${table}.tsv`);
    await db.execute(
      sql.raw(`copy ${table} (${columns[table]}) from '${file.replace(/'/g, "''")}'`),
    );
  }
  return (performance.now() - started) / 1000;
}

/**
 * `pnpm bench csv-import`: imports generated product CSVs of 10,000 and 100,000 rows (two
 * variants a product, quoted bodies with line breaks, unicode) through `runImport` into a fresh
 * database. Each file is first written to disk as it is generated (never held), then imported
 * from a file stream, as the worker reads an upload from storage. Prints rows per second and the
 * peak V8 heap and resident memory above the start for each size, the same rows through `COPY`
 * (the ceiling) and the import's share of it; then how the peaks of the two sizes compare
 * (flat: the larger file needs no more live memory). Re-importing the 10,000-row file (nothing
 * changes) is measured too. Nothing is asserted.
 */
export const csvImportBench: Bench = {
  name: 'csv-import',
  description: 'import product CSVs of 10,000 and 100,000 rows; rows/s, peak memory, vs COPY',
  uses: [],
  async run(_options, emit) {
    const url = await freshDatabase('bench_csv_import');
    const db = benchDb(url, 2);
    await seedDemo(db, { products: 1 });
    const dir = await mkdtemp(path.join(tmpdir(), 'csv-import-'));
    defer('remove the generated CSV files', () => rm(dir, { recursive: true, force: true }));
    const peaks: Array<{
      rows: number;
      peakLiveHeapMb: number;
      peakHeapMb: number;
      peakRssMb: number;
    }> = [];
    for (const [index, rows] of SIZES.entries()) {
      const offset = (index + 1) * 1_000_000;
      const file = path.join(dir, `products-${rows}.csv`);
      await writeStreamed(file, fixtureChunks({ rows, offset }));
      const bytes = (await stat(file)).size;
      await checkpoint(db);
      log(`Importing ${rows.toLocaleString('en')} rows (${round(bytes / 1e6, 1)} MB)`);
      const started = performance.now();
      const {
        value: summary,
        peakLiveHeapMb,
        peakHeapMb,
        peakRssMb,
        baseRssMb,
      } = await withMemory(() => runImport(db, createReadStream(file)));
      const seconds = (performance.now() - started) / 1000;
      peaks.push({ rows, peakLiveHeapMb, peakHeapMb, peakRssMb });
      const again = performance.now();
      const second = rows === SIZES[0] ? await runImport(db, createReadStream(file)) : null;
      const reimportSeconds = (performance.now() - again) / 1000;
      await rm(file);
      await checkpoint(db);
      log(`COPY of ${rows.toLocaleString('en')} rows`);
      const copySeconds = await copyCeiling(db, rows);
      const rowsPerSecond = Math.round(rows / seconds);
      const copyRowsPerSecond = Math.round(rows / copySeconds);
      emit({
        rows,
        fileMb: round(bytes / 1e6, 1),
        created: summary.counts.created,
        seconds: round(seconds),
        rowsPerSecond,
        targetRowsPerSecond: TARGET_ROWS_PER_SECOND,
        peakLiveHeapMb,
        peakHeapMb,
        peakRssMb,
        baseRssMb,
        ...(second
          ? {
              reimportUnchanged: second.counts.unchanged,
              reimportRowsPerSecond: Math.round(rows / reimportSeconds),
            }
          : {}),
        copySeconds: round(copySeconds),
        copyRowsPerSecond,
        shareOfCopy: round(rowsPerSecond / copyRowsPerSecond, 3),
        targetShareOfCopy: TARGET_SHARE_OF_COPY,
      });
      // The next size starts from an empty catalog too.
      await db.execute(sql`truncate products, stock_adjustments restart identity cascade`);
    }
    const [small, large] = peaks;
    if (small && large) {
      // Below 1 MB a peak is sampling noise; the ratio then compares against 1 MB.
      const ratio = (a: number, b: number) => round(Math.max(a, 1) / Math.max(b, 1), 2);
      const liveHeapRatio = ratio(large.peakLiveHeapMb, small.peakLiveHeapMb);
      emit({
        memory: 'flatness',
        rows: [small.rows, large.rows],
        peakLiveHeapMb: [small.peakLiveHeapMb, large.peakLiveHeapMb],
        peakHeapMb: [small.peakHeapMb, large.peakHeapMb],
        peakRssMb: [small.peakRssMb, large.peakRssMb],
        liveHeapRatio,
        heapRatio: ratio(large.peakHeapMb, small.peakHeapMb),
        rssRatio: ratio(large.peakRssMb, small.peakRssMb),
        // Ten times the rows, and what the import keeps grows by less than half.
        flat: liveHeapRatio < 1.5,
      });
    }
  },
};
