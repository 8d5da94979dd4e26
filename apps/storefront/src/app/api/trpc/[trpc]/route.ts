import { storefrontApi } from '@shop/api';
import { BODY_LIMITS, handleTrpcRequest } from '@shop/api/edge';
import { storefrontContext } from '~/server/cart';
import { requestCartCookie } from '~/server/cart-cookie';
import { getLogger } from '~/server/shop';

/**
 * The storefront router over HTTP (for client components and outside callers), behind the API
 * edge: body limit (100 KB), nesting and batch limits, request ids and the error boundary. The
 * context is the one pages use (payments, reservation length, customer, client key and limits),
 * with the cart cookie read from the request and written through the response headers, so API
 * clients keep a cart as pages do.
 */
function handler(req: Request): Promise<Response> {
  return handleTrpcRequest({
    req,
    router: storefrontApi,
    maxBodyBytes: BODY_LIMITS.storefrontApi,
    logger: getLogger,
    createContext: ({ req: request, resHeaders }) =>
      storefrontContext(requestCartCookie(request, resHeaders), request.headers),
  });
}

export const dynamic = 'force-dynamic';
export { handler as GET, handler as POST };
