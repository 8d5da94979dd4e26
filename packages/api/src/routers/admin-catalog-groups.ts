import { listCategoriesForAdmin, listCollectionsForAdmin } from '@shop/core';
import { zCatalogGroup } from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/** The groups a product can join, for the editor's pickers. */
export const adminCategoriesRouter = router({
  list: staffProcedure('products:read')
    .output(z.array(zCatalogGroup))
    .query(({ ctx }) => listCategoriesForAdmin(ctx.db)),
});

export const adminCollectionsRouter = router({
  list: staffProcedure('products:read')
    .output(z.array(zCatalogGroup))
    .query(({ ctx }) => listCollectionsForAdmin(ctx.db)),
});
