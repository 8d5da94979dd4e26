import { getRegion } from '@shop/core';
import type { Database } from '@shop/db/client';
import { boughtTogether, isSwitchOn, RELATED_PRODUCTS_SWITCH, toCard } from '@shop/search';
import { zId, zProductCard, zRegionCode } from '@shop/validators';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc/storefront';

export const zRelatedInput = z.object({
  productId: zId,
  region: zRegionCode.default('default'),
  limit: z
    .number()
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(24, 'limit must be at most 24')
    .default(4),
});

export const zRelatedProducts = z.object({
  similar: z.array(zProductCard),
  boughtTogether: z.array(zProductCard),
  /** False when the `related_products` switch is off: both lists are then empty. */
  enabled: z.boolean(),
});
export type RelatedProducts = z.infer<typeof zRelatedProducts>;

/**
 * The product page's related blocks: "similar items" from the search port and "often bought
 * together" from the affinities the worker computes. When the `related_products` switch is off
 * (`pnpm shop:switch related_products off`, read at most a few seconds late) both are empty and
 * nothing else is read: the switch exists to take this work off a shop under pressure. An
 * unknown or inactive product has no related products (empty lists, not an error).
 */
export const storefrontRelatedRouter = router({
  forProduct: publicProcedure
    .input(zRelatedInput)
    .output(zRelatedProducts)
    .query(async ({ ctx, input }): Promise<RelatedProducts> => {
      if (!(await relatedEnabled(ctx.readDb))) {
        return { similar: [], boughtTogether: [], enabled: false };
      }
      const options = { region: input.region, limit: input.limit };
      const [region, similar, together] = await Promise.all([
        getRegion(ctx.readDb, input.region, { fallback: true }),
        ctx.search.similar ? ctx.search.similar(input.productId, options) : Promise.resolve([]),
        boughtTogether(ctx.readDb, input.productId, input.limit),
      ]);
      return {
        similar,
        boughtTogether: together.map((d) => toCard(d, region.currencyCode)),
        enabled: true,
      };
    }),
});

/**
 * Whether the `related_products` switch is on, as this process last read it (at most a few
 * seconds old): the storefront asks before its cache, so a switch turned off is not hidden by
 * an answer cached while it was on.
 */
export function relatedEnabled(db: Database): Promise<boolean> {
  return isSwitchOn(db, RELATED_PRODUCTS_SWITCH);
}

/** The storefront's time budget and breaker around this procedure (see `budgetGate`). */
export { budgetGate, type BudgetGate, type SkipReason } from '@shop/search';
