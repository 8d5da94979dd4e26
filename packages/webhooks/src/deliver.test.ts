import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { queryRows } from '@shop/db/query';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@shop/db/schema';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { asc, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emitAndFanOut, productUpdated } from '../test/events';
import { testReceiver } from '../test/receiver';
import { parseAllowList, type Resolve } from './addresses';
import { deliverEndpoint, type DeliveryOptions } from './deliver';
import { redeliverWebhook } from './deliveries';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
  wakeDueEndpoints,
} from './endpoints';

let tdb: TestDatabase;
const receivers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase('webhooks');
});
afterAll(async () => {
  await tdb?.drop();
});
beforeEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  await tdb.db.delete(webhookEndpoints);
});

const local = parseAllowList('127.0.0.1');
const options: DeliveryOptions = { allowList: local, timeoutMs: 5000, retrySeconds: [0, 0, 0, 0] };

async function receiver(...args: Parameters<typeof testReceiver>) {
  const r = await testReceiver(...args);
  receivers.push(r);
  return r;
}

async function endpointFor(url: string, events = ['product.updated']) {
  return createWebhookEndpoint(tdb.db, { url, events }, { allowList: local });
}

const attemptsOf = (deliveryId: number) =>
  tdb.db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(asc(webhookAttempts.id));

const deliveriesOf = (endpointId: number) =>
  tdb.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(asc(webhookDeliveries.id));

