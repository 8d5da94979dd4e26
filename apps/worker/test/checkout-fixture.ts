import { randomUUID } from 'node:crypto';
import { addToCart, createCart, startCheckout, updateCartDetails } from '@shop/core';
import type { Db } from '@shop/runtime';
import { queryRows } from '@shop/db/query';
import { createTestProvider } from '@shop/payments';
import { sql } from 'drizzle-orm';
import { address } from '../../../packages/core/test/shop';

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
  const cartId = await createCart(db, { region: 'us', customerId: null });
  await addToCart(db, { cartId, customerId: null, variantId, quantity: 1 });
  const option = await queryRows(
    db,
    sql`
    select so.id from shipping_options so join regions r on r.id = so.region_id where r.code = 'us' order by so.position limit 1`,
  );
  await updateCartDetails(db, {
    cartId,
    customerId: null,
    email: params.email,
    shippingAddress: address,
    shippingOptionId: Number((option[0] as { id: number }).id),
  });
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
