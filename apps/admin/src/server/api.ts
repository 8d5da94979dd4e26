import { createAdminCaller, createAdminContext } from '@shop/api';
import { env } from '~/env';
import { getShop } from './shop';
import { requireStaff } from './auth';

/** What the admin's contexts take from its env: where webhook URLs may point, its own origin. */
export const adminContextOptions = {
  webhooks: { allowList: env.WEBHOOK_ALLOWED_HOSTS },
  adminUrl: env.ADMIN_URL,
};

/**
 * The admin router called in-process (no HTTP hop) as the signed-in staff member; redirects to
 * /sign-in without a session. Permission checks and input validation still run in the router.
 */
export async function getAdminApi() {
  const staff = await requireStaff();
  return createAdminCaller(
    createAdminContext(getShop(), { getStaff: () => Promise.resolve(staff) }, adminContextOptions),
  );
}
