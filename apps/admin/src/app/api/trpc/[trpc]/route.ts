import { adminApi, createAdminContext } from '@shop/api';
import { BODY_LIMITS, handleTrpcRequest } from '@shop/api/edge';
import { getLogger, getShop } from '~/server/shop';
import { requestClientKey } from '@shop/env/client-address';
import { env } from '~/env';
import { adminContextOptions } from '~/server/api';
import { getCallerFromHeaders } from '~/server/auth';

/**
 * The admin router over HTTP, behind the API edge (1 MB body limit, nesting and batch limits,
 * request ids, the error boundary). Staff procedures answer 401 without a valid session and 400
 * with the validation message for bad input. The caller is this request's `Authorization: Bearer`
 * API token when it has one, else the session of its cookies (`getCallerFromHeaders`).
 */
function handler(request: Request): Promise<Response> {
  return handleTrpcRequest({
    req: request,
    router: adminApi,
    maxBodyBytes: BODY_LIMITS.adminApi,
    logger: getLogger,
    createContext: () =>
      createAdminContext(
        getShop(),
        {
          getStaff: () => getCallerFromHeaders(request.headers),
          clientKey: requestClientKey(request.headers, env.BETTER_AUTH_SECRET, getLogger()),
        },
        adminContextOptions,
      ),
  });
}

export { handler as GET, handler as POST };
