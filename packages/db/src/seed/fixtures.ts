import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { categories, collections, regionCountries, regions, stockLocations } from '../schema/index';
import { categoryTree, type CategorySeed } from './category-tree';
import { writeCommerceFixtures } from './commerce';
import { collectionSeeds, regionSeeds, stockLocationSeed } from './data';

export interface Fixtures {
  locationId: number;
  categoryIds: ReadonlyMap<string, number>;
  collectionIds: ReadonlyMap<string, number>;
}

/**
 * Regions, the warehouse, categories and collections. Rows that already exist (matched by code
 * or handle) are kept as they are, so a merchant's own categories survive a seed.
 */
export async function writeFixtures(db: Database): Promise<Fixtures> {
  for (const region of regionSeeds) {
    const { countries, ...row } = region;
    await db.insert(regions).values(row).onConflictDoNothing();
    const [found] = await db
      .select({ id: regions.id })
      .from(regions)
      .where(eq(regions.code, region.code));
    if (!found) {
      throw new Error(
        `Could not create region "${region.code}": another region is probably already the default.`,
      );
    }
    await db
      .insert(regionCountries)
      .values(countries.map((countryCode) => ({ countryCode, regionId: found.id })))
      .onConflictDoNothing();
  }

  await writeCommerceFixtures(db);

  await db.insert(stockLocations).values(stockLocationSeed).onConflictDoNothing();
  const [location] = await db
    .select({ id: stockLocations.id })
    .from(stockLocations)
    .where(eq(stockLocations.code, stockLocationSeed.code));
  if (!location) throw new Error(`Could not create stock location "${stockLocationSeed.code}".`);

  const categoryIds = new Map<string, number>();
  await writeCategories(db, categoryTree, null, categoryIds);

  const collectionIds = new Map<string, number>();
  for (const collection of collectionSeeds) {
    await db.insert(collections).values(collection).onConflictDoNothing();
    const [found] = await db
      .select({ id: collections.id })
      .from(collections)
      .where(eq(collections.handle, collection.handle));
    if (!found) throw new Error(`Could not create collection "${collection.handle}".`);
    collectionIds.set(collection.handle, found.id);
  }

  return { locationId: location.id, categoryIds, collectionIds };
}

async function writeCategories(
  db: Database,
  nodes: readonly CategorySeed[],
  parentId: number | null,
  ids: Map<string, number>,
): Promise<void> {
  for (const [position, node] of nodes.entries()) {
    await db
      .insert(categories)
      .values({ parentId, handle: node.handle, name: node.name, position })
      .onConflictDoNothing();
    const [found] = await db
      .select({ id: categories.id })
      .from(categories)
      .where(eq(categories.handle, node.handle));
    if (!found) throw new Error(`Could not create category "${node.handle}".`);
    ids.set(node.handle, found.id);
    if (node.children) await writeCategories(db, node.children, found.id, ids);
  }
}

/** Number of categories in the demo tree. */
export function countCategories(nodes: readonly CategorySeed[] = categoryTree): number {
  return nodes.reduce((sum, node) => sum + 1 + countCategories(node.children ?? []), 0);
}
