import {
  adjustStock,
  cancelTransfer,
  createTransfer,
  getStockHistory,
  getTransfer,
  listStockForAdmin,
  listStockLevels,
  listStockLocations,
  listTransfers,
  receiveTransfer,
  setLowStockThreshold,
  setStockLevels,
} from '@shop/core';
import {
  zId,
  zIdempotencyKey,
  zLowStockThresholdInput,
  zStockAdjustInput,
  zStockAdjustment,
  zStockAdminListInput,
  zStockAdminPage,
  zStockHistoryInput,
  zStockHistoryPage,
  zStockLevelsInput,
  zStockLevelsPage,
  zStockLocation,
  zStockSetInput,
  zStockSetResult,
  zTransfer,
  zTransferCreateInput,
  zTransferListInput,
  zTransferPage,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

const zTransferId = z.object({ transferId: zId });

/**
 * `admin.stock.*`: on-hand counts per SKU and location, for integrations (an ERP's sync) and
 * staff. `set` is all or nothing and idempotent: sending the same counts again changes nothing.
 * Every change (`set`, `adjust`, transfers) leaves a stock history row naming the caller.
 */
export const adminStockRouter = router({
  levels: staffProcedure('stock:read')
    .input(zStockLevelsInput)
    .output(zStockLevelsPage)
    .query(({ ctx, input }) => listStockLevels(ctx.db, input)),
  set: staffProcedure('stock:write')
    .input(zStockSetInput)
    .output(zStockSetResult)
    .mutation(async ({ ctx, input }) => {
      const result = await setStockLevels(ctx.db, { ...input, actor: ctx.staff.email });
      ctx.logger?.info(
        { by: ctx.staff.email, reason: input.reason, changed: result.changed },
        'stock counts set',
      );
      return result;
    }),
  /** The admin's stock page: search by SKU or title, only low stock. */
  list: staffProcedure('stock:read')
    .input(zStockAdminListInput)
    .output(zStockAdminPage)
    .query(({ ctx, input }) => listStockForAdmin(ctx.db, input)),
  history: staffProcedure('stock:read')
    .input(zStockHistoryInput)
    .output(zStockHistoryPage)
    .query(({ ctx, input }) => getStockHistory(ctx.db, input)),
  locations: staffProcedure('stock:read')
    .output(z.array(zStockLocation))
    .query(({ ctx }) => listStockLocations(ctx.db)),
  adjust: staffProcedure('stock:write')
    .input(zStockAdjustInput)
    .output(zStockAdjustment)
    .mutation(({ ctx, input }) =>
      adjustStock(ctx.db, { ...input, actor: ctx.staff.email }, { audit: ctx.audit }),
    ),
  setThreshold: staffProcedure('stock:write')
    .input(zLowStockThresholdInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await setLowStockThreshold(ctx.db, input);
      return { ok: true as const };
    }),
  transfers: router({
    list: staffProcedure('stock:read')
      .input(zTransferListInput)
      .output(zTransferPage)
      .query(({ ctx, input }) => listTransfers(ctx.db, input)),
    get: staffProcedure('stock:read')
      .input(zTransferId)
      .output(zTransfer)
      .query(({ ctx, input }) => getTransfer(ctx.db, input.transferId)),
    /** With `idempotencyKey` (the form's), the same key creates one transfer. */
    create: staffProcedure('stock:write')
      .input(zTransferCreateInput)
      .input(z.object({ idempotencyKey: zIdempotencyKey.optional() }))
      .output(zTransfer)
      .mutation(({ ctx, input }) =>
        createTransfer(ctx.db, { ...input, actor: ctx.staff.email }, { audit: ctx.audit }),
      ),
    receive: staffProcedure('stock:write')
      .input(zTransferId)
      .output(zTransfer)
      .mutation(({ ctx, input }) =>
        receiveTransfer(ctx.db, { ...input, actor: ctx.staff.email }, { audit: ctx.audit }),
      ),
    cancel: staffProcedure('stock:write')
      .input(zTransferId)
      .output(zTransfer)
      .mutation(({ ctx, input }) =>
        cancelTransfer(ctx.db, { ...input, actor: ctx.staff.email }, { audit: ctx.audit }),
      ),
  }),
});
