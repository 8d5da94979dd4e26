import { router } from '../trpc/admin';

/** `admin.settings.*`: regions and currencies, tax rates, shipping options, stock locations. */
export const adminSettingsRouter = router({});
