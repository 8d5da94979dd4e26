import { createHash } from 'node:crypto';
import {
  CommerceError,
  getCategoryByHandle,
  getCollectionByHandle,
  getRegion,
  type FacetQuery,
  type ProductQuery,
  type ProductSearch,
} from '@shop/core';
import type { Database } from '@shop/db/client';
import type {
  Facets,
  Listing,
  ProductCard,
  SearchParams,
  SearchResponse,
  SearchSort,
  Suggestion,
} from '@shop/validators';
import { buildSearchDocuments, type SearchDocument } from './document';
import { MAX_RESULT_WINDOW, type EngineFilters, type SearchEngine } from './engine';
import { deepestCategoryHandle, similarProducts } from './related';

export interface ProductSearchDeps {
  /** Regions, categories and collections are read here (the Shop's read handle). */
  readDb: Database;
}

/**
 * The core's search port over one engine: resolves the region's currency, refuses unknown
 * categories and collections (NOT_FOUND) and foreign cursors (INVALID_INPUT), pages by offset
 * inside the engine's result window, and turns documents into the storefront's cards.
 */
export function productSearch(engine: SearchEngine, deps: ProductSearchDeps): ProductSearch {
  async function run(params: {
    region: string;
    text: string;
    filters: EngineFilters;
    sort: SearchSort;
    cursor: string | null | undefined;
    limit: number;
    facets: boolean;
    highlight: boolean;
  }) {
    const region = await getRegion(deps.readDb, params.region, { fallback: true });
    const key = queryKey(params.text, params.filters, params.sort, region.currencyCode);
    let offset = 0;
    if (params.cursor) {
      try {
        offset = decodeCursor(params.cursor, key);
      } catch (err) {
        // An unknown scope is the answer even with a bad cursor, as it always was.
        await assertScope(deps.readDb, params.filters);
        throw err;
      }
    }
    const limit = Math.min(params.limit, MAX_RESULT_WINDOW - offset);
    const result = await engine.query({
      text: params.text,
      currency: region.currencyCode,
      filters: params.filters,
      sort: params.sort,
      offset,
      limit,
      facets: params.facets,
      highlight: params.highlight,
    });
    // Only an empty answer can be an unknown category or collection (no document carries its
    // handle): the scope is looked up then, not on every listing and search.
    if (result.total === 0) await assertScope(deps.readDb, params.filters);
    const next = offset + limit;
    const nextCursor =
      next < Math.min(result.total, MAX_RESULT_WINDOW) && result.hits.length === limit
        ? encodeCursor(key, next)
        : null;
    return { result, currency: region.currencyCode, nextCursor };
  }

  return {
    engine: engine.name,

    async search(params: SearchParams): Promise<SearchResponse> {
      const text = normalizeText(params.q);
      const filters = toEngineFilters(params.filters);
      // No words and no scope is not a search: nothing to rank, and the whole catalog is what
      // category pages are for.
      if (text === '' && !filters.categoryHandle && !filters.collectionHandle) {
        return {
          items: [],
          total: 0,
          nextCursor: null,
          approximate: false,
          didYouMean: null,
          facets: null,
          engine: engine.name,
        };
      }
      const sort = text === '' && params.sort === 'relevance' ? 'newest' : params.sort;
      const { result, currency, nextCursor } = await run({
        region: params.region,
        text,
        filters,
        sort,
        cursor: params.cursor,
        limit: params.limit,
        facets: params.facets,
        highlight: text !== '',
      });
      return {
        items: result.hits.map((h) => ({
          ...toCard(h.document, currency),
          highlight: h.highlight,
        })),
        total: result.total,
        nextCursor,
        approximate: result.approximate,
        didYouMean: result.didYouMean,
        facets: result.facets,
        // The engine that answered: a fallback's answer names the fallback.
        engine: result.engine ?? engine.name,
      };
    },

    async listProducts(query: ProductQuery): Promise<Listing> {
      const { result, currency, nextCursor } = await run({
        region: query.region,
        text: '',
        filters: {
          categoryHandle: query.categoryHandle,
          collectionHandle: query.collectionHandle,
          inStock: query.inStock,
          minPrice: query.minPrice,
          maxPrice: query.maxPrice,
          options: query.options,
        },
        sort: query.sort,
        cursor: query.cursor,
        limit: query.limit,
        facets: false,
        highlight: false,
      });
      return { items: result.hits.map((h) => toCard(h.document, currency)), nextCursor };
    },

    async facets(query: FacetQuery): Promise<Facets> {
      const { result } = await run({
        region: 'default',
        text: '',
        filters: { categoryHandle: query.categoryHandle, collectionHandle: query.collectionHandle },
        sort: 'newest',
        cursor: null,
        limit: 0,
        facets: true,
        highlight: false,
      });
      return {
        options: (result.facets?.options ?? []).map((o) => ({
          name: o.name,
          values: o.values.map((v) => v.value),
        })),
      };
    },

    async suggest(prefix: string, options: { limit: number }): Promise<Suggestion[]> {
      const text = normalizeText(prefix);
      if (text === '' || options.limit <= 0) return [];
      return engine.suggest(text, options.limit);
    },

    async similar(productId, options): Promise<ProductCard[]> {
      // The product's own document is built from the catalog (the one source of documents), so
      // it is current even when the index lags; its candidates come from the engine.
      const [region, documents, categoryHandle] = await Promise.all([
        getRegion(deps.readDb, options.region, { fallback: true }),
        buildSearchDocuments(deps.readDb, { ids: [productId] }),
        deepestCategoryHandle(deps.readDb, productId),
      ]);
      const product = documents[0];
      if (!product || options.limit <= 0) return [];
      const similar = await similarProducts(engine, product, {
        currency: region.currencyCode,
        limit: options.limit,
        categoryHandle,
      });
      return similar.map((d) => toCard(d, region.currencyCode));
    },
  };
}

