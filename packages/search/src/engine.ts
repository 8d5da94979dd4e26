import type { Highlight, SearchFacets, SearchSort } from '@shop/validators';
import type { SearchDocument } from './document';

/**
 * One search engine: an index of `SearchDocument`s (built from the catalog by
 * `buildSearchDocuments`, the only source of documents) that answers queries. Two engines
 * implement it: Postgres (the default, `postgresEngine`, an index table in the shop's own
 * database) and Meilisearch (`meilisearchEngine`). `productSearch` turns an engine into the
 * core's search port; `syncProducts`, `checkIndex` and `rebuildIndex` keep it in step.
 *
 * Every engine gives the same answers to the contract suite (`./contract`): exact title first,
 * typos and prefixes found, filters and facet counts that agree with the database, prices sorted
 * per currency, pages that neither repeat nor skip.
 */
export interface SearchEngine {
  /** A short name for logs and responses: `postgres`, `meilisearch`. */
  readonly name: string;
  /**
   * Brings the index's settings in line: searchable, filterable and sortable fields, the
   * currencies documents are priced in, synonyms, ranking. Idempotent; cheap when unchanged.
   */
  configure(settings: IndexSettings): Promise<void>;
  /** Adds or replaces documents (by id). Resolves once they are searchable; throws otherwise. */
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  /** Removes documents by product id; unknown ids are ignored. */
  delete(productIds: readonly number[]): Promise<void>;
  query(query: EngineQuery): Promise<EngineResult>;
  /** Titles for a search-as-you-type box: every word of `prefix` starts a title word. */
  suggest(prefix: string, limit: number): Promise<EngineSuggestion[]>;
  /**
   * What the index holds, in product id order after `afterId`: id and the checksum stored with
   * the document (`documentChecksum`). `search:check` walks it beside a fresh build.
   */
  scan(afterId: number, limit: number): Promise<IndexedEntry[]>;
  /**
   * Replaces the whole index with `batches`, building the new one beside the live one and
   * swapping at the end, so searches keep being answered (from the old index) throughout.
   */
  rebuild(
    batches: AsyncIterable<readonly SearchDocument[]>,
    settings: IndexSettings,
  ): Promise<void>;
}

export interface IndexSettings {
  /** Currencies documents carry prices in (sortable and filterable per currency). */
  currencies: readonly string[];
  /** Groups of words that mean the same thing; a query word of a group matches all of it. */
  synonyms: ReadonlyArray<readonly string[]>;
}

export interface EngineFilters {
  /** In this category or one below it (documents list every ancestor's handle). */
  categoryHandle?: string;
  collectionHandle?: string;
  vendors?: readonly string[];
  /** Option name -> accepted values (OR); every named option must match (AND). */
  options?: Readonly<Record<string, readonly string[]>>;
  /** Sellable now; with `options`, in one of the accepted values of each option. */
  inStock?: boolean;
  /** Inclusive bounds on the document's cheapest price in the query's currency. */
  minPrice?: number;
  maxPrice?: number;
  /** Leave these products out (the product page's own product in "similar items"). */
  excludeIds?: readonly number[];
}

export interface EngineQuery {
  /** The shopper's words (already trimmed and bounded); empty: every document passing filters. */
  text: string;
  /** Prices filter, sort and facet in this currency only; documents without it sort last. */
  currency: string;
  filters: EngineFilters;
  sort: SearchSort;
  offset: number;
  limit: number;
  /** Count facets (see `SearchFacets`); null in the result when false. */
  facets: boolean;
  /** Split each hit's title into matched and plain pieces. */
  highlight: boolean;
}

export interface EngineHit {
  document: SearchDocument;
  highlight: Highlight | null;
}

export interface EngineResult {
  hits: EngineHit[];
  /** Matching documents over all pages. */
  total: number;
  /** Nothing matched the words; these are near spellings of them. */
  approximate: boolean;
  /** The corrected words when `approximate` (null when there is no better spelling). */
  didYouMean: string | null;
  facets: SearchFacets | null;
  /**
   * Which engine answered, when not the one asked (`fallbackEngine`: its fallback's name);
   * absent, the engine's own `name`.
   */
  engine?: string;
}

export interface EngineSuggestion {
  id: number;
  handle: string;
  title: string;
  highlight: Highlight;
}

export interface IndexedEntry {
  id: number;
  checksum: string;
}

/** The most results a query can page through (Meilisearch's `maxTotalHits` is set to it). */
export const MAX_RESULT_WINDOW = 10_000;
