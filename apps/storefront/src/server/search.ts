import { createStorefrontCaller, createStorefrontContext } from '@shop/api';
import { cacheTags, isCommerceError } from '@shop/core';
import type { SearchFacets, SearchFilters, SearchInput, SearchResponse } from '@shop/validators';
import { TRPCError } from '@trpc/server';
import type { ListingQuery } from '~/lib/catalog-query';
import { cachedListPage, cachedRead, scopeKey, type ListingScope } from './catalog';
import { getShop } from './shop';

/**
 * Search reads for server components, through the storefront router in-process (as
 * `./catalog.ts` reads the catalog). The search page's reads are not cached: a shopper's words
 * are too varied for a cache to be hit, and an edit must be found within seconds. The category
 * and collection pages' reads are (they are few and read often), as their listings always were.
 */

/** A guest's caller without a request: search reads the Shop's index through its port. */
function caller() {
  return createStorefrontCaller(createStorefrontContext(getShop()));
}

export type SearchOutcome =
  | { ok: true; response: SearchResponse }
  /** Input the API refused (a cursor of another search, a value out of bounds): a sentence. */
  | { ok: false; message: string };

const REFUSED =
  'We could not run this search as written. Try fewer or shorter words, or clear the filters.';

/**
 * The message for input the API refused (BAD_REQUEST), or null for any other failure, which is
 * the server's to report. A refusal from the core carries a sentence written for shoppers; a
 * validation error's text is written for developers, so a general one stands in for it.
 */
function refusal(err: unknown): string | null {
  if (!(err instanceof TRPCError) || err.code !== 'BAD_REQUEST') return null;
  return isCommerceError(err.cause) ? err.cause.message : REFUSED;
}

/** One page of a search, per request. */
export async function searchProducts(input: SearchInput): Promise<SearchOutcome> {
  try {
    return { ok: true, response: await caller().storefront.search.query(input) };
  } catch (err) {
    const message = refusal(err);
    if (message !== null) return { ok: false, message };
    throw err;
  }
}

/**
 * What the words can be narrowed to: the facets of the unfiltered search (one hit, the counts
 * are not shown). The page checks the URL's filters against them when the filtered search's own
 * facets could not vouch for them (see `SearchResults`), so values no result has never reach the
 * engine.
 */
export async function searchVocabulary(region: string, q: string): Promise<SearchFacets | null> {
  const outcome = await searchProducts({ region, q, limit: 1, facets: true });
  return outcome.ok ? outcome.response.facets : null;
}

/**
 * The names of the catalog's options, which tell the search page which URL parameters are
 * options' (`optionParam`). Cached under `catalog`.
 */
export function getOptionNames(): Promise<string[]> {
  return cachedRead(
    async () => (await caller().storefront.listing.facets({})).options.map((o) => o.name),
    ['storefront', 'option-names'],
    [cacheTags.catalog],
  );
}

function scopeFilters(scope: ListingScope): SearchFilters {
  if (!scope) return {};
  return 'categoryHandle' in scope
    ? { category: scope.categoryHandle }
    : { collection: scope.collectionHandle };
}

/**
 * The facets of a whole category or collection (no filter), for its filter form: which vendors
 * and option values it offers. Cached under `catalog`, as the listing's facets always were.
 */
export function getScopeFacets(region: string, scope: ListingScope): Promise<SearchFacets | null> {
  return cachedRead(
    async () =>
      (
        await caller().storefront.search.query({
          region,
          filters: scopeFilters(scope),
          limit: 1,
          facets: true,
        })
      ).facets,
    ['storefront', 'browse-facets', region, scopeKey(scope)],
    [cacheTags.catalog],
  );
}

/**
 * One page of a category or collection, filtered and sorted, with the facet counts of that view
 * (the engine answers a browse: no words, a scope), or null when the scope does not exist or the
 * cursor is not valid (the page answers 404).
 *
 * Cached as `getListing` is (`cachedListPage`), so the page carries `product:<id>` of every card
 * shown besides `catalog`.
 */
export async function getBrowse(
  region: string,
  scope: ListingScope,
  query: ListingQuery,
  limit: number,
): Promise<SearchResponse | null> {
  const read = () =>
    caller().storefront.search.query({
      region,
      filters: {
        ...scopeFilters(scope),
        ...(query.vendors.length > 0 ? { vendor: query.vendors } : {}),
        ...(Object.keys(query.options).length > 0 ? { options: query.options } : {}),
        ...(query.inStock ? { inStock: true } : {}),
        ...(query.minPrice === undefined ? {} : { minPrice: query.minPrice }),
        ...(query.maxPrice === undefined ? {} : { maxPrice: query.maxPrice }),
      },
      sort: query.sort,
      cursor: query.cursor ?? null,
      limit,
      facets: true,
    });
  try {
    return await cachedListPage('browse', { region, scope, query, limit }, read);
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) {
      return null;
    }
    throw err;
  }
}
