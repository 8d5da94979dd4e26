import {
  cacheTags,
  countDeadEvents,
  countUndispatchedEvents,
  emitEvent,
  listDeadEvents,
  listDomainEvents,
  payCheckout,
  reviveDeadEvents,
  updateProduct,
} from '@shop/core';
import { listQueuedJobs } from '@shop/db/jobs';
import { products } from '@shop/db/schema';
import { seedDemo } from '@shop/db/seed';
import { runTransaction } from '@shop/db/transaction';
import { queryRows } from '@shop/db/query';
import { renderMail } from '@shop/mail';
import { createMemoryCache } from '@shop/cache';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { asc, sql } from 'drizzle-orm';
import { Logger, runOnce, type TaskList } from 'graphile-worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatchEventsTask } from '../src/dispatcher/dispatch';
import {
  cacheInvalidationHandler,
  mailHandler,
  revalidationHandler,
  type EventHandler,
} from '../src/dispatcher/handlers';
import { revalidateTask } from '../src/tasks/revalidate';
import { startTestCheckout } from './checkout-fixture';
import { fakeStorefront } from './fake-storefront';

const secret = 'dispatcher-test-secret-'.padEnd(48, 'x');

let tdb: TestDatabase;
let replicas: Awaited<ReturnType<typeof fakeStorefront>>[];

beforeAll(async () => {
  tdb = await createTestDatabase('dispatcher');
  await seedDemo(tdb.db, { products: 1000 });
  replicas = [await fakeStorefront(secret), await fakeStorefront(secret)];
}, 120_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await tdb?.drop();
});
beforeEach(async () => {
  await tdb.db.execute(sql`delete from graphile_worker._private_jobs`);
  // Everything earlier is dispatched: each test sees its own events only.
  await tdb.db.execute(
    sql`update domain_events set dispatched_at = now(), dead_at = null where dispatched_at is null or dead_at is not null`,
  );
  for (const r of replicas) r.received.length = 0;
});

function tasks(handlers?: EventHandler[], options: { maxAttempts?: number } = {}): TaskList {
  const urls = replicas.map((r) => r.url);
  return {
    'dispatch-events': dispatchEventsTask({
      ...options,
      db: tdb.db,
      handlers: handlers ?? [
        revalidationHandler(urls),
        cacheInvalidationHandler(createMemoryCache()),
        mailHandler(),
      ],
    }),
    revalidate: revalidateTask({ storefrontUrls: urls, secret }),
  };
}

/**
 * Runs the queue as a worker would until no job of these tasks is waiting (a failed job waiting
 * for its backoff does not count) or locked. The dispatcher's wake-up is due at the event's commit.
 */
async function runQueue(taskList: TaskList, logLines?: string[]) {
  for (let round = 0; round < 20; round++) {
    await new Promise((r) => setTimeout(r, 250));
    await runOnce({
      connectionString: tdb.url,
      taskList,
      logger: new Logger(() => (level, message) => logLines?.push(`${level}: ${message}`)),
    });
    const due = await queryRows(
      tdb.db,
      sql`
      select count(*)::int as n from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = any(${`{${Object.keys(taskList).join(',')}}`}::text[])
         and (j.locked_at is not null or j.attempts = 0)`,
    );
    if (Number((due[0] as { n: number }).n) === 0) return;
  }
  throw new Error('jobs were still waiting after 20 rounds');
}

