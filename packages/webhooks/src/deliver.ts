import { firstRow, queryRows } from '@shop/db/query';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import { runTransaction } from '@shop/db/transaction';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { systemResolve, type AllowList, type Resolve } from './addresses';
import { deliverJobKey } from './endpoints';
import { DEFAULT_RETRY_SECONDS, nextRetryDelayMs } from './retry';
import { sendWebhook, type SendResult } from './send';

export interface DeliveryOptions {
  allowList: AllowList;
  /** One request's bound, answer included (`WEBHOOK_TIMEOUT_MS`). */
  timeoutMs: number;
  /** Waits between attempts in seconds (`WEBHOOK_RETRY_SECONDS`). */
  retrySeconds?: readonly number[];
  /** Failing for longer than this disables the endpoint (`WEBHOOK_DISABLE_AFTER_HOURS`). */
  disableAfterHours?: number;
  /**
   * Heads sent per round (default 16) and at once (default 8). A round is one transaction, so
   * it lasts at most (batchSize / parallelism) × timeoutMs: 20 s by default with hanging
   * receivers, milliseconds with healthy ones.
   */
  batchSize?: number;
  parallelism?: number;
  resolve?: Resolve;
  /** The jitter's source (tests pin it). */
  random?: () => number;
}

export type RoundOutcome =
  | 'sent'
  /** Nothing due (a retry is scheduled when deliveries wait). */
  | 'idle'
  /** Another worker is sending this endpoint's deliveries: it will see what is due. */
  | 'busy'
  | 'disabled'
  | 'gone';

export const USER_AGENT = 'shop-webhooks/1.0 (+https://www.standardwebhooks.com)';
/** How soon a worker that found the endpoint busy looks again. */
const BUSY_RETRY_MS = 1000;

/** The job key of an endpoint's next retry (apart from the wake-up's, so neither postpones the other). */
export const retryJobKey = (endpointId: number) => `webhook-retry:${endpointId}`;

interface Head {
  id: number;
  event_id: number;
  event_type: string;
  attempts: number;
  manual: boolean;
  payload: unknown;
  occurred_at: Date | string;
  /** `next_attempt_at` as read, exact text: a later value means staff asked to redeliver meanwhile. */
  due_at: string;
}

/**
 * Sends one endpoint's due deliveries until none is due, in rounds. A round is one transaction
 * holding the endpoint's advisory lock (so two workers never send its deliveries at once: the
 * second finds it busy and looks again a second later) that takes the heads (per resource key,
 * the oldest pending delivery, and only if its next attempt is due), sends them with bounded
 * parallelism and records each attempt. Per resource, a delivery is therefore sent only after
 * every older one succeeded or ran out of attempts: a receiver sees one order's events in order.
 *
 * A worker killed mid-round rolls the round back: its requests may have arrived and are sent
 * again, with the same `webhook-id` (at least once; receivers dedupe by it). When nothing is
 * due but deliveries wait for a retry, the endpoint's retry job is scheduled at the earliest.
 */
export async function deliverEndpoint(
  db: Database,
  endpointId: number,
  options: DeliveryOptions,
): Promise<RoundOutcome> {
  for (;;) {
    const outcome = await deliverRound(db, endpointId, options);
    if (outcome === 'busy') {
      await enqueueJob(
        db,
        'webhook-deliver',
        { endpointId },
        {
          jobKey: deliverJobKey(endpointId),
          jobKeyMode: 'preserve_run_at',
          delayMs: BUSY_RETRY_MS,
        },
      );
    }
    if (outcome !== 'sent') return outcome;
  }
}

