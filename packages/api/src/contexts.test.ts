import { createDb, type Db } from '@shop/db/client';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { openShop, variantWithStock, type TestShop } from '../../core/test/shop';
import { apiShop } from '../test/shop';
import {
  createAdminContext,
  createStorefrontCaller,
  createStorefrontContext,
  type AdminContext,
  type StorefrontContext,
} from './index';

/**
 * Each app's context is built from its Shop and carries only its own side: a storefront
 * procedure has no staff lookup, an admin procedure no cart, customer or payments. Catalog reads
 * go to the Shop's `readDb`, carts and checkouts to its primary.
 */
let shop: TestShop;
let down: Db;
beforeAll(async () => {
  shop = await openShop();
  // Not a mock: a real pool of the real driver, pointed at port 1, where no server listens, so
  // every query through it fails to connect exactly as it would with that database down. The
  // tests below hand it to one side of the context and show the other side never touches it.
  down = createDb('postgres://postgres:postgres@127.0.0.1:1/shop', 1);
});
afterAll(async () => {
  await down?.$client.end();
  await shop?.close();
});

/** The error is the unreachable database's, not some other failure. */
function refusedConnection(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

describe('per-app contexts', () => {
  it('gives the storefront no staff lookup and the admin no cart, customer or payments', () => {
    expectTypeOf<StorefrontContext>().not.toHaveProperty('getStaff');
    expectTypeOf<AdminContext>().not.toHaveProperty('cart');
    expectTypeOf<AdminContext>().not.toHaveProperty('getCustomer');
    expectTypeOf<AdminContext>().not.toHaveProperty('payments');

    const storefront = createStorefrontContext(apiShop(shop));
    expect(storefront).not.toHaveProperty('getStaff');
    const admin = createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(null) });
    for (const key of ['cart', 'getCustomer', 'payments', 'readDb']) {
      expect(admin).not.toHaveProperty(key);
    }
  });

  it('reads the catalog from readDb while the primary is unreachable', async () => {
    const api = createStorefrontCaller(
      createStorefrontContext(apiShop(shop, { db: down, readDb: shop.db })),
    ).storefront;
    expect((await api.catalog.regions()).map((r) => r.code)).toContain('us');
    // What the checkout's Country select offers: the seeded region's countries, sorted.
    expect(await api.catalog.regionCountries({ region: 'us' })).toEqual(['CA', 'US']);
    expect(await api.catalog.regionCountries({ region: 'zz' })).toEqual([]);
    await expect(api.cart.add({ variantId: 1, quantity: 1, region: 'us' })).rejects.toSatisfy(
      refusedConnection,
    );
  });

  it('keeps carts on the primary while readDb is unreachable', async () => {
    const variantId = await variantWithStock(shop.db, 5, 0);
    const api = createStorefrontCaller(
      createStorefrontContext(apiShop(shop, { readDb: down })),
    ).storefront;
    const cart = await api.cart.add({ variantId, quantity: 1, region: 'us' });
    expect(cart.lines).toHaveLength(1);
    await expect(api.catalog.regions()).rejects.toSatisfy(refusedConnection);
  });
});
