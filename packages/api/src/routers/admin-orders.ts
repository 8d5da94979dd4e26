import {
  getOrderForAdmin,
  holdOrder,
  listOrdersForAdmin,
  releaseOrder,
  requestRefund,
} from '@shop/core';
import {
  zAdminOrderDetail,
  zAdminOrderHoldInput,
  zAdminOrderList,
  zAdminOrderListInput,
  zAdminRefundInput,
  zAdminRefundRequested,
  zAdminOrderRisk,
  zOrderNumber,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/**
 * `admin.orders.*`: every staff role may read orders; refunds move money and holds stop an
 * order, so both need `orders:write`. A refund is only requested here; the worker performs it.
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
  /** Holds an order for review (idempotent: an order already held stays as it was). */
  hold: staffProcedure('orders:write')
    .input(zAdminOrderHoldInput)
    .output(zAdminOrderRisk.shape.hold)
    .mutation(({ ctx, input }) =>
      holdOrder(ctx.db, {
        number: input.number,
        staffEmail: ctx.staff.email,
        ...(input.reason ? { reason: input.reason } : {}),
      }),
    ),
  /** Releases a held order (idempotent: releasing twice is one release). */
  release: staffProcedure('orders:write')
    .input(z.object({ number: zOrderNumber }))
    .output(zAdminOrderRisk.shape.hold)
    .mutation(({ ctx, input }) =>
      releaseOrder(ctx.db, { number: input.number, staffEmail: ctx.staff.email }),
    ),
});
