import type {
  Facets,
  Listing,
  ListingSort,
  OptionFilter,
  ProductCard,
  SearchParams,
  SearchResponse,
  Suggestion,
} from '@shop/validators';

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
 * The search port: what the storefront and the admin ask of product search. Category and
 * collection pages list and facet through it; the search page and the header box search and
 * suggest. `@shop/search` implements it over an engine (`productSearch(engine, ...)`): Postgres
 * by default, Meilisearch when configured (with Postgres behind a circuit breaker). Every engine
 * answers only active products, prices in the region's own currency, and pages that neither
 * repeat nor skip.
 *
 * Unknown category or collection: CommerceError NOT_FOUND; a cursor from another query or
 * tampered with: INVALID_INPUT.
 */
export interface ProductSearch {
  /** A short name for logs and the docs' table of engines (`postgres`, `meilisearch`). */
  readonly engine: string;
  listProducts(query: ProductQuery): Promise<Listing>;
  facets(query: FacetQuery): Promise<Facets>;
  /** Words (typos tolerated, exact title first), filters, facet counts, sort, one page. */
  search(params: SearchParams): Promise<SearchResponse>;
  /** Titles for a search-as-you-type box: every word of `prefix` starts a title word. */
  suggest(prefix: string, options: { limit: number }): Promise<Suggestion[]>;
  /**
   * "Similar items" for the product page: active products of the product's deepest category,
   * the product left out, those sharing most tags and option values first; cards in the
   * region's currency. Empty for a product that is not active. Optional: a search without it
   * shows no similar items.
   */
  similar?(productId: number, options: { region: string; limit: number }): Promise<ProductCard[]>;
}
