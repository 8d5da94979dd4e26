import { listProducts } from '@shop/core';
import type { Database } from '@shop/db/client';
import { firstRow } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { rebuildIndex } from '@shop/search';
import { sql } from 'drizzle-orm';
import { freshDatabase } from './database';
import { log } from './log';
import { benchShop } from './pool';
import { ensureStorefrontBuild } from './storefront';

/** What the page benchmarks request: handles and a word that exist in the seeded catalogue. */
export interface CatalogPicks {
  /** The first active product, found the way the storefront's listing finds it. */
  productHandle: string;
  /** The category with the most active products. */
  categoryHandle: string;
  /** The first word of that product's title, which search therefore finds. */
  searchWord: string;
}

async function pick(db: Database): Promise<CatalogPicks> {
  const page = await listProducts(db, { region: 'default', limit: 1 });
  const first = page.items[0];
  if (!first) throw new Error('The seeded catalogue has no active product to request.');
  const category = await firstRow<{ handle: string }>(
    db,
    sql`select c.handle from categories c
          join product_categories pc on pc.category_id = c.id
          join products p on p.id = pc.product_id and p.status = 'active'
         group by c.id, c.handle order by count(*) desc, c.id limit 1`,
  );
  if (!category) throw new Error('The seeded catalogue has no category with an active product.');
  const searchWord = first.title.split(/\s+/)[0]?.toLowerCase() ?? first.title;
  return { productHandle: first.handle, categoryHandle: category.handle, searchWord };
}

/**
 * Seeds `products` demo products into the migrated database at `url` (and builds the Shop's
 * search indexes when `searchIndex`, as `pnpm start` does after its seed, so that the search page
 * finds them), then picks what to request.
 */
export async function seedCatalog(
  url: string,
  products: number,
  options: { searchIndex?: boolean } = {},
): Promise<CatalogPicks> {
  const shop = benchShop(url, 2);
  try {
    log(`Seeding ${products} products`);
    await seedDemo(shop.db, { products });
    if (options.searchIndex) {
      log('Building the search index');
      await rebuildIndex(shop.db, shop.searchIndexes);
    }
    return await pick(shop.db);
  } finally {
    await shop.close();
  }
}

/**
 * What every storefront benchmark starts with: a storefront build (built when missing), a fresh
 * database `name` with 200 demo products (and the search index when asked), and the picks.
 */
export async function storefrontCatalog(
  name: string,
  options: { searchIndex?: boolean } = {},
): Promise<{ databaseUrl: string; picks: CatalogPicks }> {
  await ensureStorefrontBuild();
  const databaseUrl = await freshDatabase(name);
  return { databaseUrl, picks: await seedCatalog(databaseUrl, 200, options) };
}
