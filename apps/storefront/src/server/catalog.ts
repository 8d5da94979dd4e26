import { unstable_cache } from 'next/cache';
import { cache } from 'react';
import { createStorefrontCaller, createStorefrontContext } from '@shop/api';
import {
  cacheTags,
  getRegion,
  isCommerceError,
  listCollectionProducts,
  listRegionCountries,
  listRegions,
  listSitemapEntries,
  resolveHandleRedirect,
  type CommerceErrorCode,
  type Region,
} from '@shop/core';
import {
  zHandle,
  type CategoryDetail,
  type CategoryNode,
  type Collection,
  type Listing,
  type ProductDetail,
} from '@shop/validators';
import { listingCacheKey, type ListingQuery } from '~/lib/catalog-query';
import type { RegionDirectory } from '~/lib/region';
import { REVALIDATE_SECONDS, throughShopCache } from './catalog-cache';
import { getShop } from './shop';

/**
 * Catalog reads for server components. Each one calls the storefront router in-process (no
 * HTTP hop) inside `unstable_cache` and the Shop's cache (`throughShopCache`), tagged with the
 * `cacheTags` that the write path revalidates, so a signed POST to /api/revalidate refreshes
 * the data in both and the ISR pages that read it (a page inherits the tags of every cached
 * read it makes).
 */

/**
 * `unstable_cache` under the pages' lifetime, with one difference that serving stale on failure
 * relies on: a read that fails is an error, even when Next has a stale value to hand.
 *
 * While an ISR page regenerates, Next refreshes its stale cached reads in the foreground and,
 * when the refresh throws (the database is down), swallows the error and returns the stale
 * value. The page would then be stored as freshly rendered from old data and kept for an hour
 * after the database came back. Rethrowing makes the regeneration fail instead, and Next keeps
 * the last good page and retries its regeneration within 30 s (see docs/operations.md). On a
 * per-request page the stale value is returned at once and refreshed in the background, so
 * nothing is thrown there.
 */
export function cachedRead<T>(read: () => Promise<T>, key: string[], tags: string[]): Promise<T> {
  let failure: { error: unknown } | undefined;
  const guarded = async () => {
    try {
      return await throughShopCache(getShop().cache, key, tags, read);
    } catch (error) {
      failure = { error };
      throw error;
    }
  };
  return unstable_cache(guarded, key, { tags, revalidate: REVALIDATE_SECONDS })().then((value) => {
    if (failure) throw failure.error;
    return value;
  });
}

/** A guest's caller without a request: the catalog procedures read the Shop's `readDb`. */
function caller() {
  return createStorefrontCaller(createStorefrontContext(getShop()));
}

/**
 * One product by handle, or null when no active product has it (or the handle cannot exist).
 *
 * Read in two steps so the page carries the `product:<id>` tag as well as
 * `product-handle:<handle>` and `catalog`: a write that only knows the product's id still
 * refreshes the page. Step one resolves the id (cached under the handle tag only: a handle
 * points at the same product until the handle itself changes); step two reads the product
 * under all three tags. Only the first visit of a handle pays for both.
 */
export const getProduct = cache(
  async (region: string, handle: string): Promise<ProductDetail | null> => {
    if (!zHandle.safeParse(handle).success) return null;
    try {
      const id = await cachedRead(
        async () => (await caller().storefront.catalog.productByHandle({ handle, region })).id,
        ['storefront', 'product-id', handle],
        [cacheTags.productHandle(handle)],
      );
      return await cachedRead(
        () => caller().storefront.catalog.productByHandle({ handle, region }),
        ['storefront', 'product', region, handle, String(id)],
        [cacheTags.productHandle(handle), cacheTags.product(id), cacheTags.catalog],
      );
    } catch (err) {
      if (errorCode(err) === 'PRODUCT_NOT_FOUND') return null;
      throw err;
    }
  },
);

