/**
 * `pnpm db:migrate` and `pnpm db:seed [--products N]` against DATABASE_URL, or the embedded dev
 * cluster when it is not set. `--products 100000` builds a large catalog for benchmarks. A seed
 * ends by building the search indexes, so the catalog is searchable as soon as it is there.
 */
import { isSeeded, seedDemo } from '@shop/db/seed';
import { ConfigError } from '@shop/env';
import { createShop } from '@shop/runtime';
import { shopEnvOn } from '@shop/runtime/env';
import { devCluster } from '@shop/services';
import { buildSearchIndexes, isConfigError, withMigratedDatabase } from './lib/database';
import { fail, runMain, step } from './lib/log';

function productsArg(): number {
  const i = process.argv.indexOf('--products');
  if (i < 0) return 200;
  const raw = process.argv[i + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
    fail(`--products must be a whole number from 1 to 10000000 (got ${raw}).`);
  return n;
}

runMain(async () => {
  const command = process.argv[2];
  if (command !== 'migrate' && command !== 'seed')
    fail('Usage: db.ts migrate | seed [--products N]');
  const products = command === 'seed' ? productsArg() : 0;
  await withMigratedDatabase(devCluster, 'shop', async (db, url) => {
    if (command !== 'seed') return;
    if (await isSeeded(db)) {
      throw new ConfigError(
        'The catalog already has products; seed an empty database (drop it or point DATABASE_URL elsewhere).',
      );
    }
    let last = 0;
    const summary = await seedDemo(db, {
      products,
      onProgress: ({ products: done, elapsedMs }) => {
        if (done - last >= Math.max(1000, products / 20) || done === products) {
          last = done;
          const rate = Math.round(done / Math.max(elapsedMs / 1000, 0.001));
          console.log(
            `  ${done.toLocaleString('en')} / ${products.toLocaleString('en')} products  (${rate.toLocaleString('en')}/s)`,
          );
        }
      },
    });
    step(
      `Seeded ${summary.products} products, ${summary.variants} variants, ${summary.prices} prices in ${(summary.ms / 1000).toFixed(1)} s`,
    );
    // The Shop's own indexes (Meilisearch too when configured), as the storefront will query.
    const shop = createShop(shopEnvOn(url), { poolMax: 4 });
    try {
      let shown = 0;
      await buildSearchIndexes(shop, {
        always: true,
        onProgress: ({ engine, done, total }) => {
          if (done - shown >= Math.max(1000, total / 20) || done === total) {
            shown = done;
            console.log(
              `  ${engine}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} documents`,
            );
          }
        },
      });
    } finally {
      await shop.close();
    }
  });
}, isConfigError);
