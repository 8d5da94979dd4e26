import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { createDb } from '@shop/db/client';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../test/shop';
import {
  addCollectionProduct,
  createCategory,
  createCollection,
  moveCategory,
  placeInOrder,
  reorderCollectionProduct,
} from './groups-admin';
import { listCollectionProducts, listCollections } from './listing';

let tdb: TestDatabase;
let db: ReturnType<typeof createDb>;

beforeAll(async () => {
  tdb = await createTestDatabase('groups-admin');
  await seedDemo(tdb.db, { products: 10 });
  // A pool of its own: the concurrency cases need more than one connection at once.
  db = createDb(tdb.url, 8, tdb.db.driver);
});
afterAll(async () => {
  await db?.$client.end();
  await tdb?.drop();
});

describe('placeInOrder', () => {
  it.each([
    [[1, 2, 3], 3, 'up', [1, 3, 2]],
    [[1, 2, 3], 1, 'up', [1, 2, 3]],
    [[1, 2, 3], 1, 'down', [2, 1, 3]],
    [[1, 2, 3], 3, 'down', [1, 2, 3]],
    [[1, 2, 3], 3, 0, [3, 1, 2]],
    [[1, 2, 3], 1, 99, [2, 3, 1]],
    [[1, 2], 7, 1, [1, 7, 2]],
    [[1, 2], 7, 'up', [1, 2, 7]],
  ] as const)('%j: %i to %s is %j', (ids, id, to, expected) => {
    expect(placeInOrder(ids, id, to)).toEqual(expected);
  });
});

describe('concurrent writes', () => {
  it('two moves that would make a cycle between them: one wins, the other is refused', async () => {
    const a = await createCategory(db, { name: 'Race A', parentId: null });
    const b = await createCategory(db, { name: 'Race B', parentId: null });
    const outcomes = await Promise.allSettled([
      moveCategory(db, { id: a.id, parentId: b.id }),
      moveCategory(db, { id: b.id, parentId: a.id }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected');
    expect(await codeOf(Promise.reject(refused?.reason))).toBe('INVALID_INPUT');
    const rows = await queryRows<{ id: number; parent_id: number | null }>(
      db,
      sql`select id, parent_id from categories where id in (${a.id}, ${b.id}) order by id`,
    );
    expect(rows.filter((r) => r.parent_id === null)).toHaveLength(1);
  });

  it('concurrent moves inside one collection keep its positions a dense permutation', async () => {
    const c = await createCollection(db, { title: 'Race Collection', description: '' });
    const products = await queryRows<{ id: number }>(
      db,
      sql`select id from products where status = 'active' order by id limit 5`,
    );
    for (const p of products)
      await addCollectionProduct(db, { collectionId: c.id, productId: Number(p.id) });
    await Promise.all(
      products.map((p, i) =>
        reorderCollectionProduct(db, {
          collectionId: c.id,
          productId: Number(p.id),
          to: i % 2 === 0 ? 'up' : 4 - i,
        }),
      ),
    );
    const positions = await queryRows<{ position: number }>(
      db,
      sql`select position from collection_products where collection_id = ${c.id} order by position`,
    );
    expect(positions.map((r) => r.position)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('the storefront reads', () => {
  it("a collection's products come in its manual order, active ones only, page by page", async () => {
    const c = await createCollection(db, { title: 'Manual Order', description: '' });
    const ids = (
      await queryRows<{ id: number }>(
        db,
        sql`select id from products where status = 'active' order by id limit 4`,
      )
    ).map((r) => Number(r.id));
    for (const productId of [...ids].reverse())
      await addCollectionProduct(db, { collectionId: c.id, productId });
    await reorderCollectionProduct(db, { collectionId: c.id, productId: ids[0] ?? 0, to: 0 });
    const draft = ids[2] ?? 0;
    await db.execute(sql`update products set status = 'draft' where id = ${draft}`);
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const listing = await listCollectionProducts(db, {
        handle: c.handle,
        region: 'us',
        limit: 1,
        cursor,
      });
      seen.push(...listing.items.map((p) => p.id));
      cursor = listing.nextCursor;
      if (!cursor) break;
    }
    // Added in reverse (4, 3, 2, 1), then 1 moved first: 1, 4, 3, 2 without the draft 3.
    expect(seen).toEqual([ids[0], ids[3], ids[1]]);
    await db.execute(sql`update products set status = 'active' where id = ${draft}`);
    expect(
      await codeOf(
        listCollectionProducts(db, { handle: c.handle, region: 'us', limit: 2, cursor: 'bm9wZQ' }),
      ),
    ).toBe('INVALID_INPUT');
  });

  it('collections are listed by position, then id', async () => {
    // The newest collection first, every other one tied behind it (so by id).
    const last = await createCollection(db, { title: 'Goes First', description: '' });
    await db.execute(
      sql`update collections set position = case when id = ${last.id} then 0 else 1 end`,
    );
    const listed = await listCollections(db);
    expect(listed[0]?.id).toBe(last.id);
    const rest = listed.slice(1).map((c) => c.id);
    expect(rest).toEqual([...rest].sort((x, y) => x - y));
  });
});