/**
 * The current handle of the product that once had `handle` (staff renamed it), or null: the
 * product page redirects there (308) instead of answering 404. Tagged with the old handle,
 * which the rename's `product.updated` event revalidates.
 */
export const getProductRedirect = cache(async (handle: string): Promise<string | null> => {
  if (!zHandle.safeParse(handle).success) return null;
  return cachedRead(
    () => resolveHandleRedirect(getShop().readDb, handle),
    ['storefront', 'product-redirect', handle],
    [cacheTags.productHandle(handle), cacheTags.catalog],
  );
});

/**
 * The region a `[region]` segment resolves to (`default` and unknown codes give the shop's
 * default region), for the header.
 *
 * Calls the core directly because the router has no procedure for it yet: `catalog.regions()`
 * does not say which region is the default. Replace with `storefront.catalog.region({ code })`
 * once the API has it.
 */
export const getCurrentRegion = cache((code: string): Promise<Region> =>
  cachedRead(
    () => getRegion(getShop().readDb, code, { fallback: true }),
    ['storefront', 'region', code],
    [cacheTags.catalog],
  ),
);

/** Every region, for the region selector. */
export const getRegions = cache((): Promise<Region[]> =>
  cachedRead(
    () => caller().storefront.catalog.regions(),
    ['storefront', 'regions'],
    [cacheTags.catalog],
  ),
);

/**
 * The region codes, the default's and the countries each ships to: what the `[region]` pages
 * check their segment against and what the old region-less URLs' redirects choose from (the
 * cookie, then `Accept-Language` through the countries). One cached read for all of them.
 */
export const getRegionDirectory = cache((): Promise<RegionDirectory> =>
  cachedRead(
    async () => {
      const db = getShop().readDb;
      const [all, fallback] = await Promise.all([listRegions(db), getRegion(db, 'default')]);
      const countries = await Promise.all(all.map((r) => listRegionCountries(db, r.code)));
      return {
        defaultCode: fallback.code,
        regions: all.map((r, i) => ({ code: r.code, countries: countries[i] ?? [] })),
      };
    },
    ['storefront', 'region-directory'],
    [cacheTags.catalog],
  ),
);

export const getCategoryTree = cache((): Promise<CategoryNode[]> =>
  cachedRead(
    () => caller().storefront.listing.categoryTree(),
    ['storefront', 'category-tree'],
    [cacheTags.catalog],
  ),
);

/** One category with its breadcrumbs and children, or null when the handle is unknown. */
export const getCategory = cache((handle: string): Promise<CategoryDetail | null> =>
  nullWhenNotFound(handle, () =>
    cachedRead(
      () => caller().storefront.listing.category({ handle }),
      ['storefront', 'category', handle],
      [cacheTags.catalog],
    ),
  ),
);

/** One collection, or null when the handle is unknown. */
export const getCollection = cache((handle: string): Promise<Collection | null> =>
  nullWhenNotFound(handle, () =>
    cachedRead(
      () => caller().storefront.listing.collection({ handle }),
      ['storefront', 'collection', handle],
      [cacheTags.catalog],
    ),
  ),
);

export const getCollections = cache((): Promise<Collection[]> =>
  cachedRead(
    () => caller().storefront.listing.collections(),
    ['storefront', 'collections'],
    [cacheTags.catalog],
  ),
);

export type ListingScope = { categoryHandle: string } | { collectionHandle: string } | null;

/** How a scope is named in cache keys. */
export function scopeKey(scope: ListingScope): string {
  if (!scope) return 'all';
  return 'categoryHandle' in scope
    ? `category:${scope.categoryHandle}`
    : `collection:${scope.collectionHandle}`;
}

/**
 * One page of a product list (`read`), cached under the normalised query in two steps as for
 * `getProduct`: step one finds which products are on the page (tagged `catalog`, since every
 * product change may reorder a list); step two reads the page under `catalog` and
 * `product:<id>` of every card shown, so that a change to one product (a price edit, a variant
 * selling out) refreshes every list that shows it.
 */
