import { BODY_LIMITS, withRouteBoundary } from '@shop/api/edge';
import { withClientAddress } from '@shop/env/client-address';
import { getAuth } from '~/server/auth';
import { getLogger } from '~/server/shop';

/**
 * better-auth's routes (sign-in, sign-out, session; sign-up is disabled in @shop/auth), behind
 * the error boundary and a 16 KB body limit. The sign-in throttle reads the client's address
 * only from the header the production server set (any copy a caller sent is replaced).
 */
const handler = withRouteBoundary(
  { name: 'auth', maxBodyBytes: BODY_LIMITS.auth, logger: getLogger },
  (request) =>
    getAuth().handler(
      new Request(request, { headers: withClientAddress(request.headers, getLogger()) }),
    ),
);

export { handler as GET, handler as POST };
