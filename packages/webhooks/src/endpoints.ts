import { randomBytes } from 'node:crypto';
import { CommerceError, domainEventTypes } from '@shop/core';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import { webhookEndpoints } from '@shop/db/schema';
import { queryRows } from '@shop/db/query';
import {
  zWebhookEndpointInput,
  zWebhookEndpointUpdate,
  type WebhookEndpoint,
  type WebhookEndpointInput,
  type WebhookEndpointUpdate,
} from '@shop/validators';
import { desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  AddressNotAllowedError,
  allowedAddresses,
  bareHostname,
  systemResolve,
  type AllowList,
  type Resolve,
} from './addresses';

/** What registration needs besides the database: the allow-list, and DNS (tests fake it). */
export interface RegistrationDeps {
  allowList: AllowList;
  resolve?: Resolve;
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    status: !row.enabled ? 'disabled' : row.failingSince ? 'failing' : 'enabled',
    disabledAt: row.disabledAt,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    createdAt: row.createdAt,
  };
}

/** A new Standard Webhooks secret: `whsec_` + 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Event names must be the catalog's; the sentence names the first unknown one. */
function assertKnownEvents(events: readonly string[]): string[] {
  const known = new Set<string>(domainEventTypes);
  const unknown = events.find((e) => !known.has(e));
  if (unknown !== undefined) {
    throw new CommerceError(
      'INVALID_INPUT',
      `"${unknown}" is not an event type; choose from ${domainEventTypes.join(', ')}.`,
    );
  }
  return [...new Set(events)];
}

/**
 * The URL's host must be one the worker may send to (see `allowedAddresses`): checked here so
 * the merchant learns at once, and again at every delivery on the address connected to.
 */
async function assertReachable(url: string, deps: RegistrationDeps): Promise<void> {
  try {
    await allowedAddresses(
      bareHostname(new URL(url)),
      deps.allowList,
      deps.resolve ?? systemResolve,
    );
  } catch (err) {
    if (err instanceof AddressNotAllowedError)
      throw new CommerceError('INVALID_INPUT', err.message);
    throw err;
  }
}

/**
 * The core is called from scripts too: the input is checked here, with the schema's sentence.
 * Text with a NUL character is refused too: Postgres text has none, so storing it would be a 500.
 */
function parseInput<S extends z.ZodType<{ url?: string; description?: string }>>(
  schema: S,
  input: unknown,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new CommerceError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid input.');
  const { url, description } = parsed.data;
  if (url?.includes('\u0000') || description?.includes('\u0000'))
    throw new CommerceError(
      'INVALID_INPUT',
      'A webhook URL or description cannot contain a NUL character.',
    );
  return parsed.data;
}

/**
 * Registers an endpoint, enabled. The secret is generated unless one is given, and returned
 * here only: no other read shows it (the admin shows it once, to copy).
 */
export async function createWebhookEndpoint(
  db: Database,
  input: WebhookEndpointInput,
  deps: RegistrationDeps,
): Promise<WebhookEndpoint & { secret: string }> {
  const data = parseInput(zWebhookEndpointInput, input);
  const events = assertKnownEvents(data.events);
  await assertReachable(data.url, deps);
  const secret = data.secret ?? generateWebhookSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ url: data.url, description: data.description, events, secret })
    .returning();
  if (!row) throw new Error('insert returned no endpoint');
  return { ...toEndpoint(row), secret };
}

/** Changes the URL, description or events; the secret stays (delete and create to rotate). */
export async function updateWebhookEndpoint(
  db: Database,
  input: WebhookEndpointUpdate,
  deps: RegistrationDeps,
): Promise<WebhookEndpoint> {
  const data = parseInput(zWebhookEndpointUpdate, input);
  const events = data.events === undefined ? undefined : assertKnownEvents(data.events);
  if (data.url !== undefined) await assertReachable(data.url, deps);
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      ...(data.url === undefined ? {} : { url: data.url }),
      ...(data.description === undefined ? {} : { description: data.description }),
      ...(events === undefined ? {} : { events }),
      updatedAt: new Date(),
    })
    .where(eq(webhookEndpoints.id, data.id))
    .returning();
  if (!row) throw notFound();
  return toEndpoint(row);
}

