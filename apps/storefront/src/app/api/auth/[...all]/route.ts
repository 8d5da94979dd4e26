import { BODY_LIMITS, withRouteBoundary } from '@shop/api/edge';
import { withClientAddress } from '@shop/env/client-address';
import { getCustomerAuth } from '~/server/customer-auth';
import { getLogger } from '~/server/shop';

/**
 * better-auth's routes for shoppers (sign-up, sign-in, sign-out, session, password reset and the
 * reset link's redirect), behind the error boundary and a 16 KB body limit. The client's address
 * reaches better-auth's throttle only through the header the production server set (any copy a
 * caller sent is replaced). The account pages call the same endpoints from server actions.
 */
const handler = withRouteBoundary(
  { name: 'auth', maxBodyBytes: BODY_LIMITS.auth, logger: getLogger },
  (request) =>
    getCustomerAuth().handler(
      new Request(request, { headers: withClientAddress(request.headers, getLogger()) }),
    ),
);

export const dynamic = 'force-dynamic';
export { handler as GET, handler as POST };
