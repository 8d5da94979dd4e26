import { listQueuedJobs } from '@shop/db/jobs';
import { queryRows } from '@shop/db/query';
import { definePlugin, type PluginEvent } from '@shop/plugins';
import {
  checkoutTestCart,
  openTestShop,
  readyTestCart,
  type TestShop,
} from '@shop/runtime/testing';
import { sql } from 'drizzle-orm';
import { Logger, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchBatch } from '../src/dispatcher/dispatch';
import { pluginEventsHandler } from '../src/dispatcher/plugins';
import { pluginEventTask } from '../src/tasks/plugins';

const seen: PluginEvent[] = [];
const recorder = definePlugin({
  name: 'recorder',
  events: {
    'order.placed': async (event) => {
      seen.push(event);
    },
  },
});
const broken = definePlugin({
  name: 'broken',
  events: {
    'order.placed': async () => {
      throw new Error('the CRM is down');
    },
  },
});
const paidOnly = definePlugin({ name: 'paid-only', events: { 'order.paid': async () => {} } });

describe('plugin event handlers in the worker', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop({
      prefix: 'worker_plugins',
      products: 2,
      plugins: [recorder(), broken(), paidOnly()],
    });
  });
  afterAll(async () => {
    await shop?.close();
  });

  async function runQueue() {
    await runOnce({
      connectionString: shop.tdb.url,
      taskList: { 'plugin-event': pluginEventTask(shop.db, shop.plugins) },
      logger: new Logger(() => () => undefined),
    });
    const deadline = Date.now() + 10_000;
    while ((await listQueuedJobs(shop.db, 'plugin-event')).some((j) => j.lockedBy !== null)) {
      if (Date.now() > deadline) throw new Error('a plugin-event job stayed locked after runOnce');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('one job per (plugin, event) it subscribes to; a throwing handler retries alone', async () => {
    const cartId = await readyTestCart(shop, { email: 'dora@example.com' });
    const order = await checkoutTestCart(shop, cartId);
    await dispatchBatch({ db: shop.db, handlers: [pluginEventsHandler(shop.plugins)] });
    const keyed = await queryRows<{ key: string }>(
      shop.db,
      sql`select key from graphile_worker.jobs where task_identifier = 'plugin-event' order by key`,
    );
    const events = await queryRows<{ id: number; type: string }>(
      shop.db,
      sql`select id, type from domain_events where type in ('order.placed', 'order.paid') order by id`,
    );
    const placedId = Number(events.find((e) => e.type === 'order.placed')?.id);
    const paidId = Number(events.find((e) => e.type === 'order.paid')?.id);
    expect(keyed.map((k) => k.key)).toEqual(
      [
        `plugin:broken:${placedId}`,
        `plugin:paid-only:${paidId}`,
        `plugin:recorder:${placedId}`,
      ].sort(),
    );

    await runQueue();
    expect(seen.map((e) => [e.type, 'orderId' in e.payload ? e.payload.orderId : null])).toEqual([
      ['order.placed', order.orderId],
    ]);
    const left = await listQueuedJobs(shop.db, 'plugin-event');
    expect(left).toHaveLength(1);
    expect(left[0]?.payload).toEqual({ plugin: 'broken', eventId: placedId });
    expect(left[0]?.attempts).toBe(1);
    expect(left[0]?.lastError).toContain('plugin "broken" failed on order.placed');
    expect(left[0]?.lastError).toContain('the CRM is down');
  });

  it('a job for a plugin that is no longer configured, or a bad payload, does not loop', async () => {
    const task = pluginEventTask(shop.db, shop.plugins);
    const warnings: string[] = [];
    const helpers = { logger: { warn: (m: string) => warnings.push(m) } } as never;
    await task({ plugin: 'removed', eventId: 1 }, helpers);
    expect(warnings).toEqual([
      'plugin-event: no plugin named "removed" is configured; event 1 skipped',
    ]);
    await task({ plugin: 'recorder', eventId: 987_654 }, helpers);
    expect(warnings[1]).toBe('plugin-event: event 987654 is gone or unreadable; skipped');
    await expect(task({ plugin: 3 }, helpers)).rejects.toThrow('malformed payload');
  });
});
