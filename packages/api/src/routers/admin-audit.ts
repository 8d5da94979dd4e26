import { listAuditLog } from '@shop/core';
import { zAuditListInput, zAuditPage } from '@shop/validators';
import { router, staffProcedure } from '../trpc/admin';

export const adminAuditRouter = router({
  /** Who did what, newest first: filters by actor, action, target and time; keyset pages. */
  list: staffProcedure('audit:read')
    .input(zAuditListInput)
    .output(zAuditPage)
    .query(({ ctx, input }) => listAuditLog(ctx.db, input)),
});