describe('dispatcher', () => {
  it('a transaction updating 1,000 products makes at most 10 revalidation calls per replica', async () => {
    const all = await tdb.db.select({ id: products.id }).from(products).orderBy(asc(products.id));
    expect(all).toHaveLength(1000);
    await runTransaction(tdb.db, async (tx) => {
      for (const p of all) await updateProduct(tx, { id: p.id, title: `Bulk ${p.id}` });
    });
    expect(await countUndispatchedEvents(tdb.db)).toBe(1000);
    // The burst woke the dispatcher once.
    expect(await listQueuedJobs(tdb.db, 'dispatch-events')).toHaveLength(1);

    await runQueue(tasks());

    expect(await countUndispatchedEvents(tdb.db)).toBe(0);
    for (const replica of replicas) {
      expect(replica.received.length).toBeGreaterThanOrEqual(1);
      expect(replica.received.length).toBeLessThanOrEqual(10);
      // Every product's pages are covered: each product read is tagged `catalog` too.
      expect(replica.received.flat()).toContain(cacheTags.catalog);
    }
    expect(await listQueuedJobs(tdb.db, 'revalidate')).toEqual([]);
  }, 120_000);

  it('one edit reaches every replica with the product tag', async () => {
    const [p] = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(1);
    if (!p) throw new Error('no product');
    await updateProduct(tdb.db, { id: p.id, title: 'Seen by both replicas' });
    await runQueue(tasks());
    for (const replica of replicas) {
      expect(replica.received).toEqual([
        expect.arrayContaining([cacheTags.product(p.id), cacheTags.catalog]),
      ]);
    }
  });

  it("one edit drops what the Shop's cache holds under the product's tags, and nothing else", async () => {
    const [p, other] = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(2);
    if (!p || !other) throw new Error('no products');
    const cache = createMemoryCache();
    const opts = (tags: string[]) => ({ ttlSeconds: 3600, tags });
    await cache.set('page', { title: p.title }, opts([cacheTags.product(p.id)]));
    await cache.set('other', { title: other.title }, opts([cacheTags.product(other.id)]));
    await updateProduct(tdb.db, { id: p.id, title: 'Cache dropped' });
    await runQueue(tasks([cacheInvalidationHandler(cache)]));
    expect(await cache.get('page')).toBeUndefined();
    expect(await cache.get('other')).toEqual({ title: other.title });
  });

  it('a failing handler leaves the batch in the outbox, and the retry delivers it', async () => {
    const [p] = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(1);
    if (!p) throw new Error('no product');
    await updateProduct(tdb.db, { id: p.id, title: 'Handler fails first' });
    let failures = 1;
    const flaky: EventHandler = {
      name: 'flaky',
      handle() {
        if (failures-- > 0) return Promise.reject(new Error('search is down'));
        return Promise.resolve();
      },
    };
    const urls = replicas.map((r) => r.url);
    const handlers = [revalidationHandler(urls), flaky];
    await runQueue(tasks(handlers));

    // Nothing of the batch committed: no revalidate job, the event still undispatched, and the
    // dispatch job kept for a retry with the reason.
    expect(await countUndispatchedEvents(tdb.db)).toBe(1);
    expect(await listQueuedJobs(tdb.db, 'revalidate')).toEqual([]);
    const [job] = await listQueuedJobs(tdb.db, 'dispatch-events');
    expect(job).toMatchObject({ attempts: 1 });
    expect(job?.lastError).toContain('handler flaky failed');
    expect(job?.lastError).toContain('search is down');
    for (const replica of replicas) expect(replica.received).toEqual([]);

    // The retry (due now instead of after graphile's backoff) hands the batch over again.
    await tdb.db.execute(sql`update graphile_worker._private_jobs set run_at = now()`);
    await runQueue(tasks(handlers));
    expect(await countUndispatchedEvents(tdb.db)).toBe(0);
    for (const replica of replicas) expect(replica.received).toHaveLength(1);
  });

  it('an order placed becomes its confirmation mail job, built from the event', async () => {
    const { cartId, checkoutId, payments } = await startTestCheckout(tdb.db, {
      email: 'buyer@example.com',
    });
    const order = await payCheckout(
      tdb.db,
      { checkoutId, cartId, cardNumber: '4242 4242 4242 4242' },
      { payments },
    );
    const types = (await listDomainEvents(tdb.db)).filter((e) => e.dispatchedAt === null);
    // The stock was taken when the checkout started; the sale converts those holds.
    expect(types.map((e) => e.type)).toEqual(['stock.changed', 'order.placed', 'order.paid']);

    await runQueue(tasks());

    const mails = await listQueuedJobs(tdb.db, 'send-mail');
    expect(mails).toHaveLength(1);
    const mail = mails[0]?.payload as { template: string; to: string; data: unknown };
    expect(mail).toMatchObject({ template: 'order-confirmation', to: 'buyer@example.com' });
    // The template accepts it: the payload is exactly what the mail needs.
    const rendered = renderMail(mail.template, mail.data, {
      storefrontUrl: 'https://shop.example',
    });
    expect(rendered.subject).toBe(`Order #${order.number} confirmed`);
    expect(rendered.text).toContain(`token=${order.accessToken}`);
    // Stock changed: both replicas refreshed the product page.
    for (const replica of replicas) expect(replica.received.flat().length).toBeGreaterThan(0);

    // Redelivering the same event (at least once) replaces its pending mail, never adds one.
    await tdb.db.execute(sql`update domain_events set dispatched_at = null
      where type = 'order.placed' and payload->>'orderId' = ${String(order.orderId)}`);
    await runQueue({ 'dispatch-events': tasks()['dispatch-events'] } as TaskList);
    expect(await listQueuedJobs(tdb.db, 'send-mail')).toHaveLength(1);
  });

  it('a refund becomes the refund mail, built from the event', async () => {
    await emitEvent(tdb.db, {
      type: 'order.refunded',
      version: 1,
      payload: {
        orderId: null,
        paymentId: 7,
        amount: 4999,
        currencyCode: 'USD',
        reason: 'reservation expired, out of stock',
        email: 'late@example.com',
        duplicate: false,
      },
    });
    await runQueue(tasks());
    const [mail] = await listQueuedJobs(tdb.db, 'send-mail');
    const payload = mail?.payload as { template: string; to: string; data: unknown };
    expect(payload).toMatchObject({ template: 'payment-refunded', to: 'late@example.com' });
    const rendered = renderMail(payload.template, payload.data);
    expect(rendered.text).toContain('$49.99');
    // No page shows a refund: no storefront was called.
    for (const replica of replicas) expect(replica.received).toEqual([]);
  });
});

