import {
  getCategoryByHandle,
  getCollectionByHandle,
  listCategoryTree,
  listCollections,
} from '@shop/core';
import {
  zCategoryDetail,
  zCategoryTree,
  zCollection,
  zFacetInput,
  zFacets,
  zHandleInput,
  zListing,
  zListingInput,
} from '@shop/validators';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc/storefront';

/** Category and collection pages: the tree, one category or collection, filtered product lists. */
export const storefrontListingRouter = router({
  categoryTree: publicProcedure
    .output(zCategoryTree)
    .query(({ ctx }) => listCategoryTree(ctx.readDb)),
  category: publicProcedure
    .input(zHandleInput)
    .output(zCategoryDetail)
    .query(({ ctx, input }) => getCategoryByHandle(ctx.readDb, input)),
  collections: publicProcedure
    .output(z.array(zCollection))
    .query(({ ctx }) => listCollections(ctx.readDb)),
  collection: publicProcedure
    .input(zHandleInput)
    .output(zCollection)
    .query(({ ctx, input }) => getCollectionByHandle(ctx.readDb, input)),
  products: publicProcedure
    .input(zListingInput)
    .output(zListing)
    .query(({ ctx, input }) => ctx.search.listProducts(input)),
  facets: publicProcedure
    .input(zFacetInput)
    .output(zFacets)
    .query(({ ctx, input }) => ctx.search.facets(input)),
});
