/**
 * `pnpm bench [name...] [--products N] [--seconds S] [--orders N]`: runs the named benchmarks (all of them
 * when none is named). Each prints its figures on stdout, one JSON object per line; progress
 * and logs go to stderr. Nothing is asserted: see bench/README.md for how to read the figures.
 *
 * `DATABASE_DRIVER=pg` runs them on node-postgres instead of postgres.js; every line names its driver.
 *
 * Exit codes: 0 done, 1 a benchmark failed, 2 bad arguments, 130 interrupted.
 */
import { parseArgs } from 'node:util';
import type { DatabaseDriver } from '@shop/db/client';
import { checkoutBench } from './benches/checkout';
import { csvImportBench } from './benches/csv-import';
import { flashSaleBench } from './benches/flash-sale';
import { listingBench } from './benches/listing';
import { productPageBench } from './benches/product-page';
import { purgeLagBench } from './benches/purge-lag';
import { searchBench } from './benches/search';
import { seedBench } from './benches/seed';
import { workerMemoryBench } from './benches/worker-memory';
import type { Bench, BenchOptions } from './lib/bench';
import { cleanUpOnSignals, runCleanups, wasInterrupted } from './lib/cleanup';
import { emitFigures, errorMessage, log } from './lib/log';
import { benchDriver } from './lib/pool';

const benches: readonly Bench[] = [
  seedBench,
  productPageBench,
  listingBench,
  purgeLagBench,
  checkoutBench,
  flashSaleBench,
  searchBench,
  csvImportBench,
  workerMemoryBench,
];
const names = benches.map((b) => b.name).join(', ');

function usage(): string {
  const list = benches.map((b) => `  ${b.name.padEnd(14)} ${b.description}`).join('\n');
  return `Usage: pnpm bench [name...] [--products N] [--seconds S] [--orders N]\n\nBenchmarks:\n${list}\n`;
}

function badArguments(sentence: string): never {
  log(sentence);
  process.exit(2);
}

function wholeNumber(flag: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    badArguments(`--${flag} must be a whole number from 1 to ${max} (got "${raw}").`);
  return n;
}

function parse(): {
  selected: Bench[];
  options: BenchOptions;
  given: Array<keyof BenchOptions>;
  driver: DatabaseDriver;
} {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        products: { type: 'string' },
        seconds: { type: 'string' },
        orders: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // parseArgs's own message suggests `--` tricks; one plain sentence is enough here.
    const option = /'([^']+)'/.exec(errorMessage(err))?.[1] ?? 'option';
    badArguments(
      `Cannot use ${option} here; the options are --products N, --seconds S and --orders N (see --help).`,
    );
  }
  if (parsed.values.help) {
    process.stderr.write(usage());
    process.exit(0);
  }
  const selected = parsed.positionals.map((name) => {
    const bench = benches.find((b) => b.name === name);
    if (!bench)
      badArguments(`Unknown benchmark "${name}"; the available benchmarks are: ${names}.`);
    return bench;
  });
  const options: BenchOptions = {
    products: wholeNumber('products', parsed.values.products, 10_000_000) ?? 100_000,
    seconds: wholeNumber('seconds', parsed.values.seconds, 3600),
    orders: wholeNumber('orders', parsed.values.orders, 10_000_000),
  };
  const given = (['products', 'seconds', 'orders'] as const).filter(
    (k) => parsed.values[k] !== undefined,
  );
  let driver: DatabaseDriver;
  try {
    driver = benchDriver();
  } catch (err) {
    badArguments(errorMessage(err));
  }
  return { selected: selected.length > 0 ? selected : [...benches], options, given, driver };
}

async function main(): Promise<number> {
  const { selected, options, given, driver } = parse();
  for (const option of given) {
    if (!selected.some((b) => b.uses.includes(option))) {
      log(
        `note: --${option} does not change ${selected.map((b) => b.name).join(' or ')}; it is ignored.`,
      );
    }
  }
  cleanUpOnSignals();
  let failed = 0;
  for (const bench of selected) {
    if (wasInterrupted()) break;
    log(`== ${bench.name}`);
    try {
      await bench.run(options, (figures) => emitFigures(bench.name, { driver, ...figures }));
    } catch (err) {
      // Interrupted: the error is the cleanup pulling things away (a closed pool), not a result.
      if (wasInterrupted()) break;
      // One failing benchmark does not hide the figures of the others.
      failed++;
      log(`The ${bench.name} benchmark failed: ${errorMessage(err)}`);
    } finally {
      await runCleanups();
    }
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  // After Ctrl-C the signal handler exits (130) once its cleanups are done.
  (code) => (wasInterrupted() ? undefined : process.exit(code)),
  (err: unknown) => {
    if (wasInterrupted()) return;
    log(errorMessage(err));
    process.exit(1);
  },
);
