import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stopAll } from '@shop/scripts/lib/processes';
import type { Bench } from '../lib/bench';
import { freshDatabase } from '../lib/database';
import { log, round } from '../lib/log';
import { startService } from '../lib/processes';
import { workerDir, workerMailDir, workerReady } from '../lib/worker';

/** How long the worker sits idle after `ready` before its memory is read, and for how long. */
const SETTLE_MS = 5_000;
const SAMPLE_MS = 5_000;

/** The ways the worker can be started, each measured on its own. */
const VARIANTS = [
  // The production build: `pnpm --filter @shop/worker start`, the worker image's CMD.
  { name: 'compiled', command: process.execPath, args: ['dist/main.js'] },
  // What `pnpm start`'s supervisor runs (tooling/scripts/lib/stack.ts).
  {
    name: 'node --import tsx',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
  },
  // The tsx command line: a parent process that spawns node with tsx's loader (both counted).
  {
    name: 'tsx cli',
    command: path.join(workerDir, 'node_modules/.bin/tsx'),
    args: ['src/main.ts'],
  },
] as const;

/** Resident memory of `pid` and every process under it, in bytes (Linux /proc). */
function treeRss(pid: number): number {
  let rss = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    rss += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    for (const child of children ? children.split(/\s+/) : []) rss += treeRss(Number(child));
  } catch {
    // The process ended between two reads: it holds nothing any more.
  }
  return rss;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Idle memory of the worker process, compiled to JavaScript (apps/worker/build.mjs) and run
 * through tsx, on a migrated database with no jobs. One figure line per variant.
 */
export const workerMemoryBench: Bench = {
  name: 'worker-memory',
  description: 'idle RSS and start-up time of the compiled worker vs the worker under tsx',
  uses: [],
  async run(_options, emit) {
    log('Compiling the worker (apps/worker/build.mjs)');
    execFileSync(process.execPath, ['build.mjs'], { cwd: workerDir, stdio: ['ignore', 2, 2] });
    const url = await freshDatabase('bench_worker_memory');
    const mailDir = await workerMailDir();
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      REVALIDATE_SECRET: randomBytes(32).toString('hex'),
      MAIL_DIR: mailDir,
      // Nothing listens there: revalidation is not exercised, the worker only idles.
      STOREFRONT_URL: 'http://127.0.0.1:9',
    };
    for (const variant of VARIANTS) {
      log(`Starting the worker (${variant.name})`);
      const started = Date.now();
      const proc = startService(`worker ${variant.name}`, variant.command, [...variant.args], {
        cwd: workerDir,
        env,
      });
      try {
        await workerReady(proc, 60_000);
        const readyMs = Date.now() - started;
        await sleep(SETTLE_MS);
        const samples: number[] = [];
        for (let t = 0; t < SAMPLE_MS; t += 500) {
          samples.push(treeRss(proc.child.pid ?? 0));
          await sleep(500);
        }
        samples.sort((a, b) => a - b);
        const mib = (bytes: number) => round(bytes / 1024 / 1024, 1);
        emit({
          bench: 'worker-memory',
          variant: variant.name,
          readyMs,
          idleRssMiB: mib(samples[Math.floor(samples.length / 2)] ?? 0),
          maxIdleRssMiB: mib(samples.at(-1) ?? 0),
          processes: variant.name === 'tsx cli' ? 2 : 1,
        });
      } finally {
        await stopAll([proc]);
      }
    }
  },
};
