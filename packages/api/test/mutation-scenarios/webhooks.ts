import { webhookDeliveries } from '@shop/db/schema';
import { firstRow } from '@shop/db/query';
import { parseAllowList, setWebhookEndpointEnabled, type RegistrationDeps } from '@shop/webhooks';
import { sql } from 'drizzle-orm';
import { keep, recall, stateKey } from './state';
import type { MutationStep, ScenarioContext } from './types';

/** Where the context lets webhook URLs point (`WEBHOOK_ALLOWED_HOSTS=127.0.0.1`): a local receiver. */
export const scenarioWebhooks: RegistrationDeps = { allowList: parseAllowList('127.0.0.1') };

const ENDPOINT = stateKey<number>('webhooks.endpoint');
const endpoint = (ctx: ScenarioContext) => recall(ctx, ENDPOINT);

/** A failed delivery of an order.paid event to the endpoint, as the worker leaves one. */
async function failedDelivery(ctx: ScenarioContext): Promise<number> {
  const event = await firstRow<{ id: number }>(
    ctx.db,
    sql`insert into domain_events (type, version, payload) values ('order.paid', 1, '{}') returning id::int as id`,
  );
  const [delivery] = await ctx.db
    .insert(webhookDeliveries)
    .values({
      endpointId: endpoint(ctx),
      eventId: Number(event?.id),
      eventType: 'order.paid',
      resourceKey: 'order:audit-scenario',
      status: 'failed',
    })
    .returning();
  if (!delivery) throw new Error('no webhook delivery was written');
  return delivery.id;
}

/** `admin.webhooks.*`. */
export const steps: MutationStep[] = [
  {
    path: 'admin.webhooks.create',
    run: async (ctx) => {
      const created = await ctx.admin.webhooks.create({
        url: 'http://127.0.0.1:4000/hooks',
        description: 'ERP',
        events: ['order.placed'],
      });
      return keep(ctx, ENDPOINT, created.id);
    },
  },
  {
    path: 'admin.webhooks.update',
    run: (ctx) =>
      ctx.admin.webhooks.update({ id: endpoint(ctx), events: ['order.placed', 'order.paid'] }),
  },
  {
    path: 'admin.webhooks.enable',
    run: async (ctx) => {
      // Disabled meanwhile (the worker disables a failing endpoint the same way).
      await setWebhookEndpointEnabled(ctx.db, endpoint(ctx), false);
      return ctx.admin.webhooks.enable({ id: endpoint(ctx), enabled: true });
    },
  },
  {
    path: 'admin.webhooks.redeliver',
    run: async (ctx) => ctx.admin.webhooks.redeliver({ deliveryId: await failedDelivery(ctx) }),
  },
  {
    path: 'admin.webhooks.delete',
    run: (ctx) => ctx.admin.webhooks.delete({ id: endpoint(ctx) }),
  },
];