/** One round (see `deliverEndpoint`); exported for tests that step through rounds. */
export async function deliverRound(
  db: Database,
  endpointId: number,
  options: DeliveryOptions,
): Promise<RoundOutcome> {
  // Requests are made inside: never run the round twice on a serialization failure.
  return runTransaction(
    db,
    async (tx) => {
      const locked = await firstRow<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(hashtextextended(${`webhook-endpoint:${endpointId}`}, 0)) as ok`,
      );
      if (!locked?.ok) return 'busy';
      const endpoint = await firstRow<{ url: string; secret: string; enabled: boolean }>(
        tx,
        sql`select url, secret, enabled from webhook_endpoints where id = ${endpointId}`,
      );
      if (!endpoint) return 'gone';
      if (!endpoint.enabled) return 'disabled';
      const heads = await dueHeads(tx, endpointId, options.batchSize ?? 16);
      if (heads.length === 0) {
        await scheduleRetry(tx, endpointId);
        return 'idle';
      }
      const signer = new Webhook(endpoint.secret);
      // One statement at a time on the round's connection, in the order they are asked for.
      let queue: Promise<unknown> = Promise.resolve();
      const serial = <T>(statement: () => Promise<T>): Promise<T> => {
        const done = queue.then(statement);
        queue = done.catch(() => undefined);
        return done;
      };
      // Staff who disable, delete or re-point the endpoint mid-round (a URL that turns out to be
      // a stranger's) stop it: requests in flight finish, none is started after.
      let stopped = false;
      // Each recorded attempt's success, in the order recorded (applied to the endpoint at the end).
      const outcomes: boolean[] = [];
      await forEachLimited(heads, options.parallelism ?? 8, async (head) => {
        if (stopped || !(await serial(() => stillCurrent(tx, endpointId, endpoint.url)))) {
          stopped = true;
          return;
        }
        const body = JSON.stringify({
          type: head.event_type,
          timestamp: new Date(head.occurred_at).toISOString(),
          data: head.payload,
        });
        const msgId = `msg_${head.id}`;
        const sentAt = new Date();
        const result = await sendWebhook({
          url: endpoint.url,
          body,
          timeoutMs: options.timeoutMs,
          allowList: options.allowList,
          resolve: options.resolve ?? systemResolve,
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            'webhook-id': msgId,
            'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
            'webhook-signature': signer.sign(msgId, sentAt, body),
          },
        });
        const recorded = await serial(() => recordAttempt(tx, head, result, options));
        if (recorded !== null) outcomes.push(recorded);
      });
      await recordEndpointHealth(tx, endpointId, outcomes);
      await disableIfFailingTooLong(tx, endpointId, options.disableAfterHours ?? 120);
      return 'sent';
    },
    { attempts: 1 },
  );
}

/** Whether the endpoint is still there, enabled and at `url`, as committed now (read committed). */
async function stillCurrent(tx: Database, endpointId: number, url: string): Promise<boolean> {
  const row = await firstRow<{ enabled: boolean; url: string }>(
    tx,
    sql`select enabled, url from webhook_endpoints where id = ${endpointId}`,
  );
  return row?.enabled === true && row.url === url;
}

/**
 * Per resource key the oldest pending delivery, oldest first, those due now. The partial index
 * `webhook_deliveries_due_idx` (endpoint, resource, id) where pending serves the DISTINCT ON.
 */
async function dueHeads(tx: Database, endpointId: number, limit: number): Promise<Head[]> {
  return queryRows<Head>(
    tx,
    sql`
    select h.id::int as id, h.event_id::int as event_id, h.event_type, h.attempts, h.manual,
           e.payload, e.occurred_at, h.next_attempt_at::text as due_at
      from (select distinct on (resource_key) id, event_id, event_type, attempts, manual, next_attempt_at
              from webhook_deliveries
             where endpoint_id = ${endpointId} and status = 'pending'
             order by resource_key, id) h
      join domain_events e on e.id = h.event_id
     where h.next_attempt_at <= now()
     order by h.id
     limit ${limit}`,
  );
}

/** Nothing is due: wake the endpoint when its earliest waiting head is. */
async function scheduleRetry(tx: Database, endpointId: number): Promise<void> {
  const next = await firstRow<{ at: Date | string | null }>(
    tx,
    sql`
    select min(h.next_attempt_at) as at
      from (select distinct on (resource_key) next_attempt_at
              from webhook_deliveries
             where endpoint_id = ${endpointId} and status = 'pending'
             order by resource_key, id) h`,
  );
  if (!next?.at) return;
  await enqueueJob(
    tx,
    'webhook-deliver',
    { endpointId },
    { jobKey: retryJobKey(endpointId), runAt: new Date(next.at) },
  );
}

/**
 * Writes the attempt to the log and moves the delivery on: a 2xx makes it `succeeded`; any other
 * outcome schedules the next attempt by the retry schedule, or makes it `failed` once the
 * schedule ran out. Answers whether the attempt succeeded, or null when the delivery is gone
 * (the endpoint was deleted meanwhile: nothing is written). The endpoint's row is not touched
 * here (`recordEndpointHealth` does, at the round's end), so staff can disable it mid-round.
 *
 * Staff may have asked to redeliver while this attempt was in flight (the round locks the
 * endpoint, not its deliveries): `redeliverWebhook` then moved `next_attempt_at` past the value
 * the round read. The attempt is logged, but the delivery stays pending, due and `manual`, so the
 * request staff made after this send started is honoured by the next round instead of swallowed.
 */
async function recordAttempt(
  tx: Database,
  head: Head,
  result: SendResult,
  options: DeliveryOptions,
): Promise<boolean | null> {
  const ok = result.error === null;
  const attempt = head.attempts + 1;
  const delayMs = ok
    ? null
    : nextRetryDelayMs(options.retrySeconds ?? DEFAULT_RETRY_SECONDS, attempt, options.random);
  const status = ok ? 'succeeded' : delayMs === null ? 'failed' : 'pending';
  const redelivered = sql`next_attempt_at > ${head.due_at}::timestamptz`;
  const updated = await queryRows(
    tx,
    sql`
    update webhook_deliveries
       set attempts = ${attempt},
           status = case when ${redelivered} then 'pending' else ${status} end::webhook_delivery_status,
           manual = ${redelivered},
           last_status_code = ${result.statusCode},
           last_latency_ms = ${result.latencyMs},
           last_error = ${result.error},
           delivered_at = ${ok ? sql`now()` : sql`delivered_at`},
           next_attempt_at = case when ${redelivered} then next_attempt_at
                                  else ${delayMs === null ? sql`next_attempt_at` : sql`clock_timestamp() + make_interval(secs => ${delayMs / 1000}::double precision)`} end
     where id = ${head.id}
     returning id`,
  );
  if (updated.length === 0) return null;
  await tx.execute(sql`
    insert into webhook_attempts (delivery_id, attempt, status_code, latency_ms, error, response_body, manual)
    values (${head.id}, ${attempt}, ${result.statusCode}, ${result.latencyMs}, ${result.error},
            ${result.responseBody}, ${head.manual})`);
  return ok;
}

/**
 * The round's attempts applied to the endpoint's `failing_since`, once, at the round's end: the
 * round would otherwise hold the endpoint's row locked from its first failure on, and staff
 * disabling a failing endpoint would wait for the round (and the round could not see them). A
 * success last clears it; a failure last sets it, to now if the round also had a success (every
 * attempt since has failed), else keeps an earlier value.
 */
async function recordEndpointHealth(
  tx: Database,
  endpointId: number,
  outcomes: readonly boolean[],
): Promise<void> {
  const last = outcomes.at(-1);
  if (last === undefined) return;
  await tx.execute(
    last
      ? sql`update webhook_endpoints set failing_since = null where id = ${endpointId} and failing_since is not null`
      : outcomes.includes(true)
        ? sql`update webhook_endpoints set failing_since = clock_timestamp() where id = ${endpointId}`
        : sql`update webhook_endpoints set failing_since = coalesce(failing_since, clock_timestamp()) where id = ${endpointId}`,
  );
}

/**
 * The disable rule: an endpoint whose every attempt has failed since `failing_since` for longer
 * than `disableAfterHours` is disabled with the reason; its pending deliveries wait (they go out
 * when staff enable it again) and it gets no new ones meanwhile.
 */
async function disableIfFailingTooLong(
  tx: Database,
  endpointId: number,
  disableAfterHours: number,
): Promise<void> {
  await tx.execute(sql`
    update webhook_endpoints
       set enabled = false, disabled_at = now(), updated_at = now(),
           disabled_reason = 'Every delivery failed for more than ' || ${String(disableAfterHours)} ||
             ' hours (since ' || to_char(failing_since at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC).'
     where id = ${endpointId} and enabled and failing_since is not null
       and failing_since < clock_timestamp() - make_interval(secs => ${disableAfterHours * 3600}::double precision)`);
}

/** Runs `fn` over `items`, at most `limit` at a time; rejects with the first failure. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}
