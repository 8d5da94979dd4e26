import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookAttempts,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
} from '@shop/webhooks';
import {
  zCreatedWebhookEndpoint,
  zId,
  zWebhookAttempt,
  zWebhookDeliveriesInput,
  zWebhookDelivery,
  zWebhookEndpoint,
  zWebhookEndpointInput,
  zWebhookEndpointUpdate,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/** Every webhook procedure changes or reveals where the shop sends its data: settings. */
const settings = () => staffProcedure('settings:write');
const zEndpointId = z.object({ id: zId });

/**
 * `admin.webhooks.*`: outgoing webhook endpoints and their delivery log (`@shop/webhooks`).
 * `create` answers the secret, once; no other procedure shows it. The URL's host is checked
 * against the worker's address rule (`WEBHOOK_ALLOWED_HOSTS`, handed in by the admin's env).
 */
export const adminWebhooksRouter = router({
  list: settings()
    .output(z.array(zWebhookEndpoint))
    .query(({ ctx }) => listWebhookEndpoints(ctx.db)),
  get: settings()
    .input(zEndpointId)
    .output(zWebhookEndpoint)
    .query(({ ctx, input }) => getWebhookEndpoint(ctx.db, input.id)),
  create: settings()
    .input(zWebhookEndpointInput)
    .output(zCreatedWebhookEndpoint)
    .mutation(({ ctx, input }) => createWebhookEndpoint(ctx.db, input, ctx.webhooks)),
  update: settings()
    .input(zWebhookEndpointUpdate)
    .output(zWebhookEndpoint)
    .mutation(({ ctx, input }) => updateWebhookEndpoint(ctx.db, input, ctx.webhooks)),
  delete: settings()
    .input(zEndpointId)
    .output(z.object({ id: z.number() }))
    .mutation(async ({ ctx, input }) => {
      await deleteWebhookEndpoint(ctx.db, input.id);
      return { id: input.id };
    }),
  /** Enables (waking its waiting deliveries) or disables an endpoint. */
  enable: settings()
    .input(zEndpointId.extend({ enabled: z.boolean() }))
    .output(zWebhookEndpoint)
    .mutation(({ ctx, input }) => setWebhookEndpointEnabled(ctx.db, input.id, input.enabled)),
  deliveries: settings()
    .input(zWebhookDeliveriesInput)
    .output(z.array(zWebhookDelivery))
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, input)),
  attempts: settings()
    .input(z.object({ deliveryId: zId }))
    .output(z.array(zWebhookAttempt))
    .query(({ ctx, input }) => listWebhookAttempts(ctx.db, input.deliveryId)),
  redeliver: settings()
    .input(z.object({ deliveryId: zId }))
    .output(zWebhookDelivery)
    .mutation(({ ctx, input }) => redeliverWebhook(ctx.db, input.deliveryId)),
});
