import {
  addOrderNote,
  cancelOrder,
  fulfilOrder,
  getOrderForAdmin,
  holdOrder,
  listOrdersForAdmin,
  releaseOrder,
  requestRefund,
} from '@shop/core';
import {
  zAdminCancelInput,
  zAdminCancelled,
  zAdminFulfilInput,
  zAdminFulfilled,
  zAdminOrderNoteInput,
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
 * `admin.orders.*`: every staff role may read orders; fulfilling, cancelling, notes and holds
 * need `orders:write`, refunds (which move money) `orders:refund`. A refund is only requested
 * here; the worker performs it. Each mutation is one core transaction with the order row locked;
 * fulfilments and notes take the form's idempotency key, cancelling is idempotent by state.
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
  /** Everything left, an amount, or units of lines (with `restock`); see `queueRefunds`. */
  refund: staffProcedure('orders:refund')
    .input(zAdminRefundInput)
    .output(zAdminRefundRequested)
    .mutation(({ ctx, input }) => requestRefund(ctx.db, { ...input, staffEmail: ctx.staff.email })),
  /** Ships units (or `all`) with carrier and tracking; the same key ships once. */
  fulfil: staffProcedure('orders:write')
    .input(zAdminFulfilInput)
    .output(zAdminFulfilled)
    .mutation(({ ctx, input }) => fulfilOrder(ctx.db, { ...input, staffEmail: ctx.staff.email })),
  /** Cancels: unshipped units back in stock, what was paid refunded (idempotent). */
  cancel: staffProcedure('orders:write')
    .input(zAdminCancelInput)
    .output(zAdminCancelled)
    .mutation(({ ctx, input }) => cancelOrder(ctx.db, { ...input, staffEmail: ctx.staff.email })),
  note: staffProcedure('orders:write')
    .input(zAdminOrderNoteInput)
    .output(z.object({ id: z.number().int(), created: z.boolean() }))
    .mutation(({ ctx, input }) => addOrderNote(ctx.db, { ...input, staffEmail: ctx.staff.email })),
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
