import {
  edgePurgeKeys,
  REVALIDATE_SIGNATURE_HEADER,
  signEdgePurge,
  signRevalidation,
} from '@shop/core';
import type { Database } from '@shop/db/client';
import { metrics } from '@shop/observability';
import type { Task } from 'graphile-worker';

export interface EdgePurgeConfig {
  /** The edge's base URL (`EDGE_PURGE_URL`). */
  url: string;
  /** `EDGE_PURGE_SECRET` (default `REVALIDATE_SECRET`); the storefront checks it. */
  secret: string;
  /** Where a product's current handle is read (`product:<id>` → its page's key). */
  db: Database;
}

export interface RevalidateConfig {
  /** Every storefront replica (`STOREFRONT_URLS`); a job names one of them. */
  storefrontUrls: readonly string[];
  secret: string;
  /** The edge to purge once every replica is fresh; absent: no edge. */
  edge?: EdgePurgeConfig;
  timeoutMs?: number;
}

/** Keys per PURGE, so its `xkey-purge` header stays well within Varnish's 8 KB header limit. */
export const KEYS_PER_PURGE = 64;

function isPayload(value: unknown): value is { tags: string[]; url?: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { tags?: unknown }).tags) &&
    (value as { tags: unknown[] }).tags.every((t) => typeof t === 'string') &&
    ['string', 'undefined'].includes(typeof (value as { url?: unknown }).url)
  );
}

/**
 * Calls one storefront replica's signed /api/revalidate with the job's tags (without an edge
 * the dispatcher enqueues one job per replica). A job naming a URL that is not configured is
 * dropped (the worker signs requests only to its own storefronts); one without a URL goes to
 * every replica in turn and then, when an edge is configured, purges the edge with one signed
 * PURGE of the tags' keys (`purgeEdge`). The order matters: purged earlier, the edge could
 * refetch the old page from a replica not yet told and keep it. Any failure (storefront or edge
 * down, non-2xx answer, timeout) throws, so the queue keeps the job and retries all of it with
 * backoff; repeating a refresh or a purge is harmless.
 */
export function revalidateTask(config: RevalidateConfig): Task {
  return async (payload, helpers) => {
    if (!isPayload(payload)) {
      helpers.logger.error(`revalidate: malformed payload ${JSON.stringify(payload)}; dropping it`);
      return;
    }
    const urls = payload.url === undefined ? config.storefrontUrls : [payload.url];
    const unknown = urls.find((u) => !config.storefrontUrls.includes(u));
    if (unknown !== undefined) {
      helpers.logger.error(`revalidate: ${unknown} is not in STOREFRONT_URLS; dropping the job`);
      return;
    }
    for (const url of urls) await postRevalidation(url, payload.tags, config);
    helpers.logger.info(`revalidated ${payload.tags.join(', ')} on ${urls.join(', ')}`);
    if (config.edge && payload.url === undefined) {
      const purged = await purgeEdge(config.edge, payload.tags, config.timeoutMs);
      helpers.logger.info(`purged ${purged} edge objects`);
    }
  };
}

/**
 * Soft-purges the edge by the keys of `tags` (`edgePurgeKeys`), in signed PURGEs of at most
 * `KEYS_PER_PURGE` keys; answers how many objects the edge marked stale. Each purge is counted
 * in `edge_purges_total{result}`; the first failure throws.
 */
export async function purgeEdge(
  edge: EdgePurgeConfig,
  tags: readonly string[],
  timeoutMs = 10_000,
): Promise<number> {
  const keys = await edgePurgeKeys(edge.db, tags);
  let purged = 0;
  for (let i = 0; i < keys.length; i += KEYS_PER_PURGE) {
    try {
      const response = await fetch(`${edge.url}/`, {
        method: 'PURGE',
        headers: signEdgePurge(edge.secret, keys.slice(i, i + KEYS_PER_PURGE)),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text().catch(() => '');
      if (!response.ok) {
        throw new Error(
          `the edge ${edge.url} answered ${response.status} to a purge: ${text.slice(0, 200)}`,
        );
      }
      purged += Number(response.headers.get('x-edge-purged') ?? 0);
      metrics.edgePurge('ok');
    } catch (err) {
      metrics.edgePurge('failed');
      throw err;
    }
  }
  return purged;
}

async function postRevalidation(url: string, tags: string[], config: RevalidateConfig) {
  const { body, signature } = signRevalidation(config.secret, tags);
  const response = await fetch(`${url}/api/revalidate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [REVALIDATE_SIGNATURE_HEADER]: signature },
    body,
    signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new Error(`${url} answered ${response.status} to revalidate: ${text.slice(0, 200)}`);
  }
}
