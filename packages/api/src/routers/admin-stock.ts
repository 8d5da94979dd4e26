import { listStockLevels, setStockLevels } from '@shop/core';
import {
  zStockLevelsInput,
  zStockLevelsPage,
  zStockSetInput,
  zStockSetResult,
} from '@shop/validators';
import { router, staffProcedure } from '../trpc/admin';

/**
 * `admin.stock.*`: on-hand counts per SKU and location, for integrations (an ERP's sync) and
 * staff. `set` is all or nothing and idempotent: sending the same counts again changes nothing.
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
      const result = await setStockLevels(ctx.db, input);
      // No stock ledger table yet: who changed what, and why, is a log line.
      ctx.logger?.info(
        { by: ctx.staff.email, reason: input.reason, changed: result.changed },
        'stock counts set',
      );
      return result;
    }),
});
