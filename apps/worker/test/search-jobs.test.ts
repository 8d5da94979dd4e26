import type { StoredDomainEvent } from '@shop/core';
import { listQueuedJobs } from '@shop/db/jobs';
import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { runTransaction } from '@shop/db/transaction';
import {
  checkIndex,
  hasDrift,
  postgresEngine,
  rebuildIndex,
  type SearchEngine,
} from '@shop/search';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import type { JobHelpers } from 'graphile-worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { searchIndexHandler } from '../src/dispatcher/search';
import { scheduleSearchCheck, searchCheckTask, searchIndexTask } from '../src/tasks/search';

/**
 * The search jobs run directly, with a recording stand-in for the external engine (Meilisearch):
 * what the dispatcher enqueues for it, and how `search-index` and `search-check` behave when a
 * job is replayed, carries thousands of ids, or meets an engine that is down.
 */

let tdb: TestDatabase;
let postgres: SearchEngine;

beforeAll(async () => {
  tdb = await createTestDatabase('search_jobs');
  await seedDemo(tdb.db, { products: 12 });
  postgres = postgresEngine(tdb.db);
});
afterAll(async () => {
  await tdb?.drop();
});
beforeEach(async () => {
  await tdb.db.execute(sql`delete from graphile_worker._private_jobs`);
  await rebuildIndex(tdb.db, [postgres]);
});

async function activeIds(): Promise<number[]> {
  const rows = await queryRows<{ id: string | number }>(
    tdb.db,
    sql`select id from products where status = 'active' order by id`,
  );
  return rows.map((r) => Number(r.id));
}

/** An external engine that records what it was sent; `down` makes every write throw. */
function recordingEngine(name = 'meilisearch') {
  const state = { down: false, upserted: [] as number[], deleted: [] as number[] };
  const engine: SearchEngine = {
    ...postgres,
    name,
    upsert: async (docs) => {
      if (state.down) throw new Error(`${name} is down`);
      state.upserted.push(...docs.map((d) => d.id));
    },
    delete: async (ids) => {
      if (state.down) throw new Error(`${name} is down`);
      state.deleted.push(...ids);
    },
  };
  return { engine, state };
}

function jobHelpers() {
  const lines: string[] = [];
  const logger = Object.fromEntries(
    ['debug', 'info', 'warn', 'error'].map((level) => [
      level,
      (message: string) => void lines.push(`${level}: ${message}`),
    ]),
  );
  return { helpers: { logger } as unknown as JobHelpers, lines };
}

const stockEvent = (id: number, productIds: number[]): StoredDomainEvent => ({
  id,
  occurredAt: new Date(),
  type: 'stock.changed',
  version: 1,
  payload: { reason: 'restock', productIds, variantIds: [] },
});

describe('the dispatcher search handler', () => {
  it('syncs Postgres in the transaction and queues the other engine in chunks of 500', async () => {
    const ids = await activeIds();
    const unknown = Array.from({ length: 1200 }, (_, i) => 3_000_000 + i);
    const { engine } = recordingEngine();
    await tdb.db.execute(sql`update products set title = 'Handler Sync' where id = ${ids[0]}`);

    await runTransaction(tdb.db, (tx) =>
      searchIndexHandler([postgres, engine]).handle(
        [stockEvent(1, [...unknown, ...ids]), stockEvent(2, ids)],
        tx,
      ),
    );

    expect(hasDrift(await checkIndex(tdb.db, postgres))).toBe(false);
    const jobs = await listQueuedJobs(tdb.db, 'search-index');
    const payloads = jobs.map((j) => j.payload as { engine: string; productIds: number[] });
    expect(payloads.map((p) => p.productIds.length)).toEqual([500, 500, 200 + ids.length]);
    expect(payloads.every((p) => p.engine === 'meilisearch')).toBe(true);
    expect(payloads.flatMap((p) => p.productIds)).toEqual([...ids, ...unknown]);
  });
});

describe('the search-index job', () => {
  it('a replay or a second delivery writes the same documents again, and no more', async () => {
    const ids = await activeIds();
    const { engine, state } = recordingEngine();
    const task = searchIndexTask(tdb.db, [engine]);
    const payload = { engine: 'meilisearch', productIds: [...ids, 9_999_999] };
    const { helpers } = jobHelpers();
    await Promise.all([task(payload, helpers), task(payload, helpers)]);
    expect([...state.upserted].sort((a, b) => a - b)).toEqual(
      [...ids, ...ids].sort((a, b) => a - b),
    );
    expect(state.deleted).toEqual([9_999_999, 9_999_999]);
  });

  it('throws while the engine is down (the queue retries) and loses nothing on the retry', async () => {
    const ids = await activeIds();
    const { engine, state } = recordingEngine();
    const task = searchIndexTask(tdb.db, [engine]);
    const payload = { engine: 'meilisearch', productIds: ids };
    state.down = true;
    await expect(task(payload, jobHelpers().helpers)).rejects.toThrow('meilisearch is down');
    state.down = false;
    await task(payload, jobHelpers().helpers);
    expect(state.upserted).toEqual(ids);
  });

  it('takes thousands of ids in one payload', async () => {
    const ids = await activeIds();
    const { engine, state } = recordingEngine();
    const unknown = Array.from({ length: 5000 }, (_, i) => 4_000_000 + i);
    await searchIndexTask(tdb.db, [engine])(
      { engine: 'meilisearch', productIds: [...ids, ...unknown] },
      jobHelpers().helpers,
    );
    expect(state.upserted).toEqual(ids);
    expect(state.deleted).toEqual(unknown);
  });

  it('drops a malformed payload with an error line, and throws for an engine it lacks', async () => {
    const { engine, state } = recordingEngine();
    const task = searchIndexTask(tdb.db, [engine]);
    const { helpers, lines } = jobHelpers();
    for (const bad of [null, {}, { engine: 'meilisearch', productIds: [1.5] }, { productIds: [1] }])
      await task(bad, helpers);
    expect(lines.filter((l) => l.startsWith('error: search-index: malformed'))).toHaveLength(4);
    await expect(task({ engine: 'elastic', productIds: [1] }, helpers)).rejects.toThrow(
      'no elastic engine',
    );
    expect(state.upserted).toEqual([]);
  });
});

describe('the search-check job', () => {
  it('several workers scheduling make one chain', async () => {
    await Promise.all([1, 2, 3].map(() => scheduleSearchCheck(tdb.db, 600)));
    expect(await listQueuedJobs(tdb.db, 'search-check')).toHaveLength(1);
  });

  it('an engine that fails is logged, the others are repaired, and the chain goes on', async () => {
    const [id] = await activeIds();
    await tdb.db.execute(sql`delete from search_documents where product_id = ${id}`);
    const broken: SearchEngine = {
      ...postgres,
      name: 'broken',
      scan: async () => {
        throw new Error('connection refused');
      },
    };
    const { helpers, lines } = jobHelpers();
    await searchCheckTask(tdb.db, [broken, postgres], 600)({}, helpers);
    expect(lines).toContain('error: search check of broken failed: Error: connection refused');
    expect(lines.some((l) => l.startsWith('warn: search index drifted: postgres'))).toBe(true);
    expect(hasDrift(await checkIndex(tdb.db, postgres))).toBe(false);
    expect(await listQueuedJobs(tdb.db, 'search-check')).toHaveLength(1);
  });
});
