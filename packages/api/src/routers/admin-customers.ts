import { getCustomerForAdmin, listCustomersForAdmin } from '@shop/core';
import { zCustomerDetail, zCustomerListInput, zCustomerPage } from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/** `admin.customers.*`: read-only; searching by email or name, one customer's orders and value. */
export const adminCustomersRouter = router({
  list: staffProcedure('customers:read')
    .input(zCustomerListInput)
    .output(zCustomerPage)
    .query(({ ctx, input }) => listCustomersForAdmin(ctx.db, input)),
  get: staffProcedure('customers:read')
    .input(z.object({ id: z.string().min(1).max(200) }))
    .output(zCustomerDetail)
    .query(({ ctx, input }) => getCustomerForAdmin(ctx.db, input.id)),
});
