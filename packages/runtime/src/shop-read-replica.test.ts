import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow } from '@shop/db/query';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopEnvOn } from './env';
import { createShop } from './shop';

/**
 * DATABASE_READ_URL gives the Shop's `readDb` a pool of its own there (here a second test
 * database stands for the replica, so `current_database()` tells the two apart), and `close()`
 * ends both pools.
 */
describe('createShop with DATABASE_READ_URL', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  beforeAll(async () => {
    [primary, replica] = await Promise.all([
      createTestDatabase('rr_primary'),
      createTestDatabase('rr_replica'),
    ]);
  });
  afterAll(async () => {
    await Promise.all([primary?.drop(), replica?.drop()]);
  });

  const databaseOf = async (db: Database) =>
    (await firstRow<{ name: string }>(db, sql`select current_database() as name`))?.name;

  it('reads the catalog from the read URL and writes on the primary', async () => {
    const env = shopEnvOn(primary.url, replica.url);
    expect(env.DATABASE_READ_URL).toBe(replica.url);
    const shop = createShop(env);
    try {
      expect(shop.readDb).not.toBe(shop.db);
      expect(await databaseOf(shop.db)).toBe(primary.name);
      expect(await databaseOf(shop.readDb)).toBe(replica.name);
    } finally {
      await shop.close();
    }
    // Both pools are closed: neither takes another query.
    await expect(databaseOf(shop.db)).rejects.toThrow();
    await expect(databaseOf(shop.readDb)).rejects.toThrow();
  });

  it('is one pool when no read URL is set, whatever the process env says', async () => {
    process.env.DATABASE_READ_URL = replica.url;
    try {
      const shop = createShop(shopEnvOn(primary.url));
      try {
        expect(shop.readDb).toBe(shop.db);
      } finally {
        await shop.close();
      }
    } finally {
      delete process.env.DATABASE_READ_URL;
    }
  });
});
