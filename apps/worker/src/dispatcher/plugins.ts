import { enqueueJob } from '@shop/db/jobs';
import type { PluginHost } from '@shop/plugins';
import type { EventHandler } from './handlers';

/** The job key of one plugin's run for one event: a redispatched batch replaces, never adds. */
export const pluginJobKey = (plugin: string, eventId: number) => `plugin:${plugin}:${eventId}`;

/**
 * Hands events to the plugins that subscribe to them: one `plugin-event` job per (plugin,
 * event), committed with the batch's mark. The handlers themselves run in those jobs, so a
 * slow or throwing plugin is retried by the queue on its own and never holds up the dispatcher,
 * the other handlers or the other plugins.
 */
export function pluginEventsHandler(host: Pick<PluginHost, 'subscribers'>): EventHandler {
  return {
    name: 'plugins',
    async handle(events, tx) {
      for (const event of events) {
        for (const plugin of host.subscribers(event.type)) {
          await enqueueJob(
            tx,
            'plugin-event',
            { plugin: plugin.name, eventId: event.id },
            { jobKey: pluginJobKey(plugin.name, event.id) },
          );
        }
      }
    },
  };
}
