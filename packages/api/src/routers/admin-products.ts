import {
  archiveProduct,
  createProduct,
  getProductForAdmin,
  listCategoriesForAdmin,
  listCollectionsForAdmin,
  listProductsForAdmin,
  shopCurrencies,
  updateProduct,
} from '@shop/core';
import {
  zAdminProduct,
  zAdminProductList,
  zAdminProductListInput,
  zId,
  zProductCreateInput,
  zProductEditorChoices,
  zProductStatus,
  zProductUpdateInput,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';
import { adminProductSearch } from './admin-search';

/**
 * `admin.products.*`: the catalog editor. Every save is one transaction in the core (so the
 * audit writer can join it); bad input is a 400 with a sentence and writes nothing.
 */
export const adminProductsRouter = router({
  /** From the database: every status (or one), titles matched by substring. */
  list: staffProcedure('products:read')
    .input(zAdminProductListInput.extend({ status: zProductStatus.optional() }))
    .output(zAdminProductList)
    .query(({ ctx, input }) => listProductsForAdmin(ctx.db, input)),
  /** From the search engine, as shoppers search: active products only. */
  search: adminProductSearch,
  get: staffProcedure('products:read')
    .input(z.object({ id: zId }))
    .output(zAdminProduct)
    .query(({ ctx, input }) => getProductForAdmin(ctx.db, input.id)),
  /** The editor's pickers: currencies, categories (with their paths) and collections. */
  choices: staffProcedure('products:read')
    .output(zProductEditorChoices)
    .query(async ({ ctx }) => ({
      currencies: await shopCurrencies(ctx.db),
      categories: await listCategoriesForAdmin(ctx.db),
      collections: await listCollectionsForAdmin(ctx.db),
    })),
  create: staffProcedure('products:write')
    .input(zProductCreateInput)
    .output(zAdminProduct)
    .mutation(({ ctx, input }) => createProduct(ctx.db, input)),
  update: staffProcedure('products:write')
    .input(zProductUpdateInput)
    .output(zAdminProduct)
    .mutation(({ ctx, input }) => updateProduct(ctx.db, input, { audit: ctx.audit })),
  /** Hides the product from the storefront and search; its orders are untouched. Repeatable. */
  archive: staffProcedure('products:write')
    .input(z.object({ id: zId }))
    .output(zAdminProduct)
    .mutation(({ ctx, input }) => archiveProduct(ctx.db, input.id)),
});