function notFound() {
  return new CommerceError(
    'NOT_FOUND',
    'This webhook endpoint does not exist (it may have been deleted).',
  );
}

export async function listWebhookEndpoints(db: Database): Promise<WebhookEndpoint[]> {
  const rows = await db.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.id));
  return rows.map(toEndpoint);
}

export async function getWebhookEndpoint(db: Database, id: number): Promise<WebhookEndpoint> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw notFound();
  return toEndpoint(row);
}

/**
 * Deletes the endpoint with its deliveries and their attempts (cascade). A delivery being sent
 * at that moment finishes its request; its outcome is not recorded (the row is gone).
 *
 * The endpoint is disabled first, in a statement of its own: the cascade waits for the rows a
 * delivery round under way has written (until the round ends), but the round reads the endpoint
 * before each request, so it sees the disable at once and starts no further request.
 */
export async function deleteWebhookEndpoint(db: Database, id: number): Promise<void> {
  const [disabled] = await db
    .update(webhookEndpoints)
    .set({ enabled: false })
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  if (!disabled) throw notFound();
  const [row] = await db
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  if (!row) throw notFound();
}

/** The job key the dispatcher and staff actions wake an endpoint's delivery under. */
export const deliverJobKey = (endpointId: number) => `webhook:${endpointId}`;

/** Asks the worker to send the endpoint's due deliveries now (in the caller's transaction). */
export async function wakeEndpoint(db: Database, endpointId: number): Promise<void> {
  await enqueueJob(
    db,
    'webhook-deliver',
    { endpointId },
    { jobKey: deliverJobKey(endpointId), jobKeyMode: 'preserve_run_at' },
  );
}

/**
 * Enables or disables an endpoint. Disabled, it gets no new deliveries and its pending ones
 * wait; enabling starts a fresh failure window (`failing_since` cleared) and wakes the worker,
 * so the waiting deliveries go out in order.
 */
export async function setWebhookEndpointEnabled(
  db: Database,
  id: number,
  enabled: boolean,
): Promise<WebhookEndpoint> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set(
        enabled
          ? {
              enabled,
              disabledAt: null,
              disabledReason: null,
              failingSince: null,
              updatedAt: new Date(),
            }
          : {
              enabled,
              disabledAt: sql`coalesce(${webhookEndpoints.disabledAt}, now())`,
              disabledReason: sql`coalesce(${webhookEndpoints.disabledReason}, 'Disabled by staff.')`,
              updatedAt: new Date(),
            },
      )
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!row) throw notFound();
    if (enabled) await wakeEndpoint(tx, id);
    return toEndpoint(row);
  });
}

/**
 * The net under the delivery jobs: wakes every enabled endpoint that has a pending delivery
 * already due. A wake-up is normally enqueued with the deliveries (fan-out, enable, redeliver)
 * and a retry job scheduled by the last round; this finds an endpoint whose job was lost (it
 * ran out of the queue's attempts during a long database outage, or was deleted by hand).
 * The wake-ups merge with pending ones under the endpoint's job key. Returns the endpoints woken.
 */
export async function wakeDueEndpoints(db: Database): Promise<number[]> {
  const due = await queryRows<{ id: number }>(
    db,
    sql`select w.id::int as id from webhook_endpoints w
         where w.enabled
           and exists (select 1 from webhook_deliveries d
                        where d.endpoint_id = w.id and d.status = 'pending' and d.next_attempt_at <= now())
         order by w.id`,
  );
  const ids = due.map((r) => Number(r.id));
  for (const id of ids) await wakeEndpoint(db, id);
  return ids;
}
