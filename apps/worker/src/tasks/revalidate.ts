import { REVALIDATE_SIGNATURE_HEADER, signRevalidation } from '@shop/core';
import type { Task } from 'graphile-worker';

export interface RevalidateConfig {
  /** Every storefront replica (`STOREFRONT_URLS`); a job names one of them. */
  storefrontUrls: readonly string[];
  secret: string;
  timeoutMs?: number;
}

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
 * Calls one storefront replica's signed /api/revalidate with the job's tags (the dispatcher
 * enqueues one job per replica). A job naming a URL that is not configured is dropped (the
 * worker signs requests only to its own storefronts); one without a URL (enqueued before
 * replicas existed) goes to every replica. Any failure (storefront down, non-2xx answer,
 * timeout) throws, so the queue keeps the job and retries it with backoff; repeating a refresh
 * is harmless.
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
  };
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