export async function cachedListPage<T extends { items: ReadonlyArray<{ id: number }> }>(
  name: string,
  view: { region: string; scope: ListingScope; query: ListingQuery; limit: number },
  read: () => Promise<T>,
): Promise<T> {
  const key = [
    'storefront',
    name,
    view.region,
    scopeKey(view.scope),
    listingCacheKey(view.query),
    String(view.limit),
  ];
  const ids = await cachedRead(
    async () => (await read()).items.map((p) => p.id),
    [...key, 'ids'],
    [cacheTags.catalog],
  );
  return cachedRead(
    read,
    [...key, ids.join(',')],
    [cacheTags.catalog, ...ids.map((id) => cacheTags.product(id))],
  );
}

/**
 * One page of a filtered, sorted product list, or null when the scope does not exist or the
 * cursor is not valid (the page answers 404). Cached by `cachedListPage`.
 */
export async function getListing(
  region: string,
  scope: ListingScope,
  query: ListingQuery,
  limit: number,
): Promise<Listing | null> {
  const read = () =>
    caller().storefront.listing.products({
      region,
      ...(scope ?? {}),
      sort: query.sort,
      inStock: query.inStock || undefined,
      minPrice: query.minPrice,
      maxPrice: query.maxPrice,
      options: Object.keys(query.options).length > 0 ? query.options : undefined,
      cursor: query.cursor ?? null,
      limit,
    });
  try {
    return await cachedListPage('listing', { region, scope, query, limit }, read);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'NOT_FOUND' || code === 'INVALID_INPUT') return null;
    throw err;
  }
}

/**
 * One page of a collection in the merchant's order (its unsorted, unfiltered view), or null when
 * the collection or the cursor is unknown (the page answers 404). Read from the core directly:
 * the public API's listings come from the search engine, which sorts by what documents hold,
 * not by a collection's manual order. Cached by `cachedListPage`, so `catalog` (which every
 * reorder refreshes) and the cards' `product:<id>` tags refresh it.
 */
export async function getCollectionProducts(
  region: string,
  handle: string,
  query: ListingQuery,
  limit: number,
): Promise<Listing | null> {
  const read = () =>
    listCollectionProducts(getShop().readDb, {
      handle,
      region,
      cursor: query.cursor ?? null,
      limit,
    });
  try {
    return await cachedListPage(
      'collection-manual',
      { region, scope: { collectionHandle: handle }, query, limit },
      read,
    );
  } catch (err) {
    const code = errorCode(err);
    if (code === 'NOT_FOUND' || code === 'INVALID_INPUT') return null;
    throw err;
  }
}

/**
 * What the sitemap lists. Read from the core directly (not through the public API: it returns
 * up to 50,000 rows), cached under `catalog`.
 */
export function getSitemapEntries() {
  return cachedRead(
    async () => {
      const entries = await listSitemapEntries(getShop().readDb, { limit: 50_000 });
      // The cache stores JSON: keep dates as ISO strings so a hit and a miss look the same.
      return {
        ...entries,
        products: entries.products.map((p) => ({
          handle: p.handle,
          updatedAt: p.updatedAt.toISOString(),
        })),
      };
    },
    ['storefront', 'sitemap'],
    [cacheTags.catalog],
  );
}

async function nullWhenNotFound<T>(handle: string, read: () => Promise<T>): Promise<T | null> {
  if (!zHandle.safeParse(handle).success) return null;
  try {
    return await read();
  } catch (err) {
    if (errorCode(err) === 'NOT_FOUND') return null;
    throw err;
  }
}

/** The in-process caller throws a TRPCError whose `cause` is the core's CommerceError. */
function errorCode(err: unknown): CommerceErrorCode | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (isCommerceError(current)) return current.code;
    current = current.cause;
  }
  return null;
}
