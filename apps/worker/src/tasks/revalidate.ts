import { REVALIDATE_SIGNATURE_HEADER, signRevalidation } from '@shop/core';
import type { Task } from 'graphile-worker';

export interface RevalidateConfig {
  storefrontUrl: string;
  secret: string;
  timeoutMs?: number;
}

function isPayload(value: unknown): value is { tags: string[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { tags?: unknown }).tags) &&
    (value as { tags: unknown[] }).tags.every((t) => typeof t === 'string')
  );
}

/**
 * Calls the storefront's signed /api/revalidate with the job's tags. Any failure (storefront
 * down, non-2xx answer, timeout) throws, so the queue keeps the job and retries it with backoff.
 */
export function revalidateTask(config: RevalidateConfig): Task {
  return async (payload, helpers) => {
    if (!isPayload(payload)) {
      helpers.logger.error(`revalidate: malformed payload ${JSON.stringify(payload)}; dropping it`);
      return;
    }
    const { body, signature } = signRevalidation(config.secret, payload.tags);
    const response = await fetch(`${config.storefrontUrl}/api/revalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [REVALIDATE_SIGNATURE_HEADER]: signature },
      body,
      signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(
        `storefront answered ${response.status} to revalidate: ${text.slice(0, 200)}`,
      );
    }
    helpers.logger.info(`revalidated ${payload.tags.join(', ')}`);
  };
}
