import type { Facets, Listing, ListingSort, OptionFilter } from '@shop/validators';

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
}
