import { getOrderForAdmin, listOrdersForAdmin, requestRefund } from '@shop/core';
import {
  zAdminOrderDetail,
  zAdminOrderList,
  zAdminOrderListInput,
  zAdminRefundInput,
  zAdminRefundRequested,
  zOrderNumber,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/**
 * `admin.orders.*`: every staff role may read orders; refunds move money and need
 * `orders:write`. A refund is only requested here; the worker performs it.
 */
export const adminOrdersRouter = router({
  list: staffProcedure('orders:read')
    .input(zAdminOrderListInput)
    .output(zAdminOrderList)
    .query(({ ctx, input }) => listOrdersForAdmin(ctx.db, input)),
  get: staffProcedure('orders:read')
    .input(z.object({ number: zOrderNumber }))
    .output(zAdminOrderDetail)
    .query(({ ctx, input }) => getOrderForAdmin(ctx.db, input)),
  refund: staffProcedure('orders:write')
    .input(zAdminRefundInput)
    .output(zAdminRefundRequested)
    .mutation(({ ctx, input }) => requestRefund(ctx.db, { ...input, staffEmail: ctx.staff.email })),
});
