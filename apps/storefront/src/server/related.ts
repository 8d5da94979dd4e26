import { unstable_cache } from 'next/cache';
import {
  budgetGate,
  createStorefrontCaller,
  createStorefrontContext,
  relatedEnabled,
} from '@shop/api';
import type { RelatedProducts } from '@shop/api';
import { cacheTags } from '@shop/core';
import { env } from '~/env';
import { getLogger, getShop } from './shop';

/** After a slow or failed fetch, related products are skipped this long (the breaker). */
const BREAKER_MS = 10_000;
/** Related products change with orders and the catalog; a few minutes stale is harmless. */
const REVALIDATE_SECONDS = 300;

/**
 * The product page's related blocks, fetched by the browser after the page (GET /api/related),
 * so the cached ISR page never waits for them and never bakes a degraded state in.
 *
 * They are what a shop under pressure gives up first: the `related_products` switch turns them
 * off (the API then reads nothing), and a fetch slower than `RELATED_TIMEOUT_MS` (150 ms by
 * default) is given up on, logged, and followed by `BREAKER_MS` during which none is tried.
 * Either way the answer is null and the page shows no block; nothing here throws.
 */
const gate = budgetGate({
  timeoutMs: env.RELATED_TIMEOUT_MS,
  breakerMs: BREAKER_MS,
  onSkip: (reason, error) => {
    // One line per trip; the requests skipped while the breaker is open are not worth one each.
    if (reason === 'breaker_open') return;
    getLogger().warn(
      { err: error, reason, timeoutMs: env.RELATED_TIMEOUT_MS, breakerMs: BREAKER_MS },
      'related products left out',
    );
  },
});

function readRelated(productId: number, region: string): Promise<RelatedProducts> {
  return createStorefrontCaller(createStorefrontContext(getShop())).storefront.related.forProduct({
    productId,
    region,
    limit: 4,
  });
}

/**
 * Cached per product and region under the product's and the catalog's tags. The switch is asked
 * first, outside the cache, so turning it off takes effect within its few seconds, not when
 * the cached answer ages out.
 */
async function cachedRelated(productId: number, region: string): Promise<RelatedProducts> {
  if (!(await relatedEnabled(getShop().readDb))) {
    return { similar: [], boughtTogether: [], enabled: false };
  }
  const key = ['storefront', 'related', region, String(productId)];
  const related = await unstable_cache(() => readRelated(productId, region), key, {
    tags: [cacheTags.product(productId), cacheTags.catalog],
    revalidate: REVALIDATE_SECONDS,
  })();
  // Cached in the moment the switch went off (read after the check above): ask again.
  return related.enabled ? related : readRelated(productId, region);
}

export function getRelated(productId: number, region: string): Promise<RelatedProducts | null> {
  return gate.run(() => cachedRelated(productId, region));
}
