import { asc, eq, sql } from 'drizzle-orm';
import { listQueuedJobs } from '@shop/db/jobs';
import { firstRow } from '@shop/db/query';
import { products } from '@shop/db/schema';
import { seedDemo } from '@shop/db/seed';
import { runTransaction } from '@shop/db/transaction';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateProduct } from '../catalog/product-save';
import { cacheTags } from '../cache-tags';
import { emitEvent, listDomainEvents } from './emit';
import { cacheTagsForEvent, coalesceCacheTags } from './tags';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('events');
  await seedDemo(tdb.db, { products: 3 });
});
afterAll(async () => {
  await tdb?.drop();
});
beforeEach(async () => {
  await tdb.db.execute(sql`delete from domain_events`);
  await tdb.db.execute(sql`delete from graphile_worker._private_jobs`);
});

async function firstProduct() {
  const [p] = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(1);
  if (!p) throw new Error('seed produced no product');
  return p;
}

describe('domain events', () => {
  it('one product edit emits exactly one event, in the outbox, and wakes the dispatcher once', async () => {
    const p = await firstProduct();
    await updateProduct(tdb.db, { id: p.id, title: 'Edited once' });
    const events = await listDomainEvents(tdb.db);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'product.updated',
      version: 1,
      payload: { productId: p.id, handle: p.handle, fields: ['title'] },
      dispatchedAt: null,
    });
    expect(await listQueuedJobs(tdb.db, 'dispatch-events')).toHaveLength(1);
    // The write names no consumer any more.
    expect(await listQueuedJobs(tdb.db, 'revalidate')).toEqual([]);
  });

  it('a burst of edits merges into one pending dispatch job', async () => {
    const p = await firstProduct();
    for (let i = 0; i < 5; i++) await updateProduct(tdb.db, { id: p.id, title: `Burst ${i}` });
    expect(await listDomainEvents(tdb.db)).toHaveLength(5);
    expect(await listQueuedJobs(tdb.db, 'dispatch-events')).toHaveLength(1);
  });

  it('an open transaction that emitted makes no other emitting writer wait: the wake-up is taken at commit', async () => {
    const [a, b] = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(2);
    if (!a || !b) throw new Error('seed produced too few products');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let emitted!: () => void;
    const emittedInA = new Promise<void>((resolve) => (emitted = resolve));
    const first = runTransaction(tdb.db, async (tx) => {
      await updateProduct(tx, { id: a.id, title: 'Held open' });
      emitted();
      await held;
    });
    await emittedInA;
    // While the first transaction is open, a second one emits and commits. Were the wake-up job
    // locked inside the first, this would wait for it and fail on its lock timeout.
    try {
      await runTransaction(tdb.db, async (tx) => {
        await tx.execute(sql`set local lock_timeout = '3s'`);
        await updateProduct(tx, { id: b.id, title: 'Not kept waiting' });
      });
      expect(await listQueuedJobs(tdb.db, 'dispatch-events')).toHaveLength(1);
    } finally {
      release();
      await first;
    }
    expect(await listDomainEvents(tdb.db)).toHaveLength(2);
    expect(await listQueuedJobs(tdb.db, 'dispatch-events')).toHaveLength(1);
  });

  it('writes no event when the change rolls back', async () => {
    const p = await firstProduct();
    await expect(
      runTransaction(tdb.db, async (tx) => {
        await updateProduct(tx, { id: p.id, title: 'Rolled back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await listDomainEvents(tdb.db)).toEqual([]);
    expect(await listQueuedJobs(tdb.db, 'dispatch-events')).toEqual([]);
    const [after] = await tdb.db.select().from(products).where(eq(products.id, p.id));
    expect(after?.title).not.toBe('Rolled back');
  });

  it('refuses an event that does not match its schema, and writes nothing', async () => {
    await expect(
      emitEvent(tdb.db, {
        type: 'order.paid',
        version: 1,
        payload: { orderId: 1, paymentId: 1, amount: 1.5, currencyCode: 'usd' },
      }),
    ).rejects.toThrow(/order\.paid v1 does not match its schema: payload\.amount/);
    expect(await listDomainEvents(tdb.db)).toEqual([]);
  });

  it('an edit with prices also says the prices changed', async () => {
    const p = await firstProduct();
    const variant = await firstRow<{ id: number }>(
      tdb.db,
      sql`select id from product_variants where product_id = ${p.id} limit 1`,
    );
    const variantId = Number(variant?.id);
    await updateProduct(tdb.db, {
      id: p.id,
      prices: [{ variantId, currencyCode: 'USD', amount: 1234, compareAtAmount: null }],
    });
    const events = await listDomainEvents(tdb.db);
    expect(events.map((e) => e.type)).toEqual(['prices.changed']);
    expect(events[0]?.payload).toEqual({
      productId: p.id,
      prices: [{ variantId, currencyCode: 'USD', amount: 1234, compareAtAmount: null }],
    });
  });
});

describe('cache tags of events', () => {
  it('coalesces a burst of product changes into the catalog tag', () => {
    const tags = Array.from({ length: 1000 }, (_, i) =>
      cacheTagsForEvent({
        type: 'product.updated',
        version: 1,
        payload: { productId: i + 1, handle: `p-${i + 1}`, fields: ['title'] },
      }),
    ).flat();
    expect(coalesceCacheTags(tags, { perCall: 128, maxCalls: 10 })).toEqual([[cacheTags.catalog]]);
  });

  it('keeps a small batch exact', () => {
    const chunks = coalesceCacheTags(['product:2', 'catalog', 'product:1', 'product:2'], {
      perCall: 128,
      maxCalls: 10,
    });
    expect(chunks).toEqual([['catalog', 'product:1', 'product:2']]);
  });

  it('never makes more than maxCalls requests', () => {
    const handles = Array.from({ length: 5000 }, (_, i) => cacheTags.productHandle(`h-${i}`));
    const chunks = coalesceCacheTags(handles, { perCall: 128, maxCalls: 10 });
    expect(chunks.length).toBeLessThanOrEqual(10);
    expect(chunks.every((c) => c.length <= 128)).toBe(true);
  });
});
