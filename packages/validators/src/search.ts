import { z } from 'zod';
import { zProductCard } from './catalog';
import { zHandle, zMinorUnits, zPageInput, zRegionCode } from './common';
import { zListingCursor } from './listing';

/**
 * Product search, as the storefront's search page and header box ask for it. Every engine
 * (Postgres, Meilisearch) answers the same shapes.
 */

/** Longer text is refused (400): no title or description needs more words to be found. */
export const MAX_SEARCH_TEXT = 200;

export const searchSorts = [
  'relevance',
  'newest',
  'price_asc',
  'price_desc',
  'best_selling',
] as const;
export const zSearchSort = z.enum(searchSorts);
export type SearchSort = z.infer<typeof zSearchSort>;

const zFacetValue = z.string().trim().min(1, 'A filter value is empty').max(100);
const zFacetValues = z.array(zFacetValue).min(1).max(50);

/** The filters a search or a listing takes; values of one field are alternatives (OR). */
export const zSearchFilters = z.object({
  /** Products in this category or any category below it. */
  category: zHandle.optional(),
  collection: zHandle.optional(),
  vendor: zFacetValues.optional(),
  /** Option name -> values, e.g. `{ Size: ['M', 'L'] }`; different options must all match. */
  options: z
    .record(z.string().trim().min(1).max(100), zFacetValues)
    .refine((r) => Object.keys(r).length <= 10, 'At most 10 options can be filtered at once')
    .optional(),
  /** Only products that can be sold now (with `options`: in those values). */
  inStock: z.boolean().optional(),
  /** Bounds on the listed (cheapest) price, inclusive, in minor units of the region's currency. */
  minPrice: zMinorUnits.optional(),
  maxPrice: zMinorUnits.optional(),
});
export type SearchFilters = z.infer<typeof zSearchFilters>;

export const zSearchInput = z
  .object({
    region: zRegionCode.default('default'),
    /** The shopper's words; empty: browse the filtered catalog. */
    q: z
      .string()
      .max(MAX_SEARCH_TEXT, `A search can be at most ${MAX_SEARCH_TEXT} characters long`)
      .default(''),
    filters: zSearchFilters.default({}),
    sort: zSearchSort.default('relevance'),
    /** The previous page's `nextCursor` for the same words, filters and sort. */
    cursor: zListingCursor.nullish(),
    limit: zPageInput.shape.limit,
    /** Count facet values (category, vendor, options, price, stock); off for a bare page. */
    facets: z.boolean().default(true),
  })
  .refine((v) => !(v.filters.category && v.filters.collection), {
    message: 'Filter by a category or a collection, not both',
    path: ['filters', 'collection'],
  })
  .refine(
    (v) =>
      v.filters.minPrice === undefined ||
      v.filters.maxPrice === undefined ||
      v.filters.minPrice <= v.filters.maxPrice,
    { message: 'The minimum price must not be above the maximum', path: ['filters', 'minPrice'] },
  );
export type SearchInput = z.input<typeof zSearchInput>;
export type SearchParams = z.output<typeof zSearchInput>;

export const zFacetCount = z.object({ value: z.string(), label: z.string(), count: z.number() });
export type FacetCount = z.infer<typeof zFacetCount>;

export const zPriceBucket = z.object({
  /** Inclusive lower bound, minor units. */
  min: z.number(),
  /** Inclusive upper bound, minor units; null for the open top bucket. */
  max: z.number().nullable(),
  count: z.number(),
});

/**
 * Counts per facet value. A field's counts apply every filter except the field's own, so a
 * shopper sees how many results each alternative would give (choosing a value of another field
 * narrows to exactly its count).
 */
export const zSearchFacets = z.object({
  categories: z.array(zFacetCount),
  vendors: z.array(zFacetCount),
  options: z.array(z.object({ name: z.string(), values: z.array(zFacetCount) })),
  price: z.object({
    currencyCode: z.string(),
    /** Cheapest and dearest listed price among the results (null when none is priced). */
    min: z.number().nullable(),
    max: z.number().nullable(),
    buckets: z.array(zPriceBucket),
  }),
  /** How many results can be sold now. */
  inStock: z.number(),
});
export type SearchFacets = z.infer<typeof zSearchFacets>;

/** A piece of a highlighted title: plain text, never HTML; `match` marks the found words. */
export const zHighlight = z.array(z.object({ text: z.string(), match: z.boolean() }));
export type Highlight = z.infer<typeof zHighlight>;

export const zSearchHit = zProductCard.extend({ highlight: zHighlight.nullable() });
export type SearchHit = z.infer<typeof zSearchHit>;

export const zSearchResponse = z.object({
  items: z.array(zSearchHit),
  /** Matching products over all pages. */
  total: z.number(),
  nextCursor: z.string().nullable(),
  /** True when nothing matched the words and these are near spellings of them (a typo). */
  approximate: z.boolean(),
  /** The words corrected ("t-shirt" for "tshrit") when `approximate`; null otherwise. */
  didYouMean: z.string().nullable(),
  facets: zSearchFacets.nullable(),
  /** Which engine answered (`postgres`, `meilisearch`); the fallback shows here. */
  engine: z.string(),
});
export type SearchResponse = z.infer<typeof zSearchResponse>;

export const zSuggestInput = z.object({
  q: z.string().max(MAX_SEARCH_TEXT, `A search can be at most ${MAX_SEARCH_TEXT} characters long`),
  limit: z.number().int().min(1).max(20).default(8),
});

export const zSuggestion = z.object({
  id: z.number(),
  handle: z.string(),
  title: z.string(),
  highlight: zHighlight,
});
export type Suggestion = z.infer<typeof zSuggestion>;
