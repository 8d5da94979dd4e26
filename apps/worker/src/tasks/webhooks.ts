import type { Db } from '@shop/runtime';
import { deliverEndpoint, type DeliveryOptions } from '@shop/webhooks';
import type { Task } from 'graphile-worker';
import { z } from 'zod';

const zPayload = z.object({ endpointId: z.number().int().positive() });

/**
 * `webhook-deliver`: sends one endpoint's due deliveries (`deliverEndpoint`: rounds under the
 * endpoint's lock, per resource in order, retries scheduled on the job's own key). A hanging
 * receiver costs this job, never another endpoint's: each endpoint has its own job.
 */
export function webhookDeliverTask(db: Db, options: DeliveryOptions): Task {
  return async (payload, helpers) => {
    const { endpointId } = zPayload.parse(payload);
    const outcome = await deliverEndpoint(db, endpointId, options);
    if (outcome === 'disabled') {
      helpers.logger.info(`webhook endpoint ${endpointId} is disabled; its deliveries wait`);
    }
  };
}