describe('the dead letter', () => {
  /** Three product edits, one event each; returns the events' ids and products. */
  async function threeEdits(title: string) {
    const three = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(3);
    for (const p of three) await updateProduct(tdb.db, { id: p.id, title: `${title} ${p.id}` });
    const events = (await listDomainEvents(tdb.db, { type: 'product.updated' })).filter(
      (e) => e.dispatchedAt === null,
    );
    expect(events).toHaveLength(3);
    return events.map((e) => ({ id: e.id, productId: e.payload.productId }));
  }

  /** The dispatch job's retry is due now instead of after graphile's backoff. */
  async function retryNow() {
    await tdb.db.execute(sql`update graphile_worker._private_jobs set run_at = now()`);
  }

  it('an event a handler keeps failing on is isolated after N attempts; the events around it dispatch', async () => {
    const [first, poison, last] = await threeEdits('Poison');
    if (!first || !poison || !last) throw new Error('three events expected');
    let fixed = false;
    const picky: EventHandler = {
      name: 'picky',
      handle(events) {
        if (!fixed && events.some((e) => e.id === poison.id))
          return Promise.reject(new Error(`cannot index product ${poison.productId}`));
        return Promise.resolve();
      },
    };
    const urls = replicas.map((r) => r.url);
    const lines: string[] = [];
    const taskList = tasks([revalidationHandler(urls), picky], { maxAttempts: 2 });

    // Two failed attempts: the whole batch waits, each event counting them with the reason.
    await runQueue(taskList, lines);
    await retryNow();
    await runQueue(taskList, lines);
    expect(await countUndispatchedEvents(tdb.db)).toBe(3);
    expect(await countDeadEvents(tdb.db)).toBe(0);
    for (const replica of replicas) expect(replica.received).toEqual([]);

    // The third run isolates it: the poison event is dead, the other two are dispatched.
    await retryNow();
    await runQueue(taskList, lines);
    expect(await countUndispatchedEvents(tdb.db)).toBe(0);
    expect(await countDeadEvents(tdb.db)).toBe(1);
    const [dead] = await listDeadEvents(tdb.db);
    expect(dead).toMatchObject({ id: poison.id, type: 'product.updated', version: 1, attempts: 2 });
    expect(dead?.lastError).toContain('handler picky failed');
    expect(dead?.lastError).toContain(`cannot index product ${poison.productId}`);
    const tags = replicas.flatMap((r) => r.received.flat());
    expect(tags).toContain(cacheTags.product(first.productId));
    expect(tags).toContain(cacheTags.product(last.productId));
    // What the handlers did for the poison event was undone with its savepoint.
    expect(tags).not.toContain(cacheTags.product(poison.productId));
    expect(lines).toContainEqual(
      expect.stringContaining(
        `domain event ${poison.id} (product.updated v1) moved to the dead letter: handler picky failed`,
      ),
    );
    expect(lines).toContainEqual(expect.stringContaining('1 dead domain event in the outbox'));
    expect(await listQueuedJobs(tdb.db, 'dispatch-events')).toEqual([]);

    // Later events are not held up by it.
    await updateProduct(tdb.db, { id: first.productId, title: 'After the poison' });
    await runQueue(taskList, lines);
    expect(await countUndispatchedEvents(tdb.db)).toBe(0);

    // Once the handler is fixed, the operator hands it back and it is dispatched.
    fixed = true;
    expect(await reviveDeadEvents(tdb.db, [poison.id])).toBe(1);
    await runQueue(taskList, lines);
    expect(await countDeadEvents(tdb.db)).toBe(0);
    expect(await countUndispatchedEvents(tdb.db)).toBe(0);
    expect(replicas[0]?.received.flat()).toContain(cacheTags.product(poison.productId));
  });

  it('a handler failing on every event is an outage: nothing goes dead, the batch waits for it', async () => {
    await threeEdits('Outage');
    let down = true;
    const search: EventHandler = {
      name: 'search',
      handle() {
        return down ? Promise.reject(new Error('search is down')) : Promise.resolve();
      },
    };
    const taskList = tasks([search], { maxAttempts: 1 });
    await runQueue(taskList);
    await retryNow();
    await runQueue(taskList);
    expect(await countDeadEvents(tdb.db)).toBe(0);
    expect(await countUndispatchedEvents(tdb.db)).toBe(3);
    const [job] = await listQueuedJobs(tdb.db, 'dispatch-events');
    expect(job?.lastError).toContain('every event of the batch fails on its own');
    expect(job?.lastError).toContain('search is down');

    down = false;
    await retryNow();
    await runQueue(taskList);
    expect(await countUndispatchedEvents(tdb.db)).toBe(0);
    expect(await countDeadEvents(tdb.db)).toBe(0);
  });

  it('a row no schema accepts is dead at once, and the events after it dispatch', async () => {
    const [bad] = await queryRows<{ id: number }>(
      tdb.db,
      sql`insert into domain_events (type, version, payload)
          values ('product.updated', 1, '{"productId": "seven"}'::jsonb) returning id`,
    );
    const [p] = await tdb.db.select().from(products).orderBy(asc(products.id)).limit(1);
    if (!p || !bad) throw new Error('setup failed');
    await updateProduct(tdb.db, { id: p.id, title: 'After an unreadable row' });
    await runQueue(tasks());
    expect(await countUndispatchedEvents(tdb.db)).toBe(0);
    const dead = await listDeadEvents(tdb.db);
    expect(dead.map((d) => d.id)).toEqual([Number(bad.id)]);
    expect(dead[0]?.lastError).toContain('does not match the catalog');
    for (const replica of replicas)
      expect(replica.received.flat()).toContain(cacheTags.product(p.id));
    // listDomainEvents parses every row: the unreadable one goes.
    await tdb.db.execute(sql`delete from domain_events where id = ${Number(bad.id)}`);
  });
});
