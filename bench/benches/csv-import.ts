import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

// A full collection before each measurement, so the baseline is live memory, not garbage.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/**
 * The process's peak resident memory and peak V8 heap while `fn` runs, sampled every 20 ms, in MB
 * above the start, and the heap still live after it (a full collection): what the import keeps.
 */
async function withMemory<T>(fn: () => Promise<T>) {
  collect();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, 20);
  try {
    const value = await fn();
    sample();
    collect();
    const mb = (bytes: number) => round(bytes / 1e6, 1);
    return {
      value,
      peakRssMb: mb(peakRss - base.rss),
      peakHeapMb: mb(peakHeap - base.heapUsed),
      baseRssMb: mb(base.rss),
    };
  } finally {
    clearInterval(timer);
  }
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
  const files: Record<string, string[]> = {
    products: [],
    product_options: [],
    product_option_values: [],
    product_variants: [],
    variant_option_values: [],
    product_prices: [],
    inventory_levels: [],
    stock_adjustments: [],
    product_images: [],
  };
  const products = Math.ceil(rows / 2);
  let variant = 0;
  for (let p = 1; p <= products; p++) {
    files.products?.push(
      tsv([
        `copy-${p}`,
        `Tee ${p}`,
        '<p>Soft, light and warm.</p>\n<p>Wash at 30°.</p>',
        'Northwind',
        'Shirt',
        '{summer,cotton}',
        'active',
      ]),
    );
    files.product_options?.push(tsv([p, 'Size', 0]));
    files.product_images?.push(
      tsv([p, `https://images.example.com/copy-${p}.jpg`, `copy-${p}`, 0, 1200, 1200]),
    );
    for (const [i, size] of ['S', 'M'].entries()) {
      if (variant >= rows) break;
      variant++;
      files.product_option_values?.push(tsv([p, size, i]));
      files.product_variants?.push(tsv([p, `COPY-${p}-${size}`, size, i, `400${p}${i}`, 250]));
      files.variant_option_values?.push(tsv([variant, variant]));
      files.product_prices?.push(tsv([variant, 'USD', 1250, null]));
      files.inventory_levels?.push(tsv([variant, locationId, p % 50, 0]));
      files.stock_adjustments?.push(tsv([variant, locationId, p % 50, p % 50, 'import', 'copy']));
    }
  }
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
    await writeFile(path.join(dir, `${table}.tsv`), lines.join(''), { mode: 0o644 });
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
 * database, streamed from the generator, and prints rows per second and the peak resident
 * memory above the start (flat as the file grows: the file is never held). Then the same rows
 * through `COPY` (the ceiling) and the import's share of it. Re-importing the 10,000-row file
 * (nothing changes) is measured too. Nothing is asserted.
 */
export const csvImportBench: Bench = {
  name: 'csv-import',
  description: 'import product CSVs of 10,000 and 100,000 rows; rows/s, peak RSS, vs COPY',
  uses: [],
  async run(_options, emit) {
    const url = await freshDatabase('bench_csv_import');
    const db = benchDb(url, 2);
    await seedDemo(db, { products: 1 });
    for (const [index, rows] of SIZES.entries()) {
      const offset = (index + 1) * 1_000_000;
      await checkpoint(db);
      log(`Importing ${rows.toLocaleString('en')} rows`);
      const started = performance.now();
      const {
        value: summary,
        peakRssMb,
        peakHeapMb,
        baseRssMb,
      } = await withMemory(() => runImport(db, fixtureChunks({ rows, offset })));
      const seconds = (performance.now() - started) / 1000;
      const again = performance.now();
      const second =
        rows === SIZES[0] ? await runImport(db, fixtureChunks({ rows, offset })) : null;
      const reimportSeconds = (performance.now() - again) / 1000;
      await checkpoint(db);
      log(`COPY of ${rows.toLocaleString('en')} rows`);
      const copySeconds = await copyCeiling(db, rows);
      const rowsPerSecond = Math.round(rows / seconds);
      const copyRowsPerSecond = Math.round(rows / copySeconds);
      emit({
        rows,
        created: summary.counts.created,
        seconds: round(seconds),
        rowsPerSecond,
        peakRssMb,
        peakHeapMb,
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
      });
      // The next size starts from an empty catalog too.
      await db.execute(sql`truncate products, stock_adjustments restart identity cascade`);
    }
  },
};
