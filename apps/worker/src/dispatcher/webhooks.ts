import { fanOutEvents } from '@shop/webhooks';
import type { EventHandler } from './handlers';

/**
 * Outgoing webhooks: each event of the batch becomes one delivery per enabled endpoint
 * subscribed to its type, with one `webhook-deliver` job per endpoint touched, all in the
 * batch's transaction (`fanOutEvents`). Unique per (endpoint, event), so a batch dispatched twice
 * delivers once; the requests are the job's, so a slow receiver never holds up the dispatcher.
 */
export function webhookHandler(): EventHandler {
  return {
    name: 'webhooks',
    async handle(events, tx) {
      await fanOutEvents(tx, events);
    },
  };
}
