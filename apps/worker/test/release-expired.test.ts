import { listDomainEvents } from '@shop/core';
import { listQueuedJobs } from '@shop/db/jobs';
import { seedDemo } from '@shop/db/seed';
import { queryRows } from '@shop/db/query';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { Logger, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseExpiredCheckoutsTask, scheduleRelease } from '../src/tasks/checkouts';
import { startTestCheckout } from './checkout-fixture';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('release_expired');
  await seedDemo(tdb.db, { products: 3 });
});
afterAll(async () => {
  await tdb?.drop();
});

describe('checkout expiry as a scheduled job', () => {
  it('several workers starting make one chain, not one each', async () => {
    for (let i = 0; i < 3; i++) await scheduleRelease(tdb.db, 60);
    expect(await listQueuedJobs(tdb.db, 'release-expired-checkouts')).toHaveLength(1);
    await tdb.db.execute(sql`delete from graphile_worker._private_jobs`);
  });

  it('a run releases lapsed checkouts, emits checkout.expired and schedules the next run', async () => {
    const { checkoutId } = await startTestCheckout(tdb.db, {
      email: 'slow@example.com',
      reservationMs: 1,
    });
    await new Promise((r) => setTimeout(r, 50));
    await scheduleRelease(tdb.db, 0);
    await new Promise((r) => setTimeout(r, 50));
    await runOnce({
      connectionString: tdb.url,
      taskList: { 'release-expired-checkouts': releaseExpiredCheckoutsTask(tdb.db, 1) },
      logger: new Logger(() => () => undefined),
    });

    const status = await queryRows(
      tdb.db,
      sql`select status from checkouts where id = ${checkoutId}`,
    );
    expect((status[0] as { status: string }).status).toBe('expired');
    const events = await listDomainEvents(tdb.db, { type: 'checkout.expired' });
    expect(events.map((e) => e.payload.checkoutId)).toEqual([checkoutId]);
    // The held unit is on sale again: its product's pages are refreshed.
    const stock = (await listDomainEvents(tdb.db, { type: 'stock.changed' })).map(
      (e) => e.payload.reason,
    );
    expect(stock).toEqual(['checkout_started', 'checkout_expired']);
    const [, released] = await listDomainEvents(tdb.db, { type: 'stock.changed' });
    expect(released?.payload.productIds).toHaveLength(1);
    // The chain goes on: the next run is queued, a second from now, under the same key.
    const next = await queryRows(
      tdb.db,
      sql`
      select j.key, j.run_at > now() as later from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'release-expired-checkouts'`,
    );
    expect(next).toEqual([{ key: 'release-expired-checkouts', later: true }]);
  });
});
