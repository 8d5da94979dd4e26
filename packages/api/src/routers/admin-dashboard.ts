import { router } from '../trpc/admin';

/** `admin.dashboard.*`: the figures of the admin's home page. */
export const adminDashboardRouter = router({});
