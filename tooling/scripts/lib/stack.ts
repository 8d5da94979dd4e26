import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '@shop/services';
import { startProcess, stopAll, waitForHttp, type Managed } from './processes';

export interface StackOptions {
  databaseUrl: string;
  storefrontPort: number;
  adminPort: number;
  revalidateSecret: string;
  authSecret: string;
  quiet?: boolean;
  /** More environment for all three processes (e.g. short reservations in tests). */
  env?: Record<string, string>;
}

export interface Stack {
  storefrontUrl: string;
  adminUrl: string;
  processes: Managed[];
  /** Starts the worker again after a crash test killed it. */
  restartWorker(): Promise<Managed>;
  stop(): Promise<void>;
}

function nextBin(app: string): string {
  const require = createRequire(path.join(repoRoot, 'apps', app, 'package.json'));
  return require.resolve('next/dist/bin/next');
}

/**
 * Runs the built storefront and admin (`next start`, production mode) and the worker, all on one
 * database. The apps must have been built (`turbo run build`).
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const storefrontUrl = `http://localhost:${options.storefrontPort}`;
  const adminUrl = `http://localhost:${options.adminPort}`;
  const env = {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: options.databaseUrl,
    REVALIDATE_SECRET: options.revalidateSecret,
    BETTER_AUTH_SECRET: options.authSecret,
    STOREFRONT_URL: storefrontUrl,
    ADMIN_URL: adminUrl,
    ...options.env,
  };
  const quiet = options.quiet;
  const storefront = startProcess(
    'storefront',
    process.execPath,
    [nextBin('storefront'), 'start', '--port', String(options.storefrontPort)],
    { cwd: path.join(repoRoot, 'apps/storefront'), env, quiet },
  );
  const admin = startProcess(
    'admin',
    process.execPath,
    [nextBin('admin'), 'start', '--port', String(options.adminPort)],
    {
      cwd: path.join(repoRoot, 'apps/admin'),
      env,
      quiet,
    },
  );
  const spawnWorker = () =>
    startProcess('worker', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.join(repoRoot, 'apps/worker'),
      env,
      quiet,
    });
  const processes: Managed[] = [storefront, admin, spawnWorker()];
  const stop = () => stopAll(processes);
  try {
    await Promise.all([
      waitForHttp(`${storefrontUrl}/`, storefront),
      waitForHttp(`${adminUrl}/sign-in`, admin),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    storefrontUrl,
    adminUrl,
    processes,
    async restartWorker() {
      const index = processes.findIndex((p) => p.name === 'worker');
      const worker = spawnWorker();
      if (index >= 0) processes[index] = worker;
      else processes.push(worker);
      return worker;
    },
    stop,
  };
}
