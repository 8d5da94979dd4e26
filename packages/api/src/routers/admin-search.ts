import {
  applyIndexSettings,
  deleteSynonymGroup,
  listSynonymGroups,
  REPORT_LIMITS,
  saveSynonymGroup,
  searchReport,
  SYNONYM_LIMITS,
} from '@shop/search';
import {
  MAX_SEARCH_TEXT,
  zId,
  zListingCursor,
  zPageInput,
  zSearchResponse,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure, type AdminContext } from '../trpc/admin';

/**
 * The merchant's side of search: the products page's search box (the storefront's engine),
 * the synonym groups (settings) and the report of what shoppers search for.
 */

export const zAdminProductSearchInput = z.object({
  q: z
    .string()
    .trim()
    .min(1, 'Type a word to search for')
    .max(MAX_SEARCH_TEXT, `A search can be at most ${MAX_SEARCH_TEXT} characters long`),
  cursor: zListingCursor.nullish(),
  limit: zPageInput.shape.limit.default(50),
});

export const zAdminProductSearch = zSearchResponse.omit({ facets: true });

/**
 * The products page's search: the search port, so a merchant sees what a shopper would (typos,
 * synonyms, ranking). Like the storefront, it answers active products only; the page lists
 * drafts and archived products from the database with its status filter. Prices are the default
 * region's. Not written to the search report: those are shoppers' searches.
 */
export const adminProductSearch = staffProcedure('products:read')
  .input(zAdminProductSearchInput)
  .output(zAdminProductSearch)
  .query(async ({ ctx, input }) => {
    const response = await ctx.search.search({
      region: 'default',
      q: input.q,
      filters: {},
      sort: 'relevance',
      cursor: input.cursor,
      limit: input.limit,
      facets: false,
    });
    return {
      items: response.items,
      total: response.total,
      nextCursor: response.nextCursor,
      approximate: response.approximate,
      didYouMean: response.didYouMean,
      engine: response.engine,
    };
  });

const zSynonymGroup = z.object({
  id: z.number().int(),
  terms: z.array(z.string()),
  createdAt: z.date(),
});

/**
 * The shape only bounds the payload; the rules (2 to 20 different words, one word each, 50
 * characters at most, a word in one group only) are `saveSynonymGroup`'s, with their sentences.
 */
const zSynonymGroupInput = z.object({
  id: zId.nullish(),
  terms: z
    .array(
      z
        .string()
        .trim()
        .max(
          SYNONYM_LIMITS.maxTermLength,
          `A synonym can be at most ${SYNONYM_LIMITS.maxTermLength} characters long`,
        ),
    )
    // Duplicates are dropped before the 20 words are counted, so the payload may hold more.
    .max(100, `A synonym group can have at most ${SYNONYM_LIMITS.maxTerms} words`),
});

const zSynonymChange = z.object({
  /** Indexes that did not take the change yet (they get it at the next reindex). */
  notApplied: z.array(z.string()),
});

/** After a change committed: every index is configured; those that fail are named and logged. */
async function applyToIndexes(ctx: AdminContext): Promise<{ notApplied: string[] }> {
  const result = await applyIndexSettings(ctx.db, ctx.searchIndexes);
  for (const failure of result.failed) {
    ctx.logger?.warn(
      { engine: failure.engine, err: failure.message },
      'search index did not take the new synonyms; the next reindex applies them',
    );
  }
  return { notApplied: result.failed.map((f) => f.engine) };
}

const zReportRow = z.object({
  query: z.string(),
  searches: z.number(),
  lastSearchedAt: z.date(),
  latestResults: z.number(),
});

export const adminSearchRouter = router({
  synonyms: router({
    list: staffProcedure('products:read')
      .output(z.array(zSynonymGroup))
      .query(({ ctx }) => listSynonymGroups(ctx.db)),
    save: staffProcedure('settings:write')
      .input(zSynonymGroupInput)
      .output(zSynonymChange.extend({ group: zSynonymGroup }))
      .mutation(async ({ ctx, input }) => {
        const group = await saveSynonymGroup(ctx.db, input);
        return { group, ...(await applyToIndexes(ctx)) };
      }),
    delete: staffProcedure('settings:write')
      .input(z.object({ id: zId }))
      .output(zSynonymChange)
      .mutation(async ({ ctx, input }) => {
        await deleteSynonymGroup(ctx.db, input.id);
        return applyToIndexes(ctx);
      }),
  }),
  /** The most frequent queries and those without results, over the last `days` days. */
  report: staffProcedure('products:read')
    .input(
      z.object({
        days: z
          .number()
          .int('days must be a whole number')
          .min(1, 'days must be at least 1')
          .max(REPORT_LIMITS.maxDays, `days must be at most ${REPORT_LIMITS.maxDays}`)
          .default(30),
        limit: z
          .number()
          .int()
          .min(1, 'limit must be at least 1')
          .max(REPORT_LIMITS.maxRows, `limit must be at most ${REPORT_LIMITS.maxRows}`)
          .default(50),
      }),
    )
    .output(
      z.object({ days: z.number(), top: z.array(zReportRow), zeroResults: z.array(zReportRow) }),
    )
    .query(async ({ ctx, input }) => ({
      days: input.days,
      ...(await searchReport(ctx.db, input)),
    })),
});
