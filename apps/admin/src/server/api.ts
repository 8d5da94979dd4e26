import { createAdminCaller, createAdminContext } from '@shop/api';
import { getShop } from './shop';
import { requireStaff } from './auth';

/**
 * The admin router called in-process (no HTTP hop) as the signed-in staff member; redirects to
 * /sign-in without a session. Permission checks and input validation still run in the router.
 */
export async function getAdminApi() {
  const staff = await requireStaff();
  return createAdminCaller(
    createAdminContext(getShop(), { getStaff: () => Promise.resolve(staff) }),
  );
}
