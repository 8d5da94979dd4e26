import { getProductForAdmin, listProductsForAdmin, updateProduct } from '@shop/core';
import {
  zAdminProduct,
  zAdminProductList,
  zAdminProductListInput,
  zId,
  zProductUpdateInput,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';
import { adminOrdersRouter } from './admin-orders';

export const adminRouter = router({
  products: router({
    list: staffProcedure('products:read')
      .input(zAdminProductListInput)
      .output(zAdminProductList)
      .query(({ ctx, input }) => listProductsForAdmin(ctx.db, input)),
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
});
