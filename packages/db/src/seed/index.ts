import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { queryRows } from '../query';
import { collectionSeeds } from './data';
import { countCategories, writeFixtures } from './fixtures';
import { ProductGenerator } from './generate';
import { writeProductBatch } from './writer';

export interface SeedProgress {
  /** Products written so far (not yet committed: the whole seed is one transaction). */
  products: number;
  elapsedMs: number;
}

export interface SeedOptions {
  /** How many products to generate; 200 by default. */
  products?: number;
  /** Products per round trip; 1000 by default. Does not change the generated data. */
  batchSize?: number;
  /** Seed for the generator. The same seed and product count give the same catalog. */
  seed?: number;
  /** Called after each batch. */
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedSummary {
  products: number;
  variants: number;
  prices: number;
  images: number;
  categories: number;
  collections: number;
  ms: number;
}

export const DEFAULT_SEED = 20240101;
const SEED_LOCK = 727275;

/** True when the catalog holds at least one product, whatever its status. */
export async function isSeeded(db: Database): Promise<boolean> {
  const result = await queryRows<{ seeded: boolean }>(
    db,
    sql`select exists (select 1 from products) as seeded`,
  );
  return result[0]?.seeded === true;
}

/**
 * Loads the demo shop (regions, warehouse, categories, collections and `products` products with
 * variants, prices, stock and images) into an empty catalog, in one transaction: if it fails,
 * nothing is left behind. The data depends only on `seed` and `products`, so two runs give the
 * same handles, SKUs and prices (generated ids depend on the database's sequences).
 *
 * Throws when the catalog already has products; seeding twice would duplicate handles.
 */
export async function seedDemo(db: Database, opts: SeedOptions = {}): Promise<SeedSummary> {
  const total = opts.products ?? 200;
  const batchSize = opts.batchSize ?? 1000;
  if (!Number.isInteger(total) || total < 1) {
    throw new Error(`products must be a positive integer, got ${total}.`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batchSize must be a positive integer, got ${batchSize}.`);
  }
  const started = performance.now();
  const summary = await db.transaction(async (tx) => {
    // Two seeders started at once: the second waits, then finds the products and stops.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    if (await isSeeded(tx)) {
      throw new Error(
        'The catalog already has products, so the demo data was not loaded. Seed an empty database (drop and re-create it first).',
      );
    }
    const fixtures = await writeFixtures(tx);
    const generator = new ProductGenerator(opts.seed ?? DEFAULT_SEED, total);
    const counts = { products: 0, variants: 0, prices: 0, images: 0 };
    for (let start = 0; start < total; start += batchSize) {
      const end = Math.min(total, start + batchSize);
      const drafts = Array.from({ length: end - start }, (_, i) => generator.generate(start + i));
      const written = await writeProductBatch(tx, drafts, fixtures);
      counts.products += drafts.length;
      counts.variants += written.variants;
      counts.prices += written.prices;
      counts.images += written.images;
      opts.onProgress?.({
        products: counts.products,
        elapsedMs: Math.round(performance.now() - started),
      });
    }
    // Fresh statistics, so the first queries after a large load get sensible plans.
    await tx.execute(sql`analyze products, product_variants, product_prices, inventory_levels, product_images,
      product_options, product_option_values, variant_option_values, product_categories, collection_products`);
    return counts;
  });
  return {
    ...summary,
    categories: countCategories(),
    collections: collectionSeeds.length,
    ms: Math.round(performance.now() - started),
  };
}
