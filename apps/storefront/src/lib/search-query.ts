import {
  MAX_SEARCH_TEXT,
  zHandle,
  zListingCursor,
  zSearchSort,
  type SearchFacets,
  type SearchFilters,
  type SearchInput,
  type SearchSort,
} from '@shop/validators';
import { formatPriceParam, optionParam, parsePriceParam, type SearchParams } from './catalog-query';
import { searchPath } from './region';

/**
 * The search page's query string, parsed into the search API's input and written back into
 * links. Plain functions with no data access, shared by the page, its facet links and the sort
 * form, so that every view of the page is one URL (shareable, and the back button steps through
 * them).
 *
 * Parameters: `q` (the words), `sort`, `category` (one handle), `vendor` (repeatable),
 * `in_stock=1`, `min`/`max` (major units, as on category pages), `after` (the cursor) and one
 * repeatable parameter per option, named as on category pages (`size=M&colour=Black`, see
 * `optionParam`). Unknown parameters are ignored, and facet values the search does not offer
 * are dropped, so arbitrary query strings never reach the engine as filters.
 */
export interface SearchQuery {
  /** The words, whitespace collapsed and at most `MAX_SEARCH_TEXT` characters long. */
  q: string;
  sort: SearchSort;
  filters: SearchFilters;
  cursor?: string;
}

/** What a search can be narrowed to: the values its unfiltered facets offer. */
export interface SearchVocabulary {
  categories: readonly string[];
  vendors: readonly string[];
  options: ReadonlyArray<{ name: string; values: readonly string[] }>;
}

export const DEFAULT_SEARCH_SORT: SearchSort = 'relevance';

export const searchSortLabels: Record<SearchSort, string> = {
  relevance: 'Relevance',
  newest: 'Newest',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
  best_selling: 'Best selling',
};

/** The parameters that never narrow a search. */
const NOT_FILTERS = new Set(['q', 'sort', 'after']);
/** The parameters of the filters that are not options. */
const FIELD_PARAMS = new Set(['category', 'vendor', 'in_stock', 'min', 'max']);