describe('deliverEndpoint', () => {
  it('sends a Standard Webhooks message the receiver can verify', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r.url);
    const [eventId] = await emitAndFanOut(tdb.db, [productUpdated(7)]);
    expect(await deliverEndpoint(tdb.db, endpoint.id, options)).toBe('idle');

    expect(r.received).toHaveLength(1);
    const [req] = r.received;
    if (!req) throw new Error('nothing received');
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    };
    expect(new Webhook(endpoint.secret).verify(req.body, headers)).toMatchObject({
      type: 'product.updated',
      data: { productId: 7, handle: 'product-7' },
    });
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(req.body, headers),
    ).toThrow();
    expect(req.headers['content-type']).toBe('application/json');
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({
      eventId,
      status: 'succeeded',
      attempts: 1,
      lastStatusCode: 200,
    });
    expect(headers['webhook-id']).toBe(`msg_${delivery?.id}`);
  });

  it('retries a failing receiver: 3 failures then 1 success, each logged, the event handled once', async () => {
    const r = await receiver((_req, i) => (i < 3 ? 503 : 200));
    const endpoint = await endpointFor(r.url);
    await emitAndFanOut(tdb.db, [productUpdated(1)]);
    await deliverEndpoint(tdb.db, endpoint.id, options);

    const [delivery] = await deliveriesOf(endpoint.id);
    if (!delivery) throw new Error('no delivery');
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 4, lastStatusCode: 200 });
    const attempts = await attemptsOf(delivery.id);
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 200],
    ]);
    expect(attempts[0]?.error).toBe('The receiver answered 503.');
    // Every try carried the same id, so the receiver counts one event, accepted once.
    expect(new Set(r.received.map((q) => q.headers['webhook-id']))).toEqual(
      new Set([`msg_${delivery.id}`]),
    );
    const endpointAfter = await getWebhookEndpoint(tdb.db, endpoint.id);
    expect(endpointAfter.failingSince).toBeNull();
  });

  it('waits by the schedule and fails a delivery once it ran out', async () => {
    const r = await receiver(() => 500);
    const endpoint = await endpointFor(r.url);
    await emitAndFanOut(tdb.db, [productUpdated(1)]);
    // Two immediate retries, then an hour: the third failure leaves it pending, due later.
    await deliverEndpoint(tdb.db, endpoint.id, { ...options, retrySeconds: [0, 0, 3600] });
    let [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 3 });
    expect(delivery?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 3000 * 1000);
    const retry = await queryRows<{ run_at: Date }>(
      tdb.db,
      sql`select run_at from graphile_worker._private_jobs where key = ${`webhook-retry:${endpoint.id}`}`,
    );
    expect(retry).toHaveLength(1);
    // Due now, and no wait left: failed.
    await tdb.db.update(webhookDeliveries).set({ nextAttemptAt: new Date() });
    await deliverEndpoint(tdb.db, endpoint.id, { ...options, retrySeconds: [0, 0, 3600] });
    [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 4, lastStatusCode: 500 });
  });

  it('a hanging receiver does not hold up another endpoint', async () => {
    const order: string[] = [];
    const hanging = await receiver(() => 'hang');
    const healthy = await receiver();
    hanging.onRequest(() => order.push('hanging: request arrived'));
    healthy.onRequest(() => order.push('healthy: delivered'));
    const slow = await endpointFor(hanging.url);
    const fast = await endpointFor(healthy.url);
    await emitAndFanOut(tdb.db, [productUpdated(1)]);

    const slowRun = deliverEndpoint(tdb.db, slow.id, {
      ...options,
      timeoutMs: 1500,
      retrySeconds: [3600],
    }).then(() => order.push('hanging: attempt ended'));
    await waitUntil(() => hanging.received.length === 1);
    await deliverEndpoint(tdb.db, fast.id, options);
    await slowRun;

    expect(order).toEqual([
      'hanging: request arrived',
      'healthy: delivered',
      'hanging: attempt ended',
    ]);
    const [stuck] = await deliveriesOf(slow.id);
    expect(stuck).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'No answer within 1500 ms.',
    });
  });

  it('delivers each resource in order, the next only after the previous succeeded', async () => {
    // Product 1's first event fails twice; product 2's events are not held up by it.
    let failures = 0;
    const r = await receiver((req) => {
      const body = JSON.parse(req.body) as { data: { productId: number } };
      if (body.data.productId === 1 && failures < 2) {
        failures++;
        return 500;
      }
      return 200;
    });
    const endpoint = await endpointFor(r.url);
    await emitAndFanOut(tdb.db, [1, 2, 1, 2, 1].map(productUpdated));
    await deliverEndpoint(tdb.db, endpoint.id, options);
    const deliveries = await deliveriesOf(endpoint.id);
    const idsOf = (productId: number) =>
      r.received
        .filter(
          (q) =>
            (JSON.parse(q.body) as { data: { productId: number } }).data.productId === productId,
        )
        .map((q) => String(q.headers['webhook-id']));
    const first = [...new Set(idsOf(1))];
    expect(first).toEqual(
      deliveries.filter((d) => d.resourceKey === 'product:1').map((d) => `msg_${d.id}`),
    );
    expect(idsOf(2)).toEqual(
      deliveries.filter((d) => d.resourceKey === 'product:2').map((d) => `msg_${d.id}`),
    );
    expect(deliveries.every((d) => d.status === 'succeeded')).toBe(true);
  });

  it('two workers on one endpoint never send the same delivery twice', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r.url);
    await emitAndFanOut(
      tdb.db,
      Array.from({ length: 40 }, (_, i) => productUpdated((i % 4) + 1)),
    );
    const outcomes = await Promise.all([
      deliverEndpoint(tdb.db, endpoint.id, options),
      deliverEndpoint(tdb.db, endpoint.id, options),
      deliverEndpoint(tdb.db, endpoint.id, options),
    ]);
    // Whoever found it busy left a wake-up; the one holding the lock sent everything.
    expect(outcomes).toContain('idle');
    const ids = r.received.map((q) => String(q.headers['webhook-id']));
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('refuses at delivery a hostname that now resolves to a loopback address', async () => {
    const r = await receiver();
    let answer = '93.184.216.34';
    const resolve: Resolve = () => Promise.resolve([{ address: answer, family: 4 }]);
    const url = `http://hooks.example.test:${r.port}/hooks`;
    // Registered while it resolved to a public address.
    const endpoint = await createWebhookEndpoint(
      tdb.db,
      { url, events: ['product.updated'] },
      { allowList: parseAllowList(''), resolve },
    );
    answer = '127.0.0.1';
    await emitAndFanOut(tdb.db, [productUpdated(1)]);
    await deliverEndpoint(tdb.db, endpoint.id, {
      ...options,
      allowList: parseAllowList(''),
      resolve,
      retrySeconds: [3600],
    });
    expect(r.received).toHaveLength(0);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(delivery?.lastError).toBe(
      'hooks.example.test resolves to 127.0.0.1, which is a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
    );
    // The same delivery goes through once the address is allowed: the refusal was the rule's.
    await tdb.db.update(webhookDeliveries).set({ nextAttemptAt: new Date() });
    await deliverEndpoint(tdb.db, endpoint.id, { ...options, resolve });
    expect(r.received).toHaveLength(1);
  });

  it('redelivers on request, twice in a row harmlessly, never to a disabled endpoint', async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r.url);
    await emitAndFanOut(tdb.db, [productUpdated(1)]);
    await deliverEndpoint(tdb.db, endpoint.id, options);
    const [delivery] = await deliveriesOf(endpoint.id);
    if (!delivery) throw new Error('no delivery');

    await redeliverWebhook(tdb.db, delivery.id);
    await redeliverWebhook(tdb.db, delivery.id);
    const woken = await queryRows(
      tdb.db,
      sql`select id from graphile_worker._private_jobs where key = ${`webhook:${endpoint.id}`}`,
    );
    expect(woken).toHaveLength(1);
    await deliverEndpoint(tdb.db, endpoint.id, options);
    expect(r.received.map((q) => q.headers['webhook-id'])).toEqual([
      `msg_${delivery.id}`,
      `msg_${delivery.id}`,
    ]);
    const attempts = await attemptsOf(delivery.id);
    expect(attempts.map((a) => [a.attempt, a.manual, a.statusCode])).toEqual([
      [1, false, 200],
      [2, true, 200],
    ]);

    await setWebhookEndpointEnabled(tdb.db, endpoint.id, false);
    await expect(redeliverWebhook(tdb.db, delivery.id)).rejects.toThrow(
      'This endpoint is disabled; enable it before redelivering its events.',
    );
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({
      status: 'succeeded',
      manual: false,
    });
  });

  it('a redelivery asked for while that delivery is being sent is not swallowed by the send in flight', async () => {
    let deliveryId = 0;
    // Staff click Redeliver while the first attempt is on the wire (the receiver holds its answer).
    const r = await receiver(async (_req, i) => {
      if (i === 0) await redeliverWebhook(tdb.db, deliveryId);
      return 200;
    });
    const endpoint = await endpointFor(r.url);
    await emitAndFanOut(tdb.db, [productUpdated(1)]);
    deliveryId = (await deliveriesOf(endpoint.id))[0]?.id ?? 0;
    await deliverEndpoint(tdb.db, endpoint.id, options);

    expect(r.received.map((q) => q.headers['webhook-id'])).toEqual([
      `msg_${deliveryId}`,
      `msg_${deliveryId}`,
    ]);
    const attempts = await attemptsOf(deliveryId);
    expect(attempts.map((a) => [a.attempt, a.manual, a.statusCode])).toEqual([
      [1, false, 200],
      [2, true, 200],
    ]);
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({
      status: 'succeeded',
      manual: false,
    });
  });

  it.each([
    [
      'disabled',
      (id: number) => setWebhookEndpointEnabled(tdb.db, id, false).then(() => undefined),
    ],
    ['deleted', (id: number) => deleteWebhookEndpoint(tdb.db, id)],
    [
      'moved to another URL',
      (id: number) =>
        updateWebhookEndpoint(
          tdb.db,
          { id, url: 'http://127.0.0.1:9/elsewhere' },
          { allowList: local },
        ).then(() => undefined),
    ],
  ] as const)(
    'an endpoint %s during a round gets no request the round had not started yet',
    async (_what, stop) => {
      let endpointId = 0;
      // The merchant sees the URL is wrong (a stranger's server) and stops it mid-round.
      const r = await receiver(async (_req, i) => {
        if (i === 0) await stop(endpointId);
        return 200;
      });
      const endpoint = await endpointFor(r.url);
      endpointId = endpoint.id;
      // Five resources: five heads in one round, sent one at a time.
      await emitAndFanOut(tdb.db, [1, 2, 3, 4, 5].map(productUpdated));
      await deliverEndpoint(tdb.db, endpoint.id, { ...options, parallelism: 1 });
      expect(r.received).toHaveLength(1);
    },
  );

  it('a failing endpoint can be disabled mid-round: the round holds no lock on it while it sends', async () => {
    let endpointId = 0;
    let disabling: Promise<unknown> | undefined;
    // Every answer fails (the case staff disable for); the 2nd request is when they click.
    const r = await receiver(async (_req, i) => {
      if (i === 1) {
        disabling = setWebhookEndpointEnabled(tdb.db, endpointId, false);
        // Until the disable commits, or is seen waiting for a lock the round holds.
        await Promise.race([disabling, waitForLockWaiter(() => disabling)]);
      }
      return 500;
    });
    const endpoint = await endpointFor(r.url);
    endpointId = endpoint.id;
    await emitAndFanOut(tdb.db, [1, 2, 3, 4, 5].map(productUpdated));
    await deliverEndpoint(tdb.db, endpoint.id, {
      ...options,
      retrySeconds: [3600],
      parallelism: 1,
    });
    await disabling;
    expect(r.received).toHaveLength(2);
    expect(await getWebhookEndpoint(tdb.db, endpoint.id)).toMatchObject({
      enabled: false,
      status: 'disabled',
    });
    expect((await getWebhookEndpoint(tdb.db, endpoint.id)).failingSince).not.toBeNull();
  });

  it('an endpoint deleted after the round recorded an attempt gets no further request either', async () => {
    let endpointId = 0;
    let deleting: Promise<unknown> | undefined;
    const r = await receiver(async (_req, i) => {
      if (i === 1) {
        // The round holds the first delivery's row (recorded): the delete's cascade waits for it.
        deleting = deleteWebhookEndpoint(tdb.db, endpointId);
        await Promise.race([deleting, waitForLockWaiter(() => deleting)]);
      }
      return 200;
    });
    const endpoint = await endpointFor(r.url);
    endpointId = endpoint.id;
    await emitAndFanOut(tdb.db, [1, 2, 3, 4, 5].map(productUpdated));
    await deliverEndpoint(tdb.db, endpoint.id, { ...options, parallelism: 1 });
    await deleting;
    expect(r.received).toHaveLength(2);
    expect(await deliveriesOf(endpoint.id)).toEqual([]);
  });

  it('an answer with NUL bytes (which Postgres text refuses) is logged, not a round that fails forever', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200).end('ok\u0000\u0000done'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    receivers.push({
      close: () => new Promise<void>((r) => server.close(() => r())),
    });
    const port = (server.address() as AddressInfo).port;
    const endpoint = await endpointFor(`http://127.0.0.1:${port}/hooks`);
    await emitAndFanOut(tdb.db, [productUpdated(1)]);
    await deliverEndpoint(tdb.db, endpoint.id, options);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((await attemptsOf(delivery?.id ?? 0))[0]?.responseBody).toBe('ok\uFFFD\uFFFDdone');
  });

  it('disables an endpoint that failed every attempt for longer than the window; enabling resumes it', async () => {
    let up = false;
    const r = await receiver(() => (up ? 200 : 500));
    const endpoint = await endpointFor(r.url);
    await emitAndFanOut(tdb.db, [productUpdated(1)]);
    const run = { ...options, retrySeconds: [3600, 3600, 3600], disableAfterHours: 120 };
    await deliverEndpoint(tdb.db, endpoint.id, run);
    expect(await getWebhookEndpoint(tdb.db, endpoint.id)).toMatchObject({
      status: 'failing',
      enabled: true,
    });

    // Failing since six days: the next failure disables it.
    await tdb.db
      .update(webhookEndpoints)
      .set({ failingSince: new Date(Date.now() - 144 * 3600 * 1000) })
      .where(eq(webhookEndpoints.id, endpoint.id));
    await tdb.db.update(webhookDeliveries).set({ nextAttemptAt: new Date() });
    await deliverEndpoint(tdb.db, endpoint.id, run);
    const disabled = await getWebhookEndpoint(tdb.db, endpoint.id);
    expect(disabled).toMatchObject({ status: 'disabled', enabled: false });
    expect(disabled.disabledReason).toMatch(
      /^Every delivery failed for more than 120 hours \(since /,
    );

    // Disabled: new events get no delivery, the waiting one is not sent.
    await emitAndFanOut(tdb.db, [productUpdated(2)]);
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
    await tdb.db.update(webhookDeliveries).set({ nextAttemptAt: new Date() });
    expect(await deliverEndpoint(tdb.db, endpoint.id, run)).toBe('disabled');
    expect(r.received).toHaveLength(2);

    up = true;
    await setWebhookEndpointEnabled(tdb.db, endpoint.id, true);
    await deliverEndpoint(tdb.db, endpoint.id, run);
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({
      status: 'succeeded',
      attempts: 3,
    });
    expect(await getWebhookEndpoint(tdb.db, endpoint.id)).toMatchObject({
      status: 'enabled',
      failingSince: null,
    });
  });

  it('an endpoint deleted while its deliveries are being sent is dropped without an error', async () => {
    let deleted: Promise<void> | undefined;
    let endpointId = 0;
    const r = await receiver(() => {
      deleted ??= deleteWebhookEndpoint(tdb.db, endpointId);
      return 200;
    });
    const endpoint = await endpointFor(r.url);
    endpointId = endpoint.id;
    await emitAndFanOut(tdb.db, [1, 1, 1].map(productUpdated));
    expect(await deliverEndpoint(tdb.db, endpoint.id, options)).toBe('gone');
    await deleted;
    expect(r.received).toHaveLength(1);
    expect(await deliveriesOf(endpoint.id)).toEqual([]);
  });
});

