import { recordSearchQuery } from '@shop/search';
import { zSearchInput, zSearchResponse, zSuggestInput, zSuggestion } from '@shop/validators';
import { z } from 'zod';
import { RATE_LIMITS } from '../rate-limits';
import { limited } from '../trpc/shared';
import { publicProcedure, router } from '../trpc/storefront';

/**
 * The search page and the header box. Input is bounded by the validators (text length, filter
 * counts and lengths, price order); filter values reach every engine as data, never as syntax.
 */
export const storefrontSearchRouter = router({
  query: publicProcedure
    .concat(limited(RATE_LIMITS.search))
    .input(zSearchInput)
    .output(zSearchResponse)
    .query(async ({ ctx, input }) => {
      const response = await ctx.search.search(input);
      // First pages of worded searches feed the admin's report; after the answer, never in its way.
      if (!input.cursor) {
        recordSearchQuery(ctx.db, input.q, response.total).catch((err: unknown) => {
          ctx.logger?.warn({ err }, 'search query not recorded');
        });
      }
      return response;
    }),
  suggest: publicProcedure
    .concat(limited(RATE_LIMITS.search))
    .input(zSuggestInput)
    .output(z.array(zSuggestion))
    .query(({ ctx, input }) => ctx.search.suggest(input.q, { limit: input.limit })),
});
