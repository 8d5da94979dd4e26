import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createContext, storefrontApi } from '@shop/api';
import { getDb } from '@shop/db/client';

/** The storefront router over HTTP (for client components and outside callers). */
function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: storefrontApi,
    createContext: () => createContext({ db: getDb() }),
  });
}

export const dynamic = 'force-dynamic';
export { handler as GET, handler as POST };
