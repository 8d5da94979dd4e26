import {
  createDiscount,
  getDiscount,
  listDiscounts,
  setDiscountArchived,
  updateDiscount,
} from '@shop/core';
import {
  zAdminDiscount,
  zDiscountInput,
  zDiscountListInput,
  zDiscountPage,
  zDiscountUpdateInput,
  zId,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/**
 * `admin.discounts.*`: discount codes. Statuses (scheduled, expired, used up) are judged by the
 * Shop's clock, the one the checkout judges the dates by.
 */
export const adminDiscountsRouter = router({
  list: staffProcedure('discounts:read')
    .input(zDiscountListInput)
    .output(zDiscountPage)
    .query(({ ctx, input }) => listDiscounts(ctx.db, input, { now: ctx.clock.now() })),
  get: staffProcedure('discounts:read')
    .input(z.object({ id: zId }))
    .output(zAdminDiscount)
    .query(({ ctx, input }) => getDiscount(ctx.db, input.id, { now: ctx.clock.now() })),
  create: staffProcedure('discounts:write')
    .input(zDiscountInput)
    .output(zAdminDiscount)
    .mutation(({ ctx, input }) =>
      createDiscount(ctx.db, input, { now: ctx.clock.now(), audit: ctx.audit }),
    ),
  update: staffProcedure('discounts:write')
    .input(zDiscountUpdateInput)
    .output(zAdminDiscount)
    .mutation(({ ctx, input }) =>
      updateDiscount(ctx.db, input, { now: ctx.clock.now(), audit: ctx.audit }),
    ),
  /** Deactivates a code (or brings it back); idempotent. */
  setArchived: staffProcedure('discounts:write')
    .input(z.object({ id: zId, archived: z.boolean() }))
    .output(zAdminDiscount)
    .mutation(({ ctx, input }) =>
      setDiscountArchived(ctx.db, input, { now: ctx.clock.now(), audit: ctx.audit }),
    ),
});
