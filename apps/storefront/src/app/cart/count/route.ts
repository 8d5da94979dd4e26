import { logUnexpected, newRequestId, somethingWentWrong } from '@shop/api/edge';
import { storefrontCaller } from '~/server/cart';
import { getLogger } from '~/server/shop';

export const dynamic = 'force-dynamic';

const noStore = { 'Cache-Control': 'private, no-store' };

/**
 * How many items the shopper's cart holds, for the header (never cached: it is per shopper).
 * When the cart cannot be read (the database is down) it answers 503 with the generic sentence
 * and a reference, logged with the cause; the header then shows no count.
 */
export async function GET() {
  try {
    const api = await storefrontCaller();
    const cart = await api.storefront.cart.get();
    const count = cart ? cart.lines.reduce((sum, line) => sum + line.quantity, 0) : 0;
    return Response.json({ count }, { headers: noStore });
  } catch (err) {
    const reference = newRequestId();
    logUnexpected(getLogger(), reference, 'cart count', err);
    return Response.json(
      { error: somethingWentWrong(reference) },
      { status: 503, headers: { ...noStore, 'Retry-After': '5' } },
    );
  }
}
