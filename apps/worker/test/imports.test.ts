import { Readable } from 'node:stream';
import { cacheTags, countUndispatchedEvents } from '@shop/core';
import {
  DEFAULT_BATCH_ROWS,
  createImportJob,
  getImportJob,
  runImport,
  startImportJob,
  type ImportFiles,
} from '@shop/csv-io';
import { fixtureChunks } from '@shop/csv-io/fixture';
import { listQueuedJobs } from '@shop/db/jobs';
import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { createMemoryCache } from '@shop/cache';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { Logger, runOnce, type TaskList } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchEventsTask } from '../src/dispatcher/dispatch';
import { cacheInvalidationHandler, revalidationHandler } from '../src/dispatcher/handlers';
import { importProductsTask } from '../src/tasks/imports';
import { revalidateTask } from '../src/tasks/revalidate';
import { fakeStorefront } from './fake-storefront';

const secret = 'imports-test-secret-'.padEnd(48, 'x');

let tdb: TestDatabase;
let replicas: Awaited<ReturnType<typeof fakeStorefront>>[];

beforeAll(async () => {
  tdb = await createTestDatabase('imports');
  await seedDemo(tdb.db, { products: 2 });
  replicas = [await fakeStorefront(secret), await fakeStorefront(secret)];
}, 60_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await tdb?.drop();
});

/** Uploaded files in memory, shaped like the Shop's storage. */
function memoryFiles(): ImportFiles & { files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  return {
    files,
    async put(key, body) {
      if (!Buffer.isBuffer(body)) throw new Error('buffers only in this test');
      files.set(key, body);
    },
    async get(key) {
      const bytes = files.get(key);
      return bytes ? { body: Readable.from([bytes]) } : null;
    },
  };
}

async function runQueue(taskList: TaskList) {
  for (let round = 0; round < 40; round++) {
    await new Promise((r) => setTimeout(r, 250));
    await runOnce({
      connectionString: tdb.url,
      taskList,
      logger: new Logger(() => () => undefined),
    });
    const [due] = await queryRows<{ n: number }>(
      tdb.db,
      sql`
      select count(*)::int as n from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = any(${`{${Object.keys(taskList).join(',')}}`}::text[])
         and (j.locked_at is not null or j.attempts = 0)`,
    );
    if (Number(due?.n) === 0) return;
  }
  throw new Error('jobs were still waiting after 40 rounds');
}

function tasks(files: ImportFiles): TaskList {
  const urls = replicas.map((r) => r.url);
  return {
    'dispatch-events': dispatchEventsTask({
      db: tdb.db,
      handlers: [revalidationHandler(urls), cacheInvalidationHandler(createMemoryCache())],
    }),
    revalidate: revalidateTask({ storefrontUrls: urls, secret }),
    'import-products': importProductsTask(tdb.db, files),
  };
}

describe('import-products', () => {
  it('a 10,000-row import is one event per 1,000-row batch and at most 10 revalidation calls per replica', async () => {
    const result = await runImport(tdb.db, fixtureChunks({ rows: 10_000, offset: 100_000 }));
    expect(result.counts.created).toBe(10_000);
    expect(await countUndispatchedEvents(tdb.db)).toBe(10_000 / DEFAULT_BATCH_ROWS);
    await runQueue(tasks(memoryFiles()));
    expect(await countUndispatchedEvents(tdb.db)).toBe(0);
    for (const replica of replicas) {
      expect(replica.received.length).toBeGreaterThanOrEqual(1);
      expect(replica.received.length).toBeLessThanOrEqual(10);
      expect(replica.received.flat()).toContain(cacheTags.catalog);
    }
    expect(await listQueuedJobs(tdb.db, 'revalidate')).toEqual([]);
  }, 120_000);

  it('the worker checks an upload, then imports it once started', async () => {
    const files = memoryFiles();
    let text = '';
    for await (const chunk of fixtureChunks({ rows: 30, invalid: 1, offset: 500_000 }))
      text += chunk;
    await files.put('imports/t.csv', Buffer.from(text), { contentType: 'text/csv' });
    const job = await createImportJob(tdb.db, {
      filename: 't.csv',
      storageKey: 'imports/t.csv',
      bytes: text.length,
      createdBy: 'staff:1',
    });
    await runQueue(tasks(files));
    expect(await getImportJob(tdb.db, job.id)).toMatchObject({
      status: 'checked',
      counts: { created: 29, rejected: 1 },
    });
    await startImportJob(tdb.db, job.id);
    await runQueue(tasks(files));
    expect(await getImportJob(tdb.db, job.id)).toMatchObject({
      status: 'completed',
      processedRows: 30,
      counts: { created: 29, updated: 0, rejected: 1 },
    });
  }, 60_000);
});
