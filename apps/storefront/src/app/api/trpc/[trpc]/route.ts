import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { storefrontApi } from '@shop/api';
import { requestCartCookie, storefrontContext } from '~/server/cart';

/**
 * The storefront router over HTTP (for client components and outside callers). The context is
 * the one pages use (payments, reservation length, customer), with the cart cookie read from the
 * request and written through the response headers, so API clients keep a cart as pages do.
 */
function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: storefrontApi,
    createContext: ({ req, resHeaders }) => storefrontContext(requestCartCookie(req, resHeaders)),
  });
}

export const dynamic = 'force-dynamic';
export { handler as GET, handler as POST };
