import { getAuth } from '~/server/auth';

// better-auth's routes (sign-in, sign-out, session); sign-up is disabled in @shop/auth.
function handler(request: Request): Promise<Response> {
  return getAuth().handler(request);
}

export { handler as GET, handler as POST };
