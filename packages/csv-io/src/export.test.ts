import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import {
  createImportJob,
  exportProductsCsv,
  getImportJob,
  processImportJob,
  rejectionsCsv,
  runImport,
  startImportJob,
  type ImportFiles,
} from './index';
import { productFixture } from './fixture';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('csvexport');
  await seedDemo(tdb.db, { products: 40 });
});
afterAll(async () => {
  await tdb.drop();
});

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const c of chunks) text += c;
  return text;
}

async function* once(text: string) {
  yield Buffer.from(text);
}

async function count(table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tdb.db,
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return Number(row?.n);
}

/** Files kept in memory, shaped like the Shop's storage. */
function memoryFiles(): ImportFiles & { files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  return {
    files,
    async put(key, body) {
      if (Buffer.isBuffer(body)) files.set(key, body);
      else {
        const parts: Buffer[] = [];
        for await (const p of body) parts.push(Buffer.from(p as Buffer));
        files.set(key, Buffer.concat(parts));
      }
    },
    async get(key) {
      const bytes = files.get(key);
      return bytes ? { body: Readable.from([bytes]) } : null;
    },
  };
}

describe('product CSV export', () => {
  it('exports the seeded catalog so that importing it back changes nothing', async () => {
    const text = await collect(exportProductsCsv(tdb.db));
    const records = parse(text, { bom: true }) as string[][];
    const variants = await count('product_variants');
    const images = await count('product_images');
    const products = await count('products');
    // One row per variant plus one per image beyond each product's first.
    expect(records.length - 1).toBe(variants + images - products);
    const events = await count('domain_events');
    const result = await runImport(tdb.db, once(text));
    expect(result.counts).toMatchObject({ created: 0, updated: 0, rejected: 0 });
    expect(result.counts.unchanged).toBe(variants);
    expect(await count('domain_events')).toBe(events);
    expect(await count('stock_adjustments')).toBe(0);
  });

  it('round-trips an imported file with unicode, quotes and line breaks', async () => {
    const file = [...productFixture({ rows: 200, offset: 5000 })].map((r) => r.text).join('');
    await runImport(tdb.db, once(file));
    const exported = await collect(exportProductsCsv(tdb.db));
    expect(exported).toContain(
      '"<p>Soft, light and warm.</p>\n<p>Wash at 30°, ""gently"".</p>\nNo 5000"',
    );
    const events = await count('domain_events');
    const again = await runImport(tdb.db, once(exported));
    expect(again.counts).toMatchObject({ created: 0, updated: 0, rejected: 0 });
    expect(await count('domain_events')).toBe(events);
  });
});

describe('import jobs', () => {
  it('checks an upload, starts once however often clicked, imports with progress and a report', async () => {
    const storage = memoryFiles();
    const file = [...productFixture({ rows: 60, invalid: 2, offset: 9000 })];
    await storage.put('imports/a.csv', Buffer.from(file.map((r) => r.text).join('')), {
      contentType: 'text/csv',
    });
    const job = await createImportJob(tdb.db, {
      filename: 'products.csv',
      storageKey: 'imports/a.csv',
      bytes: 1,
      createdBy: 'staff:1',
    });
    expect(job.status).toBe('uploaded');
    await expect(startImportJob(tdb.db, job.id)).rejects.toThrow(/still being checked/);

    const checked = await processImportJob(tdb.db, storage, { importId: job.id, mode: 'plan' });
    expect(checked.status).toBe('checked');
    expect(checked.counts).toEqual({ created: 58, updated: 0, unchanged: 0, rejected: 2 });
    expect(await count('products')).toBe(40 + 100); // nothing of the file yet

    const [first, second] = await Promise.all([
      startImportJob(tdb.db, job.id),
      startImportJob(tdb.db, job.id),
    ]);
    expect([first.status, second.status]).toEqual(['running', 'running']);
    const queued = await queryRows<{ n: number }>(
      tdb.db,
      sql`select count(*)::int as n from graphile_worker._private_jobs j
            join graphile_worker._private_tasks t on t.id = j.task_id
           where t.identifier = 'import-products' and j.payload->>'mode' = 'run'
             and (j.payload->>'importId')::bigint = ${job.id}`,
    );
    expect(Number(queued[0]?.n)).toBe(1);

    const done = await processImportJob(tdb.db, storage, {
      importId: job.id,
      mode: 'run',
      batchRows: 20,
    });
    expect(done.status).toBe('completed');
    expect(done.processedRows).toBe(60);
    expect(done.counts).toEqual({ created: 58, updated: 0, unchanged: 0, rejected: 2 });
    const report = parse(rejectionsCsv(done.rejections), { bom: true }) as string[][];
    expect(report[0]).toEqual(['Line', 'Handle', 'Variant SKU', 'Reason']);
    expect(report.slice(1).map((r) => Number(r[0]))).toEqual(
      file.filter((r) => r.invalid).map((r) => r.line),
    );
    // A replayed run job finds the job completed and does nothing.
    const replay = await processImportJob(tdb.db, storage, { importId: job.id, mode: 'run' });
    expect(replay.finishedAt).toEqual(done.finishedAt);
  });

  it('marks a file that is not CSV failed with its sentence', async () => {
    const storage = memoryFiles();
    await storage.put('imports/b.csv', Buffer.from([0, 1, 2, 3, 0xff]), {
      contentType: 'text/csv',
    });
    const job = await createImportJob(tdb.db, {
      filename: 'photo.png',
      storageKey: 'imports/b.csv',
      bytes: 5,
      createdBy: 'staff:1',
    });
    const failed = await processImportJob(tdb.db, storage, { importId: job.id, mode: 'plan' });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/not a CSV text file/);
    await expect(startImportJob(tdb.db, job.id)).rejects.toThrow(/failed its check/);
    expect((await getImportJob(tdb.db, job.id)).status).toBe('failed');
  });
});
