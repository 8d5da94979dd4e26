import { getCustomerAuth } from '~/server/customer-auth';

/**
 * better-auth's routes for shoppers (sign-up, sign-in, sign-out, session, password reset and the
 * reset link's redirect). The account pages call the same endpoints from server actions.
 */
function handler(request: Request): Promise<Response> {
  return getCustomerAuth().handler(request);
}

export const dynamic = 'force-dynamic';
export { handler as GET, handler as POST };
