import { MAX_MINOR_UNITS, parseDecimal, toDecimal } from '@shop/money';
import {
  zListingCursor,
  zListingSort,
  type Facets,
  type ListingSort,
  type OptionFilter,
} from '@shop/validators';

/**
 * The query string of category and collection pages, parsed into a normalised listing query and
 * written back into links. Plain functions with no data access, shared by the proxy (which only
 * asks whether a query is present), the pages and the filter form.
 *
 * Parameters: `sort`, `in_stock=1`, `min`/`max` (major units as the shopper types them, e.g.
 * `25` or `25.50`), `vendor` (repeatable), `after` (the page's cursor) and one parameter per
 * option, named after the option in lower case (`size=M&size=L&colour=Black`). Vendors and option
 * values that the listing's facets do not offer are dropped, so arbitrary query strings cannot
 * multiply cache entries.
 */
export interface ListingQuery {
  sort: ListingSort;
  inStock: boolean;
  /** Minor units of the region currency. */
  minPrice?: number;
  maxPrice?: number;
  /** Option name -> selected values, in facet order; options without a selection are absent. */
  options: OptionFilter;
  /** Selected vendors, in facet order. */
  vendors: string[];
  cursor?: string;
}

export type SearchParams = Record<string, string | string[] | undefined>;

export const DEFAULT_SORT: ListingSort = 'newest';
export const DEFAULT_QUERY: ListingQuery = {
  sort: DEFAULT_SORT,
  inStock: false,
  options: {},
  vendors: [],
};

export const sortLabels: Record<ListingSort, string> = {
  newest: 'Newest',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
};

/**
 * Parameters with a meaning of their own on listing and search pages (see also
 * `search-query.ts`), so no option may be named after one.
 */
const RESERVED = new Set([
  'sort',
  'in_stock',
  'min',
  'max',
  'after',
  'q',
  'vendor',
  'category',
  'collection',
]);

/** The query parameter of an option: `Size` -> `size`; `opt-sort` if it would clash. */
export function optionParam(name: string): string {
  const param = name.trim().toLowerCase().replace(/\s+/g, '-');
  return RESERVED.has(param) ? `opt-${param}` : param;
}

/** Whether a URL's query could change a listing (ignoring empty values and `utm_*` tags). */
export function hasListingParams(params: URLSearchParams): boolean {
  for (const [key, value] of params) {
    if (value !== '' && !key.startsWith('utm_')) return true;
  }
  return false;
}

function all(params: SearchParams, key: string): string[] {
  const value = params[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function first(params: SearchParams, key: string): string | undefined {
  return all(params, key)[0];
}

/**
 * A price filter from the URL ("25", "25.5", "25,50") as minor units, through the one strict
 * parser; anything else (negative, too many decimals, not a number, over the limit) is ignored.
 */
export function parsePriceParam(raw: string | undefined, currencyCode: string): number | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseDecimal(raw.replace(',', '.'), currencyCode, { max: MAX_MINOR_UNITS });
  return parsed.ok ? parsed.amount : undefined;
}

/** Minor units back into what the shopper typed: 2500 -> "25", 2550 -> "25.50". */
export function formatPriceParam(minor: number, currencyCode: string): string {
  return toDecimal(minor, currencyCode).replace(/\.0+$/, '');
}

export function parseListingQuery(
  params: SearchParams,
  context: { facets: Facets; currencyCode: string; vendors?: readonly string[] },
): ListingQuery {
  const sort = zListingSort.safeParse(first(params, 'sort'));
  const cursor = zListingCursor.safeParse(first(params, 'after'));
  let minPrice = parsePriceParam(first(params, 'min'), context.currencyCode);
  let maxPrice = parsePriceParam(first(params, 'max'), context.currencyCode);
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    [minPrice, maxPrice] = [maxPrice, minPrice];
  }
  const options: OptionFilter = {};
  for (const facet of context.facets.options) {
    const wanted = new Set(all(params, optionParam(facet.name)));
    const values = facet.values.filter((value) => wanted.has(value));
    if (values.length > 0) options[facet.name] = values;
  }
  const wantedVendors = new Set(all(params, 'vendor'));
  const vendors = (context.vendors ?? []).filter((vendor) => wantedVendors.has(vendor));
  return {
    sort: sort.success ? sort.data : DEFAULT_SORT,
    inStock: first(params, 'in_stock') === '1',
    ...(minPrice === undefined ? {} : { minPrice }),
    ...(maxPrice === undefined ? {} : { maxPrice }),
    options,
    vendors,
    ...(cursor.success ? { cursor: cursor.data } : {}),
  };
}

/** The query string for `query` (without `?`), default values left out. */
export function listingSearch(query: ListingQuery, currencyCode: string): string {
  const search = new URLSearchParams();
  if (query.sort !== DEFAULT_SORT) search.set('sort', query.sort);
  if (query.inStock) search.set('in_stock', '1');
  if (query.minPrice !== undefined)
    search.set('min', formatPriceParam(query.minPrice, currencyCode));
  if (query.maxPrice !== undefined)
    search.set('max', formatPriceParam(query.maxPrice, currencyCode));
  for (const vendor of query.vendors) search.append('vendor', vendor);
  for (const [name, values] of Object.entries(query.options)) {
    for (const value of values) search.append(optionParam(name), value);
  }
  if (query.cursor) search.set('after', query.cursor);
  return search.toString();
}

/** A stable string for cache keys: equal queries give equal keys. */
export function listingCacheKey(query: ListingQuery): string {
  return JSON.stringify([
    query.sort,
    query.inStock,
    query.minPrice ?? null,
    query.maxPrice ?? null,
    Object.entries(query.options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    query.vendors,
    query.cursor ?? null,
  ]);
}

/** Whether anything narrows the list (sorting and paging do not). */
export function isFiltered(query: ListingQuery): boolean {
  return (
    query.inStock ||
    query.minPrice !== undefined ||
    query.maxPrice !== undefined ||
    query.vendors.length > 0 ||
    Object.keys(query.options).length > 0
  );
}
