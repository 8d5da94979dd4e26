import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  addToCart,
  createCart,
  payCheckout,
  startCheckout,
  updateCartDetails,
  type PlacedOrder,
} from '@shop/core';
import { TEST_ADDRESS } from '@shop/core/testing';
import { firstRow } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { rebuildIndex } from '@shop/search';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { shopEnvOn } from './env';
import { createShop, type CreateShopOptions, type Shop } from './shop';

/** The test shipping address, as the core's harness has it (`@shop/core/testing`). */
export { TEST_ADDRESS };

export interface TestShop extends Shop {
  /** The test's own database, cloned from the migrated template (dropped by `close`). */
  tdb: TestDatabase;
}

/**
 * The test harness's Shop: a fresh database of the test's own (cloned from the migrated
 * template, seeded with `products` demo products unless 0, its search indexes built), and a Shop
 * built on it by the same `createShop` the apps and the worker use, so a test exercises the
 * process's real wiring.
 * Options override adapters as in the apps (a payment provider that records, a fixed clock).
 * `close()` closes the pools and drops the database.
 */
export async function openTestShop(
  options: CreateShopOptions & { prefix?: string; products?: number } = {},
): Promise<TestShop> {
  const { prefix = 'shop', products = 6, ...shopOptions } = options;
  const tdb = await createTestDatabase(prefix);
  try {
    if (products > 0) await seedDemo(tdb.db, { products });
    const env = shopEnvOn(tdb.url);
    const shop = createShop(env, { poolMax: 10, ...shopOptions });
    // Searchable from the start, as a seeded shop is (`prepareDatabase`): every index of the Shop.
    if (products > 0) {
      await rebuildIndex(shop.db, shop.searchIndexes).catch(async (err: unknown) => {
        await shop.close();
        throw err;
      });
    }
    const closePools = shop.close;
    // Assigned onto the Shop, not spread: spreading would build the lazy mail transport.
    return Object.assign(shop, {
      tdb,
      async close() {
        await closePools();
        await tdb.drop();
      },
    });
  } catch (err) {
    await tdb.drop();
    throw err;
  }
}

/**
 * A cart of the `us` region ready to check out: `quantity` units of a stocked variant (the
 * `variant`-th by id, stock topped up), the email, the test address and the first shipping
 * option. For tests of plugins and checkout flows through the Shop's own wiring.
 */
export async function readyTestCart(
  shop: Shop,
  params: { email: string; quantity?: number; variant?: number },
): Promise<string> {
  const found = await firstRow<{ id: number }>(
    shop.db,
    sql`
    select v.id from product_variants v
      join products p on p.id = v.product_id and p.status = 'active'
      join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
     where not v.archived and v.manage_inventory
     order by v.id offset ${params.variant ?? 0} limit 1`,
  );
  if (!found) throw new Error('readyTestCart: the test shop has no stocked USD variant');
  const variantId = Number(found.id);
  await shop.db.execute(
    sql`update inventory_levels set on_hand = on_hand + 100 where variant_id = ${variantId}`,
  );
  const cartId = await createCart(shop.db, { region: 'us', customerId: null });
  await addToCart(shop.db, {
    cartId,
    customerId: null,
    variantId,
    quantity: params.quantity ?? 1,
  });
  const option = await firstRow<{ id: number }>(
    shop.db,
    sql`select so.id from shipping_options so join regions r on r.id = so.region_id
         where r.code = 'us' order by so.position limit 1`,
  );
  await updateCartDetails(shop.db, {
    cartId,
    customerId: null,
    email: params.email,
    shippingAddress: TEST_ADDRESS,
    ...(option ? { shippingOptionId: Number(option.id) } : {}),
  });
  return cartId;
}

/**
 * Checks out and pays a ready cart as the storefront does (the Shop's payments and checkout
 * hooks): `startCheckout`, then `payCheckout` with a test card (4242… by default).
 */
export async function checkoutTestCart(
  shop: Shop,
  cartId: string,
  options: { cardNumber?: string; clientKey?: string | null } = {},
): Promise<PlacedOrder> {
  const started = await startCheckout(
    shop.db,
    { cartId, customerId: null, attemptKey: randomUUID(), clientKey: options.clientKey ?? null },
    {
      payments: shop.payments,
      clock: shop.clock,
      ...(shop.checkoutHooks ? { hooks: shop.checkoutHooks } : {}),
    },
  );
  return payCheckout(
    shop.db,
    {
      checkoutId: started.checkoutId,
      cartId,
      cardNumber: options.cardNumber ?? '4242 4242 4242 4242',
    },
    { payments: shop.payments },
  );
}
