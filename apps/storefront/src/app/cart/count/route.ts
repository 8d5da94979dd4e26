import { storefrontCaller } from '~/server/cart';

export const dynamic = 'force-dynamic';

/** How many items the shopper's cart holds, for the header (never cached: it is per shopper). */
export async function GET() {
  const api = await storefrontCaller();
  const cart = await api.storefront.cart.get();
  const count = cart ? cart.lines.reduce((sum, line) => sum + line.quantity, 0) : 0;
  return Response.json({ count }, { headers: { 'Cache-Control': 'private, no-store' } });
}