/**
 * Resolves once a session of this database waits for a lock; stops looking (never resolves)
 * once the statement `started()` returns has settled, as it then did not wait.
 */
async function waitForLockWaiter(started: () => Promise<unknown> | undefined): Promise<void> {
  let settled = false;
  void started()?.finally(() => (settled = true));
  while (!settled) {
    const rows = await queryRows<{ n: number }>(
      tdb.db,
      sql`select count(*)::int as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('wakeDueEndpoints', () => {
  const wakeJobs = () =>
    queryRows<{ key: string }>(
      tdb.db,
      sql`select key from graphile_worker.jobs where task_identifier = 'webhook-deliver' order by key`,
    );

  it('wakes enabled endpoints with a due pending delivery whose job was lost, and no other', async () => {
    const due = await endpointFor('http://127.0.0.1:9/due');
    const later = await endpointFor('http://127.0.0.1:9/later');
    const off = await endpointFor('http://127.0.0.1:9/off');
    const done = await endpointFor('http://127.0.0.1:9/done');
    await emitAndFanOut(tdb.db, [productUpdated(1)]);
    await setWebhookEndpointEnabled(tdb.db, off.id, false);
    await tdb.db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(Date.now() + 3_600_000) })
      .where(eq(webhookDeliveries.endpointId, later.id));
    await tdb.db
      .update(webhookDeliveries)
      .set({ status: 'succeeded' })
      .where(eq(webhookDeliveries.endpointId, done.id));
    // The jobs the fan-out enqueued are lost (as after the queue gave up on them).
    await tdb.db.execute(
      sql`delete from graphile_worker._private_jobs where task_id in
            (select id from graphile_worker._private_tasks where identifier = 'webhook-deliver')`,
    );

    expect(await wakeDueEndpoints(tdb.db)).toEqual([due.id]);
    expect(await wakeJobs()).toEqual([{ key: `webhook:${due.id}` }]);
    // Twice is one job: the wake-up merges under the endpoint's key.
    expect(await wakeDueEndpoints(tdb.db)).toEqual([due.id]);
    expect(await wakeJobs()).toHaveLength(1);
  });
});
