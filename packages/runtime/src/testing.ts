import { seedDemo } from '@shop/db/seed';
import { rebuildIndex } from '@shop/search';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { shopEnvOn } from './env';
import { createShop, type CreateShopOptions, type Shop } from './shop';

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
