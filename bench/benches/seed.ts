import { seedDemo } from '@shop/db/seed';
import type { Bench } from '../lib/bench';
import { freshDatabase } from '../lib/database';
import { log, round } from '../lib/log';
import { benchDb } from '../lib/pool';

/**
 * How long `seedDemo` takes to load a catalogue of `--products` products into an empty,
 * migrated database: the same code `pnpm db:seed` runs, one transaction, fsync on.
 */
export const seedBench: Bench = {
  name: 'seed',
  description: 'load --products demo products (default 100000) into a fresh database',
  uses: ['products'],
  async run({ products }, emit) {
    const url = await freshDatabase('bench_seed');
    // seedDemo works in one transaction, so it holds one connection.
    const db = benchDb(url, 2);

    log(`Seeding ${products.toLocaleString('en')} products`);
    const every = Math.max(1000, Math.ceil(products / 20));
    let reported = 0;
    const summary = await seedDemo(db, {
      products,
      onProgress: ({ products: done, elapsedMs }) => {
        if (done - reported < every && done !== products) return;
        reported = done;
        const rate = Math.round(done / Math.max(elapsedMs / 1000, 0.001));
        log(
          `  ${done.toLocaleString('en')} / ${products.toLocaleString('en')} products (${rate.toLocaleString('en')}/s)`,
        );
      },
    });

    const seconds = summary.ms / 1000;
    emit({
      products: summary.products,
      variants: summary.variants,
      prices: summary.prices,
      seconds: round(seconds),
      productsPerSecond: Math.round(summary.products / Math.max(seconds, 0.001)),
    });
  },
};
