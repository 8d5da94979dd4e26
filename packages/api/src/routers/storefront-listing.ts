import {
  getCategoryByHandle,
  getCollectionByHandle,
  listCategoryTree,
  listCollections,
  listFacetOptions,
  listProductsFiltered,
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
import { publicProcedure, router } from '../trpc';

/** Category and collection pages: the tree, one category or collection, filtered product lists. */
export const storefrontListingRouter = router({
  categoryTree: publicProcedure.output(zCategoryTree).query(({ ctx }) => listCategoryTree(ctx.db)),
  category: publicProcedure
    .input(zHandleInput)
    .output(zCategoryDetail)
    .query(({ ctx, input }) => getCategoryByHandle(ctx.db, input)),
  collections: publicProcedure
    .output(z.array(zCollection))
    .query(({ ctx }) => listCollections(ctx.db)),
  collection: publicProcedure
    .input(zHandleInput)
    .output(zCollection)
    .query(({ ctx, input }) => getCollectionByHandle(ctx.db, input)),
  products: publicProcedure
    .input(zListingInput)
    .output(zListing)
    .query(({ ctx, input }) => listProductsFiltered(ctx.db, input)),
  facets: publicProcedure
    .input(zFacetInput)
    .output(zFacets)
    .query(({ ctx, input }) => listFacetOptions(ctx.db, input)),
});
