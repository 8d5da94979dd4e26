import type { Db } from '@shop/runtime';
import { deliverEndpoint, wakeDueEndpoints, type DeliveryOptions } from '@shop/webhooks';
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

/** The crontab line for `webhook-sweep`: every minute, one queued run at most (the job key). */
export const WEBHOOK_SWEEP_CRON =
  '* * * * * webhook-sweep ?jobKey=webhook-sweep&jobKeyMode=preserve_run_at';

/**
 * `webhook-sweep`: the safety net under the delivery jobs (`wakeDueEndpoints`): an endpoint
 * with a due pending delivery and no job (lost in a long outage) is woken within a minute.
 */
export function webhookSweepTask(db: Db): Task {
  return async (_payload, helpers) => {
    const woken = await wakeDueEndpoints(db);
    if (woken.length > 0) helpers.logger.info(`webhook-sweep woke endpoints ${woken.join(', ')}`);
  };
}
