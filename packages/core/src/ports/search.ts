import type { Facets, Listing, ListingSort, OptionFilter, ProductCard } from '@shop/validators';

/** What a listing asks for: the scope, filters, sort and the page. */
export interface ProductQuery {
  region: string;
  categoryHandle?: string;
  collectionHandle?: string;
  sort: ListingSort;
  inStock?: boolean;
  /** Inclusive bounds on the listed price, in minor units of the region's currency. */
  minPrice?: number;
  maxPrice?: number;
  options?: OptionFilter;
  /** The previous page's `nextCursor`, used with the same sort; null or absent: the first page. */
  cursor?: string | null;
  limit: number;
}

export interface FacetQuery {
  categoryHandle?: string;
  collectionHandle?: string;
}

/**
 * A text search: the shopper's words, with the filters a listing takes. Results come by
 * relevance, so there is no `sort`. `cursor` is the previous page's `nextCursor` for the same
 * text and filters.
 */
export interface TextSearchQuery extends Omit<ProductQuery, 'sort'> {
  text: string;
}

export interface SearchResults {
  /** One page, most relevant first, as listings show products. */
  items: ProductCard[];
  /** How many active products match the text and filters, over all pages. */
  total: number;
  nextCursor: string | null;
  /**
   * True when no product matched the words themselves and the items are near spellings of them
   * (a typo): the storefront can say "showing results for similar words".
   */
  approximate: boolean;
}

export interface SuggestOptions {
  region: string;
  limit: number;
}

/** One entry of a search-as-you-type box. */
export interface Suggestion {
  id: number;
  handle: string;
  title: string;
}

/**
 * The search port: the engine behind category, collection and (later) search pages. The
 * Postgres engine over the catalog tables is the default (`postgresProductSearch`); a
 * Meilisearch adapter joins behind the same interface. Every engine answers only active
 * products, prices in the region's own currency, and pages that neither repeat nor skip.
 *
 * Unknown category or collection: CommerceError NOT_FOUND; a cursor from another sort or
 * tampered with: INVALID_INPUT.
 */
export interface ProductSearch {
  /** A short name for logs and the docs' table of engines (`postgres`, `meilisearch`). */
  readonly engine: string;
  listProducts(query: ProductQuery): Promise<Listing>;
  facets(query: FacetQuery): Promise<Facets>;
  /** Active products matching `text` (typos tolerated), exact title matches first. */
  search(query: TextSearchQuery): Promise<SearchResults>;
  /** Active products whose title has a word starting with each word of `prefix`, best first. */
  suggest(prefix: string, options: SuggestOptions): Promise<Suggestion[]>;
}