function all(params: SearchParams, key: string): string[] {
  const value = params[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function first(params: SearchParams, key: string): string | undefined {
  return all(params, key)[0];
}

/** `URLSearchParams` as the record that Next's `searchParams` gives pages. */
export function paramsRecord(search: URLSearchParams): SearchParams {
  const record: SearchParams = {};
  for (const [key, value] of search) {
    const had = record[key];
    record[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return record;
}

/**
 * The words of a search: whitespace collapsed, ends trimmed, cut to `MAX_SEARCH_TEXT`
 * characters (the API refuses longer text). `truncated` says the shopper typed more, so the page
 * can say what it searched for.
 */
export function searchText(params: SearchParams): { q: string; truncated: boolean } {
  const words = (first(params, 'q') ?? '').replace(/\s+/g, ' ').trim();
  if (words.length <= MAX_SEARCH_TEXT) return { q: words, truncated: false };
  return { q: words.slice(0, MAX_SEARCH_TEXT).trim(), truncated: true };
}

/** The URL's parameters that may narrow the search (any but the words, sort, page and tags). */
function narrowingParams(params: SearchParams): string[] {
  return Object.keys(params).filter(
    (key) =>
      !NOT_FILTERS.has(key) && !key.startsWith('utm_') && all(params, key).some((v) => v !== ''),
  );
}

/**
 * Whether the URL may narrow the search: only then are its values checked (see
 * `urlVocabulary`). Any parameter but the words, the sort, the page and `utm_*` tags may be an
 * option's (their names come with the vocabulary).
 */
export function hasFilterParams(params: SearchParams): boolean {
  return narrowingParams(params).length > 0;
}

/** Whether the URL has a parameter that only an option's name can explain. */
export function hasOptionParams(params: SearchParams): boolean {
  return narrowingParams(params).some((key) => !FIELD_PARAMS.has(key));
}

/** Values in one fixed order (not the facets' counts), so equal views have equal URLs. */
function fixedOrder(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * The vocabulary a search's facets offer (their values, not their counts), in a fixed order: the
 * same whether it comes from the facets or from the URL (`urlVocabulary`), so the filters, the
 * URLs written from them and the page cursors made for them are too.
 */
export function vocabularyOf(facets: SearchFacets | null): SearchVocabulary {
  return {
    categories: facets?.categories.map((c) => c.value) ?? [],
    vendors: fixedOrder(facets?.vendors.map((v) => v.value) ?? []),
    options: (facets?.options ?? [])
      .map((o) => ({ name: o.name, values: fixedOrder(o.values.map((v) => v.value)) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/**
 * The vocabulary of the URL's own vendors and option values (option parameters read by the
 * catalog's `optionNames`), in `vocabularyOf`'s order: a first try at a filtered search without
 * asking the engine what the words offer, good when the answer's facets offer every value
 * (`offersFilters`). Null when a parameter is neither a filter nor an option of those names
 * (only the words' own facets can tell what it is). Categories are not among it.
 */
export function urlVocabulary(
  params: SearchParams,
  optionNames: readonly string[],
): Omit<SearchVocabulary, 'categories'> | null {
  const known = new Set([...FIELD_PARAMS, ...optionNames.map(optionParam)]);
  if (narrowingParams(params).some((key) => !known.has(key))) return null;
  const values = (key: string) =>
    fixedOrder(all(params, key).flatMap((v) => (v.trim() === '' ? [] : [v.trim()])));
  return {
    vendors: values('vendor'),
    options: fixedOrder(optionNames)
      .map((name) => ({ name, values: values(optionParam(name)) }))
      .filter((o) => o.values.length > 0),
  };
}

/**
 * Whether `facets` (a filtered search's, disjunctive: each field's values under every other
 * filter) offer every vendor and option value `filters` chose. Then the unfiltered search offers
 * them too, and the filters are what `vocabularyOf` its facets would have let through.
 */
export function offersFilters(facets: SearchFacets | null, filters: SearchFilters): boolean {
  const among = (offered: ReadonlyArray<{ value: string }> | undefined, wanted: string[]) =>
    wanted.every((value) => offered?.some((o) => o.value === value) ?? false);
  return (
    among(facets?.vendors, filters.vendor ?? []) &&
    Object.entries(filters.options ?? {}).every(([name, values]) =>
      among(facets?.options.find((o) => o.name === name)?.values, values),
    )
  );
}

/** The values of `offered` that the URL asks for, in the vocabulary's order (a stable URL). */
function pick(offered: readonly string[], wanted: readonly string[]): string[] {
  const set = new Set(wanted.map((w) => w.trim()));
  return offered.filter((value) => set.has(value));
}

/**
 * The search a URL asks for. Values are kept only when `vocabulary` offers them; a price bound
 * that does not parse is ignored, and bounds in the wrong order are swapped.
 */
export function parseSearchQuery(
  params: SearchParams,
  context: { vocabulary: SearchVocabulary; currencyCode: string },
): SearchQuery {
  const { vocabulary, currencyCode } = context;
  const sort = zSearchSort.safeParse(first(params, 'sort'));
  const cursor = zListingCursor.safeParse(first(params, 'after'));
  const filters: SearchFilters = {};

  const category = first(params, 'category');
  if (category && zHandle.safeParse(category).success && vocabulary.categories.includes(category)) {
    filters.category = category;
  }
  const vendors = pick(vocabulary.vendors, all(params, 'vendor'));
  if (vendors.length > 0) filters.vendor = vendors;
  const options: Record<string, string[]> = {};
  for (const option of vocabulary.options) {
    const values = pick(option.values, all(params, optionParam(option.name)));
    if (values.length > 0) options[option.name] = values;
  }
  if (Object.keys(options).length > 0) filters.options = options;
  if (first(params, 'in_stock') === '1') filters.inStock = true;

  let minPrice = parsePriceParam(first(params, 'min'), currencyCode);
  let maxPrice = parsePriceParam(first(params, 'max'), currencyCode);
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    [minPrice, maxPrice] = [maxPrice, minPrice];
  }
  if (minPrice !== undefined) filters.minPrice = minPrice;
  if (maxPrice !== undefined) filters.maxPrice = maxPrice;

  return {
    q: searchText(params).q,
    sort: sort.success ? sort.data : DEFAULT_SEARCH_SORT,
    filters,
    ...(cursor.success ? { cursor: cursor.data } : {}),
  };
}

/** The query string of `query` (without `?`), defaults left out, in a fixed parameter order. */
export function searchQueryString(query: SearchQuery, currencyCode: string): string {
  const search = new URLSearchParams();
  if (query.q !== '') search.set('q', query.q);
  if (query.sort !== DEFAULT_SEARCH_SORT) search.set('sort', query.sort);
  const { filters } = query;
  if (filters.category) search.set('category', filters.category);
  for (const vendor of filters.vendor ?? []) search.append('vendor', vendor);
  for (const [name, values] of Object.entries(filters.options ?? {})) {
    for (const value of values) search.append(optionParam(name), value);
  }
  if (filters.inStock) search.set('in_stock', '1');
  if (filters.minPrice !== undefined)
    search.set('min', formatPriceParam(filters.minPrice, currencyCode));
  if (filters.maxPrice !== undefined)
    search.set('max', formatPriceParam(filters.maxPrice, currencyCode));
  if (query.cursor) search.set('after', query.cursor);
  return search.toString();
}

/** The URL of a search in `region` (`/us/search?q=…`). */
export function searchHref(region: string, query: SearchQuery, currencyCode: string): string {
  return searchPath(region, searchQueryString(query, currencyCode));
}

/** The API's input for `query`: one page of hits, with facet counts. */
export function toSearchInput(query: SearchQuery, region: string, limit: number): SearchInput {
  return {
    region,
    q: query.q,
    filters: query.filters,
    sort: query.sort,
    cursor: query.cursor ?? null,
    limit,
    facets: true,
  };
}

/** Whether anything narrows the results (words, sorting and paging do not). */
export function isNarrowed(filters: SearchFilters): boolean {
  return (
    filters.category !== undefined ||
    (filters.vendor?.length ?? 0) > 0 ||
    Object.keys(filters.options ?? {}).length > 0 ||
    filters.inStock === true ||
    filters.minPrice !== undefined ||
    filters.maxPrice !== undefined
  );
}

// ---- one change, for facet links: each starts the results again from their first page ----

function withFilters(query: SearchQuery, filters: SearchFilters): SearchQuery {
  return { q: query.q, sort: query.sort, filters };
}

function toggle(values: readonly string[] | undefined, value: string): string[] | undefined {
  const current = values ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return next.length > 0 ? next : undefined;
}

function compact(filters: SearchFilters): SearchFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  ) as SearchFilters;
}

/** The category chosen, or cleared when it is the one chosen already. */
export function toggleCategory(query: SearchQuery, handle: string): SearchQuery {
  const category = query.filters.category === handle ? undefined : handle;
  return withFilters(query, compact({ ...query.filters, category }));
}

export function toggleVendor(query: SearchQuery, vendor: string): SearchQuery {
  return withFilters(
    query,
    compact({ ...query.filters, vendor: toggle(query.filters.vendor, vendor) }),
  );
}

export function toggleOption(query: SearchQuery, name: string, value: string): SearchQuery {
  const options = { ...query.filters.options };
  const values = toggle(options[name], value);
  if (values) options[name] = values;
  else delete options[name];
  return withFilters(
    query,
    compact({ ...query.filters, options: Object.keys(options).length > 0 ? options : undefined }),
  );
}

export function toggleInStock(query: SearchQuery): SearchQuery {
  return withFilters(
    query,
    compact({ ...query.filters, inStock: query.filters.inStock ? undefined : true }),
  );
}

/** A price range chosen (a facet bucket), or cleared when it is the range chosen already. */
export function togglePrice(query: SearchQuery, min: number, max: number | null): SearchQuery {
  const chosen = query.filters.minPrice === min && query.filters.maxPrice === (max ?? undefined);
  return withFilters(
    query,
    compact({
      ...query.filters,
      minPrice: chosen ? undefined : min,
      maxPrice: chosen || max === null ? undefined : max,
    }),
  );
}

/** The same words and sort with no filters. */
export function clearFilters(query: SearchQuery): SearchQuery {
  return withFilters(query, {});
}

/** Another page (or the first, with no cursor) of the same search. */
export function withCursor(query: SearchQuery, cursor: string | undefined): SearchQuery {
  return { ...withFilters(query, query.filters), ...(cursor ? { cursor } : {}) };
}