/** Whitespace collapsed, ends trimmed; the validators already bounded the length. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toEngineFilters(filters: SearchParams['filters']): EngineFilters {
  return {
    categoryHandle: filters.category,
    collectionHandle: filters.collection,
    vendors: filters.vendor,
    options: filters.options,
    inStock: filters.inStock,
    minPrice: filters.minPrice,
    maxPrice: filters.maxPrice,
  };
}

async function assertScope(db: Database, filters: EngineFilters): Promise<void> {
  if (filters.categoryHandle) await getCategoryByHandle(db, { handle: filters.categoryHandle });
  if (filters.collectionHandle)
    await getCollectionByHandle(db, { handle: filters.collectionHandle });
}

/** A card in the region's currency: the cheapest variant's price, or none when unpriced there. */
export function toCard(doc: SearchDocument, currencyCode: string): ProductCard {
  const price = doc.prices[currencyCode];
  return {
    id: doc.id,
    handle: doc.handle,
    title: doc.title,
    thumbnail: doc.image,
    price: price ? { amount: price.min, currencyCode } : null,
    compareAtPrice:
      price && price.compareAt !== null ? { amount: price.compareAt, currencyCode } : null,
    inStock: doc.inStock,
  };
}

/** What a cursor belongs to: a page link is only good for the query that made it. */
function queryKey(text: string, filters: EngineFilters, sort: SearchSort, currency: string) {
  return createHash('sha256')
    .update(JSON.stringify([text, filters, sort, currency]))
    .digest('base64url')
    .slice(0, 12);
}

function encodeCursor(key: string, offset: number): string {
  return Buffer.from(JSON.stringify([key, offset])).toString('base64url');
}

function decodeCursor(cursor: string, key: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded[0] === key) {
      const offset: unknown = decoded[1];
      if (Number.isSafeInteger(offset) && (offset as number) > 0) {
        if ((offset as number) < MAX_RESULT_WINDOW) return offset as number;
      }
    }
  } catch {
    // not JSON: as out of date as a cursor of another query
  }
  throw new CommerceError(
    'INVALID_INPUT',
    'This page link is out of date. Go back to the first page of the results.',
  );
}
