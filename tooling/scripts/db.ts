/**
 * `pnpm db:migrate` and `pnpm db:seed [--products N]` against DATABASE_URL, or the embedded dev
 * cluster when it is not set. `--products 100000` builds a large catalog for benchmarks.
 */
import { DatabaseUnreachableError } from '@shop/db/client';
import { ConfigError } from '@shop/env';
import { devCluster } from '@shop/services';
import { createDb } from '@shop/db/client';
import { migrate } from '@shop/db/migrate';
import { isSeeded, seedDemo } from '@shop/db/seed';
import { resolveDatabase } from './lib/database';
import { fail, step } from './lib/log';

function productsArg(): number {
  const i = process.argv.indexOf('--products');
  if (i < 0) return 200;
  const raw = process.argv[i + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000) fail(`--products must be a whole number from 1 to 10000000 (got ${raw}).`);
  return n;
}

async function main() {
  const command = process.argv[2];
  if (command !== 'migrate' && command !== 'seed') fail('Usage: db.ts migrate | seed [--products N]');
  const products = command === 'seed' ? productsArg() : 0;
  const database = await resolveDatabase(process.env.DATABASE_URL, devCluster, 'shop');
  try {
    step('Applying migrations');
    await migrate(database.url);
    if (command === 'seed') {
      const db = createDb(database.url, 4);
      try {
        if (await isSeeded(db)) {
          throw new ConfigError('The catalog already has products; seed an empty database (drop it or point DATABASE_URL elsewhere).');
        }
        let last = 0;
        const summary = await seedDemo(db, {
          products,
          onProgress: ({ products: done, elapsedMs }) => {
            if (done - last >= Math.max(1000, products / 20) || done === products) {
              last = done;
              const rate = Math.round(done / Math.max(elapsedMs / 1000, 0.001));
              console.log(`  ${done.toLocaleString('en')} / ${products.toLocaleString('en')} products  (${rate.toLocaleString('en')}/s)`);
            }
          },
        });
        step(
          `Seeded ${summary.products} products, ${summary.variants} variants, ${summary.prices} prices in ${(summary.ms / 1000).toFixed(1)} s`,
        );
      } finally {
        await db.$client.end();
      }
    }
  } finally {
    await database.release();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseUnreachableError) fail(err.message);
  console.error(err);
  process.exit(1);
});
