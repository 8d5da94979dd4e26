import { randomUUID } from 'node:crypto';
import {
  addToCart,
  createCart,
  listShippingOptions,
  payCheckout,
  startCheckout,
  updateCartDetails,
  type CheckoutPayments,
  type PlacedOrder,
} from '@shop/core';
import type { Db } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { createTestProvider, TEST_CARDS } from '@shop/payments';
import { sql } from 'drizzle-orm';
import { address } from '../../packages/core/test/shop';

/**
 * The shopper's side of a checkout, through the same core functions the storefront's checkout
 * calls, with the embedded test payment provider (no network, deterministic answers).
 */
export interface CartLine {
  variantId: number;
  quantity: number;
}

function succeedingCard(): string {
  const card = TEST_CARDS.find((c) => c.outcome === 'succeeded');
  if (!card) throw new Error('@shop/payments lists no test card that succeeds.');
  return card.number;
}

/** The provider the shop uses when no Stripe key is set, and a card it accepts. */
export function testPayments(): { payments: CheckoutPayments; cardNumber: string } {
  return { payments: createTestProvider(), cardNumber: succeedingCard() };
}

/**
 * `count` sellable variants (active product, USD price, inventory managed, exactly one stock
 * level, so "the row" of a variant is unambiguous), each set to `onHand` units with nothing
 * reserved. Throws when the catalogue has fewer.
 */
export async function stockVariants(db: Db, count: number, onHand: number): Promise<number[]> {
  const found = await queryRows<{ id: number }>(
    db,
    sql`select v.id from product_variants v
       join products p on p.id = v.product_id and p.status = 'active'
       join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
      where not v.archived and v.manage_inventory
        and (select count(*) from inventory_levels il where il.variant_id = v.id) = 1
      order by v.id limit ${count}`,
  );
  const ids = found.map((r) => Number(r.id));
  if (ids.length < count) {
    throw new Error(
      `The seeded catalogue has ${ids.length} sellable variants; ${count} are needed.`,
    );
  }
  await setStock(db, ids, onHand);
  return ids;
}

/** Sets the variants' stock to `onHand` units with nothing reserved. */
export async function setStock(
  db: Db,
  variantIds: readonly number[],
  onHand: number,
): Promise<void> {
  await db.execute(
    sql`update inventory_levels set on_hand = ${onHand}, reserved = 0 where variant_id = any(${`{${variantIds.join(',')}}`}::bigint[])`,
  );
}

/**
 * A guest cart in the US region holding `lines`, with an email, a shipping address and the
 * region's first shipping option: everything `startCheckout` asks for.
 */
export async function readyCart(
  db: Db,
  params: { lines: readonly CartLine[]; email: string },
): Promise<string> {
  const cartId = await createCart(db, { region: 'us', customerId: null });
  for (const line of params.lines) await addToCart(db, { cartId, customerId: null, ...line });
  const [option] = await listShippingOptions(db, { cartId, customerId: null });
  if (!option) throw new Error('The us region has no shipping option; seedDemo should create one.');
  await updateCartDetails(db, {
    cartId,
    customerId: null,
    email: params.email,
    shippingAddress: address,
    shippingOptionId: option.id,
  });
  return cartId;
}

/**
 * What "place order" is for a shopper paying by card: start the checkout (price, reserve the
 * stock, create the payment), then pay it (confirm the card, write the order). A fresh attempt
 * key per call, as the storefront sends one per click of "Pay".
 */
export async function placeOrder(
  db: Db,
  cartId: string,
  shop: { payments: CheckoutPayments; cardNumber: string },
): Promise<PlacedOrder> {
  const started = await startCheckout(
    db,
    { cartId, customerId: null, attemptKey: randomUUID() },
    { payments: shop.payments },
  );
  return payCheckout(
    db,
    { checkoutId: started.checkoutId, cartId, cardNumber: shop.cardNumber },
    { payments: shop.payments },
  );
}
