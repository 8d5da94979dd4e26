import { randomUUID } from 'node:crypto';
import { startCheckout } from '@shop/core';
import type { Db } from '@shop/runtime';
import { queryRows } from '@shop/db/query';
import { createTestProvider } from '@shop/payments';
import { sql } from 'drizzle-orm';
import { readyCart } from '../../../packages/core/test/shop';

/**
 * A started checkout of one unit of the first stocked USD variant, as a shopper in the US region
 * makes it; `reservationMs` is how long it holds the unit.
 */
export async function startTestCheckout(db: Db, params: { email: string; reservationMs?: number }) {
  const payments = createTestProvider();
  const variant = await queryRows(
    db,
    sql`
    select v.id from product_variants v
      join products p on p.id = v.product_id and p.status = 'active'
      join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
      join inventory_levels il on il.variant_id = v.id and il.on_hand - il.reserved > 0
     where not v.archived order by v.id limit 1`,
  );
  const variantId = Number((variant[0] as { id: number }).id);
  const cartId = await readyCart(db, { lines: [{ variantId, quantity: 1 }], email: params.email });
  const started = await startCheckout(
    db,
    {
      cartId,
      customerId: null,
      attemptKey: randomUUID(),
      ...(params.reservationMs === undefined ? {} : { reservationMs: params.reservationMs }),
    },
    { payments },
  );
  return { cartId, checkoutId: started.checkoutId, payments };
}
