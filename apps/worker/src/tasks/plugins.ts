import { getDomainEvent } from '@shop/core';
import type { PluginHost } from '@shop/plugins';
import type { Db } from '@shop/runtime';
import type { Task } from 'graphile-worker';

function isPayload(value: unknown): value is { plugin: string; eventId: number } {
  if (typeof value !== 'object' || value === null) return false;
  const { plugin, eventId } = value as Record<string, unknown>;
  return typeof plugin === 'string' && Number.isSafeInteger(eventId);
}

/**
 * The `plugin-event` task: loads the event and runs the plugin's handler with its context. A
 * handler that throws (or runs past its `eventTimeoutMs`) fails the job, and graphile-worker
 * retries it with exponential backoff. A job for a plugin no longer in the config, or for an
 * event that no longer parses, is logged and dropped: no retry would change it.
 */
export function pluginEventTask(db: Db, host: Pick<PluginHost, 'plugins' | 'handleEvent'>): Task {
  return async (payload, helpers) => {
    if (!isPayload(payload)) {
      throw new Error(
        `plugin-event: malformed payload (expected { plugin, eventId }): ${JSON.stringify(payload).slice(0, 200)}`,
      );
    }
    if (!host.plugins.some((p) => p.name === payload.plugin)) {
      helpers.logger.warn(
        `plugin-event: no plugin named "${payload.plugin}" is configured; event ${payload.eventId} skipped`,
      );
      return;
    }
    const event = await getDomainEvent(db, payload.eventId);
    if (!event) {
      helpers.logger.warn(`plugin-event: event ${payload.eventId} is gone or unreadable; skipped`);
      return;
    }
    try {
      await host.handleEvent(payload.plugin, event);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`plugin "${payload.plugin}" failed on ${event.type} ${event.id}: ${reason}`, {
        cause: err,
      });
    }
  };
}
