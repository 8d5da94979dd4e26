import {
  addCollectionProduct,
  createCategory,
  createCollection,
  deleteCategory,
  deleteCollection,
  getCollectionAdmin,
  listCategoriesAdmin,
  listCategoriesForAdmin,
  listCollectionsAdmin,
  listCollectionsForAdmin,
  moveCategory,
  removeCollectionProduct,
  reorderCategory,
  reorderCollection,
  reorderCollectionProduct,
  updateCategory,
  updateCollection,
} from '@shop/core';
import {
  zAdminCategory,
  zAdminCollection,
  zAdminCollectionDetail,
  zCatalogGroup,
  zCategoryCreateInput,
  zCategoryMoveInput,
  zCategoryReorderInput,
  zCategoryUpdateInput,
  zCollectionCreateInput,
  zCollectionProductInput,
  zCollectionProductReorderInput,
  zCollectionReorderInput,
  zCollectionUpdateInput,
  zGroupIdInput,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

const zDeleted = z.object({ id: z.number().int() });

/**
 * `admin.categories.*`: the category tree. `list` is the product editor's picker; `tree` the
 * categories page (depth first, in the storefront's order). Writes keep positions dense and
 * refuse a move that would put a category under itself or a descendant.
 */
export const adminCategoriesRouter = router({
  list: staffProcedure('products:read')
    .output(z.array(zCatalogGroup))
    .query(({ ctx }) => listCategoriesForAdmin(ctx.db)),
  tree: staffProcedure('products:read')
    .output(z.array(zAdminCategory))
    .query(({ ctx }) => listCategoriesAdmin(ctx.db)),
  create: staffProcedure('products:write')
    .input(zCategoryCreateInput)
    .output(zAdminCategory)
    .mutation(({ ctx, input }) => createCategory(ctx.db, input, { audit: ctx.audit })),
  update: staffProcedure('products:write')
    .input(zCategoryUpdateInput)
    .output(zAdminCategory)
    .mutation(({ ctx, input }) => updateCategory(ctx.db, input, { audit: ctx.audit })),
  move: staffProcedure('products:write')
    .input(zCategoryMoveInput)
    .output(zAdminCategory)
    .mutation(({ ctx, input }) => moveCategory(ctx.db, input, { audit: ctx.audit })),
  reorder: staffProcedure('products:write')
    .input(zCategoryReorderInput)
    .output(zAdminCategory)
    .mutation(({ ctx, input }) => reorderCategory(ctx.db, input, { audit: ctx.audit })),
  delete: staffProcedure('products:write')
    .input(zGroupIdInput)
    .output(zDeleted)
    .mutation(({ ctx, input }) => deleteCategory(ctx.db, input, { audit: ctx.audit })),
});

/**
 * `admin.collections.*`: collections, their order, and the manual order of their products.
 * `list` is the product editor's picker; `all` and `get` the collections pages.
 */
export const adminCollectionsRouter = router({
  list: staffProcedure('products:read')
    .output(z.array(zCatalogGroup))
    .query(({ ctx }) => listCollectionsForAdmin(ctx.db)),
  all: staffProcedure('products:read')
    .output(z.array(zAdminCollection))
    .query(({ ctx }) => listCollectionsAdmin(ctx.db)),
  get: staffProcedure('products:read')
    .input(zGroupIdInput)
    .output(zAdminCollectionDetail)
    .query(({ ctx, input }) => getCollectionAdmin(ctx.db, input.id)),
  create: staffProcedure('products:write')
    .input(zCollectionCreateInput)
    .output(zAdminCollectionDetail)
    .mutation(({ ctx, input }) => createCollection(ctx.db, input, { audit: ctx.audit })),
  update: staffProcedure('products:write')
    .input(zCollectionUpdateInput)
    .output(zAdminCollectionDetail)
    .mutation(({ ctx, input }) => updateCollection(ctx.db, input, { audit: ctx.audit })),
  delete: staffProcedure('products:write')
    .input(zGroupIdInput)
    .output(zDeleted)
    .mutation(({ ctx, input }) => deleteCollection(ctx.db, input, { audit: ctx.audit })),
  reorder: staffProcedure('products:write')
    .input(zCollectionReorderInput)
    .output(zAdminCollection)
    .mutation(({ ctx, input }) => reorderCollection(ctx.db, input, { audit: ctx.audit })),
  addProduct: staffProcedure('products:write')
    .input(zCollectionProductInput)
    .output(zAdminCollectionDetail)
    .mutation(({ ctx, input }) => addCollectionProduct(ctx.db, input, { audit: ctx.audit })),
  removeProduct: staffProcedure('products:write')
    .input(zCollectionProductInput)
    .output(zAdminCollectionDetail)
    .mutation(({ ctx, input }) => removeCollectionProduct(ctx.db, input, { audit: ctx.audit })),
  reorderProduct: staffProcedure('products:write')
    .input(zCollectionProductReorderInput)
    .output(zAdminCollectionDetail)
    .mutation(({ ctx, input }) => reorderCollectionProduct(ctx.db, input, { audit: ctx.audit })),
});
