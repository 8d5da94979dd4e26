import { loadDashboard } from '@shop/core';
import { zDashboardInput, zDashboardSummary } from '@shop/validators';
import { router, staffProcedure } from '../trpc/admin';

/**
 * `admin.dashboard.*`: the figures of the admin's home page, for owners and managers
 * (`reports:read`). Read only: the dashboard changes nothing. docs/dashboard.md says what each
 * figure means.
 */
export const adminDashboardRouter = router({
  /**
   * Sales per currency and UTC day, orders, average order value and top products of a range of
   * days (default: the last 30, today included; at most 366), with low stock, flagged and held
   * orders and the job queue as they are now.
   */
  summary: staffProcedure('reports:read')
    .input(zDashboardInput)
    .output(zDashboardSummary)
    .query(({ ctx, input }) => loadDashboard(ctx.db, input, { now: ctx.clock.now() })),
});
