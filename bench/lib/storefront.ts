import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@shop/services';
import { stopAll, waitForHttp } from '@shop/scripts/lib/processes';
import { log } from './log';
import { freePort, startService } from './processes';

const storefrontDir = path.join(repoRoot, 'apps/storefront');

/**
 * Builds the storefront when it has never been built. An existing build is used as it is:
 * after changing the storefront, rebuild it (`pnpm exec turbo run build --filter=@shop/storefront`)
 * before trusting the figures.
 */
export async function ensureStorefrontBuild(): Promise<void> {
  if (existsSync(path.join(storefrontDir, '.next/BUILD_ID'))) return;
  log(
    'apps/storefront has no production build; building it (turbo run build --filter=@shop/storefront)',
  );
  await buildStorefront();
}

async function buildStorefront(): Promise<void> {
  const build = startService(
    'build',
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@shop/storefront'],
    {
      cwd: repoRoot,
      env: {},
    },
  );
  const code = await build.exited;
  if (code !== 0 || !existsSync(path.join(storefrontDir, '.next/BUILD_ID'))) {
    throw new Error(`The storefront build failed (exit code ${code}); its output is above.`);
  }
}

export interface RunningServer {
  base: string;
  stop(): Promise<void>;
}

export interface RunningStorefront extends RunningServer {
  /** The `REVALIDATE_SECRET` it was started with, for signed `/api/revalidate` requests. */
  revalidateSecret: string;
  /** The `METRICS_TOKEN` it was started with, for `/api/metrics` (see lib/metrics.ts). */
  metricsToken: string;
}

export interface StorefrontOptions {
  /** The process's name in the log lines; default `storefront`. */
  name?: string;
  /** Shared with the worker when one revalidates it; default a random one. */
  revalidateSecret?: string;
}

/**
 * `next start` of the built storefront in production mode on `preferredPort` (or a free port when
 * that one is taken), its STOREFRONT_URL its own address; resolves once it answers.
 */
export async function startStorefront(
  databaseUrl: string,
  preferredPort: number,
  options: StorefrontOptions = {},
): Promise<RunningStorefront> {
  const port = await freePort(preferredPort);
  const base = `http://127.0.0.1:${port}`;
  const name = options.name ?? 'storefront';
  log(`Starting ${name} (serve-next.ts, as production runs it) on port ${port}`);
  const revalidateSecret = options.revalidateSecret ?? randomBytes(24).toString('hex');
  // The benchmarks read /api/metrics with a token, whatever address the launcher decides on.
  const metricsToken = randomBytes(24).toString('hex');
  // No --hostname: with an explicit loopback host, Next treats the proxy's rewrites as external
  // and proxies them over HTTP to itself (vercel/next.js#94745), which about halves the figures.
  // Without it Next listens on every interface and a rewrite stays internal.
  const launcher = ['--import', 'tsx', 'serve-next.ts', '--dir', storefrontDir];
  const proc = startService(name, process.execPath, [...launcher, '--port', String(port)], {
    cwd: path.join(repoRoot, 'tooling/scripts'),
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: databaseUrl,
      REVALIDATE_SECRET: revalidateSecret,
      METRICS_TOKEN: metricsToken,
      STOREFRONT_URL: base,
    },
  });
  await waitForHttp(`${base}/`, proc, 120_000);
  return { base, revalidateSecret, metricsToken, stop: () => stopAll([proc]) };
}
