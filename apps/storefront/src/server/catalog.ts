import { unstable_cache } from 'next/cache';
import { cache } from 'react';
import { createContext, createStorefrontCaller } from '@shop/api';
import { cacheTags, getRegion, isCommerceError, type Region } from '@shop/core';
import { getDb } from '@shop/db/client';
import { zHandle, type ProductDetail, type ProductList } from '@shop/validators';

/**
 * Catalog reads for server components. Each one calls the storefront router in-process (no
 * HTTP hop) inside `unstable_cache`, tagged with the `cacheTags` that the write path
 * revalidates, so a signed POST to /api/revalidate refreshes both the data and the ISR pages
 * that read it (a page inherits the tags of every cached read it makes).
 */

/** Matches the pages' `revalidate`: a page and its data age out together. */
const REVALIDATE_SECONDS = 3600;

function caller() {
  return createStorefrontCaller(createContext({ db: getDb() }));
}

const HOME_PAGE_SIZE = 24;

/**
 * The first page of the catalog for the home page, tagged `catalog` (any product change may
 * reorder it) and `product:<id>` for every card shown (a change to one product relabels its
 * card). The ids are only known after a read, so, as for `getProduct`, step one finds which
 * products are on the page and step two reads the page under all their tags.
 */
export const getHomeProducts = cache(async (region: string): Promise<ProductList> => {
  const ids = await unstable_cache(
    async () => {
      const page = await caller().storefront.catalog.listProducts({
        region,
        limit: HOME_PAGE_SIZE,
      });
      return page.items.map((item) => item.id);
    },
    ['storefront', 'home-product-ids', region],
    { tags: [cacheTags.catalog], revalidate: REVALIDATE_SECONDS },
  )();
  return unstable_cache(
    () => caller().storefront.catalog.listProducts({ region, limit: HOME_PAGE_SIZE }),
    ['storefront', 'home-products', region, ids.join(',')],
    {
      tags: [cacheTags.catalog, ...ids.map((id) => cacheTags.product(id))],
      revalidate: REVALIDATE_SECONDS,
    },
  )();
});

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
      const id = await unstable_cache(
        async () => (await caller().storefront.catalog.productByHandle({ handle, region })).id,
        ['storefront', 'product-id', handle],
        { tags: [cacheTags.productHandle(handle)], revalidate: REVALIDATE_SECONDS },
      )();
      return await unstable_cache(
        () => caller().storefront.catalog.productByHandle({ handle, region }),
        ['storefront', 'product', region, handle, String(id)],
        {
          tags: [cacheTags.productHandle(handle), cacheTags.product(id), cacheTags.catalog],
          revalidate: REVALIDATE_SECONDS,
        },
      )();
    } catch (err) {
      if (isProductNotFound(err)) return null;
      throw err;
    }
  },
);

/**
 * The region a `[region]` segment resolves to (`default` and unknown codes give the shop's
 * default region), for the header.
 *
 * Calls the core directly because the router has no procedure for it yet: `catalog.regions()`
 * does not say which region is the default. Replace with `storefront.catalog.region({ code })`
 * once the API has it.
 */
export const getCurrentRegion = cache((code: string): Promise<Region> =>
  unstable_cache(
    () => getRegion(getDb(), code, { fallback: true }),
    ['storefront', 'region', code],
    {
      tags: [cacheTags.catalog],
      revalidate: REVALIDATE_SECONDS,
    },
  )(),
);

/** The in-process caller throws a TRPCError whose `cause` is the core's CommerceError. */
function isProductNotFound(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (isCommerceError(current)) return current.code === 'PRODUCT_NOT_FOUND';
    current = current.cause;
  }
  return false;
}
