import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StaffMember } from '@shop/core';
import { processImportJob } from '@shop/csv-io';
import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { captureLogger } from '@shop/logger/testing';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { createLocalStorage, type Storage } from '@shop/storage';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  handleImportReport,
  handleImportUpload,
  handleOrdersExport,
  handleProductsExport,
  type CsvFileDeps,
} from './edge/csv-files';

let tdb: TestDatabase;
let root: string;
let storage: Storage;
const { logger } = captureLogger();

const member = (role: StaffMember['role']): StaffMember => ({
  id: `staff-${role}`,
  email: `${role}@shop.local`,
  name: role,
  role,
});

function deps(role: StaffMember['role'] | null = 'manager', maxBytes?: number): CsvFileDeps {
  return {
    db: tdb.db,
    storage,
    getStaff: () => Promise.resolve(role ? member(role) : null),
    logger: () => logger,
    maxBytes,
  };
}

function upload(body: string | ReadableStream<Uint8Array> | null, d = deps()) {
  const req = new Request('http://admin.test/api/imports', {
    method: 'POST',
    body,
    headers: { 'x-filename': encodeURIComponent('spring catalog.csv') },
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return handleImportUpload(req, d);
}

async function storedFiles(): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, 'imports')).catch(() => []);
  // The disk driver keeps each file's content type beside it (`<key>.type`).
  return entries.filter((e) => !e.endsWith('.type')).sort();
}

const jobs = () =>
  queryRows<{ id: number; filename: string; bytes: number; status: string }>(
    tdb.db,
    sql`select id::int, filename, bytes, status from import_jobs order by id`,
  );

const FILE =
  '\uFEFFHandle,Title,Variant SKU,Variant Price\r\nmug,"Mug, large",MUG-1,12.00\r\nmug,,MUG-1,12.00\r\n';

beforeAll(async () => {
  tdb = await createTestDatabase('csv_files');
  await seedDemo(tdb.db, { products: 2 });
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'shop-imports-'));
  storage = createLocalStorage({ root });
});
afterAll(async () => {
  await tdb?.drop();
  await fs.rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  await tdb.db.execute(sql`truncate import_jobs restart identity`);
  await fs.rm(path.join(root, 'imports'), { recursive: true, force: true });
});

describe('POST /api/imports', () => {
  it('refuses without a session (401), without products:write (403), an empty body (400) and an oversized one (413), storing nothing', async () => {
    expect((await upload(FILE, deps(null))).status).toBe(401);
    expect((await upload(FILE, deps('support'))).status).toBe(403);
    expect((await upload('')).status).toBe(400);
    // A stream without a length is cut off at the limit while it flows.
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(FILE));
        controller.close();
      },
    });
    const tooLarge = await upload(big, deps('manager', 200));
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { message: string }).message).toMatch(/at most 200 bytes/);
    expect(await jobs()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it('streams the file to storage, records the job and its dry run, and serves the refused rows', async () => {
    const response = await upload(FILE);
    expect(response.status).toBe(201);
    const { importId } = (await response.json()) as { importId: number };
    expect(await jobs()).toEqual([
      {
        id: importId,
        filename: 'spring catalog.csv',
        bytes: Buffer.byteLength(FILE),
        status: 'uploaded',
      },
    ]);
    expect(await storedFiles()).toEqual([expect.stringMatching(/^[0-9a-f-]{36}\.csv$/)]);
    const checked = await processImportJob(tdb.db, storage, { importId, mode: 'plan' });
    expect(checked.counts).toMatchObject({ created: 1, rejected: 1 });

    const report = await handleImportReport(
      new Request(`http://admin.test/api/imports/${importId}/report.csv`),
      String(importId),
      deps('support'),
    );
    expect(report.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await report.text();
    expect(text).toContain('Line,Handle,Variant SKU,Reason');
    expect(text).toContain('3,mug,MUG-1,"SKU ""MUG-1"" is already used on line 2 of this file."');
    const missing = await handleImportReport(new Request('http://admin.test/x'), 'abc', deps());
    expect(missing.status).toBe(404);
  });
});

describe('exports', () => {
  it('streams the products CSV to staff who may read products, and refuses everyone else', async () => {
    const ok = await handleProductsExport(
      new Request('http://admin.test/api/exports/products.csv'),
      deps('support'),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe('attachment; filename="products.csv"');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await ok.arrayBuffer());
    expect(text.startsWith('\uFEFFHandle,Title,Body (HTML),Vendor')).toBe(true);
    expect(text.split('\r\n').length).toBeGreaterThan(2);
    const anonymous = await handleProductsExport(new Request('http://admin.test/x'), deps(null));
    expect(anonymous.status).toBe(401);
  });

  it('answers a bad date range with a sentence and a good one with the header', async () => {
    const bad = await handleOrdersExport(
      new Request('http://admin.test/api/exports/orders.csv?from=yesterday'),
      deps(),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe(
      '"from" must be a date such as 2026-01-31 (got "yesterday").',
    );
    const reversed = await handleOrdersExport(
      new Request('http://admin.test/api/exports/orders.csv?from=2026-02-01&to=2026-01-01'),
      deps(),
    );
    expect(reversed.status).toBe(400);
    const ok = await handleOrdersExport(
      new Request('http://admin.test/api/exports/orders.csv?from=2026-01-01&to=2026-02-01'),
      deps(),
    );
    expect(ok.status).toBe(200);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await ok.arrayBuffer());
    expect(text.startsWith('\uFEFFOrder,Created At,Email')).toBe(true);
  });
});
