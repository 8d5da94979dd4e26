import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { adminApi, createContext } from '@shop/api';
import { getDb } from '@shop/db/client';
import { getStaffFromHeaders } from '~/server/auth';

/**
 * The admin router over HTTP. Staff procedures answer 401 without a valid session and 400 with
 * the validation message for bad input; the session is read from this request's cookies.
 */
function handler(request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: adminApi,
    createContext: () =>
      createContext({ db: getDb(), getStaff: () => getStaffFromHeaders(request.headers) }),
  });
}

export { handler as GET, handler as POST };
