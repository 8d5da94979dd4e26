import { emitEvents, payCheckout, type DomainEvent } from '@shop/core';
import { firstRow, queryRows } from '@shop/db/query';
import { products, webhookDeliveries } from '@shop/db/schema';
import { seedDemo } from '@shop/db/seed';
import { runTransaction } from '@shop/db/transaction';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { createWebhookEndpoint, parseAllowList } from '@shop/webhooks';
import { asc, eq, sql } from 'drizzle-orm';
import { Logger, runOnce } from 'graphile-worker';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceiver, type ReceivedEvent } from '../../../examples/webhook-receiver/src/index';
import { testReceiver } from '../../../packages/webhooks/test/receiver';
import { dispatchEventsTask } from '../src/dispatcher/dispatch';
import { webhookHandler } from '../src/dispatcher/webhooks';
import { webhookDeliverTask } from '../src/tasks/webhooks';
import { startTestCheckout } from './checkout-fixture';
import { fakeStorefront } from './fake-storefront';
import { killHard, startWorker, waitFor, type WorkerProcess } from './worker-process';

const allowList = parseAllowList('127.0.0.1');
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('worker_webhooks');
  await seedDemo(tdb.db, { products: 10 });
}, 120_000);
afterAll(async () => {
  await tdb?.drop();
});

describe('outgoing webhooks through the worker', () => {
  it('a placed order reaches the example receiver as a verified order.placed', async () => {
    const received: ReceivedEvent[] = [];
    const endpointSecret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const server = createReceiver({
      secret: endpointSecret,
      onEvent: (e) => {
        received.push(e);
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shop`;
      await createWebhookEndpoint(
        tdb.db,
        { url, events: ['order.placed'], secret: endpointSecret },
        { allowList },
      );
      const { cartId, checkoutId, payments } = await startTestCheckout(tdb.db, {
        email: 'hooked@example.com',
      });
      const order = await payCheckout(
        tdb.db,
        { checkoutId, cartId, cardNumber: '4242 4242 4242 4242' },
        { payments },
      );
      const { orderId } = order;

      const taskList = {
        'dispatch-events': dispatchEventsTask({ db: tdb.db, handlers: [webhookHandler()] }),
        'webhook-deliver': webhookDeliverTask(tdb.db, { allowList, timeoutMs: 5000 }),
      };
      for (let round = 0; round < 20 && received.length === 0; round++) {
        await new Promise((r) => setTimeout(r, 250));
        await runOnce({
          connectionString: tdb.url,
          taskList,
          logger: new Logger(() => () => undefined),
        });
      }
      // Only the subscribed type, verified by the receiver with the endpoint's secret.
      expect(received.map((e) => e.type)).toEqual(['order.placed']);
      expect(received[0]?.data).toMatchObject({
        orderId,
        email: 'hooked@example.com',
        currencyCode: 'USD',
      });
      const delivery = await firstRow<{ status: string; resource_key: string }>(
        tdb.db,
        sql`select status, resource_key from webhook_deliveries where event_type = 'order.placed'`,
      );
      expect(delivery).toEqual({ status: 'succeeded', resource_key: `order:${orderId}` });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('1,000 events over 10 products arrive in order per product, none lost across a SIGKILL', async () => {
    const storefront = await fakeStorefront('webhooks-test-secret-'.padEnd(48, 'x'));
    const receiver = await testReceiver(() => 200, { delayMs: 5 });
    const workers: WorkerProcess[] = [];
    try {
      const endpoint = await createWebhookEndpoint(
        tdb.db,
        { url: receiver.url, events: ['product.updated'] },
        { allowList },
      );
      const seeded = await tdb.db
        .select({ id: products.id, handle: products.handle })
        .from(products)
        .orderBy(asc(products.id))
        .limit(10);
      expect(seeded).toHaveLength(10);
      // Ten transactions of 100 events, each product's events interleaved with the others'.
      for (let t = 0; t < 10; t++) {
        const events: DomainEvent[] = Array.from({ length: 100 }, (_, i) => {
          const p = seeded[i % 10];
          if (!p) throw new Error('no product');
          return {
            type: 'product.updated',
            version: 1,
            payload: { productId: p.id, handle: p.handle, fields: ['title'] },
          };
        });
        await runTransaction(tdb.db, (tx) => emitEvents(tx, events));
      }

      const env = {
        DATABASE_URL: tdb.url,
        REVALIDATE_SECRET: 'webhooks-test-secret-'.padEnd(48, 'x'),
        STOREFRONT_URL: storefront.url,
        WORKER_CONCURRENCY: '2',
        HEARTBEAT_SECONDS: '1',
        WORKER_STALE_SECONDS: '2',
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        WEBHOOK_RETRY_SECONDS: '1,1,1',
      };
      const first = startWorker(env);
      workers.push(first);
      await first.ready;
      await waitFor(
        () => (receiver.received.length >= 200 ? true : undefined),
        60_000,
        '200 deliveries',
      );
      await killHard(first);
      const atKill = receiver.received.length;
      expect(atKill).toBeLessThan(1000);

      const second = startWorker(env);
      workers.push(second);
      await second.ready;
      await waitFor(
        async () => {
          const row = await firstRow<{ n: number }>(
            tdb.db,
            sql`select count(*)::int as n from webhook_deliveries where endpoint_id = ${endpoint.id} and status = 'succeeded'`,
          );
          return row?.n === 1000 ? true : undefined;
        },
        90_000,
        'all 1,000 deliveries to succeed',
      );

      const deliveries = await tdb.db
        .select({ id: webhookDeliveries.id, resourceKey: webhookDeliveries.resourceKey })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, endpoint.id))
        .orderBy(asc(webhookDeliveries.id));
      expect(deliveries).toHaveLength(1000);
      // Every delivery arrived (a round cut by the kill is sent again: same id, receivers dedupe).
      const firstArrival = [
        ...new Set(receiver.received.map((r) => String(r.headers['webhook-id']))),
      ];
      expect(new Set(firstArrival)).toEqual(new Set(deliveries.map((d) => `msg_${d.id}`)));
      // Per product, in the order the events happened.
      const byResource = new Map<string, string[]>();
      for (const d of deliveries)
        byResource.set(d.resourceKey, [...(byResource.get(d.resourceKey) ?? []), `msg_${d.id}`]);
      expect(byResource.size).toBe(10);
      for (const [key, ids] of byResource) {
        const arrived = firstArrival.filter((id) => ids.includes(id));
        expect(arrived, key).toEqual(ids);
      }
      const attempts = await queryRows<{ n: number }>(
        tdb.db,
        sql`select count(*)::int as n from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id where d.endpoint_id = ${endpoint.id}`,
      );
      expect(attempts[0]?.n).toBe(1000);
    } finally {
      for (const w of workers) await killHard(w);
      await receiver.close();
      await storefront.close();
    }
  }, 180_000);
});
