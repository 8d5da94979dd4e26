import { getProductForAdmin, listProductsForAdmin, updateProduct } from '@shop/core';
import {
  zAdminProduct,
  zAdminProductList,
  zAdminProductListInput,
  zId,
  zProductStatus,
  zProductUpdateInput,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';
import { adminOrdersRouter } from './admin-orders';
import { adminStockRouter } from './admin-stock';
import { adminTokensRouter } from './admin-tokens';
import { adminPluginsRouter } from './admin-plugins';
import { adminProductSearch, adminSearchRouter } from './admin-search';
import { adminWebhooksRouter } from './admin-webhooks';

export const adminRouter = router({
  products: router({
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
    update: staffProcedure('products:write')
      .input(zProductUpdateInput)
      .output(zAdminProduct)
      .mutation(({ ctx, input }) => updateProduct(ctx.db, input)),
  }),
  orders: adminOrdersRouter,
  search: adminSearchRouter,
  stock: adminStockRouter,
  tokens: adminTokensRouter,
  plugins: adminPluginsRouter,
  webhooks: adminWebhooksRouter,
});
