import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../test/shop';
import {
  getCategoryByHandle,
  getCollectionByHandle,
  listCategoryTree,
  listCollections,
} from './listing';

// Product listings moved behind the search port (@shop/search's product-search tests); what is
// left here is the category tree and the collections.

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('listing');
  await seedDemo(tdb.db, { products: 12 });
});
afterAll(async () => {
  await tdb?.drop();
});

describe('categories and collections', () => {
  it('a category has its ancestors, root first, and its direct children', async () => {
    const apparel = await getCategoryByHandle(tdb.db, { handle: 'apparel' });
    expect(apparel.ancestors).toEqual([]);
    expect(apparel.children.map((c) => c.handle)).toEqual(
      expect.arrayContaining(['tops', 'bottoms']),
    );
    expect(apparel.children.map((c) => c.handle)).not.toContain('t-shirts');
    const tshirts = await getCategoryByHandle(tdb.db, { handle: 't-shirts' });
    expect(tshirts.ancestors.map((c) => c.handle)).toEqual(['apparel', 'tops']);
    expect(tshirts.children).toEqual([]);
  });

  it('the tree nests every category once, three levels deep', async () => {
    const tree = await listCategoryTree(tdb.db);
    const apparel = tree.find((c) => c.handle === 'apparel');
    const tops = apparel?.children.find((c) => c.handle === 'tops');
    expect(tops?.children.map((c) => c.handle)).toContain('t-shirts');
    const handles: string[] = [];
    const walk = (nodes: typeof tree) => {
      for (const n of nodes) {
        handles.push(n.handle);
        walk(n.children);
      }
    };
    walk(tree);
    const stored = await queryRows<{ handle: string }>(tdb.db, sql`select handle from categories`);
    expect(handles.sort()).toEqual(stored.map((r) => r.handle).sort());
  });

  it('collections are listed and found by handle', async () => {
    const all = await listCollections(tdb.db);
    expect(all.map((c) => c.handle)).toEqual(expect.arrayContaining(['featured', 'sale']));
    const featured = await getCollectionByHandle(tdb.db, { handle: 'featured' });
    expect(featured.id).toBe(all.find((c) => c.handle === 'featured')?.id);
  });

  it('unknown handles are NOT_FOUND', async () => {
    expect(await codeOf(getCategoryByHandle(tdb.db, { handle: 'no-such-category' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(getCollectionByHandle(tdb.db, { handle: 'no-such-collection' }))).toBe(
      'NOT_FOUND',
    );
  });
});
