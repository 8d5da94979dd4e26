/**
 * The worker with an edge in front of the storefront (`EDGE_PURGE_URL`): the dispatcher's one
 * revalidation job refreshes every replica and only then purges the edge, once, signed, with
 * the change's edge keys. Two fake replicas and a fake edge (node:http) that checks the purge's
 * signature with the core's `verifyEdgePurge`, as the real edge does through the storefront.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { edgePurgeKeys, updateProduct, verifyEdgePurge } from '@shop/core';
import { listQueuedJobs } from '@shop/db/jobs';
import { products } from '@shop/db/schema';
import { seedDemo } from '@shop/db/seed';
import { shopMetrics } from '@shop/observability';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { asc, sql } from 'drizzle-orm';
import { Logger, runOnce, type TaskList } from 'graphile-worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatchEventsTask } from '../src/dispatcher/dispatch';
import { revalidationHandler } from '../src/dispatcher/handlers';
import { revalidateTask } from '../src/tasks/revalidate';
import { fakeStorefront } from './fake-storefront';

const secret = 'edge-purge-test-secret-'.padEnd(48, 'x');

let tdb: TestDatabase;
let replicas: Awaited<ReturnType<typeof fakeStorefront>>[];
let edge: Awaited<ReturnType<typeof fakeEdge>>;

/** Records each purge's verdict and keys, and how many replica calls had been made by then. */
async function fakeEdge() {
  const purges: { status: number; keys: string[]; replicaCallsBefore: number }[] = [];
  const answer = { status: 0 };
  const server = http.createServer((req, res) => {
    const headers = { get: (n: string) => (req.headers[n] as string | undefined) ?? null };
    const result = verifyEdgePurge(secret, headers);
    const status = answer.status || (result.ok ? 200 : 403);
    purges.push({
      status,
      keys: result.ok ? result.tags : [],
      replicaCallsBefore: replicas.reduce((n, r) => n + r.received.length, 0),
    });
    res.writeHead(status, { 'x-edge-purged': '3' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    purges,
    answer,
    close: () => new Promise((r) => server.close(r)),
  };
}

beforeAll(async () => {
  tdb = await createTestDatabase('edge-purge');
  await seedDemo(tdb.db, { products: 5 });
  replicas = [await fakeStorefront(secret), await fakeStorefront(secret)];
  edge = await fakeEdge();
}, 120_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await edge?.close();
  await tdb?.drop();
});
beforeEach(async () => {
  await tdb.db.execute(sql`delete from graphile_worker._private_jobs`);
  await tdb.db.execute(
    sql`update domain_events set dispatched_at = now() where dispatched_at is null`,
  );
  for (const r of replicas) r.received.length = 0;
  edge.purges.length = 0;
  edge.answer.status = 0;
});

function tasks(): TaskList {
  const urls = replicas.map((r) => r.url);
  return {
    'dispatch-events': dispatchEventsTask({
      db: tdb.db,
      handlers: [revalidationHandler(urls, { edge: true })],
    }),
    revalidate: revalidateTask({
      storefrontUrls: urls,
      secret,
      edge: { url: edge.url, secret, db: tdb.db },
    }),
  };
}

async function runOnceQuietly(taskList: TaskList) {
  await new Promise((r) => setTimeout(r, 250));
  await runOnce({ connectionString: tdb.url, taskList, logger: new Logger(() => () => {}) });
}

async function firstProduct() {
  const [row] = await tdb.db
    .select({ id: products.id, handle: products.handle })
    .from(products)
    .orderBy(asc(products.id))
    .limit(1);
  if (!row) throw new Error('no product');
  return row;
}

async function purged(result: 'ok' | 'failed'): Promise<number> {
  const data = await shopMetrics().edgePurges.get();
  return data.values.find((v) => v.labels.result === result)?.value ?? 0;
}

describe('purging the edge after a change', () => {
  it('revalidates every replica first, then sends one signed purge of the change’s keys (counted ok)', async () => {
    const product = await firstProduct();
    const okBefore = await purged('ok');
    await updateProduct(tdb.db, { id: product.id, title: 'Renamed for the edge' });
    // One job for all the replicas, not one per replica.
    await runOnceQuietly({ 'dispatch-events': tasks()['dispatch-events'] as TaskList[string] });
    const jobs = await listQueuedJobs(tdb.db, 'revalidate');
    expect(jobs).toHaveLength(1);

    await runOnceQuietly(tasks());
    for (const r of replicas) expect(r.received).toEqual([[`catalog`, `product:${product.id}`]]);
    expect(edge.purges).toEqual([
      {
        status: 200,
        keys: ['catalog', 'listing', `product-handle:${product.handle}`],
        replicaCallsBefore: 2,
      },
    ]);
    expect(await purged('ok')).toBe(okBefore + 1);
    expect(await listQueuedJobs(tdb.db, 'revalidate')).toEqual([]);
  }, 60_000);

  it('keeps the job for a retry when the edge refuses the purge (counted failed)', async () => {
    const product = await firstProduct();
    const failedBefore = await purged('failed');
    edge.answer.status = 403;
    await updateProduct(tdb.db, { id: product.id, title: 'Refused at the edge' });
    // The dispatch, then the job (a second pass finds it in its backoff and leaves it).
    await runOnceQuietly(tasks());
    await runOnceQuietly(tasks());
    expect(edge.purges).toHaveLength(1);
    expect(await purged('failed')).toBe(failedBefore + 1);
    const [job] = await listQueuedJobs(tdb.db, 'revalidate');
    expect(job?.attempts).toBe(1);
    expect(job?.lastError).toMatch(/answered 403 to a purge/);
  }, 60_000);

  it('maps a product tag to its current handle’s page and the listings, and keeps the other tags', async () => {
    const product = await firstProduct();
    expect(await edgePurgeKeys(tdb.db, [`product:${product.id}`])).toEqual([
      'listing',
      `product-handle:${product.handle}`,
    ]);
    expect(
      await edgePurgeKeys(tdb.db, ['catalog', 'product-handle:old-name', 'product:999999']),
    ).toEqual(['catalog', 'listing', 'product-handle:old-name']);
  });
});
