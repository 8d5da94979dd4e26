/**
 * `pnpm search:reindex` and `pnpm search:check [--repair]` against DATABASE_URL, or the embedded
 * dev database when it is not set, on every search index of the Shop (`shop.searchIndexes`: the
 * Postgres engine's, and Meilisearch's when configured).
 *
 * - `reindex` rebuilds each index from the catalog, beside the live one (search keeps answering),
 *   with a progress bar on a terminal and a line per tenth otherwise.
 * - `check` compares each index with the catalog (counts and each document's checksum) and
 *   prints what drifted; exit code 1 when anything did. With `--repair` the drift is repaired
 *   and checked again: exit code 0 once every index is clean.
 *
 * An engine that fails (Meilisearch down) is named in one line and the others still run; the
 * exit code is then 1.
 */
import { migrate } from '@shop/db/migrate';
import { createShop, type Shop } from '@shop/runtime';
import { shopEnvOn } from '@shop/runtime/env';
import {
  checkIndex,
  hasDrift,
  rebuildIndex,
  repairIndex,
  type CheckReport,
  type RebuildProgress,
  type SearchEngine,
} from '@shop/search';
import { devCluster } from '@shop/services';
import { failureText, isConfigError, resolveDatabase } from './lib/database';
import { bold, dim, fail, green, red, runMain, step } from './lib/log';

const USAGE = 'Usage: search.ts reindex | check [--repair]';

runMain(async () => {
  const command = process.argv[2];
  const flags = process.argv.slice(3);
  if (command !== 'reindex' && command !== 'check') fail(USAGE);
  const unknown = flags.find((f) => !(command === 'check' && f === '--repair'));
  if (unknown !== undefined) fail(`Unknown option ${unknown}. ${USAGE}`);

  const database = await resolveDatabase(process.env.DATABASE_URL, devCluster, 'shop');
  try {
    await migrate(database.url);
    const shop = createShop(shopEnvOn(database.url), { poolMax: 4 });
    try {
      const ok =
        command === 'reindex' ? await reindex(shop) : await check(shop, flags.includes('--repair'));
      process.exitCode = ok ? 0 : 1;
    } finally {
      await shop.close();
    }
  } finally {
    await database.release();
  }
}, isConfigError);

/**
 * Runs `fn` on each engine in turn; one that throws (Meilisearch down) is reported in one line
 * and the others still run. True when none threw.
 */
async function eachEngine(
  shop: Shop,
  fn: (engine: SearchEngine) => Promise<boolean>,
): Promise<boolean> {
  let ok = true;
  for (const engine of shop.searchIndexes) {
    try {
      if (!(await fn(engine))) ok = false;
    } catch (err) {
      console.log(red(`  ${engine.name} failed: ${failureText(err)}`));
      ok = false;
    }
  }
  return ok;
}

/** Rebuilds every index; true when each was rebuilt. */
async function reindex(shop: Shop): Promise<boolean> {
  const started = Date.now();
  const progress = progressReporter();
  const rebuilt: string[] = [];
  const ok = await eachEngine(shop, async (engine) => {
    try {
      await rebuildIndex(shop.db, [engine], { onProgress: progress.update });
    } finally {
      progress.end();
    }
    rebuilt.push(engine.name);
    return true;
  });
  if (rebuilt.length > 0) {
    step(`Rebuilt ${rebuilt.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return ok;
}

/** Prints each engine's report; true when every index is clean (after the repair, if asked). */
async function check(shop: Shop, repair: boolean): Promise<boolean> {
  let unrepaired = false;
  const clean = await eachEngine(shop, async (engine) => {
    const report = await checkIndex(shop.db, engine);
    printReport(report);
    if (!hasDrift(report)) return true;
    if (!repair) {
      unrepaired = true;
      return false;
    }
    const { repaired, rebuilt } = await repairIndex(shop.db, engine, report);
    const after = await checkIndex(shop.db, engine);
    if (hasDrift(after)) {
      // Products edited during the repair drift again at once; the worker's sync takes them.
      console.log(red(`  ${engine.name} still drifts after the repair:`));
      printReport(after);
      return false;
    }
    console.log(
      green(
        `  repaired ${repaired} document${repaired === 1 ? '' : 's'}${rebuilt ? ' (rebuilt the whole index)' : ''}; ${engine.name} is in step`,
      ),
    );
    return true;
  });
  if (unrepaired) console.log(dim('Run `pnpm search:check --repair` to repair it.'));
  return clean;
}

function printReport(report: CheckReport): void {
  const n = (v: number) => v.toLocaleString('en');
  const drift = hasDrift(report);
  console.log(
    `${bold(report.engine)}: ${n(report.catalog)} in the catalog, ${n(report.indexed)} indexed — ${drift ? red('drift') : green('in step')}`,
  );
  const kinds = {
    missing: 'missing (in the catalog, not indexed)',
    stale: 'stale (indexed with old fields)',
    extra: 'extra (indexed, not in the catalog)',
  } as const;
  for (const kind of ['missing', 'stale', 'extra'] as const) {
    const count = report.counts[kind];
    if (count === 0) continue;
    const more = count > report[kind].length ? `, … ${n(count - report[kind].length)} more` : '';
    console.log(`  ${n(count)} ${kinds[kind]}: ${report[kind].join(', ')}${more}`);
  }
}

/**
 * A progress bar redrawn in place on a terminal; elsewhere (CI, a log file) one line per tenth
 * of each engine's documents, so the output stays readable.
 */
function progressReporter() {
  const tty = process.stdout.isTTY === true;
  const width = 30;
  let lastTenth = -1;
  let lastEngine = '';
  let drawn = false;
  return {
    update({ engine, done, total }: RebuildProgress) {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      if (engine !== lastEngine) {
        if (drawn) process.stdout.write('\n');
        lastEngine = engine;
        lastTenth = -1;
      }
      const counts = `${done.toLocaleString('en')} / ${total.toLocaleString('en')} documents`;
      if (tty) {
        const filled = Math.round(fraction * width);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
        process.stdout.write(`\r  ${engine.padEnd(12)} ${bar} ${percent}  ${counts}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      console.log(`  ${engine}: ${counts} (${tenth * 10}%)`);
    },
    end() {
      if (drawn) process.stdout.write('\n');
      drawn = false;
    },
  };
}
