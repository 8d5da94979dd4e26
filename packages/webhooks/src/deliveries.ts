import { CommerceError } from '@shop/core';
import type { Database } from '@shop/db/client';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@shop/db/schema';
import type { WebhookAttempt, WebhookDelivery } from '@shop/validators';
import { and, asc, desc, eq, getTableColumns, lt, sql } from 'drizzle-orm';
import { wakeEndpoint } from './endpoints';

/** The endpoint's deliveries, newest first, a page at a time (`before`: the last id seen). */
export async function listWebhookDeliveries(
  db: Database,
  params: {
    endpointId: number;
    status?: WebhookDelivery['status'];
    before?: number;
    limit: number;
  },
): Promise<WebhookDelivery[]> {
  const { manual: _manual, ...columns } = getTableColumns(webhookDeliveries);
  return db
    .select(columns)
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, params.endpointId),
        params.status === undefined ? undefined : eq(webhookDeliveries.status, params.status),
        params.before === undefined ? undefined : lt(webhookDeliveries.id, params.before),
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(params.limit);
}

/** Every attempt of one delivery, first first: the log under a delivery in the admin. */
export async function listWebhookAttempts(
  db: Database,
  deliveryId: number,
): Promise<WebhookAttempt[]> {
  return db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(asc(webhookAttempts.id));
}

/**
 * Sends a delivery again, whatever its state: it becomes `pending`, due now, marked `manual`
 * (its next attempt is logged as manual; a failure then waits by the retry schedule, or makes
 * it `failed` again when the schedule already ran out), and the endpoint's job is woken. It
 * takes its place again behind any older pending delivery of its resource. It keeps its
 * `webhook-id`, so a receiver that already has it can drop the copy. Asking twice before it is
 * sent sends it once; asking after it was sent sends it once more. Refused for a disabled
 * endpoint: enable it first (its deliveries would only wait).
 */
export async function redeliverWebhook(db: Database, deliveryId: number): Promise<WebhookDelivery> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ endpointId: webhookDeliveries.endpointId, enabled: webhookEndpoints.enabled })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, deliveryId))
      .for('update', { of: webhookEndpoints });
    if (!found)
      throw new CommerceError(
        'NOT_FOUND',
        'This delivery does not exist (its endpoint may have been deleted).',
      );
    if (!found.enabled) {
      throw new CommerceError(
        'CONFLICT',
        'This endpoint is disabled; enable it before redelivering its events.',
      );
    }
    const { manual: _manual, ...columns } = getTableColumns(webhookDeliveries);
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', manual: true, nextAttemptAt: sql`now()` })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning(columns);
    if (!row) throw new Error(`delivery ${deliveryId} vanished under its lock`);
    await wakeEndpoint(tx, found.endpointId);
    return row;
  });
}
