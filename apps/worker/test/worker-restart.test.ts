import { cacheTags, countUndispatchedEvents, listDomainEvents, updateProduct } from '@shop/core';
import { products } from '@shop/db/schema';
import { listQueuedJobs } from '@shop/db/jobs';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeStorefront } from './fake-storefront';
import { killHard, startWorker, waitFor } from './worker-process';

const secret = 'worker-restart-test-secret-'.padEnd(48, 'x');

describe('worker restart', () => {
  let tdb: TestDatabase;
  let storefront: Awaited<ReturnType<typeof fakeStorefront>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    tdb = await createTestDatabase('worker');
    await seedDemo(tdb.db, { products: 5 });
    storefront = await fakeStorefront(secret);
    env = {
      DATABASE_URL: tdb.url,
      REVALIDATE_SECRET: secret,
      STOREFRONT_URL: storefront.url,
      WORKER_CONCURRENCY: '1',
    };
  });

  afterAll(async () => {
    await storefront.close();
    await tdb.drop();
  });

  it('keeps a job enqueued while the worker is dead and runs it after restart', async () => {
    const [product] = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(1);
    if (!product) throw new Error('seed produced no product');

    // A worker is running, then dies hard (no graceful shutdown) before the edit.
    const first = startWorker(env);
    await first.ready;
    await killHard(first);

    await updateProduct(tdb.db, { id: product.id, title: 'Renamed while the worker was dead' });

    // The event is durable: it sits in the outbox with its dispatch job, and nobody has been
    // told yet.
    const [event] = await listDomainEvents(tdb.db, { type: 'product.updated' });
    expect(event).toMatchObject({ payload: { productId: product.id }, dispatchedAt: null });
    // (The dead worker may have left its own start-up wake-up locked; the edit's is pending.)
    expect((await listQueuedJobs(tdb.db, 'dispatch-events')).length).toBeGreaterThanOrEqual(1);
    expect(await listQueuedJobs(tdb.db, 'revalidate')).toEqual([]);
    expect(storefront.received).toHaveLength(0);

    const second = startWorker(env);
    try {
      await second.ready;
      const tags = await waitFor(() =>
        storefront.received.find((t) => t.includes(cacheTags.product(product.id))),
      );
      expect(tags).toEqual(
        expect.arrayContaining([cacheTags.product(product.id), cacheTags.catalog]),
      );
      await waitFor(async () =>
        (await listQueuedJobs(tdb.db, 'revalidate')).length === 0 &&
        (await countUndispatchedEvents(tdb.db)) === 0
          ? true
          : undefined,
      );
    } finally {
      await killHard(second);
    }
  });

  it('retries when the storefront is down instead of dropping the job', async () => {
    const [product] = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(1);
    if (!product) throw new Error('seed produced no product');
    const worker = startWorker({ ...env, STOREFRONT_URL: 'http://127.0.0.1:9' });
    try {
      await worker.ready;
      await updateProduct(tdb.db, { id: product.id, description: 'Storefront is down' });
      const failed = await waitFor(async () => {
        const [job] = await listQueuedJobs(tdb.db, 'revalidate');
        return job && job.attempts >= 1 && job.lastError ? job : undefined;
      });
      expect(failed.attempts).toBeGreaterThanOrEqual(1);
    } finally {
      await killHard(worker);
    }
  });

  it('unlocks and reruns a job whose worker was killed in the middle of it', async () => {
    const [product] = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(1);
    if (!product) throw new Error('seed produced no product');
    const fast = { HEARTBEAT_SECONDS: '1', WORKER_STALE_SECONDS: '2' };
    // Start from an empty queue (the previous test leaves a job retrying against a dead port).
    const leftovers = await listQueuedJobs(tdb.db, 'revalidate');
    await tdb.db.execute(
      sql`select graphile_worker.complete_jobs(${`{${leftovers.map((j) => j.id).join(',')}}`}::bigint[])`,
    );
    // The storefront takes the request and never answers: the job stays in flight.
    storefront.hang.on = true;
    const first = startWorker({ ...env, ...fast });
    try {
      await first.ready;
      const before = storefront.received.length;
      await updateProduct(tdb.db, { id: product.id, title: 'Edited while a worker dies mid-job' });
      // Any revalidate job in flight (a leftover of an earlier test may sort first).
      await waitFor(async () =>
        (await listQueuedJobs(tdb.db, 'revalidate')).find((j) => j.lockedBy !== null),
      );
      await killHard(first);
      storefront.hang.on = false;

      const second = startWorker({ ...env, ...fast });
      try {
        await second.ready;
        await waitFor(() => (storefront.received.length > before ? true : undefined), 30_000);
        await waitFor(async () =>
          (await listQueuedJobs(tdb.db, 'revalidate')).length === 0 ? true : undefined,
        );
      } finally {
        await killHard(second);
      }
    } finally {
      storefront.hang.on = false;
      await killHard(first);
    }
  }, 60_000);
});
